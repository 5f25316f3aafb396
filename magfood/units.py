"""Unit words and conversions: one pint registry for every unit magfood knows.

Three kinds of unit:

* **mass** (mg, g, kg, oz, lb) converts straight to grams;
* **volume** (ml, l, cup, tbsp, tsp, fl oz, pint, quart, gallon, cubic inch) converts
  to millilitres, and to grams only through a food's own volume portion;
* **household** (slice, piece, medium, each, can, ...) has no fixed size: a food's
  FDC portion gives its grams.

Household words are defined in the registry as multiples of one ``each`` in their own
``[household]`` dimension, so every word resolves and none converts to grams by accident.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

import pint

UnitKind = Literal["mass", "volume", "household"]

#: Canonical unit -> pint expression. Mass and volume use pint's own US customary units.
_MASS = {
    "mg": "milligram",
    "g": "gram",
    "kg": "kilogram",
    "oz": "avoirdupois_ounce",
    "lb": "avoirdupois_pound",
}
_VOLUME = {
    "ml": "milliliter",
    "l": "liter",
    "cup": "cup",
    "tbsp": "tablespoon",
    "tsp": "teaspoon",
    "fl oz": "fluid_ounce",
    "pint": "pint",
    "quart": "quart",
    "gallon": "gallon",
    "cubic inch": "cubic_inch",
}

#: Size words: a count of a food of that size ("1 large banana").
SIZES = ("extra small", "small", "medium", "large", "extra large", "jumbo")

#: Household words that are also the food ("2 eggs", "an olive", "egg salad"): never read
#: as a unit in user text; a count of them uses the food's own portion in that word.
_FOOD_NOUN_WORDS = (
    "leaf",
    "fillet",
    "steak",
    "patty",
    "link",
    "cookie",
    "cracker",
    "muffin",
    "bagel",
    "tortilla",
    "sandwich",
    "egg",
    "fruit",
    "chop",
    "breast",
    "thigh",
    "drumstick",
    "wing",
    "leg",
    "roll",
    "biscuit",
    "pancake",
    "waffle",
    "cake",
    "pie",
    "square",
    "pod",
    "floret",
    "nut",
    "kernel",
    "shrimp",
    "olive",
    "date",
    "bun",
    "pizza",
    "taco",
    "burrito",
    "doughnut",
    "drink",
    "chip",
    "pretzel",
    "nugget",
    "cutlet",
)
FOOD_NOUNS = frozenset(_FOOD_NOUN_WORDS)

#: Household nouns a food's portion can be measured in: measures, the food nouns above,
#: and sizes.
HOUSEHOLD = (
    "each",
    "serving",
    "slice",
    "piece",
    "handful",
    "bowl",
    "can",
    "clove",
    "stalk",
    "scoop",
    "packet",
    "package",
    "bar",
    "stick",
    "container",
    "jar",
    "bottle",
    "spear",
    "head",
    "bunch",
    "ear",
    "wedge",
    "strip",
    "pouch",
    "tablet",
    "capsule",
    "sprig",
    "cup measure",
    "sheet",
    "tub",
    "carton",
    "bag",
    "box",
    "loaf",
    "pat",
    "dash",
    "pinch",
    "portion",
    "item",
    "shot",
    "glass",
    "mug",
    *_FOOD_NOUN_WORDS,
    *SIZES,
)


#: Household words with a customary size, used only when the matched food has no FDC
#: portion in that word: (amount, mass or volume unit, where the convention comes from).
CONVENTIONS: dict[str, tuple[float, str, str]] = {
    "handful": (1.0, "oz", "a handful of nuts or dried fruit is about 1 oz (FDA RACC for nuts)"),
    "shot": (1.0, "fl oz", "an espresso shot is about 1 fl oz"),
    "glass": (8.0, "fl oz", "a glass is taken as 8 fl oz, one US cup"),
    "mug": (8.0, "fl oz", "a mug is taken as 8 fl oz, one US cup"),
}

#: Household words that stand in for each other when a food has a portion in one only
#: ("a slice of pizza" uses FNDDS "1 piece"; "a bottle of beer" uses "1 can or bottle").
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "slice": ("piece",),
    "piece": ("slice", "each", "item"),
    "bottle": ("can",),
    "can": ("bottle",),
    "each": ("item", "fruit", "piece"),
    "item": ("each", "fruit", "piece"),
    "fruit": ("each", "item"),
    "kernel": ("nut",),
    "nut": ("kernel",),
    "biscuit": ("each",),
    "bar": ("each", "piece"),
}

#: Spelling variants, abbreviations and plurals -> canonical unit.
ALIASES: dict[str, str] = {
    # mass
    "milligram": "mg",
    "milligrams": "mg",
    "mgs": "mg",
    "gram": "g",
    "grams": "g",
    "gr": "g",
    "grs": "g",
    "gm": "g",
    "gms": "g",
    "grammes": "g",
    "gramme": "g",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kgs": "kg",
    "ounce": "oz",
    "ounces": "oz",
    "ozs": "oz",
    "oz.": "oz",
    "pound": "lb",
    "pounds": "lb",
    "lbs": "lb",
    "lb.": "lb",
    "lbs.": "lb",
    # volume
    "milliliter": "ml",
    "milliliters": "ml",
    "millilitre": "ml",
    "millilitres": "ml",
    "mls": "ml",
    "cc": "ml",
    "liter": "l",
    "liters": "l",
    "litre": "l",
    "litres": "l",
    "ltr": "l",
    "cups": "cup",
    "c": "cup",
    "c.": "cup",
    "tablespoon": "tbsp",
    "tablespoons": "tbsp",
    "tbsps": "tbsp",
    "tbs": "tbsp",
    "tbl": "tbsp",
    "tbsp.": "tbsp",
    "tbs.": "tbsp",
    "teaspoon": "tsp",
    "teaspoons": "tsp",
    "tsps": "tsp",
    "tsp.": "tsp",
    "fluid ounce": "fl oz",
    "fluid ounces": "fl oz",
    "fl. oz": "fl oz",
    "fl.oz": "fl oz",
    "fl oz.": "fl oz",
    "floz": "fl oz",
    "pints": "pint",
    "pt": "pint",
    "quarts": "quart",
    "qt": "quart",
    "gallons": "gallon",
    "gal": "gallon",
    "cubic inches": "cubic inch",
    "cu in": "cubic inch",
    # household plurals and variants
    "slices": "slice",
    "pieces": "piece",
    "pcs": "piece",
    "pc": "piece",
    "handfuls": "handful",
    "servings": "serving",
    "bowls": "bowl",
    "cans": "can",
    "cloves": "clove",
    "stalks": "stalk",
    "leaves": "leaf",
    "scoops": "scoop",
    "packets": "packet",
    "packages": "package",
    "pkg": "package",
    "bars": "bar",
    "sticks": "stick",
    "containers": "container",
    "jars": "jar",
    "bottles": "bottle",
    "fillets": "fillet",
    "filet": "fillet",
    "filets": "fillet",
    "steaks": "steak",
    "patties": "patty",
    "links": "link",
    "cookies": "cookie",
    "crackers": "cracker",
    "muffins": "muffin",
    "bagels": "bagel",
    "tortillas": "tortilla",
    "spears": "spear",
    "heads": "head",
    "bunches": "bunch",
    "ears": "ear",
    "sandwiches": "sandwich",
    "eggs": "egg",
    "fruits": "fruit",
    "wedges": "wedge",
    "strips": "strip",
    "chops": "chop",
    "breasts": "breast",
    "thighs": "thigh",
    "drumsticks": "drumstick",
    "wings": "wing",
    "legs": "leg",
    "rolls": "roll",
    "biscuits": "biscuit",
    "pancakes": "pancake",
    "waffles": "waffle",
    "pouches": "pouch",
    "cakes": "cake",
    "pies": "pie",
    "tablets": "tablet",
    "tabs": "tablet",
    "tab": "tablet",
    "capsules": "capsule",
    "caps": "capsule",
    "cap": "capsule",
    "squares": "square",
    "sprigs": "sprig",
    "pods": "pod",
    "florets": "floret",
    "nuts": "nut",
    "kernels": "kernel",
    "olives": "olive",
    "dates": "date",
    "buns": "bun",
    "pizzas": "pizza",
    "tacos": "taco",
    "burritos": "burrito",
    "doughnuts": "doughnut",
    "donut": "doughnut",
    "donuts": "doughnut",
    "drinks": "drink",
    "sheets": "sheet",
    "chips": "chip",
    "pretzels": "pretzel",
    "nuggets": "nugget",
    "tubs": "tub",
    "cartons": "carton",
    "bags": "bag",
    "boxes": "box",
    "loaves": "loaf",
    "cutlets": "cutlet",
    "pats": "pat",
    "dashes": "dash",
    "pinches": "pinch",
    "portions": "portion",
    "items": "item",
    "units": "each",
    "unit": "each",
    "whole": "each",
    "med": "medium",
    "med.": "medium",
    "lg": "large",
    "lrg": "large",
    "sm": "small",
    "sml": "small",
    "xl": "extra large",
    "extra-large": "extra large",
    "extra-small": "extra small",
    "nlea serving": "serving",
    "shots": "shot",
    "glasses": "glass",
    "mugs": "mug",
}

_CANONICAL: dict[str, UnitKind] = {
    **{u: "mass" for u in _MASS},
    **{u: "volume" for u in _VOLUME},
    **{u: "household" for u in HOUSEHOLD},
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry, with household words in their own dimension."""
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry()
    ureg.define(f"{_pint_name('each')} = [household]")
    for word in HOUSEHOLD:
        if word != "each":
            ureg.define(f"{_pint_name(word)} = {_pint_name('each')}")
    return ureg


def _pint_name(unit: str) -> str:
    """The registry's name for a canonical unit."""
    if unit in _MASS:
        return _MASS[unit]
    if unit in _VOLUME:
        return _VOLUME[unit]
    return "household_" + re.sub(r"\W+", "_", unit)


def canonical_unit(word: str) -> str | None:
    """The canonical unit for a word as people write it, or None if it is not a unit.

    Case matters only for ``T`` (tablespoon) versus ``t`` (teaspoon), as in US recipes.
    """
    raw = word.strip()
    if raw in ("T", "Tb", "Tbs", "TBSP", "Tbsp", "TB"):
        return "tbsp"
    lowered = re.sub(r"\s+", " ", raw.lower())
    if lowered == "t" and raw == "t":
        return "tsp"
    if lowered in _CANONICAL:
        return lowered
    return ALIASES.get(lowered) or ALIASES.get(lowered.rstrip("."))


def unit_kind(unit: str) -> UnitKind:
    """Whether a canonical unit is a mass, a volume or a household measure."""
    return _CANONICAL[unit]


def known_units() -> tuple[str, ...]:
    """Every canonical unit."""
    return tuple(_CANONICAL)


def quantity(amount: float, unit: str) -> pint.Quantity[Any]:
    """A pint quantity for an amount of a canonical unit."""
    ureg = registry()
    return ureg.Quantity(amount, _pint_name(unit))


def mass_grams(amount: float, unit: str) -> float:
    """Grams in an amount of a mass unit."""
    return amount * _factor(unit, "gram")


def volume_ml(amount: float, unit: str) -> float:
    """Millilitres in an amount of a volume unit."""
    return amount * _factor(unit, "milliliter")


@lru_cache(maxsize=64)
def _factor(unit: str, target: str) -> float:
    """One unit in the target unit, asked of the registry once per pair."""
    return float(quantity(1.0, unit).to(target).magnitude)


def unit_in_text(text: str) -> str | None:
    """The unit an FDC portion text is measured in, e.g. "cup, chopped" -> "cup".

    Reads "1 small/regular fillet" as "fillet" and "1 medium (7\" long)" as "medium":
    a noun wins over a size word, and a size word over nothing.
    """
    words = re.findall(r"[a-z]+(?:\.)?", text.lower().split("(")[0])
    size: str | None = None
    for i, word in enumerate(words):
        pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else ""
        unit = (canonical_unit(pair) if pair else None) or canonical_unit(word)
        if unit is None or len(word) == 1:
            continue
        if unit in SIZES:
            size = size or unit
            continue
        return unit
    return size
