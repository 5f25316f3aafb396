"""magfood.foods."""
