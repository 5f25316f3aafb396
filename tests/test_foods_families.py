"""Food families, diet and allergen filters, eaten-as-such and servings, on the shipped table."""

from __future__ import annotations

import re
import warnings
from typing import NamedTuple

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from leak_checks import LEAK_CHECKS, LeakCheck
from tiny_tables import food_table

from magfood.foods import (
    DIETS,
    EXCLUSIONS,
    FAMILIES,
    SERVING_RULES,
    SUGGESTED,
    allowed,
    eaten_as_such,
    families,
    family_of,
    food_tags,
    most_grams,
    rules,
    serving_rule,
    servings,
)
from magfood.table import FoodTable
from magfood.units import known_units


class Serving(NamedTuple):
    """A food's one serving as the tests write it: grams to 0.1 g."""

    fdc_id: int
    portion: str
    grams: float
    magnesium_mg: float | None
    kcal: float | None


def serving(table: FoodTable, fdc_id: int) -> Serving | None:
    found = table.serving_of(fdc_id) if fdc_id in table.foods.index else None
    if found is None:
        return None
    return Serving(
        found.fdc_id, found.portion, round(found.grams, 1), found.magnesium_mg, found.kcal
    )


# fdc_id -> family, on real foods of the shipped table (SR Legacy and FNDDS)
FAMILY_CASES = [
    (172470, "legumes"),  # Peanut butter, smooth style, without salt
    (2705409, "seeds and nuts"),  # Almond milk, unsweetened (FNDDS plant-based milk)
    (168751, "seeds and nuts"),  # Beverages, almond milk, sweetened (SR beverages)
    (172446, "soy and dairy"),  # Soymilk, original and vanilla, unfortified
    (172448, "soy and dairy"),  # Tofu, firm
    (173414, "soy and dairy"),  # Cheese, cheddar
    (171265, "soy and dairy"),  # Milk, whole
    (170886, "soy and dairy"),  # Yogurt, plain, low fat
    (172688, "whole grains"),  # Bread, whole-wheat, commercially prepared
    (169705, "whole grains"),  # Oats
    (2708381, "whole grains"),  # Oatmeal, made with water (FNDDS)
    (169704, "whole grains"),  # Rice, brown, long-grain, cooked
    (168917, "whole grains"),  # Quinoa, cooked
    (168462, "leafy greens"),  # Spinach, raw
    (168463, "leafy greens"),  # Spinach, cooked
    (168421, "leafy greens"),  # Kale, raw
    (169415, "seeds and nuts"),  # Seeds, pumpkin and squash seed kernels, roasted
    (170567, "seeds and nuts"),  # Nuts, almonds
    (169423, "seeds and nuts"),  # Nuts, mixed nuts, without peanuts
    (170273, "cacao and dark chocolate"),  # Chocolate, dark, 70-85% cacao solids
    (169593, "cacao and dark chocolate"),  # Cocoa, dry powder, unsweetened
    (173944, "fruit"),  # Bananas, raw
    (171705, "fruit"),  # Avocados, raw
    (171998, "fish and seafood"),  # Fish, salmon, Atlantic, wild, cooked
    (175180, "fish and seafood"),  # Crustaceans, shrimp, cooked
    (173735, "legumes"),  # Beans, black, cooked
    (172421, "legumes"),  # Lentils, cooked
    (174289, "legumes"),  # Hummus, commercial
    (170379, "vegetables"),  # Broccoli, raw
    (170093, "vegetables"),  # Potatoes, baked
    (171287, "eggs"),  # Egg, whole, raw, fresh
    (171477, "meat and poultry"),  # Chicken breast, roasted
    (172473, "fats, oils and condiments"),  # Soy sauce, low sodium
    (169640, "sweets and snacks"),  # Honey
    (171320, "spices and herbs"),  # Spices, cinnamon, ground
    (171360, "baby food"),  # Babyfood, cereal, oatmeal
    (171543, "mixed dishes"),  # Soup, chicken noodle
    (2708897, "mixed dishes"),  # Pasta, whole grain, with sauce and seafood (a dish)
    (173732, "legumes"),  # Beans, baked, canned, with pork and sweet sauce
]


@pytest.mark.parametrize(("fdc_id", "family"), FAMILY_CASES)
def test_family_of_real_foods(table: FoodTable, fdc_id: int, family: str) -> None:
    assert families(table)[fdc_id] == family


# description, category -> family, without the table
FAMILY_OF_CASES = [
    ("Peanut butter", "Nuts and seeds", "legumes"),
    ("Almond milk, sweetened", "Plant-based milk", "seeds and nuts"),
    ("Soy milk", "Plant-based milk", "soy and dairy"),
    ("Oat milk", "Plant-based milk", "beverages"),
    ("Tofu, raw", "Soy and meat-alternative products", "soy and dairy"),
    ("Cheese, Cheddar", "Cheese", "soy and dairy"),
    ("Bread, whole wheat", "Yeast breads", "whole grains"),
    ("Bread, white", "Yeast breads", "refined grains and baked goods"),
    ("Cookies, oatmeal", "Cookies and brownies", "refined grains and baked goods"),
    ("Kale, cooked", "Other dark green vegetables", "leafy greens"),
    ("Orange juice, 100%, freshly squeezed", "Citrus juice", "beverages"),
    ("Eggs, scrambled", "Dairy and Egg Products", "eggs"),
    ("Chocolate, dark", "Candy containing chocolate", "cacao and dark chocolate"),
    ("Wheat germ", "Not included in a food category", "whole grains"),
    ("Parsley, raw", "Not included in a food category", "spices and herbs"),
    ("Something never seen", None, "other"),
]


@pytest.mark.parametrize(("description", "category", "family"), FAMILY_OF_CASES)
def test_family_of_text(description: str, category: str | None, family: str) -> None:
    assert family_of(description, category) == family


@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=40)))
def test_family_of_never_raises(description: str, category: str | None) -> None:
    assert family_of(description, category) in FAMILIES


def test_families_cover_every_food_and_are_derived_at_refresh(table: FoodTable) -> None:
    result = families(table)
    assert result.equals(table.foods["family"])  # a column of the table, not computed per process
    assert len(result) == len(table.foods) and result.notna().all()
    assert set(result) <= set(FAMILIES)
    sample = table.foods.sample(200, random_state=1)
    assert all(
        family_of(str(d), None if pd.isna(c) else str(c)) == f
        for d, c, f in zip(sample["description"], sample["category"], sample["family"], strict=True)
    )


# fdc_id, diet, exclusions -> allowed
ALLOWED_CASES = [
    (172470, "vegan", (), True),  # peanut butter is vegan ...
    (172470, "omnivore", ("peanuts",), False),  # ... but not peanut-free
    (172470, "omnivore", ("nuts",), True),  # peanuts are not tree nuts
    (2705409, "vegan", (), True),  # almond milk is vegan ...
    (2705409, "omnivore", ("nuts",), False),  # ... and a tree nut food
    (2705409, "omnivore", ("dairy",), True),  # ... but not dairy
    (172446, "vegan", ("dairy",), True),  # soymilk
    (172446, "omnivore", ("soy",), False),
    (172448, "omnivore", ("soy",), False),  # tofu
    (173414, "vegetarian", (), True),  # cheese
    (173414, "vegan", (), False),
    (173414, "omnivore", ("dairy",), False),
    (171265, "vegan", (), False),  # milk
    (172688, "omnivore", ("gluten",), False),  # whole-wheat bread
    (169705, "omnivore", ("gluten",), False),  # oats: US labelling caution
    (169704, "omnivore", ("gluten",), True),  # brown rice
    (172473, "omnivore", ("gluten",), False),  # soy sauce has wheat
    (171998, "pescatarian", (), True),  # salmon
    (171998, "vegetarian", (), False),
    (171998, "omnivore", ("fish",), False),
    (175180, "omnivore", ("shellfish",), False),  # shrimp, alias of fish
    (171477, "pescatarian", (), False),  # chicken
    (171543, "vegetarian", (), False),  # chicken noodle soup
    (173732, "vegetarian", (), False),  # baked beans with pork
    (172097, "vegetarian", (), False),  # chili con carne
    (171583, "vegan", (), True),  # vegetable broth
    (171287, "vegetarian", (), True),  # egg
    (171287, "vegan", (), False),
    (169640, "vegetarian", (), True),  # honey
    (169640, "vegan", (), False),
    (168775, "vegetarian", (), False),  # gelatin dessert
    (170169, "omnivore", ("nuts",), True),  # coconut: not a tree nut (FDA 2025)
    (169423, "omnivore", ("peanuts",), True),  # mixed nuts without peanuts
    (168462, "vegan", ("nuts", "peanuts", "soy", "dairy", "fish", "gluten"), True),  # spinach
    (173944, "omnivore", ("banana",), False),  # any other word: in the description
    (173944, "omnivore", ("Fruit",), False),  # a family name
    (173944, "omnivore", ("  ",), True),  # blank words are ignored
    # leaks the sweep below found: milk of any animal, plurals, burgers
    (2705395, "vegan", (), False),  # Goat milk ("oat milk" inside it)
    (170882, "vegan", (), False),  # Milk, sheep, fluid
    (167575, "vegan", (), False),  # Ice creams, vanilla
    (168104, "vegan", (), False),  # Frozen yogurts, chocolate
    (2705636, "vegan", (), False),  # Gelato, vanilla
    (171873, "vegan", (), False),  # Beverages, chocolate drink, milk and soy based
    (2710403, "vegan", (), False),  # Frozen coffee drink, with non-dairy milk and whipped cream
    (2710388, "vegan", (), True),  # Coffee, Latte, with non-dairy milk
    (2707444, "vegan", (), True),  # Yogurt, soy
    (175227, "vegan", (), True),  # SILK Plain soy yogurt
    (172446, "vegan", (), True),  # Soymilk
    (170294, "omnivore", ("dairy",), False),  # Fast foods, cheeseburger; single, large patty
    (170320, "omnivore", ("dairy",), False),  # McDONALD'S, Cheeseburger
    (170329, "omnivore", ("dairy",), False),  # BURGER KING, Cheeseburger
    (170294, "omnivore", ("gluten",), False),  # cheeseburger: the bun
    (2706920, "omnivore", ("gluten",), False),  # Hamburger, NFS
    (2708434, "omnivore", ("gluten",), False),  # Cream of wheat
    (2708693, "omnivore", ("gluten",), True),  # Pizza, cheese, gluten-free thin crust
    (170294, "vegetarian", (), False),  # cheeseburger: the patty
]


@pytest.mark.parametrize(("fdc_id", "diet", "exclude", "expected"), ALLOWED_CASES)
def test_allowed(
    table: FoodTable, fdc_id: int, diet: str, exclude: tuple[str, ...], expected: bool
) -> None:
    assert bool(allowed(table, diet, exclude)[fdc_id]) is expected


@pytest.mark.parametrize("diet", DIETS)
def test_stricter_diets_allow_fewer_foods(table: FoodTable, diet: str) -> None:
    order = list(DIETS)
    looser = allowed(table, order[max(0, order.index(diet) - 1)])
    assert not (allowed(table, diet) & ~looser).any()


def test_vegan_leaves_out_every_animal_family(table: FoodTable) -> None:
    vegan = allowed(table, "vegan")
    animal = families(table).isin(["meat and poultry", "fish and seafood", "eggs"])
    assert not (vegan & animal).any()


@pytest.mark.parametrize("exclusion", EXCLUSIONS)
def test_each_exclusion_leaves_out_foods(table: FoodTable, exclusion: str) -> None:
    assert (~allowed(table, exclude=[exclusion])).sum() > 20
    assert food_tags(table)[exclusion].sum() == (~allowed(table, exclude=[exclusion])).sum()


@pytest.mark.parametrize("check", LEAK_CHECKS, ids=lambda check: check.name)
def test_no_allowed_food_names_a_left_out_word(table: FoodTable, check: LeakCheck) -> None:
    """Sweep of the shipped table with an independent word list (tests/leak_checks.py).
    Before it, vegan allowed 40 such foods (goat milk, ice creams, frozen yogurts, gelato),
    exclude=dairy 82 (also cheeseburgers) and exclude=gluten 66 (burgers, cream of wheat)."""
    description = table.foods["description"].fillna("")
    text = description.str.replace(check.harmless, " ", case=False, regex=True)
    named = text.str.contains(check.words, case=False, regex=True)
    leaks = description[allowed(table, check.diet, check.exclude) & named]
    assert leaks.to_dict() == {}


def test_unknown_diet_is_a_programmer_error(table: FoodTable) -> None:
    with pytest.raises(ValueError, match="unknown diet 'keto'"):
        allowed(table, "keto")


# fdc_id -> eaten as such
EATEN_CASES = [
    (173734, False),  # Beans, black, mature seeds, raw
    (173735, True),  # Beans, black, cooked
    (169705, False),  # Oats (dry)
    (2708381, True),  # Oatmeal, made with water
    (168893, False),  # Wheat flour, whole-grain
    (171320, False),  # Spices, cinnamon
    (169593, False),  # Cocoa, dry powder
    (171360, False),  # Babyfood
    (168775, False),  # Gelatin desserts, dry mix
    (168410, False),  # Edamame, frozen, unprepared
    (174287, False),  # Veggie burgers, unprepared
    (171998, True),  # salmon cooked with dry heat is cooked
    (169415, True),  # pumpkin seeds
    (170571, True),  # cashews, dry roasted
    (172430, True),  # Peanuts, all types, raw
    (168462, True),  # Spinach, raw
    (173896, True),  # wheat germ cereal, toasted
    # SR Legacy names raw dry grains bare or "uncooked": ingredients
    (168874, False),  # Quinoa, uncooked
    (169702, False),  # Millet, raw
    (168871, True),  # Millet, cooked
    # FNDDS survey foods are described as eaten: their grains are cooked
    (2708400, True),  # Quinoa, no added fat
    (2708399, True),  # Quinoa, NS as to fat
    (2708377, True),  # Millet
    (2708362, True),  # Buckwheat groats
    (2708361, True),  # Barley
    (2708438, True),  # Bulgur, no added fat
    (2707361, True),  # Black beans, from dried, no added fat
    (2708489, False),  # Oats, raw
    (2705689, True),  # Pudding, chocolate, made from dry mix
    (2709504, True),  # Potato, mashed, from dry mix, made with milk
    (2707824, True),  # Tortilla, flour
    (2707096, True),  # Beef dinner, NFS, frozen meal
    (2705587, False),  # Cocoa powder, not reconstituted
    (2709191, False),  # Orange juice, 100%, frozen, not reconstituted
    (2710511, False),  # Tea, iced, instant, black, pre-sweetened, dry
    (2710791, False),  # Spinach, cooked, as ingredient
]


@pytest.mark.parametrize(("fdc_id", "expected"), EATEN_CASES)
def test_eaten_as_such(table: FoodTable, fdc_id: int, expected: bool) -> None:
    assert bool(eaten_as_such(table)[fdc_id]) is expected


def test_gluten_free_pool_has_several_whole_grains(table: FoodTable) -> None:
    pool = allowed(table, exclude=["gluten"]) & eaten_as_such(table)
    pool &= (families(table) == "whole grains") & (table.foods["data_type"] == "survey_fndds")
    heads = {d.split(",")[0].lower() for d in table.foods.loc[pool, "description"]}
    assert {"quinoa", "millet", "buckwheat groats", "rice"} <= heads


# fdc_id -> portion, grams, mg, kcal (magnesium and energy from FDC per 100 g)
SERVING_CASES = [
    (169415, "1 oz", 28.3, 155.9, 162.7),  # roasted pumpkin seeds: 550 mg, 574 kcal /100 g
    (170567, "1 oz", 28.3, 76.5, 164.1),  # almonds
    (172470, "2 tbsp", 32.0, 53.8, 191.4),  # peanut butter
    (168462, "1 cup", 30.0, 23.7, 6.9),  # spinach, raw
    (168463, "1/2 cup", 90.0, 78.3, 20.7),  # spinach, cooked: half of FDC's 1 cup (180 g)
    (173735, "1/2 cup", 86.0, 60.2, 113.5),  # black beans, cooked
    (169704, "1 cup", 202.0, 78.8, 248.5),  # brown rice, cooked
    (172688, "1 slice", 32.0, 24.0, 80.6),  # whole-wheat bread
    (171998, "3 oz", 85.0, 31.5, 154.8),  # salmon
    (173944, "1 medium", 118.0, 31.9, 105.0),  # banana
    (2709224, "1 banana", 126.0, 35.3, 122.2),  # FNDDS banana: "1 banana" has no unit word
    (167765, "1 cup, balls", 154.0, 15.4, 46.2),  # watermelon: 1 melon is no serving
    (170273, "1 oz", 28.3, 64.6, 169.5),  # dark chocolate
    (171265, "1 cup", 244.0, 24.4, 148.8),  # whole milk
    (173414, "1 oz", 28.3, 7.7, 114.5),  # cheddar
    (171287, "1 large", 50.0, 6.0, 71.5),  # egg
    (2705409, "1 cup", 244.0, 17.1, 36.6),  # almond milk
    (2708381, "1 cup, cooked", 240.0, 57.6, 153.6),  # oatmeal
    (173896, "2 tbsp", 14.1, 45.2, 54.0),  # wheat germ
    # berries by the cup, not "1 blackberry"; melons by the cup, not the melon
    (173946, "1 cup", 144.0, 28.8, 61.9),  # Blackberries, raw
    (167762, "1 cup, halves", 152.0, 19.8, 48.6),  # Strawberries, raw (not 1 berry, 12 g)
    (2709226, "1 cup", 155.0, 20.1, 58.9),  # Cantaloupe, raw
    (168153, "1 cup, sliced", 180.0, 30.6, 109.8),  # Kiwifruit: 1 fruit (69 g) is too light
    (2707762, "1 regular", 105.0, 53.5, 262.5),  # Bagel, pumpernickel: not "1 miniature"
    (174287, "1 pattie", 70.0, 39.2, 123.9),  # Veggie burger: a patty, not "1 cup"
    (2708400, "1 cup, cooked", 170.0, 108.8, 204.0),  # Quinoa, no added fat
    (169238, "1 cup", 118.0, 21.2, 33.0),  # cooked kale: 1/2 cup (59 g) is below 80 g
    (172448, "1/2 cup", 126.0, 46.6, 98.3),  # tofu
    (173800, "1/2 can", 126.5, 32.9, 175.8),  # canned chickpeas: the can (253 g) halved
    (172191, "4 eggs", 36.0, 4.7, 56.9),  # quail eggs: a few of them
    (169094, "3 large", 13.2, 0.5, 15.2),  # ripe olives
    (173190, "5 fl oz", 147.0, 17.6, 125.0),  # red wine: a glass, not a cup
    (2709200, "1 oz", 28.3, 21.5, 147.1),  # banana chips: not 2 cups (747 kcal)
    (173931, "1 oz", 28.3, 6.2, 98.1),  # dehydrated apples
    (2709461, "1 small", 110.0, 38.5, 343.2),  # fast-food fries: a small order
    (170036, "3 oz", 85.0, 29.8, 225.4),  # hash browns
    (2709296, "1/2 cup", 94.0, 20.7, 232.2),  # fruit salad with dressing
]


@pytest.mark.parametrize(("fdc_id", "portion", "grams", "mg", "kcal"), SERVING_CASES)
def test_serving_real_foods(
    table: FoodTable, fdc_id: int, portion: str, grams: float, mg: float, kcal: float
) -> None:
    assert serving(table, fdc_id) == (fdc_id, portion, grams, mg, kcal)


def test_servings_stay_within_their_rule(table: FoodTable) -> None:
    """Of 11,799 foods eaten as such, 43 have no FDC portion that fits (dried seaweed sold
    by the cup, "1 lemon" only); before the serving rules 1,106 fell outside."""
    family, eaten = families(table), eaten_as_such(table)
    outside = []
    for fdc_id in table.foods.index[eaten]:
        portion = serving(table, int(fdc_id))
        rule = serving_rule(str(family[fdc_id]), str(table.foods.at[fdc_id, "description"]))
        if portion is not None and not rule.grams[0] <= portion.grams <= rule.grams[1]:
            outside.append((int(fdc_id), portion.portion))
    assert len(outside) <= 50
    for fdc_id, label in outside:  # a miniature only when FDC has nothing else
        if re.search("miniature|bite", label, re.IGNORECASE):
            measures = [p.measure.lower() for p in table.portions_of(fdc_id)]
            assert all(re.search("miniature|bite|quantity not specified", m) for m in measures)


# (family, description) -> the serving rule's kind
RULE_CASES = [
    ("seeds and nuts", "Almond milk, unsweetened", "milk"),
    ("soy and dairy", "Soymilk, original and vanilla, unfortified", "milk"),
    ("soy and dairy", "Cheese, cottage, lowfat, 1% milkfat", "cottage cheese"),
    ("soy and dairy", "Cheese, Limburger", "cheese"),
    ("soy and dairy", "Veggie burgers or soyburgers, unprepared", "meat substitute"),
    ("legumes", "Peanut butter, smooth style, without salt", "nut butter"),
    ("legumes", "Peanuts, all types, dry-roasted, without salt", "peanuts"),
    ("legumes", "Beans, black, mature seeds, cooked, boiled, without salt", "legumes"),
    ("leafy greens", "Spinach, raw", "raw greens"),
    ("leafy greens", "Spinach, cooked, boiled, drained, without salt", "cooked greens"),
    ("fruit", "Blackberries, raw", "berries"),
    ("fruit", "Raisins, seedless", "dried fruit"),
    ("fruit", "Watermelon, raw", "fruit"),
    ("fruit", "Olives, ripe, canned (small-extra large)", "pickles"),
    ("refined grains and baked goods", "Bagel, pumpernickel", "bagels"),
    ("whole grains", "Bread, whole-wheat, commercially prepared", "bread"),
    ("whole grains", "Muffin, wheat bran", "cakes"),
    ("whole grains", "Wheat bran", "wheat germ"),
    ("whole grains", "Quinoa, no added fat", "cooked grains"),
    ("fish and seafood", "Fish, salmon, Atlantic, wild, cooked, dry heat", "fish and seafood"),
    ("meat and poultry", "Pork bacon, smoked or cured, cooked", "cold cuts"),
    ("beverages", "Alcoholic beverage, wine, table, red", "wine"),
    ("beverages", "Coffee, instant, reconstituted", "beverages"),
    ("beverages", "Coffee, instant, not reconstituted", "drink powders"),
    (
        "sweets and snacks",
        "Cereal or granola bar, peanuts , oats, sugar, wheat germ",
        "bars and candy",
    ),
    ("sweets and snacks", "Ice cream, vanilla", "desserts"),
    ("other", "Something never seen", "other"),
    ("fruit", "Banana chips", "fruit chips"),
    ("fruit", "Apples, dehydrated (low moisture), sulfured, uncooked", "fruit chips"),
    ("fruit", "Fruit leather, pieces", "fruit chips"),
    ("fruit", "Raisins, seedless", "dried fruit"),
    ("fruit", "Fruit salad, with marshmallows", "canned fruit"),
    ("vegetables", "Potato, french fries, fast food", "fried potatoes"),
    ("vegetables", "Fried onion rings", "fried potatoes"),
    ("vegetables", "Potatoes, baked, flesh and skin", "potatoes"),
]

#: The most energy one eaten-as-such serving of these families should carry.
MOST_SERVING_KCAL = 400
LIGHT_FAMILIES = ("fruit", "vegetables", "leafy greens", "sweets and snacks")


def test_fruit_vegetable_and_snack_servings_are_not_a_meal(table: FoodTable) -> None:
    """Before the fruit-chips and fried-potato rules 11 foods eaten as such went over
    (banana chips 747 kcal, fries 452 kcal, fruit salad with dressing 464 kcal)."""
    family, eaten = families(table), eaten_as_such(table)
    heavy = {}
    for fdc_id in table.foods.index[eaten & family.isin(LIGHT_FAMILIES)]:
        portion = serving(table, int(fdc_id))
        if portion is not None and (portion.kcal or 0) > MOST_SERVING_KCAL:
            heavy[int(fdc_id)] = (portion.portion, portion.kcal)
    assert heavy == {}


@pytest.mark.parametrize(("family", "description", "kind"), RULE_CASES)
def test_serving_rule(family: str, description: str, kind: str) -> None:
    assert serving_rule(family, description).kind == kind


def test_serving_rules_are_consistent() -> None:
    units = set(known_units())
    for rule in (*SERVING_RULES, servings.DEFAULT_SERVING):
        assert {unit for unit, _ in rule.measures} <= units, rule.kind
        assert 0 < rule.grams[0] <= rule.typical <= rule.grams[1], rule.kind
    general = {family for rule in SERVING_RULES if rule.pattern is None for family in rule.families}
    assert set(SUGGESTED) <= general
    assert most_grams("fruit") == 250 and most_grams("beverages") == 400


def _patterns() -> list[str]:
    found = [v for v in vars(rules).values() if isinstance(v, str) and "\\" in v]
    found += [r.pattern for r in rules.FAMILY_RULES]
    found += [r.unless for r in rules.FAMILY_RULES if r.unless]
    found += [r.pattern for r in SERVING_RULES if r.pattern]
    found += [p for pattern, _, cancel in rules.TAGS.values() for p in (pattern, cancel) if p]
    return [*found, *rules.NEUTRAL_PHRASES]


def test_patterns_have_no_capturing_groups() -> None:
    patterns = _patterns()
    assert len(patterns) > 60
    assert [p for p in patterns if re.compile(p).groups] == []


def test_patterns_are_written_in_lower_case() -> None:
    """The refresh searches lowered descriptions with these patterns, case-sensitively:
    a capital letter in a pattern (other than an escape such as \\B) would never match."""
    assert [p for p in _patterns() if re.search(r"(?<!\\)[A-Z]", p)] == []


def test_tiny_table_builds_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tiny = _tiny_table()
        assert families(tiny)[1] == "leafy greens"
        assert bool(eaten_as_such(tiny)[2]) and not food_tags(tiny).loc[1].any()


def test_no_serving_is_a_bare_gram_weight(table: FoodTable) -> None:
    labels = [serving(table, int(i)) for i in table.foods.index[:2000]]
    portions = [s.portion for s in labels if s is not None]
    assert portions
    assert not [p for p in portions if p.endswith(" g") or "guideline" in p.lower()]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_serving_magnesium_is_grams_times_density(table: FoodTable, data: st.DataObject) -> None:
    fdc_id = data.draw(st.sampled_from(list(table.foods.index)))
    portion = serving(table, fdc_id)
    mg_100g = table.foods.at[fdc_id, "magnesium_mg_per_100g"]
    if portion is None or portion.magnesium_mg is None:
        assert portion is None or pd.isna(mg_100g)
        return
    assert portion.grams > 0
    # grams are shown to 0.1 g, magnesium (to 0.1 mg) is computed from the unrounded weight
    rounding = 0.05 * mg_100g / 100 + 0.05
    assert portion.magnesium_mg == pytest.approx(portion.grams * mg_100g / 100, abs=rounding + 1e-9)


# --- a tiny in-memory table for the portion rules ---------------------------------------


def _tiny_table() -> FoodTable:
    nan = float("nan")
    return food_table(
        [
            (
                1,
                "Kale, cooked, boiled",
                "sr_legacy",
                "Vegetables and Vegetable Products",
                18.0,
                36.0,
            ),
            (2, "Lentils, cooked", "sr_legacy", "Beans, peas, legumes", 36.0, 116.0),
            (3, "Mystery stew", "sr_legacy", None, nan, 80.0),
            (4, "Stew, unmeasured", "sr_legacy", None, 10.0, 90.0),
            (5, "Beans, pinto, cooked", "sr_legacy", "Legumes and Legume Products", 50.0, 143.0),
        ],
        [
            (1, 1.0, "cup", "1 cup, chopped", 130.0),
            (2, 1.0, "cup", "Guideline amount per cup of hot cereal", 61.0),
            (2, 1.0, "cup", "1 cup", 198.0),
            (4, 1.0, None, "Quantity not specified", 250.0),
            (5, 2.0, "tbsp", "2 tbsp", 30.0),
        ],
    )


TINY_SERVINGS = [
    (1, (1, "1 cup, chopped", 130.0, 23.4, 46.8)),  # 1/2 cup (65 g) is below 80 g
    (2, (2, "1/2 cup", 99.0, 35.6, 114.8)),  # FNDDS guideline amount skipped
    (3, None),  # no portion at all
    (4, (4, "Quantity not specified", 250.0, 25.0, 225.0)),  # all FDC has
    (5, (5, "1/2 cup", 120.0, 60.0, 171.6)),  # 2 tbsp (30 g) -> 1/2 cup by volume
]


@pytest.mark.parametrize(("fdc_id", "expected"), TINY_SERVINGS)
def test_serving_rules_on_a_tiny_table(fdc_id: int, expected: Serving | None) -> None:
    assert serving(_tiny_table(), fdc_id) == expected


def test_serving_unknown_food_is_none(table: FoodTable) -> None:
    assert serving(table, -1) is None
