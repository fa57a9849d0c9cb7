"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from partnerhomes.parameters import ParameterTree, load_tree

REPO = Path(__file__).resolve().parent.parent

# No per-example time limit: speed is measured by the benchmarks, never by a timed test. On the
# shared 2-core machine, with two test workers, an example drawing a chart could exceed
# hypothesis's default 200 ms deadline once and pass on retry ("FlakyFailure"), failing CI.
settings.register_profile("partnerhomes", deadline=None)
settings.load_profile("partnerhomes")


def shared_data_path() -> Path:
    """The real public data: ``$PARTNERHOMES_SHARED_DATA`` or ``../shared/data`` beside the repo."""
    configured = os.environ.get("PARTNERHOMES_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder; tests that need it skip, with the reason, when it is absent."""
    folder = shared_data_path()
    if not (folder / "MANIFEST.md").is_file():
        pytest.skip(f"real public data not found at {folder} (set PARTNERHOMES_SHARED_DATA)")
    return folder


@pytest.fixture(scope="session")
def tree() -> ParameterTree:
    """The project's parameter tree, loaded once (the tree is immutable)."""
    return load_tree()
