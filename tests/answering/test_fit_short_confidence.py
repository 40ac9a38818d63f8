"""Fitting the short answer's confidence: one threshold per question language, chosen on out-of-fold
scores (benchmarks/fit_short_confidence.py)."""

from __future__ import annotations

import math
from typing import Any

from benchmarks.fit_short_confidence import FEATURES, choose_threshold, fit, out_of_fold_scores
from bot.answering.short_confidence import ConfidenceModel, confidence


def _rows(lang: str, margins_holding: list[tuple[float, bool]]) -> list[dict[str, Any]]:
    return [{"lang": lang, "features": {"short_margin": m}, "short_holds": h} for m, h in margins_holding]


def _sigmoid(x: float) -> float:
    return round(1 / (1 + math.exp(-x)), 6)


def test_the_lowest_threshold_that_keeps_the_holding() -> None:
    # 20 right above two wrong ones: at the higher wrong one 20 of 21 shown hold (>= 0.95)
    rows = _rows("el", [(m, True) for m in range(1, 21)] + [(-1.0, False), (-2.0, False)])
    scores = [_sigmoid(r["features"]["short_margin"]) for r in rows]
    assert choose_threshold(rows, scores, target=0.95) == _sigmoid(-1.0)
    assert choose_threshold(rows, scores, target=0.99) == _sigmoid(1.0)


def test_a_lucky_answer_below_a_run_of_wrong_ones_does_not_set_the_threshold() -> None:
    rows = _rows("en", [(m, True) for m in range(10, 30)] + [(m, False) for m in range(5, 10)] + [(1.0, True)])
    scores = [_sigmoid(r["features"]["short_margin"]) for r in rows]
    # at margin 7, 20 of 23 shown hold (0.87); at the lone right one (1) 21 of 26 would (0.81)
    assert choose_threshold(rows, scores, target=0.85) == _sigmoid(7.0)


def test_out_of_fold_scores_come_from_a_model_that_never_saw_the_article() -> None:
    rows, groups = [], []
    for article in range(12):
        contrary = article == 0  # one article whose short answers hold where the others' do not
        for margin in (-2.0, -1.0, 1.0, 2.0):
            rows.append({"lang": "en", "features": {"short_margin": margin},
                         "short_holds": (margin < 0) if contrary else (margin > 0)})
            groups.append(f"article-{article}")
    weights, bias = fit(rows)
    in_sample = ConfidenceModel(dict(zip(FEATURES, map(float, weights), strict=True)), bias, 0.0)
    held_out = out_of_fold_scores(rows, groups)
    contrary_right = [i for i, g in enumerate(groups) if g == "article-0" and rows[i]["features"]["short_margin"] > 0]
    # the contrary article pulled the in-sample model's slope down; the model without it is surer
    for i in contrary_right:
        assert held_out[i] > confidence(rows[i]["features"], in_sample) + 0.01
