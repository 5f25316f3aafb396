"""magfood.meals."""
