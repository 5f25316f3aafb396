"""The shortlist of the best candidates by features is the full stable sort's first ones."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from magfood.meals import matching

SCORES = st.lists(
    st.sampled_from([-3.0, -0.0, 0.0, 1.5, 2.0, 7.25, 40.0]) | st.floats(-100, 100), max_size=600
)


@given(SCORES, st.integers(1, 60))
def test_best_first_is_the_stable_sorts_first(scores: list[float], count: int) -> None:
    score = np.asarray(scores, dtype=np.float64)
    expected = np.argsort(-score, kind="stable")[:count]
    assert np.array_equal(matching._best_first(score, count), expected)


def test_best_first_on_many_ties_keeps_row_order() -> None:
    score = np.asarray([1.0, 5.0, 5.0, 3.0] * 100 + [9.0])
    found = matching._best_first(score, matching.SHORTLIST)
    fives = [k for k in range(400) if k % 4 in (1, 2)]
    assert found.tolist() == [400, *fives[:39]]
    assert np.array_equal(found, np.argsort(-score, kind="stable")[: matching.SHORTLIST])
