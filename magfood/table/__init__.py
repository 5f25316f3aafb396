"""magfood.table."""
