"""Affordable tenures: what a registered provider pays for a home of each tenure.

For now only the development-appraisal seam (:mod:`partnerhomes.tenures.valuation`): capitalised net
rent and shared ownership as first tranche plus capitalised rent (domain reference §1.4). Rent
setting and the long-term landlord appraisal come with the affordable-tenures issue.
"""
