"""Meal slots: which food families make a breakfast, a lunch, a dinner or a snack.

A slot is a list of components, each a set of families with a minimum and maximum
number of foods. "A breakfast is a grain or bread, plus dairy, soy or fruit, plus
optional nuts or seeds" is data here, not ``if`` branches in the optimiser.

The candidate pool is small on purpose: per role, the foods with the most magnesium per
kcal among those people actually report eating (FNDDS, the foods of What We Eat in
America/NHANES), one per near-duplicate group, plus the user's favourites and locked foods.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import pandas as pd

from magfood.errors import PlanError
from magfood.foods import allowed, kind_codes, kind_keys
from magfood.table import FoodTable
from magfood.units import portion_cups, times_portion


@dataclass(frozen=True)
class Component:
    """One part of a meal: between ``min_items`` and ``max_items`` foods from ``families``."""

    name: str
    families: tuple[str, ...]
    min_items: int
    max_items: int


@dataclass(frozen=True)
class SlotTemplate:
    """A meal's composition, the largest share of the day's calorie maximum it may take,
    the smallest share of the day's calorie minimum it must bring and, if set, the most
    kcal one item of it may have (a snack is not a 600 kcal bag of trail mix)."""

    meal: str
    components: tuple[Component, ...]
    kcal_share: float
    kcal_floor: float = 0.0
    max_item_kcal: float | None = None

    @property
    def families(self) -> tuple[str, ...]:
        """Every family any component of this meal draws from."""
        return tuple(f for part in self.components for f in part.families)


@dataclass(frozen=True)
class Role:
    """What a food does in a meal (e.g. "bread", "milk and yogurt"), read from its family
    and description. ``servings`` is how many base portions a person eats at once, and
    ``grams`` the plausible weight of one base portion (a "1 blackberry" or a "1 medium
    watermelon" serving is left out of the pool)."""

    name: str
    families: tuple[str, ...]
    pattern: str | None
    servings: tuple[int, int]
    grams: tuple[float, float]


_SEEDS, _DAIRY, _GRAINS = "seeds and nuts", "soy and dairy", "whole grains"
_REFINED = "refined grains and baked goods"
#: Gluten-free starches a dietitian serves in place of a grain: corn tortillas, polenta,
#: grits and masa (corn), white or wild rice; potatoes, sweet potatoes, taro, plantain, yam
#: and cassava (hominy is left out: it is eaten in posole, a stew). The shipped FNDDS table
#: has no cooked amaranth, teff or sorghum; should it gain them, the whole-grain family
#: already makes them grains.
_CORN_OR_RICE = (
    r"^tortillas?, corn|^corn tortilla|polenta|cornmeal mush|^grits\b|"
    r"^masa harina|^rice, (?:white|wild)\b"
)
_STARCHY_VEGETABLE = (
    r"^(?:potato|sweet potato|taro|plantains?|yams?|cassava|yuca)\b(?!.*\b(?:leaves|candied)\b)"
)

#: Family + description -> meal role, first match wins: bread before cereal, so an oat bran
#: bagel or an oatmeal roll is a bread that lunch and dinner can use too (with few familiar
#: whole grains, a week of one-off grains needs them). Serving ranges follow the issue's
#: household amounts (½–2 cups of vegetables, 1–2 oz nuts, 1–2 slices of bread, 3–6 oz
#: fish) as multiples of the base serving that ``FoodTable.serving_of`` gives: ½ cup cooked
#: vegetables x1–4, 1 oz nuts x1–2, 1 slice x1–2, 3 oz fish x1–2, 1 cup milk x1–2.
ROLES: tuple[Role, ...] = (
    Role("milk and yogurt", (_SEEDS, _DAIRY), r"\bmilk\b|yogurt|kefir", (1, 2), (150, 260)),
    Role(
        "soy protein",
        (_DAIRY, "legumes"),
        r"tofu|soybean|tempeh|edamame|natto|veggie burger|meat substitute",
        (1, 2),
        (60, 260),
    ),
    Role("cheese", (_DAIRY,), r"cheese", (1, 2), (20, 130)),
    Role(
        "nuts and seeds",
        (_SEEDS, "legumes"),
        r"nut|seed|almond|cashew|tahini|peanut",
        (1, 2),
        (10, 60),
    ),
    Role("legumes", ("legumes",), None, (1, 3), (60, 200)),
    Role("corn or rice staple", (_GRAINS, _REFINED), _CORN_OR_RICE, (1, 2), (25, 260)),
    Role("bread", (_GRAINS,), r"bread|roll|bagel|tortilla|pita|muffin", (1, 2), (20, 100)),
    Role(
        "cereal",
        (_GRAINS,),
        r"\boat|cereal|granola|muesli|bran|shredded|grits|porridge",
        (1, 2),
        (25, 260),
    ),
    Role("grain", (_GRAINS,), None, (1, 2), (100, 260)),
    Role("fish", ("fish and seafood",), None, (1, 2), (60, 120)),
    Role("meat", ("meat and poultry",), None, (1, 2), (60, 120)),
    Role("eggs", ("eggs",), r"^egg", (1, 3), (30, 150)),
    Role("leafy greens", ("leafy greens",), None, (1, 3), (15, 200)),
    Role("starchy vegetable", ("vegetables",), _STARCHY_VEGETABLE, (1, 2), (75, 260)),
    Role("vegetables", ("vegetables",), None, (1, 4), (40, 200)),
    Role("fruit", ("fruit",), None, (1, 2), (40, 300)),
    Role("dark chocolate", ("cacao and dark chocolate",), None, (1, 1), (15, 45)),
)


@dataclass(frozen=True)
class ItemRange:
    """How much of one food a person eats at once in a role (``pattern``: only foods of the
    role whose description matches): the planned item's grams and kcal and, when its
    portion is a volume, cups. ``cups`` None: counted portions only (eggs, not "1 cup")."""

    role: str
    pattern: str | None
    grams: tuple[float, float]
    kcal: tuple[float, float]
    cups: tuple[float, float] | None


#: Egg yolks or whites alone: served only by the egg ("2 egg whites"), only as favourites.
EGG_PART = r"^egg, (?:yolk|white)"
_COOKED_CEREAL = r"cooked|oatmeal|porridge|grits|cream of|farina"
#: One planned item of a role, first match wins. Household amounts as dietitians plan them
#: (USDA Dietary Guidelines 2020-2025 cup-equivalents; MyPlate serving sizes): vegetables
#: and leafy greens ½–2 cups, cooked grains and hot cereal ½–1½ cups, legumes ½–1½ cups,
#: eggs 1–3, nuts and seeds ½–2 oz, drinks at most 2 cups (a sweet cocoa 1 cup), cheese
#: up to 2 oz (cottage cheese 1 cup), fish or meat 2–7 oz.
ITEM_RANGES: tuple[ItemRange, ...] = (
    ItemRange("milk and yogurt", r"cocoa|hot chocolate", (150, 260), (0, 300), (0.5, 1)),
    ItemRange("milk and yogurt", None, (120, 500), (0, 350), (0.5, 2)),
    ItemRange("soy protein", None, (60, 260), (0, 400), (0.25, 1.5)),
    ItemRange("cheese", None, (20, 250), (0, 300), (0.125, 1)),
    ItemRange("nuts and seeds", None, (14, 60), (0, 400), (0.0625, 0.5)),
    ItemRange("legumes", None, (60, 300), (0, 450), (0.5, 1.5)),
    ItemRange("corn or rice staple", None, (25, 300), (0, 450), (0.5, 1.5)),
    ItemRange("bread", None, (20, 120), (0, 350), (0.5, 2)),
    ItemRange("cereal", _COOKED_CEREAL, (120, 370), (0, 400), (0.5, 1.5)),
    ItemRange("cereal", None, (25, 120), (0, 400), (0.5, 2)),
    ItemRange("grain", None, (80, 300), (0, 450), (0.5, 1.5)),
    ItemRange("fish", None, (60, 200), (0, 450), (0.25, 1.5)),
    ItemRange("meat", None, (60, 200), (0, 450), (0.25, 1.5)),
    ItemRange("eggs", EGG_PART, (15, 110), (0, 250), None),
    ItemRange("eggs", None, (50, 150), (0, 350), None),
    ItemRange("leafy greens", None, (40, 250), (0, 200), (0.5, 2)),
    ItemRange("starchy vegetable", None, (75, 300), (0, 350), (0.5, 1.5)),
    ItemRange("vegetables", None, (40, 250), (0, 250), (0.5, 2)),
    ItemRange("fruit", None, (40, 300), (0, 300), (0.25, 2)),
    ItemRange("dark chocolate", None, (10, 45), (0, 250), None),
)


def item_range(role: str, description: str) -> ItemRange | None:
    """The realistic amount of one planned item of ``role`` (None: a role no meal uses)."""
    for spec in ITEM_RANGES:
        if spec.role == role and (
            spec.pattern is None or re.search(spec.pattern, description, re.IGNORECASE)
        ):
            return spec
    return None


def within(
    spec: ItemRange, grams: float, kcal: float, portion: str, cups: float | None = None
) -> bool:
    """Whether an item of ``grams``, ``kcal`` and household ``portion`` fits ``spec``;
    ``cups``, when known (the table's ``serving_cups`` times the servings), saves reading
    the portion text."""
    if cups is None or math.isnan(cups):
        cups = portion_cups(portion)
    if cups is not None and (
        spec.cups is None or not spec.cups[0] - _SLACK <= cups <= spec.cups[1] + _SLACK
    ):
        return False
    return (
        spec.grams[0] - _SLACK <= grams <= spec.grams[1] + _SLACK
        and spec.kcal[0] - _SLACK <= kcal <= spec.kcal[1] + _SLACK
    )


_SLACK = 1e-6

_PROTEIN = ("legumes", "soy protein", "fish", "meat", "eggs")
_VEGETABLE = ("leafy greens", "vegetables")
#: Roles that fill a grain component only when whole grains run short (see
#: :func:`whole_grains_suffice`): a gluten-free week has four whole grains for 21 grain
#: servings. A potato or a corn tortilla takes the grain's place on the plate.
STAPLE_ROLES = ("corn or rice staple", "starchy vegetable")
#: No snack item has more kcal than this (#11: "no snack item over 400 kcal").
SNACK_ITEM_KCAL = 400.0
_MAIN = (
    Component("protein", _PROTEIN, 1, 1),
    Component("grain", ("grain", "bread", *STAPLE_ROLES), 1, 1),
    Component("vegetable", _VEGETABLE, 1, 2),
)

#: Meal templates by role. A breakfast is a cereal, bread or grain (a porridge of quinoa or
#: millet, or grits or a corn tortilla when whole grains run short), with milk, yogurt or
#: fruit, and optionally nuts, seeds or an egg; lunch and dinner a protein, a grain (or a
#: potato, a tortilla, rice) and one or two vegetables; a snack one or two of fruit, nuts,
#: dairy or dark chocolate.
TEMPLATES: dict[str, SlotTemplate] = {
    "breakfast": SlotTemplate(
        "breakfast",
        (
            Component("grain", ("cereal", "bread", "grain", STAPLE_ROLES[0]), 1, 1),
            Component("side", ("milk and yogurt", "fruit", "cheese"), 1, 2),
            Component("extra", ("nuts and seeds", "eggs"), 0, 1),
        ),
        0.4,
        0.15,
    ),
    "lunch": SlotTemplate("lunch", _MAIN, 0.45, 0.2),
    "dinner": SlotTemplate("dinner", _MAIN, 0.5, 0.2),
    "snack": SlotTemplate(
        "snack",
        (
            Component(
                "snack",
                ("fruit", "nuts and seeds", "milk and yogurt", "cheese", "dark chocolate"),
                1,
                2,
            ),
        ),
        0.25,
        0.03,
        SNACK_ITEM_KCAL,
    ),
}


#: Foods per role in the pool: enough for a varied week, few enough to solve in seconds.
PER_ROLE = 12
#: FNDDS describes foods as people report eating them (WWEIA/NHANES), so its foods are the
#: familiar ones; SR Legacy adds raw ingredients and rarities (dock, emu, mothbeans).
FAMILIAR_DATA_TYPES = ("survey_fndds",)
#: Composite dishes do not fit a slot template (a sandwich is a grain and a protein).
COMPOSITE_DESCRIPTION = (
    r"salad|sandwich|soup|stew|casserole|entree|pizza|burrito|taco|\bhash\b|gumbo|kabob|"
    r"teriyaki|\band\b|sauce|gravy|pudding|pie\b|chips|frozen meal|puffs"
)
#: Foods few people would plan a week around, or forms that are not a serving of their role.
UNUSUAL = (
    r"escargot|caviar|papad|bacon bits|sweetbreads|imitation|cheese ball|creamed|with wine|"
    r"spread|processed|marshmallow|fast food|restaurant|deep fried|breaded|\bfried\b|"
    r"vermicelli|malted|breadsticks|crackers|^egg, (?:white|whole|yolk)|, raw$|"
    r"seaweed, pickled|cactus|luncheon meat|deli"
)
COMPOSITE_CATEGORY = (
    r"dishes|sandwich|soups|stir-fry|egg rolls|burritos|pizza|burgers|nachos|fried|"
    r"macaroni|ramen|mashed|coleslaw|mixtures|milk shakes|smoothies|nutritional"
)
POOL_COLUMNS = (
    "fdc_id",
    "food",
    "family",
    "role",
    "portion",
    "grams",
    "magnesium_mg",
    "kcal",
    "min_servings",
    "max_servings",
    "favourite",
)
_ROLE_SERVINGS = {role.name: role.servings for role in ROLES}
_NO_ROLE_SERVINGS = (1, 1)


def roles(table: FoodTable) -> pd.Series:
    """fdc_id -> meal role (``<NA>`` for foods no meal template uses)."""
    family = table.foods["family"]
    text = table.foods["description"].fillna("")
    role = pd.Series(pd.NA, index=table.foods.index, dtype="string")
    for spec in ROLES:
        hit = family.isin(spec.families) & role.isna()
        if spec.pattern is not None:
            hit &= text.str.contains(spec.pattern, case=False, regex=True)
        role[hit] = spec.name
    return role


def candidate_pool(
    table: FoodTable,
    *,
    diet: str = "omnivore",
    exclude: Iterable[str] = (),
    favourites: Iterable[int] = (),
    required: Iterable[int] = (),
    per_role: int = PER_ROLE,
) -> pd.DataFrame:
    """The foods the planner may choose, one row each with a base household serving.

    Favourites that fit the diet and exclusions join the pool; ``required`` foods (locked
    by the user) join it whatever they are. Raises PlanError for a required food the table
    does not have or cannot give a household serving for.
    """
    fits = _fits(table, diet, exclude)
    best = _best_per_role(table, fits, per_role)
    liked = [i for i in dict.fromkeys(int(i) for i in favourites) if fits.get(i, False)]
    needed = list(dict.fromkeys(int(i) for i in required))
    missing = [i for i in needed if i not in table.foods.index]
    if missing:
        raise PlanError(f"Locked food(s) {missing} are not in the food table; pick another food.")
    frame = _servings(table, best, favourites=set())
    frame = frame[_plausible(frame)].groupby("role", sort=False).head(per_role)
    extra = [i for i in dict.fromkeys([*liked, *needed]) if i not in set(frame["fdc_id"])]
    frame = pd.concat([frame, _servings(table, extra, set(liked), needed)], ignore_index=True)
    frame["favourite"] = frame["fdc_id"].isin(liked)
    unserved = [i for i in needed if i not in set(frame["fdc_id"])]
    if unserved:
        raise PlanError(
            f"Locked food(s) {unserved} have no household portion or no magnesium value in "
            "FDC; pick another food."
        )
    return frame


def _fits(table: FoodTable, diet: str, exclude: Iterable[str]) -> pd.Series:
    foods = table.foods
    try:
        fits = allowed(table, diet, exclude)
    except ValueError as exc:
        raise PlanError(f"{exc}.") from None
    fits &= table.foods["eaten_as_such"]
    fits &= foods["magnesium_mg_per_100g"].notna() & (foods["energy_kcal_per_100g"] > 0)
    return fits.fillna(False).astype(bool)


def _best_per_role(table: FoodTable, fits: pd.Series, per_role: int) -> list[int]:
    foods = table.foods
    text = foods["description"].fillna("")
    usable = fits & foods["data_type"].isin(FAMILIAR_DATA_TYPES).fillna(False)
    usable &= ~text.str.contains(COMPOSITE_DESCRIPTION, case=False, regex=True)
    usable &= ~text.str.contains(UNUSUAL, case=False, regex=True)
    usable &= ~foods["category"].fillna("").str.contains(COMPOSITE_CATEGORY, case=False)
    role = roles(table)
    frame = foods.loc[usable & role.notna(), ["fdc_id", "description", "family"]].assign(
        role=role,
        density=foods["magnesium_mg_per_100g"] / foods["energy_kcal_per_100g"],
    )
    frame["mg"] = foods["magnesium_mg_per_100g"]
    frame["kcal"] = foods["energy_kcal_per_100g"]
    frame = frame.sort_values(["density", "fdc_id"], ascending=[False, True])
    pairs = zip(frame["family"], frame["description"], strict=True)
    keys = (kind_keys(str(family), str(text)) for family, text in pairs)
    frame = frame[[code == i for i, code in enumerate(kind_codes(keys))]]
    frame = frame.drop_duplicates(["role", "mg", "kcal"])
    return [int(i) for i in frame["fdc_id"]]


def _plausible(frame: pd.DataFrame) -> pd.Series:
    """Whether each base serving weighs what a serving of its role plausibly weighs."""
    bounds = {role.name: role.grams for role in ROLES}
    low = frame["role"].map(lambda r: bounds[r][0])
    high = frame["role"].map(lambda r: bounds[r][1])
    return (frame["grams"] >= low) & (frame["grams"] <= high)


def _servings(
    table: FoodTable, ids: list[int], favourites: set[int], required: Iterable[int] = ()
) -> pd.DataFrame:
    """One row per food that has a household serving whose multiples fit its role's
    :data:`ITEM_RANGES` (min/max servings: the multiples that do). A required (locked)
    food keeps one serving whatever it weighs. Magnesium and kcal are those of the
    serving's rounded grams, so n servings are n times the rounded figures."""
    family, role = table.foods["family"], roles(table)
    keep = set(required)
    rows: list[list[object]] = []
    for fdc_id in ids:
        text = str(table.foods.at[fdc_id, "description"])
        portion = _base_serving(table, fdc_id)
        if portion is None:
            continue
        label, grams = portion
        per_100g = table.foods.loc[fdc_id, ["magnesium_mg_per_100g", "energy_kcal_per_100g"]]
        if per_100g.isna().any():
            continue
        mg, kcal = (grams * cast(float, v) / 100 for v in list(per_100g))
        name = role.get(fdc_id)
        role_name = str(family[fdc_id]) if pd.isna(name) else str(name)
        raw = float(cast(float, table.foods.at[fdc_id, "serving_cups"]))  # NaN: no volume
        same = label == table.foods.at[fdc_id, "serving_portion"] and not math.isnan(raw)
        counts = _counts(role_name, text, label, grams, kcal, raw if same else None)
        if counts is None and fdc_id not in keep:
            continue
        low, high = counts or (1, 1)
        values = (fdc_id, text, family[fdc_id], role_name, label, grams, mg, kcal, low, high)
        rows.append([*values, fdc_id in favourites])
    frame = pd.DataFrame(rows, columns=list(POOL_COLUMNS))
    return frame.astype({"fdc_id": "int64", "grams": float, "magnesium_mg": float, "kcal": float})


def _base_serving(table: FoodTable, fdc_id: int) -> tuple[str, float] | None:
    """The food's one serving (label, grams), the base every planned item multiplies."""
    found = table.serving_of(fdc_id)
    return None if found is None else (found.portion, found.grams)


def _counts(
    role: str, text: str, label: str, grams: float, kcal: float, cups: float | None = None
) -> tuple[int, int] | None:
    """The multiples of a base serving that fit the role's item range (None if none do);
    ``cups`` is the base serving's volume in cups, if known and a volume."""
    low, high = _ROLE_SERVINGS.get(role, _NO_ROLE_SERVINGS)
    spec = item_range(role, text)
    if spec is None:
        return low, high
    fit = [  # the table's cups spare reading the portion text (and loading pint)
        n
        for n in range(low, high + 1)
        if within(
            spec, grams * n, kcal * n, times_portion(label, n), None if cups is None else cups * n
        )
    ]
    return (min(fit), max(fit)) if fit else None


def whole_grains_suffice(
    pool: pd.DataFrame, templates: Iterable[SlotTemplate], days: int, max_repeats: int
) -> bool:
    """Whether the pool's grains, cereals and breads (each at most ``max_repeats`` times)
    can fill every grain component of the week; if not, starchy staples join them."""
    parts = [part for slot in templates for part in slot.components if "grain" in part.families]
    needed = days * sum(part.min_items for part in parts)
    kinds = {f for part in parts for f in part.families} - set(STAPLE_ROLES)
    return int(pool["role"].isin(kinds).sum()) * max_repeats >= needed
