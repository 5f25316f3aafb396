"""Reference intakes for magnesium: who needs how much, as cited data looked up by age.

Every figure is a record that names its source (see ../shared/REFERENCE_VALUES.md).
Age bands are half-open ranges in months, so "31–50 years" runs from the 31st birthday
up to, not including, the 51st, and "0–6 months" from birth up to 7 whole months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from magfood.errors import ProfileError

Sex = Literal["female", "male"]
Condition = Literal["normal", "pregnant", "lactating"]
Kind = Literal["RDA", "AI"]

_ODS = (
    "NIH Office of Dietary Supplements, Magnesium fact sheet for health professionals; "
    "IOM 1997, Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin D "
    "and Fluoride (doi:10.17226/5776)"
)
_IOM_UL = (
    "IOM 2000, Dietary Reference Intakes: UL summary table, footnote b (supplements and "
    "medicines only, not food); IOM 1997 p. 242"
)

#: Daily Value for magnesium on US labels (FDA 2016 rule; the label DV was 400 mg before).
LABEL_DV_MG = 420
LABEL_DV_SOURCE = "FDA 2016 Nutrition Facts label final rule"

_NO_END = 10_000  # months; past any valid age


@dataclass(frozen=True)
class IntakeRecord:
    """One row of the RDA/AI table: an age band, sex and condition with its daily amount."""

    start_months: int
    end_months: int
    sex: Sex
    condition: Condition
    mg: int
    kind: Kind
    life_stage: str
    source: str = _ODS


@dataclass(frozen=True)
class UpperLevelRecord:
    """Tolerable upper intake from supplements and medicines (never food) for an age band."""

    start_months: int
    end_months: int
    mg: int | None
    source: str = _IOM_UL


def _y(years: int) -> int:
    return years * 12


#: RDA (or AI for infants) in mg/day, NIH ODS table / IOM 1997.
INTAKES: tuple[IntakeRecord, ...] = (
    IntakeRecord(0, 7, "male", "normal", 30, "AI", "Infants 0–6 months"),
    IntakeRecord(0, 7, "female", "normal", 30, "AI", "Infants 0–6 months"),
    IntakeRecord(7, 12, "male", "normal", 75, "AI", "Infants 7–12 months"),
    IntakeRecord(7, 12, "female", "normal", 75, "AI", "Infants 7–12 months"),
    IntakeRecord(_y(1), _y(4), "male", "normal", 80, "RDA", "Children 1–3 years"),
    IntakeRecord(_y(1), _y(4), "female", "normal", 80, "RDA", "Children 1–3 years"),
    IntakeRecord(_y(4), _y(9), "male", "normal", 130, "RDA", "Children 4–8 years"),
    IntakeRecord(_y(4), _y(9), "female", "normal", 130, "RDA", "Children 4–8 years"),
    IntakeRecord(_y(9), _y(14), "male", "normal", 240, "RDA", "Males 9–13 years"),
    IntakeRecord(_y(9), _y(14), "female", "normal", 240, "RDA", "Females 9–13 years"),
    IntakeRecord(_y(14), _y(19), "male", "normal", 410, "RDA", "Males 14–18 years"),
    IntakeRecord(_y(14), _y(19), "female", "normal", 360, "RDA", "Females 14–18 years"),
    IntakeRecord(_y(19), _y(31), "male", "normal", 400, "RDA", "Males 19–30 years"),
    IntakeRecord(_y(19), _y(31), "female", "normal", 310, "RDA", "Females 19–30 years"),
    IntakeRecord(_y(31), _y(51), "male", "normal", 420, "RDA", "Males 31–50 years"),
    IntakeRecord(_y(31), _y(51), "female", "normal", 320, "RDA", "Females 31–50 years"),
    IntakeRecord(_y(51), _NO_END, "male", "normal", 420, "RDA", "Males 51+ years"),
    IntakeRecord(_y(51), _NO_END, "female", "normal", 320, "RDA", "Females 51+ years"),
    IntakeRecord(_y(14), _y(19), "female", "pregnant", 400, "RDA", "Pregnancy 14–18 years"),
    IntakeRecord(_y(19), _y(31), "female", "pregnant", 350, "RDA", "Pregnancy 19–30 years"),
    IntakeRecord(_y(31), _y(51), "female", "pregnant", 360, "RDA", "Pregnancy 31–50 years"),
    IntakeRecord(_y(14), _y(19), "female", "lactating", 360, "RDA", "Lactation 14–18 years"),
    IntakeRecord(_y(19), _y(31), "female", "lactating", 310, "RDA", "Lactation 19–30 years"),
    IntakeRecord(_y(31), _y(51), "female", "lactating", 320, "RDA", "Lactation 31–50 years"),
)

#: Supplemental UL in mg/day (IOM 2000); the same for pregnancy and lactation.
UPPER_LEVELS: tuple[UpperLevelRecord, ...] = (
    UpperLevelRecord(0, _y(1), None),
    UpperLevelRecord(_y(1), _y(4), 65),
    UpperLevelRecord(_y(4), _y(9), 110),
    UpperLevelRecord(_y(9), _NO_END, 350),
)

_MAX_AGE_YEARS = 120
_PREGNANCY_START, _PREGNANCY_END = _y(14), _y(51)


@dataclass(frozen=True)
class Profile:
    """A person: age in years or in months (exactly one), sex, pregnancy or lactation.

    Checked on construction, so every Profile has a reference intake. Build one with
    `make_profile`, which also tidies the sex word.
    """

    age_years: float | None
    age_months: int | None
    sex: Sex
    pregnant: bool = False
    lactating: bool = False

    def __post_init__(self) -> None:
        _check_profile(self)

    @property
    def months(self) -> float:
        """Age in months, whichever way it was given."""
        if self.age_months is not None:
            return float(self.age_months)
        assert self.age_years is not None  # guaranteed by _check_profile
        return self.age_years * 12

    @property
    def condition(self) -> Condition:
        """The condition the table is keyed by: "pregnant", "lactating" or "normal"."""
        if self.pregnant:
            return "pregnant"
        return "lactating" if self.lactating else "normal"


@dataclass(frozen=True)
class Target:
    """The daily magnesium reference for one profile, with its sources."""

    rda_mg: int
    kind: Kind
    supplement_ul_mg: int | None
    life_stage: str
    source: str
    ul_source: str


def _check_age(age_years: float | None, age_months: float | None) -> None:
    if age_years is None and age_months is None:
        raise ProfileError("Give an age in years or in months.")
    if age_years is not None and age_months is not None:
        raise ProfileError("Give an age in years or in months, not both.")
    age = age_years if age_years is not None else age_months
    unit = "years" if age_years is not None else "months"
    if not isinstance(age, int | float) or not math.isfinite(age):
        raise ProfileError(f"Age must be a number (got {age!r}).")
    if age < 0:
        raise ProfileError(f"Age cannot be negative (got {age} {unit}).")
    years = age if age_years is not None else age / 12
    if years > _MAX_AGE_YEARS:
        raise ProfileError(f"Age must be {_MAX_AGE_YEARS} years or less (got {age} {unit}).")


def _sex_error(sex: object) -> ProfileError:
    return ProfileError(f"Sex must be 'female' or 'male' (got {sex!r}).")


def _tidy_sex(sex: object) -> Sex:
    word = sex.strip().lower() if isinstance(sex, str) else sex
    if word in ("female", "male"):
        return word
    raise _sex_error(sex)


def _check_profile(profile: Profile) -> None:
    _check_age(profile.age_years, profile.age_months)
    if profile.sex not in ("female", "male"):
        raise _sex_error(profile.sex)
    if profile.pregnant and profile.lactating:
        raise ProfileError("Choose pregnant or lactating, not both.")
    if not (profile.pregnant or profile.lactating):
        return
    if profile.sex == "male":
        raise ProfileError("Pregnancy and lactation apply only to sex 'female'.")
    if not _PREGNANCY_START <= profile.months < _PREGNANCY_END:
        raise ProfileError(
            "Pregnancy and lactation values cover ages 14 to 50 years "
            f"(got {profile.months / 12:g} years)."
        )


def make_profile(
    *,
    sex: str,
    age_years: float | None = None,
    age_months: int | None = None,
    pregnant: bool = False,
    lactating: bool = False,
) -> Profile:
    """Build a checked Profile; raise ProfileError with a plain message if it cannot be."""
    return Profile(age_years, age_months, _tidy_sex(sex), pregnant, lactating)


def _intake_for(profile: Profile) -> IntakeRecord:
    months, condition = profile.months, profile.condition
    for record in INTAKES:
        in_band = record.start_months <= months < record.end_months
        if in_band and record.sex == profile.sex and record.condition == condition:
            return record
    raise ProfileError(f"No reference intake for {profile}.")  # unreachable for a Profile


def _upper_level_for(profile: Profile) -> UpperLevelRecord:
    months = profile.months
    for record in UPPER_LEVELS:
        if record.start_months <= months < record.end_months:
            return record
    raise ProfileError(f"No upper level for {profile}.")  # unreachable for a Profile


def target_for(profile: Profile) -> Target:
    """Look up the RDA (or AI) and the supplemental UL for a profile."""
    intake, upper = _intake_for(profile), _upper_level_for(profile)
    return Target(intake.mg, intake.kind, upper.mg, intake.life_stage, intake.source, upper.source)


def percent_dv(mg: float) -> float:
    """Magnesium as a percentage of the 420 mg label Daily Value."""
    return mg / LABEL_DV_MG * 100


@dataclass(frozen=True)
class SafetyNote:
    """A plain-words caution about magnesium supplements; information, not advice.

    ``confirmed`` is False when the note is not backed by ../shared/REFERENCE_VALUES.md
    (seen only in secondary sources); the product should say it is provisional.
    """

    topic: str
    text: str
    source: str
    confirmed: bool = True


#: Cautions to show beside supplement totals. Medication timing is the usual pharmacist
#: advice, not a prescription: every note ends at "ask your pharmacist or clinician".
SAFETY_NOTES: tuple[SafetyNote, ...] = (
    SafetyNote(
        "kidney disease",
        "Kidneys remove extra magnesium. With kidney disease it can build up to harmful "
        "levels, so do not take magnesium supplements, antacids or laxatives without "
        "asking your doctor.",
        "IOM 1997 (doi:10.17226/5776); NIH ODS Magnesium fact sheet; milk of magnesia "
        "OTC labels on DailyMed ('ask a doctor before use if you have kidney disease')",
    ),
    SafetyNote(
        "myasthenia gravis",
        "Magnesium can make muscle weakness worse in myasthenia gravis. Most reported "
        "cases involved magnesium given by drip, but ask your neurologist before taking "
        "any magnesium supplement.",
        "Secondary sources only (myastheniagravisnews.com, 'Magnesium and myasthenia "
        "gravis: potential risks', 2025; case reports summarised there); not in "
        "REFERENCE_VALUES.md",
        confirmed=False,
    ),
    SafetyNote(
        "levothyroxine",
        "Magnesium can lower how much levothyroxine (thyroid hormone) you absorb. Take "
        "them at different times; a gap of about 4 hours is the usual advice. Ask your "
        "pharmacist what suits your schedule.",
        "Secondary sources only (drug-interaction summaries advising at least 4 hours "
        "between levothyroxine and magnesium-containing antacids); not in "
        "REFERENCE_VALUES.md",
        confirmed=False,
    ),
    SafetyNote(
        "antibiotics",
        "Magnesium can stop tetracycline (e.g. doxycycline) and fluoroquinolone (e.g. "
        "ciprofloxacin) antibiotics from being absorbed. The usual advice is to take the "
        "antibiotic at least 2 hours before or 4 to 6 hours after magnesium.",
        "NIH ODS Magnesium fact sheet as summarised by GoodRx and Verywell; UK SmPC for "
        "a magnesium medicine (REFERENCE_VALUES.md c3)",
    ),
    SafetyNote(
        "bisphosphonates",
        "Magnesium supplements and antacids can lower the absorption of bone medicines "
        "such as alendronate. Keep them at least 2 hours apart.",
        "NIH ODS Magnesium fact sheet as summarised by GoodRx; UK SmPC for a magnesium "
        "medicine says 3–4 hours (REFERENCE_VALUES.md c3)",
    ),
    SafetyNote(
        "diarrhoea",
        "Large doses from supplements often cause loose stools, nausea or cramps. This "
        "is what the supplemental upper level guards against; magnesium in food does "
        "not count towards it.",
        "IOM 2000 UL table, footnote b; IOM 1997 p. 242",
    ),
    SafetyNote(
        "talk to your clinician",
        "This is information, not medical advice. Talk to your doctor or pharmacist "
        "before taking magnesium, especially if you take regular medicines, are "
        "pregnant or have a long-term condition.",
        "magfood",
    ),
)


def target_to_dict(target: Target) -> dict[str, object]:
    """The JSON shape of ``magfood target --json``."""
    return {
        "rda_mg": target.rda_mg,
        "kind": target.kind,
        "supplement_ul_mg": target.supplement_ul_mg,
        "life_stage": target.life_stage,
        "source": target.source,
    }
