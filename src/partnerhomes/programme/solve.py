"""A thin HiGHS wrapper: solve the programme MILP, export it as MPS, diagnose infeasibility.

Not represented: warm starts, solution pools, and solver options beyond the time limit, the
relative gap, threads and the random seed. The model is solver-neutral (:mod:`model` builds
plain arrays); any MILP solver that reads MPS solves the same problem (the benchmark checks
it with CBC). An infeasible programme is diagnosed by relaxing every ``limit`` row with a slack
whose penalty is 1 ÷ the row's scale, so each slack is a shortfall relative to its limit; the
rows whose slacks are positive in the least-penalty relaxation are the conflicting limits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from partnerhomes.programme.model import UNIT, MilpArrays
from partnerhomes.programme.search import guided_solve

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FEASIBILITY_TOLERANCE = 1e-6
GUIDED_MIN_OPTIONS = 20_000  # models this large are solved through :mod:`search`; smaller
# ones (the demo: 3,000 options) close their gap faster in HiGHS whole
PROBING_RULE = 2**15  # HiGHS presolve rule number of probing (see _highs)


@dataclass(frozen=True)
class Conflict:
    """A limit the programme cannot meet: how far it is exceeded (or short) [its unit]."""

    limit: str
    amount: float
    unit: str

    def __str__(self) -> str:
        amount = f"£{self.amount:,.0f}" if self.unit == "GBP" else f"{self.amount:,.1f} {self.unit}"
        return f"{self.limit}: exceeded by {amount}"


@dataclass(frozen=True)
class Plan:
    """A solved programme. ``objective`` and ``bound`` are in the programme's own terms
    (weighted homes, homes, or GBP millions of grant, with the tie-breaks); ``gap`` is relative;
    times in seconds."""

    status: str  # optimal | time limit | infeasible | …
    objective: float
    bound: float
    gap: float
    solve_seconds: float
    time_limit_seconds: float
    values: FloatArray  # every column
    chosen: IntArray  # positions of chosen options
    grant: FloatArray  # grant to each option [GBP]
    conflicts: list[Conflict] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # of a guided solve (see search)

    @property
    def is_feasible(self) -> bool:
        """Whether the plan is a solution (optimal or the best found in the time)."""
        return self.chosen.size > 0 or self.status in ("optimal", "time limit")


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints its banner from C when constructed; keep standard output clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs(model: MilpArrays, time_limit: float, gap: float, threads: int | None
           ) -> highspy.Highs:
    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy leaves __init__ untyped
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("random_seed", 0)
    # Probing each binary in presolve costs minutes on 10⁵ options with long yearly rows and
    # finds little in this structure; HiGHS suggests switching it off (presolve rule 2^15).
    h.setOptionValue("presolve_rule_off", PROBING_RULE)
    # HiGHS runs one thread scheduler per process; a solve that asks for another number of
    # threads than it was started with fails with no solution. Restart it for every model.
    highspy.Highs.resetGlobalScheduler(True)
    if threads:
        h.setOptionValue("threads", int(threads))
    lp = highspy.HighsLp()
    csc = sp.csc_matrix(model.matrix)
    lp.num_col_, lp.num_row_ = csc.shape[1], csc.shape[0]
    lp.col_cost_ = model.cost
    lp.offset_ = model.offset
    lp.col_lower_, lp.col_upper_ = model.col_lower, model.col_upper
    lp.row_lower_, lp.row_upper_ = model.row_lower, model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(np.float64)
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                       for i in model.is_integer]
    h.passModel(lp)
    return h


def write_mps(model: MilpArrays, path: Path) -> Path:
    """Write the model as an MPS file (a minimisation; columns c0…, rows r0…) for any solver."""
    h = _highs(model, 1.0, 0.0, None)
    h.writeModel(str(path))
    return path


def solve(model: MilpArrays, need: FloatArray, pooled: npt.NDArray[np.bool_], *,
          time_limit: float = 60.0, gap: float = 0.005, threads: int | None = None,
          diagnose: bool = True, start: tuple[FloatArray, FloatArray] | None = None,
          guided: bool | None = None) -> Plan:
    """Solve with HiGHS; an infeasible model is diagnosed (see the module docstring).

    ``need`` and ``pooled`` are the options' grant needed [GBP] and joint-venture flags, used to
    report each option's grant. ``start`` (options chosen, 0 or 1, and each option's grant
    [GBP], e.g. a plan of a more restricted model) is completed to every column
    (:meth:`MilpArrays.solution`) and given to HiGHS as a first solution. ``guided`` solves
    through :mod:`search` (LP bound, first plan, reduced-cost fixing); by default it does so for
    models of at least ``GUIDED_MIN_OPTIONS`` options, and falls back to HiGHS on the whole
    model if the LP or the first plan fails.
    """
    sign = -1.0 if model.maximise else 1.0
    known = model.solution(*start) if start is not None else None
    if guided if guided is not None else model.n_options >= GUIDED_MIN_OPTIONS:
        found = guided_solve(model, model.site, _highs, time_limit=time_limit, gap=gap,
                             threads=threads, start=known)
        if found is not None:
            chosen = np.nonzero(found.values[:model.n_options] > 0.5)[0].astype(np.int64)
            gap_found = (found.objective - found.bound) / max(abs(found.objective), 1e-9)
            return Plan(found.status, sign * found.objective, sign * found.bound,
                        max(gap_found, 0.0), found.seconds, time_limit, found.values, chosen,
                        model.option_grant(found.values, need), stages=found.stages)
    h = _highs(model, time_limit, gap, threads)
    if known is not None:
        h.setSolution(known.size, np.arange(known.size, dtype=np.int32), known)
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.modelStatusToString(h.getModelStatus()).lower()
    info = h.getInfo()
    solution = np.asarray(h.getSolution().col_value, dtype=np.float64)
    has_solution = info.primal_solution_status == 2 and solution.size == model.cost.size
    if not has_solution:
        conflicts = diagnose_infeasibility(model, time_limit, threads) if diagnose else []
        return Plan(status, np.nan, np.nan, np.nan, seconds, time_limit,
                    np.zeros(model.cost.size), np.zeros(0, np.int64),
                    np.zeros(model.n_options), conflicts)
    chosen = np.nonzero(solution[:model.n_options] > 0.5)[0].astype(np.int64)
    return Plan(status, sign * float(info.objective_function_value),
                sign * float(info.mip_dual_bound), float(info.mip_gap), seconds, time_limit,
                solution, chosen, model.option_grant(solution, need))


def diagnose_infeasibility(model: MilpArrays, time_limit: float = 60.0,
                           threads: int | None = None) -> list[Conflict]:
    """The limits that conflict: relax each limit row with a penalised slack (see module doc).

    Returns the relaxed limits with their shortfall, largest relative shortfall first.
    """
    limits = np.nonzero(model.row_is_limit)[0]
    upper = limits[np.isfinite(model.row_upper[limits])]
    lower = limits[np.isfinite(model.row_lower[limits])]
    scale_u = np.maximum(np.abs(model.row_upper[upper]), 1.0)
    scale_l = np.maximum(np.abs(model.row_lower[lower]), 1.0)
    n_rows, n_cols = model.matrix.shape
    n_u, n_l = upper.size, lower.size
    slack = sp.csr_matrix((np.concatenate([-np.ones(n_u), np.ones(n_l)]),
                           (np.concatenate([upper, lower]), np.arange(n_u + n_l))),
                          shape=(n_rows, n_u + n_l))
    relaxed = dataclasses.replace(
        model, cost=np.concatenate([np.zeros(n_cols), 1.0 / scale_u, 1.0 / scale_l]),
        matrix=sp.hstack([model.matrix, slack], format="csr"),
        col_lower=np.zeros(n_cols + n_u + n_l),
        col_upper=np.concatenate([model.col_upper, np.full(n_u + n_l, np.inf)]),
        is_integer=np.concatenate([model.is_integer, np.zeros(n_u + n_l, dtype=bool)]),
        maximise=False, offset=0.0)
    h = _highs(relaxed, time_limit, 1e-6, threads)
    h.run()
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    if values.size != relaxed.cost.size:
        return [Conflict("structure of the programme (sites committed twice or no options)",
                         float("nan"), "")]
    amounts = values[n_cols:]
    rows = np.concatenate([upper, lower])
    scales = np.concatenate([scale_u, scale_l])
    order = np.argsort(-(amounts / scales))
    unit = np.where(np.asarray(model.row_units)[rows] == "GBP", UNIT, 1.0)
    return [Conflict(model.row_names[rows[i]], float(amounts[i] * unit[i]),
                     model.row_units[rows[i]])
            for i in order if amounts[i] > FEASIBILITY_TOLERANCE * max(scales[i], 1.0)]
