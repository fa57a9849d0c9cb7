"""Affordable tenures: rents, what a registered provider pays for a home, the landlord's view.

:mod:`partnerhomes.tenures.valuation` is the seam the development appraisal uses: capitalised net
rent, and shared ownership as first tranche plus capitalised rent on unsold equity (domain
reference §1.4). Rent setting and the long-term landlord appraisal live in the other modules of
this package.
"""
