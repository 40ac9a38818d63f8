"""The short answer's confidence: the fitted model's file, its fallback rule, its threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answering import short_confidence
from bot.answering.short_confidence import ConfidenceModel, confidence, fallback

SURE = {"short_match": 1.0, "short_subject": 1.0, "short_margin": 5.0}
UNSURE = {"short_match": 0.5, "short_subject": 0.0, "short_margin": 0.0}


def test_a_logistic_model_orders_answers_by_its_weights() -> None:
    model = ConfidenceModel({"short_match": 2.0, "short_subject": 1.0, "short_margin": 0.5}, -4.0, 0.5)
    assert confidence(SURE, model) > 0.8 > 0.1 > confidence(UNSURE, model)


def test_the_fallback_rule_wants_the_asked_kind_from_a_sentence_about_the_subject() -> None:
    assert fallback(SURE) == 1.0
    assert fallback(UNSURE) == 0.0
    assert fallback({**SURE, "short_subject": 0.0}) == 0.0


@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"weights": {"short_match": "x"}})])
def test_a_missing_or_broken_parameter_file_falls_back_to_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    path = tmp_path / "short_confidence.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(short_confidence, "PARAMETERS", path)
    short_confidence.model.cache_clear()
    try:
        assert short_confidence.model() is None
        assert confidence(SURE) == 1.0 and confidence(UNSURE) == 0.0
        assert short_confidence.threshold() == short_confidence.FALLBACK_THRESHOLD
    finally:
        short_confidence.model.cache_clear()


def test_a_written_parameter_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "short_confidence.json"
    path.write_text(json.dumps({"weights": {"short_match": 4.0}, "bias": -3.0, "threshold": 0.7}), encoding="utf-8")
    monkeypatch.setattr(short_confidence, "PARAMETERS", path)
    short_confidence.model.cache_clear()
    try:
        assert short_confidence.threshold() == 0.7
        assert confidence({"short_match": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1.0), rel=1e-6)
    finally:
        short_confidence.model.cache_clear()


def test_each_question_language_has_its_own_threshold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "short_confidence.json"
    path.write_text(json.dumps({"weights": {"short_match": 4.0}, "bias": -3.0, "threshold": 0.7,
                                "thresholds": {"el": 0.6, "en": 0.4}}), encoding="utf-8")
    monkeypatch.setattr(short_confidence, "PARAMETERS", path)
    short_confidence.model.cache_clear()
    try:
        assert short_confidence.threshold("el") == 0.6
        assert short_confidence.threshold("en") == 0.4
        assert short_confidence.threshold() == 0.7  # any other: the stricter one written
    finally:
        short_confidence.model.cache_clear()
