"""The foods offered to correct an item: one list for every item, matched or not.

:func:`food_choices` puts the item's own food first, then, with nothing typed, the foods
the person ate lately and usually, then the matcher's other candidates; with a search
typed, the whole table searched (``find_foods``), the recent and usual foods among the
results first. :func:`food_name` is an item's food as a person writes it, and
:func:`data_type_of` the FDC dataset of a food.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from magfood.foods.readable import readable_name
from magfood.foods.search import find_foods
from magfood.meals import MealItem
from magfood.table import FoodTable, per_table

#: Foods the search adds to the list when something is typed.
FOUND_KEPT = 15


class ChoiceSource(StrEnum):
    """Why a food is offered."""

    CURRENT = "current"  #: the item's food now
    RECENT = "recent"  #: eaten on the latest saved days
    USUAL = "usual"  #: eaten on the most saved days
    FOUND = "found"  #: the table searched for the words typed
    SIMILAR = "similar"  #: the matcher's other candidates for the item's text


@dataclass(frozen=True)
class FoodChoice:
    """One food the picker offers: FDC id and description, the name a person writes, why
    it is offered, and the label shown (the name, with the FDC id where two choices
    would read the same)."""

    fdc_id: int
    food: str
    name: str
    source: ChoiceSource
    label: str


def food_name(item: MealItem) -> str:
    """The item's food as a person writes it ("raw bananas"), or what was typed when no
    FDC food is matched."""
    return _readable(item.food) if item.food else item.text


def food_choices(
    table: FoodTable,
    item: MealItem,
    query: str = "",
    recent: Sequence[int] = (),
    usual: Sequence[int] = (),
    limit: int = 20,
) -> tuple[FoodChoice, ...]:
    """The foods to offer for ``item``, at most ``limit``, each once: its own food first;
    then for a search typed, the whole table's best matches (recent, then usual ones
    first), else the recent, usual and the matcher's similar foods."""
    picked: dict[int, ChoiceSource] = {}
    if item.fdc_id is not None:
        picked[item.fdc_id] = ChoiceSource.CURRENT
    known = {fdc_id: ChoiceSource.RECENT for fdc_id in recent}
    for fdc_id in usual:
        known.setdefault(fdc_id, ChoiceSource.USUAL)
    if query.strip():
        found = [row.fdc_id for row in find_foods(table, query, limit=FOUND_KEPT)]
        mine = sorted((i for i in found if i in known), key=list(known).index)
        _add(picked, ((i, known[i]) for i in mine))
        _add(picked, ((i, ChoiceSource.FOUND) for i in found))
    else:
        _add(picked, known.items())
        _add(picked, ((a.fdc_id, ChoiceSource.SIMILAR) for a in item.alternatives))
    described = _descriptions(table)
    rows = [(i, source) for i, source in picked.items() if i in described][:limit]
    foods = {i: described[i] for i, _ in rows}
    names = {i: _readable(food) for i, food in foods.items()}
    twice = {n for n in names.values() if list(names.values()).count(n) > 1}
    return tuple(
        FoodChoice(
            i,
            foods[i],
            names[i],
            source,
            f"{names[i]} · FDC {i}" if names[i] in twice else names[i],
        )
        for i, source in rows
    )


@per_table
def _descriptions(table: FoodTable) -> dict[int, str]:
    """fdc_id -> FDC description, read once per table (a page asks for every card)."""
    foods = table.foods
    return dict(zip(foods["fdc_id"].tolist(), foods["description"].tolist(), strict=True))


@lru_cache(maxsize=8192)
def _readable(description: str) -> str:
    return readable_name(description)


def _add(picked: dict[int, ChoiceSource], more: Iterable[tuple[int, ChoiceSource]]) -> None:
    for fdc_id, source in more:
        picked.setdefault(fdc_id, source)


#: FDC ``data_type`` -> the name FoodData Central gives the dataset.
DATA_TYPES = {
    "foundation": "Foundation Foods",
    "sr_legacy": "SR Legacy",
    "survey_fndds": "FNDDS (survey foods)",
}


def data_type_of(table: FoodTable, fdc_id: int) -> str:
    """The FDC dataset a food comes from ("SR Legacy"), for showing where a figure is from."""
    kind = _data_types(table).get(int(fdc_id), "")
    return DATA_TYPES.get(kind, kind)


@per_table
def _data_types(table: FoodTable) -> dict[int, str]:
    foods = table.foods
    kinds = foods["data_type"].astype(str).tolist()
    return dict(zip(foods["fdc_id"].tolist(), kinds, strict=True))
