"""Regional food words and British spellings, read as the US words FDC uses."""

from __future__ import annotations

import pytest

from magfood.meals import match, parse_meal, regional
from magfood.meals.index import FoodIndex, food_index
from magfood.meals.regional import REGIONAL_WORDS, us_english
from magfood.table import FoodTable, load_table


@pytest.fixture(scope="module")
def table() -> FoodTable:
    return load_table()


@pytest.fixture(scope="module")
def shipped(table: FoodTable) -> FoodIndex:
    return food_index(table)


#: Each regional entry -> words the food it finds must have (shipped table).
HITS = {
    "rocket": "arugula",
    "capsicum": "peppers, sweet",
    "capsicums": "peppers, sweet",
    "beef mince": "beef, ground",
    "pork mince": "pork, fresh, ground",
    "lamb mince": "lamb, ground",
    "turkey mince": "turkey, ground",
    "chicken mince": "chicken, ground",
    "crisps": "potato chips",
    "sultana": "raisins, golden",
    "sultanas": "raisins, golden",
    "swede": "rutabaga",
    "mangetout": "peas, edible-podded",
    "mange tout": "peas, edible-podded",
    "beetroot": "beets",
    "treacle": "molasses",
    "silverbeet": "chard, swiss",
    "rockmelon": "cantaloupe",
    "pawpaw": "papaya",
    "kumara": "sweet potato",
    "satsuma": "tangerines",
    "satsumas": "tangerines",
    "froyo": "frozen yogurt",
    "fish fingers": "fish, stick",
    "sunbutter": "sunflower seed butter",
    "jacket potato": "potatoes, baked",
    "wholemeal": "whole-wheat",
    "skimmed milk": "milk, nonfat",
    "semi skimmed milk": "milk, reduced fat",
    "semi-skimmed milk": "milk, reduced fat",
    "double cream": "cream, heavy",
    "single cream": "cream, light",
    "candy floss": "candy, cotton",
    "candyfloss": "candy, cotton",
    "ice lolly": "freezer pop",
    "fizzy drink": "soft drink",
    "cuppa": "tea",
    "spag bol": "spaghetti",
    "icing sugar": "sugars, powdered",
    "caster sugar": "sugars, granulated",
    "plain flour": "all-purpose",
    "porridge": "oatmeal",
    "aubergine": "eggplant",
    "courgette": "zucchini",
    "courgettes": "zucchini",
    "gammon": "ham",
    "back bacon": "canadian bacon",
    "butternut pumpkin": "butternut",
}

#: Neighbours the regional words must not move: (phrase, words its food must have).
NEIGHBOURS = [
    ("apple crisp", "crisp, apple"),  # "crisps" is written whole: not "crisp"
    ("mince pie", "pie, mince"),  # only "beef mince" and its kin are ground meat
    ("sweet potato", "sweet potato"),
    ("beet greens", "beet greens"),
    ("rockfish", "rockfish"),
    ("swedish meatballs", "meatballs, swedish"),
    ("ice cream", "ice cream"),
    ("cream", "cream"),
    ("pumpkin", "pumpkin"),
    ("bacon", "bacon"),
    ("1 fillet of salmon", "salmon"),  # FDC writes "fillet": breame's "filet" is not used
]


def test_every_regional_word_has_a_case() -> None:
    assert set(HITS) == set(REGIONAL_WORDS)


@pytest.mark.parametrize(("word", "wanted"), sorted(HITS.items()))
def test_an_entry_stays_only_while_the_data_lacks_the_word(
    shipped: FoodIndex, monkeypatch: pytest.MonkeyPatch, word: str, wanted: str
) -> None:
    """Without its entry the word does not find the food: FDC's descriptions and names
    lack it, or mean another food by it ("crisp" is an apple crisp)."""
    others = {k: v for k, v in REGIONAL_WORDS.items() if k != word}
    monkeypatch.setattr(regional, "REGIONAL_WORDS", others)
    regional._phrases.cache_clear()
    try:
        found = match(word, shipped)
    finally:
        monkeypatch.undo()
        regional._phrases.cache_clear()
    assert not found or found[0].score < 60 or wanted not in found[0].food.lower(), found[0]


@pytest.mark.parametrize(("word", "wanted"), sorted(HITS.items()))
def test_regional_words_find_the_us_food(shipped: FoodIndex, word: str, wanted: str) -> None:
    best = match(word, shipped)[0]
    assert wanted in best.food.lower() and best.score >= 60, best


@pytest.mark.parametrize(("phrase", "wanted"), NEIGHBOURS)
def test_neighbours_do_not_move(table: FoodTable, phrase: str, wanted: str) -> None:
    item = parse_meal(phrase, table).items[0]
    assert item.food is not None and wanted in item.food.lower(), item.food


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Yoghurt", "yogurt"),  # British spellings, by breame's table
        ("flavoured yoghurt", "flavored yogurt"),
        ("savoury", "savory"),
        ("1 fillet", "1 fillet"),  # a word FDC has is left as written
        ("2 cups rocket", "2 cups arugula"),
        ("semi skimmed milk", "reduced fat milk"),  # the longest entry first
    ],
)
def test_us_english(shipped: FoodIndex, text: str, read: str) -> None:
    assert us_english(text, shipped.knows) == read
