"""Supplements: every form fraction and alias, the reading rule, milk of magnesia, the UL."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magfood.intake.reference import make_profile, target_for
from magfood.intake.supplements import (
    COMPOUND_ABOVE_MG,
    FORMS,
    MILK_OF_MAGNESIA_SOURCE,
    SupplementItem,
    compound_threshold_mg,
    parse_supplement,
    supplement_ul_check,
    total_elemental_mg,
    with_reading,
)

DEFAULT = "default: US labels state elemental magnesium"


def _parse(text: str) -> SupplementItem:
    item = parse_supplement(text)
    assert item is not None, text
    return item


# form -> (elemental fraction, elemental mg in 500 mg of compound)
FRACTIONS = [
    ("oxide", 0.603, 301.5),
    ("citrate", 0.162, 81.0),
    ("glycinate", 0.141, 70.5),
    ("malate", 0.155, 77.5),
    ("chloride", 0.120, 60.0),
    ("sulfate", 0.099, 49.5),
    ("L-threonate", 0.083, 41.5),
    ("taurate", 0.089, 44.5),
    ("carbonate", 0.288, 144.0),
    ("lactate", 0.120, 60.0),
    ("aspartate", 0.085, 42.5),
    ("hydroxide", 0.417, 208.5),
    ("orotate", 0.066, 33.0),
    ("gluconate", 0.059, 29.5),
]


@pytest.mark.parametrize(("name", "fraction", "mg_in_500"), FRACTIONS)
def test_every_form_fraction(name: str, fraction: float, mg_in_500: float) -> None:
    form = next(f for f in FORMS if f.name == name)
    assert form.elemental_fraction == fraction
    assert form.source
    item = _parse(f"500 mg magnesium {form.aliases[0]} compound")
    assert (item.form, item.reading, item.reading_reason) == (
        name,
        "compound",
        "the text says compound",
    )
    assert item.elemental_mg == pytest.approx(mg_in_500)


def test_fraction_table_is_complete() -> None:
    assert {f.name for f in FORMS} == {name for name, _, _ in FRACTIONS}


ALIASES = [
    ("oxide", "oxide"),
    ("citrate", "citrate"),
    ("dicitrate", "citrate"),
    ("glycinate", "glycinate"),
    ("bisglycinate", "glycinate"),
    ("diglycinate", "glycinate"),
    ("malate", "malate"),
    ("chloride", "chloride"),
    ("sulfate", "sulfate"),
    ("sulphate", "sulfate"),
    ("epsom salt", "sulfate"),
    ("epsom salts", "sulfate"),
    ("threonate", "L-threonate"),
    ("L-threonate", "L-threonate"),
    ("magtein", "L-threonate"),
    ("taurate", "taurate"),
    ("taurinate", "taurate"),
    ("carbonate", "carbonate"),
    ("lactate", "lactate"),
    ("aspartate", "aspartate"),
    ("hydroxide", "hydroxide"),
    ("milk of magnesia", "hydroxide"),
    ("orotate", "orotate"),
    ("gluconate", "gluconate"),
]


@pytest.mark.parametrize(("alias", "form"), ALIASES)
def test_alias_with_magnesium(alias: str, form: str) -> None:
    assert _parse(f"100 mg magnesium {alias}").form == form


@pytest.mark.parametrize(("alias", "form"), ALIASES)
def test_alias_alone_with_a_dose(alias: str, form: str) -> None:
    item = _parse(f"{alias.upper()} 100 mg")
    assert (item.form, item.elemental_mg) == (form, 100.0)


def test_every_alias_is_tested() -> None:
    assert {a for f in FORMS for a in f.aliases} <= {a.lower() for a, _ in ALIASES}


@pytest.mark.parametrize("word", ["magnesium", "Magnesium", "mag", "Mg", "MAG"])
def test_magnesium_words(word: str) -> None:
    item = _parse(f"{word} 250 mg")
    assert (item.form, item.elemental_mg, item.status) == (None, 250.0, "matched")


# text -> form, count, dose_mg as written, reading, elemental mg
PHRASES = [
    ("200 mg magnesium glycinate", "glycinate", 1, 200, "elemental", 200.0),
    ("2 caps mag citrate 150 mg", "citrate", 2, 150, "elemental", 300.0),
    ("500 mg magnesium oxide tablet", "oxide", 1, 500, "elemental", 500.0),
    ("magnesium 400mg", None, 1, 400, "elemental", 400.0),
    ("Mg citrate 2 x 100 mg", "citrate", 2, 100, "elemental", 200.0),
    ("Mg citrate 2×100mg", "citrate", 2, 100, "elemental", 200.0),
    ("100 mg magnesium x 2", None, 2, 100, "elemental", 200.0),
    ("250 mg elemental magnesium (as oxide)", "oxide", 1, 250, "elemental", 250.0),
    ("500 mg magnesium citrate compound", "citrate", 1, 500, "compound", 81.0),
    ("1000 mg magnesium citrate", "citrate", 1, 1000, "compound", 162.0),
    ("1 g magnesium citrate", "citrate", 1, 1000, "compound", 162.0),
    ("1,000 mg magnesium citrate", "citrate", 1, 1000, "compound", 162.0),
    ("500 mg magnesium glycinate", "glycinate", 1, 500, "compound", 70.5),
    ("two capsules magnesium glycinate 120 mg", "glycinate", 2, 120, "elemental", 240.0),
    ("a tablet of magnesium 250 mg", None, 1, 250, "elemental", 250.0),
    ("magnesium 200 mg twice daily", None, 2, 200, "elemental", 400.0),
    ("magnesium 100 mg 3 times a day", None, 3, 100, "elemental", 300.0),
    ("Magnesium Bisglycinate 100 mg, 2 softgels", "glycinate", 2, 100, "elemental", 200.0),
    ("magnesium oxide 400 mg (compound)", "oxide", 1, 400, "compound", 241.2),
    ("milk of magnesia 1200 mg", "hydroxide", 1, 1200, "compound", 500.4),
    ("magtein 2000 mg", "L-threonate", 1, 2000, "compound", 166.0),
]


@pytest.mark.parametrize(("text", "form", "count", "dose", "reading", "mg"), PHRASES)
def test_phrases(
    text: str, form: str | None, count: float, dose: float, reading: str, mg: float
) -> None:
    item = _parse(text)
    assert (item.text, item.form, item.count, item.dose_mg, item.reading) == (
        text,
        form,
        count,
        dose,
        reading,
    )
    assert item.elemental_mg == pytest.approx(mg)
    assert item.counted_mg == pytest.approx(mg)
    assert item.status == "matched"


REASONS = [
    ("200 mg magnesium glycinate", DEFAULT),
    ("500 mg magnesium citrate compound", "the text says compound"),
    ("250 mg elemental magnesium (as oxide)", "the text says elemental"),
    (
        "500 mg magnesium glycinate",
        "500 mg is above any elemental dose for glycinate, so read as compound weight",
    ),
    (
        "1 tsp milk of magnesia",
        "milk of magnesia: 400 mg magnesium hydroxide per 5 mL (USP strength on labels)",
    ),
]


@pytest.mark.parametrize(("text", "reason"), REASONS)
def test_reading_reasons(text: str, reason: str) -> None:
    assert _parse(text).reading_reason == reason


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_compound_threshold_per_form(form: object) -> None:
    expected = None if form.name == "oxide" else COMPOUND_ABOVE_MG  # type: ignore[attr-defined]
    assert compound_threshold_mg(form) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("400 mg magnesium citrate", "elemental"),
        ("401 mg magnesium citrate", "compound"),
        ("2 x 300 mg magnesium glycinate", "elemental"),
        ("900 mg magnesium oxide", "elemental"),
        ("600 mg magnesium", "elemental"),
    ],
)
def test_threshold_is_per_unit_and_per_form(text: str, reading: str) -> None:
    assert _parse(text).reading == reading


MILK_OF_MAGNESIA = [
    ("1 tsp milk of magnesia", 5.0, 400.0, 166.8),
    ("1 teaspoon Milk of Magnesia", 5.0, 400.0, 166.8),
    ("5 ml milk of magnesia", 5.0, 400.0, 166.8),
    ("½ tsp milk of magnesia", 2.5, 200.0, 83.4),
    ("1 tbsp milk of magnesia", 15.0, 1200.0, 500.4),
    ("2 tablespoons milk of magnesia", 30.0, 2400.0, 1000.8),
    ("milk of magnesia 30 mL", 30.0, 2400.0, 1000.8),
]


@pytest.mark.parametrize(("text", "ml", "compound", "mg"), MILK_OF_MAGNESIA)
def test_milk_of_magnesia(text: str, ml: float, compound: float, mg: float) -> None:
    item = _parse(text)
    assert (item.form, item.volume_ml, item.reading, item.status) == (
        "hydroxide",
        ml,
        "compound",
        "matched",
    )
    assert item.dose_mg == pytest.approx(compound)
    assert item.elemental_mg == pytest.approx(mg)


def test_milk_of_magnesia_strength_is_cited() -> None:
    assert "400 mg magnesium hydroxide in each 5 mL" in MILK_OF_MAGNESIA_SOURCE


NOT_SUPPLEMENTS = [
    "2 cups spinach",
    "spinach 100 g",
    "magnesium-rich salad",
    "salad high in magnesium",
    "salad with magnesium",
    "calcium citrate 500 mg",
    "zinc glycinate 30 mg",
    "citrate",
    "glycinate",
    "1 tbsp baking soda",
    "",
    "   ",
    "mg",
]


@pytest.mark.parametrize("text", NOT_SUPPLEMENTS)
def test_not_a_supplement(text: str) -> None:
    assert parse_supplement(text) is None


COUNTS_NOTHING = [
    ("1 capsule magnesium", None, "No dose in mg found, so nothing is counted."),
    ("magnesium", None, "No dose in mg found, so nothing is counted."),
    ("magnesium supplement", None, "No dose in mg found, so nothing is counted."),
    ("magnesium glycinate capsule", "glycinate", "No dose in mg found, so nothing is counted."),
    ("milk of magnesia", "hydroxide", "No dose in mg found, so nothing is counted."),
    ("epsom salt bath", "sulfate", "Baths, oils and creams are not counted as intake."),
    (
        "10 ml magnesium chloride solution",
        "chloride",
        "Liquid strength unknown: give the mg on the label.",
    ),
    (
        "calcium magnesium zinc 300 mg",
        None,
        "This names other minerals too: enter the magnesium amount on its own.",
    ),
]


@pytest.mark.parametrize(("text", "form", "message"), COUNTS_NOTHING)
def test_unknown_dose_counts_nothing_and_says_so(text: str, form: str | None, message: str) -> None:
    item = _parse(text)
    assert (item.form, item.status, item.elemental_mg, item.counted_mg) == (
        form,
        "estimated",
        None,
        0,
    )
    assert item.message == message


INVALID = [
    ("0 mg magnesium", "1 × 0 mg cannot be a dose; check the amount."),
    ("-200 mg magnesium", "1 × -200 mg cannot be a dose; check the amount."),
    ("0 caps magnesium 200 mg", "0 × 200 mg cannot be a dose; check the amount."),
    ("magnesium 10000 mg", "10000 mg of elemental magnesium is not a real dose; check the amount."),
    (
        "50 x 200 mg magnesium",
        "10000 mg of elemental magnesium is not a real dose; check the amount.",
    ),
]


@pytest.mark.parametrize(("text", "message"), INVALID)
def test_absurd_doses_are_invalid_and_count_zero(text: str, message: str) -> None:
    item = _parse(text)
    assert (item.status, item.elemental_mg, item.counted_mg, item.message) == (
        "invalid",
        None,
        0,
        message,
    )


def test_5000_mg_is_still_a_dose() -> None:
    assert _parse("magnesium 5000 mg").status == "matched"


def test_messages_show_the_arithmetic() -> None:
    assert (
        _parse("500 mg magnesium glycinate").message
        == "500 mg glycinate × 14.1% magnesium: 70.5 mg."
    )
    assert _parse("2 caps mag citrate 150 mg").message == (
        "2 × 150 mg citrate, read as elemental magnesium: 300.0 mg."
    )


WITH_READING = [
    ("200 mg magnesium glycinate", "compound", 28.2),
    ("500 mg magnesium glycinate", "elemental", 500.0),
    ("500 mg magnesium oxide tablet", "compound", 301.5),
    ("2 caps mag citrate 150 mg", "compound", 48.6),
    ("1 tsp milk of magnesia", "elemental", 400.0),
]


@pytest.mark.parametrize(("text", "reading", "mg"), WITH_READING)
def test_with_reading_switches(text: str, reading: str, mg: float) -> None:
    item = with_reading(_parse(text), reading)  # type: ignore[arg-type]
    assert (item.reading, item.reading_reason) == (reading, f"you chose {reading}")
    assert item.elemental_mg == pytest.approx(mg)


def test_with_reading_same_reading_is_unchanged() -> None:
    item = _parse("200 mg magnesium glycinate")
    assert with_reading(item, "elemental") is item


def test_compound_without_a_form_counts_nothing() -> None:
    item = with_reading(_parse("magnesium 400mg"), "compound")
    assert (item.status, item.elemental_mg) == ("estimated", None)
    assert item.message == "A compound weight needs its form (citrate, oxide, ...) to be counted."


def test_with_reading_on_unknown_dose_keeps_its_message() -> None:
    item = with_reading(_parse("1 capsule magnesium"), "compound")
    assert (item.reading, item.elemental_mg, item.message) == (
        "compound",
        None,
        "No dose in mg found, so nothing is counted.",
    )


def test_total_elemental_skips_unknown_and_invalid() -> None:
    items = [_parse(t) for t in ("magnesium 200 mg", "1 capsule magnesium", "0 mg magnesium")]
    assert total_elemental_mg(items) == 200.0


UL_CHECKS = [
    ({"age_years": 34, "sex": "female"}, 300, False, 350),
    ({"age_years": 34, "sex": "female"}, 350, False, 350),
    ({"age_years": 34, "sex": "female"}, 400, True, 350),
    ({"age_years": 25, "sex": "female", "pregnant": True}, 360, True, 350),
    ({"age_years": 7, "sex": "male"}, 120, True, 110),
    ({"age_years": 2, "sex": "male"}, 60, False, 65),
    ({"age_months": 3, "sex": "female"}, 50, False, None),
]


@pytest.mark.parametrize(("profile", "mg", "over", "ul"), UL_CHECKS)
def test_supplement_ul_check(
    profile: dict[str, object], mg: float, over: bool, ul: int | None
) -> None:
    check = supplement_ul_check(mg, target_for(make_profile(**profile)))  # type: ignore[arg-type]
    assert (check.supplement_mg, check.over, check.ul_mg) == (mg, over, ul)


def test_ul_messages() -> None:
    woman = target_for(make_profile(age_years=34, sex="female"))
    assert supplement_ul_check(400, woman).message == (
        "400 mg from supplements is above the 350 mg upper level for Females 31–50 years. "
        "High doses often cause diarrhoea. Food does not count."
    )
    assert supplement_ul_check(300, woman).message == (
        "300 mg from supplements is within the 350 mg upper level. "
        "Only supplements count toward it; food never does."
    )
    baby = target_for(make_profile(age_months=3, sex="female"))
    assert "No upper level is set for infants 0–6 months" in supplement_ul_check(0, baby).message


@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    item = parse_supplement(text)
    assert item is None or item.counted_mg >= 0


_PIECES = st.sampled_from(
    [
        "magnesium",
        "mg",
        "g",
        "x",
        "×",
        "2",
        "0",
        "-",
        "1/0",
        ".5",
        "½",
        "tsp",
        "ml",
        "caps",
        "compound",
        "elemental",
        "citrate",
        "milk of magnesia",
        "twice daily",
        "1e999",
        "9" * 400,
        ",",
        "(",
        ")",
        " ",
        "calcium",
        "bath",
        "a",
        "/",
        ".",
    ]
)


@given(st.lists(_PIECES, max_size=12).map(" ".join))
def test_never_raises_on_supplement_like_text(text: str) -> None:
    item = parse_supplement(text)
    if item is not None:
        assert item.counted_mg >= 0
        assert item.status in ("matched", "estimated", "invalid")
        for reading in ("elemental", "compound"):
            assert with_reading(item, reading).counted_mg >= 0  # type: ignore[arg-type]


@given(st.integers(1, 4), st.integers(1, 400))
def test_count_multiplies_elemental(count: int, dose: int) -> None:
    one = _parse(f"magnesium citrate {dose} mg")
    many = _parse(f"{count} caps magnesium citrate {dose} mg")
    assert many.elemental_mg == pytest.approx(count * one.counted_mg)
