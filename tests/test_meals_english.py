"""English word frequencies stored with the index (``meals.english``): the same figures
wordfreq gives for every word the parser asks about, and no wordfreq at run time."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from magfood.meals import spelling
from magfood.meals.english import SHORT_FLOOR, SHORT_LETTERS, EnglishWords
from magfood.meals.index import FoodIndex, food_index
from magfood.table import load_table


@pytest.fixture(scope="module")
def shipped() -> FoodIndex:
    return food_index(load_table())


def _short_listed(seed: int, count: int) -> list[str]:
    listed = sorted(
        w
        for w in get_frequency_dict("en", "best")
        if len(w) <= SHORT_LETTERS and w.isascii() and w.isalpha() and w.islower()
    )
    return random.Random(seed).sample(listed, count)


@pytest.mark.parametrize(
    "word",
    ["when", "sick", "bred", "quiona", "order", "xyzzy", "avo", "guac", "like", "after", "the"],
)
def test_a_short_word_reads_as_wordfreq_says(shipped: FoodIndex, word: str) -> None:
    expected = zipf_frequency(word, "en")
    found = shipped.zipf(word)
    assert found == (expected if expected >= SHORT_FLOOR or word in shipped.english.known else 0.0)


def test_stored_short_words_equal_wordfreq_and_miss_none_above_the_floor(
    shipped: FoodIndex,
) -> None:
    for word in _short_listed(seed=3, count=1500):
        expected = zipf_frequency(word, "en")
        if word in shipped.english.known or expected >= SHORT_FLOOR:
            assert shipped.zipf(word) == expected, word
        else:
            assert shipped.zipf(word) == 0.0, word


def test_the_index_words_and_plurals_equal_wordfreq(shipped: FoodIndex) -> None:
    known = shipped.english.known
    sample = random.Random(5).sample(sorted(known), 300)
    assert all(known[w] == zipf_frequency(w, "en") for w in sample)
    assert {"spinach", "spinachs", "cooked", "cookeds"} <= set(known)
    assert shipped.zipf("spinach") == zipf_frequency("spinach", "en")


def test_the_spelling_check_asks_only_about_what_is_stored() -> None:
    # correct() asks the figure of words shorter than _LONG, against COMMON_ZIPF
    assert spelling._LONG - 1 <= SHORT_LETTERS
    assert spelling.COMMON_ZIPF >= SHORT_FLOOR


def test_a_word_outside_the_stored_ones_asks_wordfreq() -> None:
    english = EnglishWords({}, EnglishWords.of([]).short[:0], EnglishWords.of([]).short_zipf[:0])
    assert english.zipf("fettuccine") == zipf_frequency("fettuccine", "en") > 0
    assert english.zipf("When") == zipf_frequency("when", "en")


def test_parsing_unknown_words_never_imports_wordfreq() -> None:
    script = (
        "import sys\n"
        "from magfood import parse_meal\n"
        "meal = parse_meal('1 cup quiona; 2 slices bred when sick; cashwes; guac; xyzzy')\n"
        "assert [i.fdc_id for i in meal.items][:2], meal\n"
        "print('wordfreq' in sys.modules, len(meal.items))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False", "5"], done.stderr
