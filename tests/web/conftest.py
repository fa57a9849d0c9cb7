"""Web test fixtures: the persona cast (see personas.py)."""

from __future__ import annotations

import pytest

from .personas import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
