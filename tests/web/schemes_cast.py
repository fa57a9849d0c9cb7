"""Schemes for the persona cast: the owner council's private, partnership and public scheme,
each with one appraisal run (appraised once per test session, then copied)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from partnerhomes.parameters import load_tree
from partnerhomes.web.schemes import appraising, services
from partnerhomes.web.schemes.models import AppraisalRun, Scheme

from .personas import VISIBILITIES, Cast

INPUTS: dict[str, Any] = {
    "site_name": "Test scheme, Canvey Island", "gss_code": "E07000069",
    "valuation_date": "2026-06-30", "hectares": 1.0, "land_type": "brownfield",
    "units": [
        {"phase": 1, "tenure": "market_sale", "unit_type": "house_3_bed", "count": 24,
         "gia_m2": 93},
        {"phase": 1, "tenure": "social_rent", "unit_type": "house_2_bed", "count": 6},
        {"phase": 1, "tenure": "shared_ownership", "unit_type": "flat_2_bed", "count": 4},
    ],
}


@lru_cache(maxsize=1)
def outcome() -> appraising.Outcome:
    return appraising.appraise_inputs(INPUTS, "scheme", load_tree())


def make_schemes(cast: Cast) -> dict[str, tuple[Scheme, AppraisalRun]]:
    """One scheme per visibility, owned by the owner council, each with a done run."""
    made = {}
    for visibility in VISIBILITIES:
        scheme = services.scheme_create(actor=cast.users[("owner", "admin")],
                                        owner=cast.organisations["owner"],
                                        name=f"{visibility.capitalize()} scheme",
                                        inputs=INPUTS, visibility=visibility)
        run = AppraisalRun.objects.create(scheme=scheme, inputs=INPUTS)
        made[visibility] = (scheme, services.appraisal_run_record(run, outcome()))
    return made
