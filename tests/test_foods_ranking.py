"""The default Foods ranking on the shipped table reads like a dietitian's list."""

from __future__ import annotations

import re

import pytest

from magfood import load_table, rank_foods
from magfood.cli.foods import fit_words, foods_table
from magfood.foods.everyday import LEAST_EVERYDAY

#: Classic magnesium sources, by kind: the foods of the NIH Office of Dietary Supplements
#: magnesium fact sheet (Table 2) and those the issue names. A kind is a set of words a
#: food's description must all hold.
CLASSIC_KINDS = (
    ("pumpkin",),
    ("chia",),
    ("almond",),
    ("spinach",),
    ("cashew",),
    ("black", "bean"),
    ("edamame",),
    ("peanut",),
    ("soy", "milk"),
    ("potato",),
    ("rice", "brown"),
    ("yogurt",),
    ("oat",),
    ("oatmeal",),
    ("banana",),
    ("salmon",),
    ("avocado",),
    ("quinoa",),
    ("tofu",),
    ("lentil",),
    ("chocolate",),
    ("shredded", "wheat"),
    ("kidney", "bean"),
    ("halibut",),
    ("milk",),
    ("raisin",),
    ("whole", "wheat"),
    ("whole", "grain"),
    ("broccoli",),
    ("cereal",),
    ("sesame",),
    ("sunflower",),
    ("flax",),
    ("brazil",),
    ("chard",),
    ("white", "bean"),
)
#: Rarely eaten foods the ranking once led with (issue 11).
RARE_WORDS = (
    "escargot",
    "snail",
    "extender",
    "wasabi",
    "abalone",
    "watermelon seed",
    "curd cheese",
    "meat substitute",
    "tamarind",
    "jute",
    "convolvulus",
    "conch",
    "whelk",
)


@pytest.fixture(scope="module")
def top20():
    return rank_foods(load_table(), limit=20)


def _classic(description: str) -> tuple[str, ...] | None:
    words = set(re.findall(r"[a-z]+", description.lower()))
    singular = {w.rstrip("s") for w in words} | words
    return next((k for k in CLASSIC_KINDS if all(w in singular for w in k)), None)


def test_default_top20_holds_14_classic_sources(top20) -> None:
    kinds = {_classic(r.food) for r in top20} - {None}
    assert len(kinds) >= 14, [r.food for r in top20]


def test_default_top20_holds_no_rarely_eaten_food(top20) -> None:
    assert len(top20) == 20
    for row in top20:
        assert not any(word in row.food.lower() for word in RARE_WORDS), row.food
        assert row.everyday_score >= LEAST_EVERYDAY
        assert row.kcal is not None and row.kcal <= 400


def test_rare_foods_stay_in_the_table_and_in_the_full_ranking() -> None:
    table = load_table()
    escargot = table.foods[table.foods["description"] == "Escargot"]
    assert len(escargot) == 1
    assert float(escargot["everyday_score"].iloc[0]) < LEAST_EVERYDAY
    everything = rank_foods(table, family="fish and seafood", common_only=False, limit=500)
    assert "Escargot" in {r.food for r in everything}


def test_figures_side_by_side_and_missing_as_a_dash(top20) -> None:
    row = top20[0]
    assert row.food == "Pumpkin seeds, NFS"
    assert row.name == "pumpkin seeds"
    assert row.magnesium_mg_per_100g > 500 and row.magnesium_mg_per_100kcal
    text = foods_table(top20)
    assert "None" not in text
    assert all(len(line) <= 100 for line in text.splitlines())
    header = text.splitlines()[0].split()
    assert header[3:7] == ["mg", "kcal", "mg/100g", "mg/100kcal"]
    blank = type(row)(**{**row.__dict__, "portion": None, "magnesium_mg": None, "kcal": None})
    assert "—" in foods_table((blank,)) and "None" not in foods_table((blank,))


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("pumpkin seeds", 20, "pumpkin seeds"),
        ("cooked whole grain noodles with butter", 20, "cooked whole grain…"),
        ("supercalifragilistic", 10, "supercali…"),
    ],
)
def test_fit_words_cuts_between_words(text: str, width: int, expected: str) -> None:
    assert fit_words(text, width) == expected
    assert len(fit_words(text, width)) <= width
