"""A parsed meal: free text -> foods, grams and milligrams of magnesium, explained.

``parse_meal`` splits the text into food phrases, reads each amount (``amounts``),
matches the food (``matching``), finds the grams and totals the magnesium. Grams come,
in this order, from: a mass unit; the matched food's own FDC portion in the unit
(a cup of raw spinach is not a cup of cooked spinach); another volume portion of the
same food; the food's medium/each/"1 banana" portion for a count; otherwise a default
serving, marked ``estimated``. User text never raises: every piece becomes an item
with a status (``matched``, ``estimated``, ``unmatched``, ``invalid``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from magfood import units
from magfood.amounts import Amount, parse_amount
from magfood.foods import FoodTable, load_table
from magfood.matching import (
    CUTOFF,
    Alternative,
    FoodIndex,
    Portion,
    apply_synonyms,
    food_index,
    match,
    normalise,
    read_query,
    singular,
    words,
)

__all__ = [
    "Alternative",
    "Meal",
    "MealItem",
    "choose_food",
    "meal_from_items",
    "meal_to_dict",
    "parse_meal",
    "set_amount",
    "set_grams",
]

MAX_ITEMS = 100
MAX_PIECE_CHARS = 200
EMPTY_MESSAGE = "Nothing to read: type foods like '1 cup spinach'."

_LABEL = re.compile(
    r"^\s*(?:for\s+)?(breakfast|brunch|lunch|dinner|supper|dessert|"
    r"(?:morning |afternoon |evening |late )?snacks?)\s*(?:[:\-–—]+\s*|$)",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s+(?:and|with|plus|&|\+|n)\s+", re.IGNORECASE)
#: Words that describe the food before them ("1 can chickpeas, drained and rinsed").
_DESCRIPTORS = words(
    "cooked raw boiled steamed roasted baked fried grilled broiled toasted drained rinsed "
    "chopped sliced diced mashed peeled unpeeled salted unsalted plain canned frozen "
    "fresh dried skinless boneless no added salt without with skin on lightly"
)


@dataclass(frozen=True)
class MealItem:
    """One food of a meal: what was understood, the FDC food, grams and magnesium."""

    text: str
    quantity: float | None
    unit: str | None
    grams: float | None
    fdc_id: int | None
    food: str | None
    magnesium_mg: float | None
    kcal: float | None
    status: str
    portion: str | None
    grams_rule: str | None
    score: float | None
    alternatives: tuple[Alternative, ...]
    message: str
    meal: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def counted(self) -> bool:
        """Whether the item adds to the meal total."""
        return self.status in ("matched", "estimated") and self.magnesium_mg is not None


@dataclass(frozen=True)
class Meal:
    """The items of a meal and their magnesium total (a lower bound if flagged)."""

    items: tuple[MealItem, ...]
    total_magnesium_mg: float
    counted_items: int
    estimated_items: int
    unmatched_items: int
    invalid_items: int
    lower_bound: bool
    message: str


def parse_meal(text: str, table: FoodTable | None = None) -> Meal:
    """Read a meal from free text. Never raises on the text."""
    index = food_index(table if table is not None else load_table())
    pieces = split_meal(text if isinstance(text, str) else "", index)
    items = tuple(_parse_item(piece, label, index) for label, piece in pieces[:MAX_ITEMS])
    meal = meal_from_items(items)
    if len(pieces) > MAX_ITEMS:
        extra = f" Only the first {MAX_ITEMS} of {len(pieces)} pieces were read."
        return replace(meal, message=meal.message + extra)
    return meal


def split_meal(text: str, index: FoodIndex) -> list[tuple[str | None, str]]:
    """(meal label, food phrase) pairs: lines, ';' and ',' first, then 'and'/'with'."""
    text = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text)
    pieces: list[tuple[str | None, str]] = []
    label: str | None = None
    for line in re.split(r"[\r\n;]+|\s[•·]\s", text):
        found = _LABEL.match(line)
        if found:
            label = found.group(1).lower()
            line = line[found.end() :]
        for piece in _split_line(line, index):
            pieces.append((label, piece))
    return pieces


def _split_line(line: str, index: FoodIndex) -> list[str]:
    parts: list[str] = []
    for part in re.split(r"(?<!\d),|,(?!\d)", line):
        part = part.strip(" .\t")
        if not part:
            continue
        if parts and _describes(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    out: list[str] = []
    for part in parts:
        out.extend(_split_conjunctions(part, index))
    return out


def _describes(part: str) -> bool:
    words = re.findall(r"[a-z]+", part.lower())
    return bool(words) and all(w in _DESCRIPTORS or w in ("and", "in", "water") for w in words)


def _split_conjunctions(part: str, index: FoodIndex) -> list[str]:
    """Split at 'and'/'with'/'plus' unless the whole is one food ("mac and cheese")."""
    if len(part) > MAX_PIECE_CHARS:
        return [part]
    protected = re.sub(r"(\d)\s+and\s+(?=\d+/\d+|a half)", r"\1 _AND_ ", part, flags=re.I)
    protected = re.sub(r"\band\s+(?=a half\b)", "_AND_ ", protected, flags=re.I)
    chunks = _CONJUNCTION.split(protected)
    if len(chunks) == 1:
        return [part]
    joiners = _CONJUNCTION.findall(protected)
    pieces = [chunks[0]]
    for joiner, chunk in zip(joiners, chunks[1:], strict=True):
        own_amount = parse_amount(chunk).quantity is not None
        joined = f"{pieces[-1]}{joiner}{chunk}"
        if _describes(chunk) or (not own_amount and _is_one_food(joined, index)):
            pieces[-1] = joined
        else:
            pieces.append(chunk)
    return [p.replace("_AND_", "and").strip() for p in pieces if p.strip()]


def _is_one_food(phrase: str, index: FoodIndex) -> bool:
    """True when one FDC food's description holds every word of the phrase."""
    words = parse_amount(phrase.replace("_AND_", "and")).food
    best = match(words, index, limit=1)
    if not best or best[0].score < 80:
        return False
    wanted = set(read_query(words, index).words)
    return wanted <= index.tokens[index.row_of[best[0].fdc_id]]


def _parse_item(text: str, label: str | None, index: FoodIndex) -> MealItem:
    text = text.strip()
    if len(text) > MAX_PIECE_CHARS:
        return _unmatched(text[:MAX_PIECE_CHARS] + "…", label, (), "Too long to be one food.")
    amount = parse_amount(text)
    if not re.search(r"[^\W\d_]", amount.food):
        return _unmatched(text, label, (), "No food named: add what it was, e.g. '1 cup rice'.")
    candidates = match(amount.food, index)
    chosen = _prefer_measurable(candidates, amount, index)
    if chosen is None:
        reason = f"No food in the table matches '{amount.food}' well enough"
        hint = ": pick one of the candidates." if candidates else "."
        return _unmatched(text, label, candidates[:5], reason + hint, amount)
    others = tuple(c for c in candidates if c.fdc_id != chosen.fdc_id)[:5]
    corrections = read_query(amount.food, index).corrections
    return _resolve(text, amount, chosen.fdc_id, chosen.score, others, index, label, corrections)


def _prefer_measurable(
    candidates: tuple[Alternative, ...], amount: Amount, index: FoodIndex
) -> Alternative | None:
    """The best candidate, or a close one whose portions can measure the unit given."""
    usable = [c for c in candidates if c.score >= CUTOFF]
    if not usable:
        return None
    best = usable[0]
    if amount.quantity is None or (amount.unit and units.unit_kind(amount.unit) == "mass"):
        return best
    for other in usable[:4]:
        if best.score - other.score > 8.0:
            break
        result = find_grams(1.0, amount.unit, amount.food, index.portions_of(other.fdc_id))
        if not result.estimated:
            return other
    return best


def _resolve(
    text: str,
    amount: Amount,
    fdc_id: int,
    score: float | None,
    others: tuple[Alternative, ...],
    index: FoodIndex,
    label: str | None,
    extra_notes: tuple[str, ...] = (),
    grams: Grams | None = None,
) -> MealItem:
    """Grams, magnesium and status for a phrase's amount of one food."""
    row = index.row_of[fdc_id]
    quantity = amount.quantity
    if grams is None:
        grams = find_grams(
            quantity if quantity is not None else 1.0,
            amount.unit,
            amount.food,
            index.portions_of(fdc_id),
            no_amount=quantity is None,
        )
    messages = list(grams.messages)
    status = "estimated" if grams.estimated or quantity is None else "matched"
    if any(note.startswith("no number given") for note in amount.notes):
        status = "estimated"
    limit = ceiling_grams(index.category[row])
    problem = amount.problem
    if problem is None and grams.grams > limit:
        problem = f"{grams.grams:,.0f} g is more than the {limit:,.0f} g one item can hold"
    magnesium = _per_grams(index.magnesium[row], grams.grams)
    kcal = _per_grams(index.kcal[row], grams.grams)
    if problem is not None:
        status, magnesium = "invalid", None
        messages.insert(0, f"Not counted: {problem}.")
    elif magnesium is None:
        messages.append("FDC has no magnesium value for this food, so the total is a lower bound.")
    return MealItem(
        text=text,
        quantity=quantity,
        unit=amount.unit,
        grams=grams.grams,
        fdc_id=fdc_id,
        food=index.descriptions[row],
        magnesium_mg=magnesium,
        kcal=kcal,
        status=status,
        portion=grams.portion,
        grams_rule=grams.rule,
        score=score,
        alternatives=others,
        message=" ".join([*messages, *(c[0].upper() + c[1:] + "." for c in extra_notes)]),
        meal=label,
        notes=amount.notes,
    )


def _per_grams(per_100g: float, grams: float) -> float | None:
    if math.isnan(per_100g):
        return None
    return per_100g * grams / 100.0


def _unmatched(
    text: str,
    label: str | None,
    candidates: tuple[Alternative, ...],
    message: str,
    amount: Amount | None = None,
) -> MealItem:
    return MealItem(
        text=text,
        quantity=amount.quantity if amount else None,
        unit=amount.unit if amount else None,
        grams=None,
        fdc_id=None,
        food=None,
        magnesium_mg=None,
        kcal=None,
        status="unmatched",
        portion=None,
        grams_rule=None,
        score=None,
        alternatives=candidates,
        message=message,
        meal=label,
        notes=amount.notes if amount else (),
    )


def choose_food(item: MealItem, fdc_id: int, table: FoodTable | None = None) -> MealItem:
    """The item re-read with another food (an alternative or any FDC id)."""
    index = food_index(table if table is not None else load_table())
    if fdc_id not in index.row_of:
        return replace(item, message=f"No food with FDC id {fdc_id} in the table.")
    pool = item.alternatives
    if item.fdc_id is not None and item.food is not None:
        pool = (Alternative(item.fdc_id, item.food, item.score or 0.0), *pool)
    score = next((a.score for a in pool if a.fdc_id == fdc_id), None)
    others = tuple(a for a in pool if a.fdc_id != fdc_id)[:5]
    amount = _amount_of(item)
    return _resolve(item.text, amount, fdc_id, score, others, index, item.meal)


def set_amount(
    item: MealItem, quantity: float, unit: str | None, table: FoodTable | None = None
) -> MealItem:
    """The item with an amount the user corrected ("2", "cup"); grams recomputed."""
    canonical = units.canonical_unit(unit) if unit else None
    if unit and canonical is None:
        return replace(item, message=f"'{unit}' is not a unit magfood knows.")
    amount = replace(_amount_of(item), quantity=float(quantity), unit=canonical, notes=())
    if item.fdc_id is None:
        return replace(item, quantity=amount.quantity, unit=canonical)
    index = food_index(table if table is not None else load_table())
    return _resolve(item.text, amount, item.fdc_id, item.score, item.alternatives, index, item.meal)


def set_grams(item: MealItem, grams: float, table: FoodTable | None = None) -> MealItem:
    """The item with grams the user entered (rule "user")."""
    value = float(grams)
    if item.fdc_id is None:
        return replace(item, grams=value, message="Pick a food first, then its grams count.")
    index = food_index(table if table is not None else load_table())
    amount = replace(_amount_of(item), quantity=value, unit="g", notes=())
    entered = Grams(value, "user", f"entered: {value:g} g", False, ())
    return _resolve(
        item.text,
        amount,
        item.fdc_id,
        item.score,
        item.alternatives,
        index,
        item.meal,
        grams=entered,
    )


def _amount_of(item: MealItem) -> Amount:
    parsed = parse_amount(item.text)
    return replace(parsed, quantity=item.quantity, unit=item.unit)


def meal_from_items(items: Iterable[MealItem]) -> Meal:
    """A meal with its totals recomputed from the items."""
    items = tuple(items)
    counted = [i for i in items if i.counted]
    total = sum(i.magnesium_mg or 0.0 for i in counted)
    estimated = sum(1 for i in counted if i.status == "estimated")
    unmatched = sum(1 for i in items if i.status == "unmatched")
    invalid = sum(1 for i in items if i.status == "invalid")
    lower = any(i.status in ("matched", "estimated") and i.magnesium_mg is None for i in items)
    return Meal(
        items,
        total,
        len(counted),
        estimated,
        unmatched,
        invalid,
        lower,
        _summary(items, len(counted), estimated, unmatched, invalid, lower),
    )


def _summary(
    items: tuple[MealItem, ...],
    counted: int,
    estimated: int,
    unmatched: int,
    invalid: int,
    lower: bool,
) -> str:
    if not items:
        return EMPTY_MESSAGE
    parts = [f"{counted} of {len(items)} item{'s' if len(items) != 1 else ''} counted"]
    if estimated:
        parts.append(f"{estimated} with an estimated amount")
    if unmatched:
        parts.append(f"{unmatched} not matched (pick a food from the candidates)")
    if invalid:
        parts.append(f"{invalid} with an amount that cannot be right")
    text = "; ".join(parts) + "."
    if lower:
        text += " The total is a lower bound: FDC has no magnesium value for some foods."
    return text


def meal_to_dict(meal: Meal) -> dict[str, Any]:
    """The meal as the JSON object of issue #3 (plus a few extra keys)."""
    return {
        "items": [_item_dict(item) for item in meal.items],
        "total_magnesium_mg": round(meal.total_magnesium_mg, 1),
        "counted_items": meal.counted_items,
        "estimated_items": meal.estimated_items,
        "unmatched_items": meal.unmatched_items,
        "invalid_items": meal.invalid_items,
        "lower_bound": meal.lower_bound,
        "message": meal.message,
    }


def _item_dict(item: MealItem) -> dict[str, Any]:
    return {
        "text": item.text,
        "quantity": item.quantity,
        "unit": item.unit,
        "grams": None if item.grams is None else round(item.grams, 1),
        "fdc_id": item.fdc_id,
        "food": item.food,
        "magnesium_mg": None if item.magnesium_mg is None else round(item.magnesium_mg, 1),
        "kcal": None if item.kcal is None else round(item.kcal),
        "status": item.status,
        "portion": item.portion,
        "grams_rule": item.grams_rule,
        "score": item.score,
        "alternatives": [
            {"fdc_id": a.fdc_id, "food": a.food, "score": a.score} for a in item.alternatives
        ],
        "message": item.message,
        "meal": item.meal,
        "notes": list(item.notes),
    }


# --- grams: from an amount and a food's FDC portions -----------------------------------

#: (category words, most grams one item can be, why): the first that matches applies.
CEILINGS: tuple[tuple[tuple[str, ...], float, str], ...] = (
    (("nut and seed", "nuts and seeds", "spices and herbs"), 500.0, "nuts, seeds, spices"),
    (
        (
            "beverage",
            "water",
            "coffee",
            "tea",
            "juice",
            "milk",
            "drink",
            "soup",
            "smoothie",
            "beer",
            "wine",
            "liquor",
            "cocktail",
            "soda",
        ),
        5000.0,
        "drinks and soups",
    ),
    ((), 2000.0, "any food"),
)
_VOLUME_ORDER = ("cup", "tbsp", "fl oz", "tsp", "ml", "l", "pint", "quart", "gallon")
_GENERIC_COUNT = ("each", "item", "fruit", "piece", "kernel", "nut", "whole")
_NOT_COUNT = frozenset({"serving", "package", "box", "container", "can", "bottle", "jar", "bag"})
_UNWANTED = frozenset({"yields", "yield", "dry", "shell", "uncooked", "refuse", "packed"})


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


def find_grams(
    quantity: float,
    unit: str | None,
    words: str,
    portions: tuple[Portion, ...],
    no_amount: bool = False,
) -> Grams:
    """Grams for ``quantity`` ``unit`` of a food with these portions, by the rules in order."""
    wanted = _measure_words(words)
    if no_amount:
        return _default(quantity, portions, "No amount given: assumed one default serving")
    if unit is not None and units.unit_kind(unit) == "mass":
        grams = units.mass_grams(quantity, unit)
        return Grams(grams, "mass", f"mass: {quantity:g} {unit} = {grams:.2f} g", False, ())
    if unit is not None and unit not in units.SIZES:
        found = _by_unit(quantity, unit, wanted, portions)
        if found is not None:
            return found
        if unit in units.CONVENTIONS:
            return _convention(quantity, unit, words, portions)
        if units.unit_kind(unit) == "volume":
            return _volume_as_water(quantity, unit)
    counted = _count(quantity, unit, wanted, portions)
    if counted is not None:
        return counted
    what = f"no '{unit}' portion for this food" if unit else "no count portion for this food"
    return _default(quantity, portions, f"{what[0].upper()}{what[1:]}: assumed a default serving")


def _measure_words(words: str) -> frozenset[str]:
    """The user's words as portion texts spell them (singular, synonyms applied)."""
    plain = _singular_words(words)
    return frozenset(plain) | frozenset(apply_synonyms(normalise(words)))


def _portion_words(portion: Portion) -> frozenset[str]:
    return frozenset(_singular_words(portion.measure))


def _singular_words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z]+", text.lower())]


def _pick(candidates: list[Portion], wanted: frozenset[str]) -> Portion:
    """The portion whose wording best fits the user's words (first on a tie)."""

    def fit(portion: Portion) -> float:
        said = _portion_words(portion)
        value = float(len(said & wanted) - len((said & _UNWANTED) - wanted))
        value += 0.5 * ("nfs" in said) + 0.5 * ("medium" in said and not wanted & set(units.SIZES))
        return value

    return max(candidates, key=fit)


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
            return 0.0
        if portion.measure.lower().startswith("quantity not specified"):
            return 0.0
        first = next(iter(_singular_words(portion.measure.split(",")[0])), "")
        value = 0.0
        if (name == want or want in said or (want == "medium" and "regular" in said)) and (
            "extra" not in said or "extra" in want
        ):
            value += 8.0
        if (name is not None and name in wanted) or first in wanted:
            value += 4.0
        value += 2.0 * (name in _GENERIC_COUNT) + 1.0 * (name == "large")
        value += 0.5 * (name == "small")
        return value - 0.1 * len(_UNWANTED & said)

    ranked = [(rank(p), i, p) for i, p in enumerate(portions)]
    best = max(ranked, key=lambda r: (r[0], -r[1]), default=None)
    if best is None or best[0] <= 0.5:
        return None
    found = _scaled(quantity, best[2], "count")
    if size in units.SIZES and size not in _portion_words(best[2]):
        note = f"No '{size}' portion for this food: used {best[2].measure}."
        return replace(found, messages=(note,))
    return found


def _convention(quantity: float, unit: str, words: str, portions: tuple[Portion, ...]) -> Grams:
    amount, base, why = units.CONVENTIONS[unit]
    inner = find_grams(quantity * amount, base, words, portions)
    message = f"Estimated: {why}."
    return replace(inner, estimated=True, messages=(*inner.messages, message))


def _volume_as_water(quantity: float, unit: str) -> Grams:
    grams = units.volume_ml(quantity, unit)
    text = f"{quantity:g} {unit} taken as water (1 g/ml) = {grams:.0f} g"
    message = "Estimated: FDC has no volume portion for this food, so 1 g per ml was assumed."
    return Grams(grams, "default", text, True, (message,))


def _default(quantity: float, portions: tuple[Portion, ...], why: str) -> Grams:
    """A default serving: FNDDS "Quantity not specified", an NLEA serving, else 100 g."""
    serving = next(
        (p for p in portions if p.measure.lower().startswith("quantity not specified")), None
    ) or next((p for p in portions if p.unit == "serving"), None)
    if serving is None:
        grams = 100.0 * quantity
        return Grams(
            grams, "default", "default serving: 100 g (estimated)", True, (f"{why} of 100 g.",)
        )
    per = serving.gram_weight / serving.amount
    text = f"default serving: {serving.measure} ({per:g} g, estimated)"
    return Grams(quantity * per, "default", text, True, (f"{why} of {per:g} g.",))
