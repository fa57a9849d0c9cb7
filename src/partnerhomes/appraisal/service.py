"""Run an appraisal from a scheme document or from a sites table: the sequence both the CLI
and the web platform use, so that each step is decided here once.

The sequence: tables (read from a scheme file or document, or built as typology schemes from a
sites table), the caller's affordable valuation method and landlord filled in where a scheme
leaves them blank, :func:`partnerhomes.appraisal.assumptions.resolve` against the parameter tree,
:func:`partnerhomes.appraisal.appraise.appraise` (the one numerical entry point), one error per
scheme and field, then, on request, sensitivity of the residual land value over the schemes
without an error. Not represented here: rendering or writing the results (the CLI and the web
do that with :mod:`partnerhomes.appraisal.export`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from partnerhomes.appraisal import appraise, assumptions, export, readers, sensitivity, typology
from partnerhomes.appraisal.inputs import SchemeError, first_per_field, valid_positions
from partnerhomes.parameters import ParameterTree


@dataclass(frozen=True)
class Appraisal:
    """An appraisal run: results, the errors in them, and any sensitivity of the residual.

    ``results.errors`` holds one error per (scheme, field), from reading to validation; a
    scheme named there may still have results when only resolving found its error.
    ``results.cashflow`` holds the monthly lines when they were asked for. ``two_way`` is the
    sales values × build costs grid, ``one_way`` the tornado of every variable [GBP].
    """

    results: appraise.AppraisalResults
    two_way: sensitivity.Sensitivity | None = None
    one_way: sensitivity.Sensitivity | None = None

    @property
    def errors(self) -> list[SchemeError]:
        """One error per (scheme, field), in the order found."""
        return self.results.errors

    def document(self) -> dict[str, Any]:
        """The results as plain data with stable field names, with any sensitivity
        (``sensitivity`` two-way, ``sensitivity_one_way``)."""
        document = export.results_document(self.results, self.two_way)
        if self.one_way is not None:
            document["sensitivity_one_way"] = self.one_way.as_dict()
        return document


def with_scheme_defaults(schemes: pd.DataFrame, method: str | None,
                         landlord: str | None) -> pd.DataFrame:
    """The schemes table with ``affordable_valuation_method`` and ``landlord`` filled in where
    blank (a ``None`` leaves that column as it is).

    Examples
    --------
    >>> schemes = pd.DataFrame({"scheme_id": ["A", "B"], "landlord": [None, "council_hra"]})
    >>> with_scheme_defaults(schemes, None, "housing_association")["landlord"].tolist()
    ['housing_association', 'council_hra']
    """
    schemes = schemes.copy()
    for column, value in (("affordable_valuation_method", method), ("landlord", landlord)):
        if value is None:
            continue
        if column not in schemes.columns:
            schemes[column] = value
        else:
            schemes[column] = schemes[column].where(schemes[column].notna(), value)
    return schemes


def appraise_document(tree: ParameterTree, document: Path | Mapping[str, Any], *,
                      valuation_date: str | None = None,
                      affordable_valuation_method: str | None = None,
                      landlord: str | None = None, with_sensitivity: bool = False
                      ) -> Appraisal:
    """Appraise the schemes of a scheme file or of a parsed scheme document, with the monthly
    cashflow, and (``with_sensitivity``) the residual's sensitivity over the schemes without
    an error.

    ``document`` is a path (.yaml, .json, or a .csv/.xlsx unit schedule; see
    :func:`partnerhomes.appraisal.readers.read_schemes`, which raises ``SchemeFileError`` for a
    file that cannot be read at all) or a mapping in the scheme file format. A scheme with no
    ``valuation_date`` is valued at ``valuation_date`` (default: today);
    ``affordable_valuation_method`` and ``landlord`` fill schemes that leave them out.

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> run = appraise_document(load_tree(), {"scheme_id": "A", "gss_code": "E06000033",
    ...     "hectares": 0.5, "units": [{"tenure": "market_sale", "count": 12}]},
    ...     valuation_date="2026-06-30")
    >>> run.results.scheme_id.tolist(), run.errors, run.results.cashflow is not None
    (['A'], [], True)
    """
    tables = (readers.read_schemes(document) if isinstance(document, Path)
              else readers.tables_from_document(dict(document), Path("."), "scheme"))
    return _appraise_tables(tree, tables, [], valuation_date=valuation_date,
                            affordable_valuation_method=affordable_valuation_method,
                            landlord=landlord, include_cashflow=True,
                            with_sensitivity=with_sensitivity)


def appraise_sites(tree: ParameterTree, sites: pd.DataFrame, valuation_date: str, *,
                   min_periods: int = 0, affordable_valuation_method: str | None = None,
                   landlord: str | None = None) -> Appraisal:
    """Appraise every site of a pipeline as its policy-compliant typology scheme, in one
    vectorised call (no cashflow, no sensitivity).

    ``sites`` has the columns :data:`partnerhomes.appraisal.typology.SITE_COLUMNS` (else
    ``ValueError``); a site without a usable capacity or area is an error and the others are
    appraised. ``min_periods`` is the minimum length of the month axis [months].

    Examples
    --------
    >>> from partnerhomes.parameters import load_tree
    >>> sites = pd.DataFrame({"gss_code": ["E07000066", "E06000033"],
    ...                       "site_reference": ["BAS1", "SOS1"], "hectares": [2.0, None]})
    >>> run = appraise_sites(load_tree(), sites, "2026-06-30")
    >>> run.results.scheme_id.tolist(), [error.scheme_id for error in run.errors]
    (['E07000066/BAS1'], ['E06000033/SOS1'])
    """
    tables, errors = typology.typology_tables(tree, sites, valuation_date)
    return _appraise_tables(tree, tables, errors, valuation_date=valuation_date,
                            affordable_valuation_method=affordable_valuation_method,
                            landlord=landlord, min_periods=min_periods)


def _appraise_tables(tree: ParameterTree, tables: readers.SchemeTables,
                     errors: list[SchemeError], *, valuation_date: str | None,
                     affordable_valuation_method: str | None, landlord: str | None,
                     min_periods: int = 0, include_cashflow: bool = False,
                     with_sensitivity: bool = False) -> Appraisal:
    schemes = with_scheme_defaults(tables.schemes, affordable_valuation_method, landlord)
    inputs, more = assumptions.resolve(tree, schemes, tables.phases, tables.units,
                                       valuation_date)
    results = appraise.appraise(inputs, min_periods=min_periods,
                                include_cashflow=include_cashflow,
                                parameters_digest=tree.digest())
    results = dataclasses.replace(results,
                                  errors=first_per_field(errors + more + results.errors))
    if not with_sensitivity:
        return Appraisal(results)
    valid = inputs.take(valid_positions(inputs, results.errors))
    if not valid.n_schemes:
        return Appraisal(results)
    return Appraisal(results, sensitivity.two_way(valid), sensitivity.one_way(valid))
