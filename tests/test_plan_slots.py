"""Meal roles, near-duplicate keys and the candidate pool on the shipped table."""

from __future__ import annotations

import pytest

from magfood.errors import PlanError
from magfood.foods import allowed, food_tags, kind_keys
from magfood.plan.slots import (
    ITEM_RANGES,
    POOL_COLUMNS,
    ROLES,
    STAPLE_ROLES,
    TEMPLATES,
    candidate_pool,
    item_range,
    roles,
    whole_grains_suffice,
    within,
)
from magfood.table import FoodTable
from magfood.units import times_portion

EGG_YOLK_COOKED = 2707174  # "Egg, yolk only, cooked, no added fat": FDC gives 1 egg or 1 cup


@pytest.mark.parametrize(
    ("family", "first", "second"),
    [
        (
            "legumes",
            "Black beans, from canned, no added fat",
            "Black beans, from dried, no added fat",
        ),
        ("seeds and nuts", "Pumpkin seeds, salted", "Pumpkin seeds, unsalted"),
        ("fish and seafood", "Fish, bass, steamed", "Fish, bass, baked or broiled"),
        ("seeds and nuts", "Cashews, unroasted", "Cashews, roasted"),
    ],
)
def test_the_pool_holds_one_food_of_a_kind(family: str, first: str, second: str) -> None:
    """The planner collapses near-duplicates by the same kind keys as the Foods ranking."""
    assert kind_keys(family, first) & kind_keys(family, second)


@pytest.mark.parametrize(
    ("fdc_id", "role"),
    [
        (2705405, "milk and yogurt"),  # Soy milk, unsweetened
        (2707435, "soy protein"),  # Soybean curd
        (2707579, "nuts and seeds"),  # Pumpkin seeds, NFS
        (2707361, "legumes"),  # Black beans, from dried
        (2708381, "cereal"),  # Oatmeal, regular or quick
        (2707712, "bread"),  # Bread, whole wheat, toasted
        (2707772, "bread"),  # Bagel, oat bran (bread before cereal)
        (2707773, "bread"),  # Roll, oatmeal
        (2707597, "bread"),  # Roll, bran, NS as to type of bran
        (2708466, "cereal"),  # Cereal, oat squares
        (2708409, "grain"),  # Rice, brown, cooked
        (2709615, "leafy greens"),  # Spinach, fresh, cooked
        (2709944, "vegetables"),  # Okra, fresh, cooked
        (2709274, "fruit"),  # Blackberries, frozen
        (2707823, "corn or rice staple"),  # Tortilla, corn
        (2708424, "corn or rice staple"),  # Rice, wild, 100%, cooked
        (2708403, "corn or rice staple"),  # Rice, white, cooked
        (2708365, "corn or rice staple"),  # Grits, regular or quick
        (2708427, "grain"),  # Rice, brown and wild (a whole grain)
        (2709395, "starchy vegetable"),  # Potato, boiled, peel eaten
        (2709699, "starchy vegetable"),  # Sweet potato, baked
        (2709567, "starchy vegetable"),  # Taro, cooked
        (2709642, "vegetables"),  # Sweet potato ... leaves (greens, not a starch)
        (2709704, "vegetables"),  # Sweet potato, candied (not a staple)
    ],
)
def test_roles_of_real_foods(table: FoodTable, fdc_id: int, role: str) -> None:
    assert roles(table)[fdc_id] == role


def test_every_template_role_is_a_known_role() -> None:
    known = {role.name for role in ROLES}
    for template in TEMPLATES.values():
        assert set(template.families) <= known
        assert 0 < template.kcal_floor < template.kcal_share <= 1


def test_pool_shape_and_servings(table: FoodTable) -> None:
    pool = candidate_pool(table)
    assert tuple(pool.columns) == POOL_COLUMNS
    assert pool["fdc_id"].is_unique
    assert (pool["grams"] > 0).all() and (pool["kcal"] > 0).all()
    assert (pool["min_servings"] <= pool["max_servings"]).all()
    assert set(pool["role"]) == {role.name for role in ROLES}
    assert pool.groupby("role").size().max() <= 12


def test_pool_respects_diet_and_exclusions(table: FoodTable) -> None:
    pool = candidate_pool(table, diet="vegan", exclude=("soy", "peanuts"))
    fits = allowed(table, "vegan", ("soy", "peanuts"))
    assert fits[pool["fdc_id"]].all()
    assert not pool["role"].isin(["meat", "fish", "eggs", "cheese"]).any()


def test_favourites_and_locked_foods_join_the_pool(table: FoodTable) -> None:
    raw_spinach_sr = 168462  # SR Legacy, not in the familiar FNDDS pool
    pool = candidate_pool(table, favourites=[raw_spinach_sr], required=[2705914])
    assert raw_spinach_sr in set(pool["fdc_id"])
    assert bool(pool.loc[pool["fdc_id"] == raw_spinach_sr, "favourite"].iloc[0])
    assert 2705914 in set(pool["fdc_id"])


def test_unknown_locked_food_is_an_error(table: FoodTable) -> None:
    with pytest.raises(PlanError, match=r"Locked food\(s\) \[1\] are not in the food table"):
        candidate_pool(table, required=[1])


def test_unknown_diet_is_an_error(table: FoodTable) -> None:
    with pytest.raises(PlanError, match="unknown diet 'keto'"):
        candidate_pool(table, diet="keto")


@pytest.mark.parametrize(
    ("exclude", "max_repeats", "days", "suffice"),
    [
        ((), 3, 7, True),
        ((), 1, 7, True),  # dozens of grains, breads and cereals
        (("gluten",), 3, 7, False),  # 4 whole grains x 3 < 21 grain servings
        (("gluten",), 6, 7, True),  # 4 x 6 = 24 >= 21
        (("gluten",), 3, 4, True),  # 12 >= 12
        (("gluten",), 1, 2, False),  # 4 < 6
    ],
)
def test_whole_grains_suffice(
    table: FoodTable, exclude: tuple[str, ...], max_repeats: int, days: int, suffice: bool
) -> None:
    pool = candidate_pool(table, exclude=exclude)
    meals = [TEMPLATES[meal] for meal in ("breakfast", "lunch", "snack", "dinner")]
    assert whole_grains_suffice(pool, meals, days, max_repeats) is suffice


def test_gluten_free_staples_are_gluten_free(table: FoodTable) -> None:
    pool = candidate_pool(table, exclude=("gluten",))
    staples = pool[pool["role"].isin(STAPLE_ROLES)]
    assert len(staples) >= 8
    assert not food_tags(table).loc[staples["fdc_id"], "gluten"].any()
    assert {2707823, 2709395} <= set(staples["fdc_id"])  # corn tortilla, boiled potato


def test_every_role_has_an_item_range() -> None:
    assert {spec.role for spec in ITEM_RANGES} == {role.name for role in ROLES}
    for spec in ITEM_RANGES:
        assert spec.grams[0] < spec.grams[1] and spec.kcal[0] < spec.kcal[1]


@pytest.mark.parametrize(
    ("role", "description", "grams", "kcal", "portion", "fits"),
    [
        ("leafy greens", "Kale, fresh, cooked", 130, 60, "1 cup", True),
        ("leafy greens", "Collards, fresh, cooked", 390, 133, "3 cups", False),
        ("vegetables", "Sprouts, NFS", 224, 67, "4 cups", False),
        ("vegetables", "Sprouts, NFS", 112, 34, "2 cups", True),
        ("vegetables", "Okra, cooked", 20, 7, "1/4 cup", False),
        ("eggs", "Egg, yolk only, cooked", 135, 441, "1 cup", False),
        ("eggs", "Egg, yolk only, cooked", 34, 111, "2 eggs", True),
        ("eggs", "Egg omelet or scrambled egg", 150, 215, "3 eggs", True),
        ("eggs", "Egg omelet or scrambled egg", 200, 286, "4 eggs", False),
        ("cereal", "Whole wheat cereal, cooked", 30, 17, "2 tbsp", False),
        ("cereal", "Oatmeal, regular or quick", 240, 154, "1 cup, cooked", True),
        ("cereal", "Oatmeal, multigrain", 480, 269, "2 cups, cooked", False),
        ("cereal", "Cereal, shredded wheat, plain", 90, 322, "2 cups", True),
        ("grain", "Quinoa, no added fat", 340, 408, "2 cups, cooked", False),
        ("grain", "Quinoa, no added fat", 170, 204, "1 cup, cooked", True),
        ("milk and yogurt", "Soy milk, sweetened", 488, 259, "2 cups", True),
        ("milk and yogurt", "Hot chocolate / cocoa, dry mix", 496, 308, "2 cups", False),
        ("milk and yogurt", "Hot chocolate / cocoa, dry mix", 248, 154, "1 cup", True),
        ("nuts and seeds", "Peanuts, honey roasted", 56.6, 325, "2 oz", True),
        ("nuts and seeds", "Peanut butter", 64, 383, "4 tbsp", False),
        ("legumes", "Black beans, from dried", 270, 354, "1 1/2 cups", True),
    ],
)
def test_item_ranges(
    role: str, description: str, grams: float, kcal: float, portion: str, fits: bool
) -> None:
    spec = item_range(role, description)
    assert spec is not None
    assert within(spec, grams, kcal, portion) is fits


def test_a_role_no_meal_uses_has_no_item_range() -> None:
    assert item_range("beverages", "Coffee") is None


@pytest.mark.parametrize(("diet", "exclude"), [("omnivore", ()), ("vegan", ("soy",))])
def test_every_pool_multiple_fits_its_role(
    table: FoodTable, diet: str, exclude: tuple[str, ...]
) -> None:
    pool = candidate_pool(table, diet=diet, exclude=exclude)
    for row in pool.to_dict("records"):
        spec = item_range(row["role"], row["food"])
        assert spec is not None
        for n in range(int(row["min_servings"]), int(row["max_servings"]) + 1):
            portion = times_portion(row["portion"], n)
            assert within(spec, row["grams"] * n, row["kcal"] * n, portion), (row, n)


def test_egg_yolks_only_as_favourites_and_by_the_egg(table: FoodTable) -> None:
    pool = candidate_pool(table, diet="vegetarian")
    assert not pool["food"].str.contains(r"^Egg, (?:yolk|white)", regex=True).any()
    liked = candidate_pool(table, diet="vegetarian", favourites=[EGG_YOLK_COOKED])
    row = liked[liked["fdc_id"] == EGG_YOLK_COOKED].iloc[0]
    assert (row["portion"], row["grams"]) == ("1 egg", 17.0)
    assert (row["min_servings"], row["max_servings"]) == (1, 3)


def test_pool_magnesium_is_that_of_the_rounded_grams(table: FoodTable) -> None:
    pool = candidate_pool(table).set_index("fdc_id")
    per_100g = table.foods.loc[pool.index, "magnesium_mg_per_100g"]
    assert (pool["grams"] * per_100g / 100 - pool["magnesium_mg"]).abs().max() < 1e-9
