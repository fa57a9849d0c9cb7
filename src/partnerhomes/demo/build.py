"""Write the illustrative demo partnership to a folder, as partners would supply it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from partnerhomes.demo.partnership import members
from partnerhomes.demo.sites import DEFAULT_SEED, demo_sites, write_partner_lists

NOTICE = """PartnerHomes demo partnership (illustrative)

The six councils, Essex County Council and Homes England are real bodies with their real codes.
The housing associations, every site and every figure here are invented for demonstration and
describe nothing real. Seed: {seed}.
"""


@dataclass(frozen=True)
class DemoFiles:
    """What :func:`build_demo` wrote."""

    organisations: Path
    site_lists: tuple[Path, ...]
    notice: Path


def build_demo(folder: Path, seed: int = DEFAULT_SEED) -> DemoFiles:
    """Write the members (``organisations.csv``), one site list per owner, and a notice."""
    folder.mkdir(parents=True, exist_ok=True)
    organisations = folder / "organisations.csv"
    pd.DataFrame([member.__dict__ for member in members()]).to_csv(organisations, index=False)
    lists = write_partner_lists(demo_sites(seed), folder / "site-lists")
    notice = folder / "README.txt"
    notice.write_text(NOTICE.format(seed=seed), encoding="utf-8")
    return DemoFiles(organisations=organisations, site_lists=tuple(lists), notice=notice)
