"""magfood: how much magnesium am I eating, and what should I eat to get enough?

A pure core over USDA FoodData Central: load -> parse -> match -> total -> suggest/plan.
"""

__version__ = "0.1.0"
