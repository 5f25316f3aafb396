"""Corrections to a parsed item: another food, another amount, grams typed in; and an item
for a food chosen by FDC id and grams (a suggestion, a planned item) with nothing to parse.

Each returns a new item; nothing is re-read from text a page rendered.
"""

from __future__ import annotations

from dataclasses import replace

from magfood import units
from magfood.meals.amounts import Amount
from magfood.meals.grams import Grams
from magfood.meals.item import MealItem
from magfood.meals.matching import Alternative, FoodIndex, food_index
from magfood.meals.parse import read_amount, resolve
from magfood.mealtimes import MealTime
from magfood.table import FoodTable, load_table


def choose_food(item: MealItem, fdc_id: int, table: FoodTable | None = None) -> MealItem:
    """The item re-read with another food (an alternative or any FDC id)."""
    index = food_index(table if table is not None else load_table())
    if fdc_id not in index.row_of:
        return replace(item, message=f"No food with FDC id {fdc_id} in the table.")
    pool = item.alternatives
    if item.fdc_id is not None and item.food is not None:
        pool = (Alternative(item.fdc_id, item.food, item.score or 0.0), *pool)
    score = next((a.score for a in pool if a.fdc_id == fdc_id), None)
    others = tuple(a for a in pool if a.fdc_id != fdc_id)[:5]
    amount = _amount_of(item, index)
    return resolve(item.text, amount, fdc_id, score, others, index, item.meal)


def set_amount(
    item: MealItem, quantity: float, unit: str | None, table: FoodTable | None = None
) -> MealItem:
    """The item with an amount the user corrected ("2", "cup"); grams recomputed."""
    canonical = units.canonical_unit(unit) if unit else None
    if unit and canonical is None:
        return replace(item, message=f"'{unit}' is not a unit magfood knows.")
    index = food_index(table if table is not None else load_table())
    amount = replace(_amount_of(item, index), quantity=float(quantity), unit=canonical, notes=())
    # the item now says the amount it counts ("4 oz salmon" corrected to 6 oz: "6 oz salmon")
    said = units.household_text(quantity, canonical) if canonical else f"{quantity:g}"
    text = " ".join(f"{said} {amount.food}".split())
    if item.fdc_id is None:
        return replace(item, text=text, quantity=amount.quantity, unit=canonical)
    return resolve(text, amount, item.fdc_id, item.score, item.alternatives, index, item.meal)


def set_grams(item: MealItem, grams: float, table: FoodTable | None = None) -> MealItem:
    """The item with grams the user entered (rule "user")."""
    value = float(grams)
    if item.fdc_id is None:
        return replace(item, grams=value, message="Pick a food first, then its grams count.")
    index = food_index(table if table is not None else load_table())
    amount = replace(_amount_of(item, index), quantity=value, unit="g", notes=())
    entered = Grams(value, "user", f"entered: {value:g} g", False, ())
    return resolve(
        item.text,
        amount,
        item.fdc_id,
        item.score,
        item.alternatives,
        index,
        item.meal,
        grams=entered,
    )


def food_item(
    fdc_id: int,
    grams: float,
    portion: str,
    table: FoodTable,
    *,
    text: str | None = None,
    meal: MealTime | None = None,
) -> MealItem:
    """An item for a food chosen by FDC id, in a household ``portion`` of ``grams`` grams
    ("1/2 cup, chopped", 87.5): exactly that food and those grams, nothing parsed."""
    index = food_index(table)
    if fdc_id not in index.row_of:
        raise KeyError(f"No food with FDC id {fdc_id} in the table.")
    quantity, unit = portion_amount(portion)
    label = text or line_for(portion, index.descriptions[index.row_of[fdc_id]])
    amount = Amount(label, quantity, unit, label)
    chosen = Grams(float(grams), "chosen", f"{portion} ({float(grams):g} g)", False, ())
    return resolve(label, amount, fdc_id, None, (), index, meal, grams=chosen)


def portion_amount(portion: str) -> tuple[float, str | None]:
    """The amount and unit a household portion text states: "1 1/2 cups" -> (1.5, "cup");
    a portion without a leading number counts as one of it."""
    amount, rest = units.split_portion(portion)
    words = rest.split(",")[0].split()
    unit = None
    for size in (2, 1):
        if len(words) >= size:
            unit = units.canonical_unit(" ".join(words[:size]))
            if unit is not None:
                break
    return (1.0 if amount is None else float(amount)), unit


def line_for(portion: str, food: str) -> str:
    """ "1/2 cup Chard, swiss, cooked": a portion and food as one line of a diary."""
    return " ".join(f"{portion.split(',')[0]} {food}".split())


def _amount_of(item: MealItem, index: FoodIndex) -> Amount:
    parsed = read_amount(item.text, index)
    return replace(parsed, quantity=item.quantity, unit=item.unit)
