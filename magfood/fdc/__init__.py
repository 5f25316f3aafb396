"""magfood.fdc."""
