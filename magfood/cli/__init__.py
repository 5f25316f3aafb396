"""magfood.cli."""
