"""How sure a short answer is: a small logistic model over named features, fitted on the tune split.

Features (``ShortAnswer.features``): ``short_match`` (1 the asked kind, 0.5 a kind that may be
it), ``short_sentence_score`` (the scorer's score of its sentence), ``short_overlap`` (the
share of the question's terms its sentence holds), ``short_margin`` (its lead over the next
different candidate), ``short_subject`` (the share of the question's named things its sentence
holds), ``short_rank`` (which quote it came from, 0 the best), ``short_near`` (the question's
words around it, with the Greek stems of its CLDR names and demonyms), ``short_unheld`` (the share
of the question's named things no quote holds: translated, not transliterated), ``short_agree``
(how many other quotes name it), ``short_greek`` (a Greek question), ``short_named_as_asked`` (the
noun of "which X" just before it), ``short_beside_question_name`` (joined by "and" to a name of the
question: its partner, not the answer), ``short_latin_in_greek`` (a Latin-script name a Greek text
kept, for "which X"), ``short_digits`` (the span holds a figure in digits: the same in either language,
so an English question's short answer of digits is as checkable as a Greek one's).

The weights, bias and thresholds (one per question language, and one for any other) live in
``short_confidence.json`` beside this module, written by ``benchmarks/fit_short_confidence.py``
from the rows of ``benchmarks/short_answers.py`` on the tune split. Without that file (or with a
broken one) the fallback is a rule: sure (1.0) only for a span of the asked kind from a sentence
holding the question's named things, else 0.0.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PARAMETERS = Path(__file__).with_name("short_confidence.json")
FALLBACK_THRESHOLD = 0.5


@dataclass(frozen=True)
class ConfidenceModel:
    """p = sigmoid(bias + sum of weight x feature); a short answer is shown when p >= threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    # per question language ("el", "en"), where fitted: English questions over Greek articles are
    # answered from other evidence (names across scripts), so each language keeps its own threshold
    thresholds: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, language: str | None) -> float:
        return self.thresholds.get(language or "", self.threshold)


@lru_cache(maxsize=1)
def model() -> ConfidenceModel | None:
    """The fitted model, or None (the fallback rule) when its file is absent or unreadable."""
    try:
        data = json.loads(PARAMETERS.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        thresholds = {str(k): float(v) for k, v in data.get("thresholds", {}).items()}
        return ConfidenceModel(weights, float(data["bias"]), float(data["threshold"]), thresholds)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("short-answer confidence model %s unreadable (%s); using the fallback rule", PARAMETERS, exc)
        return None


def fallback(features: dict[str, float]) -> float:
    return 1.0 if features.get("short_match", 0.0) >= 1.0 and features.get("short_subject", 0.0) > 0 else 0.0


def confidence(features: dict[str, float], fitted: ConfidenceModel | None = None) -> float:
    """The probability that the short answer holds the answer (or the fallback rule's 0 / 1)."""
    fitted = fitted or model()
    if fitted is None:
        return fallback(features)
    z = fitted.bias + sum(weight * features.get(name, 0.0) for name, weight in fitted.weights.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def threshold(language: str | None = None) -> float:
    """Below this confidence the answer to a question in ``language`` opens with the quotes alone."""
    fitted = model()
    return fitted.threshold_for(language) if fitted is not None else FALLBACK_THRESHOLD
