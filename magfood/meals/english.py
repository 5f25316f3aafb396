"""How common a word is in English (wordfreq's Zipf scale), for telling words from slips.

wordfreq's lists take most of a second to load, so the stored index (``index_store``)
keeps the figure of every word the table knows; this lookup is for the others, and loads
wordfreq on its first call only.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["english_zipf"]


@lru_cache(maxsize=4096)
def english_zipf(word: str) -> float:
    """How common a word is in English on the Zipf scale (0 unknown, "the" about 7.7)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))
