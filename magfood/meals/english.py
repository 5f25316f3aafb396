"""How common a word is in English (wordfreq's Zipf scale), for telling words from slips.

wordfreq's lists take most of a second to load, so the refresh stores with the index
(``index_store``) the figures the parser asks for, as ``EnglishWords``: every word the
index knows (and its plural), and every word of a-z letters at most ``SHORT_LETTERS``
long that wordfreq rates at least ``SHORT_FLOOR``: the spelling check asks only about
such short words, and only whether they reach ``spelling.COMMON_ZIPF``. A process that
parses meals then never loads wordfreq; ``english_zipf`` asks wordfreq itself, at
refresh and for a word outside what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["SHORT_FLOOR", "SHORT_LETTERS", "EnglishWords", "english_zipf"]

#: Words of a-z letters up to this long are stored when wordfreq rates them at least
#: ``SHORT_FLOOR``; a shorter-rated one reads 0.0.
SHORT_LETTERS = 6
SHORT_FLOOR = 3.5


@lru_cache(maxsize=4096)
def english_zipf(word: str) -> float:
    """How common a word is in English on the Zipf scale (0 unknown, "the" about 7.7)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@dataclass(frozen=True)
class EnglishWords:
    """wordfreq's Zipf figures as the index stores them: ``known`` words, and the short
    words (sorted, ``SHORT_LETTERS`` bytes each) with their figures."""

    known: Mapping[str, float]
    short: npt.NDArray[np.bytes_]
    short_zipf: npt.NDArray[np.float64]

    @classmethod
    def of(cls, words: Iterable[str]) -> EnglishWords:
        """The figures of some words and of the short words, from wordfreq (at refresh)."""
        short, figures = _short_words()
        return cls({w: english_zipf(w) for w in words}, short, figures)

    def zipf(self, word: str) -> float:
        """``english_zipf(word)``, without wordfreq for a known word or a short one (a short
        word wordfreq rates below ``SHORT_FLOOR`` reads 0.0)."""
        found = self.known.get(word)
        if found is not None:
            return found
        if not (len(word) <= SHORT_LETTERS and word.isascii() and word.isalpha()):
            return english_zipf(word)
        if not word.islower():  # wordfreq folds case; the parser's words are lowercase
            return english_zipf(word)
        key = word.encode("ascii")
        at = int(np.searchsorted(self.short, key))
        if at < self.short.size and self.short[at] == key:
            return float(self.short_zipf[at])
        return 0.0


@lru_cache(maxsize=1)
def _short_words() -> tuple[npt.NDArray[np.bytes_], npt.NDArray[np.float64]]:
    """Every a-z word of at most ``SHORT_LETTERS`` letters wordfreq rates at least
    ``SHORT_FLOOR``, sorted, and its figure (wordfreq's own ``zipf_frequency``)."""
    from wordfreq import get_frequency_dict

    least = 0.9 * 10.0 ** (SHORT_FLOOR - 9.0)  # a frequency a little under the floor
    listed = get_frequency_dict("en", "best")
    words = sorted(
        w
        for w, frequency in listed.items()
        if frequency >= least and len(w) <= SHORT_LETTERS and w.isascii() and w.isalpha()
    )
    rated = [(w, english_zipf.__wrapped__(w)) for w in words if w.islower()]
    kept = [(w, z) for w, z in rated if z >= SHORT_FLOOR]
    short = np.asarray([w for w, _ in kept], dtype=f"S{SHORT_LETTERS}")
    return short, np.asarray([z for _, z in kept], dtype=np.float64)
