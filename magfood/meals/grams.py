"""Grams of an amount of a food, from the food's own FDC portions, with the rule used.

``find_grams`` applies the rules of issue #3 in order: a mass unit converts directly;
a household or volume unit uses the food's own portion in that unit (a cup of raw
spinach is not a cup of cooked spinach); a volume unit the food has no portion for
converts through another volume portion of the same food; a count or size uses the
food's medium / each / "1 banana" portion; otherwise a default serving, marked
estimated. Every conversion goes through the one pint registry in ``units``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources

from magfood import units
from magfood.meals.words import PREP_WORDS, apply_synonyms, normalise
from magfood.table import Portion, Serving
from magfood.text import singular

__all__ = [
    "CEILINGS",
    "MAX_COUNT",
    "Grams",
    "ceiling_grams",
    "find_grams",
    "grams_text",
]


_LIMITS = tomllib.loads(resources.files(__package__).joinpath("limits.toml").read_text("utf-8"))
#: (category words, most grams one item can be, why): the first that matches applies
#: (``limits.toml``).
CEILINGS: tuple[tuple[tuple[str, ...], float, str], ...] = tuple(
    (tuple(row["markers"]), float(row["grams"]), str(row["why"])) for row in _LIMITS["ceilings"]
)
#: The most pieces one line can count (``limits.toml``).
MAX_COUNT: float = float(_LIMITS["max_count"])
_VOLUME_ORDER = ("cup", "tbsp", "fl oz", "tsp", "ml", "l", "pint", "quart", "gallon")
#: Units that ask for one whole item, so any count portion of the food answers them
#: ("3 pieces of chicken": 3 drumsticks); any other unit only by a portion in that unit.
_COUNT_UNITS = frozenset({"piece", "each", "item", "fruit", "whole"})
_GENERIC_COUNT = ("each", "item", "fruit", "piece", "kernel", "nut", "whole")
_NOT_COUNT = frozenset({"serving", "package", "box", "container", "can", "bottle", "jar", "bag"})
_UNWANTED = frozenset(
    {"yields", "yield", "dry", "shell", "uncooked", "refuse", "packed", "miniature", "mini", "bite"}
)
#: Portion words for part of one item ("1 triangular piece", "1 half", "1 stacker", "1
#: cracker-size slice": any "X-size" measure): a count of the food means whole items unless
#: the user says the part. Words after "without" name what was taken off, not a part ("1
#: fruit without skin and seeds" is one whole fruit), and "1 cracker" is a whole cracker.
_PART_WORDS = frozenset(
    {
        "half",
        "triangular",
        "miniature",
        "mini",
        "bite",
        "section",
        "stacker",
        "surface",
        "skin",
        "peel",
    }
)
_REMOVED = re.compile(r"\b(?:without|no)\b.*")
#: Portion words for one whole item when the food also has parts ("1 full circle").
_WHOLE_WORDS = frozenset({"full", "whole", "entire"})
#: Containers: a count uses them only when the food has no count portion ("1 light beer").
_CONTAINERS = frozenset({"can", "bottle", "container", "package", "box", "jar", "bag"})
#: Portion words naming a pack of pieces, whatever unit FDC filed it under ("1 snack
#: size/pouch/regular size"): a count uses it only as it uses a container.
_PACKS = _CONTAINERS | {"pouch", "packet", "carton", "tub", "sleeve"}
#: Each word of a portion the user did not say ("1 slice, large", "1 slice, thin") costs
#: a little, so the plainest portion in the unit ("1 slice") wins a tie.
_UNSAID_COST = 0.1
#: Words that qualify nothing (or are weighed elsewhere: sizes, NFS, whole, "not packed").
_PLAIN_MEASURE_WORDS = frozenset({"nfs", "medium", "regular", "whole", "full", "fl", "oz", "not"})


@dataclass(frozen=True)
class Grams:
    """Grams of an amount of a food, the rule and FDC portion used, and what was assumed."""

    grams: float
    rule: str
    portion: str
    estimated: bool
    messages: tuple[str, ...]


def ceiling_grams(category: str) -> float:
    """The most grams one item of a food in this FDC category can plausibly weigh."""
    lowered = category.lower()
    for markers, grams, _why in CEILINGS:
        if not markers or any(marker in lowered for marker in markers):
            return grams
    return CEILINGS[-1][1]


def grams_text(grams: float) -> str:
    """Grams as a person reads them: "1,250 g", "0.5 g"; a figure past ten million (a typing
    slip, "1e308 g") in short form, "1e+308 g", never three hundred digits."""
    if abs(grams) >= 1e7:
        return f"{grams:.3g} g"
    return f"{grams:,.0f} g" if abs(grams) >= 10 else f"{grams:.2g} g"


def find_grams(
    quantity: float,
    unit: str | None,
    words: str,
    portions: tuple[Portion, ...],
    no_amount: bool = False,
    serving: Serving | None = None,
    measure: str | None = None,
) -> Grams:
    """Grams for ``quantity`` ``unit`` of a food with these portions, by the rules in order.

    ``measure`` is a word in the place of a unit that is none ("a dollop of"): a portion
    whose text names it answers it, else the rules as for a count, marked estimated.
    """
    wanted = _measure_words(words)
    if no_amount:
        return _default(quantity, portions, serving, "No amount given: assumed one serving")
    if measure is not None and unit is None:
        named = _by_word(quantity, measure, wanted, portions)
        if named is not None:
            return named
        inner = find_grams(quantity, None, words, portions, serving=serving)
        why = f"'{measure}' is not a measure magfood knows"
        why += "." if inner.estimated else f": used {inner.portion}."
        return replace(inner, estimated=True, messages=(why, *inner.messages))
    if unit is not None and units.unit_kind(unit) == "mass":
        grams = units.mass_grams(quantity, unit)
        shown = f"{grams:.2f} g" if abs(grams) < 1e7 else grams_text(grams)
        return Grams(grams, "mass", f"mass: {quantity:g} {unit} = {shown}", False, ())
    if unit is not None and unit not in units.SIZES:
        found = _by_unit(quantity, unit, wanted, portions) or _by_word(
            quantity, unit, wanted, portions
        )
        if found is not None:
            return found
        if unit in units.CONVENTIONS:
            return _convention(quantity, unit, words, portions, serving)
        if units.unit_kind(unit) == "volume":
            return _volume_as_water(quantity, unit)
        if unit not in _COUNT_UNITS:  # a slice is not one bird, a packet not one cracker
            why = f"No '{unit}' portion for this food: assumed a default serving"
            return _default(quantity, portions, serving, why, item=True)
    counted = _count(quantity, unit, wanted, portions)
    if counted is not None:
        return counted
    what = f"no '{unit}' portion for this food" if unit else "no count portion for this food"
    why = f"{what[0].upper()}{what[1:]}: assumed a default serving"
    return _default(quantity, portions, serving, why, item=True)


def _measure_words(words: str) -> frozenset[str]:
    """The user's words as portion texts spell them (singular, synonyms applied)."""
    plain = _singular_words(words)
    return frozenset(plain) | frozenset(apply_synonyms(normalise(words)))


def _portion_words(portion: Portion) -> frozenset[str]:
    return frozenset(_singular_words(portion.measure))


def _part_words(portion: Portion) -> frozenset[str]:
    """The portion's words before any "without" (what the measure is a part of)."""
    return frozenset(_singular_words(_REMOVED.sub("", portion.measure.lower())))


def _singular_words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z]+", text.lower())]


def _pick(candidates: list[Portion], wanted: frozenset[str]) -> Portion:
    """The portion whose wording best fits the user's words (first on a tie)."""

    def fit(portion: Portion) -> float:
        said = _portion_words(portion)
        value = float(len(said & wanted) - len((said & _UNWANTED) - wanted))
        value -= 2.0 * _container_measure(portion)
        if not wanted & PREP_WORDS:  # no cut word said: the food as it comes, whole
            value += 0.6 * bool(said & _WHOLE_WORDS)
        value += 0.5 * ("nfs" in said) + 0.5 * ("medium" in said and not wanted & set(units.SIZES))
        return value - _UNSAID_COST * len(said - wanted - _PLAIN_MEASURE_WORDS - _UNWANTED)

    return max(candidates, key=fit)


def _container_measure(portion: Portion) -> bool:
    """A volume unit named after other words: "1 medium ice cream cup" is a container."""
    if portion.unit is None or units.unit_kind(portion.unit) != "volume":
        return False
    named = [w for w in re.findall(r"[a-z]+", portion.measure.lower().split(",")[0])]
    return bool(named) and units.canonical_unit(named[0]) != portion.unit


def _by_unit(
    quantity: float, unit: str, wanted: frozenset[str], portions: tuple[Portion, ...]
) -> Grams | None:
    """The food's own portion in the unit (or an equivalent word, or another volume)."""
    for name in (unit, *units.EQUIVALENTS.get(unit, ())):
        same = [p for p in portions if p.unit == name]
        if same:
            return _scaled(quantity, _pick(same, wanted), "portion")
    if units.unit_kind(unit) != "volume":
        return None
    for name in _VOLUME_ORDER:
        volumes = [p for p in portions if p.unit == name]
        if volumes:
            base = _pick(volumes, wanted)
            per_ml = base.gram_weight / units.volume_ml(base.amount, name)
            grams = units.volume_ml(quantity, unit) * per_ml
            text = f"{base.measure} (FDC portion, {base.gram_weight:g} g; {per_ml:.3g} g/ml)"
            return Grams(grams, "volume_via_portion", text, False, ())
    return None


def _by_word(
    quantity: float, unit: str, wanted: frozenset[str], portions: tuple[Portion, ...]
) -> Grams | None:
    """A portion whose text names the unit (or an equivalent) though FDC filed it under
    another: "1 small or medium single serving bag" (unit "serving") answers "a bag"."""
    names = {w for name in (unit, *units.EQUIVALENTS.get(unit, ())) for w in name.split()}
    named = [
        p
        for p in portions
        if names & _portion_words(p)
        and (p.unit is None or units.unit_kind(p.unit) == "household")
        and not p.unspecified
    ]
    return _scaled(quantity, _pick(named, wanted), "portion") if named else None


def _scaled(quantity: float, portion: Portion, rule: str) -> Grams:
    grams = quantity * portion.gram_weight / portion.amount
    text = f"{portion.measure} (FDC portion, {portion.gram_weight:g} g)"
    return Grams(grams, rule, text, False, ())


def _count(
    quantity: float, size: str | None, wanted: frozenset[str], portions: tuple[Portion, ...]
) -> Grams | None:
    """A count or size: the food's medium / "1 banana" / each / item portion."""
    want = size if size in units.SIZES else "medium"

    def rank(portion: Portion) -> float:
        said = _portion_words(portion)
        name = portion.unit
        if name is not None and (units.unit_kind(name) != "household" or name in _NOT_COUNT):
            return 0.8 if name in _CONTAINERS else 0.0
        if portion.unspecified:
            return 0.0
        if said & _PACKS and not said & wanted:  # "1 snack size/pouch": a pack, not a piece
            return 0.8
        first = next(iter(_singular_words(portion.measure.split(",")[0])), "")
        value = 1.0
        if (name == want or want in said or (want == "medium" and "regular" in said)) and (
            "extra" not in said or "extra" in want
        ):
            value += 8.0
        named = {first, name} & wanted
        if named:  # the user named this portion; a cut word ("spear") outranks a size
            value += 10.0 if named & PREP_WORDS else 4.0
        value += 2.0 * (name in _GENERIC_COUNT) + 1.0 * (name == "large")
        value += 0.5 * (name == "small") + 2.0 * bool(said & _WHOLE_WORDS)
        value -= 4.0 * bool((_part_words(portion) & _PART_WORDS) - wanted)
        return value - 0.1 * len(_UNWANTED & said)

    pool = (*portions, *_pieces_named(portions, wanted))
    ranked = [(rank(p), i, p) for i, p in enumerate(pool)]
    best = max(ranked, key=lambda r: (r[0], -r[1]), default=None)
    if best is None or best[0] <= 0.5:
        return None
    found = _scaled(quantity, best[2], "count")
    if size in units.SIZES and size not in _portion_words(best[2]):
        note = f"No '{size}' portion for this food: used {best[2].measure}."
        return replace(found, messages=(note,))
    return found


#: A count of pieces inside a portion's text: "1 oz (14 halves)", "1 cup shelled (50 halves)".
_PIECES = re.compile(r"\((?:about |approx\.? )?(\d+) ([a-z][a-z ]*)\)")


def _pieces_named(portions: tuple[Portion, ...], wanted: frozenset[str]) -> list[Portion]:
    """Portions for one piece, read from the pieces a portion counts ("1 oz (14 halves)"
    is 14 halves in 28.35 g), for the pieces the user names ("8 walnut halves")."""
    found: list[Portion] = []
    for portion in portions:
        inside = _PIECES.search(portion.measure.lower())
        if inside is None or not set(_singular_words(inside.group(2))) & wanted:
            continue
        named = (units.canonical_unit(w) for w in (inside.group(2), inside.group(2).split()[0]))
        if any(u is not None and units.unit_kind(u) in ("mass", "volume") for u in named):
            continue  # "1 container (6 oz)", "1 cup (8 fl oz)": a measure, not pieces
        pieces = int(inside.group(1)) * portion.amount
        if pieces > 0:
            measure = f"1 of the {inside.group(1)} {inside.group(2)} in {portion.measure}"
            found.append(Portion(pieces, None, measure, portion.gram_weight))
    return found


def _convention(
    quantity: float,
    unit: str,
    words: str,
    portions: tuple[Portion, ...],
    serving: Serving | None,
) -> Grams:
    amount, base, why = units.CONVENTIONS[unit]
    inner = find_grams(quantity * amount, base, words, portions, serving=serving)
    message = f"Estimated: {why}."
    return replace(inner, estimated=True, messages=(*inner.messages, message))


def _volume_as_water(quantity: float, unit: str) -> Grams:
    grams = units.volume_ml(quantity, unit)
    text = f"{quantity:g} {unit} taken as water (1 g/ml) = {grams_text(grams)}"
    message = "Estimated: FDC has no volume portion for this food, so 1 g per ml was assumed."
    return Grams(grams, "default", text, True, (message,))


def _default(
    quantity: float,
    portions: tuple[Portion, ...],
    serving: Serving | None,
    why: str,
    item: bool = False,
) -> Grams:
    """The food's one serving (``FoodTable.serving_of``), named in the portion text and the
    message. For a count or unit the food has no portion for ("1 sloppy joe"), one whole
    item as FNDDS reports it ("Quantity not specified") comes first."""
    unspecified = next((p for p in portions if p.unspecified), None) if item else None
    if unspecified is not None:
        per, label, kind = unspecified.gram_weight, unspecified.measure, "FNDDS quantity"
    elif serving is not None:
        per, label, kind = serving.grams, serving.portion, "one serving"
    else:
        grams = 100.0 * quantity
        text = "default serving: 100 g, no FDC portion (estimated)"
        return Grams(grams, "default", text, True, (f"{why} of 100 g (FDC has no portion).",))
    shown = f"{round(per, 2):g}"
    text = f"default serving: {label}, {kind} ({shown} g, estimated)"
    message = f"{why} of {shown} g ({label})."
    return Grams(quantity * per, "default", text, True, (message,))
