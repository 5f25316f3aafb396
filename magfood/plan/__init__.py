"""magfood.plan."""
