"""Today page: the widgets that let the user correct each parsed item and supplement.

Each item gets a food picker (its match and the alternatives) and a grams box, keyed
``pick_<meal>_<n>`` and ``grams_<meal>_<n>``. The corrections are applied with the meal
module's own functions; the keys are reset when the item's text changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from app_pages.common import grams, mg
from magfood import intake, meals
from magfood.foods import FoodTable
from magfood.history import Override
from magfood.supplements import SupplementItem, with_reading

PROBLEM_STATUSES = ("estimated", "unmatched", "invalid")
STATUS_BADGES = {
    "matched": ":green[matched]",
    "estimated": ":orange[estimated]",
    "unmatched": ":red[not matched]",
    "invalid": ":red[check amount]",
}
FIX_HINTS = {
    "estimated": "The amount or portion was assumed. Write it (e.g. '1 cup', '30 g') or "
    "set the grams below.",
    "unmatched": "It adds nothing until you pick a food below or reword it.",
    "invalid": "This amount looks wrong and is not counted. Correct the grams below or the text.",
}
_RESTORED = "restored"


def corrected_meals(
    texts: Mapping[str, str], table: FoodTable
) -> tuple[tuple[tuple[str, meals.Meal], ...], tuple[Override, ...]]:
    """Parse each meal box, show its items for correction, and return the corrected meals."""
    parsed: list[tuple[str, meals.Meal]] = []
    overrides: list[Override] = []
    for meal, text in texts.items():
        if not text.strip():
            continue
        raw = meals.parse_meal(text, table)
        problems = sum(1 for item in raw.items if item.status in PROBLEM_STATUSES)
        label = f"Check {meal}: {len(raw.items)} item(s)"
        if problems:
            label += f", {problems} need attention"
        fixed: list[meals.MealItem] = []
        with st.expander(label, expanded=problems > 0):
            if raw.message:
                st.caption(raw.message)
            for position, item in enumerate(raw.items):
                corrected, override = _item_editor(meal, position, item, table)
                fixed.append(corrected)
                if override is not None:
                    overrides.append(override)
        parsed.append((meal, meals.meal_from_items(fixed)))
    return tuple(parsed), tuple(overrides)


def _item_editor(
    meal: str, position: int, item: meals.MealItem, table: FoodTable
) -> tuple[meals.MealItem, Override | None]:
    pick_key, grams_key = f"pick_{meal}_{position}", f"grams_{meal}_{position}"
    _forget_if_changed(meal, position, item.text)
    options = _options(item, st.session_state.get(pick_key), table)
    with st.container(border=True):
        st.markdown(_item_line(item))
        if item.status in PROBLEM_STATUSES:
            st.caption(f"{item.message} {FIX_HINTS[item.status]}".strip())
        left, right = st.columns([3, 1])
        pick = left.selectbox(
            "Food",
            list(options),
            format_func=options.__getitem__,
            placeholder="Pick a food",
            key=pick_key,
        )
        current = (
            item
            if pick is None or pick == item.fdc_id
            else meals.choose_food(item, int(pick), table)
        )
        _reset_grams_on_new_food(meal, position, pick, current.grams)
        chosen_grams = right.number_input(
            "Grams",
            min_value=0.0,
            step=5.0,
            format="%g",
            key=grams_key,
            disabled=current.fdc_id is None,
        )
        default_grams = current.grams
        if (
            chosen_grams is not None
            and current.fdc_id is not None
            and chosen_grams != current.grams
        ):
            current = meals.set_grams(current, float(chosen_grams), table)
        changed_food = pick is not None and pick != item.fdc_id
        changed_grams = chosen_grams is not None and chosen_grams != default_grams
        if changed_food or changed_grams:
            st.markdown(f"Now: {_item_line(current)}")
    if not (changed_food or changed_grams):
        return current, None
    override = Override(
        meal,
        position,
        item.text,
        int(pick) if changed_food and pick is not None else None,
        float(chosen_grams) if changed_grams and chosen_grams is not None else None,
    )
    return current, override


def _item_line(item: meals.MealItem) -> str:
    badge = STATUS_BADGES.get(item.status, item.status)
    food = item.food or "no food matched"
    portion = f" · {item.portion}" if item.portion else ""
    return (
        f"**{_escape(item.text)}** → {_escape(food)}{_escape(portion)} · {grams(item.grams)} · "
        f"**{mg(item.magnesium_mg)}** · {badge}"
    )


def _escape(text: str) -> str:
    """Keep user text from being read as Markdown."""
    for char in "\\`*_[]<>#|$~":
        text = text.replace(char, "\\" + char)
    return text


def _options(item: meals.MealItem, picked: object, table: FoodTable) -> dict[int | None, str]:
    options: dict[int | None, str] = {}
    if item.fdc_id is None:
        options[None] = "— not matched: pick a food —"
    else:
        options[item.fdc_id] = f"{item.food} (best match)"
    for alternative in item.alternatives:
        options.setdefault(alternative.fdc_id, f"{alternative.food} ({alternative.score:.0f})")
    if isinstance(picked, int) and picked not in options:
        options[picked] = _description(picked, table)
    return options


def _description(fdc_id: int, table: FoodTable) -> str:
    if fdc_id in table.foods.index:
        return str(table.foods.at[fdc_id, "description"])
    return f"FDC food {fdc_id}"


def _forget_if_changed(meal: str, position: int, text: str) -> None:
    """A different item now sits at this position: drop the old corrections."""
    for_key = f"for_{meal}_{position}"
    if st.session_state.get(for_key) != text:
        for key in (f"pick_{meal}_{position}", f"grams_{meal}_{position}"):
            st.session_state.pop(key, None)
        st.session_state.pop(f"grams_for_{meal}_{position}", None)
        st.session_state[for_key] = text


def _reset_grams_on_new_food(meal: str, position: int, pick: object, default: float | None) -> None:
    grams_key, for_key = f"grams_{meal}_{position}", f"grams_for_{meal}_{position}"
    if st.session_state.get(for_key) == _RESTORED:
        st.session_state[for_key] = pick
    if st.session_state.get(for_key) != pick or grams_key not in st.session_state:
        st.session_state[grams_key] = default
        st.session_state[for_key] = pick


def restore_overrides(overrides: Iterable[Override]) -> None:
    """Set the correction widgets from a saved day (call before they are drawn)."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith(("pick_", "grams_", "for_", "grams_for_")):
            del st.session_state[key]
    for override in overrides:
        set_override(override)


def set_override(override: Override) -> None:
    """Pre-set one item's correction widgets (call before they are drawn)."""
    where = f"{override.meal}_{override.position}"
    st.session_state[f"for_{where}"] = override.text
    for key in (f"pick_{where}", f"grams_{where}", f"grams_for_{where}"):
        st.session_state.pop(key, None)
    if override.fdc_id is not None:
        st.session_state[f"pick_{where}"] = override.fdc_id
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
    st.markdown("**Supplements as elemental magnesium**")
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
        st.caption(f"{_escape(item.text)}: {mg(item.elemental_mg)} elemental{_escape(note)}")
        shown.append(item)
    return tuple(shown)
