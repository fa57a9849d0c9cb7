"""Calibration from the real public data writes valid, sourced parameter files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partnerhomes.parameters import ParameterTree, load_tree
from partnerhomes.parameters.load import default_root
from partnerhomes.tenures.calibrate import calibrate, write_parameters
from partnerhomes.tenures.rents import RentRuleError

SOUTH_ESSEX = ("E07000066", "E07000068", "E07000069", "E07000075", "E06000033", "E06000034")
ON = "2026-04-01"



@pytest.fixture(scope="module")
def written(shared_data: Path, tree: ParameterTree, tmp_path_factory: pytest.TempPathFactory
            ) -> ParameterTree:
    root = tmp_path_factory.mktemp("parameters")
    shutil.copytree(default_root(), root, dirs_exist_ok=True)
    shutil.rmtree(root / "calibrated", ignore_errors=True)
    write_parameters(calibrate(shared_data, tree, ON), root / "calibrated")
    return load_tree(root)


@pytest.mark.shared_data
def test_calibrated_files_load_and_cite_the_data(written: ParameterTree) -> None:
    names = written.names("calibrated.rents.")
    assert len(names) == 10
    for name in names:
        assert any("shared/data/" in reference.title for reference in written[name].references)


@pytest.mark.shared_data
def test_manifest_figures_come_through(written: ParameterTree) -> None:
    # MANIFEST §3: Basildon 2-bed median £975 a month; SOUTH_WEST_ESSEX 2-bed LHA £201.37
    rent = float(written.at("calibrated.rents.market_rent_2_bed", ON, ["E07000066"])[0])
    assert rent == pytest.approx(975 * 12 / 52, abs=0.01)
    lha = written.at("calibrated.rents.local_housing_allowance_2_bed", ON, list(SOUTH_ESSEX))
    assert lha.tolist() == [201.37, 201.37, 182.96, 182.96, 182.96, 201.37]
    # MANIFEST §2: Brentwood median £485,000 (Sep 2024); UK HPI Dec 2025 £520,013
    assert float(written.at("calibrated.rents.median_house_price", ON, ["E07000068"])[0]) == 485000
    assert float(written.at("calibrated.rents.average_house_price", ON, ["E07000068"])[0]) == 520013


@pytest.mark.shared_data
def test_committed_calibration_matches_a_fresh_run(written: ParameterTree,
                                                   tree: ParameterTree) -> None:
    for name in written.names("calibrated."):
        assert tree[name].places == written[name].places, f"re-run calibrate: {name} changed"


@pytest.mark.shared_data
def test_an_area_missing_from_the_lha_data_is_an_error(shared_data: Path,
                                                       tmp_path: Path) -> None:
    root = tmp_path / "parameters"
    shutil.copytree(default_root(), root)
    mapping = root / "rents" / "lha_broad_rental_market_area.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(
        "2020-04-01: SOUTHEND", "2020-04-01: NOWHERE"), encoding="utf-8")
    with pytest.raises(RentRuleError, match="NOWHERE"):
        calibrate(shared_data, load_tree(root), ON)


def test_missing_data_files_are_named(tmp_path: Path, tree: ParameterTree) -> None:
    with pytest.raises(FileNotFoundError, match="MANIFEST"):
        calibrate(tmp_path, tree, ON)
