"""The shape of a week a person would follow: which dish each meal of each day eats.

A week is built from a few dishes, not from 28 unrelated meals: two or three breakfasts in
rotation, one dinner a day whose leftovers are the next day's lunch (day 1's lunch is the
last day's dinner, cooked ahead), and each snack slot rotating through a few snacks. The
planner then chooses each dish's foods and servings once (``menu``), so the days repeat
the way a real week does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from magfood.plan.request import PlanRequest
from magfood.plan.slots import TEMPLATES, SlotTemplate

#: A rotation has at least this many dishes (two breakfasts, two snacks), more when the
#: request's repeats need them (7 days at 3 repeats: 3 breakfasts).
MIN_ROTATION = 2


@dataclass(frozen=True)
class Dish:
    """One dish of the week: its meal template, the slot it is first served in, and
    ``fresh``, how many times it is prepared (a breakfast on 3 days: 3; a dinner: 1,
    its next-day lunch being leftovers)."""

    name: str
    template: SlotTemplate
    fresh: int


@dataclass(frozen=True)
class WeekShape:
    """``served[d][s]`` is the index in ``dishes`` of what day ``d``'s slot ``s`` eats;
    ``leftover[d][s]`` the day (1-based) whose dinner it is, or None."""

    dishes: tuple[Dish, ...]
    served: tuple[tuple[int, ...], ...]
    leftover: tuple[tuple[int | None, ...], ...]

    def days_of(self, dish: int) -> tuple[int, ...]:
        """The days (0-based) on which a dish is eaten, once per meal it is served at."""
        return tuple(d for d, slots in enumerate(self.served) for k in slots if k == dish)


def rotation(days: int, max_repeats: int) -> int:
    """How many dishes a rotating meal needs: no dish prepared more than ``max_repeats``
    times, at least ``MIN_ROTATION`` (and at most one per day)."""
    return min(days, max(MIN_ROTATION, math.ceil(days / max_repeats)))


def week_shape(request: PlanRequest) -> WeekShape:
    """The week's dishes and which of them each day's meals eat."""
    days, meals = request.days, request.meals
    dishes: list[Dish] = []
    served = [[-1] * len(meals) for _ in range(days)]
    leftover: list[list[int | None]] = [[None] * len(meals) for _ in range(days)]
    for s, meal in enumerate(meals):
        if meal in ("lunch", "dinner"):
            continue
        template = TEMPLATES["snack" if "snack" in meal else meal]
        count = rotation(days, request.max_repeats)
        first = len(dishes)
        for k in range(count):
            times = len(range(k, days, count))
            dishes.append(Dish(f"{meal} {chr(ord('A') + k)}", template, times))
        for d in range(days):
            served[d][s] = first + d % count
    dinner, lunch = meals.index("dinner"), meals.index("lunch")
    first = len(dishes)
    for d in range(days):
        dishes.append(Dish(f"dinner of day {d + 1}", TEMPLATES["dinner"], 1))
        served[d][dinner] = first + d
    for d in range(days):
        if days == 1:
            dishes.append(Dish("lunch of day 1", TEMPLATES["lunch"], 1))
            served[d][lunch] = len(dishes) - 1
            continue
        source = (d - 1) % days
        served[d][lunch] = first + source
        leftover[d][lunch] = source + 1
    return WeekShape(
        tuple(dishes), tuple(tuple(row) for row in served), tuple(tuple(r) for r in leftover)
    )


def slot_templates(request: PlanRequest) -> tuple[SlotTemplate, ...]:
    """The template of each meal slot of a day, in day order."""
    return tuple(TEMPLATES["snack" if "snack" in meal else meal] for meal in request.meals)


#: The order of a meal's items by role (grain first, then protein, vegetables, sides).
ROLE_ORDER = {
    role: i
    for i, role in enumerate(
        (
            "cereal",
            "bread",
            "grain",
            "corn or rice staple",
            "starchy vegetable",
            "legumes",
            "soy protein",
            "fish",
            "meat",
            "eggs",
            "leafy greens",
            "vegetables",
            "milk and yogurt",
            "cheese",
            "fruit",
            "nuts and seeds",
            "dark chocolate",
        )
    )
}
