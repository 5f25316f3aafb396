"""Readable plain-text reports of results, as the CLI prints them without ``--json``."""

from __future__ import annotations

from collections.abc import Iterable

from magfood import (
    Day,
    GapPlan,
    Meal,
    MealItem,
    RankedFood,
    Status,
    SupplementItem,
    Target,
    TypedMeal,
    meal_label,
)


def target_text(target: Target) -> str:
    """One line: the life stage, its RDA/AI and the supplemental UL."""
    ul = f"{target.supplement_ul_mg} mg" if target.supplement_ul_mg else "not set (infants)"
    return (
        f"{target.life_stage}: {target.kind} {target.rda_mg} mg/day; "
        f"upper limit for supplemental magnesium: {ul}"
    )


def day_text(day: Day) -> str:
    """Each meal's items and the supplements, then the totals, coverage and UL note."""
    lines = []
    for name, meal in day.meals:
        lines.append(f"{meal_label(name)}:")
        lines.extend(f"  {_item_line(item)}" for item in meal.items)
    lines.extend(_supplement_lines(day.supplements))
    target = day.target
    lines.append(
        f"Total {day.total_magnesium_mg:.0f} mg (food {day.food_magnesium_mg:.0f}, "
        f"supplements {day.supplement_magnesium_mg:.0f}) of {target.rda_mg} mg "
        f"{target.kind} = {day.percent_of_target:.0f} %; gap {day.gap_mg:.0f} mg."
    )
    lines.append(day.coverage.text)
    if day.supplements:
        lines.append(day.ul.message)
    return "\n".join(lines)


def gap_plan_text(plan: GapPlan) -> str:
    """One line a suggested serving, then the plan's message."""
    lines = [f"{item} (fdc_id {item.fdc_id}, {item.grams:g} g)" for item in plan.suggestions]
    return "\n".join([*lines, plan.message])


def foods_table(ranked: Iterable[RankedFood]) -> str:
    """A header and one row a food: portion, mg and kcal a serving, mg/100 g, mg/100 kcal."""
    lines = [
        f"{'fdc_id':>8}  {'food':<44} {'portion':<18} {'mg':>6} {'kcal':>6} {'mg/100g':>8} "
        f"{'mg/100kcal':>10}  family"
    ]
    for r in ranked:
        lines.append(
            f"{r.fdc_id:>8}  {r.food[:44]:<44} {(r.portion or '-')[:18]:<18} "
            f"{_figure(r.magnesium_mg):>6} {_figure(r.kcal):>6} "
            f"{_figure(r.magnesium_mg_per_100g):>8} {_figure(r.magnesium_mg_per_100kcal):>10}"
            f"  {r.family}{' *' if r.favourite else ''}"
        )
    return "\n".join(lines)


def meal_text(meal: Meal) -> str:
    """One row an item (with its message below when it has one), then the total."""
    lines = []
    for item in meal.items:
        lines.append(_item_line(item))
        for detail in (item.portion, item.message):
            if detail:
                lines.append(f"{'':<34}{detail}")
    bound = " (lower bound)" if meal.lower_bound else ""
    lines.append(f"Total {meal.total_magnesium_mg:.1f} mg magnesium{bound}. {meal.message}")
    return "\n".join(lines)


def typed_meal_text(typed: TypedMeal) -> str:
    """The meal's report, then the supplements typed among its foods, counted apart."""
    lines = [meal_text(typed.meal)] if typed.meal.items or not typed.supplements else []
    lines.extend(_supplement_lines(typed.supplements))
    if typed.supplements:
        lines.append(
            f"Supplements {typed.supplement_magnesium_mg:.1f} mg elemental magnesium, "
            "apart from food (`magfood day` checks them against the upper level)."
        )
    return "\n".join(lines)


def _supplement_lines(supplements: Iterable[SupplementItem]) -> list[str]:
    """A "supplements:" heading and one row a supplement, as ``day`` and ``meal`` print."""
    lines = []
    for supplement in supplements:
        mg = "?" if supplement.elemental_mg is None else f"{supplement.elemental_mg:.1f} mg"
        lines.append(
            f"  {supplement.text:<32} {'':>7} {mg:>9}  {supplement.status:<9} "
            f"read as {supplement.reading} ({supplement.reading_reason})"
        )
    return ["supplements:", *lines] if lines else []


def _item_line(item: MealItem) -> str:
    """What was read, grams, magnesium, status, and the FDC food with its id."""
    grams = "-" if item.grams is None else f"{item.grams:.0f} g"
    mg = "?" if item.magnesium_mg is None else f"{item.magnesium_mg:.1f} mg"
    if item.status is Status.INVALID:
        mg = "-"  # not counted: the message says why
    food = f"{item.food} [FDC {item.fdc_id}]" if item.fdc_id else "(no match)"
    return f"{item.text[:32]:<32} {grams:>7} {mg:>9}  {item.status:<9} {food}"


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"
