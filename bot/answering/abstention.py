"""Whether to answer: a small logistic model over features that can be named, or the fixed thresholds.

The features (``answer_features``) are what the answerer knows before it writes anything: the best
sentence's score (in its language's units), whether the question asks for a kind of thing (a
name, a number, a date, a place) and the quotes hold one, whether a how-many question's best
quote holds a new amount, how many of the question's names and numbers the article holds, how
many it may lack (names in the other script that sound could not find and CLDR does not know),
how many of those nothing in the article even resembles in sound (``premise_far``) and how many
of these hold a word rare in English, a proper name Greek would transliterate, not translate
(``premise_far_rare``; ``index.common_words``), how far in sound the least-found of them is
(``premise_distance``, graded: 1 - the closeness of the article's most alike word), and whether
the article holds no number of the kind asked (an age, a sum, a count: ``detail_missing``) or
counts only other things than the asked noun (``count_noun_missing``; ``detail_check``). A name
or number the article surely lacks, or no number of the asked kind in it at all, always abstains,
saying what, whatever the model.

``benchmarks/fit_abstention.py`` fits the model on the tune split of the trust set
(benchmarks/data/trust) and writes its coefficients to ``abstention.json`` beside this module;
without that file (or with one that does not parse) the answerer falls back to the thresholds
of ``AnswerPolicy`` (min_relevance, min_relevance_greek, and the amount check).
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("abstention.json")
# The features the model reads, in order (names as in Answer.extra).
# The default model (index.bundled_model.BUNDLED_MODEL_NAME), which the shipped fit was made on.
FITTED_ON = "bundled:multilingual-e5-small"
FEATURES = ("best_sentence", "greek", "kind_missing", "amount_missing", "premise_found", "premise_uncertain",
            "premise_far", "premise_far_rare", "premise_distance", "detail_missing", "count_noun_missing",
            "best_sentence_greek")
# Features made from others when the model reads them: Greek questions score in other units (about
# 0.1 higher), so the best sentence's score gets its own slope for them.
DERIVED = {"best_sentence_greek": ("best_sentence", "greek")}


def feature_value(features: dict[str, float], name: str) -> float:
    """``features[name]``, or the product of the features a derived one is made of (0 when absent)."""
    if name in DERIVED:
        left, right = DERIVED[name]
        return features.get(left, 0.0) * features.get(right, 0.0)
    return features.get(name, 0.0)


@dataclass(frozen=True)
class AbstentionModel:
    """P(the question is answered by the quotes) = sigmoid(intercept + sum(weight x feature))."""

    weights: tuple[float, ...]
    intercept: float
    cutoff: float  # answer when the probability reaches this
    # The embedding model whose scores it was fitted on: its weights mean nothing on another
    # model's (or a test's fake embedder's) scores, where the thresholds decide instead.
    embedding_model: str = FITTED_ON

    def fits(self, embedding_model: str) -> bool:
        return embedding_model == self.embedding_model

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * feature_value(features, name) for w, name in zip(self.weights, FEATURES, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def answers(self, features: dict[str, float]) -> bool:
        return self.probability(features) >= self.cutoff

    def answers_row(self, row: dict[str, Any]) -> bool:
        """``answers`` on a benchmark row ({"features": {...}, ...})."""
        return self.answers(row["features"])

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AbstentionModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"features {data['features']} are not {FEATURES}")
        weights = tuple(float(w) for w in data["weights"])
        if len(weights) != len(FEATURES):
            raise ValueError("one weight a feature")
        fitted_on = str(data.get("embedding_model", FITTED_ON))
        return cls(weights, float(data["intercept"]), float(data["cutoff"]), fitted_on)

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "weights": list(self.weights), "intercept": self.intercept,
                "cutoff": self.cutoff, "embedding_model": self.embedding_model}


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> AbstentionModel | None:
    """The fitted model, or None (the thresholds decide) when the file is missing or broken."""
    try:
        return AbstentionModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring the abstention model %s (%s); using the thresholds", path, exc)
        return None
