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
#: Branch-and-bound nodes one program of a plan search may use (the whole-week program;
#: a day's program gets ``model.DAY_NODES``).
PLAN_NODES = 500
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
    (slot, row) patterns, when the week is solved one day at a time. ``node_limit``
    bounds each program's branch-and-bound nodes: the only limit on the search, and one
    that does not depend on machine speed (there is no wall-clock limit).
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
    node_limit: int = PLAN_NODES
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
    """The solver's answer: ``status`` is optimal, feasible (a week, not shown best),
    infeasible, or stopped (no week found within the node limit); ``value`` is the goal's
    figure, if any."""

    status: Literal["optimal", "feasible", "infeasible", "stopped"]
    choices: tuple[Choice, ...] = ()
    value: float | None = None

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")
