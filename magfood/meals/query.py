"""Food words as the matcher reads them: normalised, rewritten, corrected, with a head.

``read_query`` turns the food words of a phrase into a ``Query``: singular lowercase tokens
without stop words, through the synonym table, compounds spelt as FDC spells them, and
words no food has read as the food word they most likely are (``spelling``). The head is
the last content word; the anchor is the head or a far rarer word before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from magfood.meals.index import FoodIndex
from magfood.meals.regional import us_english
from magfood.meals.spelling import correct
from magfood.meals.words import (
    COOKING_WORDS,
    NEGATED,
    PREP_WORDS,
    SIZE_WORDS,
    apply_synonyms,
    negated,
    normalise,
    singular,
)

__all__ = ["Query", "read_query"]

#: A percentage in words: "2 percent", "1 pct".
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|pct)\b", re.IGNORECASE)
#: "with skin", "skin on": the whole food ("flesh and skin"), not its skin alone.
_WITH_SKIN = re.compile(r"\b(?:with|w/)\s+(?:the\s+)?(?:skin|peel)\b|\b(?:skin|peel)[- ]on\b", re.I)
#: A word before the head is the anchor when it is this many times more specific.
_KEY_RATIO = 1.8


@dataclass(frozen=True)
class Query:
    """Food words as the matcher reads them."""

    words: tuple[str, ...]
    head: str | None
    corrections: tuple[str, ...] = ()
    key: str | None = None
    #: Words of the phrase that are not about the food ("like always", "after work"):
    #: they weigh little and never head the query (``diary_words``).
    diary: tuple[str, ...] = ()

    @property
    def anchor(self) -> str | None:
        """The word the food must have: the head, or a far more specific word before it."""
        return self.key or self.head


def read_query(words: str, index: FoodIndex) -> Query:
    """Normalised, synonym-rewritten, spelling-corrected query words."""
    text = re.sub(
        r"\bpb\s*&\s*j\b|\bpb\s+and\s+j\b",
        "pbj",
        us_english(words, lambda w: index.knows(singular(w))),
    )
    text = re.sub(r"\bmac\s*(?:&|and|n|'n')\s*cheese\b", "mac cheese", text)
    text = _PERCENT.sub(r"\1%", text)  # "2 percent milk" is "2% milk", as FDC writes it
    text = _WITH_SKIN.sub(" ", text)  # the whole food, as FDC's filler "with skin" says
    tokens = [t for t in negated(normalise(text)) if t not in SIZE_WORDS][:12]
    tokens = _fdc_compounds(apply_synonyms(tokens), index)
    corrections: list[str] = []
    known: list[str] = []
    for token in dict.fromkeys(tokens):
        if index.knows(token) or token in COOKING_WORDS or token in PREP_WORDS:
            known.append(token)  # cooking and cut words steer even if no food has them
            continue
        if token.startswith(NEGATED):
            continue  # "without X" that no food says: nothing to look for
        fixed = correct(token, index)
        if fixed is not None:
            corrections.append(f"read '{token}' as '{fixed}'")
            known.append(fixed)
    named = [t for t in known if not t.startswith(NEGATED) and not t[0].isdigit()]
    content = [t for t in named if t not in COOKING_WORDS and t not in PREP_WORDS]
    content = content or [t for t in named if t not in COOKING_WORDS]
    diary = diary_words(content, index)
    content = [t for t in content if t not in diary] or content
    head = content[-1] if content else None
    return Query(tuple(known), head, tuple(corrections), _key(content, index), diary)


#: A word at least this common in English (Zipf scale, wordfreq) that names fewer than
#: this share of the foods (20 of the shipped 13,000) may be a diary word, and so may any
#: word at least ``EVERYDAY_ZIPF`` common ("like", "after", "when").
DIARY_ZIPF = 4.5
DIARY_NAMING = 0.0015
EVERYDAY_ZIPF = 6.0


def diary_words(content: list[str], index: FoodIndex) -> tuple[str, ...]:
    """The words of a phrase about the day, not the food: common English words that no
    food has together with the phrase's other words ("oatmeal like always", "coffee after
    work"; but "california roll": a sushi roll is California)."""
    few = DIARY_NAMING * len(index.descriptions)
    maybe = [t for t in content if _everyday(t, index.naming_df.get(t, 0) < few, index)]
    food = [t for t in content if t not in maybe]
    if not maybe or not food:
        return ()
    rows = np.unique(np.concatenate([index.rows_with(t) for t in food]))
    return tuple(t for t in maybe if np.intersect1d(rows, index.rows_with(t)).size == 0)


def _everyday(token: str, few: bool, index: FoodIndex) -> bool:
    """Whether a word is common English (as said: "always" is read "alway")."""
    zipf = max(index.zipf(token), index.zipf(token + "s"))
    return zipf >= EVERYDAY_ZIPF or (few and zipf >= DIARY_ZIPF)


def _fdc_compounds(tokens: list[str], index: FoodIndex) -> list[str]:
    """Compound words spelt as FDC spells them: two words FDC only ever joins ("mahi mahi"
    -> "mahimahi", "jelly beans" -> "jellybeans"), one word FDC more often splits
    ("meatloaf" -> "meat loaf")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i : i + 2]
        if len(pair) == 2 and pair[0] + pair[1] in index.postings and not _apart(pair, index):
            out.append(pair[0] + pair[1])
            i += 2
            continue
        out.extend(_split_compound(tokens[i], index))
        i += 1
    return out


def _split_compound(token: str, index: FoodIndex) -> list[str]:
    for cut in range(3, len(token) - 2):
        pair = [token[:cut], token[cut:]]
        found = index.postings.get(token)
        if _apart(pair, index) > (0 if found is None else found.size):
            return pair
    return [token]


def _apart(pair: list[str], index: FoodIndex) -> int:
    """How many foods have both words of a pair."""
    first, second = index.postings.get(pair[0]), index.postings.get(pair[1])
    if first is None or second is None:
        return 0
    return int(np.intersect1d(first, second, assume_unique=True).size)


def _key(content: list[str], index: FoodIndex) -> str | None:
    """The head, unless a word before it is far rarer in the table ("collard greens")."""
    if len(content) < 2:
        return None
    rarest = max(content[:-1], key=index.specificity)
    far = index.specificity(rarest) >= _KEY_RATIO * index.specificity(content[-1])
    return rarest if far else None
