"""The PartnerHomes web platform: the only tree that imports Django.

Organisations and their confidentiality (``organisations``: who may see or change what is decided
in ``organisations/access.py`` alone), the site pipeline (``sites``), assumptions (``assumptions``),
the dashboard (``dashboard``), background jobs (``jobs``) and the REST API (``api``). Run it with
``python -m partnerhomes.web serve`` (what ``partnerhomes serve`` starts).
"""
