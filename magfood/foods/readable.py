"""An FDC food as a person writes it: "cooked Swiss chard", "black beans", "½ cup cooked
Swiss chard" for a serving of it.

FDC writes the food's group first and its state last ("Chard, swiss, cooked, boiled,
drained, without salt"); a person writes the state first and leaves out what every such
food is. The words are data (``readable.toml``).
"""

from __future__ import annotations

import re

from magfood.foods.rules import load_data
from magfood.units import split_portion, unit_in_text

_DATA = load_data("readable.toml")
_DROPPED = frozenset(_DATA["dropped"])
_GROUP_HEADS = frozenset(_DATA["group_heads"])
_KIND_HEADS = frozenset(_DATA["kind_heads"])
_PROPER = frozenset(_DATA["proper"])
_MOST_BEFORE = int(_DATA["most_before"])
_GLYPHS = {"1/2": "½", "1/3": "⅓", "2/3": "⅔", "1/4": "¼", "3/4": "¾", "1/8": "⅛"}


def readable_name(description: str) -> str:
    """ "Chard, swiss, cooked, boiled, drained, without salt" -> "cooked Swiss chard";
    "Beans, black, mature seeds, cooked, boiled, without salt" -> "cooked black beans";
    "Nuts, almonds" -> "almonds"; "Pumpkin seeds, unsalted" -> "unsalted pumpkin seeds"."""
    text = re.sub(r"\([^)]*\)", " ", description)
    segments = [" ".join(s.split()) for s in text.split(",")]
    segments = [s for s in segments if s and s.lower() not in _DROPPED]
    if not segments:
        return description.strip()
    head, rest = segments[0], segments[1:]
    if head.lower() in _GROUP_HEADS and rest:
        head, rest = rest[0], rest[1:]
    elif head.lower() in _KIND_HEADS and rest and len(rest[0].split()) <= 2:
        head, rest = f"{rest[0]} {head}", rest[1:]
    if "cooked" in (r.lower() for r in rest):
        rest = [r for r in rest if r.lower() not in {"baked", "roasted", "steamed", "fresh"}]
    before = [r for r in rest if len(r.split()) <= 2][:_MOST_BEFORE]
    after = [r for r in rest if r not in before]
    name = " ".join([*reversed(before), head])
    if after:
        name += ", " + ", ".join(after)
    return _cased(name)


def serving_line(portion: str, description: str) -> str:
    """A serving as a person writes it: "½ cup cooked Swiss chard", "1 oz almonds",
    "1 medium banana"; the portion's own detail ("1/2 cup, chopped") is left out, except a
    state the name lacks ("1 cup, cooked" quinoa -> "1 cup cooked quinoa")."""
    head, _, detail = portion.partition(",")
    name = readable_name(description)
    state = detail.strip().lower()
    if state in {"cooked", "raw", "dry", "uncooked"} and state not in name.lower().split():
        name = f"{state} {name}"
    amount, unit_text = split_portion(head.strip())
    if amount is not None and unit_in_text(unit_text) is None:
        # "1 banana", "3 patties": the portion names the food already.
        noun = unit_text.lower().rstrip("s")
        if noun and noun in name.lower():
            return _glyphs(head.strip())
    return _glyphs(" ".join(f"{head.strip()} {name}".split()))


def _glyphs(text: str) -> str:
    """ "1/2 cup" -> "½ cup", "1 1/2 cups" -> "1½ cups": fractions as a cook writes them."""

    def glyph(match: re.Match[str]) -> str:
        whole, fraction = match.group(1), match.group(2)
        symbol = _GLYPHS.get(fraction)
        if symbol is None:
            return match.group(0)
        return f"{whole}{symbol}" if whole else symbol

    return re.sub(r"(?<![\d/])(?:(\d+) )?(\d/\d)(?![\d/])", glyph, text)


def _cased(name: str) -> str:
    words = name.split(" ")
    out = []
    for word in words:
        lowered = word.lower()
        if lowered in _PROPER:
            out.append(lowered.capitalize())
        elif word.isupper() and len(word) > 1:
            out.append(word)  # a brand or an acronym as FDC writes it
        else:
            out.append(lowered)
    return " ".join(out)
