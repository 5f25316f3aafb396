"""A few realistic servings that close a magnesium gap with the fewest calories.

Candidates are the best servings (``FoodTable.serving_of``) by magnesium per kcal within
each family and by magnesium per serving, plus the user's favourites; near-duplicates
(``kinds``) never appear twice in a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product

import numpy as np

from magfood.foods.everyday import RANK_EXPONENT
from magfood.foods.kinds import kind_codes, kind_keys
from magfood.foods.ranking import RankedFood, rank_foods
from magfood.foods.readable import serving_line
from magfood.table import FoodTable
from magfood.units import times_portion

#: The gap search looks at the best ``PER_FAMILY`` servings of each family by magnesium per
#: kcal, the best ``SEARCH_POOL`` by magnesium per serving, and the user's favourites.
PER_FAMILY = 4
SEARCH_POOL = 12
#: The most servings of one food in a plan ("2 × 1/2 cup").
MAX_SERVINGS_EACH = 2
#: Closing plans this close to the lightest (kcal, or share of it) count as equally light.
VARIETY_KCAL = 15.0
VARIETY_SHARE = 0.10
#: A serving worth suggesting brings at least this much magnesium.
LEAST_MG = 10.0


@dataclass(frozen=True)
class Suggestion:
    """A household serving (or two) of one FDC food proposed to close a gap; ``text`` is
    the serving as a person writes it ("½ cup cooked Swiss chard"), the line a diary
    keeps when it is added."""

    fdc_id: int
    food: str
    family: str
    portion: str
    grams: float
    magnesium_mg: float
    kcal: float
    servings: int = 1
    everyday_score: float = 1.0

    @property
    def text(self) -> str:
        return serving_line(self.portion, self.food)

    def __str__(self) -> str:
        return f"{self.text}: {self.magnesium_mg:.0f} mg, {self.kcal:.0f} kcal"


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


def close_gap(
    table: FoodTable,
    gap_mg: float,
    *,
    kcal_budget: float | None = None,
    diet: str = "omnivore",
    exclude: Iterable[str] = (),
    favourites: Iterable[int] = (),
    exclude_ids: Iterable[int] = (),
    max_items: int = 3,
    common_only: bool = True,
    variety: bool = True,
) -> GapPlan:
    """One to ``max_items`` realistic servings that close the gap with the fewest calories.

    An exact search over the best candidates of each family by magnesium per kcal (and the
    best per serving, for large gaps), each taken once or at most twice. The rule:
    1. fewest kcal among the plans that close the gap within the budget;
    2. never two foods of the same family in a plan, unless only such plans close the gap;
    3. with ``variety``, plans within 15 kcal (or 10 %) of the lightest count as equally
       light, and among them the fewest servings, then the most families, wins: one cup of
       cooked chard and an ounce of pumpkin seeds rather than two cups of chard.
    Favourites ("foods I already eat") come before all of this: when a plan with a
    favourite closes the gap within the budget, only such plans are considered, however
    light the others. Never two near-duplicates (``kind_keys``) in one plan.
    If nothing closes the gap within the budget, the plan with the most magnesium that
    fits is returned with ``closes_gap`` False.

    ``exclude_ids`` (e.g. the foods already eaten that day) are never proposed, nor their
    near-duplicates (the same family and head words: having eaten one kind of pumpkin
    seeds, no other pumpkin seeds are suggested), even when they are also favourites.
    """
    favourite_ids = {int(i) for i in favourites}
    if gap_mg <= 0:
        return _plan(gap_mg, kcal_budget, (), "There is no gap to close.")
    eaten = {int(i) for i in exclude_ids}
    pool = _candidates(table, diet, exclude, favourite_ids, common_only, eaten)
    if kcal_budget is not None:
        pool = [c for c in pool if c.kcal <= kcal_budget]
    best = _search(pool, gap_mg, kcal_budget, max(1, max_items), favourite_ids, variety)
    return _plan(gap_mg, kcal_budget, best, _message(gap_mg, kcal_budget, best, max_items))


def _candidates(
    table: FoodTable,
    diet: str,
    exclude: Iterable[str],
    favourite_ids: set[int],
    common_only: bool,
    exclude_ids: set[int],
) -> list[Suggestion]:
    """The best distinct servings by magnesium per kcal and per serving, plus favourites,
    none of them of the same kind as a food in ``exclude_ids``."""
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
    usable = _without(table, usable, exclude_ids)
    by_kcal = sorted(
        usable,
        key=lambda s: -s.magnesium_mg / max(s.kcal, 1.0) * s.everyday_score**RANK_EXPONENT,
    )
    by_serving = sorted(usable, key=lambda s: -s.magnesium_mg)
    pool: dict[int, Suggestion] = {s.fdc_id: s for s in usable if s.fdc_id in favourite_ids}
    per_family: dict[str, int] = {}
    for s in by_kcal:
        per_family[s.family] = per_family.get(s.family, 0) + 1
        if per_family[s.family] <= PER_FAMILY:
            pool.setdefault(s.fdc_id, s)
    for s in by_serving[:SEARCH_POOL]:
        pool.setdefault(s.fdc_id, s)
    return list(pool.values())


def _without(table: FoodTable, pool: list[Suggestion], fdc_ids: set[int]) -> list[Suggestion]:
    """The pool less these foods and every food of the same kind (``kind_keys``)."""
    known = [i for i in fdc_ids if i in table.foods.index]
    if not known:
        return pool
    family = table.foods["family"]
    kinds: set[tuple[str, str]] = set()
    for i in known:
        kinds |= kind_keys(str(family[i]), str(table.foods.at[i, "description"]))
    return [s for s in pool if s.fdc_id not in fdc_ids and not kind_keys(s.family, s.food) & kinds]


def _suggestion(row: RankedFood) -> Suggestion:
    assert row.portion and row.grams and row.magnesium_mg is not None and row.kcal is not None
    return Suggestion(
        row.fdc_id,
        row.food,
        row.family,
        row.portion,
        row.grams,
        row.magnesium_mg,
        row.kcal,
        everyday_score=row.everyday_score,
    )


def _search(
    pool: list[Suggestion],
    gap_mg: float,
    kcal_budget: float | None,
    max_items: int,
    favourite_ids: set[int],
    variety: bool = True,
) -> tuple[Suggestion, ...]:
    """The best plan of up to ``max_items`` foods of the pool, each taken once or twice,
    by the rule of ``close_gap``; every plan is scored at once."""
    if not pool:
        return ()
    foods, counts = _plans(len(pool), max(1, min(max_items, len(pool))))
    codes = {family: code for code, family in enumerate(dict.fromkeys(s.family for s in pool))}
    scores = _Scores(
        mg=_summed([s.magnesium_mg for s in pool], foods, counts),
        kcal=_summed([s.kcal for s in pool], foods, counts),
        favourites=_summed([float(s.fdc_id in favourite_ids) for s in pool], foods, counts > 0),
        families=_distinct_count(np.append([codes[s.family] for s in pool], -1)[foods]),
        kinds=_distinct_count(
            np.append(kind_codes(kind_keys(p.family, p.food) for p in pool), -1)[foods]
        ),
        items=(counts > 0).sum(axis=1),
        servings=counts.sum(axis=1),
    )
    best = _best(scores, gap_mg, kcal_budget, variety)
    if best is None:
        return ()
    chosen = zip(foods[best], counts[best], strict=True)
    return tuple(_times(pool[i], int(n)) for i, n in chosen if n)


@dataclass(frozen=True)
class _Scores:
    """Per plan (one row each): magnesium, kcal, favourites, families, kinds, foods, servings."""

    mg: np.ndarray
    kcal: np.ndarray
    favourites: np.ndarray
    families: np.ndarray
    kinds: np.ndarray
    items: np.ndarray
    servings: np.ndarray


def _best(s: _Scores, gap_mg: float, kcal_budget: float | None, variety: bool) -> int | None:
    """The row of the best plan: a closing plan with a favourite if any closes, then the
    lightest, varied and with fewest servings within the slack; else the plan in budget
    that misses the least magnesium. Never two foods of one kind (``kind_keys``)."""
    fits = s.kinds == s.items
    if kcal_budget is not None:
        fits &= s.kcal <= kcal_budget + 1e-9
    closing = fits & (s.mg >= gap_mg)
    keys: tuple[np.ndarray, ...]
    if closing.any():
        if (closing & (s.favourites > 0)).any():
            closing &= s.favourites > 0
        varied = closing & (s.families == s.items)
        chosen = varied if varied.any() else closing
        least = float(s.kcal[chosen].min())
        slack = max(VARIETY_KCAL, VARIETY_SHARE * least) if variety else 0.5
        rows = np.flatnonzero(chosen & (s.kcal <= least + slack))
        if variety:  # np.lexsort: the last key sorts first
            keys = (-s.mg, -s.favourites, s.kcal, -s.families, s.servings)
        else:
            keys = (-s.mg, -s.favourites, s.servings, np.round(s.kcal))
    else:
        rows = np.flatnonzero(fits)
        keys = (-s.favourites, s.servings, np.round(s.kcal), np.round(gap_mg - s.mg))
    if not len(rows):
        return None
    return int(rows[np.lexsort([key[rows] for key in keys])[0]])


@lru_cache(maxsize=8)
def _plans(size: int, max_items: int) -> tuple[np.ndarray, np.ndarray]:
    """Every plan of up to ``max_items`` of ``size`` foods, each taken 1..MAX_SERVINGS_EACH
    times: food indexes (-1 for none) and servings (0 for none), one row per plan."""
    foods, counts = [], []
    for items in range(1, max_items + 1):
        chosen = np.array(list(combinations(range(size), items)), dtype=np.int64)
        repeats = np.array(list(product(range(1, MAX_SERVINGS_EACH + 1), repeat=items)))
        pad = ((0, 0), (0, max_items - items))
        foods.append(np.pad(np.repeat(chosen, len(repeats), axis=0), pad, constant_values=-1))
        counts.append(np.pad(np.tile(repeats, (len(chosen), 1)), pad))
    return np.concatenate(foods), np.concatenate(counts)


def _summed(values: list[float], foods: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per plan: the sum of each food's value times its servings (-1 picks the trailing 0)."""
    return np.asarray((np.append(values, 0.0)[foods] * counts).sum(axis=1), dtype=float)


def _distinct_count(codes: np.ndarray) -> np.ndarray:
    """Per row: how many distinct non-negative codes it holds."""
    ordered = np.sort(codes, axis=1)
    new = np.ones_like(ordered, dtype=bool)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    return np.asarray((new & (ordered >= 0)).sum(axis=1))


def _times(food: Suggestion, n: int) -> Suggestion:
    if n == 1:
        return food
    return Suggestion(
        food.fdc_id,
        food.food,
        food.family,
        times_portion(food.portion, n),
        round(food.grams * n, 1),
        round(food.magnesium_mg * n, 1),
        round(food.kcal * n, 1),
        servings=n,
        everyday_score=food.everyday_score,
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
