"""The words of food matching: how user text and FDC descriptions become tokens.

Data, not logic: the synonym table (user word -> FDC words), the cooking state each head
word defaults to, the penalties for foods people rarely mean, and the word sets the
scorer reads (stop, neutral, group, size, cutting, cooking words). Each table entry has
its own test in tests/test_matching.py or tests/test_food_words.py. Also the text
functions both sides share: ``singular``, ``normalise``, ``apply_synonyms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


#: User words -> FDC words. Each entry has its own test case in tests/test_matching.py.
SYNONYMS: dict[str, str] = {
    "pepita": "pumpkin seed kernel",
    "pumpkin seed": "pumpkin seed kernel",
    "sunflower seed": "sunflower seed kernel",
    "zucchini": "squash summer zucchini",
    "green bean": "bean snap green",
    "garbanzo bean": "chickpea",
    "garbanzo": "chickpea",
    "pb": "peanut butter",
    "pbj": "peanut butter jelly sandwich",
    "yoghurt": "yogurt",
    "mac": "macaroni",
    "spaghetti": "spaghetti pasta",
    "penne": "pasta",
    "mac cheese": "macaroni cheese",
    "hot dog": "frankfurter",
    "hotdog": "frankfurter",
    "string cheese": "mozzarella part skim",
    "ketchup": "catsup",
    "nutella": "chocolate hazelnut spread",
    "oj": "orange juice",
    "coke": "cola soft drink",
    "soda": "soft drink",
    "hemp heart": "hemp seed hulled",
    "flax seed": "flaxseed",
    "flax": "flaxseed",
    "baby spinach": "spinach",
    "porridge": "oatmeal",
    "evoo": "olive oil",
    "aubergine": "eggplant",
    "courgette": "squash summer zucchini",
    "scallion": "onion spring scallion",
    "cilantro": "coriander leaf",
    "spud": "potato",
    "fry": "french fry",
    "bok choy": "cabbage chinese pak choi",
    "pak choi": "cabbage chinese pak choi",
    "snow pea": "pea edible podded",
    "black eyed pea": "blackeyed pea",
    "mayo": "mayonnaise",
    "bbq": "barbecue",
    "decaf": "decaffeinated",
    "cannellini": "bean white",
    "toast": "bread toasted",
    "french toast": "french toast",
    "melba toast": "melba toast",
    "donut": "doughnut",
    "portobello": "portabella",
    "daikon": "radish oriental",
    "nori": "seaweed laver",
    "sunchoke": "jerusalem artichoke",
    "oreo": "cookie chocolate sandwich creme filling",
}

_COOKED_FORM = (("cooked", "boiled", "prepared"), ("raw", "dry", "uncooked", "unprepared"))
_COOKED_MEAT = (
    ("cooked", "roasted", "baked", "grilled", "broiled", "heated"),
    ("raw", "canned", "smoked"),
)

#: Head word -> (description words preferred, words avoided) when the user names no
#: cooking state: cooked for foods nobody eats raw, the everyday form of a few others.
#: A judgement, tested entry by entry; every other food prefers "raw".
DEFAULT_FORMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **dict.fromkeys(
        [
            "rice",
            "pasta",
            "penne",
            "macaroni",
            "noodle",
            "quinoa",
            "barley",
            "bulgur",
            "couscous",
            "lentil",
            "bean",
            "chickpea",
            "edamame",
            "soybean",
            "pea",
            "oatmeal",
            "grit",
            "corn",
        ],
        _COOKED_FORM,
    ),
    **dict.fromkeys(
        [
            "chicken",
            "turkey",
            "salmon",
            "cod",
            "tilapia",
            "shrimp",
            "steak",
            "pork",
            "lamb",
            "fish",
            "bacon",
            "sausage",
            "frankfurter",
            "breast",
            "thigh",
            "drumstick",
            "wing",
            "fillet",
            "sirloin",
        ],
        _COOKED_MEAT,
    ),
    "tuna": (("canned", "light", "water"), ()),
    "oatmeal": (("cooked", "water"), ("dry",)),
    "oat": (("dry", "regular", "quick"), ()),
    "egg": (("whole", "fresh"), ()),
    "yogurt": (("plain",), ()),
    "bread": (("white",), ()),
}

#: FDC categories of animal flesh, eaten cooked: with no cooking word said, a food of these
#: takes a cooked form (``COOKED_MEAT``) whatever its head word ("4 oz pollock").
FLESH_CATEGORIES = frozenset(
    {
        "beef products",
        "pork products",
        "poultry products",
        "lamb, veal, and game products",
        "finfish and shellfish products",
    }
)
COOKED_MEAT = (_COOKED_MEAT[0], ("raw",))  # canned or smoked fish is eaten as it comes

#: (description markers, score penalty, user words that lift it): foods most people do
#: not mean unless they say so.
PENALTIES: tuple[tuple[tuple[str, ...], float, tuple[str, ...]], ...] = (
    (("babyfood",), 35.0, ("babyfood", "infant", "toddler")),
    (("infant formula",), 35.0, ("infant", "formula")),
    (("toddler",), 25.0, ("toddler",)),
    (("fast food", "restaurant"), 10.0, ("fast", "restaurant", "takeout")),
    (("as ingredient in recipe",), 12.0, ("ingredient", "recipe")),
    (("topping from",), 10.0, ("topping",)),
    (("usda commodity",), 6.0, ("commodity",)),
    (
        ("navajo", "hopi", "apache", "alaska native", "northern plains", "shoshone"),
        10.0,
        ("navajo", "hopi", "apache", "alaska", "native", "shoshone"),
    ),
    (("imitation",), 6.0, ("imitation",)),
    (("fat added",), 3.0, ("fat", "butter", "oil", "margarine")),
    ((", roll,", "luncheon", "deli"), 6.0, ("roll", "deli", "luncheon", "lunchmeat", "sliced")),
)
BRAND_PENALTY = 12.0
NOT_BRANDS = frozenset({"NFS", "NS", "USDA", "DHA", "ARA", "BBQ", "NLEA", "UHT", "II"})

STOP_WORDS = words(
    "and or with of the a an in on to for from as by at made type nfs ns "
    "include includes food distribution program usda s"
)
#: Description words that do not count as extra words against a food.
NEUTRAL_WORDS = words(
    "raw fresh all commercial commercially variety regular plain salt added no not whole "
    "fortified enriched unenriched mature drained solid meat only ready eat rte year "
    "round average vitamin tap water calcium"
)
#: SR Legacy group words that open a description ("Nuts, almonds"; "Beverages, ...").
GROUP_WORDS = words("nut seed beverage cereal snack candy candie spice fish alcoholic")
#: Size words: dropped from the query (they pick a portion, not a food).
SIZE_WORDS = words("small medium large extra jumbo big little regular")
#: Cutting and unit words: kept in the query with a small weight.
PREP_WORDS = words(
    "chopped sliced diced mashed shredded grated minced cubed cube halved half piece "
    "slice bar stick chunk strip wedge floret spear stalk leaf ring fillet "
    "tail meat crumbled packed heaping heaped level rounded loosely firmly"
)
COOKING_WORDS = words(
    "cooked boiled steamed roasted baked fried grilled broiled toasted stewed braised "
    "poached scrambled sauteed microwaved heated prepared canned dried dry uncooked raw "
    "frozen roast seared"
)
#: Cooking words that say nothing a user would object to; processing words (canned,
#: frozen, dried, condensed ...) and methods (fried, roasted) still count as extra.
PLAIN_COOKING_WORDS = words("cooked boiled steamed heated prepared drained raw brewed uncooked")
PROCESSING_WORDS = words(
    "canned frozen dried dry condensed evaporated dehydrated mix powder instant sweetened sprouted"
)
#: Words naming a variant of the food rather than the food: its fat level ("fat free",
#: "lowfat", "reduced fat", "light"), "pre-cooked", "stuffed". Unasked, they weigh as
#: much as a processing word wherever they stand, so the plain everyday form wins.
VARIANT_WORDS = words(
    "free lowfat nonfat low reduced light lite skim pre stuffed powder concentrate dehydrated big"
)
#: Words that give a fat level: a percentage the user says ("2% milk") is one, so these
#: are neither unasked variants nor extra words then ("Milk, reduced fat, 2% milkfat").
FAT_LEVEL_WORDS = words("free lowfat nonfat low reduced light lite skim fat milkfat")
METHOD_WORDS = words(
    "cooked boiled roasted baked fried grilled broiled stewed braised poached scrambled "
    "sauteed microwaved heated toasted"
)
#: A cooking word in the query also accepts these description words, at a discount.
STATE_ALSO: dict[str, tuple[str, ...]] = {
    "steamed": ("boiled", "cooked"),
    "boiled": ("cooked",),
    "cooked": ("boiled", "prepared", "roasted", "baked", "heated"),
    "grilled": ("broiled", "roasted", "cooked"),
    "broiled": ("grilled", "roasted", "cooked"),
    "baked": ("roasted", "cooked"),
    "roasted": ("baked", "cooked"),
    "roast": ("roasted", "baked", "cooked"),
    "seared": ("broiled", "grilled", "cooked"),
    "sauteed": ("fried", "cooked"),
    "uncooked": ("raw", "dry"),
    "dry": ("raw", "uncooked"),
    "fresh": ("raw",),
    "canned": ("can",),
}

#: SR boilerplate that says nothing against a food ("mature seeds", "with skin").
FILLER = re.compile(
    r"mature seeds|all commercial varieties|with salt added|without salt|with salt|"
    r"includes skin|with skin|with peel|broilers or fryers|long-grain|all types|"
    r"with added [a-z ]*vitamin [a-z]( and vitamin [a-z])?|skin not eaten"
)

#: What a description says about salt: "with salt", "salted", "with salt added" (added);
#: "without salt", "unsalted", "no salt added" (left out). Twins differ only in these.
SALT_ADDED = re.compile(r"\b(?:with (?:added )?salt(?: added)?|(?:lightly )?salted)\b")
SALT_LEFT_OUT = re.compile(
    r"\b(?:without (?:added )?salt(?: added)?|no (?:added )?salt(?: added)?|unsalted)\b"
)
_SALT_IN_PREPARATION = re.compile(r"\bwith (?:added )?salt\b")
#: Words that qualify nothing about the food itself: "NFS", "NS as to type of milk".
_NOT_SPECIFIED = re.compile(r"\bnfs\b|\bns as to [^,]*")
#: Words a twin may add or lack: SR group words ("Snacks, potato chips") and "plain".
_BOILERPLATE = words("plain")
#: Query words saying salt was added ("salted butter").
SALT_WORDS = words("salted salt")


def salt_said(text: str) -> int:
    """What a description says about salt: 0 nothing (or "salted", the product's name for
    its usual form: "Butter, salted", "Potato chips, salted"), 1 left out, 2 added in its
    preparation ("boiled, drained, with salt", "with salt added")."""
    lowered = text.lower()
    if SALT_LEFT_OUT.search(lowered):
        return 1
    return 2 if _SALT_IN_PREPARATION.search(lowered) else 0


def twin_key(text: str) -> str:
    """A description's words without salt, not-specified and group wording: foods with one key
    are twins, the same food as two releases or two salt forms describe it ("Butter,
    salted", "Butter, without salt", "Butter, NFS")."""
    lowered = _NOT_SPECIFIED.sub(" ", SALT_LEFT_OUT.sub(" ", SALT_ADDED.sub(" ", text.lower())))
    return " ".join(sorted(set(normalise(lowered)) - GROUP_WORDS - _BOILERPLATE))


_TOKEN = re.compile(r"\d+(?:\.\d+)?%|[a-z0-9]{2,}|\d")
_IRREGULAR = {"leaves": "leaf", "loaves": "loaf", "halves": "half", "fries": "fry"}


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A crude singular, the same for both forms of a word ("berries", "berry" -> "berry")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-2] + "y" if len(word) > 4 else word
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def plain_letters(text: str) -> str:
    """Text with accents dropped ("jalapeño", "sautéed", "crème" -> "jalapeno", ...)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(text: str) -> list[str]:
    """Lowercase singular tokens without stop words or punctuation."""
    return list(_normalised(text))


@lru_cache(maxsize=100_000)
def _normalised(text: str) -> tuple[str, ...]:
    raw = _TOKEN.findall(plain_letters(text.lower()).replace("'", ""))
    return tuple(singular(t) for t in raw if t not in STOP_WORDS)


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Synonyms keyed by their first word, longest first."""
    pairs = [(tuple(normalise(k)), tuple(normalise(v))) for k, v in SYNONYMS.items()]
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    for key, value in sorted(pairs, key=lambda pair: -len(pair[0])):
        by_first[key[0]].append((key, value))
    return {first: tuple(entries) for first, entries in by_first.items()}


def apply_synonyms(tokens: list[str]) -> list[str]:
    """Rewrite user words into FDC words, longest synonym first, each word once."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for key, value in _synonyms().get(tokens[i], ()):
            if tuple(tokens[i : i + len(key)]) == key:
                out.extend(value)
                i += len(key)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


#: Words saying a food lacks what follows: "Pizza, no cheese", "without salt" (to the end
#: of the comma segment); "non" negates only the next word ("non-dairy milk" is milk).
NEGATIONS = words("no without")
NEGATED = "no_"


def negated(tokens: Sequence[str]) -> list[str]:
    """Tokens with the ones a negation governs marked ("no cheese" -> "no_cheese")."""
    out: list[str] = []
    scope = once = False
    for token in tokens:
        if token in NEGATIONS:
            scope = True
        elif token == "non":
            once = True
        else:
            out.append(NEGATED + token if scope or once else token)
            once = False
    return out
