"""The word tables and text functions the matcher reads both sides with."""

from __future__ import annotations

import pytest

from magfood.meals import words as food_words


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("no cheese", ["no_cheese"]),
        ("without salt added", ["no_salt", "no_added"]),  # to the end of the segment
        ("non-dairy milk", ["no_dairy", "milk"]),  # "non" negates only the next word
        ("pizza with no cheese", ["pizza", "no_cheese"]),
        ("cheese pizza", ["cheese", "pizza"]),
    ],
)
def test_negated(text: str, tokens: list[str]) -> None:
    assert food_words.negated(food_words.normalise(text)) == tokens


@pytest.mark.parametrize("word", ["fillet", "sliced", "chunk", "slice", "wedge", "tail", "meat"])
def test_cut_words_are_prep_words(word: str) -> None:
    assert word in food_words.PREP_WORDS


def test_evaporated_is_a_processing_word() -> None:
    assert "evaporated" in food_words.PROCESSING_WORDS


@pytest.mark.parametrize(
    ("text", "plain"),
    [("jalapeño", "jalapeno"), ("sautéed crème fraîche", "sauteed creme fraiche"),
     ("açaí", "acai"), ("½ cup", "½ cup"), ("spinach", "spinach")],
)  # fmt: skip
def test_plain_letters_drops_accents_only(text: str, plain: str) -> None:
    assert food_words.plain_letters(text) == plain


def test_accented_words_read_as_plain_ones() -> None:
    assert food_words.normalise("1 jalapeño") == food_words.normalise("1 jalapeno")


@pytest.mark.parametrize("word", ["free", "lowfat", "reduced", "light", "pre", "stuffed", "powder"])
def test_variant_words(word: str) -> None:
    assert word in food_words.VARIANT_WORDS


@pytest.mark.parametrize("word", ["crumbled", "packed", "heaping", "level"])
def test_measure_words_are_prep_words(word: str) -> None:
    assert word in food_words.PREP_WORDS


@pytest.mark.parametrize(
    ("description", "key", "salt"),
    [
        ("Butter, salted", "butter", 0),
        ("Butter, without salt", "butter", 1),
        ("Butter, NFS", "butter", 0),
        ("Beets, cooked, boiled. drained, with salt", "beet boiled cooked drained", 2),
        ("Pasta, cooked, enriched, with added salt", "cooked enriched pasta", 2),
        ("Nuts, almonds, with salt added", "almond", 2),
        ("Nuts, almond butter, plain, without salt added", "almond butter", 1),
        ("Snacks, potato chips, plain, unsalted", "chip potato", 1),
        ("Potato chips, NFS", "chip potato", 0),
        ("Yogurt, Greek, NS as to type of milk, plain", "greek yogurt", 0),
    ],
)
def test_twin_key_and_salt(description: str, key: str, salt: int) -> None:
    assert food_words.twin_key(description) == key
    assert food_words.salt_said(description) == salt


@pytest.mark.parametrize(
    ("description", "head"),
    [
        ("turkey sandwich on white", "sandwich"),  # what it is, not what it is served on
        ("ham sandwich on white, with cheese", "sandwich"),
        ("tuna salad sandwich on wheat", "sandwich"),
        ("hot dog sandwich, turkey, on white bun", None),  # "on" past the first segment
        ("turkey, whole, meat only, cooked, roasted", None),  # no "on": the usual head
    ],
)
def test_served_on_head(description: str, head: str | None) -> None:
    assert food_words.served_on_head(description) == head
