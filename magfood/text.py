"""Text helpers every stage shares: word sets, singular forms, accents dropped, and text
cells kept from being run as spreadsheet formulas."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


_IRREGULAR = {"leaves": "leaf", "loaves": "loaf", "halves": "half", "fries": "fry"}


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A crude singular, the same for both forms of a word ("berries", "berry" -> "berry")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-2] + "y" if len(word) > 4 else word
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def plain_letters(text: str) -> str:
    """Text with accents dropped ("jalapeño", "sautéed", "crème" -> "jalapeno", ...)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: A spreadsheet runs a cell starting with one of these as a formula (or, for tab and carriage
#: return, strips them and runs what follows, OWASP "CSV injection"); "'" is escaped too so that
#: :func:`restore_formula` undoes :func:`neutralise_formula` exactly.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise_formula(cell: str) -> str:
    """A text cell a spreadsheet shows as text: ``'`` before one it would run as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore_formula(cell: str) -> str:
    """Undo :func:`neutralise_formula`: drop a leading ``'`` only where it added one (a ``'``
    followed by a formula start); any other cell is kept as written."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell
