"""Reference intakes: every RDA/AI row, every UL, the band edges and each profile error."""

from __future__ import annotations

import pytest

from magfood.errors import ProfileError
from magfood.intake.reference import (
    INTAKES,
    LABEL_DV_MG,
    SAFETY_NOTES,
    UPPER_LEVELS,
    Profile,
    make_profile,
    percent_dv,
    target_for,
)

# (age in years, sex, condition) -> (mg, kind, life stage); one case per ODS table cell.
RDA_ROWS = [
    (0.25, "male", "normal", 30, "AI", "Infants 0–6 months"),
    (0.25, "female", "normal", 30, "AI", "Infants 0–6 months"),
    (0.75, "male", "normal", 75, "AI", "Infants 7–12 months"),
    (0.75, "female", "normal", 75, "AI", "Infants 7–12 months"),
    (2, "male", "normal", 80, "RDA", "Children 1–3 years"),
    (2, "female", "normal", 80, "RDA", "Children 1–3 years"),
    (6, "male", "normal", 130, "RDA", "Children 4–8 years"),
    (6, "female", "normal", 130, "RDA", "Children 4–8 years"),
    (11, "male", "normal", 240, "RDA", "Males 9–13 years"),
    (11, "female", "normal", 240, "RDA", "Females 9–13 years"),
    (16, "male", "normal", 410, "RDA", "Males 14–18 years"),
    (16, "female", "normal", 360, "RDA", "Females 14–18 years"),
    (25, "male", "normal", 400, "RDA", "Males 19–30 years"),
    (25, "female", "normal", 310, "RDA", "Females 19–30 years"),
    (40, "male", "normal", 420, "RDA", "Males 31–50 years"),
    (40, "female", "normal", 320, "RDA", "Females 31–50 years"),
    (70, "male", "normal", 420, "RDA", "Males 51+ years"),
    (70, "female", "normal", 320, "RDA", "Females 51+ years"),
    (16, "female", "pregnant", 400, "RDA", "Pregnancy 14–18 years"),
    (25, "female", "pregnant", 350, "RDA", "Pregnancy 19–30 years"),
    (40, "female", "pregnant", 360, "RDA", "Pregnancy 31–50 years"),
    (16, "female", "lactating", 360, "RDA", "Lactation 14–18 years"),
    (25, "female", "lactating", 310, "RDA", "Lactation 19–30 years"),
    (40, "female", "lactating", 320, "RDA", "Lactation 31–50 years"),
]


@pytest.mark.parametrize(("age", "sex", "condition", "mg", "kind", "stage"), RDA_ROWS)
def test_every_rda_row(
    age: float, sex: str, condition: str, mg: int, kind: str, stage: str
) -> None:
    profile = make_profile(
        age_years=age,
        sex=sex,
        pregnant=condition == "pregnant",
        lactating=condition == "lactating",
    )
    target = target_for(profile)
    assert (target.rda_mg, target.kind, target.life_stage) == (mg, kind, stage)


def test_table_has_one_record_per_cell() -> None:
    assert len(INTAKES) == len(RDA_ROWS)
    assert all(
        "IOM 1997" in r.source and "Office of Dietary Supplements" in r.source for r in INTAKES
    )


UL_CASES = [
    (0.25, None),
    (0.75, None),
    (1, 65),
    (3.9, 65),
    (4, 110),
    (8.9, 110),
    (9, 350),
    (13, 350),
    (16, 350),
    (40, 350),
    (90, 350),
]


@pytest.mark.parametrize(("age", "ul"), UL_CASES)
def test_every_supplemental_ul(age: float, ul: int | None) -> None:
    assert target_for(make_profile(age_years=age, sex="female")).supplement_ul_mg == ul


@pytest.mark.parametrize("condition", ["pregnant", "lactating"])
@pytest.mark.parametrize("age", [15, 25, 45])
def test_ul_is_350_in_pregnancy_and_lactation(condition: str, age: int) -> None:
    profile = make_profile(age_years=age, sex="female", **{condition: True})
    assert target_for(profile).supplement_ul_mg == 350


def test_ul_records_cite_iom_2000() -> None:
    assert all("IOM 2000" in r.source for r in UPPER_LEVELS)


KNOWN_TARGETS = [
    ({"age_years": 34, "sex": "female"}, 320, "RDA", 350, "Females 31–50 years"),
    (
        {"age_years": 25, "sex": "female", "pregnant": True},
        350,
        "RDA",
        350,
        "Pregnancy 19–30 years",
    ),
    ({"age_years": 7, "sex": "male"}, 130, "RDA", 110, "Children 4–8 years"),
    ({"age_years": 16, "sex": "male"}, 410, "RDA", 350, "Males 14–18 years"),
    ({"age_months": 3, "sex": "female"}, 30, "AI", None, "Infants 0–6 months"),
    ({"age_years": 31, "sex": "male"}, 420, "RDA", 350, "Males 31–50 years"),
    ({"age_years": 50.5, "sex": "female"}, 320, "RDA", 350, "Females 31–50 years"),
    ({"age_years": 51, "sex": "female"}, 320, "RDA", 350, "Females 51+ years"),
    ({"age_years": 30.99, "sex": "male"}, 400, "RDA", 350, "Males 19–30 years"),
    ({"age_years": 14, "sex": "male"}, 410, "RDA", 350, "Males 14–18 years"),
    ({"age_months": 6, "sex": "male"}, 30, "AI", None, "Infants 0–6 months"),
    ({"age_months": 7, "sex": "male"}, 75, "AI", None, "Infants 7–12 months"),
    ({"age_months": 12, "sex": "male"}, 80, "RDA", 65, "Children 1–3 years"),
    ({"age_years": 120, "sex": "female"}, 320, "RDA", 350, "Females 51+ years"),
    ({"age_years": 0, "sex": "female"}, 30, "AI", None, "Infants 0–6 months"),
]


@pytest.mark.parametrize(("kwargs", "rda", "kind", "ul", "stage"), KNOWN_TARGETS)
def test_known_targets_and_band_edges(
    kwargs: dict[str, object], rda: int, kind: str, ul: int | None, stage: str
) -> None:
    target = target_for(make_profile(**kwargs))  # type: ignore[arg-type]
    assert (target.rda_mg, target.kind, target.supplement_ul_mg, target.life_stage) == (
        rda,
        kind,
        ul,
        stage,
    )


PROFILE_ERRORS = [
    ({"sex": "female"}, "Give an age in years or in months."),
    (
        {"sex": "female", "age_years": 1, "age_months": 12},
        "Give an age in years or in months, not both.",
    ),
    ({"sex": "female", "age_years": -1}, "Age cannot be negative (got -1 years)."),
    ({"sex": "female", "age_months": -2}, "Age cannot be negative (got -2 months)."),
    ({"sex": "female", "age_years": 150}, "Age must be 120 years or less (got 150 years)."),
    ({"sex": "female", "age_months": 1500}, "Age must be 120 years or less (got 1500 months)."),
    ({"sex": "female", "age_years": float("nan")}, "Age must be a number (got nan)."),
    ({"sex": "other", "age_years": 30}, "Sex must be 'female' or 'male' (got 'other')."),
    ({"sex": "", "age_years": 30}, "Sex must be 'female' or 'male' (got '')."),
    (
        {"sex": "female", "age_years": 30, "pregnant": True, "lactating": True},
        "Choose pregnant or lactating, not both.",
    ),
    (
        {"sex": "male", "age_years": 30, "pregnant": True},
        "Pregnancy and lactation apply only to sex 'female'.",
    ),
    (
        {"sex": "male", "age_years": 30, "lactating": True},
        "Pregnancy and lactation apply only to sex 'female'.",
    ),
    (
        {"sex": "female", "age_years": 5, "pregnant": True},
        "Pregnancy and lactation values cover ages 14 to 50 years (got 5 years).",
    ),
    (
        {"sex": "female", "age_years": 13.5, "lactating": True},
        "Pregnancy and lactation values cover ages 14 to 50 years (got 13.5 years).",
    ),
    (
        {"sex": "female", "age_years": 51, "pregnant": True},
        "Pregnancy and lactation values cover ages 14 to 50 years (got 51 years).",
    ),
]


@pytest.mark.parametrize(("kwargs", "message"), PROFILE_ERRORS)
def test_profile_errors_have_plain_messages(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError) as caught:
        make_profile(**kwargs)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_profile_built_directly_is_checked_too() -> None:
    with pytest.raises(ProfileError, match="not both"):
        Profile(age_years=30, age_months=360, sex="female")


@pytest.mark.parametrize("word", ["Female", " FEMALE ", "female"])
def test_sex_word_is_tidied(word: str) -> None:
    assert make_profile(age_years=30, sex=word).sex == "female"


def test_pregnancy_allowed_at_band_edges() -> None:
    assert target_for(make_profile(age_years=14, sex="female", pregnant=True)).rda_mg == 400
    assert target_for(make_profile(age_years=50.9, sex="female", pregnant=True)).rda_mg == 360


@pytest.mark.parametrize(("mg", "percent"), [(420, 100.0), (210, 50.0), (0, 0.0), (84, 20.0)])
def test_percent_dv(mg: float, percent: float) -> None:
    assert LABEL_DV_MG == 420
    assert percent_dv(mg) == pytest.approx(percent)


EXPECTED_NOTES = [
    "kidney disease",
    "myasthenia gravis",
    "levothyroxine",
    "antibiotics",
    "bisphosphonates",
    "diarrhoea",
    "talk to your clinician",
]


@pytest.mark.parametrize("topic", EXPECTED_NOTES)
def test_each_safety_note_is_cited(topic: str) -> None:
    note = next(n for n in SAFETY_NOTES if n.topic == topic)
    assert note.text and note.source


@pytest.mark.parametrize(
    ("topic", "phrase"),
    [
        ("antibiotics", "at least 2 hours before or 4 to 6 hours after"),
        ("bisphosphonates", "at least 2 hours apart"),
        ("levothyroxine", "different times"),
        ("levothyroxine", "pharmacist"),
    ],
)
def test_timing_wording(topic: str, phrase: str) -> None:
    assert phrase in next(n for n in SAFETY_NOTES if n.topic == topic).text


def test_unconfirmed_notes_are_flagged() -> None:
    unconfirmed = {n.topic for n in SAFETY_NOTES if not n.confirmed}
    assert unconfirmed == {"myasthenia gravis", "levothyroxine"}
