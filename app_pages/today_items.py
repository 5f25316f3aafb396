"""Today page: the widgets that let the user correct each parsed item and supplement.

Each item is a card: what was understood, the FDC food (with its id) and portion behind
the figure, then a food picker (the match and its alternatives, or a search for an
unmatched item), the amount and unit, and the grams; keyed ``pick_``, ``find_``, ``qty_``,
``unit_`` and ``grams_<meal>_<n>``. Corrections go through the meal module's own
functions (``choose_food``, ``set_amount``, ``set_grams``); the keys are reset when the
item's text changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages.common import grams, mg
from magfood.diary.store import Override
from magfood.intake import day as intake
from magfood.intake.supplements import SupplementItem, with_reading
from magfood.meals import parse as meals
from magfood.meals.matching import Alternative, food_index, match
from magfood.table.load import FoodTable

PROBLEM_STATUSES = ("estimated", "unmatched", "invalid")
NOT_COUNTED = ("unmatched", "invalid")
STATUS_BADGES = {
    "matched": ":green[matched]",
    "estimated": ":orange[estimated]",
    "unmatched": ":red[not matched]",
    "invalid": ":red[check amount]",
}
FIX_HINTS = {
    "estimated": "Fix: set the amount and unit (e.g. 1 cup, 30 g) or the grams below.",
    "unmatched": "Fix: search for the food below, or reword the line.",
    "invalid": "Fix: correct the amount, unit or grams below.",
}
#: Units offered for every food besides its own FDC portion units; any other can be typed.
COMMON_UNITS = ("g", "oz", "cup", "tbsp", "tsp", "ml")
NO_UNIT = ""
_RESTORED = "restored"
_ITEM_KEYS = ("pick_", "find_", "qty_", "unit_", "grams_", "grams_for_")


@dataclass(frozen=True)
class _Edit:
    """One parsed item and the same item with its widgets' current corrections applied."""

    where: str
    parsed: meals.MealItem
    current: meals.MealItem
    override: Override | None
    found: tuple[Alternative, ...]

    @property
    def changed(self) -> bool:
        return self.current != self.parsed


def corrected_meals(
    texts: Mapping[str, str], table: FoodTable
) -> tuple[tuple[tuple[str, meals.Meal], ...], tuple[Override, ...]]:
    """Parse each meal box, apply and show each item's corrections, return the meals."""
    parsed: list[tuple[str, meals.Meal]] = []
    overrides: list[Override] = []
    for meal, text in texts.items():
        if not text.strip():
            continue
        raw = meals.parse_meal(text, table)
        edits = [_edit(meal, position, item, table) for position, item in enumerate(raw.items)]
        fixed = meals.meal_from_items(edit.current for edit in edits)
        problems = sum(1 for item in fixed.items if item.status in PROBLEM_STATUSES)
        label = f"Check {meal}: {len(fixed.items)} item(s)"
        if problems:
            label += f", {problems} need attention"
        raw_problems = any(item.status in PROBLEM_STATUSES for item in raw.items)
        with st.expander(label, expanded=raw_problems):
            if fixed.message:
                st.caption(fixed.message)
            for edit in edits:
                _draw(edit, table)
        overrides.extend(edit.override for edit in edits if edit.override is not None)
        parsed.append((meal, fixed))
    return tuple(parsed), tuple(overrides)


def _edit(meal: str, position: int, item: meals.MealItem, table: FoodTable) -> _Edit:
    """Apply the item's corrections from the widget values in session state (set before
    the widgets are drawn), with the meal module's own functions."""
    where = f"{meal}_{position}"
    _forget_if_changed(meal, position, item.text)
    _init_amount(where, item)
    state = st.session_state
    found = _found(str(state.get(f"find_{where}") or ""), item, table)
    pick = state.get(f"pick_{where}", item.fdc_id)
    changed_food = isinstance(pick, int) and pick != item.fdc_id
    current = meals.choose_food(item, int(pick), table) if changed_food else item
    quantity: float | None = state.get(f"qty_{where}")
    unit_name = str(state.get(f"unit_{where}") or NO_UNIT).strip()
    changed_amount = quantity is not None and (quantity, unit_name) != (
        item.quantity,
        item.unit or NO_UNIT,
    )
    if changed_amount and quantity is not None:
        current = meals.set_amount(current, float(quantity), unit_name or None, table)
    default = _shown(current.grams)
    _reset_grams_on_new_basis(where, (pick, quantity, unit_name), default)
    chosen: float | None = state.get(f"grams_{where}")
    changed_grams = chosen is not None and current.fdc_id is not None and chosen != default
    if changed_grams and chosen is not None:
        current = meals.set_grams(current, float(chosen), table)
    # Saved as the user set them: the food, the amount (so the boxes come back as they
    # were) and grams only when typed; the grams an amount gives are recomputed on reopening.
    override = None
    if changed_food or changed_amount or changed_grams:
        override = Override(
            meal,
            position,
            item.text,
            fdc_id=int(pick) if changed_food else None,
            grams=float(chosen) if changed_grams and chosen is not None else None,
            quantity=float(quantity) if changed_amount and quantity is not None else None,
            unit=(unit_name or None) if changed_amount else None,
        )
    return _Edit(where, item, current, override, found)


def _draw(edit: _Edit, table: FoodTable) -> None:
    """The item card: headline and source, then its correction widgets on one row."""
    where, current = edit.where, edit.current
    with st.container(border=True):
        _headline(st.container(), current, edit.parsed if edit.changed else None)
        if edit.parsed.fdc_id is None:
            query = st.text_input(
                "Search the food table", key=f"find_{where}", placeholder="e.g. blueberries"
            )
            if query.strip() and not edit.found:
                st.caption("Nothing found; try fewer or other words.")
        options = _options(edit.parsed, edit.found, where, table)
        row = st.container(horizontal=True, vertical_alignment="bottom")
        row.selectbox(
            "FDC food",
            list(options),
            format_func=options.__getitem__,
            placeholder="Pick a food",
            key=f"pick_{where}",
        )
        box = row.container(horizontal=True, width="content")
        box.number_input(
            "Amount", min_value=0.0, step=0.5, format="%g", key=f"qty_{where}", width=70
        )
        box.selectbox(
            "Unit",
            _unit_options(current, where, table),
            format_func=lambda u: u or "(none)",
            accept_new_options=True,
            key=f"unit_{where}",
            width=110,
        )
        box.number_input(
            "Grams",
            min_value=0.0,
            step=5.0,
            format="%g",
            key=f"grams_{where}",
            disabled=current.fdc_id is None,
            width=80,
        )


def _headline(head: DeltaGenerator, item: meals.MealItem, was: meals.MealItem | None) -> None:
    """What was understood and where the figure comes from, above the item's widgets."""
    badge = STATUS_BADGES.get(item.status, item.status)
    head.markdown(f"**{_escape(item.text)}** → **{magnesium_text(item)}** · {badge}")
    head.caption(_escape(_source(item)))
    notes = []
    if item.status in PROBLEM_STATUSES:
        notes.append(f"{item.message} {FIX_HINTS[item.status]}".strip())
    elif item.message and was is not None:
        notes.append(item.message)
    if was is not None:
        notes.append(f"Corrected by you. As first read: {magnesium_text(was)}, {_source(was)}")
    for note in notes:
        head.caption(_escape(note))


def magnesium_text(item: meals.MealItem) -> str:
    """The item's magnesium, "not counted" or "magnesium unknown"."""
    if item.status in NOT_COUNTED:
        return "not counted"
    return "magnesium unknown" if item.magnesium_mg is None else mg(item.magnesium_mg)


def _source(item: meals.MealItem) -> str:
    """ "FDC 173904 · Oatmeal, regular … · 240 g · 1 cup, cooked (FDC portion, 240 g)"."""
    if item.fdc_id is None:
        return "No FDC food matched yet."
    portion = f" · {item.portion}" if item.portion else ""
    return f"FDC {item.fdc_id} · {item.food} · {grams(item.grams)}{portion}"


def _escape(text: str) -> str:
    """Keep user text from being read as Markdown."""
    for char in "\\`*_[]<>#|$~":
        text = text.replace(char, "\\" + char)
    return text


def _shown(value: float | None) -> float | None:
    """Grams as the grams box shows them (0.1 g), so an untouched box changes nothing."""
    return None if value is None else round(value, 1)


def _found(query: str, item: meals.MealItem, table: FoodTable) -> tuple[Alternative, ...]:
    """An unmatched item's search results, which join its food picker."""
    if item.fdc_id is not None or not query.strip():
        return ()
    return match(query[:200], food_index(table), limit=8)


def _options(
    item: meals.MealItem, found: Iterable[Alternative], where: str, table: FoodTable
) -> dict[int | None, str]:
    picked = st.session_state.get(f"pick_{where}")
    options: dict[int | None, str] = {}
    if item.fdc_id is None:
        options[None] = "Pick a food"
    else:
        options[item.fdc_id] = f"{item.food} · FDC {item.fdc_id} (best match)"
    for alternative in (*found, *item.alternatives):
        label = f"{alternative.food} · FDC {alternative.fdc_id} ({alternative.score:.0f})"
        options.setdefault(alternative.fdc_id, label)
    if isinstance(picked, int) and picked not in options:
        options[picked] = f"{_description(picked, table)} · FDC {picked}"
    return options


def _description(fdc_id: int, table: FoodTable) -> str:
    if fdc_id in table.foods.index:
        return str(table.foods.at[fdc_id, "description"])
    return "FDC food"


def _unit_options(item: meals.MealItem, where: str, table: FoodTable) -> list[str]:
    """The item's unit, no unit, the food's own FDC portion units, then common units."""
    picked = st.session_state.get(f"unit_{where}")
    own = food_index(table).portions_of(item.fdc_id) if item.fdc_id is not None else ()
    names = [item.unit or NO_UNIT, NO_UNIT, *(p.unit for p in own if p.unit), *COMMON_UNITS]
    if isinstance(picked, str):
        names.append(picked)
    return list(dict.fromkeys(names))


def _init_amount(where: str, item: meals.MealItem) -> None:
    if f"qty_{where}" not in st.session_state:
        st.session_state[f"qty_{where}"] = item.quantity
    if f"unit_{where}" not in st.session_state:
        st.session_state[f"unit_{where}"] = item.unit or NO_UNIT


def _forget_if_changed(meal: str, position: int, text: str) -> None:
    """A different item now sits at this position: drop the old corrections."""
    for_key = f"for_{meal}_{position}"
    if st.session_state.get(for_key) != text:
        for prefix in _ITEM_KEYS:
            st.session_state.pop(f"{prefix}{meal}_{position}", None)
        st.session_state[for_key] = text


def _reset_grams_on_new_basis(where: str, basis: object, default: float | None) -> None:
    """The grams box follows the food and amount until the user types grams themselves."""
    grams_key, for_key = f"grams_{where}", f"grams_for_{where}"
    if st.session_state.get(for_key) == _RESTORED:
        st.session_state[for_key] = basis
    if st.session_state.get(for_key) != basis or grams_key not in st.session_state:
        st.session_state[grams_key] = default
        st.session_state[for_key] = basis


def restore_overrides(overrides: Iterable[Override]) -> None:
    """Set the correction widgets from a saved day (call before they are drawn)."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(("for_", *_ITEM_KEYS)):
            del st.session_state[key]
    for override in overrides:
        set_override(override)


def set_override(override: Override) -> None:
    """Pre-set one item's correction widgets (call before they are drawn)."""
    where = f"{override.meal}_{override.position}"
    st.session_state[f"for_{where}"] = override.text
    for prefix in _ITEM_KEYS:
        st.session_state.pop(f"{prefix}{where}", None)
    if override.fdc_id is not None:
        st.session_state[f"pick_{where}"] = override.fdc_id
    if override.quantity is not None:
        st.session_state[f"qty_{where}"] = override.quantity
        st.session_state[f"unit_{where}"] = override.unit or NO_UNIT
    if override.grams is not None:
        st.session_state[f"grams_{where}"] = override.grams
        st.session_state[f"grams_for_{where}"] = _RESTORED


def supplement_readings(text: str) -> tuple[SupplementItem, ...]:
    """Parse the supplements box; let the user switch elemental/compound per item."""
    items = intake.parse_supplements(text)
    if not items:
        if text.strip():
            st.warning(
                "No magnesium supplement recognised. Write the dose and form, "
                "e.g. '200 mg magnesium glycinate'."
            )
        return ()
    shown: list[SupplementItem] = []
    for number, item in enumerate(items):
        if item.form is not None and item.dose_mg is not None:
            reading = st.radio(
                f"{item.text}: the label's {item.dose_mg:g} mg is",
                ("elemental", "compound"),
                index=0 if item.reading == "elemental" else 1,
                horizontal=True,
                key=f"reading_{number}_{item.text}",
                help=item.reading_reason,
            )
            item = with_reading(item, "compound" if reading == "compound" else "elemental")
        note = f" ({item.message})" if item.message else ""
        st.caption(f"→ {mg(item.elemental_mg)} elemental magnesium{_escape(note)}")
        shown.append(item)
    return tuple(shown)
