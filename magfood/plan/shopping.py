"""The shopping list in what a person buys: store sections, dry weights for cooked grains
and legumes, counts for foods bought by the piece. The sections and the raw forms (with
their FDC sources) are data, in ``shopping.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources

from magfood.units import canonical_unit, split_portion, times_portion, unit_kind


@dataclass(frozen=True)
class Section:
    """A store section and the planner roles and food families shelved there."""

    name: str
    roles: tuple[str, ...]
    families: tuple[str, ...]


@dataclass(frozen=True)
class RawForm:
    """How a cooked food is bought: dry, at ``yield`` grams cooked per gram dry (the ratio
    of the energy per 100 g of the FDC raw and cooked foods named)."""

    cooked: str
    bought: str
    raw_fdc_id: int
    cooked_fdc_id: int
    yield_: float


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[Section, ...], tuple[RawForm, ...]]:
    text = resources.files("magfood.plan").joinpath("shopping.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sections = tuple(
        Section(s["name"], tuple(s["roles"]), tuple(s["families"])) for s in data["section"]
    )
    raw = tuple(
        RawForm(r["cooked"], r["bought"], int(r["raw_fdc_id"]), int(r["cooked_fdc_id"]), r["yield"])
        for r in data["raw_form"]
    )
    return sections, raw


def sections() -> tuple[Section, ...]:
    """The store sections, in aisle order."""
    return _data()[0]


def raw_forms() -> tuple[RawForm, ...]:
    return _data()[1]


def section_of(role: str, family: str) -> str:
    """The store section of a food: by its planner role, else its family, else "other"."""
    for section in sections():
        if role in section.roles:
            return section.name
    for section in sections():
        if family in section.families:
            return section.name
    return sections()[-1].name


def raw_form(description: str) -> RawForm | None:
    """The dry form a cooked food is bought as, or None."""
    for form in raw_forms():
        if re.search(form.cooked, description, re.IGNORECASE):
            return form
    return None


def buy_text(description: str, portion: str, servings: Fraction, grams: float) -> str:
    """What to buy for ``grams`` of a food eaten as ``servings`` x ``portion``: "250 g
    dry lentils (3 cups cooked)", "4 veggie burger patties", or the household amount."""
    eaten = times_portion(portion, servings)
    form = raw_form(description)
    if form is not None:
        return f"{_grams(grams / form.yield_)} {form.bought} ({eaten.split(',')[0]} cooked)"
    amount, rest = split_portion(portion)
    head = rest.split(",")[0].strip()
    unit = canonical_unit(head.split()[0]) if head else None
    if amount is not None and head and (unit is None or unit_kind(unit) == "household"):
        name = description.split(",")[0].strip().lower()
        if head.split()[0].lower() in name:  # "1 banana", "1 patty" of a veggie burger patty
            return times_portion(f"{amount} {name}", servings)
        return f"{eaten} ({name})"
    return eaten


def _grams(grams: float) -> str:
    return f"{grams:.0f} g" if grams < 1000 else f"{grams / 1000:.1f} kg"
