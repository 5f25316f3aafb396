"""The Streamlit pages, driven with AppTest and widgets selected by key.

Every test points MAGFOOD_DB at its own temporary file. The food table is the shipped one
(cached across tests by app.py's st.cache_resource), except where a test breaks it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from magfood.diary.store import Override, SavedDay, export_csv, open_history

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}_page.py").run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _mg(text: str) -> float:
    match = re.search(r"([\d,]+(?:\.\d+)?) mg", text)
    assert match, text
    return float(match.group(1).replace(",", ""))


def _eat(at: AppTest, meal: str, text: str) -> AppTest:
    at.text_area(key=f"meal_{meal}").input(text).run()
    assert not at.exception, at.exception
    return at


# -- Today -------------------------------------------------------------------------------


def test_today_first_render_explains_what_to_type(db: Path) -> None:
    at = _app()
    assert [t.value for t in at.title] == ["Today"]
    assert any("Type what you ate" in i.value for i in at.info)
    assert _metric(at, "Magnesium today") == "0 mg"
    assert any("not medical advice" in c.value for c in at.main.caption)


def test_pumpkin_seeds_total(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    assert 150 <= _mg(_metric(at, "Magnesium today")) <= 160
    assert _metric(at, "Of your target") == "50 %"  # of 310 mg: default woman of 30
    frame = at.dataframe[0].value
    assert frame["status"].tolist() == ["matched"]
    assert frame["FDC food"].iloc[0].startswith("Seeds, pumpkin and squash seed kernels")
    fdc_id, grams = frame["FDC id"].iloc[0], frame["grams"].iloc[0]
    assert grams == "28 g"
    # Honesty in numbers: the item card names the FDC food by id, with the grams used.
    assert any(c.value.startswith(f"FDC {fdc_id} · Seeds, pumpkin") for c in at.main.caption)


def test_switching_to_an_alternative_changes_the_total(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    before = _mg(_metric(at, "Magnesium today"))
    picker = at.selectbox(key="pick_snacks_0")
    sunflower = next(i for i, o in enumerate(picker.options) if "sunflower" in o.lower())
    picker.select_index(sunflower).run()
    after = _mg(_metric(at, "Magnesium today"))
    assert after != before
    assert 30 <= after <= 40  # 1 oz dry roasted sunflower seed kernels: about 36 mg (FDC)
    assert "sunflower" in at.dataframe[0].value["FDC food"].iloc[0].lower()


def test_correcting_grams_recomputes(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    at.number_input(key="grams_snacks_0").set_value(56.7).run()
    assert 305 <= _mg(_metric(at, "Magnesium today")) <= 320


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "low", "high"),
    [
        # 1 cup of cooked rice, NFS: 158 g FDC portion, about 19 mg
        ("0 cups rice", 1.0, "cup", 15, 25),
        # 2 oz of roasted pumpkin seeds instead of 5 kg: about 310 mg
        ("5 kg pumpkin seeds", 2.0, "oz", 280, 340),
        # the same banana, 1 large (136 g FDC portion) instead of 1 medium: about 37 mg
        ("1 medium banana", 1.0, "large", 33, 41),
    ],
)
def test_correcting_the_amount_recomputes(
    db: Path, text: str, quantity: float, unit: str, low: float, high: float
) -> None:
    at = _eat(_app(), "lunch", text)
    before = _mg(_metric(at, "Magnesium today"))
    at.number_input(key="qty_lunch_0").set_value(quantity)
    at.selectbox(key="unit_lunch_0").set_value(unit).run()
    assert not at.exception, at.exception
    after = _mg(_metric(at, "Magnesium today"))
    assert after != before
    assert low <= after <= high
    assert at.dataframe[0].value["status"].tolist() == ["matched"]
    grams_now = at.number_input(key="grams_lunch_0").value
    assert at.dataframe[0].value["grams"].iloc[0] == f"{grams_now:,.0f} g"


@pytest.mark.parametrize(
    ("text", "quantity", "unit", "saved_unit"),
    [
        ("0 cups rice", 1.0, None, "cup"),  # the amount alone: 1 cup, 158 g
        ("1 medium banana", 2.0, "large", "large"),  # amount and unit: 2 large, 272 g
    ],
)
def test_amount_correction_is_saved_and_restored(
    db: Path, text: str, quantity: float, unit: str | None, saved_unit: str
) -> None:
    at = _eat(_app(), "lunch", text)
    at.number_input(key="qty_lunch_0").set_value(quantity)
    if unit is not None:
        at.selectbox(key="unit_lunch_0").set_value(unit)
    at.run()
    total, grams_box = _metric(at, "Magnesium today"), at.number_input(key="grams_lunch_0").value
    at.button(key="save_day").click().run()
    saved = open_history(db).load_day(date.today())
    assert saved is not None
    assert saved.overrides == (Override("lunch", 0, text, None, None, quantity, saved_unit),)
    again = _app()  # a new session reopens the saved day
    assert again.number_input(key="qty_lunch_0").value == quantity
    assert again.selectbox(key="unit_lunch_0").value == saved_unit
    assert again.number_input(key="grams_lunch_0").value == grams_box
    assert _metric(again, "Magnesium today") == total
    assert again.button(key="save_day").disabled


def test_unmatched_item_is_fixed_by_searching(db: Path) -> None:
    at = _eat(_app(), "lunch", "1 cup qwzx blorf")
    assert _metric(at, "Magnesium today") == "0 mg"
    assert at.selectbox(key="pick_lunch_0").options == ["Pick a food"]
    at.text_input(key="find_lunch_0").input("blueberries").run()
    picker = at.selectbox(key="pick_lunch_0")
    assert picker.options[1] == "Blueberries, raw · FDC 171711 (100)"
    picker.select_index(1).run()
    # 1 cup of raw blueberries: 148 g FDC portion, 6 mg/100 g
    assert _metric(at, "Magnesium today") == "9 mg"
    assert not any("need attention" in e.label for e in at.expander)


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("qwzx blorf", False),  # unknown food
        ("5 kg pumpkin seeds", False),  # implausible amount
        ("0 g spinach", False),  # zero amount
        ("<script>alert(1)</script>", None),  # unmatched or estimated, never a traceback
    ],
)
def test_bad_input_shows_a_message_not_a_traceback(
    db: Path, text: str, counted: bool | None
) -> None:
    at = _eat(_app(), "lunch", text)
    assert any("need attention" in e.label for e in at.expander), [e.label for e in at.expander]
    assert any(c.value.startswith("Fix: ") or " Fix: " in c.value for c in at.main.caption)
    if counted is not None:
        assert (_metric(at, "Magnesium today") != "0 mg") is counted
    assert not at.error


def test_impossible_profile_is_a_friendly_error(db: Path) -> None:
    at = _app()
    at.number_input(key="profile_age").set_value(5.0)
    at.checkbox(key="profile_pregnant").check().run()
    assert [e.value for e in at.error] == [
        "Pregnancy and lactation values cover ages 14 to 50 years (got 5 years)."
    ]


def test_profile_sets_target_and_is_remembered(db: Path) -> None:
    at = _app()
    at.number_input(key="profile_age").set_value(34.0)
    at.radio(key="profile_sex").set_value("male").run()
    assert any("Target: 420 mg/day" in m.value for m in at.sidebar.markdown)
    assert open_history(db).load_setting("profile") == {
        "age": 34.0,
        "unit": "years",
        "sex": "male",
        "pregnant": False,
        "lactating": False,
    }
    again = _app()
    assert again.radio(key="profile_sex").value == "male"


def test_supplement_counts_and_is_checked_against_the_ul(db: Path) -> None:
    at = _app()
    at.text_area(key="supplements_text").input("2 x 250 mg magnesium oxide").run()
    assert _metric(at, "Supplements (limit 350 mg)") == "500 mg"
    assert any("350" in w.value for w in at.warning), [w.value for w in at.warning]


def test_supplement_within_the_ul_says_so_once(db: Path) -> None:
    at = _app()
    at.text_area(key="supplements_text").input("200 mg magnesium glycinate").run()
    assert _metric(at, "Supplements (limit 350 mg)") == "200 mg"
    said = [c.value for c in at.main.caption if "upper level" in c.value]
    assert said == [
        "200 mg from supplements is within the 350 mg upper level. "
        "Only supplements count toward it; food never does."
    ]
    assert not at.warning


def test_food_alone_is_never_checked_against_the_ul(db: Path) -> None:
    at = _eat(_app(), "snacks", "3 oz roasted pumpkin seeds")
    assert _mg(_metric(at, "Magnesium today")) > 350
    assert _metric(at, "Supplements (limit 350 mg)") == "0 mg"
    assert not at.warning


SAFETY_TOPICS = ("Kidney disease", "Myasthenia gravis", "Levothyroxine", "Antibiotics")


def test_safety_notes_are_in_plain_view_once_supplements_are_logged(db: Path) -> None:
    at = _app()
    notes = [e for e in at.expander if e.label.startswith("Safety notes")]
    assert len(notes) == 1  # before any supplement: one click away
    at.text_area(key="supplements_text").input("200 mg magnesium glycinate").run()
    assert not [e for e in at.expander if e.label.startswith("Safety notes")]
    shown = " ".join(m.value for m in at.get("markdown"))
    for topic in (*SAFETY_TOPICS, "Bisphosphonates", "Diarrhoea"):
        assert f"**{topic}**" in shown
    assert "tetracycline" in shown and "fluoroquinolone" in shown and "loose stools" in shown
    assert sum("not medical advice" in c.value for c in at.main.caption) == 1


def test_save_day_then_history_shows_it(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    at.button(key="save_day").click().run()
    saved = open_history(db).load_day(date.today())
    assert saved is not None
    assert saved.meal_text("snacks") == "1 oz roasted pumpkin seeds"
    assert 150 <= (saved.total_mg or 0) <= 160
    at.switch_page("app_pages/history_page.py").run()
    assert _metric(at, "Days logged") == "1 of 7"
    assert _metric(at, "Days below target") == "1"
    assert "pumpkin" in at.dataframe[0].value["food"].iloc[0].lower()


def test_saved_day_with_a_correction_is_restored(db: Path) -> None:
    open_history(db).save_day(
        SavedDay(
            date.today(),
            meals={"snacks": "1 oz roasted pumpkin seeds"},
            overrides=(Override("snacks", 0, "1 oz roasted pumpkin seeds", None, 56.7),),
            target_mg=310.0,
        )
    )
    at = _app()
    assert at.text_area(key="meal_snacks").value == "1 oz roasted pumpkin seeds"
    assert 305 <= _mg(_metric(at, "Magnesium today")) <= 320
    assert at.button(key="save_day").disabled  # nothing changed since it was saved


def _suggested(at: AppTest) -> list[int]:
    """FDC ids of the "close the gap" suggestions, from their "FDC 169343 · 142 g" lines."""
    lines = (re.fullmatch(r"FDC (\d+) · [\d,]+ g", c.value) for c in at.main.caption)
    return [int(line.group(1)) for line in lines if line]


def test_close_the_gap_suggestion_is_added_in_one_click(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 banana")
    before = _mg(_metric(at, "Magnesium today"))
    at.toggle(key="suggest_gap").set_value(True).run()
    assert not at.exception, at.exception
    first = _suggested(at)
    assert first
    at.button(key="add_suggestion_0").click().run()
    assert at.text_area(key="meal_snacks").value.startswith("1 banana\n")
    assert _mg(_metric(at, "Magnesium today")) > before + 20
    # the food just added is eaten now: the next suggestions do not repeat it
    assert at.dataframe[0].value["FDC id"].iloc[-1] == str(first[0])
    after = _suggested(at)
    assert after and first[0] not in after


# -- History -------------------------------------------------------------------------------


def test_history_export_then_import_round_trips_a_day(db: Path, tmp_path: Path) -> None:
    day = SavedDay(
        date.today(),
        meals={"breakfast": "=1 cup oatmeal", "snacks": "1 oz pumpkin seeds"},
        supplements="200 mg magnesium glycinate",
        total_mg=420.0,
        target_mg=320.0,
    )
    open_history(db).save_day(day)
    at = _app("history")
    assert not at.get("download_button")[0].proto.disabled
    csv_text = export_csv(open_history(db).days())  # what the export button serves
    assert "'=1 cup oatmeal" in csv_text
    open_history(db).delete_day(day.day)
    at.file_uploader(key="history_import").upload("days.csv", csv_text.encode(), "text/csv")
    at.run()
    at.button(key="history_import_save").click().run()
    assert any("Imported 1 day" in s.value for s in at.success)
    restored = open_history(db).load_day(day.day)
    assert restored is not None
    assert dict(restored.meals) == dict(day.meals)
    assert restored.supplements == day.supplements
    assert restored.total_mg == 420.0


def test_history_import_reports_bad_rows(db: Path) -> None:
    at = _app("history")
    text = "date,lunch,total_magnesium_mg\n2025-01-02,1 banana,32\nnot-a-date,x,1\n"
    at.file_uploader(key="history_import").upload("days.csv", text.encode(), "text/csv")
    at.run()
    assert any("1 row(s) skipped" in w.value for w in at.warning)
    problems = at.dataframe[0].value
    assert problems["line"].tolist() == [3]
    assert "not YYYY-MM-DD" in problems["problem"].iloc[0]
    assert at.button(key="history_import_save").label.startswith("Save 1 imported day")


def test_history_delete_a_day(db: Path) -> None:
    open_history(db).save_day(SavedDay(date.today(), meals={"lunch": "1 banana"}, total_mg=32.0))
    at = _app("history")
    assert at.button(key="history_delete").disabled
    at.checkbox(key="history_delete_confirm").check().run()
    at.button(key="history_delete").click().run()
    assert open_history(db).days() == ()


# -- Foods, Plan, Data -------------------------------------------------------------------


def test_foods_search_and_ranking(db: Path) -> None:
    at = _app("foods")
    ranking = at.dataframe[0].value
    assert len(ranking) == 30
    assert ranking["mg per serving"].iloc[0] >= ranking["mg per serving"].iloc[-1]
    at.text_input(key="foods_search").input("pumpkin seeds").run()
    found = at.dataframe[0].value
    assert found["food"].str.contains("pumpkin", case=False).iloc[0]
    at.selectbox(key="foods_diet").set_value("vegan")
    at.selectbox(key="foods_family").set_value("seeds and nuts")
    at.radio(key="foods_rank_by").set_value("100kcal").run()
    ranked = at.dataframe[1].value
    assert set(ranked["family"]) == {"seeds and nuts"}


def test_data_page_shows_the_manifest(db: Path) -> None:
    at = _app("data")
    assert _metric(at, "Foods") == "13,225"
    assert set(at.dataframe[0].value["dataset"]) == {"sr_legacy", "survey_fndds"}


def test_failed_refresh_keeps_the_old_table(db: Path, tmp_path: Path) -> None:
    at = _app("data")
    at.text_input(key="refresh_path").input(str(tmp_path / "nowhere")).run()
    at.button(key="refresh_local").click().run()
    assert any(e.value.startswith("Refresh failed") and "still in use" in e.value for e in at.error)
    assert _metric(at, "Foods") == "13,225"


# -- broken data -------------------------------------------------------------------------


@pytest.mark.parametrize("page", [None, "foods", "plan"])
def test_missing_food_table_is_a_friendly_message(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str | None
) -> None:
    monkeypatch.setenv("MAGFOOD_DATA", str(tmp_path / "empty"))
    at = _app(page)
    assert len(at.error) == 1
    assert "cannot be used" in at.error[0].value and "magfood refresh" in at.error[0].value


def test_data_page_offers_refresh_when_table_is_missing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_DATA", str(tmp_path / "empty"))
    at = _app("data")
    assert at.error[0].value.startswith("The food table cannot be loaded")
    assert at.text_input(key="refresh_path") is not None


def test_corrupt_database_is_a_friendly_message(db: Path) -> None:
    db.write_bytes(b"not a database at all" * 50)
    at = _app("history")
    assert "not a magfood database" in at.error[0].value
    assert db.read_bytes() == b"not a database at all" * 50
