"""What a person asks the planner for: a target, a calorie range, diet, exclusions, locks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from magfood.errors import PlanError
from magfood.foods import DIETS, FAMILIES

#: Meal slots in day order, by number of snacks.
MEALS_BY_SNACKS: dict[int, tuple[str, ...]] = {
    0: ("breakfast", "lunch", "dinner"),
    1: ("breakfast", "lunch", "snack", "dinner"),
    2: ("breakfast", "morning snack", "lunch", "afternoon snack", "dinner"),
}
DAYS = 7


@dataclass(frozen=True)
class LockedItem:
    """A food the plan must keep: day (1–7), meal name, FDC id, servings (None: any)."""

    day: int
    meal: str
    fdc_id: int
    servings: int | None = None


@dataclass(frozen=True)
class PlanRequest:
    """What the user asks for. ``exclude`` holds exclusion names (nuts, peanuts, soy,
    dairy, fish, gluten) or any food word; ``family_limits`` caps servings of a family
    per week, e.g. ``(("leafy greens", 3),)``; ``pantry`` foods (FDC ids) the person has
    and the plan prefers; ``prices`` (fdc_id, price per gram) make cheaper foods preferred.
    A dinner's leftovers eaten at the next lunch are the same preparation, so
    ``max_repeats`` counts preparations. Raises PlanError if malformed."""

    target_mg: float
    kcal_min: float
    kcal_max: float
    snacks: int = 1
    diet: str = "omnivore"
    exclude: tuple[str, ...] = ()
    favourites: tuple[int, ...] = ()
    max_repeats: int = 3
    family_limits: tuple[tuple[str, int], ...] = ()
    locked: tuple[LockedItem, ...] = ()
    seed: int = 0
    days: int = DAYS
    pantry: tuple[int, ...] = ()
    prices: tuple[tuple[int, float], ...] = ()

    def __post_init__(self) -> None:
        problems = _request_problems(self)
        if problems:
            raise PlanError("This plan request cannot be read: " + "; ".join(problems) + ".")

    @property
    def meals(self) -> tuple[str, ...]:
        return MEALS_BY_SNACKS[self.snacks]


def _request_problems(request: PlanRequest) -> list[str]:
    problems = []
    if not request.target_mg > 0:
        problems.append(f"the target must be above 0 mg (got {request.target_mg})")
    elif not math.isfinite(request.target_mg):
        problems.append(f"the target must be a finite number of mg (got {request.target_mg})")
    if not 0 < request.kcal_min <= request.kcal_max:
        problems.append(
            f"the calorie range must run from a positive minimum up to the maximum "
            f"(got {request.kcal_min:g}-{request.kcal_max:g})"
        )
    elif not math.isfinite(request.kcal_max):
        problems.append(f"the calorie range must be finite (got {request.kcal_min:g}-inf)")
    if request.snacks not in MEALS_BY_SNACKS:
        problems.append(f"snacks must be 0, 1 or 2 (got {request.snacks})")
    if request.diet not in DIETS:
        problems.append(f"the diet must be one of {', '.join(DIETS)} (got {request.diet!r})")
    if request.max_repeats < 1:
        problems.append(f"max_repeats must be at least 1 (got {request.max_repeats})")
    if not 1 <= request.days <= DAYS:
        problems.append(f"days must be 1 to {DAYS} (got {request.days})")
    for family, limit in request.family_limits:
        if family not in FAMILIES or limit < 0:
            problems.append(
                f"a weekly limit names a food family and 0 or more servings (got {family}={limit})"
            )
    meals = MEALS_BY_SNACKS.get(request.snacks, ())
    for lock in request.locked:
        if not 1 <= lock.day <= request.days or lock.meal not in meals:
            problems.append(f"locked item {lock.fdc_id} is on day {lock.day} {lock.meal!r}")
    return problems


#: A single calorie figure is read as a range this wide on each side.
SINGLE_KCAL_SLACK = 0.05


def request_from_options(
    *,
    target_mg: float,
    kcal: str,
    diet: str = "omnivore",
    exclude: Sequence[str] = (),
    snacks: int = 1,
    seed: int = 0,
    max_repeats: int = 3,
    favourites: Sequence[int] = (),
    limits: Sequence[str] = (),
    locks: Sequence[str] = (),
) -> PlanRequest:
    """A PlanRequest from command-line text: ``kcal`` "1800-2200" (one number such as "2000"
    means about that: +-5 %, since household portions seldom add up to an exact figure),
    exclusions possibly comma-separated, limits "leafy greens=3", locks "2:dinner:2707361".
    Raises PlanError."""
    low, _, high = kcal.partition("-")
    try:
        if high.strip():
            kcal_min, kcal_max = float(low), float(high)
        else:
            kcal_min, kcal_max = (
                float(low) * (1 - SINGLE_KCAL_SLACK),
                float(low) * (1 + SINGLE_KCAL_SLACK),
            )
        family_limits = tuple(
            (name.strip(), int(count)) for name, _, count in (x.rpartition("=") for x in limits)
        )
        locked = tuple(
            LockedItem(int(day), meal.strip(), int(fdc_id))
            for day, meal, fdc_id in (x.split(":") for x in locks)
        )
    except ValueError:
        raise PlanError(
            "Write calories as MIN-MAX (e.g. 1800-2200), limits as FAMILY=N and locks as "
            "DAY:MEAL:FDC_ID (e.g. 2:dinner:2707361)."
        ) from None
    words = tuple(w.strip() for item in exclude for w in item.split(",") if w.strip())
    return PlanRequest(
        target_mg=target_mg,
        kcal_min=kcal_min,
        kcal_max=kcal_max,
        snacks=snacks,
        diet=diet,
        exclude=words,
        favourites=tuple(favourites),
        max_repeats=max_repeats,
        family_limits=family_limits,
        locked=locked,
        seed=seed,
    )
