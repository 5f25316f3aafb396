"""A word no food has, read as the food word it most likely is.

One slip of the keys (a letter wrong, missing, extra, or two swapped: "quiona",
"cashwes"), two in a long word ("cantelope"), or the start of a longer word ("avo",
"guac", "mozz"). A short word that is common English is not a slip ("when", "sick"): it
is left alone, as wordfreq's frequencies say ("bred" and "chilli" are rare enough).
Among equal candidates the word that names the most foods wins; a slip keeps its first
letter ('order' is not 'border').
"""

from __future__ import annotations

import bisect

from rapidfuzz import process
from rapidfuzz.distance import OSA

from magfood.meals.english import english_zipf
from magfood.meals.index import FoodIndex

__all__ = ["COMMON_ZIPF", "correct", "english_zipf"]

#: A short word at least this common in English (Zipf scale: 4 is about ten times per
#: million words) is a word, not a typo.
COMMON_ZIPF = 4.0
#: A word's start read as the word: at least this many letters, and the completion must
#: name this many times more foods than the next one ("parm": parmesan, not parmigiana).
_PREFIX_LETTERS = 3
#: Common English words this long may still be another spelling ("fettuccine").
_LONG = 7
_PREFIX_LEAD = 3


def correct(token: str, index: FoodIndex) -> str | None:
    """The food word a word no food has stands for, or None."""
    if len(token) < _PREFIX_LETTERS or not token.isalpha():
        return None
    if len(token) < _LONG and index.zipf(token) >= COMMON_ZIPF:
        return None  # a short common word is a word; a long one may be a spelling FDC lacks
    if len(token) >= 4:
        allowed = 1 if len(token) < 8 else 2
        found = process.extract(
            token,
            index.vocabulary,
            scorer=OSA.distance,
            score_cutoff=allowed,
            limit=12,
            processor=None,
        )
        near = [(int(d), -index.naming_df.get(str(w), 0), str(w)) for w, d, _ in found]
        near = [c for c in near if c[2][0] == token[0] and c[1] < 0]
        if near:
            return min(near)[2]
        if token.endswith("s") and len(token) > 4:
            return correct(token[:-1], index)  # a slip in a plural: "cashwes"
    return _completion(token, index)


def _completion(token: str, index: FoodIndex) -> str | None:
    start = bisect.bisect_left(index.vocabulary, token)
    found: list[tuple[int, str]] = []
    for word in index.vocabulary[start : start + 400]:
        if not word.startswith(token):
            break
        if len(word) > len(token) + 1:
            found.append((index.naming_df.get(word, 0), word))
    found.sort(reverse=True)
    if not found or found[0][0] < 3:
        return None
    if len(found) > 1 and found[0][0] < _PREFIX_LEAD * found[1][0]:
        return None
    return found[0][1]
