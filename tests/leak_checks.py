"""Independent word lists for the diet and exclusion sweep tests (tests/test_foods_families.py).

Kept apart from magfood/foods/families.toml on purpose: a tag rule that misses a plural or a
new dish ("Ice creams", "Cheeseburger") is caught because these lists were written separately.
"""

from __future__ import annotations

from dataclasses import dataclass

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
