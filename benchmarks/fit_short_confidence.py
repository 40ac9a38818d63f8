"""Fit the short answer's confidence (bot/answering/short_confidence.json) on the trust set's TUNE split.

Input: the rows of ``benchmarks/short_answers.py --set trust --all-short --json ROWS`` (every short
answer found, shown or not, with its features and whether it holds an expected answer). A
logistic model over the named features of ``bot.answering.short_confidence`` is fitted by
Newton's method (L2-regularised, numpy only) on the tune rows of answerable factoid questions; the
threshold of each question language is the lowest confidence at which that language's short answers
given on tune hold an expected answer at least ``--target`` of the time (and at the next higher ones),
scored out of fold (5 folds by article: each question by a model that never saw its article). Check
rows are only reported, never fitted on.

    PYTHONPATH=. python benchmarks/fit_short_confidence.py ROWS [--news NEWS_ROWS] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.trust import holds_answer
from bot.answering.short_confidence import PARAMETERS, ConfidenceModel, confidence

FEATURES = ("short_match", "short_sentence_score", "short_overlap", "short_margin", "short_subject", "short_rank",
            "short_near", "short_unheld", "short_agree", "short_greek", "short_named_as_asked",
            "short_beside_question_name", "short_latin_in_greek", "short_digits")
L2 = 1.0
TRUST_QUESTIONS = Path(__file__).resolve().parent / "data" / "trust" / "questions.jsonl"


def _usable(rows: Sequence[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """Answered answerable factoid questions of ``split`` where a short answer was found."""
    return [r for r in rows if r["split"] == split and r["answerable"] and r["factoid"] and not r["abstained"]
            and "short_match" in r["features"] and r["short"]]


def fit(rows: Sequence[dict[str, Any]]) -> tuple[np.ndarray, float]:
    """Weights (per FEATURES) and bias of an L2-regularised logistic regression."""
    x = np.array([[r["features"].get(f, 0.0) for f in FEATURES] for r in rows], dtype=float)
    y = np.array([1.0 if r["short_holds"] else 0.0 for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.diag([0.0] + [L2] * len(FEATURES))
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = z.T @ (z * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[1:] / scale  # back to the features' own units
    bias = float(w[0] - (w[1:] * mean / scale).sum())
    return weights, bias


def given_and_holding(rows: Sequence[dict[str, Any]], model: ConfidenceModel) -> tuple[int, int, int]:
    """(answered factoid questions, short answers given, of which holding) at the model's thresholds."""
    shown = [r for r in rows if confidence(r["features"], model) >= model.threshold_for(r["lang"])]
    return len(rows), len(shown), sum(r["short_holds"] for r in shown)


def choose_threshold(rows: Sequence[dict[str, Any]], scores: Sequence[float], target: float) -> float:
    """The lowest threshold at which the given short answers of ``rows`` hold >= ``target`` and still do at
    the next ``STABLE`` higher thresholds (a lucky dip between wrong answers does not set it).

    ``scores`` are each row's confidence from a model that did not see the row (out of fold): the
    in-sample scores of the model fitted on all of tune flatter it, and thresholds chosen on them
    gave far lower holding on held-out questions (English: 0.88 on tune, 0.56 on check)."""
    candidates = sorted({round(score, 6) for score in scores})

    def holding(threshold: float) -> float:
        shown = [r for r, score in zip(rows, scores, strict=True) if round(score, 6) >= threshold]
        return sum(r["short_holds"] for r in shown) / len(shown) if shown else 1.0

    rates = [holding(threshold) for threshold in candidates]
    for i, threshold in enumerate(candidates):
        if all(rate >= target for rate in rates[i : i + 1 + STABLE]):
            return threshold
    return 1.0


FOLDS = 5


def article_fold(group: str) -> int:
    """The fold of a question's article (a stable hash): out-of-fold fits leave a whole article out."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % FOLDS


def out_of_fold_scores(rows: Sequence[dict[str, Any]], groups: Sequence[str]) -> list[float]:
    """Each row's confidence from the model fitted on the other folds (folds by article, so a
    question is never scored by a model that saw its article's other questions)."""
    fold_of = [article_fold(group) for group in groups]
    scores = [0.0] * len(rows)
    for fold in range(FOLDS):
        weights_array, bias = fit([r for r, f in zip(rows, fold_of, strict=True) if f != fold])
        held_out = ConfidenceModel(dict(zip(FEATURES, map(float, weights_array), strict=True)), bias, 0.0)
        for i, f in enumerate(fold_of):
            if f == fold:
                scores[i] = confidence(rows[i]["features"], held_out)
    return scores


STABLE = 3


def choose_thresholds(rows: Sequence[dict[str, Any]], groups: Sequence[str], target: float) -> dict[str, float]:
    """One threshold per question language, each the lowest whose out-of-fold holding is >= ``target``."""
    scores = out_of_fold_scores(rows, groups)
    thresholds = {}
    for lang in ("el", "en"):
        mine = [i for i, r in enumerate(rows) if r["lang"] == lang]
        thresholds[lang] = choose_threshold([rows[i] for i in mine], [scores[i] for i in mine], target)
    return thresholds


def article_of(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The article each row's question is about (trust set), else the question itself (news dev)."""
    about = {}
    for line in TRUST_QUESTIONS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        about[record["id"]] = str(record.get("doc_id") or record.get("about") or record["id"])
    return [about.get(r["id"], r["id"]) for r in rows]


def as_given(rows: Sequence[dict[str, Any]], model: ConfidenceModel, shown: str, hidden: str,
             with_all: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Rows recorded both ways, as the answerer gives them at ``model``'s thresholds (the ``shown``
    answer where its short answer clears it, else the ``hidden`` one), with whether the short
    answer holds, grouped by split and split/language (and "all")."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        sure = bool(r[shown]["short"]) and confidence(r[shown]["features"], model) >= model.threshold_for(r["lang"])
        chosen = {**r, **(r[shown] if sure else r[hidden])}
        chosen["short_holds"] = bool(chosen["short"]) and holds_answer(chosen["short"], r["answers"])
        for key in (("all",) if with_all else ()) + (r["split"], f"{r['split']}/{r['lang']}"):
            groups.setdefault(key, []).append(chosen)
    return groups


def evaluate(rows: Sequence[dict[str, Any]], model: ConfidenceModel) -> dict[str, dict[str, float]]:
    """Figures of rows recorded with ``short_answers.py --both`` as the answerer gives them at ``model``'s
    threshold: the row's "shown" answer where its short answer clears it, else its "hidden" one."""
    groups = as_given(rows, model, "shown", "hidden", with_all=True)
    figures = {}
    for key, group in sorted(groups.items()):
        answerable = [r for r in group if r["answerable"]]
        answered = [r for r in answerable if not r["abstained"]]
        factoid = [r for r in answered if r["factoid"]]
        given = [r for r in factoid if r["short"]]
        figures[key] = {
            "answerable": len(answerable),
            "right_gold": round(sum(r["right"] for r in answerable) / max(len(answerable), 1), 3),
            "median_chars": float(np.median([r["chars"] for r in answered])) if answered else 0.0,
            "factoid_answered": len(factoid),
            "short_given": round(len(given) / max(len(factoid), 1), 3),
            "short_holds": round(sum(r["short_holds"] for r in given) / max(len(given), 1), 3),
            "short_repeats_question": sum(bool(r["short_repeats_question"]) for r in given),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--target", type=float, default=0.85, help="holding rate the threshold keeps on tune")
    parser.add_argument("--write", action="store_true", help=f"write {PARAMETERS.name}")
    parser.add_argument("--show-check", action="store_true",
                        help="report the held-out check split too (a look at it: only for final reporting)")
    parser.add_argument("--news", type=Path, help="rows of the news dev set (short_policies.py --set news) to fit "
                        "and choose the thresholds on together with tune (the project's other tuning set)")
    parser.add_argument("--evaluate", type=Path, action="append", default=[],
                        help="rows of short_answers.py --both: their figures at the fitted threshold")
    args = parser.parse_args(argv)
    rows = json.loads(args.rows.read_text(encoding="utf-8"))["rows"]
    for r in rows:  # holding as benchmarks/trust.py counts it (folded, or the answer's words by name key)
        r["short_holds"] = bool(r["short"]) and holds_answer(r["short"], r["answers"])
    if args.news:
        news_rows = json.loads(args.news.read_text(encoding="utf-8"))["rows"]
        for r in news_rows:
            r["short_holds"] = bool(r["short"]) and holds_answer(r["short"], r["answers"])
            r["split"] = "tune"  # fitted on with tune: the news dev set is tuning data too
        rows = rows + news_rows
    tune = _usable(rows, "tune")
    weights_array, bias = fit(tune)
    weights = {f: round(float(w), 6) for f, w in zip(FEATURES, weights_array, strict=True)}
    thresholds = choose_thresholds(tune, article_of(tune), args.target)
    threshold = max(thresholds.values())  # a question in another language: the stricter
    model = ConfidenceModel(weights, bias, threshold, thresholds)
    report: dict[str, Any] = {}
    # Fitting is done on tune; the check split is reported only when asked, so a refit is not a look at it.
    for split in ("tune", "check") if args.show_check else ("tune",):
        for lang in ("el", "en"):
            found = _usable(rows, split)
            part = [r for r in found if r["lang"] == lang]
            answered = [r for r in rows if r["split"] == split and r["lang"] == lang and r["answerable"]
                        and r["factoid"] and not r["abstained"]]
            _, given, holding = given_and_holding(part, model)
            report[f"{split}/{lang}"] = {
                "answered_factoid": len(answered), "found": len(part),
                "found_holding": sum(r["short_holds"] for r in part), "given": given, "holding": holding,
                "given_rate": round(given / max(len(answered), 1), 3),
                "holding_rate": round(holding / max(given, 1), 3),
            }
    print(json.dumps({"weights": weights, "bias": round(bias, 6), "threshold": threshold, "thresholds": thresholds,
                      "report": report}, indent=1))
    for path in args.evaluate:
        print(path.name, json.dumps(evaluate(json.loads(path.read_text(encoding="utf-8"))["rows"], model), indent=1))
    if args.write:
        PARAMETERS.write_text(json.dumps({
            "fitted_on": "benchmarks/data/trust tune split (benchmarks/fit_short_confidence.py)",
            "features": list(FEATURES), "weights": weights, "bias": round(bias, 6),
            "threshold": round(threshold, 6),
            "thresholds": {lang: round(value, 6) for lang, value in thresholds.items()}, "target_holding": args.target,
            "tune_rows": len(tune), "with_news_dev": bool(args.news),
        }, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
