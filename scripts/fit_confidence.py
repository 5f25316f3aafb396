"""Fit how sure the meal matcher is (the ``[confidence]`` table of magfood/meals/ranking.toml).

    python scripts/fit_confidence.py            # cross-validated figures only
    python scripts/fit_confidence.py --write    # also write the confidence fitted on all

What it fits: for every labelled phrase the parser takes a food for, the food's
``matching.CONFIDENCE_INPUTS`` (its score, its lead over the best food that is not its
twin, the query's word count and spelling corrections, the ranking's features) and whether
it is acceptable (the label's ``fdc_ids`` or ``also_ok_ids``). A logistic regression
(scikit-learn, on standardised inputs) gives the chance that such a food is right; the
least chance at which the foods above it were right at least ``SURE_PRECISION`` of the
time is the bar for "sure". Below it an item asks for a check.

How it is judged: k-fold cross-validation, the folds keeping a food's phrases together
(grouped by the first words of the labelled food's description, so "1 cup spinach" and
"spinach, cooked" fall in one fold): each phrase is called sure or not by a confidence
fitted without its food. The figures printed are per file. The sealed held-out files
(``meal_phrases_holdout.csv``, ``meal_phrases_final.csv``) are never read here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from magfood.meals import matching
from magfood.meals.evaluation import acceptable_ids, read_labels
from magfood.meals.index import FoodIndex, food_index
from magfood.meals.parse import parse_meal, read_amount
from magfood.table import FoodTable, load_table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
RANKING = ROOT / "magfood" / "meals" / "ranking.toml"
#: The held-out sets of issue #10: scored, never fitted on.
SEALED = frozenset({"meal_phrases_holdout.csv", "meal_phrases_final.csv"})
#: "Sure" foods must have been right at least this often on the phrases fitted on.
SURE_PRECISION = 0.97
FOLDS = 5
#: Inverse regularisation strength of the logistic regression (standardised inputs).
C = 1.0


@dataclass(frozen=True)
class Guess:
    """One labelled phrase's food as the parser takes it, and whether it is acceptable."""

    file: str
    group: str
    inputs: npt.NDArray[np.float64]
    right: bool


def labelled_files() -> list[Path]:
    """Every labelled file in tests/data but the sealed held-out ones."""
    return sorted(p for p in DATA.glob("*.csv") if p.name not in SEALED and _is_labelled(p))


def _is_labelled(path: Path) -> bool:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline()
    return "phrase" in header and "fdc_ids" in header


def guesses(table: FoodTable, index: FoodIndex, files: Sequence[Path]) -> list[Guess]:
    """The food the parser takes for each labelled phrase, with its confidence inputs
    (phrases it takes no food for, or finds by another route, are left out)."""
    found: list[Guess] = []
    for path in files:
        for row in read_labels(path):
            items = parse_meal(row["phrase"], table).items
            if not items or items[0].fdc_id is None or not items[0].status.counts:
                continue
            item = items[0]
            alternatives, inputs = matching.ranked(read_amount(row["phrase"], index).food, index)
            taken = [k for k, a in enumerate(alternatives) if a.fdc_id == item.fdc_id]
            if not taken:
                continue
            right = item.fdc_id in acceptable_ids(row)
            found.append(Guess(path.name, _group(row, table), inputs[taken[0]], right))
    return found


def _group(row: dict[str, str], table: FoodTable) -> str:
    """The labelled food's first words: a food's phrases stay in one fold."""
    first = int(row["fdc_ids"].split()[0])
    foods = table.foods
    described = foods.loc[foods["fdc_id"] == first, "description"]
    text = str(described.iloc[0]) if len(described) else str(first)
    return text.split(",")[0].strip().lower()


def fit(found: Sequence[Guess]) -> matching.Confidence:
    """The logistic chance of a right food, in the inputs' own units, and the bar."""
    x = np.stack([g.inputs for g in found])
    y = np.asarray([g.right for g in found])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=C, max_iter=5000).fit((x - scaler.mean_) / scale, y)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - weights @ scaler.mean_)
    confidence = matching.Confidence(weights, bias, 1.0)
    chance = confidence.chances(x)
    sure = 1.0
    for bar in np.unique(chance)[::-1]:  # lower the bar while the foods above it stay right
        if y[chance >= bar].mean() < SURE_PRECISION:
            break
        sure = float(bar)
    return matching.Confidence(weights, bias, sure)


def cross_validate(found: Sequence[Guess]) -> dict[str, list[int]]:
    """Per file: foods taken, right, called sure, sure and right; each phrase judged by a
    confidence fitted without its food's phrases."""
    groups = np.asarray([g.group for g in found])
    totals: dict[str, list[int]] = {}
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(found)), groups=groups):
        confidence = fit([found[i] for i in train])
        chance = confidence.chances(np.stack([found[i].inputs for i in test]))
        for i, c in zip(test, chance, strict=True):
            sure = bool(c >= confidence.sure)
            into = totals.setdefault(found[i].file, [0, 0, 0, 0])
            for k, v in enumerate((True, found[i].right, sure, sure and found[i].right)):
                into[k] += int(v)
    return totals


def report(totals: dict[str, list[int]]) -> None:
    print(f"{'file':28} {'taken':>5} {'right':>7} {'sure':>7} {'sure right':>10}")
    every = [sum(v[k] for v in totals.values()) for k in range(4)]
    for file, (n, right, sure, both) in [*sorted(totals.items()), ("all", every)]:
        print(f"{file:28} {n:5d} {_pct(right, n):>7} {_pct(sure, n):>7} {_pct(both, sure):>10}")


def _pct(hits: int, rows: int) -> str:
    return f"{100.0 * hits / rows:.1f} %" if rows else "-"


def write(confidence: matching.Confidence, path: Path = RANKING) -> None:
    """Replace the ``[confidence]`` tables of ranking.toml, keeping the rest."""
    text = path.read_text(encoding="utf-8")
    kept = text[: text.index("[confidence]")] if "[confidence]" in text else text + "\n"
    lines = [
        "[confidence]",
        "# Written by scripts/fit_confidence.py --write (fitted on every labelled file but the",
        "# sealed held-out one); do not edit by hand.",
        f"bias = {confidence.bias:.6g}",
        f"sure = {confidence.sure:.6g}",
        "",
        "[confidence.weights]",
        *(
            f"{name} = {value:.6g}"
            for name, value in zip(matching.CONFIDENCE_INPUTS, confidence.weights, strict=True)
        ),
    ]
    path.write_text(kept + "\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the confidence fitted on all")
    args = parser.parse_args(argv)
    table = load_table()
    files = labelled_files()
    found = guesses(table, food_index(table), files)
    print(f"{len(found)} foods taken from {len(files)} files; {FOLDS}-fold CV, folds by food")
    report(cross_validate(found))
    if args.write:
        write(fit(found))
        print(f"wrote {RANKING.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
