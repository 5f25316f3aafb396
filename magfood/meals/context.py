"""What a diary line says that is not food, set aside before the amount is read.

"8 strawberries at dinner", "20 almonds (snack)", "kale on the side", "... this morning":
trailing context is set aside (``set_aside_context``) and a meal it names becomes the
line's meal. Where a food went ("1 tbsp butter on toast") is found by
``amounts.set_aside_carrier``, which needs the amount reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from magfood.mealtimes import MEAL_PATTERN, MealTime, meal_of


@dataclass(frozen=True)
class Context:
    """A phrase with the trailing context that is not food set aside."""

    food: str
    phrases: tuple[str, ...] = ()
    meal: MealTime | None = None
    carrier: bool = False

    @property
    def notes(self) -> tuple[str, ...]:
        """One note per phrase set aside, naming the meal it set or where the food went."""
        if self.carrier:
            return tuple(f"set aside '{p}': where it went, not counted" for p in self.phrases)
        return tuple(
            f"set aside '{p}': " + (f"meal {m}" if (m := _meal_in(p)) else "not a food")
            for p in self.phrases
        )


def set_aside_context(text: str) -> Context:
    """Trailing diary context set aside: "8 strawberries at dinner" -> "8 strawberries".

    Only a preposition with a context word ("for breakfast", "after the gym", "with
    lunch"), "as a snack", "on the side", a time ("this morning", "tonight", "at 8am"), a
    dash or brackets around such words ("- lunch", "(snack)", "(post-workout)") at the
    end count; food names keep their words ("breakfast sausage", "dinner roll", "with
    milk"), and nothing is set aside that would leave no food word.
    """
    food, phrases = text, list[str]()
    for _ in range(4):
        found = _CONTEXT_TAIL.search(food)
        if found is None:
            break
        inner = found.group("inner")
        if inner is not None and not _CONTEXT_WORDS.fullmatch(inner.strip()):
            break
        rest = food[: found.start()].rstrip(" ,;:-–—")
        if not re.search(r"[^\W\d_]", rest):
            break
        phrases.insert(0, found.group("ctx").strip())
        food = rest
    meals = [m for m in map(_meal_in, reversed(phrases)) if m is not None]
    return Context(food, tuple(phrases), meals[0] if meals else None)


def _meal_in(phrase: str) -> MealTime | None:
    """The meal a context phrase names ("for breakfast": breakfast), None after/before."""
    if re.match(r"\W*(?:after|before|post|pre)\b", phrase, re.IGNORECASE):
        return None
    return meal_of(phrase)


#: Places, activities and times of day after a preposition ("after the gym", "at work").
_PLACES = (
    r"gym|workouts?|training|practice|exercise|run|jog|walk|hike|swim|ride|yoga|work|school|"
    r"office|class|lecture|meeting|church|party|movies?|game|break|desk|car|train|plane|"
    r"flight|bed|bedtime|night|noon|midnight|morning|afternoon|evening|home"
)
#: Words that may stand between the preposition and the context word ("a late lunch").
_MODIFIERS = (
    r"morning|afternoon|evening|late|early|mid-?morning|mid-?afternoon|midday|late-night|"
    r"night|quick|light|small|big|second|post-?workout|pre-?workout|work|school|lunch|"
    r"after-school|bedtime|sunday|weekend|daily|usual|bike"
)
_MEALS = MEAL_PATTERN
_HEADS = f"{_MEALS}|{_PLACES}"
#: An optional determiner before a context or carrier word ("the gym", "my coffee").
DETERMINER = r"(?:(?:the|my|a|an|our|his|her|their|this|that)\s+)?"

_MODS = rf"(?:(?:{_MODIFIERS})[\s-]+)*"
_TIME = (
    r"today|tonight|tonite|yesterday|earlier|later|last\s+night|"
    r"this\s+(?:morning|afternoon|evening|am|pm|a\.m\.|p\.m\.)|"
    r"(?:at|around|about|@)\s*\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|"
    r"(?:at|around|@)\s*\d{1,2}:\d{2}"
)
_PHRASE = (
    rf"(?:for|at|after|before|during|on|in|over|around|post|pre)[\s-]+{DETERMINER}{_MODS}(?:{_HEADS})"
    rf"|with\s+{DETERMINER}{_MODS}(?:{_MEALS}|meals?)"
    rf"|as\s+(?:an?\s+)?{_MODS}(?:{_MEALS}|side(?:\s+dish)?|treat|appetizer|starter)"
    rf"|on\s+the\s+(?:side|go|run|way|road)(?:\s+(?:to|from)\s+{DETERMINER}{_MODS}(?:{_HEADS})|\s+home)?"
    rf"|{_TIME}"
)
#: What brackets or a dash may hold: a phrase above, or context words alone ("snack").
_CONTEXT_WORDS = re.compile(
    rf"(?:{_PHRASE}|(?:(?:post|pre)[\s-]*)?{DETERMINER}{_MODS}(?:{_HEADS}))[.!]*",
    re.IGNORECASE,
)
_CONTEXT_TAIL = re.compile(
    rf"(?P<ctx>(?<!\S)(?:{_PHRASE})(?!\w)"
    rf"|\((?P<inner>[^()]{{1,60}})\)"
    rf"|(?<=\s)[-–—]\s*{_MODS}(?:{_MEALS})(?!\w))[\s.!,;]*$",
    re.IGNORECASE,
)
