"""Kinds of food: when two FDC foods are near-duplicates (five kinds of pumpkin seeds are one
kind), and which foods Americans report eating.

Two foods are of one kind when they share a family and either their head words ("pumpkin"
for "Seeds, pumpkin and squash seed kernels, roasted" and "Pumpkin seeds, unsalted") or the
sorted set of their content words ("Soybean curd cheese" = "Soybean, curd cheese"). The
Foods ranking, close-the-gap and the planner all collapse near-duplicates by these keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from magfood.foods.rules import FILLER_WORDS, FORM_WORDS, GROUP_HEADS, KIND_WORDS
from magfood.text import singular

KindKeys = frozenset[tuple[str, str]]


def kind_keys(family: str, description: str) -> KindKeys:
    """What makes two foods near-duplicates: sharing any of these keys.

    The family with the head words ("pumpkin" for every kind of pumpkin seeds), and the
    family with the sorted set of singular content words, punctuation, word order and
    salt/NFS/cooking words ignored ("Soybean curd cheese" = "Soybean, curd cheese").
    """
    return frozenset({(family, head_words(description)), (family, content_key(description))})


def kind_codes(keys: Iterable[KindKeys]) -> list[int]:
    """Per food, the position of the first food of its kind (itself if none came before)."""
    first: dict[tuple[str, str], int] = {}
    codes = []
    for i, found in enumerate(keys):
        code = min((first[k] for k in found if k in first), default=i)
        first.update({k: code for k in found if k not in first})
        codes.append(code)
    return codes


def content_key(description: str) -> str:
    """The sorted set of singular content words of a description (digits kept)."""
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", text)
    return " ".join(sorted({singular(w) for w in words if w not in FILLER_WORDS}))


def head_words(description: str) -> str:
    """The normalised head of an FDC description: what makes two foods the same kind.

    "Seeds, pumpkin and squash seed kernels, roasted" and "Pumpkin seeds, unsalted" are both
    "pumpkin"; "Beverages, almond milk" is "almond milk"; "Bread, whole-wheat" is
    "bread whole-wheat".
    """
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    segments = [s.strip() for s in text.split(",") if s.strip()]
    while len(segments) > 1 and segments[0] in GROUP_HEADS:
        segments = segments[1:]
    if not segments:
        return description.lower()
    words = _content_words(segments[0])
    head = words[:1]
    if segments[0] in KIND_WORDS and len(segments) > 1:
        head += _content_words(segments[1])[:1]
    forms = [w for w in _content_words(segments[0]) if w in FORM_WORDS and w not in head]
    return " ".join(head + sorted(set(forms))) or segments[0]


def _content_words(text: str) -> list[str]:
    words = re.findall(r"[a-z][a-z'-]*", text)
    return [singular(w) for w in words if w not in FILLER_WORDS]


def derive_commonly_eaten(foods: pd.DataFrame) -> pd.Series:
    """Whether Americans report eating a food: FNDDS survey foods (What We Eat in America),
    and SR Legacy foods of a kind (head words) FNDDS has (no "Dock, raw")."""
    heads = foods["description"].map(head_words)
    survey = foods["data_type"] == "survey_fndds"
    return (survey | heads.isin(set(heads[survey]))).astype(bool).rename("commonly_eaten")
