"""Food words as people outside the US write them, read as the US words FDC uses.

Two sources: the regional words FDC lacks (``regional.toml``: "rocket", "capsicum",
"beef mince"), and British spellings (breame's table of about 1,700 British -> American
spellings: "yoghurt", "chilli", "flavoured", "savoury"). Both rewrite the text as
written, before it is split into singular tokens, so "crisps" (potato chips) is not
"apple crisp".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from breame.spelling import british_spelling_exists, get_american_spelling

__all__ = ["REGIONAL_WORDS", "us_english"]

REGIONAL_WORDS: dict[str, str] = tomllib.loads(
    resources.files(__package__).joinpath("regional.toml").read_text("utf-8")
)["words"]

_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def _phrases() -> re.Pattern[str]:
    keys = sorted(REGIONAL_WORDS, key=len, reverse=True)  # "semi skimmed milk" first
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")


def us_english(text: str, known: Callable[[str], bool]) -> str:
    """Lowercased text with regional food words and British spellings in US English; a
    word the table ``known`` already has is left as written (FDC writes "fillet", which
    breame would make "filet")."""
    lowered = _phrases().sub(lambda m: REGIONAL_WORDS[m.group(0)], text.lower())

    def american(found: re.Match[str]) -> str:
        word = found.group(0)
        if known(word) or not british_spelling_exists(word):
            return word
        return str(get_american_spelling(word))

    return _WORD.sub(american, lowered)
