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
from magfood.meals.amounts import Amount, parse_amount, set_aside_carrier, set_aside_context
from magfood.meals.grams import CEILINGS, Grams, ceiling_grams, find_grams
from magfood.meals.matching import CUTOFF, Alternative, FoodIndex, food_index, match, read_query
from magfood.meals.words import words
from magfood.table.load import FoodTable, load_table

__all__ = [
    "CEILINGS",
    "Alternative",
    "Grams",
    "Meal",
    "MealItem",
    "ceiling_grams",
    "choose_food",
    "find_grams",
    "meal_from_items",
    "meal_to_dict",
    "parse_meal",
    "read_amount",
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
#: HTML/XML tags and SQL comment marks: never part of a food ("<b>", "</script>", "--").
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]{0,200}>|--+|/\*|\*/")
#: An SQL statement ("DROP TABLE foods", "SELECT * FROM users"): code, not a food.
_SQL = re.compile(
    r"\b(?:select|insert|update|delete|drop|alter|create|truncate|union)\s+"
    r"(?:\S+\s+){0,3}?(?:from|into|table|set|where|select|database)\b",
    re.IGNORECASE,
)
_CODE_MESSAGE = "Not counted: this looks like code or markup, not a food."
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
    text = _MARKUP.sub(" ", text)
    pieces: list[tuple[str | None, str]] = []
    label: str | None = None
    for line in re.split(r"[\r\n;]+|\s[•·]\s", text):
        found = _LABEL.match(line)
        if found:
            label = found.group(1).lower()
            line = line[found.end() :]
        for meal, piece in _split_line(line, index):
            pieces.append((meal or label, piece))
    return pieces


def _split_line(line: str, index: FoodIndex) -> list[tuple[str | None, str]]:
    """(meal named by the piece's context, food phrase) pairs of one line."""
    parts: list[str] = []
    for part in re.split(r"(?<!\d),|,(?!\d)", line):
        part = part.strip(" .\t")
        if not part:
            continue
        if parts and _describes(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    out: list[tuple[str | None, str]] = []
    for part in parts:
        out.extend(_split_context(part, index))
    return out


def _split_context(part: str, index: FoodIndex) -> list[tuple[str | None, str]]:
    """Split a part without its trailing context ("with lunch" is not a second food).

    The context goes back on the last piece, where ``parse_amount`` sets it aside again
    and notes it; a meal it names labels every piece of the part ("2 eggs and toast for
    breakfast").
    """
    context = set_aside_context(part)
    pieces = _split_conjunctions(context.food, index)
    if pieces and context.phrases:
        pieces[-1] = " ".join((pieces[-1], *context.phrases))
    return [(context.meal, piece) for piece in pieces]


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
    if _SQL.search(text):
        return _unmatched(text, label, (), _CODE_MESSAGE)
    amount = read_amount(text, index)
    label = amount.meal or label
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


def read_amount(text: str, index: FoodIndex) -> Amount:
    """The amount of one food phrase, with where the food went set aside ("on toast").

    The carrier ("1 tbsp butter on toast", "¼ cup milk in my coffee") is not eaten in
    that amount, so it is neither matched nor counted; a phrase that is one food's name
    in the table keeps its words ("corn on the cob", "tuna in water").
    """
    amount = parse_amount(text)
    context = set_aside_context(text)
    carrier = set_aside_carrier(context.food, lambda whole: _is_one_food(whole, index))
    if not carrier.phrases:
        return amount
    aside = parse_amount(" ".join((carrier.food, *context.phrases)))
    return replace(aside, text=amount.text, notes=(*carrier.notes, *aside.notes))


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
            category=index.category[row],
        )
    unread = quantity is None and amount.unreadable is not None  # "1/0 cup": no grams
    messages = [] if unread else list(grams.messages)
    status = "estimated" if grams.estimated or quantity is None else "matched"
    if any(note.startswith("no number given") for note in amount.notes):
        status = "estimated"
    limit = ceiling_grams(index.category[row])
    problem = amount.problem
    if problem is None and grams.grams > limit:
        problem = f"{grams.grams:,.0f} g is more than the {limit:,.0f} g one item can hold"
    magnesium = _per_grams(index.magnesium[row], grams.grams)
    kcal = None if unread else _per_grams(index.kcal[row], grams.grams)
    if problem is not None:
        status, magnesium = "invalid", None
        messages.insert(0, f"Not counted: {problem}.")
    elif magnesium is None:
        messages.append("FDC has no magnesium value for this food, so the total is a lower bound.")
    return MealItem(
        text=text,
        quantity=quantity,
        unit=amount.unit,
        grams=None if unread else grams.grams,
        fdc_id=fdc_id,
        food=index.descriptions[row],
        magnesium_mg=magnesium,
        kcal=kcal,
        status=status,
        portion=None if unread else grams.portion,
        grams_rule=None if unread else grams.rule,
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
    amount = _amount_of(item, index)
    return _resolve(item.text, amount, fdc_id, score, others, index, item.meal)


def set_amount(
    item: MealItem, quantity: float, unit: str | None, table: FoodTable | None = None
) -> MealItem:
    """The item with an amount the user corrected ("2", "cup"); grams recomputed."""
    canonical = units.canonical_unit(unit) if unit else None
    if unit and canonical is None:
        return replace(item, message=f"'{unit}' is not a unit magfood knows.")
    index = food_index(table if table is not None else load_table())
    amount = replace(_amount_of(item, index), quantity=float(quantity), unit=canonical, notes=())
    if item.fdc_id is None:
        return replace(item, quantity=amount.quantity, unit=canonical)
    return _resolve(item.text, amount, item.fdc_id, item.score, item.alternatives, index, item.meal)


def set_grams(item: MealItem, grams: float, table: FoodTable | None = None) -> MealItem:
    """The item with grams the user entered (rule "user")."""
    value = float(grams)
    if item.fdc_id is None:
        return replace(item, grams=value, message="Pick a food first, then its grams count.")
    index = food_index(table if table is not None else load_table())
    amount = replace(_amount_of(item, index), quantity=value, unit="g", notes=())
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


def _amount_of(item: MealItem, index: FoodIndex) -> Amount:
    parsed = read_amount(item.text, index)
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
