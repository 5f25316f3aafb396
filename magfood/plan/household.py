"""One menu for a household: the same dishes for everyone, each person's servings fitted to
their own magnesium target and calorie range, and one shopping list for all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from magfood.errors import PlanError
from magfood.intake import make_profile, target_for
from magfood.plan import menu
from magfood.plan.request import PlanRequest
from magfood.plan.result import Infeasible, ShoppingItem, WeekPlan, assemble, shopping_list
from magfood.plan.week import week_menu
from magfood.table import FoodTable


@dataclass(frozen=True)
class Person:
    """One eater: a label ("female 34"), a daily magnesium target and a calorie range."""

    label: str
    target_mg: float
    kcal_min: float
    kcal_max: float


@dataclass(frozen=True)
class HouseholdPlan:
    """The household's week: per person a WeekPlan of the same dishes, and the combined
    shopping list (every person's servings added up)."""

    people: tuple[Person, ...]
    weeks: tuple[WeekPlan, ...]
    shopping_list: tuple[ShoppingItem, ...]


#: Children under this age have one reference intake for both sexes ("child 7").
CHILD_UNTIL = 14
_PERSON = re.compile(
    r"^\s*(?P<sex>female|male|woman|man|girl|boy|child)\s+(?P<age>\d+(?:\.\d+)?)"
    r"(?P<status>\s+(?:pregnant|lactating))?(?:\s+(?P<low>\d+)\s*-\s*(?P<high>\d+))?\s*$",
    re.IGNORECASE,
)
_SEX = {"woman": "female", "girl": "female", "man": "male", "boy": "male"}


def household_lines(
    lines: str | Sequence[str], default_kcal: tuple[float, float]
) -> tuple[str, ...]:
    """The people of a household as kept with the plan settings: one "female 34" a line
    (a text or its lines), blank lines dropped, each checked by :func:`person_from_text`
    (PlanError names the first that cannot be read)."""
    rows = lines.splitlines() if isinstance(lines, str) else lines
    kept = tuple(line.strip() for line in rows if line.strip())
    for line in kept:
        person_from_text(line, default_kcal)
    return kept


def person_from_text(text: str, default_kcal: tuple[float, float]) -> Person:
    """A Person from "female 34", "female 30 pregnant 2200-2600" or "child 7 1400-1600"
    (the calorie range defaults to ``default_kcal``). Raises PlanError if unreadable."""
    found = _PERSON.match(text)
    if found is None:
        raise PlanError(
            f"Describe a person as SEX AGE [pregnant|lactating] [MIN-MAX kcal], e.g. "
            f'"female 30 pregnant 2200-2600" or "child 7 1400-1600" (got {text!r}).'
        )
    sex, age = found["sex"].lower(), float(found["age"])
    if sex == "child":
        if age >= CHILD_UNTIL:
            raise PlanError(f"Say female or male for a person of {age:g} (got {text!r}).")
        sex = "female"  # the same reference intake for both sexes under 14
    status = (found["status"] or "").strip().lower()
    profile = make_profile(
        sex=_SEX.get(sex, sex),
        age_years=age,
        pregnant=status == "pregnant",
        lactating=status == "lactating",
    )
    low, high = (float(found["low"]), float(found["high"])) if found["low"] else default_kcal
    return Person(" ".join(text.split()), target_for(profile).rda_mg, low, high)


def plan_household(
    table: FoodTable, request: PlanRequest, people: Sequence[Person]
) -> HouseholdPlan | Infeasible:
    """One week of dishes for everyone: planned for the first person, then each other
    person's servings fitted to their own target and calories (from one serving up to
    ``menu.HELPINGS`` times the most one person eats at once: a bigger eater takes
    seconds). ``request`` gives the week's shared settings: diet, exclusions, snacks,
    seed, repeats."""
    if not people:
        raise PlanError("A household plan needs at least one person.")
    asks = [
        replace(request, target_mg=p.target_mg, kcal_min=p.kcal_min, kcal_max=p.kcal_max)
        for p in people
    ]
    lead = 0
    first = week_menu(table, asks[lead])
    if first is None:
        return Infeasible(
            asks[lead],
            f"No week of shared dishes fits {people[lead].label} ({people[lead].target_mg:g} "
            f"mg, {people[lead].kcal_min:g}-{people[lead].kcal_max:g} kcal).",
            ("household",),
            ("Try another seed, a wider calorie range or fewer exclusions.",),
        )
    weeks = []
    for person, ask in zip(people, asks, strict=True):
        fitted = first if ask is asks[lead] else menu.refit(first, ask)
        if not fitted.found:
            return Infeasible(
                ask,
                f"The household's dishes cannot be portioned for {person.label} "
                f"({person.target_mg:g} mg, {person.kcal_min:g}-{person.kcal_max:g} kcal): "
                "the servings people eat at once do not stretch that far.",
                ("household",),
                (f"Widen {person.label}'s calorie range, or plan that person's week on its own.",),
            )
        weeks.append(assemble(ask, menu.menu_days(ask, fitted), fitted.status))
    items = [i for week in weeks for d in week.days for m in d.meals for i in m.items]
    return HouseholdPlan(tuple(people), tuple(weeks), shopping_list(items))
