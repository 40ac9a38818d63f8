"""Fitting the short answer's confidence: one threshold per question language (benchmarks/fit_short_confidence.py)."""

from __future__ import annotations

import math
from typing import Any

from benchmarks.fit_short_confidence import choose_thresholds


def _rows(lang: str, margins_holding: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    return [{"lang": lang, "features": {"short_margin": m}, "short_holds": h} for m, h in margins_holding]


def test_each_language_gets_the_lowest_threshold_that_keeps_its_holding() -> None:
    weights, bias = {"short_margin": 1.0}, 0.0
    # Greek: 20 right above two wrong ones; English: 4 wrong ones between margins 1 and 2.7
    greek = _rows("el", [(m, True) for m in range(1, 21)] + [(-1.0, False), (-2.0, False)])
    english = _rows("en", [(m, True) for m in range(3, 21)] + [(m, False) for m in (1.0, 2.0, 2.5, 2.7)]
                    + [(-1.0, True)])
    thresholds = choose_thresholds(greek + english, weights, bias, target=0.95)
    assert thresholds["el"] == round(1 / (1 + math.exp(1.0)), 6)  # 20 of 21 shown hold
    assert thresholds["en"] == round(1 / (1 + math.exp(-3.0)), 6)  # above the wrong English ones


def test_a_lucky_answer_below_a_run_of_wrong_ones_does_not_set_the_threshold() -> None:
    rows = _rows("en", [(m, True) for m in range(10, 30)] + [(m, False) for m in range(5, 10)] + [(1.0, True)])
    thresholds = choose_thresholds(rows, {"short_margin": 1.0}, 0.0, target=0.85)
    assert thresholds["en"] > 0.99  # above the wrong ones (margins 5-9), not at the lone right one at 1
