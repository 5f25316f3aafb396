"""A day as it is logged: entries and supplement lines, and the corrections made to them.

An :class:`Entry` is one food in one meal: the text as typed ("1 cup cooked rice"), or a food
added by FDC id with its household portion and grams (a suggestion, a planned item, a food
picked from the table), plus whatever the person fixed: the food, the amount, the grams.
A :class:`DayLog` is a day's entries and supplement text; every change is a method that
returns a new log, so the page and the command line only call these and save the result.
``items`` reads each entry into a :class:`MealItem` (cached per table and entry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from magfood.foods.readable import serving_line
from magfood.intake.supplements import SupplementItem, parse_supplement
from magfood.meals import (
    MealItem,
    choose_food,
    food_index,
    food_item,
    parse_piece,
    set_amount,
    set_grams,
    split_meal,
)
from magfood.mealtimes import MEALS, MealTime, meal_of
from magfood.table import FoodTable, per_table


@dataclass(frozen=True)
class Entry:
    """One food logged in a meal, and what the person fixed about it.

    ``text`` is what was typed (or, for an added food, the line shown for it). An added food
    has ``fdc_id``, ``portion`` and ``portion_grams``: it is that food in that portion,
    nothing parsed. ``fdc_id`` on a typed entry is a food the person chose instead of the
    match; ``quantity``/``unit`` an amount they set; ``grams`` grams they typed.
    """

    id: int
    meal: MealTime | None
    text: str
    fdc_id: int | None = None
    quantity: float | None = None
    unit: str | None = None
    grams: float | None = None
    portion: str | None = None
    portion_grams: float | None = None

    @property
    def added(self) -> bool:
        """A food added by FDC id and portion rather than typed."""
        return (
            self.fdc_id is not None and self.portion is not None and self.portion_grams is not None
        )

    @property
    def corrected(self) -> bool:
        """Whether the person changed the food, amount or grams of a typed entry."""
        return not self.added and (
            self.fdc_id is not None or self.quantity is not None or self.grams is not None
        )


@dataclass(frozen=True)
class DayLog:
    """A day's entries, in the order they were logged, and its supplement lines."""

    day: date
    entries: tuple[Entry, ...] = ()
    supplements: str = ""
    _by_id: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: i for i, e in enumerate(self.entries)})

    # -- reading ---------------------------------------------------------------------------

    def entry(self, entry_id: int) -> Entry:
        """The entry with this id (KeyError if the day has none)."""
        return self.entries[self._by_id[entry_id]]

    def in_meal(self, meal: MealTime | None) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.meal == meal)

    def items(self, table: FoodTable) -> tuple[MealItem, ...]:
        """Every entry read into an item, in entry order."""
        return tuple(resolve_entry(entry, table) for entry in self.entries)

    # -- adding ----------------------------------------------------------------------------

    def add_text(self, meal: MealTime | None, text: str, table: FoodTable) -> DayLog:
        """Add what was typed: one entry per food phrase (a phrase that names its meal,
        "2 eggs for breakfast", goes to that meal); magnesium supplements join the
        supplement lines."""
        foods, supplements = split_supplements(text, table)
        log = self
        for label, piece in foods:
            log = log._appended(Entry(log._next_id(), label or meal, piece.strip()))
        if not supplements:
            return log
        return log.add_supplements("\n".join(s.text.strip() for s in supplements))

    def add_food(
        self,
        meal: MealTime | None,
        fdc_id: int,
        grams: float,
        portion: str,
        table: FoodTable,
        text: str | None = None,
    ) -> DayLog:
        """Add one food by FDC id in a household ``portion`` of ``grams`` grams, exactly."""
        label = text or serving_line(portion, table.description(fdc_id))
        entry = Entry(self._next_id(), meal, label, fdc_id, portion=portion, portion_grams=grams)
        return self._appended(entry)

    def add_entries(self, entries: Iterable[Entry]) -> DayLog:
        """Add copies of entries (another day's, say), each with a new id."""
        log = self
        for entry in entries:
            log = log._appended(replace(entry, id=log._next_id()))
        return log

    def add_copy(self, other: DayLog, table: FoodTable) -> DayLog:
        """Another day's foods appended (its supplement lines too, those this day lacks),
        each food pinned to the FDC food and grams it had that day: a copied breakfast
        is the same breakfast even if the matcher would now read its text otherwise. A
        food with no FDC food or grams is copied as typed, to be fixed here as there."""
        copies = [_pinned(entry, table) for entry in other.entries]
        log = self.add_entries(copies)
        have = {line.strip() for line in self.supplements.splitlines()}
        missing = [
            line.strip() for line in other.supplements.splitlines() if line.strip() not in have
        ]
        return log.add_supplements("\n".join(missing)) if missing else log

    def add_supplements(self, text: str) -> DayLog:
        lines = [line for line in (self.supplements.strip(), text.strip()) if line]
        return replace(self, supplements="\n".join(lines))

    def with_supplements(self, text: str) -> DayLog:
        return replace(self, supplements=text)

    # -- corrections -----------------------------------------------------------------------

    def choose_food(self, entry_id: int, fdc_id: int) -> DayLog:
        """Another food for an entry; its grams follow the food again."""
        return self._set(replace(self.entry(entry_id), fdc_id=fdc_id, grams=None))

    def set_amount(self, entry_id: int, quantity: float, unit: str | None) -> DayLog:
        """Another amount for an entry ("2", "cup"); its grams follow the amount again."""
        return self._set(replace(self.entry(entry_id), quantity=quantity, unit=unit, grams=None))

    def set_grams(self, entry_id: int, grams: float) -> DayLog:
        return self._set(replace(self.entry(entry_id), grams=grams))

    def set_text(self, entry_id: int, text: str) -> DayLog:
        """The entry retyped: read afresh, the old corrections dropped."""
        old = self.entry(entry_id)
        return self._set(Entry(old.id, old.meal, text.strip()))

    def move(self, entry_id: int, meal: MealTime) -> DayLog:
        return self._set(replace(self.entry(entry_id), meal=meal))

    def remove(self, entry_id: int) -> DayLog:
        return replace(self, entries=tuple(e for e in self.entries if e.id != entry_id))

    # -- internals -------------------------------------------------------------------------

    def _next_id(self) -> int:
        return max((e.id for e in self.entries), default=0) + 1

    def _appended(self, entry: Entry) -> DayLog:
        return replace(self, entries=(*self.entries, entry))

    def _set(self, entry: Entry) -> DayLog:
        entries = list(self.entries)
        entries[self._by_id[entry.id]] = entry
        return replace(self, entries=tuple(entries))


#: Items kept per table: a page rerun reads the same entries again.
RESOLVED_KEPT = 4096


def resolve_entry(entry: Entry, table: FoodTable) -> MealItem:
    """An entry read into an item: the typed text parsed (or the added food as it is), then
    the person's corrections applied in order: food, amount, grams."""
    cache = _resolved(table)
    item = cache.get(entry)
    if item is None:
        if len(cache) >= RESOLVED_KEPT:
            cache.clear()
        item = cache[entry] = _resolve(entry, table)
    return item


@per_table
def _resolved(table: FoodTable) -> dict[Entry, MealItem]:
    return {}


def _resolve(entry: Entry, table: FoodTable) -> MealItem:
    if entry.added:
        assert entry.fdc_id is not None and entry.portion and entry.portion_grams is not None
        item = food_item(
            entry.fdc_id,
            entry.portion_grams,
            entry.portion,
            table,
            text=entry.text,
            meal=entry.meal,
        )
    else:
        item = parse_piece(entry.text, entry.meal, table)
        if entry.fdc_id is not None and entry.fdc_id != item.fdc_id:
            item = choose_food(item, entry.fdc_id, table)
    if entry.quantity is not None:
        item = set_amount(item, entry.quantity, entry.unit, table)
    if entry.grams is not None:
        item = set_grams(item, entry.grams, table)
    return replace(item, meal=entry.meal)


def _pinned(entry: Entry, table: FoodTable) -> Entry:
    """An entry as a food added by FDC id and grams, in the amount it was read as."""
    item = resolve_entry(entry, table)
    if entry.added or item.fdc_id is None or item.grams is None or not item.status.counts:
        return entry
    return Entry(
        entry.id,
        entry.meal,
        item.text,
        item.fdc_id,
        portion=amount_words(item),
        portion_grams=item.grams,
    )


def amount_words(item: MealItem) -> str:
    """An item's amount as a person writes it: "1 oz", "2 large", "2", or its grams."""
    if item.quantity is not None and item.quantity > 0:
        return " ".join(f"{item.quantity:g} {item.unit or ''}".split())
    return "" if item.grams is None else f"{item.grams:.0f} g"


def log_from_texts(
    day: date,
    meals: Mapping[str, str],
    supplements: str,
    table: FoodTable,
    corrections: Iterable[tuple[str, int, Entry]] = (),
) -> DayLog:
    """A log from meal texts (meal name -> text, a saved day of an older diary or a day
    typed in one go), with corrections given as (meal, position in that meal, an entry
    whose food, amount and grams are applied to the entry at that position)."""
    log = DayLog(day, supplements=supplements)
    positions: dict[tuple[str, int], int] = {}
    for name in sorted(meals, key=_meal_order):
        before = len(log.entries)
        log = log.add_text(meal_of(name), meals[name], table)
        for position, entry in enumerate(log.entries[before:]):
            positions[(name, position)] = entry.id
    for name, position, fix in corrections:
        entry_id = positions.get((name, position))
        if entry_id is not None:
            old = log.entry(entry_id)
            fixed = replace(old, fdc_id=fix.fdc_id, quantity=fix.quantity, unit=fix.unit)
            log = log._set(replace(fixed, grams=fix.grams))
    return log


def _meal_order(name: str) -> int:
    meal = meal_of(name)
    return MEALS.index(meal) if meal is not None else len(MEALS)


def split_supplements(
    text: str, table: FoodTable
) -> tuple[list[tuple[MealTime | None, str]], list[SupplementItem]]:
    """A typed text's pieces (``split_meal``): the food phrases with their meal labels,
    and, apart, the magnesium supplements among them, read under the supplement rules."""
    foods: list[tuple[MealTime | None, str]] = []
    supplements: list[SupplementItem] = []
    for label, piece in split_meal(text if isinstance(text, str) else "", food_index(table)):
        supplement = parse_supplement(piece)
        if supplement is None:
            foods.append((label, piece))
        else:
            supplements.append(supplement)
    return foods, supplements
