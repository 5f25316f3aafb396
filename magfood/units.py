"""Unit words, conversions and household amounts as text: the one home for all three.

Three kinds of unit:

* **mass** (mg, g, kg, oz, lb) converts straight to grams;
* **volume** (ml, l, cup, tbsp, tsp, fl oz, pint, quart, gallon, cubic inch) converts
  to millilitres, and to grams only through a food's own volume portion;
* **household** (slice, piece, medium, each, can, ...) has no fixed size: a food's
  FDC portion gives its grams.

The words are data (``units.toml``). Household words are defined in the one pint registry
as multiples of one ``each`` in their own ``[household]`` dimension, so every word resolves
and none converts to grams by accident. Household amounts are written here too
("1 1/2 cups, chopped", "3 patties"), for every stage that shows a portion.
"""

from __future__ import annotations

import re
import tomllib
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pint takes 0.1 s to import: only a conversion loads it (``registry``)
    import pint

UnitKind = Literal["mass", "volume", "household"]

_DATA = tomllib.loads(resources.files("magfood").joinpath("units.toml").read_text("utf-8"))
_MASS: dict[str, str] = _DATA["mass"]
_VOLUME: dict[str, str] = _DATA["volume"]

#: Size words: a count of a food of that size ("1 large banana").
SIZES: tuple[str, ...] = tuple(_DATA["household"]["sizes"])
#: Words that say a size without being one ("big" is large, "regular" is medium).
SIZE_SYNONYMS: dict[str, str] = _DATA["household"]["size_synonyms"]
#: Every single word that only says how big a food is ("extra", "big", "regular" ...):
#: such words pick a portion, never a food.
SIZE_WORDS = frozenset(w for size in (*SIZES, *SIZE_SYNONYMS) for w in size.split())
#: Household words that are also the food ("2 eggs", "an olive", "egg salad").
FOOD_NOUNS = frozenset(_DATA["household"]["food_nouns"])
#: Household nouns a food's portion can be measured in: measures, food nouns and sizes.
HOUSEHOLD: tuple[str, ...] = (
    *_DATA["household"]["measures"],
    *_DATA["household"]["food_nouns"],
    *SIZES,
)
#: Household words with a customary size, used only when the matched food has no FDC
#: portion in that word: (amount, mass or volume unit, where the convention comes from).
CONVENTIONS: dict[str, tuple[float, str, str]] = {
    word: (float(c["amount"]), str(c["unit"]), str(c["why"]))
    for word, c in _DATA["conventions"].items()
}
#: Household words that stand in for each other when a food has a portion in one only.
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    word: tuple(others) for word, others in _DATA["equivalents"].items()
}
#: Spelling variants, abbreviations and plurals -> canonical unit.
ALIASES: dict[str, str] = {
    alias: canonical for canonical, names in _DATA["aliases"].items() for alias in names
}

_CANONICAL: dict[str, UnitKind] = {
    **{u: "mass" for u in _MASS},
    **{u: "volume" for u in _VOLUME},
    **{u: "household" for u in HOUSEHOLD},
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[Any]:
    """The one pint registry, with household words in their own dimension."""
    import pint

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


# --- household amounts as text ---------------------------------------------------------

_AMOUNT = re.compile(r"^\s*(\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?)\s+(.+)$")
#: Words written the same for one or many: abbreviations, sizes, and FDC's bare sizes.
_INVARIANT = frozenset({"mg", "g", "kg", "oz", "lb", "ml", "l", "tbsp", "tsp", *SIZE_WORDS})


def kitchen_amount(amount: float | Fraction) -> str:
    """An amount as a cook writes it: 0.5 -> "1/2", 1.5 -> "1 1/2", 2 -> "2" (eighths)."""
    whole, part = divmod(Fraction(amount).limit_denominator(8), 1)
    if part == 0:
        return str(whole)
    return f"{whole} {part}" if whole else str(part)


def plural(word: str) -> str:
    """The plural of a unit or food noun: "cups", "slices", "patties", "tbsp", "medium"."""
    lowered = word.lower()
    if lowered in _INVARIANT or lowered.endswith("s"):
        return word
    if lowered.endswith("y") and lowered[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if lowered.endswith(("ch", "sh", "x")):
        return word + "es"
    return word + "s"


def household_text(amount: float | Fraction, noun: str, detail: str = "") -> str:
    """ "1/2 cup", "3 patties", "2 slices, thin": an amount of a unit or noun, with the
    noun's last word in the plural above one, then a detail after a comma."""
    words = noun.split()
    if amount > 1 and words:
        words[-1] = plural(words[-1])
    text = " ".join([kitchen_amount(amount), *words])
    return f"{text}, {detail}" if detail else text


def split_portion(portion: str) -> tuple[Fraction | None, str]:
    """ "1 1/2 cups, chopped" -> (3/2, "cups, chopped"); (None, text) without an amount."""
    match = _AMOUNT.match(portion)
    if not match:
        return None, portion
    number = match.group(1).split()
    return sum((Fraction(part) for part in number), Fraction(0)), match.group(2)


def times_portion(portion: str, times: float | Fraction) -> str:
    """ "1/2 cup, chopped" x 3 -> "1 1/2 cups, chopped"; "1 slice" x 2 -> "2 slices"."""
    amount, rest = split_portion(portion)
    if amount is None:
        return portion if times == 1 else f"{kitchen_amount(times)} x {portion}"
    head, _, tail = rest.partition(",")
    words = [_singular_unit(w) for w in head.split()]
    return household_text(amount * Fraction(times), " ".join(words), tail.strip())


def _singular_unit(word: str) -> str:
    """ "cups" -> "cup", "slices" -> "slice": the form ``household_text`` pluralises."""
    unit = canonical_unit(word)
    if unit is not None and unit != word.lower() and plural(unit) == word.lower():
        return unit
    return word


def portion_cups(portion: str) -> float | None:
    """ "1 1/2 cups, cooked" -> 1.5; "2 tbsp" -> 0.125; None when the portion is not a
    volume ("1 slice", "3 oz", "Quantity not specified")."""
    amount, rest = split_portion(portion)
    unit = unit_in_text(rest) if amount is not None else None
    if amount is None or unit is None or unit_kind(unit) != "volume":
        return None
    return volume_ml(float(amount), unit) / volume_ml(1.0, "cup")
