"""The words of food matching: how user text and FDC descriptions become tokens.

The word tables are data (``words.toml``): the synonym table (user word -> FDC words), the
cooking state each head word defaults to, the penalties for foods people rarely mean, and
the word sets the scorer reads (stop, neutral, group, cutting, cooking words). Each table
entry has its own test in tests/test_meals_matching.py or tests/test_meals_words.py. Also the text
functions both sides share: ``normalise``, ``apply_synonyms``, ``negated``.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from magfood.text import plain_letters, singular, words
from magfood.units import SIZE_WORDS

__all__ = ["SIZE_WORDS", "singular", "words"]

_DATA = tomllib.loads(resources.files(__package__).joinpath("words.toml").read_text("utf-8"))

#: User words -> FDC words. Each entry has its own test case in tests/test_meals_matching.py.
SYNONYMS: dict[str, str] = dict(_DATA["synonyms"])

Form = tuple[tuple[str, ...], tuple[str, ...]]


def _form(spec: dict[str, list[str]]) -> Form:
    return tuple(spec["prefer"]), tuple(spec["avoid"])


_FORMS = {name: _form(spec) for name, spec in _DATA["forms"].items()}
#: Head word -> (description words preferred, words avoided) when the user names no
#: cooking state: cooked for foods nobody eats raw, the everyday form of a few others.
DEFAULT_FORMS: dict[str, Form] = {
    **dict.fromkeys(_DATA["default_forms"]["cooked"], _FORMS["cooked"]),
    **dict.fromkeys(_DATA["default_forms"]["cooked_meat"], _FORMS["cooked_meat"]),
    **{head: _form(spec) for head, spec in _DATA["default_forms"]["own"].items()},
}
#: FDC categories of animal flesh, eaten cooked: with no cooking word said, a food of these
#: takes a cooked form (``COOKED_MEAT``) whatever its head word ("4 oz pollock").
FLESH_CATEGORIES = frozenset(_DATA["flesh_categories"])
COOKED_MEAT = _FORMS["flesh"]

#: (description markers, score penalty, user words that lift it): foods most people do
#: not mean unless they say so.
PENALTIES: tuple[tuple[tuple[str, ...], float, tuple[str, ...]], ...] = tuple(
    (tuple(p["markers"]), float(p["penalty"]), tuple(p["lifted_by"])) for p in _DATA["penalties"]
)
BRAND_PENALTY = float(_DATA["brand_penalty"])
NOT_BRANDS = frozenset(_DATA["not_brands"])

STOP_WORDS = words(_DATA["stop"])
NEUTRAL_WORDS = words(_DATA["neutral"])
GROUP_WORDS = words(_DATA["group"])
PREP_WORDS = words(_DATA["prep"])
COOKING_WORDS = words(_DATA["cooking"])
PLAIN_COOKING_WORDS = words(_DATA["plain_cooking"])
PROCESSING_WORDS = words(_DATA["processing"])
VARIANT_WORDS = words(_DATA["variant"])
FAT_LEVEL_WORDS = words(_DATA["fat_level"])
METHOD_WORDS = words(_DATA["method"])
QUALIFIER_WORDS = words(_DATA["qualifier"])
#: A cooking word in the query also accepts these description words, at a discount.
STATE_ALSO: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["state_also"].items()}

#: SR boilerplate that says nothing against a food ("mature seeds", "with skin").
FILLER = re.compile("|".join(_DATA["filler"]))

#: What a description says about salt: "with salt", "salted", "with salt added" (added);
#: "without salt", "unsalted", "no salt added" (left out). Twins differ only in these.
SALT_ADDED = re.compile(r"\b(?:with (?:added )?salt(?: added)?|(?:lightly )?salted)\b")
SALT_LEFT_OUT = re.compile(
    r"\b(?:without (?:added )?salt(?: added)?|no (?:added )?salt(?: added)?|unsalted)\b"
)
_SALT_IN_PREPARATION = re.compile(r"\bwith (?:added )?salt\b")
#: Words that qualify nothing about the food itself: "NFS", "NS as to type of milk".
NOT_SPECIFIED = re.compile(r"\bnfs\b|\bns as to [^,]*")
#: Words a twin may add or lack: SR group words ("Snacks, potato chips") and "plain".
_BOILERPLATE = words("plain")
#: Query words saying salt was added ("salted butter").
SALT_WORDS = words("salted salt")


def salt_said(text: str) -> int:
    """What a description says about salt: 0 nothing (or "salted", the product's name for
    its usual form: "Butter, salted", "Potato chips, salted"), 1 left out, 2 added in its
    preparation ("boiled, drained, with salt", "with salt added")."""
    lowered = text.lower()
    if SALT_LEFT_OUT.search(lowered):
        return 1
    return 2 if _SALT_IN_PREPARATION.search(lowered) else 0


_SERVED_ON = re.compile(r"\s+on\s+")


def served_on_head(description: str) -> str | None:
    """The head noun of a name that says what the food is served on ("Turkey sandwich on
    white" is a sandwich, not a white), or None when its first segment says no "on"."""
    first = description.split(",", 1)[0]
    if " on " not in first:
        return None
    named = normalise(_SERVED_ON.split(first, maxsplit=1)[0])
    return named[-1] if named else None


def twin_key(text: str) -> str:
    """A description's words without salt, not-specified and group wording: foods with one key
    are twins, the same food as two releases or two salt forms describe it ("Butter,
    salted", "Butter, without salt", "Butter, NFS")."""
    lowered = NOT_SPECIFIED.sub(" ", SALT_LEFT_OUT.sub(" ", SALT_ADDED.sub(" ", text.lower())))
    return " ".join(sorted(set(normalise(lowered)) - GROUP_WORDS - _BOILERPLATE))


_TOKEN = re.compile(r"\d+(?:\.\d+)?%|[a-z0-9]{2,}|\d")


def normalise(text: str) -> list[str]:
    """Lowercase singular tokens without stop words or punctuation."""
    return list(_normalised(text))


@lru_cache(maxsize=100_000)
def _normalised(text: str) -> tuple[str, ...]:
    raw = _TOKEN.findall(plain_letters(text.lower()).replace("'", ""))
    return tuple(singular(t) for t in raw if t not in STOP_WORDS)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Synonyms keyed by their first word, longest first."""
    pairs = [(tuple(normalise(k)), tuple(normalise(v))) for k, v in SYNONYMS.items()]
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    for key, value in sorted(pairs, key=lambda pair: -len(pair[0])):
        by_first[key[0]].append((key, value))
    return {first: tuple(entries) for first, entries in by_first.items()}


def apply_synonyms(tokens: list[str]) -> list[str]:
    """Rewrite user words into FDC words, longest synonym first, each word once."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for key, value in _synonyms().get(tokens[i], ()):
            if tuple(tokens[i : i + len(key)]) == key:
                out.extend(value)
                i += len(key)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


#: Words saying a food lacks what follows: "Pizza, no cheese", "without salt" (to the end
#: of the comma segment); "non" negates only the next word ("non-dairy milk" is milk).
NEGATIONS = words(_DATA["negations"])
NEGATED = "no_"


def negated(tokens: Sequence[str]) -> list[str]:
    """Tokens with the ones a negation governs marked ("no cheese" -> "no_cheese")."""
    out: list[str] = []
    scope = once = False
    for token in tokens:
        if token in NEGATIONS:
            scope = True
        elif token == "non":
            once = True
        else:
            out.append(NEGATED + token if scope or once else token)
            once = False
    return out
