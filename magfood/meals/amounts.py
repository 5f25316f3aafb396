"""Amounts in one food phrase: "1 1/2 cups cooked rice" -> 1.5, "cup", "cooked rice".

Reads the amount at the start of the phrase, or at its end when the start has none
("almonds 30g", "banana x2"). Understands integers, decimals ("1.5", "0,5"), fractions,
mixed numbers ("1 1/2", "1-1/2", "1 and 1/2"), unicode fractions ("½", "1½"), number
words ("one" ... "twelve", "a", "half a", "a couple of", "a dozen"), ranges ("2-3",
"2 to 3": the middle, noted), multipliers ("2 x 30 g": 60 g, noted) and scientific
notation ("1e3 g": 1000 g, noted); a number that cannot be read ("1/0", "1e400") leaves
no quantity and is the amount's ``problem``. Context that is
not food is set aside first ("2 eggs for breakfast", "20 almonds (snack)", "kale on the
side", "... this morning"): a meal it names becomes ``Amount.meal``. Where the food went
("1 tbsp butter on toast", "milk in my coffee") is found by ``set_aside_carrier``; the
caller, who has the food table, decides it. Never raises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from magfood import units
from magfood.meals.context import DETERMINER, Context, set_aside_context
from magfood.mealtimes import MealTime

#: Unicode vulgar fractions -> their value as "n/d".
_VULGAR = {
    "½": "1/2",
    "⅓": "1/3",
    "⅔": "2/3",
    "¼": "1/4",
    "¾": "3/4",
    "⅕": "1/5",
    "⅖": "2/5",
    "⅗": "3/5",
    "⅘": "4/5",
    "⅙": "1/6",
    "⅚": "5/6",
    "⅛": "1/8",
    "⅜": "3/8",
    "⅝": "5/8",
    "⅞": "7/8",
    "⅐": "1/7",
    "⅑": "1/9",
    "⅒": "1/10",
}

#: Number words -> value. "a"/"an" are one ("a banana").
NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "half": 0.5,
    "quarter": 0.25,
    "third": 1 / 3,
    "couple": 2,
    "pair": 2,
    "few": 3,
    "dozen": 12,
}
_APPROX = frozenset({"about", "around", "approx", "approx.", "approximately", "roughly", "~"})
_RANGE_WORDS = frozenset({"-", "–", "—", "to", "or"})
_MULTIPLY = frozenset({"x", "×", "*"})
_FRACTION = re.compile(r"^(-?\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)$")
_DECIMAL = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?$")
#: Scientific notation ("1e3", "2.5E-1"): read as the number it writes, and noted.
_SCIENTIFIC = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)e[+-]?\d+$", re.IGNORECASE)
#: Words that stay food words even when they name a unit ("whole milk", "2 whole eggs").
_KEEP_AS_FOOD = frozenset({"whole"})


@dataclass(frozen=True)
class Amount:
    """What the amount words of one food phrase say, and the food words left over."""

    text: str
    quantity: float | None
    unit: str | None
    food: str
    notes: tuple[str, ...] = ()
    meal: MealTime | None = None
    unreadable: str | None = None
    #: A word in the place of a unit that is no unit magfood knows ("a dollop of", "a tin
    #: of", "1 order of"): the grams for it are an assumption, said so. It stays in
    #: ``food`` ("hearts of palm" is a name; the caller, who has the food, decides).
    measure: str | None = None

    @property
    def problem(self) -> str | None:
        """Why the amount cannot be right (unreadable, not a number, zero or negative), or
        None. Too much of a food is for the caller, who knows the food."""
        if self.unreadable is not None and self.quantity is None:
            return f"the amount {self.unreadable} cannot be read"
        if self.quantity is None or (self.quantity > 0 and math.isfinite(self.quantity)):
            return None
        if not math.isfinite(self.quantity):
            return "an amount that is not a finite number"
        return "an amount of zero" if self.quantity == 0 else "a negative amount"


def parse_amount(text: str) -> Amount:
    """Quantity, canonical unit and food words of one food phrase, context set aside."""
    context = set_aside_context(text)
    tokens = tokenize(context.food)
    found = _leading(tokens) or _trailing(tokens)
    if found is None:
        return Amount(text, None, None, _food_text(tokens), context.notes, context.meal)
    quantity, unit, food_tokens, notes = found
    notes = (*notes, *_scientific_notes(tokens))
    if quantity is not None and not math.isfinite(quantity):
        unread = _unreadable(tokens)
        food = _food_text(food_tokens)
        return Amount(text, None, unit, food, context.notes, context.meal, unread)
    if quantity is None and unit is not None:
        quantity, notes = 1.0, (*notes, f"no number given: 1 {unit} assumed")
    measure = _unknown_measure(food_tokens) if quantity is not None and unit is None else None
    food = _food_text(food_tokens)
    return Amount(text, quantity, unit, food, (*notes, *context.notes), context.meal, None, measure)


def _unknown_measure(tokens: list[str]) -> str | None:
    """ "dollop" in "dollop of greek yogurt": one word, then "of", then a food, where the
    word is no unit, food noun or size magfood knows."""
    if len(tokens) < 3 or tokens[1].lower() != "of" or not _has_food_word(tokens[2:]):
        return None
    word = tokens[0].lower()
    if not re.fullmatch(r"[a-z]{2,}", word) or units.canonical_unit(word) is not None:
        return None
    if word in units.SIZE_WORDS or word in NUMBER_WORDS:
        return None
    return word


def _scientific_notes(tokens: list[str]) -> tuple[str, ...]:
    """A note for each number written in scientific notation ("1e3 read as 1000")."""
    return tuple(
        f"{t} read as {_fmt(float(t))}"
        for t in tokens
        if _SCIENTIFIC.match(t) and math.isfinite(float(t))
    )


def _unreadable(tokens: list[str]) -> str:
    """The number words that make an amount unreadable: "1/0", "1e400"."""
    for token in tokens:
        fraction = _FRACTION.match(token)
        if fraction is not None and float(fraction.group(2)) == 0:
            return token
        if _SCIENTIFIC.match(token) and not math.isfinite(float(token)):
            return token
    return next((t for t in tokens if _DECIMAL.match(t.lower())), "given")


def set_aside_carrier(text: str, is_one_food: Callable[[str], bool] | None = None) -> Context:
    """Where the food went set aside: "1 tbsp butter on toast" -> "1 tbsp butter".

    Only "on"/"in"/"into"/"onto" with one to four words at the end count, and only when
    what comes before reads as a food with an amount ("1 tbsp butter", "a banana"): the
    carrier is not eaten in that amount. Names keep their words: a packing medium ("tuna
    in water", "beans in tomato sauce", "fish in batter"), or a phrase ``is_one_food``
    finds in the food table ("corn on the cob", "pigs in a blanket"); "my"/"your" before
    the carrier ("milk in my coffee") is never part of a name.
    """
    found = _CARRIER_TAIL.search(text)
    if found is None:
        return Context(text)
    rest = text[: found.start()].rstrip(" ,;:-–—")
    amount = _leading(tokenize(rest))
    if amount is None or amount[0] is None or not _has_food_word(amount[2]):
        return Context(text)
    phrase = found.group("ctx").strip()
    if not _POSSESSIVE.search(phrase) and (
        _MEDIUM.search(phrase) or (is_one_food is not None and is_one_food(text))
    ):
        return Context(text)
    return Context(rest, (phrase,), carrier=True)


def _has_food_word(tokens: list[str]) -> bool:
    return any(re.search(r"[^\W\d_]{2,}", t) for t in tokens)


_CARRIER_WORD = r"[^\W\d_][\w'’-]*"
#: "on toast", "in my coffee", "into the oatmeal": a preposition, an optional determiner
#: and one to four words at the end of the phrase ("over" is not one: "eggs over easy").
_CARRIER_TAIL = re.compile(
    rf"(?P<ctx>(?<!\S)(?:on\s+top\s+of|on|onto|in|into)\s+{DETERMINER}"
    rf"{_CARRIER_WORD}(?:\s+{_CARRIER_WORD}){{0,3}})[\s.!]*$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"^\S+\s+(?:my|your|his|her|our|their)\b", re.IGNORECASE)
#: Packing and cooking media that name a food, as FDC writes them ("canned in water",
#: "oil-packed", "light syrup pack", "batter-dipped", "with tomato sauce", "with gravy").
_MEDIUM = re.compile(
    r"\b(?:water|oil|brine|syrup|juice|sauce|gravy|batter|broth|vinegar)[.!]*$",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[str]:
    """Split a phrase into words, numbers and brackets, with numbers written one way."""
    s = text
    for char, fraction in _VULGAR.items():
        if char in s:  # most phrases have none: skip the pattern
            s = re.sub(rf"(\d)\s*{char}", rf"\1 {fraction}", s)
            s = s.replace(char, f" {fraction} ")
    s = s.replace("⁄", "/")
    s = re.sub(r"(\d),(\d{3})(?!\d)", r"\1\2", s)
    s = re.sub(r"(\d),(\d{1,2})(?!\d)", r"\1.\2", s)
    s = re.sub(r"(\d)\s*-\s*(\d+\s*/\s*\d+)", r"\1 \2", s)
    s = re.sub(r"(\d)\s*/\s*(\d)", r"\1/\2", s)
    s = re.sub(r"(\d)\s*[x×*]\s*(?=\d)", r"\1 x ", s)
    s = re.sub(r"(?<![\w.])([x×])(?=\d)", r"\1 ", s)
    s = re.sub(r"(\d)\s*([-–—])\s*(?=\d)", r"\1 \2 ", s)
    s = re.sub(r"(\d)(?![eE][+-]?\d)(?=[^\W\d_])", r"\1 ", s)
    s = re.sub(r"([()\[\]])", r" \1 ", s)
    s = s.replace("~", " ~ ")
    return s.split()


def _number(tokens: list[str], i: int) -> tuple[float, int] | None:
    """A number starting at token i, and the index after it."""
    first = _single(tokens, i)
    if first is None:
        return None
    value, j = first
    nxt = _lower(tokens, j)
    if _FRACTION.match(nxt) and value.is_integer():
        value, j = value + _fraction_value(nxt), j + 1
    elif nxt in ("and", "&") and j + 1 < len(tokens):
        rest = _lower(tokens, j + 1)
        if _FRACTION.match(rest):
            value, j = value + _fraction_value(rest), j + 2
        elif rest in ("a", "an") and _lower(tokens, j + 2) == "half":
            value, j = value + 0.5, j + 3
    if _lower(tokens, j) == "dozen":
        value, j = value * 12, j + 1
    return value, j


def _single(tokens: list[str], i: int) -> tuple[float, int] | None:
    """One number token or number phrase ("a couple of", "half a")."""
    word = _lower(tokens, i)
    if _DECIMAL.match(word):
        return float(word), i + 1
    if _FRACTION.match(word):
        return _fraction_value(word), i + 1
    if word in ("a", "an"):
        nxt = _lower(tokens, i + 1)
        if nxt in ("half", "quarter", "third", "couple", "pair", "few", "dozen"):
            value, j = float(NUMBER_WORDS[nxt]), i + 2
            return value, j + 1 if _lower(tokens, j) == "of" else j
        return 1.0, i + 1
    if word == "half" and _lower(tokens, i + 1) in ("a", "an"):
        return 0.5, i + 2
    if word in NUMBER_WORDS:
        j = i + 1
        return float(NUMBER_WORDS[word]), j + 1 if _lower(tokens, j) == "of" else j
    return None


def _fraction_value(token: str) -> float:
    match = _FRACTION.match(token)
    if match is None:
        return 0.0
    denominator = float(match.group(2))
    return float(match.group(1)) / denominator if denominator else math.nan


def _lower(tokens: list[str], i: int) -> str:
    return tokens[i].lower() if 0 <= i < len(tokens) else ""


Found = tuple[float | None, str | None, list[str], tuple[str, ...]]


def _leading(tokens: list[str]) -> Found | None:
    """Amount and unit at the start of the phrase."""
    i = 0
    while _lower(tokens, i) in _APPROX:
        i += 1
    quantity: float | None = None
    notes: list[str] = []
    parsed = _number(tokens, i)
    if parsed is not None:
        quantity, i = parsed
        quantity, i = _range_or_multiplier(tokens, i, quantity, notes)
    unit, i, kept = _unit(tokens, i, quantity is not None)
    inner = _bracketed(tokens, i) if quantity is not None else None
    if (
        inner is not None
        and quantity is not None
        and (unit is None or units.unit_kind(unit) == "household")
    ):
        amount, inner_unit, i = inner
        notes.append(f"{_fmt(quantity)} x {_fmt(amount)} {inner_unit}")
        quantity, unit = quantity * amount, inner_unit
        word, j = _unit_word(tokens, i)
        if word is not None and units.unit_kind(word) == "household" and tokens[j:]:
            i = j  # "1 (6 oz) container yogurt": the container is the 6 oz
    if quantity is None and unit is None:
        return None
    if _lower(tokens, i) == "of":
        i += 1
    return quantity, unit, kept + tokens[i:], tuple(notes)


def _range_or_multiplier(
    tokens: list[str], i: int, quantity: float, notes: list[str]
) -> tuple[float, int]:
    word = _lower(tokens, i)
    second = _number(tokens, i + 1) if word in _RANGE_WORDS | _MULTIPLY else None
    if second is None:
        return quantity, i
    value, j = second
    if word in _MULTIPLY:
        notes.append(f"{_fmt(quantity)} x {_fmt(value)}: used {_fmt(quantity * value)}")
        return quantity * value, j
    if value <= quantity:
        return quantity, i
    middle = (quantity + value) / 2
    notes.append(f"range {_fmt(quantity)}-{_fmt(value)}: used {_fmt(middle)}")
    return middle, j


def _unit(tokens: list[str], i: int, counted: bool) -> tuple[str | None, int, list[str]]:
    """A unit at token i (one or two words), the index after it, and words to keep.

    Household words that are foods themselves ("2 eggs", "an olive", "egg salad") stay
    food words; the count rule finds their portion later.
    """
    unit, j = _unit_word(tokens, i)
    if unit is None or unit in units.FOOD_NOUNS:
        return None, i, []
    if tokens[i].lower() in _KEEP_AS_FOOD:
        return (unit if counted else None), i, []
    rest = [t for t in tokens[j:] if t.lower() != "of"]
    if units.unit_kind(unit) == "household" and not rest:
        return None, i, []  # "a large", "2 slices": nothing left to be the food
    if unit in units.SIZES:
        noun, k = _unit_word(tokens, j)
        plain_noun = noun is not None and noun not in units.FOOD_NOUNS | set(units.SIZES)
        if plain_noun and tokens[k:]:
            return noun, k, tokens[i:j]  # "1 small box of raisins": a small box
    return unit, j, []


def _bracketed(tokens: list[str], i: int) -> tuple[float, str, int] | None:
    """A bracketed mass or volume at token i: "(6 oz)", and the index after it."""
    if _lower(tokens, i) not in ("(", "["):
        return None
    parsed = _number(tokens, i + 1)
    if parsed is None:
        return None
    amount, j = parsed
    unit, k = _unit_word(tokens, j)
    if unit is None or units.unit_kind(unit) == "household" or _lower(tokens, k) not in (")", "]"):
        return None
    return amount, unit, k + 1


def _unit_word(tokens: list[str], i: int) -> tuple[str | None, int]:
    if i >= len(tokens):
        return None, i
    if i + 1 < len(tokens):
        pair = units.canonical_unit(f"{tokens[i]} {tokens[i + 1]}")
        if pair is not None:
            return pair, i + 2
    return units.canonical_unit(tokens[i]), i + 1


def _trailing(tokens: list[str]) -> Found | None:
    """Amount at the end ("almonds 30g", "banana x2", "eggs (2)")."""
    body = list(tokens)
    while body and body[-1] in (")", "]"):
        body.pop()
    for start in range(max(1, len(body) - 4), len(body)):
        head, tail = body[:start], body[start:]
        if tail and tail[0] in ("(", "["):
            tail = tail[1:]
        if tail and tail[0].lower() in _MULTIPLY:
            tail = tail[1:]
        if not tail or _number(tail, 0) is None or tail[0].lower() in ("a", "an"):
            continue
        quantity, j = _number(tail, 0) or (0.0, 0)
        notes: list[str] = []
        quantity, j = _range_or_multiplier(tail, j, quantity, notes)
        unit, k = _unit_word(tail, j) if j < len(tail) else (None, j)
        if k == len(tail) and (unit is not None or j == len(tail)):
            head = head[:-1] if head and head[-1] in ("(", "[", "-", ",") else head
            return quantity, unit, head, tuple(notes)
    return None


def _food_text(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:-.")


def _fmt(value: float) -> str:
    return f"{value:g}" if value.is_integer() else f"{value:.3g}"
