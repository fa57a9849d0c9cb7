"""PartnerHomes: open software for affordable-housing delivery partnerships.

Data flows one way: registers and partner lists → sites → schemes → appraisals → delivery
routes → a programme → reports. Each arrow is a sub-package; see ``README.md``.
"""

__version__ = "0.1.0"
