"""What a person already has, and what foods cost: pantry words and a price list, both
matched to the planner's foods through the meal matcher (``magfood.meals.search_foods``).

A pantry food is preferred in the plan like a favourite; prices (per gram) make the
planner prefer cheaper foods and give the week's estimated cost."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from magfood.meals import search_foods
from magfood.plan.result import WeekPlan
from magfood.plan.slots import FAMILIAR_DATA_TYPES, roles
from magfood.table import FoodTable
from magfood.units import canonical_unit, mass_grams, unit_kind

#: Matcher answers looked through for one the planner can serve (an FNDDS food with a
#: meal role); the matcher ranks SR Legacy ingredients too.
SEARCH_DEPTH = 40


@dataclass(frozen=True)
class FoodMatch:
    """A word of the user's, the planner food it names (None: no food found), its FDC
    description."""

    word: str
    fdc_id: int | None
    description: str


def match_food(table: FoodTable, word: str) -> FoodMatch:
    """The planner food a word names: the matcher's best answer that is an FNDDS food a
    meal can hold ("lentils" -> "Lentils, from dried, no added fat")."""
    plannable = _plannable(table)
    for alternative in search_foods(table, word, limit=SEARCH_DEPTH):
        if plannable.get(alternative.fdc_id, False):
            fdc_id = int(alternative.fdc_id)
            return FoodMatch(word, fdc_id, str(table.foods.at[fdc_id, "description"]))
    return FoodMatch(word, None, "")


def pantry_foods(table: FoodTable, text: str) -> tuple[FoodMatch, ...]:
    """Each comma- or line-separated word of "lentils, oats" matched to a planner food."""
    words = [w.strip() for w in re.split(r"[,\n;]", text) if w.strip()]
    return tuple(match_food(table, word) for word in dict.fromkeys(words))


def _plannable(table: FoodTable) -> pd.Series:
    foods = table.foods
    ok = foods["data_type"].isin(FAMILIAR_DATA_TYPES) & foods["eaten_as_such"].fillna(False)
    return (ok & roles(table).notna()).fillna(False).astype(bool)


# --- prices ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceList:
    """Prices per gram by FDC id, with the rows that could not be read (and why)."""

    per_gram: tuple[tuple[int, float], ...]
    problems: tuple[str, ...]


#: Header words that name each column (any case; the first header containing one wins).
PRICE_COLUMNS = {
    "food": ("food", "item", "name", "product"),
    "price": ("price", "cost"),
    "amount": ("amount", "per", "quantity", "qty", "size"),
    "unit": ("unit",),
}


def read_prices(table: FoodTable, text: str) -> PriceList:
    """Prices from CSV text with columns found by name (food, price, amount, unit; e.g.
    "lentils,1.99,1,lb"): each row's food matched to a planner food, its price turned into
    a price per gram. Rows that cannot be read are listed in ``problems``; nothing raises."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return PriceList((), ("The price list is empty.",))
    header = [cell.strip().lower() for cell in rows[0]]
    where = {
        name: next((i for i, cell in enumerate(header) if any(w in cell for w in words)), None)
        for name, words in PRICE_COLUMNS.items()
    }
    missing = [name for name in ("food", "price") if where[name] is None]
    if missing:
        return PriceList((), (f"The price list has no {' or '.join(missing)} column.",))
    prices: dict[int, float] = {}
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        found = _price_row(table, row, where)
        if isinstance(found, str):
            problems.append(f"row {number}: {found}")
        else:
            prices[found[0]] = found[1]
    return PriceList(tuple(sorted(prices.items())), tuple(problems))


def _price_row(
    table: FoodTable, row: list[str], where: dict[str, int | None]
) -> tuple[int, float] | str:
    def cell(name: str, default: str = "") -> str:
        i = where[name]
        return row[i].strip() if i is not None and i < len(row) else default

    food, price = cell("food"), cell("price").lstrip("$€£")
    try:
        value, amount = float(price), float(cell("amount", "1") or "1")
    except ValueError:
        return f"price {price!r} or amount {cell('amount')!r} is not a number"
    if not value >= 0 or not amount > 0:
        return "a price of 0 or more per a positive amount is needed"
    unit = canonical_unit(cell("unit", "g") or "g")
    if unit is None or unit_kind(unit) != "mass":
        return f"give the amount as a weight (g, kg, oz, lb), not {cell('unit')!r}"
    match = match_food(table, food)
    if match.fdc_id is None:
        return f"no planner food matches {food!r}"
    return match.fdc_id, value / mass_grams(amount, unit)


def week_cost(plan: WeekPlan, prices: PriceList) -> tuple[float, int]:
    """The week's estimated cost of the priced foods on its shopping list, and how many
    of the list's foods have a price."""
    per_gram = dict(prices.per_gram)
    priced = [line for line in plan.shopping_list if line.fdc_id in per_gram]
    return round(sum(line.grams * per_gram[line.fdc_id] for line in priced), 2), len(priced)
