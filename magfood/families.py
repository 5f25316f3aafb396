"""Food families, diet and allergen filters, and realistic household servings for FDC foods.

A food's family comes from its FDC category (SR Legacy food group or FNDDS WWEIA category),
refined by description keywords (``Tofu`` is soy, ``Almond milk`` is nuts, ``Bread,
whole-wheat`` is a whole grain). Diets and exclusions are keyword tags over the description
plus the family. All rules are data tables below, read top to bottom; the first match wins.

Gluten follows the usual US labelling caution: oats count as gluten-containing unless the
description says "gluten-free", because oats are commonly in contact with wheat. Coconut is
not a tree nut here, following FDA's 2025 food allergen guidance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from magfood.foods import FoodTable
from magfood.units import mass_grams, unit_kind, volume_ml

SUGGESTED = (
    "leafy greens",
    "seeds and nuts",
    "legumes",
    "whole grains",
    "fish and seafood",
    "soy and dairy",
    "fruit",
    "cacao and dark chocolate",
    "vegetables",
)
FAMILIES: tuple[str, ...] = (
    *SUGGESTED,
    "meat and poultry",
    "eggs",
    "refined grains and baked goods",
    "beverages",
    "sweets and snacks",
    "mixed dishes",
    "fats, oils and condiments",
    "spices and herbs",
    "baby food",
    "other",
)
DIETS = ("omnivore", "pescatarian", "vegetarian", "vegan")
EXCLUSIONS = ("nuts", "peanuts", "soy", "dairy", "fish", "gluten")

_MEAT, _GRAIN, _BAKED = "meat and poultry", "whole grains", "refined grains and baked goods"
_SWEET, _DRINK, _MIXED = "sweets and snacks", "beverages", "mixed dishes"
_FATS, _VEG, _DAIRY = "fats, oils and condiments", "vegetables", "soy and dairy"

#: FDC category (SR Legacy food group or FNDDS WWEIA category) -> base family.
CATEGORY_FAMILY: dict[str, str] = {
    # SR Legacy food groups
    "Baby Foods": "baby food",
    "Baked Products": _BAKED,
    "Beef Products": _MEAT,
    "Beverages": _DRINK,
    "Breakfast Cereals": _BAKED,
    "Cereal Grains and Pasta": _BAKED,
    "Dairy and Egg Products": _DAIRY,
    "Fast Foods": _MIXED,
    "Fats and Oils": _FATS,
    "Finfish and Shellfish Products": "fish and seafood",
    "Fruits and Fruit Juices": "fruit",
    "Lamb, Veal, and Game Products": _MEAT,
    "Legumes and Legume Products": "legumes",
    "Meals, Entrees, and Side Dishes": _MIXED,
    "Nut and Seed Products": "seeds and nuts",
    "Pork Products": _MEAT,
    "Poultry Products": _MEAT,
    "Restaurant Foods": _MIXED,
    "Sausages and Luncheon Meats": _MEAT,
    "Snacks": _SWEET,
    "Soups, Sauces, and Gravies": _MIXED,
    "Spices and Herbs": "spices and herbs",
    "Sweets": _SWEET,
    "Vegetables and Vegetable Products": _VEG,
    # FNDDS WWEIA categories (those not listed fall through to keywords, then "other")
    **dict.fromkeys(
        (
            "Baby food: cereals",
            "Baby food: fruit",
            "Baby food: meat and dinners",
            "Baby food: mixtures",
            "Baby food: snacks and sweets",
            "Baby food: vegetables",
            "Baby food: yogurt",
            "Baby juice",
            "Baby water",
            "Formula, prepared from powder",
            "Formula, ready-to-feed",
            "Human milk",
        ),
        "baby food",
    ),
    **dict.fromkeys(("Nuts and seeds",), "seeds and nuts"),
    **dict.fromkeys(("Beans, peas, legumes", "Bean, pea, legume dishes"), "legumes"),
    **dict.fromkeys(("Fish", "Shellfish"), "fish and seafood"),
    **dict.fromkeys(
        ("Soy and meat-alternative products", "Plant-based milk", "Plant-based yogurt"), _DAIRY
    ),
    **dict.fromkeys(
        (
            "Cheese",
            "Cottage/ricotta cheese",
            "Milk, whole",
            "Milk, reduced fat",
            "Milk, lowfat",
            "Milk, nonfat",
            "Flavored milk, whole",
            "Flavored milk, reduced fat",
            "Flavored milk, lowfat",
            "Flavored milk, nonfat",
            "Yogurt, regular",
            "Yogurt, Greek",
        ),
        _DAIRY,
    ),
    **dict.fromkeys(("Spinach",), "leafy greens"),
    **dict.fromkeys(
        (
            "Other dark green vegetables",
            "Lettuce and lettuce salads",
            "Broccoli",
            "Cabbage",
            "Carrots",
            "Corn",
            "Onions",
            "String beans",
            "Tomatoes",
            "Other red and orange vegetables",
            "Other starchy vegetables",
            "Other vegetables and combinations",
            "White potatoes, baked or boiled",
            "Vegetable dishes",
            "Fried vegetables",
            "Olives, pickles, pickled vegetables",
            "Coleslaw, non-lettuce salads",
            "French fries and other fried white potatoes",
            "Mashed potatoes and white potato mixtures",
        ),
        _VEG,
    ),
    **dict.fromkeys(
        (
            "Apples",
            "Bananas",
            "Blueberries and other berries",
            "Citrus fruits",
            "Dried fruits",
            "Grapes",
            "Mango and papaya",
            "Melons",
            "Other fruits and fruit salads",
            "Peaches and nectarines",
            "Pears",
            "Pineapple",
            "Strawberries",
        ),
        "fruit",
    ),
    **dict.fromkeys(("Oatmeal",), _GRAIN),
    **dict.fromkeys(
        (
            "Grits and other cooked cereals",
            "Rice",
            "Pasta, noodles, cooked grains",
            "Ready-to-eat cereal, higher sugar (>21.2g/100g)",
            "Ready-to-eat cereal, lower sugar (=<21.2g/100g)",
            "Yeast breads",
            "Bagels and English muffins",
            "Rolls and buns",
            "Tortillas",
            "Biscuits, muffins, quick breads",
            "Crackers, excludes saltines",
            "Saltine crackers",
            "Pancakes, waffles, French toast",
            "Cakes and pies",
            "Cookies and brownies",
            "Doughnuts, sweet rolls, pastries",
            "Turnovers and other grain-based items",
        ),
        _BAKED,
    ),
    **dict.fromkeys(
        (
            "Bacon",
            "Beef, excludes ground",
            "Chicken, whole pieces",
            "Chicken patties, nuggets and tenders",
            "Cold cuts and cured meats",
            "Frankfurters",
            "Ground beef",
            "Lamb, goat, game",
            "Liver and organ meats",
            "Pork",
            "Sausages",
            "Turkey, duck, other poultry",
        ),
        _MEAT,
    ),
    **dict.fromkeys(("Eggs and omelets",), "eggs"),
    **dict.fromkeys(
        (
            "Pizza",
            "Cheese sandwiches",
            "Meat mixed dishes",
            "Stir-fry and soy-based sauce mixtures",
            "Poultry mixed dishes",
            "Seafood mixed dishes",
            "Rice mixed dishes",
            "Fried rice and lo/chow mein",
            "Burritos and tacos",
            "Deli and cured meat sandwiches",
            "Meat and BBQ sandwiches",
            "Burgers",
            "Chicken fillet sandwiches",
            "Seafood sandwiches",
            "Frankfurter sandwiches",
            "Soups, broth-based",
            "Ramen and Asian broth-based soups",
            "Soups, cream-based",
            "Egg/breakfast sandwiches",
            "Vegetable sandwiches/burgers",
            "Peanut butter and jelly sandwiches",
            "Other Mexican mixed dishes",
            "Nachos",
            "Egg rolls, dumplings, sushi",
            "Pasta mixed dishes, excludes macaroni and cheese",
            "Macaroni and cheese",
            "Vegetables on a sandwich",
        ),
        _MIXED,
    ),
    **dict.fromkeys(
        (
            "Apple juice",
            "Citrus juice",
            "Other fruit juice",
            "Vegetable juice",
            "Beer",
            "Wine",
            "Liquor and cocktails",
            "Coffee",
            "Tea",
            "Soft drinks",
            "Diet soft drinks",
            "Fruit drinks",
            "Sport and energy drinks",
            "Diet sport and energy drinks",
            "Other diet drinks",
            "Bottled water",
            "Tap water",
            "Enhanced water",
            "Flavored or carbonated water",
            "Smoothies and grain drinks",
            "Nutritional beverages",
            "Milk shakes and other dairy drinks",
            "Protein and nutritional powders",
        ),
        _DRINK,
    ),
    **dict.fromkeys(
        (
            "Butter and animal fats",
            "Margarine",
            "Mayonnaise",
            "Salad dressings and vegetable oils",
            "Cream and cream substitutes",
            "Cream cheese, sour cream, whipped cream",
            "Dips, gravies, other sauces",
            "Mustard and other condiments",
            "Pasta sauces, tomato-based",
            "Tomato-based condiments",
            "Soy-based condiments",
        ),
        _FATS,
    ),
    **dict.fromkeys(
        (
            "Candy containing chocolate",
            "Candy not containing chocolate",
            "Gelatins, ices, sorbets",
            "Pudding",
            "Ice cream and frozen dairy desserts",
            "Jams, syrups, toppings",
            "Sugars and honey",
            "Sugar substitutes",
            "Potato chips",
            "Tortilla, corn, other chips",
            "Pretzels/snack mix",
            "Popcorn",
            "Cereal bars",
            "Nutrition bars",
        ),
        _SWEET,
    ),
}


@dataclass(frozen=True)
class _Rule:
    """Descriptions matching ``pattern`` move from a family in ``within`` (any if empty)."""

    family: str
    pattern: str
    within: tuple[str, ...] = ()
    unless: str | None = None
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    not_regex: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))
        unless = re.compile(self.unless, re.IGNORECASE) if self.unless else None
        object.__setattr__(self, "not_regex", unless)

    def applies(self, description: str, family: str) -> bool:
        if self.within and family not in self.within:
            return False
        if self.not_regex is not None and self.not_regex.search(description):
            return False
        return bool(self.regex.search(description))


_BAKED_SWEETS = (
    r"\b(cakes?|cookies?|pies?|doughnuts?|donuts?|brownies?|pastry|pastries|danish|"
    r"croissants?|sweet rolls?|cinnamon rolls?|cheesecake|eclairs?|muffins?|pancakes?|"
    r"waffles?|crepes?|french toast|biscuits?|bars?)\b"
)
_EVERYWHERE = ()
_UNCLASSIFIED = ("other", _MIXED, _DRINK, _SWEET)

#: Keyword refinements, first match wins.
FAMILY_RULES: tuple[_Rule, ...] = (
    _Rule("baby food", r"^babyfood|\binfant formula|\bbaby food\b", _EVERYWHERE),
    _Rule(
        "cacao and dark chocolate",
        r"\bcacao\b|\bchocolate, dark\b|\bdark chocolate\b|^cocoa(, dry)? powder|"
        r"^cocoa, dry|baking chocolate|chocolate, unsweetened|chocolate, baking",
        (_SWEET, "other"),
    ),
    _Rule(
        _DAIRY,
        r"\bsoy|\btofu\b|\btempeh\b|\bnatto\b|\bedamame\b|\bsoybeans?\b",
        ("legumes", _VEG, _DRINK, "other", _DAIRY),
        r"\bsauce\b|\bflour\b",
    ),
    _Rule(_FATS, r"\bsoy sauce\b|^miso\b|^sauce\b", ("legumes", _DAIRY)),
    _Rule(_SWEET, r"ice cream|frozen (yogurt|dessert)|\bpuddings?\b|\bcustard", (_DAIRY,)),
    _Rule(_DRINK, r"nutritional supplement|\bdrink\b|\bbeverages?\b|\bshakes?\b", (_DAIRY,)),
    _Rule("legumes", r"^peanuts?\b|^peanut butter", ("seeds and nuts", "legumes", "other")),
    _Rule(
        "seeds and nuts",
        r"\b(almond|cashew|hazelnut|macadamia|walnut|pecan|pistachio|coconut)\b.*"
        r"\b(milk|yogurt|beverage)\b|\b(almond|cashew|nut)milk\b",
        (_DRINK, _DAIRY, "other"),
    ),
    _Rule(_DRINK, r"\b(rice|oat|hemp|pea|flax)\b.*\bmilk\b|\boatmilk\b", (_DAIRY,)),
    _Rule(
        "leafy greens",
        r"\b(spinach|kale|chard|collards?|greens|lettuce|arugula|rocket|watercress|cress|"
        r"bok choy|pak[- ]?choi|pakchoi|romaine|endive|escarole|radicchio|mizuna|sorrel|"
        r"purslane|lambsquarters|beet greens|grape leaves|vine leaves|amaranth leaves|"
        r"pumpkin leaves|sweet potato leaves|taro leaves|cabbage, chinese|chinese cabbage|"
        r"dandelion|nettles?|dock|malabar|moringa leaves|fiddlehead)\b",
        (_VEG,),
    ),
    _Rule(
        _GRAIN,
        r"whole[- ]?(wheat|grain)|100% whole|\boats?\b|\boat bran\b|\boatmeal\b|brown rice|"
        r"rice, brown|wild rice|\bquinoa\b|\bbuckwheat\b|\bmillet\b|\bamaranth\b|\bbarley\b|"
        r"\bbulgur\b|\bteff\b|\bspelt\b|\bsorghum\b|\bbran\b|wheat germ|\bkamut\b|"
        r"\btriticale\b|\bgranola\b|shredded wheat|\bmuesli\b|\bfreekeh\b|\bfarro\b",
        (_BAKED, "other"),
        _BAKED_SWEETS,
    ),
    _Rule("eggs", r"\beggs?\b|\bomelets?\b|\begg (white|yolk|substitute)", (_DAIRY, "other")),
    _Rule(_DRINK, r"^[^,]*\b(juice|nectar|drink|smoothie|beverage)s?\b", ("fruit",)),
    _Rule(
        "fish and seafood",
        r"^(fish|crustaceans|mollusks)\b|^(salmon|tuna|sardines?|shrimp|cod)\b",
        _UNCLASSIFIED,
    ),
    _Rule(
        _MEAT,
        r"^(beef|pork|chicken|turkey|lamb|veal|bison|game meat|duck|goose|ham|bacon|"
        r"sausage|frankfurter|bologna|salami|meat)\b",
        _UNCLASSIFIED,
        r"\bmeatless\b|\bvegetarian\b",
    ),
    _Rule("spices and herbs", r"^(basil|chives|cilantro|parsley|dill)\b", ("other",)),
    _Rule(_SWEET, r"^(candies|chocolate)\b", ("other",)),
)


def family_of(description: str, category: str | None) -> str:
    """The family of one FDC food: its category's family, refined by description keywords."""
    family = CATEGORY_FAMILY.get(category or "", "other")
    for rule in FAMILY_RULES:
        if rule.applies(description, family):
            return rule.family
    return family


# --- diet and allergen tags -------------------------------------------------------------

#: Phrases removed before tag matching, so that "peanut butter" is not butter and
#: "water chestnut" is not a nut.
_NEUTRAL_PHRASES = (
    r"(peanut|almond|nut|cashew|sesame|sunflower|soy|seed|apple|cocoa|shea|cookie|pumpkin)"
    r"[- ]butters?",
    r"butter ?beans?|butternut|butterhead|butterbur|butterscotch|buttercup",
    r"(soy|almond|coconut|rice|oat|cashew|hemp|pea|flax|hazelnut|macadamia|walnut)[- ]?milk",
    r"coconut cream|cream of (tartar|wheat|rice)|cream soda|non-?dairy|dairy[- ]free",
    r"coconut meat|nutmeg butter|water ?chestnuts?|nutmeg|coconut|doughnut|butternut squash",
    r"rice (noodles?|pasta|cakes?|crackers?|flour|bran|paper)|(corn|potato|almond|coconut|"
    r"soy|chickpea|cassava|tapioca|peanut|sesame|sunflower seed|cottonseed|rice|buckwheat|"
    r"arrowroot|mesquite|acorn) flour|corn tortillas?|tortillas?, corn|tortilla chips|"
    r"root beer|corn bran|gluten[- ]free|ginger ale",
    r"\beggplant|\begg[- ]?free|eggless|\bchick ?peas?|lamb'?s[- ]?quarters|\bhoneydew|"
    r"crab ?apples?|buffalo sauce|duck sauce",
)
_NEUTRAL = re.compile("|".join(_NEUTRAL_PHRASES), re.IGNORECASE)

_PLANT_MADE = r"\bmeatless\b|\bvegetarian\b|\bvegan\b|\bveggie\b|meat[- ]free|plant[- ]based"

#: tag -> (description pattern, families that always carry the tag, pattern that cancels it)
TAGS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "meat": (
        r"\b(beef|pork|chicken|turkey|ham|hams|bacon|sausages?|lamb|veal|mutton|duck|goose|"
        r"venison|bison|buffalo|elk|moose|caribou|rabbit|squirrel|quail|pheasant|meats?|"
        r"meatballs?|meatloaf|frankfurters?|hot ?dogs?|franks|pepperoni|salami|bologna|"
        r"liverwurst|bratwurst|kielbasa|chorizo|prosciutto|pastrami|jerky|lard|tallow|suet|"
        r"gravy|giblets|liver|chitterlings|oxtail|tripe|hamburgers?|cheeseburgers?|"
        r"burgers?|club|italian wedding|broth|stock|bouillon|consomme|pot roast|steak|"
        r"ribs|wings?|nuggets|drumsticks?|brisket|carnitas|barbacoa|gyro|menudo|pozole|posole|carne|asada)\b",
        (_MEAT,),
        _PLANT_MADE + r"|vegetable (broth|stock)|mushroom (broth|gravy)|fish (broth|stock)",
    ),
    "fish": (
        r"\b(fish|salmon|tuna|cod|pollock|haddock|halibut|tilapia|catfish|trout|bass|perch|"
        r"pike|snapper|grouper|flounder|sole|mackerel|herring|sardines?|anchov(y|ies)|carp|"
        r"mullet|roe|caviar|shrimps?|prawns?|crabs?|crayfish|crawfish|lobsters?|clams?|"
        r"oysters?|mussels?|scallops?|squid|calamari|octopus|abalone|conch|whelks?|"
        r"eels?|seafood|surimi|sushi|sashimi|whitefish|swordfish|shark|sturgeon|smelts?|"
        r"whiting|croaker|pompano|cisco|burbot|mahimahi|milkfish|roughy|rockfish|"
        r"sablefish|shad|tilefish|wolffish|butterfish|bluefish|lingcod|monkfish|walleye|"
        r"worcestershire|chowder|cuttlefish)\b",
        ("fish and seafood",),
        r"\bimitation (?!crab)",
    ),
    "dairy": (
        r"\b(milk|milks|cheese|cheeses|cheddar|mozzarella|parmesan|ricotta|yogurt|yoghurt|"
        r"butter|buttered|buttermilk|cream|whey|casein|caseinate|ghee|kefir|custard|"
        r"pudding|ice cream|milkshake|milk shake|lactose|curds?|paneer|queso|alfredo|"
        r"au gratin|scalloped|latte|cappuccino|mocha|eggnog|pizza|lasagna|quesadilla|"
        r"macaroni and cheese|fudge|frozen yogurt|sundaes?|banana split|shakes?|sherbet)\b",
        (_DAIRY,),
        r"\bvegan\b|\bsoy|\btofu|\bnatto|\btempeh|\bedamame|non-?dairy|dairy[- ]free|"
        r"(almond|cashew|coconut|oat|rice|hemp|pea|flax) ?milk|plant-based",
    ),
    "egg": (
        r"\b(eggs?|egg whites?|egg yolks?|omelets?|omelettes?|frittata|quiche|meringue|"
        r"mayonnaise|mayo|custard|eggnog|souffle|hollandaise|aioli)\b|" + _BAKED_SWEETS,
        ("eggs",),
        r"\bvegan\b",
    ),
    "honey": (r"\bhoney\b", (), None),
    "gelatin": (
        r"\bgelatins?\b|\bjell-?o\b|\bmarshmallows?\b|\bgumm(y|ies)\b|\baspic\b|\bcollagen\b",
        (),
        r"\bvegan\b",
    ),
    "nuts": (
        r"\b(almonds?|cashews?|walnuts?|pecans?|pistachios?|hazelnuts?|filberts?|"
        r"macadamias?|brazil ?nuts?|brazilnuts?|pine ?nuts?|pinyon|pignolias?|"
        r"(?<!water )chestnuts?|beechnuts?|hickory ?nuts?|ginkgo|nuts?(?!, coconut)|praline|"
        r"marzipan|nutella|gianduja|pesto|baklava|trail mix|nut butter)\b",
        (),
        None,
    ),
    "peanuts": (
        r"\bpeanuts?\b|\bpeanut|\bgoobers?\b|\bgroundnuts?\b|\bsatay\b",
        (),
        r"without peanuts",
    ),
    "soy": (
        r"\bsoy|\bsoya\b|\btofu\b|\btempeh\b|\bmiso\b|\bnatto\b|\bedamame\b|\btamari\b|"
        r"\bteriyaki\b|textured vegetable protein|\bmeatless\b|\bveggie burgers?\b",
        (),
        None,
    ),
    "gluten": (
        r"\b(wheat|wheats|barley|rye|triticale|spelt|semolina|durum|farina|bulgur|bulgar|"
        r"couscous|seitan|malt|malted|kamut|farro|freekeh|einkorn|emmer|graham|breads?|"
        r"breaded|breading|batter|battered|pasta|spaghetti|macaroni|noodles?|lasagna|"
        r"ravioli|tortellini|gnocchi|crackers?|pretzels?|bagels?|buns?|rolls?|croissants?|"
        r"muffins?|biscuits?|cakes?|cookies?|pies?|pastry|pastries|doughnuts?|donuts?|"
        r"pizza|tortillas?|burritos?|wraps?|sandwich(es)?|croutons?|stuffing|dumplings?|"
        r"pancakes?|waffles?|crepes?|granola|oats?|oatmeal|flour|soy sauce|teriyaki|beer|"
        r"gravy|breadcrumbs|panko|bran|udon|ramen|orzo|matzo|pita|naan|chapati|roti|"
        r"brownies?|wafers?|cereals? ready-to-eat|ready-to-eat cereal|vital wheat gluten|"
        r"french toast|cheerios|wheaties|chex|kix)\b",
        (),
        r"gluten[- ]free",
    ),
}

#: FNDDS categories whose foods all carry a tag, whatever their description says.
CATEGORY_TAGS: dict[str, tuple[str, ...]] = {
    "meat": (
        "Meat mixed dishes",
        "Poultry mixed dishes",
        "Deli and cured meat sandwiches",
        "Meat and BBQ sandwiches",
        "Burgers",
        "Chicken fillet sandwiches",
        "Frankfurter sandwiches",
    ),
    "fish": ("Seafood mixed dishes", "Seafood sandwiches"),
    "dairy": ("Cheese sandwiches", "Macaroni and cheese", "Soups, cream-based"),
    "egg": ("Egg/breakfast sandwiches",),
    "peanuts": ("Peanut butter and jelly sandwiches",),
}

#: Tags read from the description as written ("peanut butter" is peanuts, "soymilk" is soy).
_ALLERGEN_TEXT_TAGS = ("nuts", "peanuts", "soy")

#: diet -> the tags it leaves out.
DIET_EXCLUDES: dict[str, tuple[str, ...]] = {
    "omnivore": (),
    "pescatarian": ("meat",),
    "vegetarian": ("meat", "fish", "gelatin"),
    "vegan": ("meat", "fish", "dairy", "egg", "honey", "gelatin"),
}

#: Words people type for the named exclusions (shellfish and seafood over-exclude to fish: safe).
EXCLUSION_ALIASES: dict[str, str] = {
    "nut": "nuts",
    "tree nut": "nuts",
    "tree nuts": "nuts",
    "peanut": "peanuts",
    "soya": "soy",
    "soybean": "soy",
    "soybeans": "soy",
    "milk": "dairy",
    "lactose": "dairy",
    "shellfish": "fish",
    "seafood": "fish",
    "wheat": "gluten",
}


def families(table: FoodTable) -> pd.Series:
    """fdc_id -> family for every food of the table (computed once per table)."""
    return _cache(table).families


def food_tags(table: FoodTable) -> pd.DataFrame:
    """fdc_id -> one boolean column per diet/allergen tag (meat, fish, dairy, ..., gluten)."""
    return _cache(table).tags


def allowed(table: FoodTable, diet: str = "omnivore", exclude: Iterable[str] = ()) -> pd.Series:
    """fdc_id -> whether a food fits the diet and none of the exclusions.

    Exclusions are the names in ``EXCLUSIONS`` (or a word in ``EXCLUSION_ALIASES``) or a family
    name; any other word leaves out foods whose description contains it (at a word start,
    any case).
    Raises ValueError for a diet not in ``DIETS``.
    """
    if diet not in DIET_EXCLUDES:
        raise ValueError(f"unknown diet {diet!r}; expected one of {', '.join(DIETS)}")
    tags = food_tags(table)
    blocked = tags[list(DIET_EXCLUDES[diet])].any(axis=1)
    for word in exclude:
        term = re.sub(r"\s+", " ", word.strip().lower())
        if not term:
            continue
        tag = EXCLUSION_ALIASES.get(term, term)
        if tag in EXCLUSIONS:
            blocked |= tags[tag]
        elif tag in FAMILIES:
            blocked |= families(table) == tag
        else:
            pattern = r"\b" + re.escape(term)
            blocked |= _contains(table.foods["description"], pattern)
    return ~blocked.astype(bool)


# --- eaten as such ----------------------------------------------------------------------

#: Forms nobody eats as such: ingredients, powders, dry mixes, raw dry pulses and grains.
NOT_EATEN_PATTERN = (
    r"\bpowder(ed)?\b|\bdehydrated\b|\bdry mix\b|\bmix, dry\b|\bflour\b|\bmeal\b|defatted|"
    r"protein (isolate|concentrate)|\bconcentrate\b|\bcrude\b|leavening|baking (soda|powder)|"
    r"\byeast\b(?! extract)|\bunprepared\b|not reconstituted|\bdry form\b|as ingredient|"
    r"for use (with|on)|^babyfood|infant formula|\bagar\b|spirulina|\bgelatin, dry|"
    r"\bdry\b(?![- ](roasted|heat))|\bfreeze-dried\b|vital wheat gluten|\bextract\b|"
    r"\bseaweed, dried\b|\bwheat (germ|bran)\b$|canned, liquid|\bliquid from|dried and salted"
)
_NOT_EATEN_FAMILIES = ("baby food", "spices and herbs")
#: Raw or uncooked pulses and grains: need cooking first (sprouts and fresh peanuts are fine).
_RAW_PULSE_OR_GRAIN = (
    r"\braw\b|\buncooked\b|\bdry\b|^oats\b|^(buckwheat|sorghum|triticale|amaranth grain|"
    r"quinoa|millet|teff|spelt|rye|wheat|barley|bulgur|couscous|cornmeal|corn grain|kamut|"
    r"hominy|semolina|farro|wild rice)\b(?!.*\b(cooked|boiled|steamed|prepared|made|baked|"
    r"toasted|popped|puffed|bread|canned))"
)
_PULSE_OR_GRAIN_FAMILIES = ("legumes", _GRAIN, _BAKED)
_RAW_IS_FINE = r"sprouted|\bpeanuts?\b|\bsoybeans, green\b|\bedamame\b|\bcereals ready"
#: Dried milk, whey, egg and cheese powders are ingredients.
_DRIED_DAIRY = r"\bdried\b|\bdry\b"
_DAIRY_AND_EGGS = (_DAIRY, "eggs")
_NOT_EATEN_CATEGORIES = ("Protein and nutritional powders", "Sugar substitutes")


def eaten_as_such(table: FoodTable) -> pd.Series:
    """fdc_id -> False for ingredients (raw dry beans and grains, spices, powders, flours,
    dry mixes, baby food), True for ready-to-eat foods."""
    return _cache(table).eaten


def _eaten(foods: pd.DataFrame, family: pd.Series) -> pd.Series:
    text = foods["description"].fillna("")
    not_eaten = _contains(text, NOT_EATEN_PATTERN)
    not_eaten |= family.isin(_NOT_EATEN_FAMILIES)
    not_eaten |= foods["category"].isin(_NOT_EATEN_CATEGORIES).fillna(False).astype(bool)
    raw = _contains(text, _RAW_PULSE_OR_GRAIN)
    raw &= ~_contains(text, _RAW_IS_FINE)
    not_eaten |= raw & (family.isin(_PULSE_OR_GRAIN_FAMILIES) | _contains(text, "mature seeds"))
    not_eaten |= _contains(text, _DRIED_DAIRY) & family.isin(_DAIRY_AND_EGGS)
    return ~not_eaten.astype(bool)


# --- servings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Serving:
    """A realistic household serving of one food, with its magnesium and energy."""

    fdc_id: int
    portion: str
    grams: float
    magnesium_mg: float | None
    kcal: float | None


#: (families, description pattern or None, wanted (unit, amount) in order of preference)
SERVING_RULES: tuple[tuple[tuple[str, ...], str | None, tuple[tuple[str, float], ...]], ...] = (
    (("seeds and nuts",), r"\b(milk|beverage|drink|yogurt)\b", (("cup", 1), ("fl oz", 8))),
    (("seeds and nuts", "legumes"), r"butter|paste|tahini|spread|hummus", (("tbsp", 2),)),
    (("seeds and nuts", "cacao and dark chocolate"), r"powder|^cocoa", (("tbsp", 1),)),
    (("seeds and nuts", "cacao and dark chocolate"), None, (("oz", 1),)),
    (("legumes",), r"\bpeanuts?\b", (("oz", 1),)),
    (("legumes",), None, (("cup", 0.5),)),
    ((_DAIRY,), r"\b(milk|soymilk|beverage|drink|kefir|yogurt|buttermilk)", (("cup", 1),)),
    ((_DAIRY, "legumes"), r"soy ?nuts|roasted", (("oz", 1),)),
    ((_DAIRY,), r"cottage|ricotta|tofu|tempeh|edamame|soybeans", (("cup", 0.5), ("oz", 3))),
    ((_DAIRY,), r"cheese|cheddar|mozzarella|parmesan|swiss", (("oz", 1),)),
    ((_DAIRY,), r"cream|butter", (("tbsp", 1),)),
    (("leafy greens", _VEG), r"\braw\b", (("cup", 1), ("medium", 1))),
    ((_VEG,), r"potato", (("medium", 1), ("cup", 0.5))),
    (("leafy greens", _VEG), None, (("cup", 0.5), ("medium", 1))),
    (
        (_GRAIN, _BAKED),
        r"\b(bread|rolls?|bagels?|muffins?|buns?|tortillas?|pita|toast)\b",
        (("slice", 1), ("medium", 1), ("each", 1), ("piece", 1), ("oz", 1)),
    ),
    ((_GRAIN, _BAKED), r"granola|muesli", (("cup", 0.5),)),
    ((_GRAIN, _BAKED), r"wheat germ|\bbran\b(?! flakes)(?!.*cooked)", (("tbsp", 2),)),
    ((_GRAIN, _BAKED), r"crackers?|crispbread|wafers?|cookies?|chips", (("oz", 1),)),
    ((_GRAIN, _BAKED), None, (("cup", 1), ("slice", 1), ("piece", 1), ("each", 1))),
    (("fish and seafood",), r"\bcaviar\b|\broe\b", (("tbsp", 1),)),
    (("fish and seafood", _MEAT), None, (("oz", 3),)),
    (("eggs",), None, (("large", 1), ("egg", 1), ("medium", 1), ("each", 1))),
    (("fruit",), r"dried|raisins?|prunes?|\bdates?\b", (("cup", 0.25),)),
    (("fruit",), r"canned|frozen|sauce|juice", (("cup", 0.5),)),
    (("fruit",), None, (("medium", 1), ("each", 1), ("fruit", 1), ("cup", 1))),
    ((_DRINK,), None, (("cup", 1), ("fl oz", 8), ("can", 1), ("bottle", 1))),
    ((_SWEET,), None, (("oz", 1), ("bar", 1), ("piece", 1))),
    ((_FATS,), None, (("tbsp", 1), ("tsp", 1))),
    (("spices and herbs",), None, (("tsp", 1),)),
)
#: The most a serving may weigh (a "1 medium" watermelon is not a serving); "" for the rest.
MOST_GRAMS: dict[str, float] = {_DRINK: 500.0, _MIXED: 500.0, "": 300.0}
_DEFAULT_WANTED: tuple[tuple[str, float], ...] = (
    ("cup", 1),
    ("serving", 1),
    ("each", 1),
    ("piece", 1),
    ("slice", 1),
    ("medium", 1),
    ("sandwich", 1),
)
#: FNDDS measures that are not household portions.
_NOT_A_PORTION = re.compile(
    r"guideline amount|quantity not specified|\byields?\b|in shell|with shell", re.IGNORECASE
)
_UNSPECIFIED = "Quantity not specified"


def serving(table: FoodTable, fdc_id: int) -> Serving | None:
    """A realistic household serving for one food, or None if FDC gives it no portion at all.

    Picks the family's usual measure (nuts 1 oz, cooked greens 1/2 cup, fish 3 oz, fruit
    1 medium, bread 1 slice, ...) from the food's own FDC portions, scaling a portion of the
    same unit ("1 cup" -> "1/2 cup") or of another volume unit; else the food's first
    household portion; "Quantity not specified" only if that is all FDC has.
    """
    cache = _cache(table)
    if fdc_id not in cache.servings:
        cache.servings[fdc_id] = _find_serving(table, cache, int(fdc_id))
    return cache.servings[fdc_id]


def _find_serving(table: FoodTable, cache: _TableCache, fdc_id: int) -> Serving | None:
    if fdc_id not in table.foods.index:
        return None
    row = table.foods.loc[fdc_id]
    description = str(row["description"])
    portions = cache.portions.get(fdc_id, [])
    family = str(cache.families[fdc_id])
    most = MOST_GRAMS.get(family, MOST_GRAMS[""])
    found = _portion_for(_wanted(family, description), portions, most)
    if found is None:
        return None
    label, grams = found
    return Serving(
        fdc_id=fdc_id,
        portion=label,
        grams=round(grams, 1),
        magnesium_mg=_per(grams, row["magnesium_mg_per_100g"]),
        kcal=_per(grams, row["energy_kcal_per_100g"]),
    )


def _per(grams: float, per_100g: Any) -> float | None:
    return None if pd.isna(per_100g) else round(grams * float(per_100g) / 100, 1)


def _wanted(family: str, description: str) -> tuple[tuple[str, float], ...]:
    for rule_families, pattern, wanted in SERVING_RULES:
        if family in rule_families and (
            pattern is None or re.search(pattern, description, re.IGNORECASE)
        ):
            return wanted
    return _DEFAULT_WANTED


_Portion = tuple[float, str | None, str, float]  # amount, unit, measure, gram_weight
#: "1 banana", "1 crust": a single item FDC gives without a unit word; counts as "each".
_ONE_ITEM = re.compile(r"^1 [a-z][a-z -]*$", re.IGNORECASE)


def _portion_for(
    wanted: tuple[tuple[str, float], ...], portions: list[_Portion], most_grams: float
) -> tuple[str, float] | None:
    usable = [p for p in portions if not _NOT_A_PORTION.search(p[2])]
    for unit, amount in wanted:
        found = _scaled(unit, amount, usable)
        if found is not None and found[1] <= most_grams:
            return found
    for p_amount, p_unit, measure, weight in usable:
        if p_unit is not None and unit_kind(p_unit) != "mass" and weight / p_amount <= most_grams:
            return _label(1, p_unit, measure), weight / p_amount
    if usable:
        return _clean_measure(usable[0][2]), usable[0][3]
    unspecified = [p for p in portions if p[2].strip().lower() == _UNSPECIFIED.lower()]
    if unspecified:
        return _UNSPECIFIED, unspecified[0][3]
    return None


def _scaled(unit: str, amount: float, portions: list[_Portion]) -> tuple[str, float] | None:
    """(label, grams) for ``amount`` of ``unit`` from the food's portions, if they allow it."""
    kind = unit_kind(unit)
    if kind == "mass":
        return _label(amount, unit), mass_grams(amount, unit)
    for p_amount, p_unit, measure, weight in portions:
        if p_unit == unit:
            return _label(amount, unit, measure), weight / p_amount * amount
    if unit == "each":
        for _amount, p_unit, measure, weight in portions:
            if p_unit is None and _ONE_ITEM.match(measure.strip()):
                return measure.strip(), weight
    if kind == "volume":
        for p_amount, p_unit, _measure, weight in portions:
            if p_unit is not None and unit_kind(p_unit) == "volume":
                ml = volume_ml(p_amount, p_unit)
                return _label(amount, unit), weight / ml * volume_ml(amount, unit)
    return None


def _label(amount: float, unit: str, measure: str = "") -> str:
    """ "1/2 cup, chopped": the amount as a kitchen fraction, the unit, the FDC wording."""
    text = f"{_fraction(amount)} {_plural(unit) if amount > 1 else unit}"
    head = measure.split("(")[0]
    detail = head.split(",", 1)[1].strip() if "," in head else ""
    return f"{text}, {detail}" if detail and len(detail) <= 30 else text


def _fraction(amount: float) -> str:
    whole, part = divmod(Fraction(amount).limit_denominator(8), 1)
    if part == 0:
        return str(whole)
    return f"{whole} {part}" if whole else str(part)


def _plural(unit: str) -> str:
    if unit in ("oz", "fl oz", "tbsp", "tsp", "g", "ml", "medium", "large", "small"):
        return unit
    return unit + "es" if unit.endswith(("ch", "sh", "x")) else unit + "s"


def _clean_measure(measure: str) -> str:
    return re.sub(r"\s+", " ", measure.split("(")[0]).strip(" ,") or measure


# --- the per-table cache ----------------------------------------------------------------


@dataclass
class _TableCache:
    table: FoodTable
    families: pd.Series
    tags: pd.DataFrame
    eaten: pd.Series
    portions: dict[int, list[_Portion]]
    servings: dict[int, Serving | None]


_CACHES: dict[int, _TableCache] = {}
_CACHE_SIZE = 4


def _cache(table: FoodTable) -> _TableCache:
    cached = _CACHES.get(id(table))
    if cached is not None and cached.table is table:
        return cached
    foods = table.foods
    family = pd.Series(
        [
            family_of(str(d), None if pd.isna(c) else str(c))
            for d, c in zip(foods["description"], foods["category"], strict=True)
        ],
        index=foods.index,
        dtype="string",
        name="family",
    )
    cached = _TableCache(
        table=table,
        families=family,
        tags=_tags(foods["description"].fillna("").astype(str), family, foods["category"]),
        eaten=_eaten(foods, family),
        portions=_portions_by_food(table.portions),
        servings={},
    )
    while len(_CACHES) >= _CACHE_SIZE:
        _CACHES.pop(next(iter(_CACHES)))
    _CACHES[id(table)] = cached
    return cached


def _tags(descriptions: pd.Series, family: pd.Series, category: pd.Series) -> pd.DataFrame:
    text = descriptions.str.replace(_NEUTRAL, " ", regex=True)
    columns = {}
    for tag, (pattern, tagged_families, cancel) in TAGS.items():
        hit = _contains(descriptions if tag in _ALLERGEN_TEXT_TAGS else text, pattern)
        hit |= family.isin(tagged_families)
        hit |= category.isin(CATEGORY_TAGS.get(tag, ())).fillna(False).astype(bool)
        if cancel:
            hit &= ~_contains(descriptions, cancel)
        columns[tag] = hit.astype(bool)
    # The soy half of "soy and dairy" is not dairy unless its description says so.
    columns["dairy"] &= ~((family == _DAIRY) & columns["soy"] & ~_contains(text, TAGS["dairy"][0]))
    return pd.DataFrame(columns, index=descriptions.index)


def _contains(text: pd.Series, pattern: str) -> pd.Series:
    """Case-insensitive regex search over a string column (groups made non-capturing)."""
    return text.str.contains(re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern), case=False, regex=True)


def _portions_by_food(portions: pd.DataFrame) -> dict[int, list[_Portion]]:
    ordered = portions.sort_values(["fdc_id", "seq_num"], na_position="last")
    grouped: dict[int, list[_Portion]] = {}
    for fdc_id, amount, unit, measure, weight in zip(
        ordered["fdc_id"],
        ordered["amount"],
        ordered["unit"],
        ordered["measure"],
        ordered["gram_weight"],
        strict=True,
    ):
        grouped.setdefault(int(fdc_id), []).append(
            (float(amount), None if pd.isna(unit) else str(unit), str(measure), float(weight))
        )
    return grouped
