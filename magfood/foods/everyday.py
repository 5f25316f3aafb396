"""The everyday-food score: how likely a food is one people eat on an ordinary day (0 to 1).

Built once at refresh (``derive_everyday``) from what the FDC files say, not from a list of
foods: whether people reported eating it (FNDDS, What We Eat in America) or it is an FNDDS
food's main ingredient, how many FNDDS foods use it and name its head word, how common its
head words are in English (``wordfreq``), how plain its description is, whether it has a
household portion, and how much of its category FNDDS reports or uses. The weights and
what each signal changed are data (``everyday.toml``). The score orders and filters the
Foods ranking and close-the-gap; it never hides a food from search or logging.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from magfood.foods.rules import FILLER_WORDS, GROUP_HEADS, load_data
from magfood.table import UNSPECIFIED
from magfood.text import singular

_DATA = load_data("everyday.toml")
#: signal -> its weight in the score (``everyday.toml`` documents each).
WEIGHTS: dict[str, float] = {name: float(w) for name, w in _DATA["weights"].items()}
_SIGNALS = _DATA["signals"]
SIGNALS: tuple[str, ...] = tuple(WEIGHTS)
_PLAIN_STATE = frozenset(_SIGNALS["plain_state"])
_PLAIN_MIXTURE = frozenset(_SIGNALS["plain_mixture"])
_PLAIN_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in _SIGNALS["plain_phrases"]) + r")\b"
)
_RANKING = _DATA["ranking"]
#: The least score of a food in the default ("common only") Foods ranking and gap search.
LEAST_EVERYDAY = float(_RANKING["least_everyday"])
#: Foods rank by magnesium times their score to this power.
RANK_EXPONENT = float(_RANKING["exponent"])
#: The most kcal of one serving in the default ranking and gap search.
MOST_KCAL_PER_SERVING = float(_RANKING["most_kcal_per_serving"])
_TOKEN = re.compile(r"[a-z][a-z'-]*|/")


def derive_everyday(
    foods: pd.DataFrame, portions: pd.DataFrame, ingredients: pd.DataFrame
) -> pd.Series:
    """Every food's everyday score, the weighted mean of ``everyday_signals``."""
    signals = everyday_signals(foods, portions, ingredients)
    return score(signals).rename("everyday_score")


def score(signals: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.Series:
    """The weighted mean of the signals (``WEIGHTS`` unless others are given), 3 decimals."""
    used = WEIGHTS if weights is None else weights
    total = sum(used.values())
    mean = pd.Series(0.0, index=signals.index)
    for name, weight in used.items():
        mean += signals[name] * weight
    return (mean / total).round(3).astype("float64")


def everyday_signals(
    foods: pd.DataFrame, portions: pd.DataFrame, ingredients: pd.DataFrame
) -> pd.DataFrame:
    """One column per signal (``SIGNALS``), each from 0 to 1, one row per food."""
    ids = foods["fdc_id"]
    survey = (foods["data_type"] == "survey_fndds").fillna(False).astype(bool).to_numpy()
    uses = ingredients.groupby("ingredient_fdc_id")["fdc_id"].nunique()
    ranked = ingredients.sort_values(["fdc_id", "share"], ascending=[True, False])
    main = ranked.drop_duplicates("fdc_id")
    main = main[main["share"] >= float(_SIGNALS["main_share"])].set_index("fdc_id")
    twins = set(main["ingredient_fdc_id"])
    own_uses = ids.map(uses).fillna(0).to_numpy(dtype=float)
    main_uses = ids.map(main["ingredient_fdc_id"]).map(uses).fillna(0).to_numpy(dtype=float)
    twin = ids.isin(twins).to_numpy()
    reported = np.where(survey, 1.0, np.where(twin, float(_SIGNALS["twin_reported"]), 0.0))
    names = foods["description"].fillna("").astype(str).map(name_words)
    household = portions.loc[
        ~portions["measure"].str.lower().str.startswith(UNSPECIFIED.lower()), "fdc_id"
    ]
    linked = pd.Series(survey | (own_uses > 0), index=foods.index)
    category = foods["category"].map(linked.groupby(foods["category"]).mean())
    mentions = _saturated(
        _mention_counts(names, pd.Series(survey, index=names.index)),
        _SIGNALS["mentions_saturate"],
    )
    familiar = pd.DataFrame(
        {"mentions": mentions, "words": names.map(_word_signal).to_numpy(dtype=float)},
        index=foods.index,
    )
    frame = pd.DataFrame(
        {
            "reported": reported,
            "uses": _saturated(np.where(survey, main_uses, own_uses), _SIGNALS["uses_saturate"]),
            **_as_twins(familiar, ids, main["ingredient_fdc_id"]),
            "plain": foods["description"].fillna("").astype(str).map(plainness).to_numpy(),
            "portions": ids.isin(set(household)).to_numpy(dtype=float),
            "category": category.fillna(0.0).to_numpy(dtype=float),
        },
        index=foods.index,
    )
    return frame[list(SIGNALS)].astype("float64")


def _as_twins(familiar: pd.DataFrame, ids: pd.Series, main: pd.Series) -> dict[str, pd.Series]:
    """The name signals, an SR food that is an FNDDS food's main ingredient taking those of
    its FNDDS foods (the best of them): FNDDS names foods as people do ("Soybean curd
    cheese", not "Soybean, curd cheese"; "Escargot", not "Mollusks, snail, raw")."""
    by_id = familiar.set_axis(ids.to_numpy())
    main = main[main.index.isin(by_id.index)]
    best = by_id.loc[main.index].groupby(main.to_numpy()).max()
    twin = ids.isin(best.index).to_numpy()
    columns = {}
    for name in familiar.columns:
        from_twin = ids.map(best[name]).to_numpy(dtype=float)
        columns[name] = pd.Series(
            np.where(twin, from_twin, familiar[name].to_numpy()), index=familiar.index
        )
    return columns


def plainness(description: str) -> float:
    """1 for a plain food ("Chard, cooked", "Peanuts, dry roasted, unsalted"), less for each
    content word beyond ``plain_words`` (a mixture word counting twice)."""
    text = _PLAIN_PHRASES.sub(" ", re.sub(r"\([^)]*\)", " ", description.lower()))
    words = [w for w in _TOKEN.findall(text) if w not in _PLAIN_STATE]
    count = len(words) + sum(w in _PLAIN_MIXTURE for w in words)
    extra = max(0, count - int(_SIGNALS["plain_words"]))
    return 1.0 / (1.0 + float(_SIGNALS["plain_step"]) * extra)


def _saturated(counts: np.ndarray, saturate: float) -> np.ndarray:
    """log(1 + n) on a 0..1 scale that reaches 1 at ``saturate``."""
    return np.asarray(np.minimum(1.0, np.log1p(counts) / math.log1p(float(saturate))))


def name_words(description: str) -> frozenset[str]:
    """The singular content words of the segment that names a food: "Soybean curd cheese"
    -> soybean, curd, cheese; "Seeds, pumpkin and squash seed kernels" -> pumpkin, squash;
    "Chard, swiss, cooked" -> chard."""
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    segments = [s.strip() for s in text.split(",") if s.strip()]
    while len(segments) > 1 and segments[0] in GROUP_HEADS:
        segments = segments[1:]
    tokens = _TOKEN.findall(segments[0]) if segments else []
    return frozenset(
        singular(w) for w in tokens if w not in FILLER_WORDS and w != "/" and len(w) > 1
    )


def _mention_counts(names: pd.Series, reported: pd.Series) -> np.ndarray:
    """Per food, how many reported (FNDDS) foods' names hold every word of its name
    ("black bean": 10 FNDDS foods; "escargot": 1)."""
    by_word: dict[str, set[int]] = {}
    for position, words in enumerate(names[reported]):
        for word in words:
            by_word.setdefault(word, set()).add(position)
    found: dict[frozenset[str], int] = {}
    for name in set(names):
        sets = [by_word.get(w, set()) for w in name]
        found[name] = len(set.intersection(*sets)) if sets else 0
    return names.map(found).to_numpy(dtype=float)


def _word_signal(name: frozenset[str]) -> float:
    """The rarest name word's Zipf frequency on a 0..1 scale (``zipf_low``..``zipf_high``)."""
    if not name:
        return 0.0
    low, high = float(_SIGNALS["zipf_low"]), float(_SIGNALS["zipf_high"])
    least = min(_zipf(w) for w in name)
    return min(1.0, max(0.0, (least - low) / (high - low)))


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """A word's frequency in English (Zipf scale; the plural if the singular is rarer)."""
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, "en"), zipf_frequency(word + "s", "en"))
