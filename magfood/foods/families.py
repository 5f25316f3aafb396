"""Food families, diet and allergen filters, eaten-as-such, and household servings.

A food's family comes from its FDC category (SR Legacy food group or FNDDS WWEIA category),
refined by description keywords (``Tofu`` is soy, ``Almond milk`` is nuts, ``Bread,
whole-wheat`` is a whole grain). Diets and exclusions are keyword tags over the description
plus the family. The tables live in ``family_rules``; this module applies them, once per
table, and re-exports their public names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import pandas as pd

from magfood.foods.family_rules import (
    ALLERGEN_TEXT_TAGS,
    CATEGORY_FAMILY,
    CATEGORY_TAGS,
    COUNTS,
    DEFAULT_SERVING,
    DIET_EXCLUDES,
    DIETS,
    DRIED_DAIRY,
    DRIED_DAIRY_FAMILIES,
    EXCLUSION_ALIASES,
    EXCLUSIONS,
    FAMILIES,
    FAMILY_RULES,
    NEUTRAL_PHRASES,
    NOT_A_PORTION,
    NOT_EATEN_CATEGORIES,
    NOT_EATEN_FAMILIES,
    NOT_EATEN_PATTERN,
    ODD_PORTION,
    PULSE_OR_GRAIN_FAMILIES,
    RAW_IS_FINE,
    RAW_WORDS,
    SERVING_RULES,
    SIZE_WORDS,
    SR_RAW_GRAIN,
    SUGGESTED,
    SURVEY_NOT_EATEN_PATTERN,
    TAGS,
    UNSPECIFIED,
    VOLUMES,
    ServingRule,
)
from magfood.table.load import FoodTable
from magfood.units import mass_grams, unit_kind, volume_ml

__all__ = [
    "CATEGORY_FAMILY",
    "CATEGORY_TAGS",
    "DIETS",
    "DIET_EXCLUDES",
    "EXCLUSIONS",
    "EXCLUSION_ALIASES",
    "FAMILIES",
    "FAMILY_RULES",
    "MOST_GRAMS",
    "NOT_EATEN_PATTERN",
    "SERVING_RULES",
    "SUGGESTED",
    "TAGS",
    "Serving",
    "ServingRule",
    "allowed",
    "eaten_as_such",
    "families",
    "family_of",
    "food_tags",
    "serving",
    "serving_rule",
]

#: The most one serving of a family may weigh (its general rule's upper bound).
MOST_GRAMS: dict[str, float] = {
    family: rule.grams[1]
    for rule in SERVING_RULES
    if rule.pattern is None
    for family in rule.families
}


def family_of(description: str, category: str | None) -> str:
    """The family of one FDC food: its category's family, refined by description keywords."""
    family = CATEGORY_FAMILY.get(category or "", "other")
    for rule in FAMILY_RULES:
        if rule.applies(description, family):
            return rule.family
    return family


def families(table: FoodTable) -> pd.Series:
    """fdc_id -> family for every food of the table (computed once per table)."""
    return _cache(table).families


def food_tags(table: FoodTable) -> pd.DataFrame:
    """fdc_id -> one boolean column per diet/allergen tag (meat, fish, dairy, ..., gluten)."""
    return _cache(table).tags


def allowed(table: FoodTable, diet: str = "omnivore", exclude: Iterable[str] = ()) -> pd.Series:
    """fdc_id -> whether a food fits the diet and none of the exclusions.

    Exclusions are the names in ``EXCLUSIONS`` (or a word in ``EXCLUSION_ALIASES``) or a family
    name; any other word leaves out foods whose description contains it (at a word start,
    any case).
    Raises ValueError for a diet not in ``DIETS``.
    """
    if diet not in DIET_EXCLUDES:
        raise ValueError(f"unknown diet {diet!r}; expected one of {', '.join(DIETS)}")
    tags = food_tags(table)
    blocked = tags[list(DIET_EXCLUDES[diet])].any(axis=1)
    for word in exclude:
        term = re.sub(r"\s+", " ", word.strip().lower())
        if not term:
            continue
        tag = EXCLUSION_ALIASES.get(term, term)
        if tag in EXCLUSIONS:
            blocked |= tags[tag]
        elif tag in FAMILIES:
            blocked |= families(table) == tag
        else:
            blocked |= _contains(table.foods["description"], r"\b" + re.escape(term))
    return ~blocked.astype(bool)


def eaten_as_such(table: FoodTable) -> pd.Series:
    """fdc_id -> False for ingredients (raw dry beans and grains, spices, powders, flours,
    dry mixes, baby food), True for ready-to-eat foods.

    FNDDS survey foods are described as eaten, so their grains and pulses are cooked
    ("Quinoa, no added fat") unless the description says raw, uncooked or dry; SR Legacy
    names raw grains bare ("Millet, raw", "Oats") and those stay out.
    """
    return _cache(table).eaten


# --- servings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Serving:
    """A realistic household serving of one food, with its magnesium and energy."""

    fdc_id: int
    portion: str
    grams: float
    magnesium_mg: float | None
    kcal: float | None


def serving_rule(family: str, description: str) -> ServingRule:
    """The serving rule of a food: the first of ``SERVING_RULES`` for its family and words."""
    for rule in SERVING_RULES:
        if family in rule.families and (rule.pattern is None or _search(rule.pattern, description)):
            return rule
    return DEFAULT_SERVING


def serving(table: FoodTable, fdc_id: int) -> Serving | None:
    """A realistic household serving for one food, or None if FDC gives it no portion at all.

    The food's serving rule (by family and description) names its usual measures, the
    plausible weight of a serving and a typical weight. The serving is, in this order:
    1. the first usual measure (nuts 1 oz, cooked greens 1/2 cup, fruit 1 medium, ...) that
       the food's FDC portions give within the plausible weights;
    2. else the food's own household portion within them nearest the typical weight;
    3. else a scaled common portion within them nearest the typical weight (a cup or spoon
       amount from any volume portion, or a few or part of a counted one: "3 patties");
    4. else the portion nearest the plausible weights, miniatures and bite-size pieces only
       if there is nothing else, "Quantity not specified" only if that is all FDC has.
    """
    cache = _cache(table)
    if fdc_id not in cache.servings:
        cache.servings[fdc_id] = _find_serving(table, cache, int(fdc_id))
    return cache.servings[fdc_id]


class _Portion(NamedTuple):
    amount: float
    unit: str | None
    measure: str
    grams: float


_Choice = tuple[str, float]  # label, grams


def _find_serving(table: FoodTable, cache: _TableCache, fdc_id: int) -> Serving | None:
    if fdc_id not in table.foods.index:
        return None
    row = table.foods.loc[fdc_id]
    rule = serving_rule(str(cache.families[fdc_id]), str(row["description"]))
    found = _choose(rule, cache.portions.get(fdc_id, []))
    if found is None:
        return None
    label, grams = found
    return Serving(
        fdc_id=fdc_id,
        portion=label,
        grams=round(grams, 1),
        magnesium_mg=_per(grams, row["magnesium_mg_per_100g"]),
        kcal=_per(grams, row["energy_kcal_per_100g"]),
    )


def _per(grams: float, per_100g: Any) -> float | None:
    return None if pd.isna(per_100g) else round(grams * float(per_100g) / 100, 1)


def _choose(rule: ServingRule, portions: list[_Portion]) -> _Choice | None:
    usable = [p for p in portions if not _search(NOT_A_PORTION + "|" + ODD_PORTION, p.measure)]
    low, high = rule.grams

    def fits(choice: _Choice | None) -> bool:
        return choice is not None and low <= choice[1] <= high

    for unit, amount in rule.measures:
        found = _measure(unit, amount, usable)
        if found is not None and fits(found):
            return found
    within = [c for c in _own(usable) if fits(c)]
    if within:
        return _nearest(within, rule.typical)
    counted = [c for c in _counted(usable) if fits(c)]
    if counted:
        return counted[0]
    within = [c for c in _volumes(usable) if fits(c)]
    if within:
        return _nearest(within, rule.typical)
    odd = [p for p in portions if not _search(NOT_A_PORTION, p.measure)]
    rest = _own(usable) or _own(odd)
    if rest:
        return min(rest, key=lambda c: max(low / c[1], c[1] / high))
    unspecified = [p for p in portions if p.measure.strip().lower() == UNSPECIFIED.lower()]
    return (UNSPECIFIED, unspecified[0].grams) if unspecified else None


def _nearest(choices: list[_Choice], typical: float) -> _Choice:
    return min(choices, key=lambda c: abs(math.log(c[1] / typical)))


def _measure(unit: str, amount: float, portions: list[_Portion]) -> _Choice | None:
    """(label, grams) for ``amount`` of ``unit`` from the food's portions, if they allow it."""
    kind = unit_kind(unit)
    if kind == "mass":
        return _label(amount, unit), mass_grams(amount, unit)
    for p in portions:
        if p.unit == unit:
            return _label(amount, unit, p.measure), p.grams / p.amount * amount
    if unit == "each" and amount == 1:
        return _each(portions)
    if kind == "volume":
        for p in portions:
            if p.unit is not None and unit_kind(p.unit) == "volume":
                ml = volume_ml(p.amount, p.unit)
                return _label(amount, unit), p.grams / ml * volume_ml(amount, unit)
    return None


def _each(portions: list[_Portion]) -> _Choice | None:
    """One unnamed item ("1 banana"), else one of regular or medium size ("1 regular")."""
    items = [p for p in portions if _one_item(p) is not None]
    sized = [p for p in portions if _bare_size(p) in _USUAL_SIZES]
    found = items[0] if items else sized[0] if sized else None
    return None if found is None else (_clean_measure(found.measure), found.grams)


def _own(portions: list[_Portion]) -> list[_Choice]:
    """The food's household portions as FDC gives them, and per one unit (FDC's wording
    for weights: "3 hotcakes 5.3 oz" is 149 g)."""
    choices: list[_Choice] = []
    for p in portions:
        if p.unit is None or unit_kind(p.unit) == "mass":
            choices.append((_clean_measure(p.measure), p.grams))
            continue
        choices.append((_label(p.amount, p.unit, p.measure), p.grams))
        if p.amount != 1:
            choices.append((_label(1, p.unit, p.measure), p.grams / p.amount))
    return choices


def _counted(portions: list[_Portion]) -> list[_Choice]:
    """A few or part of a counted portion ("3 patties", "1/2 can"), fewest changes first."""
    choices: list[tuple[float, str, float]] = []
    for p in portions:
        item = _one_item(p)
        counted = p.unit is not None and unit_kind(p.unit) == "household"
        for n in COUNTS if item is not None or counted else ():
            if item is not None:
                label, grams = _item_label(n, *item), p.grams * n
            else:
                assert p.unit is not None
                label, grams = _label(n, p.unit, p.measure), p.grams / p.amount * n
            choices.append((abs(math.log(n)), label, grams))
    return [(label, grams) for _, label, grams in sorted(choices, key=lambda c: c[0])]


def _volumes(portions: list[_Portion]) -> list[_Choice]:
    """Cup and spoon amounts of the food's first volume portion."""
    volume = next((p for p in portions if p.unit and unit_kind(p.unit) == "volume"), None)
    if volume is None or volume.unit is None:
        return []
    per_ml = volume.grams / volume_ml(volume.amount, volume.unit)
    return [
        (
            _label(amount, unit, volume.measure if unit == volume.unit else ""),
            per_ml * volume_ml(amount, unit),
        )
        for unit, amount in VOLUMES
    ]


#: "1 banana", "1 date, pitted": a single item FDC gives without a unit word.
_ONE_ITEM = re.compile(r"^1 ([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?:, ([^,]{1,30}))?$", re.IGNORECASE)


def _one_item(p: _Portion) -> tuple[str, str] | None:
    """(noun, detail) of a single unnamed item ("1 pattie"), not of a bare size ("1 regular")."""
    if p.unit is not None or p.amount != 1:
        return None
    match = _ONE_ITEM.match(p.measure.split("(")[0].strip())
    if match is None or match.group(1).lower() in SIZE_WORDS:
        return None
    return match.group(1), match.group(2) or ""


_USUAL_SIZES = ("regular", "medium")


def _bare_size(p: _Portion) -> str | None:
    """ "regular" for FDC's "1 regular": an item named only by its size."""
    if p.unit is not None or p.amount != 1:
        return None
    match = _ONE_ITEM.match(p.measure.split("(")[0].strip())
    size = match.group(1).lower() if match else None
    return size if size in SIZE_WORDS else None


def _item_label(amount: float, noun: str, detail: str) -> str:
    text = f"{_fraction(amount)} {_plural(noun) if amount > 1 else noun}"
    return f"{text}, {detail}" if detail else text


def _label(amount: float, unit: str, measure: str = "") -> str:
    """ "1/2 cup, chopped": the amount as a kitchen fraction, the unit, the FDC wording."""
    text = f"{_fraction(amount)} {_plural(unit) if amount > 1 else unit}"
    head = measure.split("(")[0]
    detail = head.split(",", 1)[1].strip() if "," in head else ""
    return f"{text}, {detail}" if detail and len(detail) <= 30 else text


def _fraction(amount: float) -> str:
    whole, part = divmod(Fraction(amount).limit_denominator(8), 1)
    if part == 0:
        return str(whole)
    return f"{whole} {part}" if whole else str(part)


def _plural(unit: str) -> str:
    if unit in ("oz", "fl oz", "tbsp", "tsp", "g", "ml", *SIZE_WORDS):
        return unit
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    return unit + "es" if unit.endswith(("ch", "sh", "x")) else unit + "s"


def _clean_measure(measure: str) -> str:
    return re.sub(r"\s+", " ", measure.split("(")[0]).strip(" ,") or measure


# --- the per-table cache ----------------------------------------------------------------


@dataclass
class _TableCache:
    table: FoodTable
    families: pd.Series
    tags: pd.DataFrame
    eaten: pd.Series
    portions: dict[int, list[_Portion]]
    servings: dict[int, Serving | None]


_CACHES: dict[int, _TableCache] = {}
_CACHE_SIZE = 4


def _cache(table: FoodTable) -> _TableCache:
    cached = _CACHES.get(id(table))
    if cached is not None and cached.table is table:
        return cached
    foods = table.foods
    family = pd.Series(
        [
            family_of(str(d), None if pd.isna(c) else str(c))
            for d, c in zip(foods["description"], foods["category"], strict=True)
        ],
        index=foods.index,
        dtype="string",
        name="family",
    )
    cached = _TableCache(
        table=table,
        families=family,
        tags=_tags(foods["description"].fillna("").astype(str), family, foods["category"]),
        eaten=_eaten(foods, family),
        portions=_portions_by_food(table.portions),
        servings={},
    )
    while len(_CACHES) >= _CACHE_SIZE:
        _CACHES.pop(next(iter(_CACHES)))
    _CACHES[id(table)] = cached
    return cached


def _tags(descriptions: pd.Series, family: pd.Series, category: pd.Series) -> pd.DataFrame:
    text = descriptions.str.replace("|".join(NEUTRAL_PHRASES), " ", case=False, regex=True)
    columns = {}
    for tag, (pattern, tagged_families, cancel) in TAGS.items():
        hit = _contains(descriptions if tag in ALLERGEN_TEXT_TAGS else text, pattern)
        hit |= family.isin(tagged_families)
        hit |= category.isin(CATEGORY_TAGS.get(tag, ())).fillna(False).astype(bool)
        if cancel:
            hit &= ~_contains(descriptions, cancel)
        columns[tag] = hit.astype(bool)
    # The soy half of "soy and dairy" is not dairy unless its description says so.
    soy_only = (family == "soy and dairy") & columns["soy"] & ~_contains(text, TAGS["dairy"][0])
    columns["dairy"] &= ~soy_only
    return pd.DataFrame(columns, index=descriptions.index)


def _eaten(foods: pd.DataFrame, family: pd.Series) -> pd.Series:
    text = foods["description"].fillna("")
    survey = (foods["data_type"] == "survey_fndds").fillna(False).astype(bool)
    pulse_or_grain = family.isin(PULSE_OR_GRAIN_FAMILIES) | _contains(text, "mature seeds")
    raw = _contains(text, RAW_WORDS) | (~survey & _contains(text, SR_RAW_GRAIN))
    raw &= pulse_or_grain & ~_contains(text, RAW_IS_FINE)
    reference = _contains(text, NOT_EATEN_PATTERN)
    reference |= _contains(text, DRIED_DAIRY) & family.isin(DRIED_DAIRY_FAMILIES)
    ingredient = (survey & _contains(text, SURVEY_NOT_EATEN_PATTERN)) | (~survey & reference)
    not_eaten = raw | ingredient
    not_eaten |= family.isin(NOT_EATEN_FAMILIES)
    not_eaten |= foods["category"].isin(NOT_EATEN_CATEGORIES).fillna(False).astype(bool)
    return ~not_eaten.astype(bool)


def _contains(text: pd.Series, pattern: str) -> pd.Series:
    """Case-insensitive regex search over a string column (patterns have no capturing groups)."""
    return text.str.contains(pattern, case=False, regex=True).fillna(False).astype(bool)


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def _portions_by_food(portions: pd.DataFrame) -> dict[int, list[_Portion]]:
    ordered = portions.sort_values(["fdc_id", "seq_num"], na_position="last")
    grouped: dict[int, list[_Portion]] = {}
    for fdc_id, amount, unit, measure, weight in zip(
        ordered["fdc_id"],
        ordered["amount"],
        ordered["unit"],
        ordered["measure"],
        ordered["gram_weight"],
        strict=True,
    ):
        grouped.setdefault(int(fdc_id), []).append(
            _Portion(
                float(amount), None if pd.isna(unit) else str(unit), str(measure), float(weight)
            )
        )
    return grouped
