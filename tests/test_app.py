"""The Streamlit pages, driven with AppTest and widgets selected by key.

Every test points MAGFOOD_DB at its own temporary file. The food table is the shipped one
(cached across tests by app.py's st.cache_resource), except where a test breaks it. The
Today page keeps a day as entries (``magfood.DayLog``) and saves every change at once.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from magfood import DayLog, Entry, MealTime, SavedDay, export_csv, load_profile, open_history
from magfood.meals import parse_piece
from magfood.table import load_table

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
TODAY = date.today().isoformat()


def _app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}_page.py").run()
    assert not at.exception, at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _named(day: date) -> str:
    """How the day's total names a day that is not today: "Tue 1 Dec"."""
    return f"{day:%a} {day.day} {day:%b}"


def _mg(text: str) -> float:
    match = re.search(r"([\d,]+(?:\.\d+)?) mg", text)
    assert match, text
    return float(match.group(1).replace(",", ""))


def _eat(at: AppTest, meal: str, text: str) -> AppTest:
    at.text_input(key=f"add_{TODAY}_{meal}").input(text)
    at.button(key=f"add_{TODAY}_{meal}_go").click().run()
    assert not at.exception, at.exception
    return at


def _key(prefix: str, entry: int = 1) -> str:
    return f"{prefix}_{TODAY}_{entry}"


def _saved(db: Path) -> SavedDay:
    saved = open_history(db).load_day(date.today())
    assert saved is not None
    return saved


# -- Today -------------------------------------------------------------------------------


def test_today_first_render_explains_what_to_type(db: Path) -> None:
    at = _app()
    assert [t.value for t in at.title] == ["Today"]
    assert any("Type what you ate" in i.value for i in at.info)
    assert _metric(at, "Magnesium today") == "0 mg"
    assert any(c.value == "Nothing logged for this day yet." for c in at.main.caption)
    assert any("not medical advice" in c.value for c in at.main.caption)


def test_pumpkin_seeds_total_is_saved_at_once(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    assert 150 <= _mg(_metric(at, "Magnesium today")) <= 160
    assert _metric(at, "Of your target") == "50 %"  # of 310 mg: default woman of 30
    frame = at.dataframe[0].value
    # the status the core gives ("matched", or "check" when the ranking is not sure)
    core = parse_piece("1 oz roasted pumpkin seeds", None, load_table()).status
    assert frame["status"].tolist() == [str(core)]
    assert frame["FDC food"].iloc[0].startswith("Seeds, pumpkin and squash seed kernels")
    fdc_id, grams = frame["FDC id"].iloc[0], frame["grams"].iloc[0]
    assert grams == "28 g"
    # Honesty in numbers: the item card names the FDC food by id, with the grams used.
    assert any(
        _unescape(c.value).startswith(f"FDC {fdc_id} · Seeds, pumpkin") for c in at.main.caption
    )
    saved = _saved(db)
    assert [(e.meal, e.text) for e in saved.log.entries] == [
        (MealTime.SNACKS, "1 oz roasted pumpkin seeds")
    ]
    assert 150 <= (saved.total_mg or 0) <= 160
    assert at.text_input(key=f"add_{TODAY}_snacks").value == ""  # the box is ready again


def test_one_line_of_several_foods_becomes_several_cards(db: Path) -> None:
    at = _eat(_app(), "breakfast", "1 cup oatmeal, 1 medium banana and 2 eggs for breakfast")
    assert [e.text for e in _saved(db).log.entries] == [
        "1 cup oatmeal",
        "1 medium banana",
        "2 eggs for breakfast",  # as typed; the parser sets the context aside
    ]
    assert len(at.dataframe[0].value) == 3


def test_switching_to_an_alternative_changes_the_total(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    before = _mg(_metric(at, "Magnesium today"))
    picker = at.selectbox(key=_key("pick"))
    sunflower = next(i for i, o in enumerate(picker.options) if "sunflower" in o.lower())
    picker.select_index(sunflower).run()
    after = _mg(_metric(at, "Magnesium today"))
    assert after != before
    assert 30 <= after <= 40  # 1 oz dry roasted sunflower seed kernels: about 36 mg (FDC)
    assert "sunflower" in at.dataframe[0].value["FDC food"].iloc[0].lower()
    assert _saved(db).log.entries[0].fdc_id == at.selectbox(key=_key("pick")).value
    # the card's line names the food chosen now, with the same amount
    (head,) = [m.value for m in at.markdown if "→" in m.value]
    assert re.match(r"\*\*[^*]*sunflower seed kernels[^*]*\*\* · 1 oz \(28 g\) → ", head), head


def test_correcting_grams_recomputes(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    at.number_input(key=_key("grams")).set_value(56.7).run()
    assert 305 <= _mg(_metric(at, "Magnesium today")) <= 320
    assert _saved(db).log.entries[0].grams == 56.7
    (head,) = [m.value for m in at.markdown if "→" in m.value]
    assert "(57 g) → **3" in head, head  # the grams counted, in the card's line


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
    at.number_input(key=_key("qty")).set_value(quantity)
    at.selectbox(key=_key("unit")).set_value(unit).run()
    assert not at.exception, at.exception
    after = _mg(_metric(at, "Magnesium today"))
    assert after != before
    assert low <= after <= high
    assert at.dataframe[0].value["status"].tolist() == ["matched"]
    grams_now = at.number_input(key=_key("grams")).value
    assert at.dataframe[0].value["grams"].iloc[0] == f"{grams_now:,.0f} g"


def test_a_corrected_amount_is_saved_and_reopened(db: Path) -> None:
    at = _eat(_app(), "lunch", "1 medium banana")
    at.number_input(key=_key("qty")).set_value(2.0)
    at.selectbox(key=_key("unit")).set_value("large").run()
    total, grams_box = _metric(at, "Magnesium today"), at.number_input(key=_key("grams")).value
    entry = _saved(db).log.entries[0]
    assert (entry.text, entry.quantity, entry.unit, entry.grams) == (
        "1 medium banana",
        2.0,
        "large",
        None,
    )
    assert any(c.value.startswith("✓ Saved in your diary at ") for c in at.main.caption)
    again = _app()  # a new session reopens the saved day
    assert again.number_input(key=_key("qty")).value == 2.0
    assert again.selectbox(key=_key("unit")).value == "large"
    assert again.number_input(key=_key("grams")).value == grams_box
    assert _metric(again, "Magnesium today") == total
    # the card leads with the food in plain words and the amount counted, not the one
    # first typed, with its grams
    headings = [m.value for m in again.markdown if "→" in m.value]
    assert headings == [
        f"**raw bananas** · 2 large ({grams_box:.0f} g) → **{total} · 242 kcal** · :green[matched]"
    ], headings


def test_removing_an_item(db: Path) -> None:
    at = _eat(_app(), "lunch", "1 medium banana, 1 oz roasted pumpkin seeds")
    at.button(key=_key("remove", 2)).click().run()
    assert [e.text for e in _saved(db).log.entries] == ["1 medium banana"]
    assert 28 <= _mg(_metric(at, "Magnesium today")) <= 36
    at.button(key=_key("remove", 1)).click().run()
    assert open_history(db).load_day(date.today()) is None  # an empty day is not kept


def test_unmatched_item_is_fixed_by_searching(db: Path) -> None:
    at = _eat(_app(), "lunch", "1 cup qwzx blorf")
    assert _metric(at, "Magnesium today") == "0 mg"
    picker = at.selectbox(key=_key("pick"))
    assert picker.options == [] and picker.value is None
    at.text_input(key=_key("find")).input("blueberries").run()
    picker = at.selectbox(key=_key("pick"))
    assert picker.options[0] == "raw blueberries · FDC 171711"
    assert picker.value is None  # nothing chosen for the person
    picker.select_index(0).run()
    # 1 cup of raw blueberries: 148 g FDC portion, 6 mg/100 g
    assert _metric(at, "Magnesium today") == "9 mg"
    assert _saved(db).log.entries[0].fdc_id == 171711
    assert at.text_input(key=_key("find")).value == ""  # the search is done


def test_only_an_item_not_counted_opens_its_change_box(db: Path) -> None:
    at = _eat(_app(), "lunch", "1 cup qwzx blorf, 1 medium banana")
    boxes = [e.proto.expanded for e in at.expander if e.label == "Change food or amount"]
    assert boxes == [True, False]
    assert [e.proto.expanded for e in at.expander if e.label == "Details"] == [False, False]


def test_the_pages_are_links_at_the_top_of_every_page(db: Path) -> None:
    for page in (None, "history", "foods"):
        at = _app(page)
        links = at.get("page_link")
        assert [link.proto.label for link in links] == [
            "Today", "History", "Foods", "Plan", "Data"
        ]  # fmt: skip


def test_a_matched_items_picker_shows_its_food_and_searches_the_whole_table(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 medium banana")
    picker = at.selectbox(key=_key("pick"))
    assert picker.value == 173944 and picker.options[0] == "raw bananas"
    assert "Pick a food" not in picker.options
    at.text_input(key=_key("find")).input("dark chocolate 70").run()
    picker = at.selectbox(key=_key("pick"))
    assert picker.value == 173944 and picker.options[0] == "raw bananas"
    chocolate = next(i for i, o in enumerate(picker.options) if "chocolate" in o.lower())
    picker.select_index(chocolate).run()
    entry = _saved(db).log.entries[0]
    assert entry.fdc_id == at.selectbox(key=_key("pick")).value != 173944
    assert "chocolate" in open_history(db).load_day(date.today()).foods[0].food.lower()


def _yesterday(db: Path, meal: MealTime, text: str) -> SavedDay:
    """A day before today saved as the page saves it (with its counted foods)."""
    from datetime import timedelta

    from magfood import evaluate, make_profile, saved_day

    table = load_table()
    log = DayLog(date.today() - timedelta(days=1)).add_text(meal, text, table)
    saved = saved_day(log, evaluate(log, make_profile(sex="female", age_years=30), table))
    open_history(db).save_day(saved)
    return saved


def test_recent_foods_come_first_in_every_picker(db: Path) -> None:
    _yesterday(db, MealTime.BREAKFAST, "1 cup cooked oatmeal, 1 oz almonds")
    at = _eat(_app(), "snacks", "1 medium banana")
    picker = at.selectbox(key=_key("pick"))
    assert picker.options[0] == "raw bananas"  # its own food
    # the diary's foods next, the latest logged first (today's banana is its own food)
    assert picker.options[1] == "almonds · recent"
    assert "oat" in picker.options[2].lower() and picker.options[2].endswith(" · recent")


def test_quick_add_of_a_recent_food_keeps_its_fdc_food_and_grams(db: Path) -> None:
    saved = _yesterday(db, MealTime.BREAKFAST, "1 oz almonds")
    almonds = saved.foods[0]
    at = _app()
    assert at.selectbox(key="quick_food").value == almonds.fdc_id
    assert at.selectbox(key="quick_food").options == ["28 g almonds"]
    at.selectbox(key="quick_meal").set_value(MealTime.LUNCH)
    at.button(key="quick_add").click().run()
    assert not at.exception, at.exception
    entry = _saved(db).log.entries[0]
    assert (entry.meal, entry.fdc_id, entry.portion_grams) == (
        MealTime.LUNCH,
        almonds.fdc_id,
        almonds.grams,
    )
    assert _mg(_metric(at, "Magnesium today")) == pytest.approx(almonds.magnesium_mg, abs=1)


def test_copy_yesterday_appends_its_foods_with_their_fdc_foods_and_grams(db: Path) -> None:
    saved = _yesterday(db, MealTime.BREAKFAST, "1 cup cooked oatmeal, 1 medium banana")
    at = _eat(_app(), "lunch", "2 eggs")
    copy = at.button(key="copy_previous")
    assert copy.label.startswith(f"Copy {saved.day:%a %d %b} (2 foods)")
    copy.click().run()
    assert not at.exception, at.exception
    now = _saved(db)
    assert [e.text for e in now.log.entries[:1]] == ["2 eggs"]  # appended, nothing replaced
    copied = [(f.meal, f.fdc_id, f.grams) for f in now.foods if f.meal == "breakfast"]
    assert copied == [(f.meal, f.fdc_id, f.grams) for f in saved.foods]
    eggs = next(f.magnesium_mg or 0 for f in now.foods if f.meal == "lunch")
    assert now.total_mg == pytest.approx((saved.total_mg or 0) + eggs, abs=0.5)


def test_a_card_leads_with_plain_words_and_keeps_the_source_in_details(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 medium banana")
    heads = [m.value for m in at.markdown if "→" in m.value]
    assert heads == ["**raw bananas** · 1 medium (118 g) → **32 mg · 105 kcal** · :green[matched]"]
    details = [e for e in at.expander if e.label == "Details"]
    assert len(details) == 1
    shown = [_unescape(c.value) for c in details[0].caption]
    assert shown[0].startswith("FDC 173944 · Bananas, raw · 118 g · 1 medium")
    assert shown[1] == "SR Legacy · match score 100 of 100"
    assert shown[2] == "You wrote: 1 medium banana"


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
    captions = [_unescape(c.value) for c in at.main.caption]
    assert any(" Fix: " in c or c.startswith("Fix: ") for c in captions)
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
    # one profile for one person: the page keeps it where `magfood profile` does
    saved = load_profile()
    assert saved is not None
    assert saved.setting() == {
        "age": 34.0,
        "unit": "years",
        "sex": "male",
        "pregnant": False,
        "lactating": False,
    }
    assert open_history(db).load_setting("profile") is None
    again = _app()
    assert again.radio(key="profile_sex").value == "male"


def _supplements(at: AppTest, text: str) -> AppTest:
    at.text_area(key=f"supplements_{TODAY}").input(text).run()
    assert not at.exception, at.exception
    return at


def test_supplement_counts_and_is_checked_against_the_ul(db: Path) -> None:
    at = _supplements(_app(), "2 x 250 mg magnesium oxide")
    assert _metric(at, "Supplements (limit 350 mg)") == "500 mg"
    assert any("350" in w.value for w in at.warning), [w.value for w in at.warning]
    assert _saved(db).log.supplements == "2 x 250 mg magnesium oxide"


def test_supplement_within_the_ul_says_so_once(db: Path) -> None:
    at = _supplements(_app(), "200 mg magnesium glycinate")
    assert _metric(at, "Supplements (limit 350 mg)") == "200 mg"
    said = [c.value for c in at.main.caption if "upper level" in c.value]
    assert said == [
        "200 mg from supplements is within the 350 mg upper level. "
        "Only supplements count toward it; food never does."
    ]
    assert not at.warning


def test_a_supplement_typed_in_a_meal_box_is_a_supplement(db: Path) -> None:
    at = _eat(_app(), "breakfast", "1 banana and 200 mg magnesium glycinate")
    assert _metric(at, "Supplements (limit 350 mg)") == "200 mg"
    saved = _saved(db)
    assert [e.text for e in saved.log.entries] == ["1 banana"]
    assert saved.log.supplements == "200 mg magnesium glycinate"
    # the supplements box shows it too, so editing the box does not drop it
    assert at.text_area(key=f"supplements_{TODAY}").value == "200 mg magnesium glycinate"


def test_food_alone_is_never_checked_against_the_ul(db: Path) -> None:
    at = _eat(_app(), "snacks", "3 oz roasted pumpkin seeds")
    assert _mg(_metric(at, "Magnesium today")) > 350
    assert _metric(at, "Supplements (limit 350 mg)") == "0 mg"
    assert not at.warning


SAFETY_TOPICS = ("Kidney disease", "Myasthenia gravis", "Levothyroxine", "Antibiotics")


def test_safety_notes_are_one_line_and_an_expander_once_supplements_are_logged(
    db: Path,
) -> None:
    at = _app()
    notes = [e for e in at.expander if e.label.startswith("Safety notes")]
    assert len(notes) == 1  # before any supplement: one click away
    _supplements(at, "200 mg magnesium glycinate")
    assert not [e for e in at.expander if e.label.startswith("Safety notes")]
    assert [e.label for e in at.expander if e.label.startswith("Before taking")] == [
        "Before taking magnesium supplements: 7 notes"
    ]
    line = [c.value for c in at.main.caption if "read the 7 safety notes" in c.value]
    assert len(line) == 1
    assert "kidney" in line[0].lower()
    shown = " ".join(m.value for m in at.get("markdown"))
    for topic in (*SAFETY_TOPICS, "Bisphosphonates", "Diarrhoea"):
        assert f"**{topic}**" in shown
    assert "tetracycline" in shown and "fluoroquinolone" in shown and "loose stools" in shown
    assert sum("not medical advice" in c.value for c in at.main.caption) == 1


def test_logged_day_then_history_shows_it(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    at.switch_page("app_pages/history_page.py").run()
    assert _metric(at, "Days logged") == "1 of 7"
    assert _metric(at, "Days meeting target") == "0"  # 156 of 310 mg
    assert _mg(_metric(at, "7-day average")) == pytest.approx(155.9, abs=0.5)
    top = at.dataframe[0].value.iloc[0]
    # in plain words, short enough for a phone, with the FDC food it traces to
    assert top["food"] == "roasted pumpkin and squash seed kernels"
    assert top["FDC id"] == 170557
    at.radio(key="history_window").set_value(90).run()
    # the average is the period's, named for the period shown
    assert _mg(_metric(at, "90-day average")) == pytest.approx(155.9, abs=0.5)
    assert not [m for m in at.metric if m.label == "7-day average"]
    # each day of the period opens in Today with one click
    at.button(key=f"history_open_{date.today().isoformat()}").click().run()
    assert [t.value for t in at.title] == ["Today"]
    assert _mg(_metric(at, "Magnesium today")) == pytest.approx(155.9, abs=0.5)


def test_saved_day_with_a_correction_is_reopened(db: Path) -> None:
    entry = Entry(1, MealTime.SNACKS, "1 oz roasted pumpkin seeds", grams=56.7)
    open_history(db).save_day(SavedDay(DayLog(date.today(), (entry,)), target_mg=310.0))
    at = _app()
    assert at.number_input(key=_key("grams")).value == 56.7
    assert 305 <= _mg(_metric(at, "Magnesium today")) <= 320
    assert any(_unescape(c.value) == "Corrected by you." for c in at.main.caption)
    # a day with corrections shows that it is the day in the diary
    assert any(c.value.startswith("✓ Saved in your diary") for c in at.main.caption)


def _suggested(at: AppTest) -> list[tuple[int, float]]:
    """(FDC id, grams) of the "close the gap" suggestions, from their "FDC 169343 · 88 g"
    lines."""
    lines = (re.fullmatch(r"FDC (\d+) · ([\d,]+) g", c.value) for c in at.main.caption)
    return [(int(line.group(1)), float(line.group(2))) for line in lines if line]


def test_a_suggestion_is_added_with_its_exact_food_and_grams(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 banana")
    before = _mg(_metric(at, "Magnesium today"))
    at.toggle(key="suggest_gap").set_value(True).run()
    assert not at.exception, at.exception
    first = _suggested(at)
    assert first
    at.button(key="add_suggestion_0").click().run()
    added = _saved(db).log.entries[-1]
    assert added.fdc_id == first[0][0] and added.meal is MealTime.SNACKS
    assert added.portion and added.portion_grams == pytest.approx(first[0][1], abs=0.5)
    # written as a person would ("½ cup cooked frozen spinach"), not FDC's description
    assert "," not in added.text and added.text[0] in "0123456789½¼¾⅓⅔⅛", added.text
    assert _mg(_metric(at, "Magnesium today")) > before + 20
    frame = at.dataframe[0].value
    assert frame["FDC id"].iloc[-1] == str(first[0][0])
    assert frame["grams"].iloc[-1] == f"{added.portion_grams:,.0f} g"
    # the food just added is eaten now: the next suggestions do not repeat it
    after = _suggested(at)
    assert after and first[0][0] not in [fdc_id for fdc_id, _ in after]


# -- History -------------------------------------------------------------------------------


def test_history_export_then_import_round_trips_a_day(db: Path, tmp_path: Path) -> None:
    log = DayLog(
        date.today(),
        (
            Entry(1, MealTime.BREAKFAST, "=1 cup oatmeal"),
            Entry(2, MealTime.SNACKS, "1 oz pumpkin seeds", fdc_id=170556, grams=28.35),
        ),
        "200 mg magnesium glycinate",
    )
    open_history(db).save_day(SavedDay(log, total_mg=420.0, target_mg=320.0))
    at = _app("history")
    assert not at.get("download_button")[0].proto.disabled
    csv_text = export_csv(open_history(db).days())  # what the export button serves
    assert "'=1 cup oatmeal" in csv_text
    open_history(db).delete_day(log.day)
    at.file_uploader(key="history_import").upload("days.csv", csv_text.encode(), "text/csv")
    at.run()
    at.button(key="history_import_save").click().run()
    assert any("Imported 1 day" in s.value for s in at.success)
    restored = open_history(db).load_day(log.day)
    assert restored is not None
    assert restored.log == log
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
    log = DayLog(date.today(), (Entry(1, MealTime.LUNCH, "1 banana"),))
    open_history(db).save_day(SavedDay(log, total_mg=32.0))
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
    figures = ranking["mg per serving"].map(int)
    assert figures.iloc[0] >= figures.iloc[-1]
    assert "None" not in ranking.to_string()
    at.text_input(key="foods_search").input("pumpkin seeds").run()
    found = at.dataframe[0].value
    assert found["food"].str.contains("pumpkin", case=False).iloc[0]
    at.text_input(key="foods_search").input("foods high in magnesium").run()
    found = at.dataframe[0].value
    assert not found["FDC food"].head(5).str.contains("tortilla", case=False).any()
    assert found["food"].iloc[0] == "pumpkin seeds"
    at.text_input(key="foods_search").input("spinach").run()
    assert at.dataframe[0].value["FDC food"].iloc[0].startswith("Spinach")
    # a row shown is added to today by its FDC id
    choice = at.selectbox(key="foods_add_choice")
    at.button(key="foods_add").click().run()
    assert not at.exception, at.exception
    added = _saved(db).log.entries[-1]
    assert added.fdc_id == choice.value and added.meal is MealTime.SNACKS
    assert "," not in added.text and added.portion_grams, added.text
    at.selectbox(key="foods_diet").set_value("vegan")
    at.selectbox(key="foods_family").set_value("seeds and nuts")
    at.radio(key="foods_rank_by").set_value("100kcal").run()
    ranked = at.dataframe[1].value
    assert set(ranked["family"]) == {"seeds and nuts"}


def test_data_page_shows_the_manifest(db: Path) -> None:
    at = _app("data")
    assert _metric(at, "Foods") == "13,225"
    assert set(at.dataframe[0].value["dataset"]) == {"sr_legacy", "survey_fndds"}


def test_data_page_shows_no_server_path_and_rebuild_is_off_by_default(db: Path) -> None:
    at = _app("data")
    repo = str(Path(APP).parent)
    texts = [c.value for c in at.caption] + [i.value for i in at.info] + [e.value for e in at.error]
    texts += [str(v) for v in at.dataframe[0].value["from"]]
    assert not any(repo in t or "/data" in t for t in texts), texts
    assert at.button(key="refresh_download").disabled
    assert at.text_input(key="refresh_path").disabled
    assert any("MAGFOOD_ALLOW_REFRESH=1" in i.value for i in at.info)


def test_failed_refresh_keeps_the_old_table(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAGFOOD_ALLOW_REFRESH", "1")
    at = _app("data")
    assert not at.button(key="refresh_download").disabled
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


PAGES = [None, "history", "foods", "plan", "data"]


def _broken_table(tmp_path: Path, damage: str) -> Path:
    """A copy of the shipped table with one kind of damage."""
    folder = tmp_path / f"data-{damage}"
    shutil.copytree(Path(APP).parent / "data", folder)
    if damage == "garbage foods":
        (folder / "foods.parquet").write_bytes(b"PAR1 not really" * 20)
    elif damage == "no portions":
        (folder / "portions.parquet").unlink()
    elif damage == "bad manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    return folder


@pytest.mark.parametrize("damage", ["garbage foods", "no portions", "bad manifest"])
@pytest.mark.parametrize("page", PAGES)
def test_a_damaged_food_table_is_a_message_on_every_page(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str | None, damage: str
) -> None:
    monkeypatch.setenv("MAGFOOD_DATA", str(_broken_table(tmp_path, damage)))
    at = _app(page)  # asserts no exception (no traceback)
    shown = [e.value for e in at.error] + [w.value for w in at.warning]
    assert len(shown) == 1, shown
    assert "food table" in shown[0] and "magfood refresh" in shown[0]


# -- user text is never markup ---------------------------------------------------------------

MARKUP = "![x](http://example.invalid/p.png) <img src=x> **bold** :red[red] :material/home:"


def test_supplement_label_shows_user_text_literally(db: Path) -> None:
    at = _app()
    line = f"200 mg magnesium citrate {MARKUP}"
    at.text_area(key=f"supplements_{TODAY}").input(line).run()
    assert not at.exception, at.exception
    radio = next(r for r in at.radio if r.key and r.key.startswith("reading_"))
    assert _unescape(radio.label).startswith(line)
    typed = radio.label.split(": the label's")[0]
    assert not re.search(r"(?<!\\)[\[\]<>*:()!]", typed), typed


def test_meal_text_is_shown_literally(db: Path) -> None:
    at = _eat(_app(), "snacks", f"1 oz pumpkin seeds {MARKUP}")
    shown = [m.value for m in at.markdown if "pumpkin" in m.value]
    assert shown
    for text in shown:
        assert "example.invalid" not in text or not re.search(r"(?<!\\)[\[\]<>!]", text), text


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_history_import_reads_utf16_bytes(db: Path) -> None:
    entry = Entry(1, MealTime.SNACKS, "1 oz pumpkin seeds")
    text = export_csv((SavedDay(DayLog(date(2026, 11, 2), (entry,)), total_mg=150.0),))
    at = _app("history")
    at.file_uploader(key="history_import").upload("days.csv", text.encode("utf-16")).run()
    assert not at.exception, at.exception
    assert any(b.key == "history_import_save" for b in at.button), [e.value for e in at.error]


def test_history_uploaders_state_the_core_limit_once(db: Path) -> None:
    from magfood import MAX_IMPORT_BYTES

    at = _app("history")
    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    server = re.search(r"^maxUploadSize = (\d+)$", config, re.M)
    assert server and int(server.group(1)) * 1_000_000 == MAX_IMPORT_BYTES
    for key in ("history_import", "history_food_import"):
        uploader = at.file_uploader(key=key)
        assert uploader.proto.max_upload_size_mb * 1_000_000 == MAX_IMPORT_BYTES
        # Streamlit's drop zone states it ("Limit 5MB per file"): not said twice
        assert "MB" not in (uploader.help or "") + uploader.label


CRONOMETER = Path(__file__).resolve().parent / "fixtures" / "cronometer_servings.csv"


def _frame_with(at: AppTest, column: str) -> Any:
    """The one table shown with this column."""
    (frame,) = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


def test_cronometer_import_previews_then_saves_only_on_confirm(db: Path) -> None:
    at = _app("history")
    at.file_uploader(key="history_food_import").upload(
        "servings.csv", CRONOMETER.read_bytes(), "text/csv"
    )
    at.run()
    assert not at.exception, at.exception
    assert open_history(db).days() == ()  # nothing saved before the confirm
    rows = _frame_with(at, "FDC id")
    assert rows["line"].tolist() == [2, 3, 4, 5, 6, 7]
    banana = rows[rows["line"] == 3].iloc[0]
    assert (banana["FDC id"], banana["grams"], banana["magfood mg"], banana["Cronometer mg"]) == (
        "173944",
        "118 g",
        "32",
        "32",
    )
    assert (
        banana["matched to"] == "Bananas, raw" and banana["in the file"] == "1 medium Banana, Raw"
    )
    pill = rows[rows["line"] == 7].iloc[0]
    assert pill["matched to"] == "supplement (elemental magnesium)"
    skipped = _frame_with(at, "problem")
    assert skipped["line"].tolist() == [8, 9, 10, 11]
    assert "not YYYY-MM-DD" in skipped["problem"].iloc[0]
    save = at.button(key="history_food_save")
    assert save.label == "Save 6 row(s) to 2 days"
    save.click().run()
    assert not at.exception, at.exception
    saved = {d.day.isoformat(): d for d in open_history(db).days()}
    assert sorted(saved) == ["2026-11-29", "2026-11-30"]
    first = saved["2026-11-29"].log.entries
    assert [(e.fdc_id, e.portion_grams) for e in first][:2] == [(173904, 80.0), (173944, 118.0)]
    assert saved["2026-11-30"].log.supplements == "200 mg Magnesium Glycinate"
    assert any("Saved 6 row(s) to 2 day(s)" in s.value for s in at.success)
    at.run()  # the same file is not offered for saving twice
    assert not [b for b in at.button if b.key == "history_food_save"]
    assert len(open_history(db).load_day(date(2026, 11, 29)).log.entries) == len(first)


def test_a_file_of_neither_kind_is_a_message_and_saves_nothing(db: Path) -> None:
    at = _app("history")
    at.file_uploader(key="history_food_import").upload("x.csv", b"a,b\n1,2\n", "text/csv")
    at.run()
    assert not at.exception, at.exception
    problems = _frame_with(at, "problem")
    assert "not a Cronometer servings export" in problems["problem"].iloc[0]
    assert not [b for b in at.button if b.key == "history_food_save"]
    assert open_history(db).days() == ()


def test_another_date_opens_that_days_saved_log(db: Path) -> None:
    from datetime import timedelta

    yesterday = date.today() - timedelta(days=1)
    entry = Entry(1, MealTime.LUNCH, "1 medium banana")
    open_history(db).save_day(SavedDay(DayLog(yesterday, (entry,)), target_mg=310.0))
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    today_total = _mg(_metric(at, "Magnesium today"))
    at.date_input(key="today_date").set_value(yesterday).run()
    assert not at.exception, at.exception
    # the banana, not the seeds, under that day's name
    assert 25 <= _mg(_metric(at, f"Magnesium on {_named(yesterday)}")) <= 40
    before = yesterday - timedelta(days=1)
    at.date_input(key="today_date").set_value(before).run()
    assert _metric(at, f"Magnesium on {_named(before)}") == "0 mg"  # an empty day
    at.date_input(key="today_date").set_value(date.today()).run()
    assert _mg(_metric(at, "Magnesium today")) == today_total
    assert _saved(db).log.entries[0].text == "1 oz roasted pumpkin seeds"


def test_calories_sit_beside_magnesium(db: Path) -> None:
    at = _eat(_app(), "snacks", "1 oz roasted pumpkin seeds")
    kcal = float(_metric(at, "Calories").removesuffix(" kcal").replace(",", ""))
    assert 140 <= kcal <= 180  # about 163 kcal in 28 g of roasted kernels
    heads = [m.value for m in at.markdown if "pumpkin" in m.value]
    assert any(re.search(r"\d+ mg · \d+ kcal", h) for h in heads), heads
