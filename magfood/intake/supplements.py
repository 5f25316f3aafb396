"""Supplements as elemental magnesium: the forms, how a label is read, a phrase parser.

A label states either elemental magnesium or the weight of the compound (citrate,
oxide, ...). US supplement labels state elemental magnesium, so that is the default
reading. The text saying "compound", or a dose too large to be elemental for its form
(see `compound_threshold_mg`), switches to the compound reading, which multiplies by
the form's elemental fraction. Fractions come from ../shared/REFERENCE_VALUES.md (c).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from magfood.intake.reference import Target
from magfood.meals.item import Status

Reading = Literal["elemental", "compound"]

_TABLES = "Molecules 2020;25:3172 Table 3; Molecules 2021;26:2419 Table 1; stoichiometry"
_STOICH = "stoichiometry (Mg 24.305 g/mol), REFERENCE_VALUES.md c"


@dataclass(frozen=True)
class SupplementForm:
    """A magnesium salt, its elemental magnesium share by mass and the words that name it."""

    name: str
    formula: str
    elemental_fraction: float
    aliases: tuple[str, ...]
    source: str


FORMS: tuple[SupplementForm, ...] = (
    SupplementForm("oxide", "MgO", 0.603, ("oxide",), _TABLES),
    SupplementForm(
        "citrate",
        "Mg3(C6H5O7)2, anhydrous",
        0.162,
        ("citrate", "dicitrate"),
        f"{_STOICH}; magnesium hydrogen citrate MgC6H6O7 would be 11.3 % ({_TABLES})",
    ),
    SupplementForm(
        "glycinate",
        "Mg(C2H4NO2)2",
        0.141,
        ("glycinate", "bisglycinate", "diglycinate"),
        "Molecules 2021;26:2419 Table 1; stoichiometry",
    ),
    SupplementForm("malate", "MgC4H4O5, anhydrous", 0.155, ("malate",), _TABLES),
    SupplementForm("chloride", "MgCl2·6H2O", 0.120, ("chloride",), _STOICH),
    SupplementForm(
        "sulfate",
        "MgSO4·7H2O",
        0.099,
        ("sulfate", "sulphate", "epsom salt", "epsom salts"),
        _STOICH,
    ),
    SupplementForm("L-threonate", "Mg(C4H7O5)2", 0.083, ("threonate", "magtein"), _TABLES),
    SupplementForm("taurate", "Mg(C2H6NO3S)2", 0.089, ("taurate", "taurinate"), _TABLES),
    SupplementForm("carbonate", "MgCO3", 0.288, ("carbonate",), _TABLES),
    SupplementForm("lactate", "Mg(C3H5O3)2, anhydrous", 0.120, ("lactate",), _STOICH),
    SupplementForm("aspartate", "Mg(C4H6NO4)2, anhydrous", 0.085, ("aspartate",), _TABLES),
    SupplementForm("hydroxide", "Mg(OH)2", 0.417, ("hydroxide", "milk of magnesia"), _TABLES),
    SupplementForm("orotate", "Mg(C5H3N2O4)2·2H2O", 0.066, ("orotate",), _STOICH),
    SupplementForm("gluconate", "Mg(C6H11O7)2, anhydrous", 0.059, ("gluconate",), _STOICH),
)
_FORM_BY_NAME = {form.name: form for form in FORMS}

#: Aliases that mean magnesium on their own; a bare anion ("citrate") needs a dose too.
MAGNESIUM_ONLY_ALIASES = ("milk of magnesia", "epsom salt", "epsom salts", "magtein")

#: Milk of magnesia USP strength, as on OTC labels (DailyMed): 400 mg Mg(OH)2 per 5 mL.
MILK_OF_MAGNESIA_MG_PER_ML = 400 / 5
MILK_OF_MAGNESIA_SOURCE = (
    "Milk of Magnesia USP: 400 mg magnesium hydroxide in each 5 mL (1 teaspoonful), "
    "as stated on OTC labels listed on DailyMed; concentrated products are stronger"
)

#: A per-unit dose above this, for a form under 50 % magnesium, is read as compound weight.
COMPOUND_ABOVE_MG = 400.0
#: Totals outside (0, MAX_ELEMENTAL_MG] are typing errors, not doses.
MAX_ELEMENTAL_MG = 5000.0


def compound_threshold_mg(form: SupplementForm) -> float | None:
    """The dose per unit above which a figure for this form must be the compound weight.

    Single supplement doses above about 400 mg elemental magnesium are not sold, so for
    a form under 50 % magnesium a larger figure is the compound weight. Oxide (60 %) is
    dense enough for a 500 mg elemental tablet, so it is never switched (None).
    """
    return COMPOUND_ABOVE_MG if form.elemental_fraction < 0.5 else None


@dataclass(frozen=True)
class SupplementItem:
    """One supplement phrase read as elemental magnesium.

    ``dose_mg`` is per unit as written (for a measured liquid, the compound in that
    volume); ``count`` units were taken. ``elemental_fraction`` is the form's share and
    is applied only when ``reading`` is "compound". ``elemental_mg`` is None when the
    dose is unknown or invalid; ``counted_mg`` is what enters the day total.
    """

    text: str
    form: str | None
    count: float
    dose_mg: float | None
    volume_ml: float | None
    reading: Reading
    reading_reason: str
    elemental_fraction: float | None
    elemental_mg: float | None
    status: Status
    message: str

    @property
    def counted_mg(self) -> float:
        """Elemental magnesium that counts towards the day: 0 when unknown or invalid."""
        return self.elemental_mg if self.elemental_mg is not None else 0.0


@dataclass(frozen=True)
class UlCheck:
    """Supplement magnesium against the supplemental upper level; food never counts."""

    supplement_mg: float
    ul_mg: int | None
    over: bool
    message: str


_NUM = r"(?:[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?|\.[0-9]+)"
_MASS = r"(?P<munit>mg|milligrams?|milligrammes?|g|gm|grams?|grammes?)\b"
_VOLUME = (
    r"(?P<vunit>ml|mls|millilit(?:er|re)s?|tsps?|teaspoons?|teaspoonfuls?"
    r"|tbsps?|tbs|tablespoons?|tablespoonfuls?)\b"
)
_PILL = (
    r"(?:caps?|capsules?|tabs?|tablets?|pills?|softgels?|gel ?caps?|gumm(?:y|ies)"
    r"|chewables?|lozenges?|scoops?|sachets?|packets?|servings?)\b"
)
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORD = "|".join(_WORDS)

_DOSE_RE = re.compile(rf"(?<![\w.])(?P<num>-?{_NUM})\s*{_MASS}")
_TIMES_BEFORE_RE = re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s*x\s*(?P<num>{_NUM})\s*{_MASS}")
_TIMES_AFTER_RE = re.compile(rf"\bx\s*(?P<n>{_NUM})(?![\w.]|\s*{_MASS}|\s*{_VOLUME})")
_PILL_COUNT_RE = re.compile(rf"(?<![\w.])(?P<n>{_NUM}|{_WORD})\s*(?:x\s*)?{_PILL}")
_PILL_RE = re.compile(rf"\b(?:{_PILL}|supplements?\b)")
_VOLUME_RE = re.compile(rf"(?<![\w.])(?P<num>{_NUM})\s*{_VOLUME}")
_FREQ_RE = re.compile(
    rf"\b(?:twice|(?P<f>{_NUM}|{_WORD})\s*(?:x|times))\s*(?:a day|daily|per day)\b"
)
_MAGNESIUM_RE = re.compile(r"\b(?:magnesium|mag|mg)\b")
_FOOD_RE = re.compile(
    r"\bmagnesium (?:rich|fortified|enriched|content)\b"
    r"|\b(?:rich|high|low) in magnesium\b|\bhigh magnesium\b|\bsource of magnesium\b"
)
_TOPICAL_RE = re.compile(r"\b(?:bath|baths|soak|soaks|spray|lotion|cream|oil)\b")
_OTHER_MINERAL_RE = re.compile(
    r"\b(?:calcium|zinc|potassium|iron|sodium|ferrous|copper|chromium|manganese|selenium)\b"
)
_DEFAULT_REASON = "default: US labels state elemental magnesium"
_TSP_ML, _TBSP_ML = 5.0, 15.0  # the milk of magnesia label defines 1 teaspoonful as 5 mL


def _normalise(text: str) -> str:
    text = text.lower().replace("×", " x ").replace("½", ".5")
    text = re.sub(r"(?<=[0-9]),(?=[0-9]{3}\b)", "", text)
    return re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)


def _number(token: str) -> float | None:
    if token in _WORDS:
        return float(_WORDS[token])
    top, _, bottom = token.partition("/")
    if bottom and float(bottom) == 0:
        return None
    value = float(top) / float(bottom) if bottom else float(top)
    return value if math.isfinite(value) else None


def _mass_mg(number: str, unit: str) -> float | None:
    value = _number(number)
    return None if value is None else value * (1.0 if unit.startswith("m") else 1000.0)


def _ml_per_unit(word: str) -> float:
    if word.startswith(("tbs", "tablespoon")):
        return _TBSP_ML
    return _TSP_ML if word.startswith(("tsp", "teaspoon")) else 1.0


def _find_form(norm: str) -> tuple[SupplementForm, str] | None:
    """The form named first in the text (the longest alias where two start together)."""
    hits = [
        (match.start(), -len(alias), form, alias)
        for form in FORMS
        for alias in form.aliases
        if (match := re.search(rf"\b{re.escape(alias)}\b", norm))
    ]
    if not hits:
        return None
    _, _, form, alias = min(hits, key=lambda hit: (hit[0], hit[1]))
    return form, alias


def _dose_and_count(norm: str) -> tuple[float | None, float]:
    """The dose per unit in mg (None if no mass is written) and the number of units."""
    if match := _TIMES_BEFORE_RE.search(norm):
        return _mass_mg(match["num"], match["munit"]), _number(match["n"]) or 0.0
    dose = _DOSE_RE.search(norm)
    dose_mg = _mass_mg(dose["num"], dose["munit"]) if dose else None
    if match := _TIMES_AFTER_RE.search(norm):
        return dose_mg, _number(match["n"]) or 0.0
    if match := _PILL_COUNT_RE.search(_DOSE_RE.sub(" ", norm)):
        return dose_mg, _number(match["n"]) or 0.0
    return dose_mg, 1.0


def _frequency(norm: str) -> float:
    match = _FREQ_RE.search(norm)
    if not match:
        return 1.0
    return 2.0 if match["f"] is None else _number(match["f"]) or 1.0


def _reading_for(norm: str, form: SupplementForm | None, dose_mg: float) -> tuple[Reading, str]:
    if re.search(r"\bcompound\b", norm):
        return "compound", "the text says compound"
    if re.search(r"\belemental\b", norm):
        return "elemental", "the text says elemental"
    threshold = compound_threshold_mg(form) if form else None
    if form and threshold is not None and dose_mg > threshold:
        above = f"{dose_mg:g} mg is above any elemental dose for {form.name}"
        return "compound", f"{above}, so read as compound weight"
    return "elemental", _DEFAULT_REASON


def _unknown(text: str, form: str | None, count: float, message: str) -> SupplementItem:
    fraction = _FORM_BY_NAME[form].elemental_fraction if form else None
    return SupplementItem(
        text,
        form,
        count,
        None,
        None,
        "elemental",
        _DEFAULT_REASON,
        fraction,
        None,
        Status.ESTIMATED,
        message,
    )


def _build(
    text: str,
    form_name: str | None,
    count: float,
    dose_mg: float,
    volume_ml: float | None,
    reading: Reading,
    reason: str,
) -> SupplementItem:
    form = _FORM_BY_NAME.get(form_name) if form_name else None
    fraction = form.elemental_fraction if form else None
    item = SupplementItem(
        text,
        form_name,
        count,
        dose_mg,
        volume_ml,
        reading,
        reason,
        fraction,
        None,
        Status.MATCHED,
        "",
    )
    if dose_mg <= 0 or count <= 0:
        message = f"{count:g} × {dose_mg:g} mg cannot be a dose; check the amount."
        return dataclasses.replace(item, status=Status.INVALID, message=message)
    if reading == "compound" and fraction is None:
        message = "A compound weight needs its form (citrate, oxide, ...) to be counted."
        return dataclasses.replace(item, status=Status.ESTIMATED, message=message)
    share = fraction if reading == "compound" and fraction is not None else 1.0
    elemental = count * dose_mg * share
    if not math.isfinite(elemental) or elemental > MAX_ELEMENTAL_MG:
        message = f"{elemental:g} mg of elemental magnesium is not a real dose; check the amount."
        return dataclasses.replace(item, status=Status.INVALID, message=message)
    shown = f"{count:g} × {dose_mg:g} mg" if count != 1 else f"{dose_mg:g} mg"
    if reading == "compound":
        message = f"{shown} {form_name} × {share:.1%} magnesium: {elemental:.1f} mg."
    else:
        named = f"{shown} {form_name}," if form_name else shown
        message = f"{named} read as elemental magnesium: {elemental:.1f} mg."
    return dataclasses.replace(item, elemental_mg=elemental, message=message)


def _liquid(
    text: str, norm: str, form: SupplementForm | None, alias: str, count: float
) -> SupplementItem:
    """A measured liquid: only milk of magnesia has a known strength."""
    match = _VOLUME_RE.search(norm)
    assert match is not None  # caller checked
    volume = (_number(match["num"]) or 0.0) * _ml_per_unit(match["vunit"])
    if alias != "milk of magnesia":
        name = form.name if form else None
        return _unknown(text, name, count, "Liquid strength unknown: give the mg on the label.")
    dose = volume * MILK_OF_MAGNESIA_MG_PER_ML
    reason = "milk of magnesia: 400 mg magnesium hydroxide per 5 mL (USP strength on labels)"
    return _build(text, "hydroxide", count, dose, volume, "compound", reason)


def _is_supplement(
    norm: str, form: SupplementForm | None, alias: str, dose_mg: float | None
) -> bool:
    """Magnesium named with a dose, form or pill word; or a bare form with a dose or pill."""
    pill_or_dose = dose_mg is not None or bool(_PILL_RE.search(norm))
    if alias in MAGNESIUM_ONLY_ALIASES:
        return True
    if _MAGNESIUM_RE.search(_DOSE_RE.sub(" ", norm)):
        amount = pill_or_dose or bool(_VOLUME_RE.search(norm))
        return form is not None or amount or norm.strip(" .!") == "magnesium"
    return form is not None and pill_or_dose and not _OTHER_MINERAL_RE.search(norm)


def parse_supplement(text: str) -> SupplementItem | None:
    """Read a supplement phrase as elemental magnesium; None when it is not a supplement."""
    norm = _normalise(text)
    if _FOOD_RE.search(norm):
        return None
    found = _find_form(norm)
    form, alias = found if found else (None, "")
    dose_mg, count = _dose_and_count(norm)
    if not _is_supplement(norm, form, alias, dose_mg):
        return None
    name = form.name if form else None
    if _TOPICAL_RE.search(norm):
        return _unknown(text, name, count, "Baths, oils and creams are not counted as intake.")
    if _OTHER_MINERAL_RE.search(norm):
        message = "This names other minerals too: enter the magnesium amount on its own."
        return _unknown(text, name, count, message)
    count *= _frequency(norm)
    if dose_mg is None and _VOLUME_RE.search(norm):
        return _liquid(text, norm, form, alias, count)
    if dose_mg is None:
        return _unknown(text, name, count, "No dose in mg found, so nothing is counted.")
    reading, reason = _reading_for(norm, form, dose_mg)
    return _build(text, name, count, dose_mg, None, reading, reason)


def with_reading(item: SupplementItem, reading: Reading) -> SupplementItem:
    """The same item read the other way (the user says the label is elemental/compound)."""
    if reading == item.reading:
        return item
    reason = f"you chose {reading}"
    if item.dose_mg is None:
        return dataclasses.replace(item, reading=reading, reading_reason=reason)
    return _build(item.text, item.form, item.count, item.dose_mg, item.volume_ml, reading, reason)


def total_elemental_mg(items: Iterable[SupplementItem]) -> float:
    """Elemental magnesium from supplement items; unknown and invalid items count 0."""
    return sum(item.counted_mg for item in items)


def supplement_ul_check(total_supplement_mg: float, target: Target) -> UlCheck:
    """Compare magnesium from supplements and medicines (never food) with the UL."""
    ul = target.supplement_ul_mg
    total = total_supplement_mg
    if ul is None:
        message = (
            f"No upper level is set for {target.life_stage.lower()}: their magnesium should "
            "come from milk or formula and food. Ask a clinician before any supplement."
        )
        return UlCheck(total, None, False, message)
    if total > ul:
        message = (
            f"{total:.0f} mg from supplements is above the {ul} mg upper level for "
            f"{target.life_stage}. High doses often cause diarrhoea. Food does not count."
        )
        return UlCheck(total, ul, True, message)
    message = (
        f"{total:.0f} mg from supplements is within the {ul} mg upper level. "
        "Only supplements count toward it; food never does."
    )
    return UlCheck(total, ul, False, message)
