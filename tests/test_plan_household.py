"""One menu for a household: the same dishes, each person's own target and calories."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from magfood.cli.main import main
from magfood.errors import PlanError
from magfood.plan import (
    HouseholdPlan,
    Person,
    PlanRequest,
    household_to_markdown,
    person_from_text,
    plan_household,
)
from magfood.table import FoodTable

HOUSEHOLD = ("female 34", "female 30 pregnant 2200-2600", "child 7 1400-1700")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("female 34", Person("female 34", 320, 1800, 2200)),
        ("female 30 pregnant 2200-2600", Person("female 30 pregnant 2200-2600", 350, 2200, 2600)),
        ("child 7 1400-1700", Person("child 7 1400-1700", 130, 1400, 1700)),
        ("  Male  40 ", Person("Male 40", 420, 1800, 2200)),
        ("woman 25 lactating", Person("woman 25 lactating", 310, 1800, 2200)),
    ],
)
def test_person_from_text(text: str, expected: Person) -> None:
    assert person_from_text(text, (1800, 2200)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("alien 3", "Describe a person as SEX AGE"), ("child 15", "Say female or male")],
)
def test_unreadable_person_is_a_plan_error(text: str, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        person_from_text(text, (1800, 2200))


@pytest.fixture(scope="module")
def household(table: FoodTable) -> HouseholdPlan:
    people = [person_from_text(text, (1800, 2200)) for text in HOUSEHOLD]
    request = PlanRequest(320, 1800, 2200, diet="vegetarian", exclude=("nuts",))
    plan = plan_household(table, request, people)
    assert isinstance(plan, HouseholdPlan), getattr(plan, "explanation", "")
    return plan


def test_each_persons_days_meet_their_own_target_and_calories(household: HouseholdPlan) -> None:
    for person, week in zip(household.people, household.weeks, strict=True):
        assert week.request.target_mg == person.target_mg
        for day in week.days:
            assert day.magnesium_mg >= person.target_mg - 0.5, person
            assert person.kcal_min - 0.5 <= day.kcal <= person.kcal_max + 0.5, person


def test_everyone_eats_the_same_dishes(household: HouseholdPlan) -> None:
    def foods(week: object) -> list[list[int]]:
        return [
            sorted(i.fdc_id for i in m.items)
            for d in week.days  # type: ignore[attr-defined]
            for m in d.meals
        ]

    first = foods(household.weeks[0])
    assert all(foods(week) == first for week in household.weeks[1:])
    kcal = [sum(d.kcal for d in week.days) for week in household.weeks]
    assert kcal[1] > kcal[0] > kcal[2]  # pregnant > adult > child


def test_one_shopping_list_adds_everyone_up(household: HouseholdPlan) -> None:
    grams: Counter[int] = Counter()
    for week in household.weeks:
        for day in week.days:
            for meal in day.meals:
                for item in meal.items:
                    grams[item.fdc_id] += item.grams
    assert {line.fdc_id for line in household.shopping_list} == set(grams)
    for line in household.shopping_list:
        assert line.grams == pytest.approx(grams[line.fdc_id], abs=0.5)
    text = household_to_markdown(household)
    assert text.count("## Shopping list") == 1
    assert all(f"# {person}:" in text for person in HOUSEHOLD)


def test_cli_household_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--diet", "vegetarian", "--exclude", "nuts", "--json"]
    for person in HOUSEHOLD:
        args += ["--person", person]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["label"] for p in data["people"]] == list(HOUSEHOLD)
    for person in data["people"]:
        assert all(d["magnesium_mg"] >= person["target_mg"] - 0.5 for d in person["week"]["days"])
    assert data["shopping_list"]
