"""What each everyday-score signal changes: the default Foods top 20 with that signal's
weight set to 0, against the weights in magfood/foods/everyday.toml (the "0:" lines there).

Run: python scripts/everyday_effects.py
"""

from __future__ import annotations

from magfood import load_table, rank_foods
from magfood.foods.everyday import WEIGHTS, everyday_signals, score
from magfood.table import FoodTable


def main() -> None:
    table = load_table()
    signals = everyday_signals(table.foods, table.portions, table.ingredients)
    base = [r.food for r in rank_foods(table, limit=20)]
    for name in WEIGHTS:
        foods = table.foods.copy()
        foods["everyday_score"] = score(signals, {**WEIGHTS, name: 0.0})
        other = FoodTable(
            foods, table.portions, table.manifest, table.data_dir, table.names, table.ingredients
        )
        top = [r.food for r in rank_foods(other, limit=20)]
        print(f"{name} = 0")
        print("  in: ", "; ".join(f for f in top if f not in base) or "-")
        print("  out:", "; ".join(f for f in base if f not in top) or "-")


if __name__ == "__main__":
    main()
