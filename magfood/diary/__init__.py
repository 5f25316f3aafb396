"""magfood.diary."""
