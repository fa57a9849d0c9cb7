"""Validation of parameter files: every problem named with file, key and what is wrong."""

from pathlib import Path

import pytest
import yaml

from partnerhomes.parameters import load
from partnerhomes.parameters.load import ParameterError, default_root, load_tree

GOOD = """
description: Debit interest rate on development finance.
metadata:
  unit: /1
  label: Debit rate
  status: assumption
  references:
    - title: Domain reference §13
      note: "[I] inference"
values:
  2026-04-01: 0.075
"""


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_load_tree_reads_a_valid_file_under_its_dotted_name(tmp_path: Path) -> None:
    write(tmp_path, "finance/debit_rate.yaml", GOOD)
    tree = load_tree(tmp_path)
    assert tree.names() == ["finance.debit_rate"]
    assert tree.number("finance.debit_rate", "2026-05-01") == 0.075


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("unit: /1", "unit: percent", "metadata.unit: 'percent' is not one of"),
        ("status: assumption", "status: guess", "metadata.status: 'guess'"),
        ("2026-04-01: 0.075", "2026-13-01: 0.075", "'2026-13-01' is not an ISO date"),
        ("    - title: Domain reference §13\n      note: \"[I] inference\"", "    - url: x",
         "needs a 'title'"),
        ("label: Debit rate", "label: ''", "metadata.label: missing"),
        ("2026-04-01: 0.075", "2026-04-01: [1, 2]", "is not a number, text, boolean, scale"),
    ],
)
def test_invalid_files_are_reported_with_file_and_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    assert replace in GOOD
    write(tmp_path, "finance/debit_rate.yaml", GOOD.replace(replace, by))
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    assert "finance/debit_rate.yaml" in str(caught.value)
    assert message in str(caught.value)


def test_place_keyed_file_needs_default_and_gss_codes(tmp_path: Path) -> None:
    text = GOOD.replace("values:\n  2026-04-01: 0.075",
                        "places:\n  E07000069:\n    2026-04-01: 0.1\n  Essex:\n    2026-04-01: 0.2")
    write(tmp_path, "policy/rate.yaml", text)
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    assert "places: a 'default' entry is required" in str(caught.value)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a/one.yaml", GOOD.replace("unit: /1", "unit: nope"))
    write(tmp_path, "b/two.yaml", GOOD.replace("status: assumption", "status: maybe"))
    write(tmp_path, "c/Bad-Name.yaml", GOOD)
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    text = str(caught.value)
    assert "3 problem(s)" in text
    assert "a/one.yaml" in text and "b/two.yaml" in text and "Bad-Name" in text


def test_scale_thresholds_must_start_at_zero_and_increase(tmp_path: Path) -> None:
    text = GOOD.replace("2026-04-01: 0.075",
                        "2016-03-17: {thresholds: [0, 250000, 150000], rates: [0, 0.02, 0.05]}")
    write(tmp_path, "tax/sdlt.yaml", text)
    with pytest.raises(ParameterError, match="must start at 0 and increase"):
        load_tree(tmp_path)


def test_broken_yaml_is_reported_with_file_line_column_and_the_line_quoted(
        tmp_path: Path) -> None:
    write(tmp_path, "finance/debit_rate.yaml", GOOD.replace("  label: Debit rate",
                                                            "  label: Debit: rate"))
    with pytest.raises(ParameterError) as caught:
        load_tree(tmp_path)
    text = str(caught.value)
    assert "finance/debit_rate.yaml: not valid YAML: mapping values are not allowed here" in text
    assert 'line 5, column 15:\n      label: Debit: rate\n                  ^' in text


def _typed(value: object) -> object:
    """A parsed document with each scalar's type beside it (1, 1.0 and True are == in Python)."""
    if isinstance(value, dict):
        return {_typed(k): _typed(v) for k, v in value.items()}  # type: ignore[misc]  # keys are scalars
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, repr(value))


def test_the_libyaml_loader_reads_every_parameter_file_as_the_pure_python_one_does() -> None:
    pure, fast = load._TextDateLoader, load._FastTextDateLoader
    files = sorted(default_root().rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _typed(yaml.load(text, Loader=fast)) == _typed(yaml.load(text, Loader=pure)), path


@pytest.mark.parametrize("text", [
    "a: 2026-04-01\nb: 1_000\nc: 0x1F\nd: .inf\ne: ~\nf: yes\ng: 1e3\nh: '07'\ni: [1, 2.5]\n",
    "a: &x {b: 1}\nc: *x\n", "a: 1\na: 2\n",
    "a: |\n  two\n  lines\nb: >\n  folded\n  text\nc: é\n"])
def test_the_libyaml_loader_resolves_scalars_as_the_pure_python_one(text: str) -> None:
    """Dates stay text, and ints, floats, booleans, nulls, anchors, duplicate keys and block
    text resolve the same way whichever parser runs."""
    expected = yaml.load(text, Loader=load._TextDateLoader)
    assert _typed(load.read_yaml(text)) == _typed(expected)
    assert load.read_yaml("a: 2026-04-01\n") == {"a": "2026-04-01"}


def test_a_yaml_error_reads_the_same_whichever_parser_runs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    bad = "a: 1\nb:\n  c: d: e\n"
    with pytest.raises(yaml.YAMLError) as fast_error:
        load.read_yaml(bad)
    monkeypatch.setattr(load, "_FastTextDateLoader", load._TextDateLoader)
    with pytest.raises(yaml.YAMLError) as pure_error:
        load.read_yaml(bad)
    assert str(fast_error.value) == str(pure_error.value)
    assert "line 3, column 7:\n      c: d: e\n" in str(fast_error.value)
