"""One serving of a food: the one answer the parser (no amount given), the Foods ranking,
close-the-gap and the planner all use.

The rules are data (``servings.toml``), one record per kind of food: the food's family and
description pick its kind; the kind names its usual household measures, the plausible
weight of a serving and a typical weight. The serving is, in this order:

1. the first usual measure (nuts 1 oz, cooked greens 1/2 cup, fruit 1 medium, ...) that
   the food's FDC portions give within the plausible weights;
2. else the food's own household portion within them nearest the typical weight;
3. else a few or part of a counted portion within them ("3 patties", "1/2 can");
4. else a cup or spoon amount of its volume portion within them, nearest the typical weight;
5. else the portion nearest the plausible weights (miniatures and bite-size pieces only if
   there is nothing else), FNDDS "Quantity not specified" only if that is all FDC has.

The refresh computes every food's serving once (``derive_servings``) and stores it with the
table; at run time ``FoodTable.serving_of`` reads it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from magfood.foods.rules import load_data, pattern
from magfood.table import UNSPECIFIED, Portion
from magfood.units import (
    SIZE_WORDS,
    household_text,
    mass_grams,
    portion_cups,
    unit_kind,
    volume_ml,
)

_DATA = load_data("servings.toml")
NOT_A_PORTION = pattern(_DATA["not_a_portion"])
ODD_PORTION = pattern(_DATA["odd_portion"])
COUNTS: tuple[float, ...] = tuple(float(n) for n in _DATA["counts"])


def _measures(texts: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """ "1 cup", "1/2 cup", "8 fl oz" -> ("cup", 1.0), ("cup", 0.5), ("fl oz", 8.0)."""
    found = []
    for text in texts:
        amount, unit = text.split(" ", 1)
        found.append((unit, float(Fraction(amount))))
    return tuple(found)


VOLUMES = _measures(_DATA["volumes"])


@dataclass(frozen=True)
class ServingRule:
    """How one kind of food is served: the plausible weight of one serving in grams, the
    typical weight, its usual household measures (best first), and the description pattern
    that picks the kind within its families (None: all of them)."""

    kind: str
    families: tuple[str, ...]
    grams: tuple[float, float]
    typical: float
    usual: tuple[str, ...] = ()
    pattern: str | None = None
    measures: tuple[tuple[str, float], ...] = field(init=False, repr=False, compare=False)
    regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", _measures(self.usual))
        regex = re.compile(self.pattern, re.IGNORECASE) if self.pattern else None
        object.__setattr__(self, "regex", regex)

    def fits(self, family: str, description: str) -> bool:
        if self.families and family not in self.families:
            return False
        return self.regex is None or self.regex.search(description) is not None


def _rule(record: Mapping[str, Any]) -> ServingRule:
    low, high = record["grams"]
    return ServingRule(
        kind=str(record["kind"]),
        families=tuple(record.get("families", ())),
        grams=(float(low), float(high)),
        typical=float(record["typical"]),
        usual=tuple(record.get("usual", ())),
        pattern=pattern(record["pattern"]) if "pattern" in record else None,
    )


#: Serving rules, first match (family and description) wins; the last has no family and
#: serves any food no other rule fits.
SERVING_RULES: tuple[ServingRule, ...] = tuple(_rule(r) for r in _DATA["rule"])
DEFAULT_SERVING = SERVING_RULES[-1]


def serving_rule(family: str, description: str) -> ServingRule:
    """The serving rule of a food: the first of ``SERVING_RULES`` for its family and words."""
    return next((r for r in SERVING_RULES if r.fits(family, description)), DEFAULT_SERVING)


def most_grams(family: str) -> float:
    """The most one serving of a family may weigh (its general rule's upper bound)."""
    general = [r for r in SERVING_RULES if r.pattern is None and family in r.families]
    return general[0].grams[1] if general else DEFAULT_SERVING.grams[1]


Choice = tuple[str, float]  # household text, grams


def choose_serving(rule: ServingRule, portions: Sequence[Portion]) -> Choice | None:
    """(household text, grams) of one serving of a food with these portions, or None."""
    usable = [p for p in portions if not _search(NOT_A_PORTION + "|" + ODD_PORTION, p.measure)]
    low, high = rule.grams

    def fits(choice: Choice | None) -> bool:
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
    return (UNSPECIFIED, unspecified[0].gram_weight) if unspecified else None


def derive_servings(
    foods: pd.DataFrame, portions: Mapping[int, Sequence[Portion]], family: pd.Series
) -> pd.DataFrame:
    """The serving columns of every food: ``serving_portion``, ``serving_grams``,
    ``serving_kind`` and ``serving_cups`` (the serving's volume in US cups, for a cup or
    spoon measure; computed here so that no process needs the unit registry for it). All
    None where FDC gives the food no portion at all."""
    rows: list[tuple[str | None, float | None, str | None, float | None]] = []
    for fdc_id, description, fam in zip(
        foods["fdc_id"].tolist(), foods["description"].tolist(), family.tolist(), strict=True
    ):
        rule = serving_rule(str(fam), str(description))
        found = choose_serving(rule, portions.get(int(fdc_id), ()))
        if found is None:
            rows.append((None, None, None, None))
        else:
            rows.append((found[0], found[1], rule.kind, portion_cups(found[0])))
    columns = ["serving_portion", "serving_grams", "serving_kind", "serving_cups"]
    frame = pd.DataFrame(rows, columns=columns, index=foods.index)
    return frame.astype(
        {
            "serving_portion": "string",
            "serving_grams": "float64",
            "serving_kind": "string",
            "serving_cups": "float64",
        }
    )


def _nearest(choices: list[Choice], typical: float) -> Choice:
    return min(choices, key=lambda c: abs(math.log(c[1] / typical)))


def _measure(unit: str, amount: float, portions: list[Portion]) -> Choice | None:
    """(text, grams) for ``amount`` of ``unit`` from the food's portions, if they allow it."""
    kind = unit_kind(unit)
    if kind == "mass":
        return household_text(amount, unit), mass_grams(amount, unit)
    for p in portions:
        if p.unit == unit:
            return _label(amount, unit, p.measure), p.grams_per_unit * amount
    if unit == "each" and amount == 1:
        return _each(portions)
    if kind == "volume":
        for p in portions:
            if p.unit is not None and unit_kind(p.unit) == "volume":
                ml = volume_ml(p.amount, p.unit)
                return household_text(amount, unit), p.gram_weight / ml * volume_ml(amount, unit)
    return None


def _each(portions: list[Portion]) -> Choice | None:
    """One unnamed item ("1 banana"), else one of regular or medium size ("1 regular")."""
    items = [p for p in portions if _one_item(p) is not None]
    sized = [p for p in portions if _bare_size(p) in _USUAL_SIZES]
    found = items[0] if items else sized[0] if sized else None
    return None if found is None else (_clean_measure(found.measure), found.gram_weight)


def _own(portions: list[Portion]) -> list[Choice]:
    """The food's household portions as FDC gives them, and per one unit (FDC's wording
    for weights: "3 hotcakes 5.3 oz" is 149 g)."""
    choices: list[Choice] = []
    for p in portions:
        if p.unit is None or unit_kind(p.unit) == "mass":
            choices.append((_clean_measure(p.measure), p.gram_weight))
            continue
        choices.append((_label(p.amount, p.unit, p.measure), p.gram_weight))
        if p.amount != 1:
            choices.append((_label(1, p.unit, p.measure), p.grams_per_unit))
    return choices


def _counted(portions: list[Portion]) -> list[Choice]:
    """A few or part of a counted portion ("3 patties", "1/2 can"), fewest changes first."""
    choices: list[tuple[float, str, float]] = []
    for p in portions:
        item = _one_item(p)
        counted = p.unit is not None and unit_kind(p.unit) == "household"
        for n in COUNTS if item is not None or counted else ():
            if item is not None:
                noun, detail = item
                label, grams = household_text(n, noun, detail), p.gram_weight * n
            else:
                assert p.unit is not None
                label, grams = _label(n, p.unit, p.measure), p.grams_per_unit * n
            choices.append((abs(math.log(n)), label, grams))
    return [(label, grams) for _, label, grams in sorted(choices, key=lambda c: c[0])]


def _volumes(portions: list[Portion]) -> list[Choice]:
    """Cup and spoon amounts of the food's first volume portion."""
    volume = next((p for p in portions if p.unit and unit_kind(p.unit) == "volume"), None)
    if volume is None or volume.unit is None:
        return []
    per_ml = volume.gram_weight / volume_ml(volume.amount, volume.unit)
    return [
        (
            _label(amount, unit, volume.measure if unit == volume.unit else ""),
            per_ml * volume_ml(amount, unit),
        )
        for unit, amount in VOLUMES
    ]


#: "1 banana", "1 date, pitted": a single item FDC gives without a unit word.
_ONE_ITEM = re.compile(r"^1 ([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?:, ([^,]{1,30}))?$", re.IGNORECASE)
_USUAL_SIZES = ("regular", "medium")


def _one_item(p: Portion) -> tuple[str, str] | None:
    """(noun, detail) of a single unnamed item ("1 pattie"), not of a bare size ("1 regular")."""
    if p.unit is not None or p.amount != 1:
        return None
    match = _ONE_ITEM.match(p.measure.split("(")[0].strip())
    if match is None or _is_size(match.group(1)):
        return None
    return match.group(1), match.group(2) or ""


def _bare_size(p: Portion) -> str | None:
    """ "regular" for FDC's "1 regular": an item named only by its size."""
    if p.unit is not None or p.amount != 1:
        return None
    match = _ONE_ITEM.match(p.measure.split("(")[0].strip())
    size = match.group(1).lower() if match else None
    return size if size is not None and _is_size(size) else None


def _is_size(words: str) -> bool:
    return all(w in SIZE_WORDS for w in words.lower().split())


def _label(amount: float, unit: str, measure: str = "") -> str:
    """ "1/2 cup, chopped": the amount as a kitchen fraction, the unit, the FDC wording."""
    head = measure.split("(")[0]
    detail = head.split(",", 1)[1].strip() if "," in head else ""
    return household_text(amount, unit, detail if len(detail) <= 30 else "")


def _clean_measure(measure: str) -> str:
    return re.sub(r"\s+", " ", measure.split("(")[0]).strip(" ,") or measure


def _search(text_pattern: str, text: str) -> bool:
    return re.search(text_pattern, text, re.IGNORECASE) is not None
