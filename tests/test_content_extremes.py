"""The bmm content against its best and worst answers (passes once the content is corrected).

Best answers fire no recommendation in any element; the worst fire at most 4 per element,
and "high" is at most a third of them.
"""

from __future__ import annotations

import pytest

from assistant import framework as fw
from assistant.analysis.extremes import HIGH_SHARE, MAX_AT_WORST, WORST, extremes


@pytest.fixture(scope="module")
def bmm_extremes():
    return extremes(fw.get("bmm"))


def test_best_answers_fire_no_recommendation(bmm_extremes):
    fired = {row.element.id: [r.id for r in row.best.fired] for row in bmm_extremes.elements if row.best.fired}
    assert fired == {}


def test_worst_answers_fire_at_most_four_per_element(bmm_extremes):
    over = {row.element.id: [r.id for r in row.worst.fired]
            for row in bmm_extremes.elements if len(row.worst.fired) > MAX_AT_WORST}
    assert over == {}


def test_high_is_at_most_a_third_of_the_worst_case(bmm_extremes):
    worst = bmm_extremes.fired(WORST)
    high = [r.id for r in worst if r.priority == "high"]
    assert worst and len(high) <= len(worst) * HIGH_SHARE, f"{len(high)} of {len(worst)} are high"
