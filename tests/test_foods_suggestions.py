"""Ranked foods and gap-closing plans on the shipped table, plus the two CLI commands."""

from __future__ import annotations

import json
from itertools import combinations, product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.cli.main import main
from magfood.foods import (
    RANK_BY,
    SUGGESTED,
    GapPlan,
    Suggestion,
    allowed,
    close_gap,
    content_key,
    families,
    food_tags,
    head_words,
    kind_keys,
    rank_foods,
)
from magfood.foods.everyday import LEAST_EVERYDAY, RANK_EXPONENT
from magfood.foods.gap import MAX_SERVINGS_EACH, VARIETY_KCAL, VARIETY_SHARE, _search
from magfood.table import FoodTable

HEAD_CASES = [
    ("Seeds, pumpkin and squash seed kernels, roasted, with salt added", "pumpkin"),
    ("Seeds, pumpkin and squash seed kernels, dried", "pumpkin"),
    ("Pumpkin seeds, unsalted", "pumpkin"),
    ("Nuts, almonds", "almond"),
    ("Almonds, unsalted", "almond"),
    ("Beverages, almond milk, unsweetened, shelf stable", "almond milk"),
    ("Almond milk, unsweetened", "almond milk"),
    ("Peanut butter, smooth style, with salt", "peanut butter"),
    ("Peanuts, all types, dry-roasted, with salt", "peanut"),
    ("Spinach, cooked, boiled, drained, without salt", "spinach"),
    ("Spinach, fresh, cooked with butter or margarine", "spinach"),
    ("Fish, salmon, Atlantic, wild, cooked, dry heat", "salmon"),
    ("Bread, whole-wheat, commercially prepared", "bread whole-wheat"),
    ("Bread, rye", "bread rye"),
    ("Beans, black, mature seeds, cooked", "black"),
    ("Chocolate, dark, 70-85% cacao solids", "chocolate dark"),
]


@pytest.mark.parametrize(("description", "head"), HEAD_CASES)
def test_head_words(description: str, head: str) -> None:
    assert head_words(description) == head


#: Pairs of real descriptions that are one food: punctuation and word order do not count.
SAME_FOOD_CASES = [
    ("Soybean curd cheese", "Soybean, curd cheese"),
    ("Pumpkin seeds, unsalted", "Seeds, pumpkin seeds, salted"),
    ("Rice, brown, cooked", "Brown rice, NFS"),
]


@pytest.mark.parametrize(("first", "second"), SAME_FOOD_CASES)
def test_content_key_ignores_punctuation_order_and_salt(first: str, second: str) -> None:
    assert content_key(first) == content_key(second)
    assert kind_keys("soy and dairy", first) & kind_keys("soy and dairy", second)


def test_soybean_curd_cheese_twins_are_one_food(table: FoodTable) -> None:
    twins = {2707437, 169083}
    assert {str(table.foods.at[i, "description"]) for i in twins} == {
        "Soybean curd cheese",
        "Soybean, curd cheese",
    }
    # rarely eaten (everyday_score below LEAST_EVERYDAY): not in the default list
    assert not twins & {r.fdc_id for r in rank_foods(table, limit=50)}
    everything = rank_foods(table, family="soy and dairy", common_only=False, limit=500)
    assert len(twins & {r.fdc_id for r in everything}) == 1
    assert len(twins & {s.fdc_id for s in close_gap(table, 5000).suggestions}) <= 1
    # both favourites: both are listed, but a plan still takes only one of them
    assert twins <= {r.fdc_id for r in rank_foods(table, favourites=twins, limit=5)}
    plan = close_gap(table, 5000, favourites=twins)
    assert len(twins & {s.fdc_id for s in plan.suggestions}) == 1


@pytest.mark.parametrize("by", RANK_BY)
def test_top_50_share_no_kind_key(table: FoodTable, by: str) -> None:
    ranked = rank_foods(table, by=by, limit=50)  # type: ignore[arg-type]
    keys = [k for r in ranked for k in kind_keys(r.family, r.food)]
    assert len(ranked) == 50 and len(keys) == len(set(keys))


@pytest.mark.parametrize("by", RANK_BY)
def test_rank_foods_is_sorted_and_has_no_near_duplicates(table: FoodTable, by: str) -> None:
    ranked = rank_foods(table, by=by, limit=60)  # type: ignore[arg-type]
    assert len(ranked) == 60
    values = [
        {
            "serving": r.magnesium_mg or -1,
            "100g": r.magnesium_mg_per_100g,
            "100kcal": r.magnesium_mg_per_100kcal or -1,
        }[by]
        for r in ranked
    ]
    # by the figure weighed by how everyday the food is
    weighed = [v * r.everyday_score**RANK_EXPONENT for v, r in zip(values, ranked, strict=True)]
    assert weighed == sorted(weighed, reverse=True)
    assert all(r.everyday_score >= LEAST_EVERYDAY for r in ranked)
    kinds = [(r.family, head_words(r.food)) for r in ranked]
    assert len(kinds) == len(set(kinds))
    assert {r.family for r in ranked} <= set(SUGGESTED)


def test_rank_foods_figures_side_by_side(table: FoodTable) -> None:
    ranked = rank_foods(table, family="seeds and nuts", limit=100)
    pumpkin = [r for r in ranked if head_words(r.food) == "pumpkin"]
    assert len(pumpkin) == 1  # not five kinds of pumpkin seeds
    seeds = pumpkin[0]
    assert seeds.portion is not None and seeds.portion.startswith("1 oz")
    assert seeds.magnesium_mg_per_100g >= 540
    assert seeds.grams is not None and seeds.kcal_per_100g is not None
    mg_in_grams = seeds.grams * seeds.magnesium_mg_per_100g / 100
    assert seeds.magnesium_mg == pytest.approx(mg_in_grams, rel=0.005)  # grams shown to 0.1 g
    assert seeds.magnesium_mg_per_100kcal == pytest.approx(
        seeds.magnesium_mg_per_100g / seeds.kcal_per_100g * 100, abs=0.1
    )


def test_rank_foods_leaves_out_foods_not_eaten_as_such(table: FoodTable) -> None:
    ranked = rank_foods(table, by="100g", limit=200)
    foods = " | ".join(r.food.lower() for r in ranked)
    for word in ("raw" + " mature seeds", "powder", "flour", "babyfood", "spices,"):
        assert word not in foods


def test_rank_foods_favourites_first(table: FoodTable) -> None:
    banana, bread = 173944, 172688
    ranked = rank_foods(table, favourites=[bread, banana], limit=10)
    assert [r.fdc_id for r in ranked[:2]] == [banana, bread]  # 32 mg, then 24 mg a serving
    assert all(r.favourite for r in ranked[:2]) and not ranked[2].favourite


@pytest.mark.parametrize(("limit", "count"), [(-3, 0), (0, 0), (1, 1), (7, 7)])
def test_rank_foods_gives_at_most_limit_rows(table: FoodTable, limit: int, count: int) -> None:
    assert len(rank_foods(table, limit=limit)) == count


@pytest.mark.parametrize(
    ("diet", "exclude"),
    [("vegan", ()), ("vegetarian", ("nuts",)), ("pescatarian", ("soy", "gluten"))],
)
def test_rank_foods_respects_diet_and_exclusions(
    table: FoodTable, diet: str, exclude: tuple[str, ...]
) -> None:
    ok = allowed(table, diet, exclude)
    ranked = rank_foods(table, diet=diet, exclude=exclude, limit=80)
    assert ranked and all(ok[r.fdc_id] for r in ranked)


def test_rank_foods_family_filter(table: FoodTable) -> None:
    ranked = rank_foods(table, family="leafy greens", limit=20)
    assert ranked and {r.family for r in ranked} == {"leafy greens"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"by": "weight"}, "unknown ranking"), ({"family": "pies"}, "unknown family")],
)
def test_rank_foods_bad_arguments(table: FoodTable, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rank_foods(table, **kwargs)  # type: ignore[arg-type]


def test_common_only_drops_rare_sr_foods(table: FoodTable) -> None:
    common = table.foods["commonly_eaten"]
    assert common[2707581]  # FNDDS Pumpkin seeds, unsalted
    assert common[169415]  # SR pumpkin seed kernels: FNDDS has pumpkin seeds
    assert not common[170076]  # Dock, raw


def _check_plan(table: FoodTable, plan: GapPlan) -> None:
    assert 1 <= len(plan.suggestions) <= 3
    assert plan.total_magnesium_mg == pytest.approx(
        sum(s.magnesium_mg for s in plan.suggestions), abs=0.1
    )
    assert plan.total_kcal == pytest.approx(sum(s.kcal for s in plan.suggestions), abs=0.1)
    assert len({s.fdc_id for s in plan.suggestions}) == len(plan.suggestions)
    for item in plan.suggestions:
        assert item.fdc_id in table.foods.index
        assert item.food == table.foods.at[item.fdc_id, "description"]
        assert item.servings in (1, 2)
        assert not item.portion.endswith(" g")


GAP_CASES = [
    (120, None, "omnivore", ()),
    (120, 300, "vegan", ()),
    (200, 400, "vegetarian", ("nuts", "soy")),
    (80, 250, "omnivore", ("leafy greens", "vegetables")),
    (300, 600, "pescatarian", ("gluten",)),
]


@pytest.mark.parametrize(("gap", "budget", "diet", "exclude"), GAP_CASES)
def test_close_gap_closes_within_budget_and_diet(
    table: FoodTable, gap: float, budget: float | None, diet: str, exclude: tuple[str, ...]
) -> None:
    plan = close_gap(table, gap, kcal_budget=budget, diet=diet, exclude=exclude)
    _check_plan(table, plan)
    assert plan.closes_gap and plan.total_magnesium_mg >= gap
    assert budget is None or plan.total_kcal <= budget
    ok = allowed(table, diet, exclude)
    assert all(ok[s.fdc_id] for s in plan.suggestions)
    assert "closing the" in plan.message


def test_vegan_plan_has_no_animal_foods(table: FoodTable) -> None:
    plan = close_gap(table, 250, kcal_budget=500, diet="vegan", exclude=["leafy greens"])
    tags = food_tags(table)
    for item in plan.suggestions:
        assert not tags.loc[item.fdc_id, ["meat", "fish", "dairy", "egg", "honey"]].any()
        assert families(table)[item.fdc_id] not in ("meat and poultry", "fish and seafood", "eggs")


def test_exclusions_hold_in_plans(table: FoodTable) -> None:
    only_seeds = ("leafy greens", "vegetables", "legumes", "whole grains", "fish and seafood")
    plan = close_gap(table, 150, exclude=(*only_seeds, "soy and dairy", "fruit", "nuts"))
    tags = food_tags(table)
    assert plan.suggestions
    assert not any(tags.at[s.fdc_id, "nuts"] for s in plan.suggestions)


def test_pumpkin_seeds_close_a_gap_when_greens_are_left_out(table: FoodTable) -> None:
    plan = close_gap(
        table,
        150,
        kcal_budget=200,
        exclude=("leafy greens", "vegetables", "fish and seafood", "soy and dairy", "legumes"),
        favourites=[169415],
        max_items=1,
    )
    assert [s.fdc_id for s in plan.suggestions] == [169415]
    seeds = plan.suggestions[0]
    assert str(seeds) == (
        "1 oz roasted pumpkin and squash seed kernels, with salt added: 156 mg, 163 kcal"
    )
    assert seeds.grams == pytest.approx(28.35, abs=0.01)  # 1 oz, not rounded to 0.1 g


NOT_GREENS = ("leafy greens", "vegetables", "fish and seafood", "soy and dairy", "legumes")
#: (the request, what was eaten, foods then never proposed): the eaten foods and their kind.
EATEN_CASES = [
    # the 200 mg plan itself (cooked spinach, raw cactus): neither comes back
    ({"gap_mg": 200}, (2709616, 2709776), (2709616, 2709776)),
    # "Spinach, cooked, no added fat" (FNDDS) eaten: no other cooked spinach either
    ({"gap_mg": 200}, (2709615,), (2709615, 2709616)),
    # "Pumpkin seeds, unsalted" eaten: not even the favourite pumpkin seed kernels
    (
        {"gap_mg": 150, "kcal_budget": 250, "exclude": NOT_GREENS, "favourites": [169415]},
        (2707581,),
        (169415, 170557, 2707579, 2707580, 2707581),
    ),
]


@pytest.mark.parametrize(("request_", "eaten", "never"), EATEN_CASES)
def test_foods_already_eaten_are_never_proposed(
    table: FoodTable, request_: dict[str, Any], eaten: tuple[int, ...], never: tuple[int, ...]
) -> None:
    before = close_gap(table, **request_)
    assert {s.fdc_id for s in before.suggestions} & set(never)  # proposed when not eaten
    plan = close_gap(table, **request_, exclude_ids=eaten)
    _check_plan(table, plan)
    assert plan.closes_gap
    assert not {s.fdc_id for s in plan.suggestions} & set(never)
    eaten_kinds = {head_words(str(table.foods.at[i, "description"])) for i in eaten}
    assert not {head_words(s.food) for s in plan.suggestions} & eaten_kinds


def test_unknown_eaten_ids_change_nothing(table: FoodTable) -> None:
    assert close_gap(table, 200, exclude_ids=[1, -5]) == close_gap(table, 200)


def test_impossible_gap_gives_a_partial_plan_and_says_so(table: FoodTable) -> None:
    plan = close_gap(table, 300, kcal_budget=20)
    assert not plan.closes_gap
    assert plan.suggestions and plan.total_kcal <= 20
    assert 0 < plan.total_magnesium_mg < 300
    assert plan.message.startswith("The 300 mg gap cannot be closed within 20 kcal")
    assert f"{300 - plan.total_magnesium_mg:.0f} mg short" in plan.message


def test_no_food_fits_a_zero_budget(table: FoodTable) -> None:
    plan = close_gap(table, 100, kcal_budget=0)
    assert plan.suggestions == () and not plan.closes_gap
    assert plan.message == "No food serving fits within 0 kcal; the 100 mg gap stays open."


def test_no_gap_no_suggestions(table: FoodTable) -> None:
    plan = close_gap(table, 0)
    assert plan.suggestions == () and plan.closes_gap
    assert plan.message == "There is no gap to close."


def test_a_huge_gap_is_partial_with_three_foods(table: FoodTable) -> None:
    plan = close_gap(table, 5000)
    assert not plan.closes_gap and len(plan.suggestions) == 3
    assert "cannot be closed with 3 foods" in plan.message


def test_plans_mix_families(table: FoodTable) -> None:
    """Fewest kcal is not always leafy greens: a 120 mg gap takes a green and a vegetable."""
    for gap in (120, 250, 400):
        plan = close_gap(table, gap)
        assert plan.closes_gap
        kinds = [s.family for s in plan.suggestions]
        assert len(kinds) >= 2 and len(set(kinds)) == len(kinds), kinds
    assert [s.family for s in close_gap(table, 120).suggestions] == ["leafy greens", "vegetables"]


#: (gap, kcal budget): pumpkin seeds 170557 (156 mg, 163 kcal) fit, so the favourite is used.
FAVOURITE_CASES = [(120, 400), (120, None), (200, 400), (60, 200)]


@pytest.mark.parametrize(("gap", "budget"), FAVOURITE_CASES)
def test_a_favourite_that_fits_is_used(table: FoodTable, gap: float, budget: float | None) -> None:
    without = close_gap(table, gap, kcal_budget=budget)
    assert 170557 not in {s.fdc_id for s in without.suggestions}
    plan = close_gap(table, gap, kcal_budget=budget, favourites=[170557])
    _check_plan(table, plan)
    assert plan.closes_gap and 170557 in {s.fdc_id for s in plan.suggestions}
    assert budget is None or plan.total_kcal <= budget


def test_a_favourite_over_budget_is_not_forced(table: FoodTable) -> None:
    plan = close_gap(table, 120, kcal_budget=100, favourites=[170557])
    assert plan.closes_gap and 170557 not in {s.fdc_id for s in plan.suggestions}
    assert plan == close_gap(table, 120, kcal_budget=100)


def test_search_prefers_a_closing_plan_with_a_favourite() -> None:
    pool = [_food(1, 100, 10, GREEN), _food(2, 100, 200, SEED)]
    assert [s.fdc_id for s in _search(pool, 100, None, 3, {2})] == [2]
    assert [s.fdc_id for s in _search(pool, 100, 150, 3, {2})] == [1]
    assert [s.fdc_id for s in _search(pool, 100, None, 3, set())] == [1]


def test_variety_off_keeps_the_strict_fewest_kcal(table: FoodTable) -> None:
    varied, strict = close_gap(table, 80), close_gap(table, 80, variety=False)
    assert strict.total_kcal <= varied.total_kcal
    assert varied.total_kcal <= strict.total_kcal + max(
        VARIETY_KCAL, VARIETY_SHARE * strict.total_kcal
    )


# --- the exact search, on synthetic servings --------------------------------------------


def _food(i: int, mg: float, kcal: float, family: str = "fruit") -> Suggestion:
    """A synthetic serving; each id its own kind of food ("food 1" and "food 2" would be one)."""
    return Suggestion(i, SYNTHETIC_NAMES[i], family, "1 cup", 100.0, mg, kcal)


SYNTHETIC_NAMES = ("kale", "chard", "oats", "lentils", "almonds", "quinoa", "spinach", "figs")


GREEN, SEED, GRAIN = "leafy greens", "seeds and nuts", "whole grains"

# pool, gap, variety -> (fdc_id, servings) of the plan
SEARCH_CASES = [
    # green + green (twice each: 30 kcal) would be lightest, but one family per plan
    (
        [_food(1, 45, 10, GREEN), _food(2, 45, 10, GREEN), _food(3, 60, 40, SEED)],
        100,
        True,
        [(1, 1), (3, 1)],
    ),
    # ... unless only one family can close the gap
    (
        [_food(1, 60, 10, GREEN), _food(2, 60, 10, GREEN), _food(3, 10, 5, SEED)],
        200,
        True,
        [(1, 2), (2, 2)],
    ),
    # variety: 2 x green (20 kcal) and green + seeds (30 kcal) are equally light; mix them
    ([_food(1, 60, 10, GREEN), _food(3, 60, 20, SEED)], 100, True, [(1, 1), (3, 1)]),
    # without variety the strict fewest kcal wins
    ([_food(1, 60, 10, GREEN), _food(3, 60, 20, SEED)], 100, False, [(1, 2)]),
    # never more than two servings of one food: three foods of three families instead
    (
        [_food(1, 50, 10, GREEN), _food(2, 50, 30, SEED), _food(3, 50, 30, GRAIN)],
        200,
        True,
        [(1, 2), (2, 1), (3, 1)],
    ),
    # one serving that closes the gap beats two that close it a little lighter
    (
        [_food(1, 100, 25, GREEN), _food(2, 50, 10, SEED), _food(3, 50, 10, GRAIN)],
        100,
        True,
        [(1, 1)],
    ),
]


@pytest.mark.parametrize(("pool", "gap", "variety", "expected"), SEARCH_CASES)
def test_search_rule(
    pool: list[Suggestion], gap: float, variety: bool, expected: list[tuple[int, int]]
) -> None:
    plan = _search(pool, gap, None, 3, set(), variety)
    assert [(s.fdc_id, s.servings) for s in plan] == expected


def _all_plans(pool: list[Suggestion]) -> list[list[tuple[Suggestion, int]]]:
    plans = []
    for size in range(1, 4):
        for foods in combinations(pool, size):
            for counts in product(range(1, MAX_SERVINGS_EACH + 1), repeat=size):
                plans.append(list(zip(foods, counts, strict=True)))
    return plans


foods_strategy = st.lists(
    st.tuples(st.integers(10, 200), st.integers(1, 400), st.sampled_from((GREEN, SEED, GRAIN))),
    min_size=1,
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(
    foods_strategy,
    st.integers(1, 600),
    st.one_of(st.none(), st.integers(0, 800)),
    st.booleans(),
)
def test_search_is_optimal_and_within_budget(
    foods: list[tuple[int, int, str]], gap: int, budget: int | None, variety: bool
) -> None:
    pool = [_food(i, mg, kcal, family) for i, (mg, kcal, family) in enumerate(foods)]
    plan = _search(pool, gap, budget, 3, set(), variety)
    kcal = sum(s.kcal for s in plan)
    mg = sum(s.magnesium_mg for s in plan)
    assert budget is None or kcal <= budget
    assert len(plan) <= 3 and all(s.servings in (1, 2) for s in plan)
    assert len({s.fdc_id for s in plan}) == len(plan)
    # brute force over every plan: the same closing/varied status and (near) fewest kcal
    fits = [
        p for p in _all_plans(pool) if budget is None or sum(f.kcal * n for f, n in p) <= budget
    ]
    closing = [p for p in fits if sum(f.magnesium_mg * n for f, n in p) >= gap]
    varied = [p for p in closing if len({f.family for f, _ in p}) == len(p)]
    if not closing:
        best_mg = max((sum(f.magnesium_mg * n for f, n in p) for p in fits), default=0)
        assert mg >= best_mg - 0.5
        return
    assert mg >= gap
    assert (len({s.family for s in plan}) == len(plan)) is bool(varied)
    least = min(sum(f.kcal * n for f, n in p) for p in (varied or closing))
    slack = max(VARIETY_KCAL, VARIETY_SHARE * least) if variety else 0.5
    assert kcal <= least + slack


# --- the CLI ----------------------------------------------------------------------------


def test_cli_suggest_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--gap", "120", "--kcal", "300", "--diet", "vegan", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["closes_gap"] is True and result["total_kcal"] <= 300
    assert result["suggestions"]
    for item in result["suggestions"]:
        assert {"fdc_id", "food", "portion", "grams", "magnesium_mg", "kcal"} <= set(item)


def test_cli_suggest_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--gap", "300", "--kcal", "20"]) == 0
    out = capsys.readouterr().out
    assert "fdc_id" in out and "cannot be closed within 20 kcal" in out


def test_cli_foods(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["foods", "--family", "seeds and nuts", "--by", "100g", "--limit", "5"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and "mg/100kcal" in lines[0]
    assert main([*argv, "--exclude", "nuts", "--json"]) == 0
    foods = json.loads(capsys.readouterr().out)["foods"]
    assert len(foods) == 5 and all(f["family"] == "seeds and nuts" for f in foods)
