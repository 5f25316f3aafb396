"""Amounts in one food phrase: numbers, fractions, ranges, multipliers and units."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magfood.meals.amounts import parse_amount, set_aside_carrier
from magfood.meals.context import set_aside_context

# phrase -> (quantity, unit, food words)
PHRASES = [
    ("1 oz roasted pumpkin seeds", 1.0, "oz", "roasted pumpkin seeds"),
    ("1.5 cups rice", 1.5, "cup", "rice"),
    ("0,5 l milk", 0.5, "l", "milk"),
    ("1/2 cup boiled spinach", 0.5, "cup", "boiled spinach"),
    ("1 1/2 cups rice", 1.5, "cup", "rice"),
    ("1-1/2 cups rice", 1.5, "cup", "rice"),
    ("1 and 1/2 cups rice", 1.5, "cup", "rice"),
    ("one and a half cups rice", 1.5, "cup", "rice"),
    ("½ cup garbanzos", 0.5, "cup", "garbanzos"),
    ("1½ cups cooked brown rice", 1.5, "cup", "cooked brown rice"),
    ("¾ cup blueberries", 0.75, "cup", "blueberries"),
    ("two slices whole wheat bread", 2.0, "slice", "whole wheat bread"),
    ("twelve almonds", 12.0, None, "almonds"),
    ("a banana", 1.0, None, "banana"),
    ("an apple", 1.0, None, "apple"),
    ("half an avocado", 0.5, None, "avocado"),
    ("a half cup of oats", 0.5, "cup", "oats"),
    ("half a cup of black beans", 0.5, "cup", "black beans"),
    ("a couple of eggs", 2.0, None, "eggs"),
    ("a dozen eggs", 12.0, None, "eggs"),
    ("2 dozen almonds", 24.0, None, "almonds"),
    ("2-3 dates", 2.5, None, "dates"),
    ("2 to 3 eggs", 2.5, None, "eggs"),
    ("2 x 30 g oats", 60.0, "g", "oats"),
    ("2x30g oats", 60.0, "g", "oats"),
    ("100g avocado", 100.0, "g", "avocado"),
    ("1 kg potatoes", 1.0, "kg", "potatoes"),
    ("500 mg salt", 500.0, "mg", "salt"),
    ("1 lb strawberries", 1.0, "lb", "strawberries"),
    ("2 ozs almonds", 2.0, "oz", "almonds"),
    ("28 grams cashews", 28.0, "g", "cashews"),
    ("30 gr oats", 30.0, "g", "oats"),
    ("250 ml milk", 250.0, "ml", "milk"),
    ("12 fl oz coffee", 12.0, "fl oz", "coffee"),
    ("2 tbsps honey", 2.0, "tbsp", "honey"),
    ("1 Tbsp butter", 1.0, "tbsp", "butter"),
    ("1 T butter", 1.0, "tbsp", "butter"),
    ("1 t salt", 1.0, "tsp", "salt"),
    ("1 tsp. whole flax seeds", 1.0, "tsp", "whole flax seeds"),
    ("a handful of almonds", 1.0, "handful", "almonds"),
    ("1 bowl of oatmeal", 1.0, "bowl", "oatmeal"),
    ("1 can chickpeas", 1.0, "can", "chickpeas"),
    ("3 cloves garlic", 3.0, "clove", "garlic"),
    ("1 stalk celery", 1.0, "stalk", "celery"),
    ("1 scoop protein powder", 1.0, "scoop", "protein powder"),
    ("1 packet instant oatmeal", 1.0, "packet", "instant oatmeal"),
    ("1 serving hummus", 1.0, "serving", "hummus"),
    ("1 piece of cake", 1.0, "piece", "cake"),
    ("1 large banana", 1.0, "large", "banana"),
    ("a small apple", 1.0, "small", "apple"),
    ("1 small box of raisins", 1.0, "box", "small raisins"),
    ("2 eggs", 2.0, None, "eggs"),
    ("3 egg whites", 3.0, None, "egg whites"),
    ("2 whole eggs", 2.0, "each", "whole eggs"),
    ("1 (6 oz) container yogurt", 6.0, "oz", "yogurt"),
    ("1 container (6 oz) yogurt", 6.0, "oz", "yogurt"),
    ("about 100 g rice", 100.0, "g", "rice"),
    ("~100 g rice", 100.0, "g", "rice"),
    ("almonds 30g", 30.0, "g", "almonds"),
    ("spinach 1 cup", 1.0, "cup", "spinach"),
    ("banana x2", 2.0, None, "banana"),
    ("eggs (2)", 2.0, None, "eggs"),
    ("1,000 g rice", 1000.0, "g", "rice"),
    ("2% milk", None, None, "2% milk"),
    ("1 cup 2% milk", 1.0, "cup", "2% milk"),
    ("whole milk", None, None, "whole milk"),
    ("olive oil", None, None, "olive oil"),
    ("egg salad", None, None, "egg salad"),
    ("spinach", None, None, "spinach"),
    ("", None, None, ""),
]


@pytest.mark.parametrize(("phrase", "quantity", "unit", "food"), PHRASES)
def test_parse_amount(phrase: str, quantity: float | None, unit: str | None, food: str) -> None:
    amount = parse_amount(phrase)
    if quantity is None:
        assert amount.quantity is None
    else:
        assert amount.quantity == pytest.approx(quantity)
    assert amount.unit == unit
    assert amount.food == food


@pytest.mark.parametrize(
    ("phrase", "note"),
    [
        ("2-3 dates", "range 2-3: used 2.5"),
        ("2 to 4 eggs", "range 2-4: used 3"),
        ("2 x 30 g oats", "2 x 30: used 60"),
        ("slice of pizza", "no number given: 1 slice assumed"),
    ],
)
def test_assumptions_are_noted(phrase: str, note: str) -> None:
    assert note in parse_amount(phrase).notes


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [("0 g rice", "an amount of zero"), ("-2 eggs", "a negative amount"), ("2 eggs", None)],
)
def test_problem(phrase: str, problem: str | None) -> None:
    assert parse_amount(phrase).problem == problem


# phrase -> quantity, unit, note: numbers in scientific notation are read, and noted
@pytest.mark.parametrize(
    ("phrase", "quantity", "unit", "note"),
    [
        ("1e3 g spinach", 1000.0, "g", "1e3 read as 1000"),
        ("1e3g spinach", 1000.0, "g", "1e3 read as 1000"),
        ("spinach 1E3 g", 1000.0, "g", "1E3 read as 1000"),
        ("2.5e-1 cup oats", 0.25, "cup", "2.5e-1 read as 0.25"),
    ],
)
def test_scientific_notation_is_read(phrase: str, quantity: float, unit: str, note: str) -> None:
    amount = parse_amount(phrase)
    assert (amount.quantity, amount.unit, amount.problem) == (quantity, unit, None)
    assert note in amount.notes


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("1/0 cup milk", "the amount 1/0 cannot be read"),
        ("1 1/0 cups milk", "the amount 1/0 cannot be read"),
        ("0/0 cup milk", "the amount 0/0 cannot be read"),
        ("1e400 g spinach", "the amount 1e400 cannot be read"),
        ("-1e400 g spinach", "the amount -1e400 cannot be read"),
        ("2 x 1e400 g oats", "the amount 1e400 cannot be read"),
        ("1e400 1/2 cup milk", "the amount 1e400 cannot be read"),
        ("eggs 1/0", "the amount 1/0 cannot be read"),
    ],
)
def test_unreadable_numbers_are_a_problem_not_a_guess(phrase: str, problem: str) -> None:
    amount = parse_amount(phrase)
    assert (amount.quantity, amount.problem) == (None, problem)
    assert not any("inf" in n or "nan" in n for n in amount.notes)


# phrase -> (food words left, meal set, phrase set aside): context that is not food
CONTEXT = [
    ("2 fried eggs for breakfast", "fried eggs", "breakfast", "for breakfast"),
    ("1 bagel for brunch", "bagel", "breakfast", "for brunch"),
    ("8 strawberries at dinner", "strawberries", "dinner", "at dinner"),
    ("1 cup soup for supper", "soup", "dinner", "for supper"),
    ("1 cookie for dessert", "cookie", "snacks", "for dessert"),
    ("4 oz chicken breast with lunch", "chicken breast", "lunch", "with lunch"),
    ("1 apple during lunch", "apple", "lunch", "during lunch"),
    ("1 pear at lunchtime", "pear", "lunch", "at lunchtime"),
    ("oatmeal for a late breakfast", "oatmeal", "breakfast", "for a late breakfast"),
    ("1 small baked potato as a snack", "baked potato", "snacks", "as a snack"),
    ("1 yogurt as an afternoon snack", "yogurt", "snacks", "as an afternoon snack"),
    ("1 brownie as dessert", "brownie", "snacks", "as dessert"),
    ("20 almonds (snack)", "almonds", "snacks", "(snack)"),
    ("1 banana (breakfast)", "banana", "breakfast", "(breakfast)"),
    ("2 eggs - breakfast", "eggs", "breakfast", "- breakfast"),
    ("1 protein bar (post-workout)", "protein bar", None, "(post-workout)"),
    ("1 shake (after the gym)", "shake", None, "(after the gym)"),
    ("half a banana after the gym", "banana", None, "after the gym"),
    ("1 orange before my run", "orange", None, "before my run"),
    ("1 cookie after dinner", "cookie", None, "after dinner"),
    ("a sandwich at work", "sandwich", None, "at work"),
    ("1 apple at school", "apple", None, "at school"),
    ("1 apple on my walk", "apple", None, "on my walk"),
    ("a shake pre-workout", "shake", None, "pre-workout"),
    ("2 cups kale on the side", "kale", None, "on the side"),
    ("1 granola bar on the go", "granola bar", None, "on the go"),
    ("1 cup cottage cheese this morning", "cottage cheese", None, "this morning"),
    ("1 pear this afternoon", "pear", None, "this afternoon"),
    ("1 cup tea this evening", "tea", None, "this evening"),
    ("6 asparagus spears tonight", "asparagus spears", None, "tonight"),
    ("1 cup mashed potatoes today", "mashed potatoes", None, "today"),
    ("2 plums yesterday", "plums", None, "yesterday"),
    ("1 peach earlier", "peach", None, "earlier"),
    ("1 peach later", "peach", None, "later"),
    ("1 cup milk last night", "milk", None, "last night"),
    ("toast at 8am", "toast", None, "at 8am"),
    ("2 eggs at 7:30", "eggs", None, "at 7:30"),
    ("1 cup rice in the evening", "rice", None, "in the evening"),
    ("1 banana on the way to work", "banana", None, "on the way to work"),
    ("1 apple on the way home", "apple", None, "on the way home"),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "food", "meal", "aside"), CONTEXT)
def test_context_is_set_aside(phrase: str, food: str, meal: str | None, aside: str) -> None:
    amount = parse_amount(phrase)
    assert (amount.food, amount.meal) == (food, meal)
    said = f"meal {meal}" if meal else "not a food"
    assert amount.notes[-1] == f"set aside '{aside}': {said}"


def test_several_context_phrases_are_set_aside() -> None:
    amount = parse_amount("2 eggs for breakfast this morning")
    assert (amount.quantity, amount.food, amount.meal) == (2.0, "eggs", "breakfast")
    assert amount.notes == (
        "set aside 'for breakfast': meal breakfast",
        "set aside 'this morning': not a food",
    )


# Food names and food phrases that hold context words: nothing is set aside.
KEPT = [
    ("1 breakfast sausage", "breakfast sausage"),
    ("1 dinner roll", "dinner roll"),
    ("1 snack bar", "snack bar"),
    ("1 side salad", "side salad"),
    ("1 frozen dinner", "frozen dinner"),
    ("1 TV dinner", "TV dinner"),
    ("2 fruit snacks", "fruit snacks"),
    ("1 lunchable", "lunchable"),
    ("1 cup coffee with milk", "coffee with milk"),
    ("1 slice toast with butter", "toast with butter"),
    ("bread with lunch meat", "bread with lunch meat"),
    ("1 cup chickpeas (canned)", "chickpeas ( canned )"),
    ("1 breakfast burrito", "breakfast burrito"),
    ("1 cup morning glory", "morning glory"),
    ("for breakfast", "for breakfast"),  # nothing would be left to be the food
    ("snack", "snack"),
]


@pytest.mark.parametrize(("phrase", "food"), KEPT)
def test_food_phrases_are_not_set_aside(phrase: str, food: str) -> None:
    amount = parse_amount(phrase)
    assert (amount.food, amount.meal) == (food, None)
    assert not any(note.startswith("set aside") for note in amount.notes)


def test_set_aside_context_keeps_the_phrase_apart() -> None:
    found = set_aside_context("20 almonds (snack) today")
    assert (found.food, found.phrases, found.meal) == ("20 almonds", ("(snack)", "today"), "snacks")


# Where the food went: phrase -> (food phrase left, carrier set aside).
CARRIERS = [
    ("1 tbsp of butter on toast", "1 tbsp of butter", "on toast"),
    ("¼ cup milk in my coffee", "¼ cup milk", "in my coffee"),
    ("2 tbsp grated parmesan on pasta", "2 tbsp grated parmesan", "on pasta"),
    ("1 chopped boiled egg on my salad", "1 chopped boiled egg", "on my salad"),
    ("1/4 avocado on toast", "1/4 avocado", "on toast"),
    ("1 cup blueberries on my cereal", "1 cup blueberries", "on my cereal"),
    ("2 cups fresh spinach into the blender", "2 cups fresh spinach", "into the blender"),
    ("1 tsp honey in my tea", "1 tsp honey", "in my tea"),
    ("1 tsp cinnamon on top of my oatmeal", "1 tsp cinnamon", "on top of my oatmeal"),
    ("2 tbsp maple syrup on the pancakes", "2 tbsp maple syrup", "on the pancakes"),
]


@pytest.mark.parametrize(("phrase", "food", "aside"), CARRIERS)
def test_where_the_food_went_is_set_aside(phrase: str, food: str, aside: str) -> None:
    found = set_aside_carrier(set_aside_context(phrase).food)
    assert (found.food, found.phrases, found.meal) == (food, (aside,), None)
    assert found.notes == (f"set aside '{aside}': where it went, not counted",)


# Nothing set aside: names with a packing medium, no amount before, no food word before,
# "over" (a way of cooking), or a preposition not at the end.
NOT_CARRIERS = [
    "3 oz tuna in water",
    "1/2 cup beans in tomato sauce",
    "3 oz fish in batter",
    "1 cup chicken in gravy",
    "1 cup peaches in light syrup",
    "1 can sardines in oil",
    "corn on the cob",  # no amount: reads as a name
    "avocado on toast",
    "1 tbsp on toast",  # no food word before
    "2 eggs over easy",
    "1 cup beans in sauce, drained",
    "1 cup milk",
]


@pytest.mark.parametrize("phrase", NOT_CARRIERS)
def test_names_and_phrases_without_a_carrier_stay_whole(phrase: str) -> None:
    found = set_aside_carrier(phrase)
    assert (found.food, found.phrases, found.notes) == (phrase, (), ())


@pytest.mark.parametrize(
    ("phrase", "whole"),
    [
        ("1 ear of corn on the cob", True),  # the food table names it: kept
        ("3 pigs in a blanket", True),
        ("1 tbsp butter on toast", False),
        ("¼ cup milk in my coffee", False),  # "my": never part of a name
    ],
)
def test_a_name_the_food_table_knows_stays_whole(phrase: str, whole: bool) -> None:
    asked: list[str] = []

    def is_one_food(text: str) -> bool:
        asked.append(text)
        return "butter" not in text

    found = set_aside_carrier(phrase, is_one_food)
    assert (found.food == phrase) is whole
    assert asked == ([] if "my" in phrase else [phrase])


def test_parse_amount_leaves_the_carrier_to_the_caller() -> None:
    amount = parse_amount("1 tbsp butter on toast")
    assert (amount.quantity, amount.unit, amount.food) == (1.0, "tbsp", "butter on toast")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    amount = parse_amount(text)
    assert amount.quantity is None or amount.quantity == amount.quantity  # not NaN
    found = set_aside_carrier(text, lambda _: False)
    assert text.startswith(found.food)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=500),
    st.sampled_from(["g", "oz", "cup", "tbsp", "ml"]),
)
def test_numbers_and_units_round_trip(number: int, unit: str) -> None:
    amount = parse_amount(f"{number} {unit} rice")
    assert amount.quantity == number
    assert amount.unit == unit
    assert amount.food == "rice"


@pytest.mark.parametrize(
    ("phrase", "measure"),
    [
        ("a dollop of greek yogurt", "dollop"),
        ("3 rashers of bacon", "rashers"),
        ("a plate of pasta", "plate"),
        ("a cup of milk", None),  # a unit
        ("a couple of eggs", None),  # a number phrase
        ("a leg of lamb", None),  # a food noun
        ("1 large of banana", None),  # a size
        ("some of the rice", None),  # no amount
    ],
)
def test_a_word_in_the_place_of_a_unit_is_an_unknown_measure(
    phrase: str, measure: str | None
) -> None:
    amount = parse_amount(phrase)
    assert amount.measure == measure
    assert "of" in amount.food.split() or measure is None  # the food keeps its words
