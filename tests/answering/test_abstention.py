"""The abstention model: its probability, its file, the fallback, and the fit that makes it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from benchmarks.fit_abstention import choose_cutoff, fit_logistic
from bot.answering.abstention import FEATURES, AbstentionModel, load_model


def test_probability_rises_with_the_best_sentence_and_falls_with_a_missing_kind() -> None:
    weights = (20.0, -2.0, -3.0, -3.0, 0.5, -2.0, -4.0, -4.0, -8.0, -4.0, -4.0, 0.0)
    model = AbstentionModel(weights=weights, intercept=-17.0, cutoff=0.5)
    good = {"best_sentence": 0.95, "greek": 0.0, "kind_missing": 0.0, "amount_missing": 0.0, "premise_found": 1.0}
    assert model.answers(good)
    assert not model.answers({**good, "kind_missing": 1.0})
    assert not model.answers({**good, "best_sentence": 0.7})
    assert not model.answers({**good, "premise_far": 1.0})  # a name nothing in the article sounds like
    assert not model.answers({**good, "premise_far_rare": 1.0})  # ... with a word rare in English
    assert not model.answers({**good, "premise_distance": 0.6})  # graded: the least-found name is far
    assert not model.answers({**good, "detail_missing": 1.0})  # no span of the asked kind in the article


def test_greek_questions_get_their_own_slope_on_the_best_sentence() -> None:
    from bot.answering.abstention import feature_value

    assert feature_value({"best_sentence": 0.9, "greek": 1.0}, "best_sentence_greek") == 0.9
    assert feature_value({"best_sentence": 0.9, "greek": 0.0}, "best_sentence_greek") == 0.0
    weights = (10.0, -10.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0)  # Greek: 20 per point of score
    model = AbstentionModel(weights=weights, intercept=-9.2, cutoff=0.5)
    assert model.answers({"best_sentence": 0.95, "greek": 0.0})
    assert not model.answers({"best_sentence": 0.95, "greek": 1.0})
    assert model.answers({"best_sentence": 1.0, "greek": 1.0})


def test_the_model_file_round_trips_and_a_missing_or_broken_one_falls_back(tmp_path: Path) -> None:
    model = AbstentionModel(weights=tuple(float(i) for i in range(len(FEATURES))), intercept=0.25, cutoff=0.4)
    path = tmp_path / "abstention.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    assert load_model(path) == model
    assert load_model(tmp_path / "none.json") is None
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({**model.to_json(), "features": ["best_sentence"]}), encoding="utf-8")
    assert load_model(broken) is None


def test_the_fit_finds_the_feature_that_separates_and_the_cutoff_keeps_false_abstention_low() -> None:
    rng = np.random.default_rng(0)
    n = 400
    answerable = rng.random(n) < 0.5
    best = np.where(answerable, rng.normal(0.95, 0.03, n), rng.normal(0.85, 0.03, n))
    noise = rng.random(n)
    x = np.column_stack([best, noise, np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)])
    weights, _intercept = fit_logistic(x, answerable.astype(float))
    assert weights[0] > 10 and abs(weights[1]) < abs(weights[0]) / 10
    probabilities = 1 / (1 + np.exp(-(x @ weights + _intercept)))
    cutoff = choose_cutoff(probabilities, answerable.astype(float), max_false=0.03)
    assert (probabilities[answerable] < cutoff).mean() <= 0.03
    assert (probabilities[~answerable] < cutoff).mean() > 0.5


def test_the_shipped_model_applies_only_to_the_embedding_model_it_was_fitted_on() -> None:
    """Its weights read the bundled model's scores; another model (or a fake) gets the thresholds."""
    from fakes import CountingEmbedder

    from index.bundled_model import BUNDLED_MODEL_NAME

    shipped = load_model()
    assert shipped is not None and shipped.fits(BUNDLED_MODEL_NAME)
    assert not shipped.fits(CountingEmbedder().name)
    old = {k: v for k, v in shipped.to_json().items() if k != "embedding_model"}  # a file from before the field
    assert AbstentionModel.from_json(old).fits(BUNDLED_MODEL_NAME)


def test_the_cutoff_reads_out_of_fold_probabilities_from_models_that_never_saw_the_article() -> None:
    import hashlib

    from benchmarks.fit_abstention import FOLDS, out_of_fold_probabilities

    rng = np.random.default_rng(1)
    rows = [{"id": f"invented-{i}"} for i in range(200)]  # not trust questions: each is its own article
    fold = np.array([int(hashlib.sha256(r["id"].encode()).hexdigest(), 16) % FOLDS for r in rows])
    x = np.column_stack([rng.normal(0, 1, len(rows)), rng.normal(0, 1, len(rows))])
    # fold 0's questions follow the opposite rule from the others'
    y = np.where(fold == 0, x[:, 0] < 0, x[:, 0] > 0).astype(float)
    probabilities = out_of_fold_probabilities(rows, x, y)
    weights, intercept = fit_logistic(x[fold != 0], y[fold != 0])
    without = 1 / (1 + np.exp(-(x[fold == 0] @ weights + intercept)))
    assert np.allclose(probabilities[fold == 0], without)
    weights_all, intercept_all = fit_logistic(x, y)  # the fitted model's own probabilities: not these
    inside = 1 / (1 + np.exp(-(x[fold == 0] @ weights_all + intercept_all)))
    assert not np.allclose(probabilities[fold == 0], inside)


def test_kinds_weigh_in_the_fit_as_they_do_in_the_designed_mix_not_as_often_as_the_tune_split_holds_them() -> None:
    from collections import Counter

    from benchmarks.fit_abstention import kind_weights
    from benchmarks.trust_data import load_questions

    rows = [{"kind": "missing_detail"}] * 30 + [{"kind": "off_topic"}] * 10 + [{"kind": "answerable"}] * 60
    weights = kind_weights(rows)
    designed = Counter(q.kind for q in load_questions() if q.split == "check")
    share = {kind: sum(w for w, r in zip(weights, rows, strict=True) if r["kind"] == kind) / weights.sum()
             for kind in ("missing_detail", "off_topic", "answerable")}
    in_design = sum(designed[k] for k in share)
    for kind, value in share.items():
        assert abs(value - designed[kind] / in_design) < 0.15  # the designed share, not 0.3 / 0.1 / 0.6
    assert share["missing_detail"] < 0.3 and share["off_topic"] > 0.1
    assert kind_weights([{"id": "no kind"}])[0] == 1.0
