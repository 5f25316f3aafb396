"""Foods that bring magnesium: a ranked list by family, and a few servings that close a gap.

Both work on realistic household servings (``families.serving``) of foods people eat as
such, within a diet and its exclusions, and collapse near-duplicates (five kinds of
pumpkin seeds become one) by their head words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, product
from typing import Literal

import pandas as pd

from magfood.families import (
    FAMILIES,
    SUGGESTED,
    allowed,
    eaten_as_such,
    families,
    serving,
)
from magfood.foods import FoodTable

RankBy = Literal["serving", "100g", "100kcal"]
RANK_BY: tuple[RankBy, ...] = ("serving", "100g", "100kcal")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Leading description segments that name a group, not a food ("Seeds, pumpkin ...").
_GROUP_HEADS = _words(
    "seeds nuts fish crustaceans mollusks beans cereals spices beverages snacks candies "
    "babyfood soup soups vegetables fruit game meat"
)
#: Words that never tell two foods apart.
_FILLER = _words(
    "and or with without in of the a salt salted unsalted added seed seeds kernel kernels "
    "whole raw dried roasted dry cooked boiled nfs ns plain fresh frozen canned mature "
    "toasted halves pieces chopped sliced organic regular type all types drained"
)
#: Words that make a different food of the same head ("almond milk" is not almonds).
_FORMS = _words(
    "milk butter flour juice oil paste bar bars yogurt bread cereal sauce soup chips "
    "crackers spread cheese"
)
#: First segments that are a kind of food: the next segment says which ("Bread, rye").
_KINDS = _words(
    "bread breads cheese milk yogurt rice juice pasta crackers tortillas cereal oil beans "
    "lentils peas chocolate"
)

#: How many candidates the exact gap search looks at, and the most servings of one food.
SEARCH_POOL = 30
MAX_SERVINGS_EACH = 2
#: A serving worth suggesting brings at least this much magnesium.
LEAST_MG = 10.0


@dataclass(frozen=True)
class RankedFood:
    """One food of a ranking: magnesium per serving, per 100 g and per 100 kcal side by side."""

    fdc_id: int
    food: str
    family: str
    portion: str | None
    grams: float | None
    magnesium_mg: float | None
    kcal: float | None
    magnesium_mg_per_100g: float
    kcal_per_100g: float | None
    magnesium_mg_per_100kcal: float | None
    favourite: bool


@dataclass(frozen=True)
class Suggestion:
    """A household serving (or two) of one FDC food proposed to close a gap."""

    fdc_id: int
    food: str
    family: str
    portion: str
    grams: float
    magnesium_mg: float
    kcal: float
    servings: int = 1

    def __str__(self) -> str:
        return f"{self.portion} {self.food}: {self.magnesium_mg:.0f} mg, {self.kcal:.0f} kcal"


@dataclass(frozen=True)
class GapPlan:
    """Up to three suggestions for a magnesium gap, their totals, and a plain message."""

    gap_mg: float
    kcal_budget: float | None
    suggestions: tuple[Suggestion, ...]
    total_magnesium_mg: float
    total_kcal: float
    closes_gap: bool
    message: str


def rank_foods(
    table: FoodTable,
    *,
    family: str | None = None,
    diet: str = "omnivore",
    exclude: Iterable[str] = (),
    favourites: Iterable[int] = (),
    by: RankBy = "serving",
    limit: int = 50,
    common_only: bool = True,
) -> tuple[RankedFood, ...]:
    """Foods richest in magnesium by serving, 100 g or 100 kcal; the user's own foods first.

    ``family`` None ranks the suggested families (leafy greens, seeds and nuts, ...). Foods
    not eaten as such are left out unless they are favourites; near-duplicates collapse to
    the best of their kind. ``common_only`` keeps foods Americans report eating: FNDDS survey
    foods and SR Legacy foods of the same kind (no "Dock, raw" or "Jute, potherb").
    Raises ValueError for an unknown ``by``, diet or family.
    """
    if by not in RANK_BY:
        raise ValueError(f"unknown ranking {by!r}; expected one of {', '.join(RANK_BY)}")
    chosen = _family_filter(family)
    favourite_ids = {int(i) for i in favourites}
    foods = table.foods
    is_favourite = foods["fdc_id"].isin(favourite_ids)
    keep = allowed(table, diet, exclude) & families(table).isin(chosen)
    keep &= foods["magnesium_mg_per_100g"].notna() & (eaten_as_such(table) | is_favourite)
    if common_only:
        keep &= commonly_eaten(table) | is_favourite
    rows = _ranked(table, foods.index[keep], favourite_ids)
    rows.sort(key=lambda r: (not r.favourite, -_metric(r, by), len(r.food)))
    return tuple(_distinct(rows, limit))


def close_gap(
    table: FoodTable,
    gap_mg: float,
    *,
    kcal_budget: float | None = None,
    diet: str = "omnivore",
    exclude: Iterable[str] = (),
    favourites: Iterable[int] = (),
    max_items: int = 3,
    common_only: bool = True,
) -> GapPlan:
    """One to ``max_items`` realistic servings that close the gap with the fewest calories.

    An exact search over the best candidates by magnesium per kcal (and per serving, for
    large gaps), each taken once or twice. If nothing closes the gap within the budget,
    the plan with the most magnesium that fits is returned with ``closes_gap`` False.
    """
    favourite_ids = {int(i) for i in favourites}
    if gap_mg <= 0:
        return _plan(gap_mg, kcal_budget, (), "There is no gap to close.")
    pool = _candidates(table, diet, exclude, favourite_ids, common_only)
    if kcal_budget is not None:
        pool = [c for c in pool if c.kcal <= kcal_budget]
    best = _search(pool, gap_mg, kcal_budget, max(1, max_items), favourite_ids)
    return _plan(gap_mg, kcal_budget, best, _message(gap_mg, kcal_budget, best, max_items))


# --- ranking ----------------------------------------------------------------------------


def _family_filter(family: str | None) -> tuple[str, ...]:
    if family is None:
        return SUGGESTED
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; expected one of {', '.join(FAMILIES)}")
    return (family,)


def _ranked(table: FoodTable, fdc_ids: Iterable[int], favourites: set[int]) -> list[RankedFood]:
    foods = table.foods.loc[list(fdc_ids)]
    family = families(table)
    rows = []
    for fdc_id, food, mg, kcal in zip(
        foods["fdc_id"],
        foods["description"],
        foods["magnesium_mg_per_100g"],
        foods["energy_kcal_per_100g"],
        strict=True,
    ):
        portion = serving(table, int(fdc_id))
        energy = None if pd.isna(kcal) else float(kcal)
        rows.append(
            RankedFood(
                fdc_id=int(fdc_id),
                food=str(food),
                family=str(family[fdc_id]),
                portion=portion.portion if portion else None,
                grams=portion.grams if portion else None,
                magnesium_mg=portion.magnesium_mg if portion else None,
                kcal=portion.kcal if portion else None,
                magnesium_mg_per_100g=float(mg),
                kcal_per_100g=energy,
                magnesium_mg_per_100kcal=round(float(mg) / energy * 100, 1) if energy else None,
                favourite=int(fdc_id) in favourites,
            )
        )
    return rows


def _metric(row: RankedFood, by: RankBy) -> float:
    value = {
        "serving": row.magnesium_mg,
        "100g": row.magnesium_mg_per_100g,
        "100kcal": row.magnesium_mg_per_100kcal,
    }[by]
    return -1.0 if value is None else value


def _distinct(rows: Iterable[RankedFood], limit: int) -> list[RankedFood]:
    """The first row of each (family, head) kind, in order; favourites always kept."""
    seen: set[tuple[str, str]] = set()
    kept: list[RankedFood] = []
    for row in rows:
        key = (row.family, head_words(row.food))
        if key in seen and not row.favourite:
            continue
        seen.add(key)
        kept.append(row)
        if len(kept) >= limit:
            break
    return kept


def commonly_eaten(table: FoodTable) -> pd.Series:
    """fdc_id -> True for FNDDS survey foods and foods of a kind (head words) FNDDS has."""
    cached = _COMMON.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    heads = table.foods["description"].map(head_words)
    survey = table.foods["data_type"] == "survey_fndds"
    common = (survey | heads.isin(set(heads[survey]))).astype(bool)
    _COMMON.clear()
    _COMMON[id(table)] = (table, common)
    return common


_COMMON: dict[int, tuple[FoodTable, pd.Series]] = {}


def head_words(description: str) -> str:
    """The normalised head of an FDC description: what makes two foods the same kind.

    "Seeds, pumpkin and squash seed kernels, roasted" and "Pumpkin seeds, unsalted" are both
    "pumpkin"; "Beverages, almond milk" is "almond milk"; "Bread, whole-wheat" is
    "bread whole-wheat".
    """
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    segments = [s.strip() for s in text.split(",") if s.strip()]
    while len(segments) > 1 and segments[0] in _GROUP_HEADS:
        segments = segments[1:]
    if not segments:
        return description.lower()
    words = _content_words(segments[0])
    head = words[:1]
    if segments[0] in _KINDS and len(segments) > 1:
        head += _content_words(segments[1])[:1]
    forms = [w for w in _content_words(segments[0]) if w in _FORMS and w not in head]
    return " ".join(head + sorted(set(forms))) or segments[0]


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z'-]*", text)
    return [_singular(w) for w in words if w not in _FILLER]


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# --- closing a gap ----------------------------------------------------------------------


def _candidates(
    table: FoodTable,
    diet: str,
    exclude: Iterable[str],
    favourite_ids: set[int],
    common_only: bool,
) -> list[Suggestion]:
    """The best distinct servings by magnesium per kcal and per serving, plus favourites."""
    ranked = rank_foods(
        table,
        diet=diet,
        exclude=exclude,
        favourites=favourite_ids,
        by="100kcal",
        limit=len(table.foods),
        common_only=common_only,
    )
    usable = [
        _suggestion(r)
        for r in ranked
        if r.magnesium_mg is not None
        and r.magnesium_mg >= LEAST_MG
        and r.kcal is not None
        and r.portion
        and r.grams
    ]
    by_kcal = sorted(usable, key=lambda s: -s.magnesium_mg / max(s.kcal, 1.0))
    by_serving = sorted(usable, key=lambda s: -s.magnesium_mg)
    pool: dict[int, Suggestion] = {s.fdc_id: s for s in usable if s.fdc_id in favourite_ids}
    for s in by_kcal[:SEARCH_POOL] + by_serving[: SEARCH_POOL // 2]:
        pool.setdefault(s.fdc_id, s)
    return list(pool.values())


def _suggestion(row: RankedFood) -> Suggestion:
    assert row.portion and row.grams and row.magnesium_mg is not None and row.kcal is not None
    return Suggestion(
        row.fdc_id, row.food, row.family, row.portion, row.grams, row.magnesium_mg, row.kcal
    )


def _search(
    pool: list[Suggestion],
    gap_mg: float,
    kcal_budget: float | None,
    max_items: int,
    favourite_ids: set[int],
) -> tuple[Suggestion, ...]:
    """The plan that closes the gap with the fewest kcal, else the most magnesium in budget."""
    # (magnesium, kcal, servings, favourite) of each food taken once or twice
    options = [
        [(s.magnesium_mg * n, s.kcal * n, n, int(s.fdc_id in favourite_ids)) for s in pool]
        for n in range(1, MAX_SERVINGS_EACH + 1)
    ]
    best: tuple[tuple[int, int], ...] = ()
    best_key: tuple[float, ...] | None = None
    for size in range(1, min(max_items, len(pool)) + 1):
        for foods in combinations(range(len(pool)), size):
            for counts in product(range(MAX_SERVINGS_EACH), repeat=size):
                picked = [options[n][i] for i, n in zip(foods, counts, strict=True)]
                kcal = sum(p[1] for p in picked)
                if kcal_budget is not None and kcal > kcal_budget:
                    continue
                key = _plan_key(picked, gap_mg, kcal)
                if best_key is None or key < best_key:
                    best, best_key = tuple(zip(foods, counts, strict=True)), key
    return tuple(_times(pool[i], n + 1) for i, n in best)


def _plan_key(
    picked: list[tuple[float, float, int, int]], gap_mg: float, kcal: float
) -> tuple[float, ...]:
    """Closing plans first, by kcal; then partial plans, by the magnesium they still miss."""
    mg = sum(p[0] for p in picked)
    servings = sum(p[2] for p in picked)
    favourites = sum(p[3] for p in picked)
    if mg >= gap_mg:
        return (0, round(kcal), servings, -favourites, -mg)
    return (1, round(gap_mg - mg), round(kcal), servings, -favourites)


def _times(food: Suggestion, n: int) -> Suggestion:
    if n == 1:
        return food
    return Suggestion(
        food.fdc_id,
        food.food,
        food.family,
        f"{n} × {food.portion}",
        round(food.grams * n, 1),
        round(food.magnesium_mg * n, 1),
        round(food.kcal * n, 1),
        servings=n,
    )


def _plan(
    gap_mg: float, kcal_budget: float | None, plan: tuple[Suggestion, ...], message: str
) -> GapPlan:
    mg = round(sum(s.magnesium_mg for s in plan), 1)
    kcal = round(sum(s.kcal for s in plan), 1)
    return GapPlan(gap_mg, kcal_budget, plan, mg, kcal, mg >= gap_mg, message)


def _message(
    gap_mg: float, kcal_budget: float | None, plan: tuple[Suggestion, ...], max_items: int
) -> str:
    mg = sum(s.magnesium_mg for s in plan)
    kcal = sum(s.kcal for s in plan)
    budget = f" within {kcal_budget:.0f} kcal" if kcal_budget is not None else ""
    if not plan:
        return f"No food serving fits{budget}; the {gap_mg:.0f} mg gap stays open."
    if mg >= gap_mg:
        return (
            f"These servings give {mg:.0f} mg for {kcal:.0f} kcal, closing the {gap_mg:.0f} mg gap."
        )
    limit = budget or f" with {max_items} foods"
    return (
        f"The {gap_mg:.0f} mg gap cannot be closed{limit}: the best plan gives "
        f"{mg:.0f} mg for {kcal:.0f} kcal, {gap_mg - mg:.0f} mg short."
    )
