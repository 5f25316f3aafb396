"""The week's planning problem and the solver's answer, as data the model and the
diagnosis share: the constraint groups, the goals, locks, the problem and its solution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import pandas as pd

from magfood.plan.slots import SlotTemplate

Group = Literal[
    "magnesium",
    "calorie minimum",
    "calorie maximum",
    "meal composition",
    "variety",
    "family limits",
    "locked items",
]
GROUPS: tuple[Group, ...] = get_args(Group)
Goal = Literal["plan", "feasible", "max_min_mg", "min_max_kcal", "max_min_kcal"]


@dataclass(frozen=True)
class Lock:
    """A food that must be in a given day and slot, optionally with fixed servings."""

    day: int
    slot: int
    row: int
    servings: int | None = None


@dataclass(frozen=True)
class Problem:
    """Everything the solver needs: the candidate pool and the week's rules.

    ``pool`` has one row per candidate (positional index) with columns ``fdc_id``,
    ``role`` (what slot templates match), ``family`` (what family limits count),
    ``magnesium_mg`` and ``kcal`` (per base serving), ``min_servings``,
    ``max_servings`` and ``preference`` (a non-negative cost; 0 for favourites).
    ``eaten`` counts (fdc_id, times) planned on earlier days and ``avoid`` holds their
    (slot, row) patterns, when the week is solved one day at a time. ``time_limit_s``
    bounds one :func:`solve` call as a whole; ``node_limit`` (None: none) bounds each
    program's branch-and-bound nodes, a limit that does not depend on machine speed.
    """

    pool: pd.DataFrame
    slots: tuple[SlotTemplate, ...]
    days: int
    target_mg: float
    kcal_min: float
    kcal_max: float
    max_repeats: int
    family_limits: tuple[tuple[str, int], ...] = ()
    locks: tuple[Lock, ...] = ()
    seed: int = 0
    time_limit_s: float = 2.0
    node_limit: int | None = None
    eaten: tuple[tuple[int, int], ...] = ()
    avoid: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class Choice:
    """One food in one slot of one day, with its servings (multiples of the base portion)."""

    day: int
    slot: int
    row: int
    servings: int


@dataclass(frozen=True)
class Solution:
    """The solver's answer: ``status`` is optimal, feasible (stopped early), infeasible
    or timeout (no week found in time); ``value`` is the goal's figure, if any."""

    status: Literal["optimal", "feasible", "infeasible", "timeout"]
    choices: tuple[Choice, ...] = ()
    value: float | None = None

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")
