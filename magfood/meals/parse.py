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
from dataclasses import replace

from magfood import units
from magfood.meals.amounts import Amount, parse_amount, set_aside_carrier
from magfood.meals.containers import canned_if_in_a_can
from magfood.meals.context import set_aside_context
from magfood.meals.grams import MAX_COUNT, Grams, ceiling_grams, find_grams, grams_text
from magfood.meals.item import DISAGREEMENT, EMPTY_MESSAGE, Meal, MealItem, Status, meal_from_items
from magfood.meals.matching import (
    COOKING_WORDS,
    CUTOFF,
    Alternative,
    FoodIndex,
    food_index,
    match,
    read_query,
)
from magfood.mealtimes import MEAL_PATTERN, MealTime, meal_of
from magfood.table import FoodTable, load_table
from magfood.text import singular, words

__all__ = [
    "EMPTY_MESSAGE",
    "MAX_ITEMS",
    "parse_meal",
    "parse_piece",
    "parse_pieces",
    "read_amount",
    "resolve",
]

#: Pieces read from one text; any past it are counted in ``Meal.skipped_pieces`` (issue #10:
#: at least 1,000, the cost is linear).
MAX_ITEMS = 1000
MAX_PIECE_CHARS = 200
#: Below ``CUTOFF``, the best food is still taken (as a guess to check) from this fitted
#: chance up: more likely meant than not, though a word no food has kept its score low.
GUESS_CHANCE = 0.5

_LABEL = re.compile(
    rf"^\s*(?:for\s+)?(?:(?:morning|afternoon|evening|late)\s+)?({MEAL_PATTERN})\s*(?:[:\-–—]+\s*|$)",
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
#: The note-taker's "with" and "without": "rice w/ beans", "coffee w/o sugar".
_WITH = re.compile(r"(?<![\w/])w/\s*(?=[a-z]{2}|\d)", re.IGNORECASE)
_WITHOUT = re.compile(r"(?<![\w/])w/o\b\s*", re.IGNORECASE)
_CODE_MESSAGE = "Not counted: this looks like code or markup, not a food."
_CONJUNCTION = re.compile(r"\s+(?:and|with|plus|&|\+|n)\s+", re.IGNORECASE)
#: Words that describe the food before them ("1 can chickpeas, drained and rinsed").
_DESCRIPTORS = words(
    "cooked raw boiled steamed roasted baked fried grilled broiled toasted drained rinsed "
    "chopped sliced diced mashed peeled unpeeled salted unsalted plain canned frozen "
    "fresh dried skinless boneless no added salt without with skin on lightly"
)


#: How a comma part that is an amount starts ("1 oz", "½ cup", "a handful", "two slices").
_AMOUNT_START = re.compile(r"\s*(?:\d|[½¼¾⅓⅔⅛]|(?:a|an|one|two|three|half)\b)", re.I)


def parse_meal(text: str, table: FoodTable | None = None) -> Meal:
    """Read a meal from free text. Never raises on the text."""
    index = food_index(table if table is not None else load_table())
    return parse_pieces(split_meal(text if isinstance(text, str) else "", index), index)


def parse_pieces(pieces: list[tuple[MealTime | None, str]], index: FoodIndex) -> Meal:
    """A meal from the (meal label, food phrase) pieces ``split_meal`` gave, at most
    ``MAX_ITEMS`` of them read (the rest counted in ``Meal.skipped_pieces``)."""
    items = tuple(_parse_item(piece, label, index) for label, piece in pieces[:MAX_ITEMS])
    meal = meal_from_items(items)
    if len(pieces) > MAX_ITEMS:
        extra = f" Only the first {MAX_ITEMS:,} of {len(pieces):,} pieces were read."
        return replace(meal, message=meal.message + extra, skipped_pieces=len(pieces) - MAX_ITEMS)
    return meal


def split_meal(text: str, index: FoodIndex) -> list[tuple[MealTime | None, str]]:
    """(meal label, food phrase) pairs: lines, ';' and ',' first, then 'and'/'with'."""
    text = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text)
    text = _MARKUP.sub(" ", text)
    text = _WITHOUT.sub("without ", _WITH.sub("with ", text))
    pieces: list[tuple[MealTime | None, str]] = []
    label: MealTime | None = None
    for line in re.split(r"[\r\n;]+|\s[•·]\s", text):
        found = _LABEL.match(line)
        if found:
            label = meal_of(found.group(1))
            line = line[found.end() :]
        for meal, piece in _split_line(line, index):
            pieces.append((meal or label, piece))
    return pieces


def _split_line(line: str, index: FoodIndex) -> list[tuple[MealTime | None, str]]:
    """(meal named by the piece's context, food phrase) pairs of one line."""
    parts: list[str] = []
    for part in re.split(r"(?<!\d),|,(?!\d)", line):
        part = part.strip(" .\t")
        if not part:
            continue
        if parts and _describes(part):
            parts[-1] = f"{parts[-1]}, {part}"
        elif parts and (moved := _amount_for_the_food_before(part, parts[-1])) is not None:
            # "black beans, 1 cup cooked": the amount and its words go to the food before
            amount_words, described = moved
            parts[-1] = f"{amount_words} {parts[-1]}" + (f", {described}" if described else "")
        else:
            parts.append(part)
    out: list[tuple[MealTime | None, str]] = []
    for part in parts:
        out.extend(_split_context(part, index))
    return out


def _split_context(part: str, index: FoodIndex) -> list[tuple[MealTime | None, str]]:
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
    """Whether a comma part only describes the food before it ("cooked", "dry roasted")."""
    found = re.findall(r"[a-z]+", part.lower())
    return bool(found) and all(_is_descriptor(w) for w in found)


def _is_descriptor(word: str) -> bool:
    return word in _DESCRIPTORS or word in COOKING_WORDS or word in ("and", "in", "water")


def _amount_for_the_food_before(part: str, before: str) -> tuple[str, str] | None:
    """A comma part that is an amount for the food before it, which has none of its own
    ("almonds, dry roasted, 1 oz"): its amount words and its describing words."""
    if not _AMOUNT_START.match(part):
        return None  # most parts: no amount at their start, so nothing to read
    amount = parse_amount(part)
    if amount.quantity is None or parse_amount(before).quantity is not None:
        return None
    text, food = part.strip(), amount.food.strip()
    if not text.endswith(food) or (food and not _describes(food)):
        return None
    return text[: len(text) - len(food)].strip(), food


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
    query = read_query(words, index)
    best = match(words, index, limit=1, query=query)
    if not best or best[0].score < 80:
        return False
    wanted = set(query.words)
    return wanted <= index.tokens[index.row_of[best[0].fdc_id]]


def _parse_item(text: str, label: MealTime | None, index: FoodIndex) -> MealItem:
    text = text.strip()
    if len(text) > MAX_PIECE_CHARS:
        return _unmatched(text[:MAX_PIECE_CHARS] + "…", label, (), "Too long to be one food.")
    if _SQL.search(text):
        return _unmatched(text, label, (), _CODE_MESSAGE)
    amount = read_amount(text, index)
    label = amount.meal or label
    if not re.search(r"[^\W\d_]", amount.food):
        return _unmatched(text, label, (), "No food named: add what it was, e.g. '1 cup rice'.")
    query = read_query(amount.food, index)  # read once: matched, and its corrections noted
    candidates = canned_if_in_a_can(match(amount.food, index, query=query), amount, index)
    chosen = _prefer_measurable(candidates, amount, index)
    if chosen is None:
        reason = f"No food in the table matches '{amount.food}' well enough"
        hint = ": pick one of the candidates." if candidates else "."
        return _unmatched(text, label, candidates[:5], reason + hint, amount)
    others = tuple(c for c in candidates if c.fdc_id != chosen.fdc_id)[:5]
    item = resolve(
        text, amount, chosen.fdc_id, chosen.score, others, index, label, query.corrections
    )
    item = _with_disagreement(item, chosen, candidates, index)
    if chosen.sure or not item.status.counts:
        return item
    return replace(item, status=Status.CHECK, message=_check_message(chosen, item.message))


def _with_disagreement(
    item: MealItem, chosen: Alternative, candidates: tuple[Alternative, ...], index: FoodIndex
) -> MealItem:
    """The item with the magnesium range of the FDC entries that read as its food just as
    well, when they disagree by more than ``DISAGREEMENT``: candidates at least half as
    likely to be meant as the one taken (``Alternative.chance``) with energy within that
    share of its own, so another food ("Milk, dry") is not taken for another entry."""
    if item.grams is None or item.magnesium_mg is None or not item.status.counts:
        return item
    mine = index.row_of[chosen.fdc_id]
    per_100g = [float(index.magnesium[mine])]
    kcal = float(index.kcal[mine])
    for other in candidates:
        row = index.row_of[other.fdc_id]
        similar = abs(float(index.kcal[row]) - kcal) <= DISAGREEMENT * max(kcal, 1.0)
        if other.chance >= chosen.chance / 2 and similar and math.isfinite(index.magnesium[row]):
            per_100g.append(float(index.magnesium[row]))
    low, high = min(per_100g), max(per_100g)
    if high - low <= DISAGREEMENT * high:
        return item
    spread = (low * item.grams / 100.0, high * item.grams / 100.0)
    note = (
        f"FDC entries for this food disagree: {spread[0]:.0f}-{spread[1]:.0f} mg for"
        f" {item.grams:.0f} g; this figure uses FDC {item.fdc_id}."
    )
    message = f"{item.message} {note}".strip()
    return replace(item, magnesium_range_mg=spread, message=message)


def _check_message(chosen: Alternative, message: str) -> str:
    """What a best guess says: how often such a guess was right, and what to do."""
    chance = round(100 * chosen.chance)
    guess = (
        f"Best guess, check the food: about {chance} in 100 matches scored like this one"
        " were the food meant; pick another below if it is wrong."
    )
    return f"{guess} {message}".strip()


def parse_piece(text: str, meal: MealTime | None, table: FoodTable) -> MealItem:
    """One food phrase ("1 cup cooked rice") read as one item, as ``parse_meal`` reads it."""
    return _parse_item(text, meal, food_index(table))


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
    if not usable and candidates and candidates[0].chance >= GUESS_CHANCE:
        usable = [candidates[0]]  # a word no food has kept its score low, not its chance
    if not usable:
        return None
    best = usable[0]
    if amount.quantity is None or (amount.unit and units.unit_kind(amount.unit) == "mass"):
        return best
    measurable: Alternative | None = None
    for other in usable[:4]:
        if best.score - other.score > 8.0:
            break
        result = find_grams(1.0, amount.unit, amount.food, index.portions_of(other.fdc_id))
        if result.estimated:
            continue
        # "No 'large' portion for this food": a food as likely that has one measures it
        if not result.messages and (other is best or other.chance >= best.chance):
            return other
        measurable = measurable or other
    return measurable or best


def resolve(
    text: str,
    amount: Amount,
    fdc_id: int,
    score: float | None,
    others: tuple[Alternative, ...],
    index: FoodIndex,
    label: MealTime | None,
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
            serving=index.serving_of(fdc_id),
            measure=_measure(amount, index.descriptions[row]),
        )
    unread = quantity is None and amount.unreadable is not None  # "1/0 cup": no grams
    messages = [] if unread else list(grams.messages)
    status = Status.ESTIMATED if grams.estimated or quantity is None else Status.MATCHED
    if any(note.startswith("no number given") for note in amount.notes):
        status = Status.ESTIMATED
    problem = amount.problem or _too_much(quantity, amount.unit, grams.grams, index.category[row])
    magnesium = kcal = None
    if problem is not None:  # nothing of it is counted, and no figure of it is shown
        status = Status.INVALID
        messages.insert(0, f"Not counted: {problem}.")
        if quantity is not None and not (math.isfinite(quantity) and quantity >= 0):
            quantity = None
    else:
        magnesium = _per_grams(index.magnesium[row], grams.grams)
        kcal = _per_grams(index.kcal[row], grams.grams)
        if magnesium is None:
            messages.append(
                "FDC has no magnesium value for this food, so the total is a lower bound."
            )
    shown = not unread and problem is None
    return MealItem(
        text=text,
        quantity=quantity,
        unit=amount.unit,
        grams=grams.grams if shown else None,
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


def _measure(amount: Amount, description: str) -> str | None:
    """The amount's unknown measure word, unless the food's name holds it ("hearts of palm")."""
    word = amount.measure
    named = {singular(w) for w in re.findall(r"[a-z]+", description.lower())}
    if word is None or singular(word) in named:
        return None
    return word


def _too_much(quantity: float | None, unit: str | None, grams: float, category: str) -> str | None:
    """Why an amount is past what one line can hold (``limits.toml``), or None: a count
    over ``MAX_COUNT`` pieces, grams over the food category's ceiling, or grams that are no
    weight at all (negative, not finite)."""
    counted = unit is None or units.unit_kind(unit) == "household"
    if quantity is not None and counted and quantity > MAX_COUNT:
        pieces = f"{quantity:,.0f}" if quantity < 1e7 else f"{quantity:.3g}"
        return f"{pieces} pieces is more than the {MAX_COUNT:,.0f} one line can count"
    if math.isnan(grams) or grams < 0:
        return "a weight that cannot be right"
    limit = ceiling_grams(category)
    if grams > limit:
        return f"{grams_text(grams)} is more than the {limit:,.0f} g one item can hold"
    return None


def _per_grams(per_100g: float, grams: float) -> float | None:
    if math.isnan(per_100g):
        return None
    return per_100g * grams / 100.0


def _unmatched(
    text: str,
    label: MealTime | None,
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
        status=Status.UNMATCHED,
        portion=None,
        grams_rule=None,
        score=None,
        alternatives=candidates,
        message=message,
        meal=label,
        notes=amount.notes if amount else (),
    )
