"""Meal roles, near-duplicate keys and the candidate pool on the shipped table."""

from __future__ import annotations

import pytest

from magfood import families as food_families
from magfood.errors import PlanError
from magfood.foods import FoodTable
from magfood.menu_slots import (
    POOL_COLUMNS,
    ROLES,
    STAPLE_ROLES,
    TEMPLATES,
    candidate_pool,
    near_duplicate_key,
    roles,
    whole_grains_suffice,
)


@pytest.mark.parametrize(
    ("description", "key"),
    [
        ("Black beans, from canned, no added fat", "black beans"),
        ("Black beans, from dried, no added fat", "black beans"),
        ("Pumpkin seeds, salted", "pumpkin seeds"),
        ("Pumpkin seeds, unsalted", "pumpkin seeds"),
        ("Quinoa, NS as to fat", "quinoa"),
        ("Fish, bass, steamed", "fish, bass"),
        ("Fish, bass, baked or broiled", "fish, bass"),
        ("Oatmeal, regular or quick, made with water, no added fat", "oatmeal"),
        ("Cashews, unroasted", "cashews"),
        ("Spinach, canned, cooked, no added fat", "spinach"),
    ],
)
def test_near_duplicate_key(description: str, key: str) -> None:
    assert near_duplicate_key(description) == key


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
    allowed = food_families.allowed(table, "vegan", ("soy", "peanuts"))
    assert allowed[pool["fdc_id"]].all()
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
    assert not food_families.food_tags(table).loc[staples["fdc_id"], "gluten"].any()
    assert {2707823, 2709395} <= set(staples["fdc_id"])  # corn tortilla, boiled potato
