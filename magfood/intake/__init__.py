"""magfood.intake."""
