"""Matching food words to FDC foods: normalising, synonyms, preferences, cutoff."""

from __future__ import annotations

import numpy as np
import pytest
from tiny_tables import food_table

from magfood.meals import features, matching, spelling
from magfood.meals.index import MASK_BYTES, MASKS_KEPT
from magfood.meals.parse import parse_meal
from magfood.table.load import FoodTable, load_table

# fdc_id, description, data_type, category, Mg mg/100 g
TINY_FOODS = [
    (
        1,
        "Seeds, pumpkin and squash seed kernels, roasted, without salt",
        "sr_legacy",
        "Nut and Seed Products",
        550.0,
    ),
    (2, "Pumpkin, raw", "sr_legacy", "Vegetables", 12.0),
    (3, "Spinach, raw", "sr_legacy", "Vegetables", 79.0),
    (4, "Spinach, cooked, boiled, drained, without salt", "sr_legacy", "Vegetables", 87.0),
    (5, "Babyfood, vegetables, spinach, creamed, strained", "sr_legacy", "Baby Foods", 55.0),
    (6, "Rice, brown, long-grain, cooked", "sr_legacy", "Cereal Grains and Pasta", 39.0),
    (7, "Rice, brown, long-grain, raw", "sr_legacy", "Cereal Grains and Pasta", 143.0),
    (8, "Cereals ready-to-eat, QUAKER, CAP'N CRUNCH", "sr_legacy", "Breakfast Cereals", 20.0),
    (9, "Walnut oil", "survey_fndds", "Oils", 0.0),
    (10, "Nuts, walnuts, english", "sr_legacy", "Nut and Seed Products", 158.0),
    (11, "Pizza, no cheese, thin crust", "survey_fndds", "Pizza", 20.0),
    (12, "Pizza, cheese, thin crust", "survey_fndds", "Pizza", 22.0),
    (13, "Beet greens, cooked, boiled, drained", "sr_legacy", "Vegetables", 68.0),
    (14, "Turnip greens, cooked, boiled, drained", "sr_legacy", "Vegetables", 22.0),
    (15, "Mustard greens, cooked, boiled, drained", "sr_legacy", "Vegetables", 13.0),
    (16, "Collards, cooked, boiled, drained", "sr_legacy", "Vegetables", 21.0),
    (29, "Greens, fresh, cooked, no added fat", "survey_fndds", "Vegetables", 20.0),
    (17, "Vegetarian fillets", "sr_legacy", "Legumes", 20.0),
    (18, "Fish, tilapia, cooked, dry heat", "sr_legacy", "Fish", 34.0),
    (19, "Tomatoes, green, raw", "sr_legacy", "Vegetables", 10.0),
    (20, "Tomatoes, raw", "survey_fndds", "Tomatoes", 10.0),
    (21, "Chocolate, dark, 70-85% cacao solids", "sr_legacy", "Sweets", 228.0),
    (22, "Chocolate, dark, 45- 59% cacao solids", "sr_legacy", "Sweets", 146.0),
    (23, "Cereals ready-to-eat, POST Raisin Bran Cereal", "sr_legacy", "Cereals", 168.0),
    (24, "Oat bran, raw", "sr_legacy", "Cereal Grains and Pasta", 235.0),
    (25, "Strawberries, frozen, sweetened, sliced", "sr_legacy", "Fruits", 7.0),
    (26, "Strawberries, raw", "sr_legacy", "Fruits", 13.0),
    (27, "Burrito, with beans, no cheese", "survey_fndds", "Burritos", 40.0),
    (28, "Burrito, with beans, cheese", "survey_fndds", "Burritos", 38.0),
    (30, "Cream, half and half, fat free", "sr_legacy", "Dairy and Egg Products", 10.0),
    (31, "Cream, half and half", "survey_fndds", "Cream", 10.0),
    (
        32,
        "Chicken breast, baked or broiled, skin not eaten, from pre-cooked",
        "survey_fndds",
        "Chicken",
        28.0,
    ),
    (
        33,
        "Chicken breast, baked, broiled, or roasted, skin not eaten, from raw",
        "survey_fndds",
        "Chicken",
        29.0,
    ),
    (34, "Cheese, feta", "sr_legacy", "Dairy and Egg Products", 19.0),
    (35, "Crab", "survey_fndds", "Fish", 36.0),
    (36, "Macaroni or pasta salad with crab meat", "survey_fndds", "Pasta salads", 20.0),
]


def tiny_table() -> FoodTable:
    return food_table(TINY_FOODS, [(1, 1.0, "oz", "1 oz", 28.35)])


@pytest.fixture(scope="module")
def tiny() -> matching.FoodIndex:
    return matching.food_index(tiny_table())


@pytest.fixture(scope="module")
def shipped() -> matching.FoodIndex:
    return matching.food_index(load_table())


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("berries", "berry"),
        ("berry", "berry"),
        ("tomatoes", "tomato"),
        ("leaves", "leaf"),
        ("cookies", "cooky"),
        ("cookie", "cooky"),
        ("peaches", "peach"),
        ("hummus", "hummus"),
        ("oats", "oat"),
        ("peas", "pea"),
        ("rice", "rice"),
    ],
)
def test_singular(word: str, singular: str) -> None:
    assert matching.singular(word) == singular


def test_normalise_drops_stop_words_and_punctuation() -> None:
    assert matching.normalise("Seeds, pumpkin and squash seed kernels") == [
        "seed",
        "pumpkin",
        "squash",
        "seed",
        "kernel",
    ]
    assert matching.normalise("Milk, reduced fat (2%)") == ["milk", "reduced", "fat", "2%"]


@pytest.mark.parametrize(
    ("words", "fdc_id"),
    [
        ("pumpkin seeds", 1),  # the head noun must match: never "Pumpkin, raw"
        ("roasted pumpkin seeds", 1),
        ("pumpkin", 2),
        ("spinach", 3),  # raw unless a cooking word is given
        ("boiled spinach", 4),
        ("cooked spinach", 4),
        ("brown rice", 6),  # cooked: nobody eats raw rice
        ("uncooked brown rice", 7),
        ("walnuts", 10),  # not "Walnut oil"
        ("capn crunch", 8),  # naming the brand lifts its penalty
        ("spinnach", 3),  # spelling corrected against the vocabulary
        ("cheese pizza", 12),  # "no cheese" means the food lacks cheese
        ("pizza without cheese", 11),  # ... and matches a user who says so
        ("bean burrito", 27),  # lacking something costs less than having something extra
        ("cooked collard greens", 16),  # a far rarer modifier must be in the food
        ("tilapia fillet", 18),  # a fillet is a cut: it picks the portion, not the food
        ("tomato", 20),  # a qualifier the user did not say ("green") costs more than SR's lead
        ("sliced strawberries", 26),  # not frozen and sweetened, though those are sliced
        ("dark chocolate 70%", 21),  # a percentage falls in a description's range
        ("raisin bran", 23),  # "Cereals ready-to-eat" is a group prefix; bran is the name
        ("half and half", 31),  # an unasked fat level costs more than SR's lead
        ("fat free half and half", 30),  # ... and is found when asked
        ("chicken breast", 33),  # "from pre-cooked" is a variant too
        ("crumbled feta", 34),  # a measure word is neither the head nor spell-corrected
        ("packed feta", 34),
        ("crab meat", 35),  # "meat" names the part eaten, like a cut: not a salad with crab
    ],
)
def test_match_tiny(tiny: matching.FoodIndex, words: str, fdc_id: int) -> None:
    assert matching.match(words, tiny)[0].fdc_id == fdc_id


@pytest.mark.parametrize(
    ("words", "head", "anchor"),
    [
        ("cooked collard greens", "green", "collard"),  # collard is far rarer than greens
        ("cheese pizza", "pizza", "pizza"),  # cheese is no rarer than pizza
        ("brown rice", "rice", "rice"),
        ("dark chocolate 70%", "chocolate", "chocolate"),  # a number is never the head
        ("pizza without cheese", "pizza", "pizza"),  # nor is a negated word
    ],
)
def test_query_head_and_anchor(
    tiny: matching.FoodIndex, words: str, head: str, anchor: str
) -> None:
    query = matching.read_query(words, tiny)
    assert (query.head, query.anchor) == (head, anchor)


def test_negated_words_are_indexed_apart(tiny: matching.FoodIndex) -> None:
    row = tiny.row_of[11]
    assert tiny.tokens[row] == {"pizza", "no_cheese", "thin", "crust"}  # to the comma
    assert "no_cheese" in matching.read_query("pizza with no cheese", tiny).words


def test_percentage_ranges_are_indexed_by_value(tiny: matching.FoodIndex) -> None:
    assert {"70%", "77%", "85%"} <= tiny.tokens[tiny.row_of[21]]
    assert "69%" not in tiny.tokens[tiny.row_of[21]]
    assert {"45%", "59%"} <= tiny.tokens[tiny.row_of[22]]


def test_baby_food_is_never_first_unless_asked(tiny: matching.FoodIndex) -> None:
    assert all(a.fdc_id != 5 for a in matching.match("spinach", tiny)[:2])
    assert matching.match("babyfood spinach", tiny)[0].fdc_id == 5


def test_scores_are_between_0_and_100_best_first(tiny: matching.FoodIndex) -> None:
    found = matching.match("spinach", tiny)
    scores = [a.score for a in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert scores[0] >= matching.CUTOFF


def test_nothing_for_unknown_words(tiny: matching.FoodIndex) -> None:
    assert matching.match("xyzzy qwerty", tiny) == ()
    assert matching.match("", tiny) == ()
    assert matching.match("SAUTEED", tiny) == ()  # a cooking word alone (found by hypothesis)


def test_index_is_built_once_per_table() -> None:
    table = tiny_table()
    assert matching.food_index(table) is matching.food_index(table)
    assert matching.food_index(tiny_table()) is not matching.food_index(table)


# synonym -> words the matched FDC description must hold (shipped table)
SYNONYM_CASES = [
    ("pepitas", ("pumpkin", "kernels")),
    ("pumpkin seeds", ("pumpkin", "seed")),
    ("sunflower seeds", ("sunflower", "kernels")),
    ("zucchini", ("zucchini",)),
    ("green beans", ("beans", "green")),
    ("garbanzo beans", ("chickpeas",)),
    ("garbanzos", ("chickpeas",)),
    ("PB", ("peanut butter",)),
    ("PB&J", ("peanut butter and jelly sandwich",)),
    ("yoghurt", ("yogurt",)),  # British spelling (breame), not a synonym
    ("mac", ("macaroni",)),
    ("mac and cheese", ("macaroni", "cheese")),
    ("spaghetti", ("pasta",)),
    ("whole wheat penne", ("pasta", "whole-wheat")),
    ("hot dog", ("frankfurter",)),
    ("hotdog", ("frankfurter",)),
    ("string cheese", ("mozzarella", "part skim")),
    ("ketchup", ("catsup",)),
    ("nutella", ("chocolate hazelnut spread",)),
    ("oj", ("orange juice",)),
    ("coke", ("cola",)),
    ("soda", ("soft drink",)),
    ("hemp hearts", ("hemp seed", "hulled")),
    ("flax seeds", ("flaxseed",)),
    ("flax", ("flaxseed",)),
    ("baby spinach", ("spinach", "raw")),
    ("porridge", ("oatmeal",)),
    ("evoo", ("olive",)),
    ("aubergine", ("eggplant",)),
    ("courgette", ("zucchini",)),
    ("scallions", ("scallions",)),
    ("cilantro", ("coriander",)),
    ("spuds", ("potato",)),
    ("fries", ("french fries",)),
    ("bok choy", ("cabbage", "pak-choi")),
    ("pak choi", ("cabbage", "pak-choi")),
    ("snow peas", ("peas", "edible-podded")),
    ("black-eyed peas", ("blackeyed",)),
    ("mayo", ("mayonnaise",)),
    ("bbq sauce", ("barbecue",)),
    ("decaf coffee", ("coffee", "decaffeinated")),
    ("cannellini beans", ("beans, white",)),
    ("toast", ("bread, white", "toasted")),
    ("french toast", ("french toast",)),
    ("melba toast", ("melba toast",)),
    ("donut", ("doughnut",)),
    ("portobello", ("portabella",)),
    ("daikon", ("radishes, oriental",)),
    ("nori", ("seaweed, laver",)),
    ("sunchokes", ("jerusalem-artichokes",)),
    ("oreos", ("cookies, chocolate sandwich, with creme filling",)),
]


def test_every_synonym_has_a_case() -> None:
    rewritten = {" ".join(matching.normalise(p.replace("&", " "))) for p, _ in SYNONYM_CASES}
    rewritten.add("pbj")  # "PB&J" is read as "pbj" before the synonyms apply
    covered = {k for k in matching.SYNONYMS if any(k in r for r in rewritten)}
    assert covered == set(matching.SYNONYMS)


@pytest.mark.parametrize(("phrase", "expected"), SYNONYM_CASES)
def test_synonyms_on_shipped_table(
    shipped: matching.FoodIndex, phrase: str, expected: tuple[str, ...]
) -> None:
    food = matching.match(phrase, shipped)[0].food.lower()
    assert all(word.lower() in food for word in expected), food


_COOKED_WORDS = ("cooked", "boiled", "roasted", "baked", "broiled", "grilled", "heated",
                 "prepared", "steamed", "fried")  # fmt: skip


@pytest.mark.parametrize("head", sorted(matching.DEFAULT_FORMS))
def test_default_forms_on_shipped_table(shipped: matching.FoodIndex, head: str) -> None:
    preferred, avoided = matching.DEFAULT_FORMS[head]
    found = matching.match(head, shipped)
    if not found:
        pytest.skip(f"no FDC food names {head!r} on its own")
    food = found[0].food.lower()
    tokens = set(matching.normalise(food))
    # FNDDS foods are as eaten, so cooked, whether or not they say so ("Steak, NS as to
    # type of meat"); an SR Legacy food must say its form.
    as_eaten = not shipped.sr[shipped.row_of[found[0].fdc_id]]
    assert tokens & set(preferred) or (
        "cooked" in preferred and (as_eaten or any(w in food for w in _COOKED_WORDS))
    ), food
    assert not tokens & set(avoided), food


@pytest.mark.parametrize(
    ("words", "fdc_ids"),
    [
        ("roasted pumpkin seeds", {170557, 169415}),  # with or without salt: same Mg
        ("boiled spinach", {168463, 170531}),
        ("banana", {173944}),
        ("eggs", {171287}),
        ("rolled oats", {173904}),
        ("cooked brown rice", {169704, 168875}),
        ("black beans", {173735, 175237}),
        ("whole milk", {171265, 172217}),
        ("bread", {174924}),  # white, the everyday kind
        ("whole wheat toast", {172689}),  # a kind said beats the everyday one
    ],
)
def test_everyday_foods_on_shipped_table(
    shipped: matching.FoodIndex, words: str, fdc_ids: set[int]
) -> None:
    assert matching.match(words, shipped)[0].fdc_id in fdc_ids


def test_index_build_restores_the_garbage_collector() -> None:
    import gc

    assert gc.isenabled()
    matching.FoodIndex(tiny_table())
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("description", "read"),
    [
        ("Candies, MARS SNACKFOOD US, SNICKERS Bar",
         "Candies, SNICKERS Bar (made by MARS SNACKFOOD US)"),
        ("Cereals ready-to-eat, POST, GRAPE-NUTS Cereal",
         "Cereals ready-to-eat, GRAPE-NUTS Cereal (made by POST)"),
        ("Cereals ready-to-eat, GENERAL MILLS, CHEERIOS",
         "Cereals ready-to-eat, CHEERIOS (made by GENERAL MILLS)"),
        ("Bread, white, NFS, toasted", "Bread, white, NFS, toasted"),  # NFS is no maker
        ("Spinach, raw", "Spinach, raw"),
        ("Snacks, KELLOGG'S RICE KRISPIES TREATS Squares, plain",
         "Snacks, KELLOGG'S RICE KRISPIES TREATS Squares, plain"),  # names the food
    ],
)  # fmt: skip
def test_maker_segments_become_an_aside(description: str, read: str) -> None:
    from magfood.meals.index import _makers_aside

    assert _makers_aside(description) == read


@pytest.mark.parametrize(
    ("words", "fdc_id"),
    [
        ("Triscuits", 2708181),  # "Crackers, woven wheat, plain (Triscuit)"
        ("Cheez-Its", 2708151),  # "Crackers, cheese (Cheez-It)"
        ("Cheetos", 2708203),  # "Cheese flavored corn snacks (Cheetos)"
        ("Snickers", 169589),  # "Candies, MARS SNACKFOOD US, SNICKERS Bar"
        ("Grape-Nuts", 171647),  # "Cereals ready-to-eat, POST, GRAPE-NUTS Cereal"
        ("M&Ms", 169583),  # "Candies, MARS SNACKFOOD US, M&M's Milk Chocolate Candies"
        ("kit kat", 167992),  # "Candies, KIT KAT Wafer Bar", not the unasked BIG KAT
    ],
)
def test_foods_named_in_an_aside_or_after_their_maker(
    shipped: matching.FoodIndex, words: str, fdc_id: int
) -> None:
    found = matching.match(words, shipped)
    assert found[0].fdc_id == fdc_id and found[0].score >= matching.CUTOFF, found[:2]


def test_a_note_aside_does_not_name_the_food(shipped: matching.FoodIndex) -> None:
    row = shipped.row_of[172675]  # "Bread, french or vienna (includes sourdough)"
    assert shipped.aside.get("sourdough") is None or row not in shipped.aside["sourdough"]


@pytest.mark.parametrize(
    ("words", "cooked"),
    [("pollock", True), ("sea bass", True), ("trout", True), ("sardines", False),
     ("roast duck", True), ("seared salmon", True), ("spinach", False)],
)  # fmt: skip
def test_animal_flesh_defaults_to_cooked_by_category(
    shipped: matching.FoodIndex, words: str, cooked: bool
) -> None:
    food = matching.match(words, shipped)[0].food.lower()
    assert ("raw" not in food.split(", ")) == cooked or (not cooked and "canned" in food), food


@pytest.mark.parametrize("word", ["roast", "seared"])
def test_roast_and_seared_are_cooking_words(word: str) -> None:
    assert word in matching.COOKING_WORDS and word in matching.STATE_ALSO


@pytest.mark.parametrize(("word", "fixed"), [("brocoli", "broccoli"), ("order", None)])
def test_spelling_corrections_keep_the_first_letter(
    shipped: matching.FoodIndex, word: str, fixed: str | None
) -> None:
    assert spelling.correct(word, shipped) == fixed


@pytest.mark.parametrize(
    ("words", "read"),
    [
        ("mahi mahi", ("mahimahi",)),  # FDC only ever joins it
        ("jelly beans", ("jellybean",)),
        ("meatloaf", ("meat", "loaf")),  # FDC more often splits it
        ("snow peas", ("pea", "edible", "podded")),  # a synonym comes first
        ("soy milk", ("soy", "milk")),  # FDC has both spellings: left as said
        ("pancakes", ("pancake",)),
    ],
)
def test_compounds_are_spelt_as_fdc_spells_them(
    shipped: matching.FoodIndex, words: str, read: tuple[str, ...]
) -> None:
    assert matching.read_query(words, shipped).words == read


@pytest.mark.parametrize(
    ("words", "given_back"),
    [
        ("enfamil", 12.0),  # the brand only: naming it makes no baby food everyday
        ("infant formula", 35.0),  # the kind only
        ("enfamil infant formula", 47.0),
        ("milk powder", 0.0),
    ],
)
def test_naming_a_brand_lifts_only_the_brand_penalty(
    shipped: matching.FoodIndex, words: str, given_back: float
) -> None:
    row = next(r for r, d in enumerate(shipped.descriptions) if "ENFAMIL, Newborn" in d)
    rows = np.asarray([row], dtype=np.int32)
    query = matching.read_query(words, shipped)
    kind, brand = features._penalties(query, rows, shipped)
    lifted = kind[0] + brand[0] + shipped.lift_amount[row] + shipped.brand_amount[row]
    assert lifted == pytest.approx(given_back)


@pytest.mark.parametrize(
    ("words", "expected", "not_expected"),
    [
        ("2% milk", ("reduced fat", "2%"), "evaporated"),  # "2%" is the fat level
        ("1% milk", ("1%",), "evaporated"),
        ("milk", ("milk",), "reduced"),  # no level said: no fat level
    ],
)
def test_a_percentage_is_a_fat_level(
    shipped: matching.FoodIndex, words: str, expected: tuple[str, ...], not_expected: str
) -> None:
    food = matching.match(words, shipped)[0].food.lower()
    assert all(word in food for word in expected) and not_expected not in food, food


# fdc_id, description, data_type, category, Mg mg/100 g, kcal/100 g: twins differ only in
# salt or "NFS" wording and have close nutrients.
TWIN_FOODS = [
    (101, "Collards, cooked, boiled, drained, with salt", "sr_legacy", "Vegetables", 21.0, 33.0),
    (102, "Collards, cooked, boiled, drained, without salt", "sr_legacy", "Vegetables", 21.0, 33.0),
    (103, "Butter, without salt", "sr_legacy", "Dairy", 2.0, 717.0),
    (104, "Butter, salted", "sr_legacy", "Dairy", 2.0, 717.0),
    (105, "Beets, cooked, boiled, drained, with salt", "sr_legacy", "Vegetables", 23.0, 44.0),
    (106, "Beets, cooked, boiled, drained", "sr_legacy", "Vegetables", 23.0, 44.0),
    (107, "Tuna, canned in water, without salt", "sr_legacy", "Fish", 27.0, 116.0),
    (108, "Tuna, canned in water", "sr_legacy", "Fish", 23.0, 86.0),  # not a twin: kcal
    (109, "Nuts, peanuts, dry roasted, with salt", "sr_legacy", "Nuts", 176.0, 585.0),
    (110, "Nuts, peanuts, dry roasted, without salt", "sr_legacy", "Nuts", 175.0, 585.0),
]


@pytest.fixture(scope="module")
def twins() -> matching.FoodIndex:
    return matching.food_index(food_table(TWIN_FOODS))


@pytest.mark.parametrize(
    ("words", "fdc_id"),
    [
        ("boiled collard greens", 102),  # cooked with salt is the variant, not the default
        ("collards cooked with salt", 101),  # ... unless the user says so
        ("butter", 103),  # "salted" is no salt added in preparation: the score order stays
        ("salted butter", 104),
        ("boiled beets", 106),  # the twin that says nothing about salt first
        ("dry roasted peanuts", 110),
        ("salted dry roasted peanuts", 109),
        ("canned tuna in water", 107),  # 107 and 108 differ by 26 % in kcal: no twins
    ],
)
def test_twin_tie_rule(twins: matching.FoodIndex, words: str, fdc_id: int) -> None:
    assert matching.match(words, twins)[0].fdc_id == fdc_id


@pytest.mark.parametrize(
    ("fdc_id", "expected"),
    [(101, {101, 102}), (103, {103, 104}), (105, {105, 106}), (107, {107}), (109, {109, 110})],
)
def test_twins_of(twins: matching.FoodIndex, fdc_id: int, expected: set[int]) -> None:
    rows = np.arange(len(twins.fdc_ids), dtype=np.int32)
    found = matching.twins_of(twins.row_of[fdc_id], rows, twins)
    assert {int(i) for i in twins.fdc_ids[found]} == expected


def test_twin_takes_the_best_score(twins: matching.FoodIndex) -> None:
    found = matching.match("boiled collard greens", twins)
    assert found[0].score == max(c.score for c in found)


def test_member_masks_match_the_postings_and_stay_bounded(shipped: matching.FoodIndex) -> None:
    rows = np.arange(0, len(shipped.descriptions), 7, dtype=np.int32)
    kept = shipped.masks_kept
    assert kept == max(MASKS_KEPT, MASK_BYTES // len(shipped.descriptions)) > MASKS_KEPT
    for token in list(shipped.postings)[: kept + 20]:
        posting = shipped.postings[token]
        expected = np.isin(rows, posting).astype(float)
        assert (shipped.member(rows, posting) == expected).all(), token
    assert len(shipped._masks) <= kept
    assert shipped.member(rows, None).sum() == 0


@pytest.mark.parametrize(
    ("phrase", "fdc_id"),
    [
        ("1 medium baked potato", 170093),  # flesh and skin, not "flesh" or "skin" alone
        ("a medium baked potato with skin", 170093),  # "with skin": the whole, as FDC says
        ("100 g baked potato, skin on", 170093),
        ("1 baked sweet potato", 168483),  # "baked in skin, flesh" is the whole: unmoved
        ("2 potato skins", 2709491),  # the skin said: the skins themselves
        ("1 cup chicken skin", 174496),  # a part said on a food with no whole: unmoved
    ],
)
def test_a_part_of_a_food_is_taken_only_when_said(phrase: str, fdc_id: int) -> None:
    assert parse_meal(phrase, load_table()).items[0].fdc_id == fdc_id


@pytest.mark.parametrize(
    ("phrase", "fdc_id"),
    [
        ("3 prunes", 2709211),  # dried, not "Prunes, canned, heavy syrup pack"
        ("1 cup canned peaches", 2709250),  # canned said: "Peach, canned, NFS"
        ("1 cup minestrone", 2710114),  # "Soup, minestrone", not the canned chunky one
    ],
)
def test_canned_only_when_said(phrase: str, fdc_id: int) -> None:
    assert parse_meal(phrase, load_table()).items[0].fdc_id == fdc_id


@pytest.mark.parametrize(
    ("phrase", "fdc_id"),
    [
        ("1 turkey sandwich", 2706981),  # "Turkey sandwich on white", not a turkey hot dog
        ("1 ham sandwich", 2706964),  # "Ham sandwich on white", not a ham biscuit
        ("1 hot dog", 174615),  # a neighbour that must not move: "Frankfurter, meat, heated"
        ("3 slices of turkey", 171481),  # likewise: "Turkey, whole, meat only, ..."
    ],
)
def test_a_sandwich_is_named_by_what_it_is_not_what_it_is_on(phrase: str, fdc_id: int) -> None:
    assert parse_meal(phrase, load_table()).items[0].fdc_id == fdc_id
