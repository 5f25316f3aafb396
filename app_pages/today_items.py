"""Today page: each meal's foods as cards, the box to add more, and the supplements box.

A card leads with the food in plain words (name, amount, grams, magnesium, calories), then
the food picker with its search box, the amount and unit, the grams and a remove button,
and "Details" (FDC id, dataset, match score, portion); keyed ``pick_``, ``find_``,
``qty_``, ``unit_``, ``grams_`` and ``remove_<date>_<entry id>``. Each widget's callback
makes one call on the core's day log (``choose_food``, ``set_amount``, ``set_grams``,
``remove``, ``add_text``) and saves the new log; nothing is parsed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import magfood
from app_pages.common import AppContext, grams, mg, open_log, plain, store_log

STATUS_BADGES = {
    magfood.Status.MATCHED: ":green[matched]",
    magfood.Status.ESTIMATED: ":orange[estimated]",
    magfood.Status.CHECK: ":orange[check the food]",
    magfood.Status.UNMATCHED: ":red[not matched]",
    magfood.Status.INVALID: ":red[check amount]",
}
FIX_HINTS = {
    magfood.Status.ESTIMATED: "Fix: set the amount and unit (e.g. 1 cup, 30 g) or the grams.",
    # CHECK: the core's message says already how sure the guess is and what to do.
    magfood.Status.CHECK: "",
    magfood.Status.UNMATCHED: "Fix: search for the food, or reword the line.",
    magfood.Status.INVALID: "Fix: correct the amount, unit or grams.",
}
#: Units offered for every food besides its own FDC portion units; any other can be typed.
COMMON_UNITS = ("g", "oz", "cup", "tbsp", "tsp", "ml")
NO_UNIT = ""
_ENTRY_KEYS = ("pick_", "find_", "qty_", "unit_", "grams_")


@dataclass(frozen=True)
class Mine:
    """The foods of the saved diary the picker offers first: eaten lately, and usually."""

    recent: tuple[int, ...] = ()
    usual: tuple[int, ...] = ()


def meal_section(
    ctx: AppContext,
    log: magfood.DayLog,
    items: tuple[magfood.MealItem, ...],
    meal: magfood.MealTime,
    placeholder: str,
    mine: Mine,
) -> None:
    """One meal: its total, a card per food, and the box to add foods to it."""
    pairs = [(e, i) for e, i in zip(log.entries, items, strict=True) if e.meal == meal]
    total = sum(item.magnesium_mg or 0.0 for _, item in pairs if item.counted)
    st.subheader(f"{meal.capitalize()} · {mg(total)}" if pairs else meal.capitalize())
    for entry, item in pairs:
        _card(ctx, log, entry, item, mine)
    key = f"add_{log.day.isoformat()}_{meal}"
    # A form, not the box's on_change: a submit is a one-shot trigger, so typing into a second
    # box before this rerun returns cannot send this box's text again and add it twice. The
    # box is emptied by the server once the text is in the day (``_add_text``), not by the
    # browser on submit: a send lost in a rerun race leaves the text in its box, never gone.
    with st.form(f"form_{key}", clear_on_submit=False, border=False, enter_to_submit=True):
        row = st.container(horizontal=True, vertical_alignment="bottom")
        with row:
            st.text_input(f"Add to {meal}", key=key, placeholder=f"e.g. {placeholder}")
            st.form_submit_button(
                "Add", key=f"{key}_go", on_click=_add_text, args=(ctx, log.day, meal, key)
            )


def _card(
    ctx: AppContext,
    log: magfood.DayLog,
    entry: magfood.Entry,
    item: magfood.MealItem,
    mine: Mine,
) -> None:
    """The food in plain words first; the picker, the amount and grams; where the figure
    comes from (FDC id, dataset, match score, portion) one click away under "Details"."""
    where = f"{log.day.isoformat()}_{entry.id}"
    _init(where, item)
    with st.container(border=True, key=f"card_{where}", gap="small"):
        _headline(item, entry)
        # Compact on a phone: the widgets one tap away, open at once only for an item that
        # is not counted until it is fixed.
        edit = st.expander("Change food or amount", expanded=not item.status.counts)
        choices = _choices(ctx, item, where, mine)
        pick = edit.container(horizontal=True, vertical_alignment="bottom")
        pick.selectbox(
            "Food",
            [c.fdc_id for c in choices],
            format_func={c.fdc_id: _choice_label(c) for c in choices}.__getitem__,
            placeholder="Pick a food" if choices else "Search for the food first",
            key=f"pick_{where}",
            on_change=_changed,
            args=(ctx, log.day, entry.id, "pick", where),
        )
        pick.text_input(
            "Search all foods",
            key=f"find_{where}",
            type="search",
            live=True,
            placeholder="e.g. blueberries",
            width=200,
        )
        box = edit.container(horizontal=True, vertical_alignment="bottom")
        box.number_input(
            "Amount",
            min_value=0.0,
            step=0.5,
            format="%g",
            key=f"qty_{where}",
            width=80,
            on_change=_changed,
            args=(ctx, log.day, entry.id, "amount", where),
        )
        box.selectbox(
            "Unit",
            _unit_options(ctx, item, where),
            format_func=lambda u: u or "(none)",
            accept_new_options=True,
            key=f"unit_{where}",
            width=110,
            on_change=_changed,
            args=(ctx, log.day, entry.id, "amount", where),
        )
        box.number_input(
            "Grams",
            min_value=0.0,
            step=5.0,
            format="%g",
            key=f"grams_{where}",
            disabled=item.fdc_id is None,
            width=90,
            on_change=_changed,
            args=(ctx, log.day, entry.id, "grams", where),
        )
        box.button(
            "Remove",
            key=f"remove_{where}",
            icon=":material/delete:",
            on_click=_changed,
            args=(ctx, log.day, entry.id, "remove", where),
        )
        _details(ctx, st.expander("Details"), item, entry)


def _headline(item: magfood.MealItem, entry: magfood.Entry) -> None:
    """The food as a person writes it, the amount and grams, magnesium and calories, and
    how sure the figure is; a hint to fix it where it needs one."""
    badge = STATUS_BADGES.get(item.status, str(item.status))
    amount = magfood.amount_words(item)
    grams_text = f" ({grams(item.grams)})" if item.grams is not None and amount else ""
    if item.grams is not None and not amount:
        amount = grams(item.grams)
    what = f"**{plain(magfood.food_name(item))}** · {plain(amount)}{grams_text}"
    st.markdown(f"{what} → **{magnesium_text(item)}** · {badge}")
    notes = []
    if item.status in FIX_HINTS:
        notes.append(f"{item.message} {FIX_HINTS[item.status]}".strip())
    elif item.message and entry.corrected:
        notes.append(item.message)
    if entry.corrected:
        notes.append("Corrected by you.")
    for note in notes:
        st.caption(plain(note))


def _details(
    ctx: AppContext, where: DeltaGenerator, item: magfood.MealItem, entry: magfood.Entry
) -> None:
    """Where the figure comes from: the FDC food by id with the grams and portion used,
    its dataset and the match score, and what was typed."""
    where.caption(plain(_source(item)))
    if item.fdc_id is not None:
        score = "" if item.score is None else f" · match score {item.score:.0f} of 100"
        where.caption(f"{magfood.data_type_of(ctx.table(), item.fdc_id)}{score}")
    where.caption(plain(f"You wrote: {entry.text}"))


def magnesium_text(item: magfood.MealItem) -> str:
    """The item's magnesium, "not counted" or "magnesium unknown"."""
    if not item.status.counts:
        return "not counted"
    magnesium = "magnesium unknown" if item.magnesium_mg is None else mg(item.magnesium_mg)
    return magnesium if item.kcal is None else f"{magnesium} · {item.kcal:,.0f} kcal"


def _source(item: magfood.MealItem) -> str:
    """ "FDC 173904 · Oatmeal, regular … · 240 g · 1 cup, cooked (FDC portion, 240 g)"."""
    if item.fdc_id is None:
        return "No FDC food matched yet."
    portion = f" · {item.portion}" if item.portion else ""
    return f"FDC {item.fdc_id} · {item.food} · {grams(item.grams)}{portion}"


def _shown(value: float | None) -> float | None:
    """Grams as the grams box shows them (0.1 g), so an untouched box changes nothing."""
    return None if value is None else round(value, 1)


def _init(where: str, item: magfood.MealItem) -> None:
    """The card's widgets start from the item as the core reads it."""
    state = st.session_state
    state.setdefault(f"pick_{where}", item.fdc_id)
    state.setdefault(f"qty_{where}", item.quantity)
    state.setdefault(f"unit_{where}", item.unit or NO_UNIT)
    state.setdefault(f"grams_{where}", _shown(item.grams))


def _choices(
    ctx: AppContext, item: magfood.MealItem, where: str, mine: Mine
) -> tuple[magfood.FoodChoice, ...]:
    """The picker's foods: the core's one list for every item (own food, recent, usual,
    the whole table searched for what is typed in the card's search box)."""
    query = str(st.session_state.get(f"find_{where}") or "")
    return magfood.food_choices(ctx.table(), item, query, mine.recent, mine.usual)


_SOURCE_MARKS = {magfood.ChoiceSource.RECENT: " · recent", magfood.ChoiceSource.USUAL: " · usual"}


def _choice_label(choice: magfood.FoodChoice) -> str:
    return choice.label + _SOURCE_MARKS.get(choice.source, "")


def _unit_options(ctx: AppContext, item: magfood.MealItem, where: str) -> list[str]:
    """The item's unit, no unit, the food's own FDC portion units, then common units."""
    picked = st.session_state.get(f"unit_{where}")
    own = ctx.table().portions_of(item.fdc_id) if item.fdc_id is not None else ()
    names = [item.unit or NO_UNIT, NO_UNIT, *(p.unit for p in own if p.unit), *COMMON_UNITS]
    if isinstance(picked, str):
        names.append(picked)
    return list(dict.fromkeys(names))


# -- callbacks: one core call each, then save ------------------------------------------------


def _changed(ctx: AppContext, day: date, entry_id: int, what: str, where: str) -> None:
    log = open_log(ctx, day)
    state = st.session_state
    if what == "pick":
        picked = state.get(f"pick_{where}")
        if not isinstance(picked, int):
            return
        log = log.choose_food(entry_id, picked)
        _forget(where, keep=("pick_",))
    elif what == "amount":
        quantity = state.get(f"qty_{where}")
        if quantity is None:
            return
        unit = str(state.get(f"unit_{where}") or NO_UNIT).strip() or None
        log = log.set_amount(entry_id, float(quantity), unit)
        _forget(where, keep=("pick_", "find_", "qty_", "unit_"))
    elif what == "grams":
        chosen = state.get(f"grams_{where}")
        if chosen is None:
            return
        log = log.set_grams(entry_id, float(chosen))
    elif what == "remove":
        log = log.remove(entry_id)
        _forget(where)
    store_log(ctx, log)


def _add_text(ctx: AppContext, day: date, meal: magfood.MealTime, key: str) -> None:
    text = str(st.session_state.get(key) or "")
    if not text.strip():
        return
    store_log(ctx, open_log(ctx, day).add_text(meal, text, ctx.table()))
    st.session_state[key] = ""  # the text is in the day now: the box starts empty again


def _forget(where: str, keep: Iterable[str] = ()) -> None:
    """Drop a card's widget values so they start again from the corrected item."""
    for prefix in _ENTRY_KEYS:
        if prefix not in keep:
            st.session_state.pop(f"{prefix}{where}", None)


# -- supplements -----------------------------------------------------------------------------


def supplement_box(ctx: AppContext, log: magfood.DayLog) -> None:
    """The supplements box, and beside it how each line was read (elemental mg), with a
    switch for labels that state the compound's weight."""
    key = f"supplements_{log.day.isoformat()}"
    # The box shows the day's lines, also those typed in a meal box or copied from a day.
    st.session_state[key] = log.supplements
    left, right = st.columns([3, 2])
    left.text_area(
        "Supplements",
        key=key,
        placeholder="e.g. 200 mg magnesium glycinate",
        height=68,
        on_change=_supplements_changed,
        args=(ctx, log.day, key),
    )
    items = supplement_items(log.supplements)
    if log.supplements.strip() and not items:
        right.warning(
            "No magnesium supplement recognised. Write the dose and form, "
            "e.g. '200 mg magnesium glycinate'."
        )
    for number, item in enumerate(items):
        if item.form is not None and item.dose_mg is not None:
            right.radio(
                f"{plain(item.text)}: the label's {item.dose_mg:g} mg is",
                ("elemental", "compound"),
                horizontal=True,
                key=_reading_key(number, item),
                help=item.reading_reason,
            )
        note = f" ({item.message})" if item.message else ""
        right.caption(plain(f"→ {mg(item.elemental_mg)} elemental magnesium{note}"))


def _supplements_changed(ctx: AppContext, day: date, key: str) -> None:
    text = str(st.session_state.get(key) or "")
    store_log(ctx, open_log(ctx, day).with_supplements(text))


def supplement_items(text: str) -> tuple[magfood.SupplementItem, ...]:
    """The supplement lines read, each with the elemental/compound reading the user chose."""
    items = []
    for number, item in enumerate(magfood.parse_supplements(text)):
        key = _reading_key(number, item)
        st.session_state.setdefault(key, item.reading)
        chosen = st.session_state[key]
        items.append(
            magfood.with_reading(item, "compound" if chosen == "compound" else "elemental")
        )
    return tuple(items)


def _reading_key(number: int, item: magfood.SupplementItem) -> str:
    return f"reading_{number}_{item.text}"
