"""The data behind food families, tags and kinds (``families.toml``), read into Python.

A pattern in the file is a string, a list of alternatives joined with "|", a table
``{words = [...]}`` (any of the words, as whole words), or "@name" for a named pattern
under ``[patterns]``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from magfood.text import words


def load_data(name: str) -> dict[str, Any]:
    """A TOML data file of this package."""
    return tomllib.loads(resources.files(__package__).joinpath(name).read_text("utf-8"))


def pattern(value: Any, named: dict[str, str] | None = None) -> str:
    """One regular expression from a pattern as the data files write it."""
    if isinstance(value, str):
        if value.startswith("@") and named is not None:
            return named[value[1:]]
        return value
    if isinstance(value, dict):
        return r"\b(?:" + "|".join(value["words"]) + r")\b"
    return "|".join(pattern(part, named) for part in value)


_DATA = load_data("families.toml")
_NAMED: dict[str, str] = {name: pattern(value) for name, value in _DATA["patterns"].items()}


def _pattern(value: Any) -> str:
    return pattern(value, _NAMED)


SUGGESTED: tuple[str, ...] = tuple(_DATA["suggested"])
FAMILIES: tuple[str, ...] = (*SUGGESTED, *_DATA["others"])
DIETS: tuple[str, ...] = tuple(_DATA["diets"])
EXCLUSIONS: tuple[str, ...] = tuple(_DATA["exclusions"])
ALLERGEN_TEXT_TAGS: tuple[str, ...] = tuple(_DATA["allergen_text_tags"])
BAKED_SWEETS = _NAMED["baked_sweets"]

#: FDC category (SR Legacy food group or FNDDS WWEIA category) -> base family.
CATEGORY_FAMILY: dict[str, str] = {
    category: family for family, names in _DATA["categories"].items() for category in names
}


@dataclass(frozen=True)
class FamilyRule:
    """Descriptions matching ``pattern`` (and not ``unless``) move from a family in
    ``within`` (any family if empty) to ``family``."""

    family: str
    pattern: str
    within: tuple[str, ...] = ()
    unless: str | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    not_regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        unless = re.compile(self.unless, re.IGNORECASE) if self.unless else None
        object.__setattr__(self, "not_regex", unless)

    def applies(self, description: str, family: str) -> bool:
        if self.within and family not in self.within:
            return False
        if self.not_regex is not None and self.not_regex.search(description):
            return False
        return bool(self.regex.search(description))


#: Keyword refinements of the category's family, read top to bottom; the first match wins.
FAMILY_RULES: tuple[FamilyRule, ...] = tuple(
    FamilyRule(
        rule["family"],
        _pattern(rule["pattern"]),
        tuple(rule.get("within", ())),
        _pattern(rule["unless"]) if "unless" in rule else None,
    )
    for rule in _DATA["family_rules"]
)
#: Phrases removed before tag matching ("peanut butter" is not butter).
NEUTRAL_PHRASES: tuple[str, ...] = tuple(_DATA["neutral"]["phrases"])
#: tag -> (description pattern, families that always carry the tag, pattern that cancels it)
TAGS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    tag: (
        _pattern(spec["pattern"]),
        tuple(spec.get("families", ())),
        _pattern(spec["cancel"]) if "cancel" in spec else None,
    )
    for tag, spec in _DATA["tags"].items()
}
#: FNDDS categories whose foods all carry a tag, whatever their description says.
CATEGORY_TAGS: dict[str, tuple[str, ...]] = {
    tag: tuple(names) for tag, names in _DATA["category_tags"].items()
}
DIET_EXCLUDES: dict[str, tuple[str, ...]] = {
    diet: tuple(tags) for diet, tags in _DATA["diet_excludes"].items()
}
EXCLUSION_ALIASES: dict[str, str] = dict(_DATA["exclusion_aliases"])

_EATEN = _DATA["eaten"]
NOT_EATEN_PATTERN = _pattern(_EATEN["not_eaten"])
SURVEY_NOT_EATEN_PATTERN = _pattern(_EATEN["survey_not_eaten"])
RAW_WORDS = _pattern(_EATEN["raw_words"])
SR_RAW_GRAIN = _pattern(_EATEN["sr_raw_grain"])
PULSE_OR_GRAIN_FAMILIES: tuple[str, ...] = tuple(_EATEN["pulse_or_grain_families"])
RAW_IS_FINE = _pattern(_EATEN["raw_is_fine"])
DRIED_DAIRY = _pattern(_EATEN["dried_dairy"])
DRIED_DAIRY_FAMILIES: tuple[str, ...] = tuple(_EATEN["dried_dairy_families"])
NOT_EATEN_FAMILIES: tuple[str, ...] = tuple(_EATEN["not_eaten_families"])
NOT_EATEN_CATEGORIES: tuple[str, ...] = tuple(_EATEN["not_eaten_categories"])

_KINDS = _DATA["kinds"]
GROUP_HEADS = words(" ".join(_KINDS["group_heads"]))
FILLER_WORDS = words(" ".join(_KINDS["filler_words"]))
FORM_WORDS = words(" ".join(_KINDS["form_words"]))
KIND_WORDS = words(" ".join(_KINDS["kind_words"]))
