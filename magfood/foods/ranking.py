"""Foods that bring magnesium, ranked per serving, per 100 g or per 100 kcal.

The ranking uses each food's one serving (``FoodTable.serving_of``), keeps foods people eat
as such within a diet and its exclusions, and collapses near-duplicates (``kinds``).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from magfood.foods.everyday import LEAST_EVERYDAY, MOST_KCAL_PER_SERVING, RANK_EXPONENT
from magfood.foods.families import FAMILIES, SUGGESTED, allowed
from magfood.foods.kinds import kind_keys
from magfood.foods.readable import readable_name
from magfood.table import FoodTable

RankBy = Literal["serving", "100g", "100kcal"]
RANK_BY: tuple[RankBy, ...] = ("serving", "100g", "100kcal")


@dataclass(frozen=True)
class RankedFood:
    """One food of a ranking: magnesium per serving, per 100 g and per 100 kcal side by side."""

    fdc_id: int
    food: str
    name: str
    family: str
    everyday_score: float
    portion: str | None
    grams: float | None
    magnesium_mg: float | None
    kcal: float | None
    magnesium_mg_per_100g: float
    kcal_per_100g: float | None
    magnesium_mg_per_100kcal: float | None
    favourite: bool


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
    the most everyday food of their kind (``everyday_score``), and foods rank by the figure
    times the score to ``RANK_EXPONENT``. ``common_only`` keeps everyday foods (a score of
    at least ``LEAST_EVERYDAY``, no "Escargot" or "Meat extender") in servings of at most
    ``MOST_KCAL_PER_SERVING``. Raises ValueError for an unknown ``by``, diet or family.
    """
    if by not in RANK_BY:
        raise ValueError(f"unknown ranking {by!r}; expected one of {', '.join(RANK_BY)}")
    chosen = _family_filter(family)
    favourite_ids = {int(i) for i in favourites}
    foods = table.foods
    is_favourite = foods["fdc_id"].isin(favourite_ids)
    keep = allowed(table, diet, exclude) & foods["family"].isin(chosen)
    keep &= foods["magnesium_mg_per_100g"].notna() & (foods["eaten_as_such"] | is_favourite)
    if common_only:
        kcal = foods["serving_grams"] * foods["energy_kcal_per_100g"] / 100
        everyday = (foods["everyday_score"] >= LEAST_EVERYDAY) & ~(kcal > MOST_KCAL_PER_SERVING)
        keep &= everyday | is_favourite
    rows = ranked_rows(table, foods.index[keep], favourite_ids)
    rows.sort(key=lambda r: (not r.favourite, -r.everyday_score, -_metric(r, by), len(r.food)))
    kinds = _distinct(rows, len(rows))
    kinds.sort(key=lambda r: (not r.favourite, -_weighed(r, by), len(r.food)))
    return tuple(kinds[: max(0, limit)])


def _family_filter(family: str | None) -> tuple[str, ...]:
    if family is None:
        return SUGGESTED
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; expected one of {', '.join(FAMILIES)}")
    return (family,)


def ranked_rows(
    table: FoodTable, fdc_ids: Iterable[int], favourites: Set[int] = frozenset()
) -> list[RankedFood]:
    """A ranking row (figures per serving, 100 g and 100 kcal) for each of these foods."""
    foods = table.foods.loc[list(fdc_ids)]
    rows = []
    for fdc_id, food, family, everyday, mg, kcal in zip(
        foods["fdc_id"],
        foods["description"],
        foods["family"],
        foods["everyday_score"],
        foods["magnesium_mg_per_100g"],
        foods["energy_kcal_per_100g"],
        strict=True,
    ):
        serving = table.serving_of(int(fdc_id))
        energy = None if pd.isna(kcal) else float(kcal)
        rows.append(
            RankedFood(
                fdc_id=int(fdc_id),
                food=str(food),
                name=readable_name(str(food)),
                family=str(family),
                everyday_score=float(everyday),
                portion=serving.portion if serving else None,
                grams=serving.grams if serving else None,
                magnesium_mg=serving.magnesium_mg if serving else None,
                kcal=serving.kcal if serving else None,
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


def _weighed(row: RankedFood, by: RankBy) -> float:
    """The ranked figure weighed by how everyday the food is."""
    return float(_metric(row, by) * max(row.everyday_score, 0.0) ** RANK_EXPONENT)


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
