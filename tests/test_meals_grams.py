"""Grams from an amount and a food's FDC portions: each rule of issue #3, in order."""

from __future__ import annotations

import pytest

from magfood.meals import food_index
from magfood.meals.grams import ceiling_grams, find_grams
from magfood.table import Portion, Serving, load_table

SPINACH_RAW = (Portion(1.0, "cup", "1 cup", 30.0),)
BANANA = (
    Portion(1.0, "cup", "1 cup, sliced", 150.0),
    Portion(1.0, "medium", '1 medium (7" to 7-7/8" long)', 118.0),
    Portion(1.0, "large", '1 large (8" to 8-7/8" long)', 136.0),
)
PEANUT_BUTTER = (Portion(2.0, "tbsp", "2 tbsp", 32.0),)
STEW = (Portion(1.0, None, "Quantity not specified", 250.0),)

PICKLE = (
    Portion(1.0, None, "1 regular", 80.0),
    Portion(1.0, None, "1 half", 40.0),
    Portion(1.0, "spear", "1 spear", 40.0),
)
QUESADILLA = (
    Portion(1.0, "piece", "1 triangular piece", 30.0),
    Portion(1.0, None, "1 full circle", 120.0),
    Portion(1.0, None, "1 half circle", 60.0),
)
BEER = (
    Portion(1.0, "fl oz", "1 fl oz", 29.5),
    Portion(1.0, "can", "1 can or bottle (12 fl oz)", 354.0),
)
FALAFEL = (Portion(1.0, "patty", "1 patty", 17.0), *STEW)
FROZEN_YOGURT = (
    Portion(1.0, "cup", "1 medium ice cream cup", 320.0),
    Portion(1.0, "cup", "1 cup", 175.0),
)
CHOCOLATE = (
    Portion(1.0, "bar", "1 bar, miniature", 7.0),
    Portion(1.0, "bar", "1 bar (1.55 oz)", 44.0),
)
SNOW_PEAS = (
    Portion(1.0, "cup", "1 cup, chopped", 98.0),
    Portion(1.0, "cup", "1 cup, whole", 63.0),
)
POTATO_SKIN = (Portion(1.0, None, "1 skin", 58.0), *STEW)
TOAST = (
    Portion(1.0, "slice", "1 slice, large", 27.0),
    Portion(1.0, "slice", "1 slice, thin", 17.0),
    Portion(1.0, "slice", "1 slice", 22.0),
)
PASTA = (
    Portion(1.0, "cup", "1 cup penne", 107.0),
    Portion(1.0, "cup", "1 cup spaghetti not packed", 124.0),
)
CHERIMOYA = (
    Portion(1.0, "cup", "1 cup, pieces", 160.0),
    Portion(1.0, "fruit", "1 fruit without skin and seeds", 235.0),
)
SALTINES = (
    Portion(1.0, "cracker", "1 cracker", 3.0),
    Portion(1.0, None, "1 miniature/bite size", 1.0),
    Portion(1.0, None, "1 sleeve", 115.0),
)
CHICKEN_WING = (
    Portion(1.0, "wing", "1 wing", 50.0),
    Portion(1.0, None, "1 skin", 10.0),
)

# quantity, unit, words, portions -> grams, rule, estimated
CASES = [
    (100.0, "g", "spinach", SPINACH_RAW, 100.0, "mass", False),
    (1.0, "oz", "spinach", SPINACH_RAW, 28.35, "mass", False),
    (2.0, "cup", "spinach", SPINACH_RAW, 60.0, "portion", False),  # the food's own cup
    (1.0, "tbsp", "peanut butter", PEANUT_BUTTER, 16.0, "portion", False),  # "2 tbsp" = 32 g
    (1.0, "tbsp", "spinach", SPINACH_RAW, 1.875, "volume_via_portion", False),  # via the cup
    (2.0, None, "bananas", BANANA, 236.0, "count", False),  # a count: the medium portion
    (1.0, "large", "banana", BANANA, 136.0, "count", False),
    (1.0, "cup", "stew", STEW, 236.59, "default", True),  # no volume portion: water
    (2.0, None, "stew", STEW, 500.0, "default", True),  # no count portion: default serving
    (1.0, None, "mystery", (), 100.0, "default", True),  # nothing at all: 100 g
    (1.0, None, "dill pickle spear", PICKLE, 40.0, "count", False),  # named cut beats size
    (1.0, None, "dill pickle", PICKLE, 80.0, "count", False),  # "regular" = medium
    (1.0, None, "cheese quesadilla", QUESADILLA, 120.0, "count", False),  # whole, not a part
    (1.0, None, "half circle quesadilla", QUESADILLA, 60.0, "count", False),  # part if said
    (1.0, None, "light beer", BEER, 354.0, "count", False),  # a container when no count
    (3.0, None, "falafel", FALAFEL, 51.0, "count", False),  # any count noun beats default
    (0.5, "cup", "frozen yogurt", FROZEN_YOGURT, 87.5, "portion", False),  # not a tub
    (1.0, "bar", "milk chocolate", CHOCOLATE, 44.0, "portion", False),  # not a miniature
    (1.0, None, "potato", POTATO_SKIN, 250.0, "default", True),  # a skin is not a potato
    (2.0, "cup", "snow peas", SNOW_PEAS, 126.0, "portion", False),  # no cut word: whole
    (1.0, "cup", "chopped snow peas", SNOW_PEAS, 98.0, "portion", False),
    (2.0, "slice", "toast", TOAST, 44.0, "portion", False),  # the plainest slice
    (1.0, "slice", "thin toast", TOAST, 17.0, "portion", False),  # unless a size is said
    (1.0, "cup", "spaghetti", PASTA, 124.0, "portion", False),  # "not packed" is plain
    (1.0, None, "cherimoya", CHERIMOYA, 235.0, "count", False),  # "without skin" is whole
    (8.0, None, "saltines", SALTINES, 24.0, "count", False),  # a cracker is whole
    (2.0, None, "chicken wings", CHICKEN_WING, 100.0, "count", False),  # a skin is a part
]


@pytest.mark.parametrize(
    ("quantity", "unit", "words", "portions", "grams", "rule", "estimated"), CASES
)
def test_find_grams(
    quantity: float,
    unit: str | None,
    words: str,
    portions: tuple[Portion, ...],
    grams: float,
    rule: str,
    estimated: bool,
) -> None:
    found = find_grams(quantity, unit, words, portions)
    assert (found.rule, found.estimated) == (rule, estimated)
    assert found.grams == pytest.approx(grams, rel=1e-3)
    assert found.portion


SEEDS = (Portion(1.0, "cup", "1 cup", 129.0), Portion(1.0, "oz", "1 oz", 28.35))
HONEY = (
    Portion(1.0, "cup", "1 cup", 339.0),
    Portion(1.0, "tbsp", "1 tbsp", 21.0),
    Portion(1.0, "packet", "1 packet (0.5 oz)", 14.0),
)
OATMEAL = (
    Portion(1.0, "cup", "1 cup, dry, yields", 485.0),
    Portion(1.0, "cup", "1 cup, cooked", 240.0),
    Portion(1.0, None, "Quantity not specified", 245.0),
)
ONE_OZ = Serving(1, "1 oz", 28.35, "nuts and seeds", 156.0, 162.0)


@pytest.mark.parametrize(
    ("portions", "serving", "grams", "kind"),
    [
        (SEEDS, ONE_OZ, 28.35, "one serving"),  # the food's one serving, as the table says
        (HONEY, Serving(2, "1 tbsp", 21.0, "sugars", 0.4, 64.0), 21.0, "one serving"),
        (STEW, None, 100.0, "no FDC portion"),  # no serving known: 100 g, said so
        ((), None, 100.0, "no FDC portion"),
    ],
)
def test_no_amount_takes_the_foods_one_serving(
    portions: tuple[Portion, ...], serving: Serving | None, grams: float, kind: str
) -> None:
    found = find_grams(1.0, None, "food", portions, no_amount=True, serving=serving)
    assert (found.rule, found.estimated) == ("default", True)
    assert found.grams == pytest.approx(grams)
    assert kind in found.portion
    assert f"of {grams:g} g" in found.messages[0]


def test_a_count_with_no_count_portion_is_one_fndds_item() -> None:
    found = find_grams(2.0, None, "oatmeal", OATMEAL, serving=ONE_OZ)
    assert found.grams == pytest.approx(490.0)
    assert "Quantity not specified, FNDDS quantity" in found.portion


def test_a_count_with_no_portion_at_all_is_servings() -> None:
    found = find_grams(2.0, None, "seeds", (), serving=ONE_OZ)
    assert found.grams == pytest.approx(56.7)
    assert "1 oz, one serving" in found.portion


@pytest.mark.parametrize(
    ("category", "grams"),
    [("Nut and Seed Products", 500.0), ("Beverages", 5000.0), ("Vegetables", 2000.0)],
)
def test_ceiling_grams(category: str, grams: float) -> None:
    assert ceiling_grams(category) == grams


# A unit asked for is answered only by a portion in that unit, a portion whose text names
# it, or a documented convention; otherwise a default serving, marked estimated with why.
# Grams from the shipped data/ (FDC food_portion.csv rows quoted).
def _shipped(fdc_id: int) -> tuple[tuple[Portion, ...], Serving | None]:
    index = food_index(load_table())
    return index.portions_of(fdc_id), index.serving_of(fdc_id)


def test_a_slice_is_never_the_whole_bird() -> None:
    """SR 171481 turkey, roasted: "3 oz" 85 g and "1 bird" 3812 g, no slice: two slices
    are two default servings (3 oz), said so, not 7,624 g."""
    portions, serving = _shipped(171481)
    found = find_grams(2.0, "slice", "turkey", portions, serving=serving)
    assert found.grams == pytest.approx(170.1, abs=0.1)
    assert found.estimated and found.rule == "default"
    assert found.messages[0].startswith("No 'slice' portion for this food: assumed a default")


def test_a_packet_is_the_single_serving_bag_not_one_cracker() -> None:
    """FNDDS 2708132 crackers, NFS: "1 cracker" 3 g, "1 small or medium single serving
    bag" 45 g (FDC files it under "serving"): a packet names the bag."""
    portions, serving = _shipped(2708132)
    found = find_grams(1.0, "packet", "crackers", portions, serving=serving)
    assert (found.grams, found.estimated) == (45.0, False)
    assert found.portion.startswith("1 small or medium single serving bag")


def test_a_bowl_with_no_bowl_portion_is_a_marked_serving() -> None:
    """FNDDS 2706373 chili, NFS: "1 cup" 255 g, "Guideline amount per hot dog" 64 g,
    "Quantity not specified" 255 g: a bowl is never the hot-dog topping."""
    portions, serving = _shipped(2706373)
    found = find_grams(1.0, "bowl", "chili", portions, serving=serving)
    assert (found.grams, found.estimated) == (255.0, True)
    assert "No 'bowl' portion" in found.messages[0]


def test_a_slice_the_food_has_is_used() -> None:
    """FNDDS 2709223 avocado, raw: "1 slice" 15 g (and "1 fruit" 150 g)."""
    portions, serving = _shipped(2709223)
    found = find_grams(3.0, "slice", "avocado", portions, serving=serving)
    assert (found.grams, found.estimated) == (45.0, False)


def test_a_piece_still_takes_a_count_portion() -> None:
    """ "piece" asks for one whole item: with no piece portion, the count rule answers."""
    found = find_grams(2.0, "piece", "banana", BANANA)
    assert found.rule == "count" and not found.estimated


WALNUTS = (
    Portion(1.0, "cup", "1 cup, chopped", 117.0),
    Portion(1.0, "cup", "1 cup, in shell, edible yield (7 nuts)", 28.0),
    Portion(1.0, "oz", "1 oz (14 halves)", 28.35),
)
YOGURT_CUP = (
    Portion(1.0, "cup", "1 cup (8 fl oz)", 245.0),
    Portion(1.0, "container", "1 container (6 oz)", 170.0),
)


@pytest.mark.parametrize(
    ("quantity", "unit", "words", "portions", "grams"),
    [
        (8.0, None, "walnut halves", WALNUTS, 8 * 28.35 / 14),  # pieces a portion counts
        (1.0, None, "oz container yogurt", YOGURT_CUP, 170.0),  # "(6 oz)" is no piece count
        (1.0, "cup", "yogurt", YOGURT_CUP, 245.0),  # a unit portion: unmoved
    ],
)
def test_a_count_of_pieces_a_portion_counts(
    quantity: float, unit: str | None, words: str, portions: tuple[Portion, ...], grams: float
) -> None:
    assert find_grams(quantity, unit, words, portions).grams == pytest.approx(grams)


GUMMIES = (
    Portion(1.0, None, "1 snack size/pouch/regular size", 60.0),
    Portion(1.0, "piece", "1 piece", 2.0),
)


@pytest.mark.parametrize(
    ("quantity", "words", "portions", "grams"),
    [
        (10.0, "gummy bears", GUMMIES, 20.0),  # pieces, not ten pouches ("regular" aside)
        (1.0, "pouch of gummy bears", GUMMIES, 60.0),  # the pack said: the pack
        (1.0, "gummy bears", GUMMIES[:1], 60.0),  # no piece portion: the pack stands in
    ],
)
def test_a_count_takes_pieces_before_a_pack(
    quantity: float, words: str, portions: tuple[Portion, ...], grams: float
) -> None:
    assert find_grams(quantity, None, words, portions).grams == pytest.approx(grams)
