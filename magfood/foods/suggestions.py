"""Foods that bring magnesium: a ranked list by family, and a few servings that close a gap.

Both work on realistic household servings (``families.serving``) of foods people eat as
such, within a diet and its exclusions, and collapse near-duplicates (five kinds of
pumpkin seeds become one) by their kind keys (``kind_keys``: head words, and the set of
content words, so "Soybean curd cheese" and "Soybean, curd cheese" are one food).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, product
from typing import Literal

import numpy as np
import pandas as pd

from magfood.foods.families import FAMILIES, SUGGESTED, allowed, eaten_as_such, families, serving
from magfood.foods.family_rules import FILLER_WORDS, FORM_WORDS, GROUP_HEADS, KIND_WORDS
from magfood.table.load import FoodTable

RankBy = Literal["serving", "100g", "100kcal"]
RANK_BY: tuple[RankBy, ...] = ("serving", "100g", "100kcal")


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
    """The first row of each kind (any shared ``kind_keys``), in order; favourites kept."""
    seen: set[tuple[str, str]] = set()
    kept: list[RankedFood] = []
    for row in rows:
        if len(kept) >= limit:
            break
        keys = kind_keys(row.family, row.food)
        if keys & seen and not row.favourite:
            continue
        seen |= keys
        kept.append(row)
    return kept


def kind_keys(family: str, description: str) -> frozenset[tuple[str, str]]:
    """What makes two foods near-duplicates: sharing any of these keys.

    The family with the head words ("pumpkin" for every kind of pumpkin seeds), and the
    family with the sorted set of singular content words, punctuation, word order and
    salt/NFS/cooking words ignored ("Soybean curd cheese" = "Soybean, curd cheese").
    """
    return frozenset({(family, head_words(description)), (family, content_key(description))})


def content_key(description: str) -> str:
    """The sorted set of singular content words of a description (digits kept)."""
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", text)
    return " ".join(sorted({_singular(w) for w in words if w not in FILLER_WORDS}))


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
    while len(segments) > 1 and segments[0] in GROUP_HEADS:
        segments = segments[1:]
    if not segments:
        return description.lower()
    words = _content_words(segments[0])
    head = words[:1]
    if segments[0] in KIND_WORDS and len(segments) > 1:
        head += _content_words(segments[1])[:1]
    forms = [w for w in _content_words(segments[0]) if w in FORM_WORDS and w not in head]
    return " ".join(head + sorted(set(forms))) or segments[0]


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z'-]*", text)
    return [_singular(w) for w in words if w not in FILLER_WORDS]


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
    by_kcal = sorted(usable, key=lambda s: -s.magnesium_mg / max(s.kcal, 1.0))
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
    family = families(table)
    kinds: set[tuple[str, str]] = set()
    for i in known:
        kinds |= kind_keys(str(family[i]), str(table.foods.at[i, "description"]))
    return [s for s in pool if s.fdc_id not in fdc_ids and not kind_keys(s.family, s.food) & kinds]


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
        kinds=_distinct_count(np.append(_kind_codes(pool), -1)[foods]),
        items=(counts > 0).sum(axis=1),
        servings=counts.sum(axis=1),
    )
    best = _best(scores, gap_mg, kcal_budget, variety)
    if best is None:
        return ()
    chosen = zip(foods[best], counts[best], strict=True)
    return tuple(_times(pool[i], int(n)) for i, n in chosen if n)


def _kind_codes(pool: list[Suggestion]) -> list[int]:
    """Per pool food: the index of the first pool food of the same kind (``kind_keys``)."""
    first: dict[tuple[str, str], int] = {}
    codes = []
    for i, s in enumerate(pool):
        keys = kind_keys(s.family, s.food)
        code = min((first[k] for k in keys if k in first), default=i)
        first.update({k: code for k in keys if k not in first})
        codes.append(code)
    return codes


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
