"""The data behind food families: categories, keyword rules, diet tags and serving rules.

Only data lives here, each table with the reason for its entries; ``families.py`` reads it.
Patterns are case-insensitive regular expressions searched in FDC descriptions; every group
is non-capturing (``(?:...)``), so pandas never warns about match groups.

Gluten follows the usual US labelling caution: oats count as gluten-containing unless the
description says "gluten-free", because oats are commonly in contact with wheat. Coconut is
not a tree nut here, following FDA's 2025 food allergen guidance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

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

_GREENS, _SEEDS, _LEGUMES, _GRAIN = "leafy greens", "seeds and nuts", "legumes", "whole grains"
_FISH, _DAIRY, _FRUIT, _COCOA, _VEG = (
    "fish and seafood",
    "soy and dairy",
    "fruit",
    "cacao and dark chocolate",
    "vegetables",
)
_MEAT, _EGGS, _BAKED = "meat and poultry", "eggs", "refined grains and baked goods"
_DRINK, _SWEET, _MIXED = "beverages", "sweets and snacks", "mixed dishes"
_FATS, _SPICES, _BABY = "fats, oils and condiments", "spices and herbs", "baby food"


def _names(text: str) -> tuple[str, ...]:
    """ "A; B; C" -> ("A", "B", "C"): keeps long category lists compact."""
    return tuple(name.strip() for name in text.split(";") if name.strip())


#: family -> its SR Legacy food groups and FNDDS WWEIA categories (FoodData Central
#: food_category.csv and wweia_food_category.csv). Categories not listed fall through to
#: the keyword rules, then "other".
_CATEGORIES: dict[str, str] = {
    _BABY: "Baby Foods; Baby food: cereals; Baby food: fruit; Baby food: meat and dinners; "
    "Baby food: mixtures; Baby food: snacks and sweets; Baby food: vegetables; "
    "Baby food: yogurt; Baby juice; Baby water; Formula, prepared from powder; "
    "Formula, ready-to-feed; Human milk",
    _SEEDS: "Nut and Seed Products; Nuts and seeds",
    _LEGUMES: "Legumes and Legume Products; Beans, peas, legumes; Bean, pea, legume dishes",
    _FISH: "Finfish and Shellfish Products; Fish; Shellfish",
    _DAIRY: "Dairy and Egg Products; Soy and meat-alternative products; Plant-based milk; "
    "Plant-based yogurt; Cheese; Cottage/ricotta cheese; Milk, whole; Milk, reduced fat; "
    "Milk, lowfat; Milk, nonfat; Flavored milk, whole; Flavored milk, reduced fat; "
    "Flavored milk, lowfat; Flavored milk, nonfat; Yogurt, regular; Yogurt, Greek",
    _GREENS: "Spinach",
    _VEG: "Vegetables and Vegetable Products; Other dark green vegetables; "
    "Lettuce and lettuce salads; Broccoli; Cabbage; Carrots; Corn; Onions; String beans; "
    "Tomatoes; Other red and orange vegetables; Other starchy vegetables; "
    "Other vegetables and combinations; White potatoes, baked or boiled; Vegetable dishes; "
    "Fried vegetables; Olives, pickles, pickled vegetables; Coleslaw, non-lettuce salads; "
    "French fries and other fried white potatoes; Mashed potatoes and white potato mixtures",
    _FRUIT: "Fruits and Fruit Juices; Apples; Bananas; Blueberries and other berries; "
    "Citrus fruits; Dried fruits; Grapes; Mango and papaya; Melons; "
    "Other fruits and fruit salads; Peaches and nectarines; Pears; Pineapple; Strawberries",
    _GRAIN: "Oatmeal",
    _BAKED: "Baked Products; Breakfast Cereals; Cereal Grains and Pasta; "
    "Grits and other cooked cereals; Rice; Pasta, noodles, cooked grains; "
    "Ready-to-eat cereal, higher sugar (>21.2g/100g); "
    "Ready-to-eat cereal, lower sugar (=<21.2g/100g); Yeast breads; "
    "Bagels and English muffins; Rolls and buns; Tortillas; Biscuits, muffins, quick breads; "
    "Crackers, excludes saltines; Saltine crackers; Pancakes, waffles, French toast; "
    "Cakes and pies; Cookies and brownies; Doughnuts, sweet rolls, pastries; "
    "Turnovers and other grain-based items",
    _MEAT: "Beef Products; Lamb, Veal, and Game Products; Pork Products; Poultry Products; "
    "Sausages and Luncheon Meats; Bacon; Beef, excludes ground; Chicken, whole pieces; "
    "Chicken patties, nuggets and tenders; Cold cuts and cured meats; Frankfurters; "
    "Ground beef; Lamb, goat, game; Liver and organ meats; Pork; Sausages; "
    "Turkey, duck, other poultry",
    _EGGS: "Eggs and omelets",
    _MIXED: "Fast Foods; Meals, Entrees, and Side Dishes; Restaurant Foods; "
    "Soups, Sauces, and Gravies; Pizza; Cheese sandwiches; Meat mixed dishes; "
    "Stir-fry and soy-based sauce mixtures; Poultry mixed dishes; Seafood mixed dishes; "
    "Rice mixed dishes; Fried rice and lo/chow mein; Burritos and tacos; "
    "Deli and cured meat sandwiches; Meat and BBQ sandwiches; Burgers; "
    "Chicken fillet sandwiches; Seafood sandwiches; Frankfurter sandwiches; "
    "Soups, broth-based; Ramen and Asian broth-based soups; Soups, cream-based; "
    "Egg/breakfast sandwiches; Vegetable sandwiches/burgers; "
    "Peanut butter and jelly sandwiches; Other Mexican mixed dishes; Nachos; "
    "Egg rolls, dumplings, sushi; Pasta mixed dishes, excludes macaroni and cheese; "
    "Macaroni and cheese; Vegetables on a sandwich",
    _DRINK: "Beverages; Apple juice; Citrus juice; Other fruit juice; Vegetable juice; Beer; "
    "Wine; Liquor and cocktails; Coffee; Tea; Soft drinks; Diet soft drinks; Fruit drinks; "
    "Sport and energy drinks; Diet sport and energy drinks; Other diet drinks; "
    "Bottled water; Tap water; Enhanced water; Flavored or carbonated water; "
    "Smoothies and grain drinks; Nutritional beverages; Milk shakes and other dairy drinks; "
    "Protein and nutritional powders",
    _FATS: "Fats and Oils; Butter and animal fats; Margarine; Mayonnaise; "
    "Salad dressings and vegetable oils; Cream and cream substitutes; "
    "Cream cheese, sour cream, whipped cream; Dips, gravies, other sauces; "
    "Mustard and other condiments; Pasta sauces, tomato-based; Tomato-based condiments; "
    "Soy-based condiments",
    _SWEET: "Snacks; Sweets; Candy containing chocolate; Candy not containing chocolate; "
    "Gelatins, ices, sorbets; Pudding; Ice cream and frozen dairy desserts; "
    "Jams, syrups, toppings; Sugars and honey; Sugar substitutes; Potato chips; "
    "Tortilla, corn, other chips; Pretzels/snack mix; Popcorn; Cereal bars; Nutrition bars",
    _SPICES: "Spices and Herbs",
}

#: FDC category (SR Legacy food group or FNDDS WWEIA category) -> base family.
CATEGORY_FAMILY: dict[str, str] = {
    category: family for family, text in _CATEGORIES.items() for category in _names(text)
}


@dataclass(frozen=True)
class FamilyRule:
    """Descriptions matching ``pattern`` (and not ``unless``) move from a family in
    ``within`` (any family if empty) to ``family``."""

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


#: Baked sweets: a whole-grain word does not make an oatmeal cookie a whole grain.
BAKED_SWEETS = (
    r"\b(?:cakes?|cookies?|pies?|doughnuts?|donuts?|brownies?|pastry|pastries|danish|"
    r"croissants?|sweet rolls?|cinnamon rolls?|cheesecake|eclairs?|muffins?|pancakes?|"
    r"waffles?|crepes?|french toast|biscuits?|bars?)\b"
)
_UNCLASSIFIED = ("other", _MIXED, _DRINK, _SWEET)

#: Keyword refinements of the category's family, read top to bottom; the first match wins.
FAMILY_RULES: tuple[FamilyRule, ...] = (
    FamilyRule(_BABY, r"^babyfood|\binfant formula|\bbaby food\b"),
    FamilyRule(
        _COCOA,
        r"\bcacao\b|\bchocolate, dark\b|\bdark chocolate\b|^cocoa(?:, dry)? powder|"
        r"^cocoa, dry|baking chocolate|chocolate, unsweetened|chocolate, baking",
        (_SWEET, "other"),
    ),
    FamilyRule(
        _DAIRY,
        r"\bsoy|\btofu\b|\btempeh\b|\bnatto\b|\bedamame\b|\bsoybeans?\b",
        (_LEGUMES, _VEG, _DRINK, "other", _DAIRY),
        r"\bsauce\b|\bflour\b",
    ),
    FamilyRule(_FATS, r"\bsoy sauce\b|^miso\b|^sauce\b", (_LEGUMES, _DAIRY)),
    FamilyRule(_SWEET, r"ice cream|frozen (?:yogurt|dessert)|\bpuddings?\b|\bcustard", (_DAIRY,)),
    FamilyRule(_DRINK, r"nutritional supplement|\bdrink\b|\bbeverages?\b|\bshakes?\b", (_DAIRY,)),
    # Peanuts are legumes botanically and in FDC's SR groups.
    FamilyRule(_LEGUMES, r"^peanuts?\b|^peanut butter", (_SEEDS, _LEGUMES, "other")),
    FamilyRule(
        _SEEDS,
        r"\b(?:almond|cashew|hazelnut|macadamia|walnut|pecan|pistachio|coconut)\b.*"
        r"\b(?:milk|yogurt|beverage)\b|\b(?:almond|cashew|nut)milk\b",
        (_DRINK, _DAIRY, "other"),
    ),
    FamilyRule(_DRINK, r"\b(?:rice|oat|hemp|pea|flax)\b.*\bmilk\b|\boatmilk\b", (_DAIRY,)),
    FamilyRule(
        _GREENS,
        r"\b(?:spinach|kale|chard|collards?|greens|lettuce|arugula|rocket|watercress|cress|"
        r"bok choy|pak[- ]?choi|pakchoi|romaine|endive|escarole|radicchio|mizuna|sorrel|"
        r"purslane|lambsquarters|beet greens|grape leaves|vine leaves|amaranth leaves|"
        r"pumpkin leaves|sweet potato leaves|taro leaves|cabbage, chinese|chinese cabbage|"
        r"dandelion|nettles?|dock|malabar|moringa leaves|fiddlehead)\b",
        (_VEG,),
    ),
    FamilyRule(
        _GRAIN,
        r"whole[- ]?(?:wheat|grain)|100% whole|\boats?\b|\boat bran\b|\boatmeal\b|brown rice|"
        r"rice, brown|wild rice|\bquinoa\b|\bbuckwheat\b|\bmillet\b|\bamaranth\b|\bbarley\b|"
        r"\bbulgur\b|\bteff\b|\bspelt\b|\bsorghum\b|\bbran\b|wheat germ|\bkamut\b|"
        r"\btriticale\b|\bgranola\b|shredded wheat|\bmuesli\b|\bfreekeh\b|\bfarro\b",
        (_BAKED, "other"),
        BAKED_SWEETS,
    ),
    FamilyRule(_EGGS, r"\beggs?\b|\bomelets?\b|\begg (?:white|yolk|substitute)", (_DAIRY, "other")),
    FamilyRule(_DRINK, r"^[^,]*\b(?:juice|nectar|drink|smoothie|beverage)s?\b", (_FRUIT,)),
    FamilyRule(
        _FISH,
        r"^(?:fish|crustaceans|mollusks)\b|^(?:salmon|tuna|sardines?|shrimp|cod)\b",
        _UNCLASSIFIED,
    ),
    FamilyRule(
        _MEAT,
        r"^(?:beef|pork|chicken|turkey|lamb|veal|bison|game meat|duck|goose|ham|bacon|"
        r"sausage|frankfurter|bologna|salami|meat)\b",
        _UNCLASSIFIED,
        r"\bmeatless\b|\bvegetarian\b",
    ),
    FamilyRule(_SPICES, r"^(?:basil|chives|cilantro|parsley|dill)\b", ("other",)),
    FamilyRule(_SWEET, r"^(?:candies|chocolate)\b", ("other",)),
)

# --- diet and allergen tags -------------------------------------------------------------

#: Phrases removed before tag matching, so that "peanut butter" is not butter and
#: "water chestnut" is not a nut.
NEUTRAL_PHRASES = (
    r"(?:peanut|almond|nut|cashew|sesame|sunflower|soy|seed|apple|cocoa|shea|cookie|pumpkin)"
    r"[- ]butters?",
    r"butter ?beans?|butternut|butterhead|butterbur|butterscotch|buttercup",
    r"\b(?:soy|almond|coconut|rice|oat|cashew|hemp|pea|flax|hazelnut|macadamia|walnut)[- ]?milk",
    r"coconut cream|cream of tartar|cream(?= of (?:wheat|rice)\b)|cream soda|"
    r"non-?dairy (?:milk|creamer)|dairy[- ]free",
    r"coconut meat|nutmeg butter|water ?chestnuts?|nutmeg|coconut|doughnut|butternut squash",
    r"rice (?:noodles?|pasta|cakes?|crackers?|flour|bran|paper)|(?:corn|potato|almond|coconut|"
    r"soy|chickpea|cassava|tapioca|peanut|sesame|sunflower seed|cottonseed|rice|buckwheat|"
    r"arrowroot|mesquite|acorn) flour|corn tortillas?|tortillas?, corn|tortilla chips|"
    r"root beer|corn bran|gluten[- ]free|ginger ale",
    r"\beggplant|\begg[- ]?free|eggless|\bchick ?peas?|lamb'?s[- ]?quarters|\bhoneydew|"
    r"crab ?apples?|buffalo sauce|duck sauce",
)

#: Descriptions that say a food has no dairy despite a dairy word ("Yogurt, soy", "Soymilk",
#: "Latte, with non-dairy milk"); "non-dairy" does not cancel whipped cream or cheese.
DAIRY_FREE = (
    r"\bvegan\b|\bsoy ?(?:milk|yogh?urt|cheese|cream)|\btofu\b|soybean,? curd\b|"
    r"^(?!.*\bmilk\b).*\bsoy[- ]based|"
    r"^(?:yogh?urt|cheese|milk|ice cream)s?, (?:soy|almond|coconut|oat|rice|cashew)\b(?!.*\band\b)|"
    r"^yogurt, (?:coconut|almond|oat|cashew) milk$|plant-based|"
    r"^(?!.*\b(?:whipped cream|cheese)\b).*(?:non-?dairy|dairy[- ]free)|"
    r"^(?:corn|babyfood, vegetables, corn), creamed|cream[- ]style corn|coconut meat.*creamed"
)
PLANT_MADE = r"\bmeatless\b|\bvegetarian\b|\bvegan\b|\bveggie\b|meat[- ]free|plant[- ]based"

#: tag -> (description pattern, families that always carry the tag, pattern that cancels it)
TAGS: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "meat": (
        r"\b(?:beef|pork|chicken|turkey|ham|hams|bacon|sausages?|lamb|veal|mutton|duck|goose|"
        r"venison|bison|buffalo|elk|moose|caribou|rabbit|squirrel|quail|pheasant|meats?|"
        r"meatballs?|meatloaf|frankfurters?|hot ?dogs?|franks|pepperoni|salami|bologna|"
        r"liverwurst|bratwurst|kielbasa|chorizo|prosciutto|pastrami|jerky|lard|tallow|suet|"
        r"gravy|giblets|liver|chitterlings|oxtail|tripe|hamburgers?|cheeseburgers?|"
        r"burgers?|club|italian wedding|broth|stock|bouillon|consomme|pot roast|steak|"
        r"ribs|wings?|nuggets|drumsticks?|brisket|carnitas|barbacoa|gyro|menudo|pozole|"
        r"posole|carne|asada)\b",
        (_MEAT,),
        PLANT_MADE + r"|vegetable (?:broth|stock)|mushroom (?:broth|gravy)|fish (?:broth|stock)",
    ),
    "fish": (
        r"\b(?:fish|salmon|tuna|cod|pollock|haddock|halibut|tilapia|catfish|trout|bass|perch|"
        r"pike|snapper|grouper|flounder|sole|mackerel|herring|sardines?|anchov(?:y|ies)|carp|"
        r"mullet|roe|caviar|shrimps?|prawns?|crabs?|crayfish|crawfish|lobsters?|clams?|"
        r"oysters?|mussels?|scallops?|squid|calamari|octopus|abalone|conch|whelks?|"
        r"eels?|seafood|surimi|sushi|sashimi|whitefish|swordfish|shark|sturgeon|smelts?|"
        r"whiting|croaker|pompano|cisco|burbot|mahimahi|milkfish|roughy|rockfish|"
        r"sablefish|shad|tilefish|wolffish|butterfish|bluefish|lingcod|monkfish|walleye|"
        r"worcestershire|chowder|cuttlefish)\b",
        (_FISH,),
        r"\bimitation (?!crab)",
    ),
    "dairy": (
        r"\b(?:milks?|cheeses?|cheddar|mozzarella|parmesan|ricotta|yogh?urts?|"
        r"butter|buttered|buttermilk|creams?|creamed|whey|casein|caseinate|ghee|kefir|custard|"
        r"pudding|ice creams?|milkshakes?|milk shakes?|lactose|curds?|paneer|queso|alfredo|"
        r"au gratin|scalloped|latte|cappuccino|mocha|eggnog|pizza|lasagna|quesadilla|"
        r"macaroni and cheese|fudge|frozen yogurts?|gelato|sundaes?|banana split|shakes?|"
        r"sherbet|cheeseburgers?|cheesecake|cheesesteak|tzatziki|raita|lassi|dulce de leche)\b",
        (_DAIRY,),
        DAIRY_FREE,
    ),
    "egg": (
        r"\b(?:eggs?|egg whites?|egg yolks?|omelets?|omelettes?|frittata|quiche|meringue|"
        r"mayonnaise|mayo|custard|eggnog|souffle|hollandaise|aioli)\b|" + BAKED_SWEETS,
        (_EGGS,),
        r"\bvegan\b",
    ),
    "honey": (r"\bhoney\b", (), None),
    "gelatin": (
        r"\bgelatins?\b|\bjell-?o\b|\bmarshmallows?\b|\bgumm(?:y|ies)\b|\baspic\b|\bcollagen\b",
        (),
        r"\bvegan\b",
    ),
    "nuts": (
        r"\b(?:almonds?|cashews?|walnuts?|pecans?|pistachios?|hazelnuts?|filberts?|"
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
        r"\b(?:wheat|wheats|barley|rye|triticale|spelt|semolina|durum|farina|bulgur|bulgar|"
        r"couscous|seitan|malt|malted|kamut|farro|freekeh|einkorn|emmer|graham|breads?|"
        r"breaded|breading|batter|battered|pasta|spaghetti|macaroni|noodles?|lasagna|"
        r"ravioli|tortellini|gnocchi|crackers?|pretzels?|bagels?|buns?|rolls?|croissants?|"
        r"muffins?|biscuits?|cakes?|cookies?|pies?|pastry|pastries|doughnuts?|donuts?|"
        r"pizza|tortillas?|burritos?|wraps?|sandwich(?:es)?|croutons?|stuffing|dumplings?|"
        r"pancakes?|waffles?|crepes?|granola|oats?|oatmeal|flour|soy sauce|teriyaki|beer|"
        r"gravy|breadcrumbs|panko|bran|udon|ramen|orzo|matzo|pita|naan|chapati|roti|"
        r"brownies?|wafers?|cereals? ready-to-eat|ready-to-eat cereal|vital wheat gluten|"
        r"french toast|cheerios|wheaties|chex|kix|(?:cheese|ham)?burgers?(?! king)|sliders?|"
        r"whoppers?|croissan'?wich|"
        r"hoagies?|subs?|submarine|gyros?|calzones?|stromboli|empanadas?|egg rolls?|"
        r"wontons?|potstickers?|pot ?pies?|strudel|cheesesteak|sloppy joes?)\b",
        (),
        r"gluten[- ]free|relish, hamburger|as ingredient in hamburgers",
    ),
}

#: FNDDS categories whose foods all carry a tag, whatever their description says.
CATEGORY_TAGS: dict[str, tuple[str, ...]] = {
    "meat": _names(
        "Meat mixed dishes; Poultry mixed dishes; Deli and cured meat sandwiches; "
        "Meat and BBQ sandwiches; Burgers; Chicken fillet sandwiches; Frankfurter sandwiches"
    ),
    "fish": ("Seafood mixed dishes", "Seafood sandwiches"),
    "dairy": ("Cheese sandwiches", "Macaroni and cheese", "Soups, cream-based"),
    "egg": ("Egg/breakfast sandwiches",),
    "peanuts": ("Peanut butter and jelly sandwiches",),
}

#: Tags read from the description as written ("peanut butter" is peanuts, "soymilk" is soy).
ALLERGEN_TEXT_TAGS = ("nuts", "peanuts", "soy")

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

# --- near-duplicates ----------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Leading description segments that name a group, not a food ("Seeds, pumpkin ...").
GROUP_HEADS = _words(
    "seeds nuts fish crustaceans mollusks beans cereals spices beverages snacks candies "
    "babyfood soup soups vegetables fruit game meat"
)
#: Words that never tell two foods apart.
FILLER_WORDS = _words(
    "and or with without in of the a salt salted unsalted added seed seeds kernel kernels "
    "whole raw dried roasted dry cooked boiled nfs ns plain fresh frozen canned mature "
    "toasted halves pieces chopped sliced organic regular type all types drained"
)
#: Words that make a different food of the same head ("almond milk" is not almonds).
FORM_WORDS = _words(
    "milk butter flour juice oil paste bar bars yogurt bread cereal sauce soup chips "
    "crackers spread cheese"
)
#: First segments that are a kind of food: the next segment says which ("Bread, rye").
KIND_WORDS = _words(
    "bread breads cheese milk yogurt rice juice pasta crackers tortillas cereal oil beans "
    "lentils peas chocolate"
)

# --- eaten as such ----------------------------------------------------------------------

#: SR Legacy forms nobody eats as such: ingredients, powders, dry mixes, flours.
NOT_EATEN_PATTERN = (
    r"\bpowder(?:ed)?\b|\bdehydrated\b|\bdry mix\b|\bmix, dry\b|\bflour\b|\bmeal\b|defatted|"
    r"protein (?:isolate|concentrate)|\bconcentrate\b|\bcrude\b|leavening|baking (?:soda|powder)|"
    r"\byeast\b(?! extract)|\bunprepared\b|not reconstituted|\bdry form\b|as ingredient|"
    r"for use (?:with|on)|^babyfood|infant formula|\bagar\b|spirulina|\bgelatin, dry|"
    r"\bdry\b(?![- ](?:roasted|heat))|\bfreeze-dried\b|vital wheat gluten|\bextract\b|"
    r"\bseaweed, dried\b|\bwheat (?:germ|bran)\b$|canned, liquid|\bliquid from|dried and salted"
)
#: FNDDS survey foods are described as eaten ("Quinoa, no added fat" is cooked quinoa,
#: "Pudding, made from dry mix" is pudding), so only these words make one an ingredient.
SURVEY_NOT_EATEN_PATTERN = (
    r"not reconstituted|\bas ingredient\b|\bfor use (?:with|on)\b|\bseaweed, dried\b|^yeast$|"
    r"^(?!.*\b(?:made|reconstituted|prepared)\b).*(?:(?<!from )\bdry\b(?![- ]roasted)|"
    r"\bpowder(?:ed)?\b)"
)
#: Raw or uncooked pulses and grains need cooking first; SR Legacy also names dry grains
#: bare ("Quinoa, uncooked", "Millet, raw", "Oats").
RAW_WORDS = r"\braw\b|\buncooked\b|\bdry\b(?![- ]roasted)"
SR_RAW_GRAIN = (
    r"^oats\b|^(?:buckwheat|sorghum|triticale|amaranth grain|quinoa|millet|teff|spelt|rye|"
    r"wheat|barley|bulgur|couscous|cornmeal|corn grain|kamut|hominy|semolina|farro|wild rice)\b"
    r"(?!.*\b(?:cooked|boiled|steamed|prepared|made|baked|toasted|popped|puffed|bread|canned))"
)
PULSE_OR_GRAIN_FAMILIES = (_LEGUMES, _GRAIN, _BAKED)
#: Raw but eaten so: sprouts, peanuts, green soybeans, ready-to-eat cereals.
RAW_IS_FINE = r"sprouted|\bpeanuts?\b|\bsoybeans, green\b|\bedamame\b|\bcereals ready"
#: SR dried milk, whey, egg and cheese powders are ingredients.
DRIED_DAIRY = r"\bdried\b|\bdry\b"
DRIED_DAIRY_FAMILIES = (_DAIRY, _EGGS)
NOT_EATEN_FAMILIES = (_BABY, _SPICES)
NOT_EATEN_CATEGORIES = ("Protein and nutritional powders", "Sugar substitutes")

# --- servings ---------------------------------------------------------------------------


def _amounts(text: str) -> tuple[tuple[str, float], ...]:
    """ "1 cup; 1/2 cup; 8 fl oz" -> (("cup", 1.0), ("cup", 0.5), ("fl oz", 8.0))."""
    found = []
    for measure in _names(text):
        amount, unit = measure.split(" ", 1)
        found.append((unit, float(Fraction(amount))))
    return tuple(found)


@dataclass(frozen=True)
class ServingRule:
    """How one kind of food is served: the plausible weight of one serving in grams, the
    typical weight, its usual household measures (best first, e.g. "1 cup; 8 fl oz"), and
    the description pattern that picks the kind within its families (None: all of them)."""

    kind: str
    families: tuple[str, ...]
    grams: tuple[float, float]
    typical: float
    usual: str = ""
    pattern: str | None = None
    measures: tuple[tuple[str, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "measures", _amounts(self.usual))


_MILK = r"^(?!cheese\b|yogurt\b).*(?:\bmilk\b|soymilk|\bbeverage|\bdrink|\bkefir|buttermilk)"
_MEAT_SUBSTITUTE = (
    r"\bburgers?\b|\bpatt(?:y|ies)\b|meatless|vegetarian|veggie|falafel|meat substitute|nugget"
)
_BREAD = r"\b(?:bread|rolls?|buns?|tortillas?|pita|toast|english muffins?|naan)\b"
_BRAN = r"wheat germ|^(?:wheat |oat |rice |corn )?bran\b(?!.*cooked)"
_CEREAL = r"cereals? ready|ready-to-eat|\bflakes\b|\bpuffed\b|shredded wheat|cheerios|\bcereal\b"
_CRACKERS = r"crackers?|crispbread|wafers?|chips|pretzels?|rice cakes?"
_CAKE_MEASURES = "1 piece; 1 slice; 1 each; 1 medium; 1 cookie; 1 muffin; 1 pancake; 1 waffle"
_COLD_CUTS = r"bacon|bologna|salami|pepperoni|luncheon|cold cuts?|\bham, sliced|prosciutto"
_SAUSAGES = r"frankfurter|hot dog|sausage|\bbrats?\b|bratwurst|kielbasa|links?\b"
_SPIRITS = r"whiskey|whisky|vodka|\bgin\b|\brum\b|tequila|brandy|liqueur|cordial|liquor|espresso"
_DESSERTS = r"ice cream|frozen|pudding|gelatin|sherbet|sorbet|\bices?\b|custard"
_SUGARS = r"sugar|honey|syrup|jam|jelly|preserves|marmalade|topping|molasses|frosting|icing"
_POWDERS = (
    r"not reconstituted|^(?!.*(?:prepared|reconstituted|made with|brewed)).*"
    r"(?:powder|\bdry\b|instant|concentrate)"
)
#: Fried potatoes and onion rings: an order of fries is a small one (FDA RACC 70 g), not a
#: medium potato.
_FRIED_POTATOES = r"french fries|\bfries\b|hash ?browns?|\btots\b|onion rings|potato(?:es)?, fried"
#: Dense dried fruit snacks (chips, dehydrated, freeze-dried, leather): 1 oz, not a cup.
_FRUIT_CHIPS = r"\bchips\b|\bcrisps\b|dehydrated|freeze-dried|\bleather\b|\bcandied\b"
_HOUSEHOLD = "1 cup; 1 serving; 1 each; 1 piece; 1 slice; 1 medium"

#: Serving rules, first match (family and description) wins. Measures follow the serving
#: examples of the Dietary Guidelines for Americans 2020-2025 (1 medium fruit, 1 cup berries,
#: 1/4 cup dried fruit, 1 cup raw leafy greens, 1/2 cup cooked vegetables, beans or grains,
#: 1 oz nuts, 2 tbsp nut butter, 1 slice bread, 3 oz fish or meat, 1 cup milk, 5 fl oz wine);
#: typical weights are rounded FDA reference amounts customarily consumed (21 CFR 101.12(b):
#: fish 85 g, nuts 30 g, fresh fruit 140 g, dried fruit 40 g, cheese 30 g, egg 50 g, drinks
#: 240 ml); the ranges bound what one serving plausibly weighs (a melon or a blackberry is
#: no serving of fruit).
SERVING_RULES: tuple[ServingRule, ...] = (
    ServingRule("milk", (_SEEDS, _DAIRY), (150, 400), 240, "1 cup; 8 fl oz", _MILK),
    ServingRule("yogurt", (_SEEDS, _DAIRY), (100, 300), 170, "1 cup; 1 container", r"yogurt"),
    ServingRule(
        "nut butter",
        (_SEEDS, _LEGUMES),
        (10, 70),
        32,
        "2 tbsp",
        r"butter|paste|tahini|spread|hummus",
    ),
    ServingRule("cocoa powder", (_SEEDS, _COCOA), (3, 15), 5, "1 tbsp", r"powder|^cocoa"),
    ServingRule("nuts and seeds", (_SEEDS,), (15, 40), 28, "1 oz"),
    ServingRule("peanuts", (_LEGUMES, _DAIRY), (15, 40), 28, "1 oz", r"\bpeanuts?\b|soy ?nuts"),
    ServingRule("dark chocolate", (_COCOA,), (10, 45), 28, "1 oz"),
    ServingRule(
        "meat substitute",
        (_LEGUMES, _DAIRY),
        (30, 150),
        70,
        "1 patty; 1 piece; 1 each; 1 link; 1 slice",
        _MEAT_SUBSTITUTE,
    ),
    ServingRule(
        "tofu",
        (_DAIRY, _LEGUMES),
        (60, 200),
        100,
        "1/2 cup; 3 oz",
        r"tofu|tempeh|edamame|soybeans?\b|natto|bean curd",
    ),
    ServingRule("legumes", (_LEGUMES,), (80, 250), 100, "1/2 cup"),
    ServingRule("cottage cheese", (_DAIRY,), (60, 250), 113, "1/2 cup", r"cottage|ricotta"),
    ServingRule("grated cheese", (_DAIRY,), (5, 40), 10, "2 tbsp; 1 oz", r"grated|shredded"),
    ServingRule("cheese", (_DAIRY,), (15, 60), 28, "1 oz", r"cheese|cheddar|mozzarella|parmesan"),
    ServingRule("cream and butter", (_DAIRY,), (5, 40), 15, "1 tbsp", r"\bcream\b|\bbutter\b"),
    ServingRule("soy and dairy", (_DAIRY,), (20, 300), 150, "1 cup; 1 oz"),
    ServingRule("raw greens", (_GREENS,), (20, 90), 40, "1 cup", r"\braw\b"),
    ServingRule("cooked greens", (_GREENS,), (80, 200), 100, "1/2 cup; 1 cup"),
    ServingRule("fried potatoes", (_VEG,), (40, 150), 85, "1 small; 1 cup; 3 oz", _FRIED_POTATOES),
    ServingRule("potatoes", (_VEG,), (80, 250), 150, "1 medium; 1/2 cup", r"potato"),
    ServingRule("pickles", (_VEG, _FRUIT), (10, 60), 20, "", r"pickle|olives?\b|relish|capers"),
    ServingRule("raw vegetables", (_VEG,), (40, 160), 80, "1/2 cup; 1 cup", r"\braw\b"),
    ServingRule("vegetables", (_VEG,), (50, 200), 90, "1/2 cup"),
    ServingRule("bagels", (_GRAIN, _BAKED), (50, 140), 100, "1 medium; 1 each", r"\bbagels?\b"),
    ServingRule(
        "bread", (_GRAIN, _BAKED), (20, 100), 40, "1 slice; 1 medium; 1 each; 1 piece", _BREAD
    ),
    ServingRule("granola", (_GRAIN, _BAKED), (25, 70), 50, "1/2 cup", r"granola|muesli"),
    ServingRule("wheat germ", (_GRAIN, _BAKED), (5, 30), 14, "2 tbsp", _BRAN),
    ServingRule("cereal", (_GRAIN, _BAKED), (15, 70), 30, "1 cup", _CEREAL),
    ServingRule("crackers", (_GRAIN, _BAKED), (10, 45), 28, "1 oz", _CRACKERS),
    ServingRule("cakes", (_GRAIN, _BAKED), (15, 200), 80, _CAKE_MEASURES, BAKED_SWEETS),
    ServingRule("cooked grains", (_GRAIN, _BAKED), (80, 250), 160, "1 cup; 1/2 cup"),
    ServingRule("roe", (_FISH,), (8, 30), 16, "1 tbsp", r"\bcaviar\b|\broe\b"),
    ServingRule("fish and seafood", (_FISH,), (70, 200), 85, "3 oz"),
    ServingRule("cold cuts", (_MEAT,), (10, 60), 28, "2 slice; 1 oz", _COLD_CUTS),
    ServingRule("sausages", (_MEAT,), (25, 120), 50, "1 link; 1 each; 1 piece; 2 oz", _SAUSAGES),
    ServingRule("meat and poultry", (_MEAT,), (70, 200), 85, "3 oz"),
    ServingRule("eggs", (_EGGS,), (30, 180), 50, "1 large; 1 egg; 1 medium; 1 each"),
    ServingRule("fruit chips", (_FRUIT,), (15, 45), 28, "1 oz; 1/4 cup", _FRUIT_CHIPS),
    ServingRule(
        "dried fruit", (_FRUIT,), (20, 70), 40, "1/4 cup", r"dried|raisins?|prunes?|\bdates?\b"
    ),
    ServingRule("berries", (_FRUIT,), (70, 250), 145, "1 cup; 1/2 cup", r"berr|cherries|grapes\b"),
    ServingRule("lemons and limes", (_FRUIT,), (20, 120), 60, "1 fruit", r"^(?:lemons?|limes?)\b"),
    ServingRule(
        "canned fruit",
        (_FRUIT,),
        (80, 250),
        125,
        "1/2 cup",
        r"canned|frozen|sauce|juice|syrup|\bsalad\b",
    ),
    ServingRule("fruit", (_FRUIT,), (80, 250), 140, "1 medium; 1 each; 1 fruit; 1 cup"),
    ServingRule(
        "beer", (_DRINK,), (250, 400), 355, "1 can; 1 bottle; 12 fl oz", r"\bbeer\b|\blager\b"
    ),
    ServingRule("wine", (_DRINK,), (90, 250), 148, "5 fl oz", r"\bwine\b"),
    ServingRule("spirits", (_DRINK,), (20, 90), 45, "1.5 fl oz", _SPIRITS),
    ServingRule(
        "drink powders",
        (_DRINK, "other"),
        (2, 60),
        10,
        "1 tbsp; 2 tsp; 1 scoop",
        _POWDERS,
    ),
    ServingRule("beverages", (_DRINK,), (150, 400), 240, "1 cup; 8 fl oz; 1 can; 1 bottle"),
    ServingRule("desserts", (_SWEET,), (50, 200), 90, "1/2 cup", _DESSERTS),
    ServingRule(
        "bars and candy", (_SWEET,), (10, 70), 40, "1 bar; 1 oz", r"\bbars?\b|cand(?:y|ies)"
    ),
    ServingRule("sugars", (_SWEET,), (4, 40), 20, "1 tbsp", _SUGARS),
    ServingRule("snacks", (_SWEET,), (10, 60), 28, "1 oz"),
    ServingRule(
        "sauces", (_FATS,), (15, 130), 60, "1/4 cup; 2 tbsp", r"sauce|gravy|salsa|\bdips?\b"
    ),
    ServingRule("fats and condiments", (_FATS,), (3, 35), 14, "1 tbsp; 1 tsp"),
    ServingRule("fresh herbs", (_SPICES,), (1, 30), 4, "1 tbsp", r"\braw\b|\bfresh\b"),
    ServingRule("spices", (_SPICES,), (0.3, 10), 2, "1 tsp"),
    ServingRule("baby food", (_BABY,), (5, 260), 110, "1 jar; 1 container; 4 fl oz; 1/2 cup"),
    ServingRule("mixed dishes", (_MIXED,), (60, 500), 250, _HOUSEHOLD + "; 1 sandwich"),
)
#: Foods of no rule above (and "other").
DEFAULT_SERVING = ServingRule("other", (), (5, 400), 100, _HOUSEHOLD)

#: FDC measures that are not household portions (FNDDS guideline amounts, "1 cup, dry,
#: yields", weights in the shell).
NOT_A_PORTION = r"guideline amount|quantity not specified|\byields?\b|in shell|with shell"
#: Portions used only when a food has nothing else: miniatures and bite-size pieces.
ODD_PORTION = r"miniature|\bmini\b|bite[- ]size|\bbite\b|cubic inch|\bcrumbs?\b"
UNSPECIFIED = "Quantity not specified"
#: Size words FDC uses as a bare measure ("1 regular"): never scaled to "2 regulars".
SIZE_WORDS = ("regular", "extra small", "small", "medium", "large", "extra large", "jumbo")
#: Multiples and parts tried when no measure fits ("3 patties", "1/2 can").
COUNTS = (0.25, 1 / 3, 0.5, 2, 3, 4, 5, 6, 8)
#: Cup and spoon amounts tried when no measure fits.
VOLUMES = _amounts(
    "1 tbsp; 2 tbsp; 3 tbsp; 1/4 cup; 1/3 cup; 1/2 cup; 2/3 cup; 3/4 cup; 1 cup; 1.5 cup; 2 cup"
)

# --- leak checks --------------------------------------------------------------------------

_PLANT_MILK = (
    r"\b(?:soy|almond|oat|rice|coconut|cashew|hemp|pea|flax|hazelnut|non-dairy)[- ]?milks?"
)
_NUT_BUTTER = (
    r"\b(?:peanut|almond|nut|cashew|sesame|sunflower|soy|seed|apple|cocoa|shea|pumpkin|nutmeg)"
    r"[- ]butters?|butter ?beans?|butternut|butterhead|butterscotch"
)
_PLANT_DAIRY = (
    _PLANT_MILK + r"|" + _NUT_BUTTER + r"|\b(?:vegan|soy) cheese|soybean,? curd cheese|"
    r"\btofu yogurt|^yogurt, (?:soy|coconut milk|almond milk)$|coconut cream|cream of tartar|"
    r"cream soda|cream[- ]style corn|cream of (?:wheat|rice)\b|\bsoy yogurt|"
    r"chocolate milk(?=.*non-dairy milk)|non-?dairy(?: butter| creamer)?|dairy[- ]free|\beggplant|"
    r"egg[- ]?free"
)
_DAIRY_WORDS = (
    r"\b(?:milks?|cheeses?|cheeseburgers?|butter|buttered|buttermilk|yogh?urts?|ice creams?|"
    r"creams?|whey|casein|ghee|kefir|gelato|custard|mozzarella|cheddar|parmesan|ricotta)\b"
)
_MEAT_WORDS = (
    r"\b(?:beef|pork|chicken|turkey|ham|bacon|sausages?|salami|lamb|veal|duck|goose|meats?|"
    r"steak|hamburgers?|cheeseburgers?|lard|fish|salmon|tuna|cod|sardines?|anchov(?:y|ies)|"
    r"shrimps?|crabs?|lobsters?|clams?|oysters?|mussels?|scallops?)\b"
)
#: Meatless and vegetarian products name the meat they imitate ("Bacon, meatless").
_NOT_MEAT = r"coconut meat|duck sauce|.*\b(?:meatless|vegetarian|veggie|vegan)\b.*|"
_NOT_MEAT += r"hamburger (?:relish|bun)|relish, hamburger|as ingredient in hamburgers"


@dataclass(frozen=True)
class LeakCheck:
    """No food that ``diet`` with ``exclude`` allows may contain one of ``words`` once its
    ``harmless`` phrases ("almond milk", "peanut butter") are removed. An independent word
    list checked over the whole shipped table by the tests, so a tag rule that misses a
    plural or a new dish ("Ice creams", "Cheeseburger") is caught."""

    name: str
    diet: str
    exclude: tuple[str, ...]
    words: str
    harmless: str


LEAK_CHECKS: tuple[LeakCheck, ...] = (
    LeakCheck(
        "vegan: animal products",
        "vegan",
        (),
        _DAIRY_WORDS + r"|\b(?:eggs?|honey|gelatin|frozen yogurts?)\b",
        _PLANT_DAIRY + r"|honeydew",
    ),
    LeakCheck("vegan: meat and fish", "vegan", (), _MEAT_WORDS, _NOT_MEAT),
    LeakCheck("vegetarian: meat and fish", "vegetarian", (), _MEAT_WORDS, _NOT_MEAT),
    LeakCheck("no dairy", "omnivore", ("dairy",), _DAIRY_WORDS, _PLANT_DAIRY),
    LeakCheck(
        "no gluten",
        "omnivore",
        ("gluten",),
        r"\b(?:wheat|breads?|buns?|pasta|cheeseburgers?|hamburgers?|pizza|barley|rye|"
        r"sandwich(?:es)?)\b",
        r".*gluten[- ]free.*|\bbuckwheat|hamburger (?:relish|bun)|relish, hamburger|"
        r"as ingredient in hamburgers",
    ),
)
