"""The members of the illustrative partnership: real councils, illustrative housing associations.

Not represented: representatives, roles and dates of joining (the governance records hold them).
"""

from __future__ import annotations

from dataclasses import dataclass

ILLUSTRATIVE = "(illustrative)"


@dataclass(frozen=True)
class Organisation:
    """A partnership member: ``code`` is its official identifier where it has one."""

    name: str
    kind: str  # council | county_council | housing_association | homes_england
    code: str
    is_illustrative: bool


COUNCILS: tuple[Organisation, ...] = (
    Organisation("Basildon Borough Council", "council", "E07000066", False),
    Organisation("Brentwood Borough Council", "council", "E07000068", False),
    Organisation("Castle Point Borough Council", "council", "E07000069", False),
    Organisation("Rochford District Council", "council", "E07000075", False),
    Organisation("Southend-on-Sea City Council", "council", "E06000033", False),
    Organisation("Thurrock Council", "council", "E06000034", False),
)
"""The six ASELA councils with their GSS codes (ONS local authority district codes)."""

ESSEX_COUNTY_COUNCIL = Organisation("Essex County Council", "county_council", "E10000012", False)
HOMES_ENGLAND = Organisation("Homes England", "homes_england", "", False)

HOUSING_ASSOCIATIONS: tuple[Organisation, ...] = (
    Organisation(f"Saltmarsh Homes {ILLUSTRATIVE}", "housing_association", "", True),
    Organisation(f"Crouch Vale Housing {ILLUSTRATIVE}", "housing_association", "", True),
    Organisation(f"Heron Quay Homes {ILLUSTRATIVE}", "housing_association", "", True),
    Organisation(f"Leigh Creek Living {ILLUSTRATIVE}", "housing_association", "", True),
)
"""Four invented housing associations standing for the region's providers."""


def members() -> tuple[Organisation, ...]:
    """Every member of the demo partnership, councils first."""
    return (*COUNCILS, ESSEX_COUNTY_COUNCIL, *HOUSING_ASSOCIATIONS, HOMES_ENGLAND)
