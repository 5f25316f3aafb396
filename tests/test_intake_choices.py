"""The foods offered to correct an item (``magfood.intake.choices``), on the shipped table."""

from __future__ import annotations

from magfood.intake import ChoiceSource, data_type_of, food_choices, food_name
from magfood.meals import parse_piece

BANANA, BLUEBERRIES, BLUEBERRIES_FNDDS, SEEDS = 173944, 171711, 2709275, 170557


def test_nothing_typed_own_food_then_recent_usual_and_similar(table) -> None:
    item = parse_piece("1 oz roasted pumpkin seeds", None, table)
    choices = food_choices(table, item, recent=[BANANA, SEEDS], usual=[BLUEBERRIES, BANANA])
    assert [(c.fdc_id, c.source) for c in choices[:3]] == [
        (SEEDS, ChoiceSource.CURRENT),
        (BANANA, ChoiceSource.RECENT),
        (BLUEBERRIES, ChoiceSource.USUAL),
    ]
    similar = [c for c in choices if c.source is ChoiceSource.SIMILAR]
    assert [c.fdc_id for c in similar] == [a.fdc_id for a in item.alternatives if a.fdc_id != SEEDS]
    assert choices[1].label == "raw bananas" and choices[1].food == "Bananas, raw"
    assert len({c.fdc_id for c in choices}) == len(choices)


def test_a_search_reads_the_whole_table_recent_results_first(table) -> None:
    item = parse_piece("1 oz roasted pumpkin seeds", None, table)
    choices = food_choices(table, item, "blueberries", recent=[BLUEBERRIES_FNDDS, BANANA])
    assert choices[0].source is ChoiceSource.CURRENT
    assert (choices[1].fdc_id, choices[1].source) == (BLUEBERRIES_FNDDS, ChoiceSource.RECENT)
    found = [c for c in choices if c.source is ChoiceSource.FOUND]
    assert found and all("blueberr" in c.food.lower() for c in found[:5])
    assert BANANA not in [c.fdc_id for c in choices]  # recent, but not what was searched
    # two FDC foods that read the same are told apart by id
    labels = {c.fdc_id: c.label for c in choices}
    assert labels[BLUEBERRIES] == f"raw blueberries · FDC {BLUEBERRIES}"
    assert labels[BLUEBERRIES_FNDDS] == f"raw blueberries · FDC {BLUEBERRIES_FNDDS}"


def test_an_unmatched_item_has_no_current_food_until_searched(table) -> None:
    item = parse_piece("1 cup qwzx blorf", None, table)
    assert food_name(item) == "1 cup qwzx blorf"
    assert food_choices(table, item) == ()
    found = food_choices(table, item, "tofu", limit=5)
    assert len(found) == 5 and all(c.source is ChoiceSource.FOUND for c in found)
    assert "tofu" in found[0].food.lower()


def test_food_name_and_data_type(table) -> None:
    assert food_name(parse_piece("1 medium banana", None, table)) == "raw bananas"
    assert data_type_of(table, BLUEBERRIES) == "SR Legacy"
    assert data_type_of(table, BLUEBERRIES_FNDDS) == "FNDDS (survey foods)"
