"""The answerer with the reader against today's scorer, end to end (retrieval included).

Two sets:
  xquad-nearmiss: XQuAD-el indexed without half of the validation articles' paragraphs (the
      other half and the training articles stay); validation questions whose paragraph is kept
      are answerable, those whose paragraph was left out are near misses (their article's other
      paragraphs are there, the answer is not). Abstention thresholds are chosen here.
  news: the news dev set (../shared/eval/news), a final check only: nothing is tuned on it.
Reports right (contains an expected answer, in the short answer or the quote, and cites the
gold article), abstention, answer length, short answers given / holding an expected answer,
and ask latency.

    PYTHONPATH=. python benchmarks/reader_answers.py [--set news|xquad-nearmiss] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    CACHE,
    SHARED,
    Dataset,
    Question,
    answered_correctly,
    clean_environment,
    contains_answer,
    news,
    percentile,
    read_jsonl,
    workspace,
)
from bot.answering.answerer import AnswerPolicy
from bot.answering.reader.data import VALIDATION_ARTICLES, article_of
from bot.answering.reader.model import WEIGHTS_PATH
from bot.answering.short_answer import asked_kind
from bot.app import Newsbot
from index.settings import Settings

FLOOR = -1e9  # thresholds off: every question answered, so scores can be compared afterwards


def xquad_nearmiss() -> Dataset:
    """XQuAD-el without every other validation paragraph; their questions become near misses."""
    folder = SHARED / "eval" / "xquad-el"
    records = read_jsonl(folder / "corpus.jsonl")
    left_out = {r["id"] for r in records if article_of(r["id"]) in VALIDATION_ARTICLES and int(r["id"][-2:]) % 2 == 1}
    corpus = CACHE / "xquad-nearmiss.jsonl"
    corpus.parent.mkdir(parents=True, exist_ok=True)
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if r["id"] not in left_out),
                      encoding="utf-8")
    questions = []
    for r in read_jsonl(folder / "questions.jsonl"):
        if article_of(r["doc_id"]) not in VALIDATION_ARTICLES:
            continue
        gone = r["doc_id"] in left_out
        questions.append(Question(r["id"], r["lang"], r["question"], None if gone else r["doc_id"],
                                  tuple(r["answers"]), "unanswerable" if gone else r["kind"]))
    return Dataset("xquad-nearmiss", (corpus,), tuple(questions))


def indexed_bot(which: str, reuse_index: bool) -> tuple[Newsbot, Dataset]:
    """The bot over an index of ``which`` set (the previous run's, when kept and asked for) and the set."""
    dataset = news() if which == "news" else xquad_nearmiss()
    root = CACHE / "runs" / f"reader-{which}"
    if reuse_index and (root / "data").is_dir():
        settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=str(root / "data"),  # type: ignore[call-arg]
                            NEWSBOT_CORPUS_DIR=str(root / "corpus"))
    else:
        settings = workspace(dataset, f"reader-{which}")
    bot = Newsbot(settings)
    bot.reindex()
    return bot, dataset


def run(bot: Newsbot, dataset: Dataset) -> list[dict[str, Any]]:
    rows = []
    for q in dataset.questions:
        started = time.perf_counter()
        answer = bot.answerer(q.question)
        seconds = time.perf_counter() - started
        cited = [c.doc_id for c in answer.citations]
        shown = f"{answer.short_answer or ''}\n{answer.text}"
        rows.append({
            "id": q.id, "lang": q.lang, "kind": q.kind, "abstained": answer.abstained,
            "right": q.doc_id is not None and answered_correctly(q, shown, cited),
            "right_quote": q.doc_id is not None and answered_correctly(q, answer.text, cited),
            "factoid_kind": asked_kind(q.question), "short": answer.short_answer,
            "short_holds": bool(answer.short_answer) and contains_answer(answer.short_answer or "", q.answers),
            "chars": len(shown.strip()), "ms": seconds * 1000, "features": answer.extra,
        })
    return rows


def summary(rows: list[dict[str, Any]], min_score: dict[str, float] | None = None) -> dict[str, float]:
    """Figures of one run; with ``min_score`` the answers below it count as abstentions."""
    def abstains(r: dict[str, Any]) -> bool:
        if min_score is None:
            return bool(r["abstained"])
        return bool(r["abstained"]) or r["features"].get("best_sentence", FLOOR) < min_score[r["lang"]]

    answerable = [r for r in rows if r["kind"] != "unanswerable"]
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    answered = [r for r in answerable if not abstains(r)]
    factoid = [r for r in answered if r["factoid_kind"]]
    given = [r for r in factoid if r["short"]]
    return {
        "answerable": len(answerable),
        "right": sum(r["right"] for r in answered) / max(len(answerable), 1),
        "right_quote_only": sum(r["right_quote"] for r in answered) / max(len(answerable), 1),
        "false_abstention": sum(abstains(r) for r in answerable) / max(len(answerable), 1),
        "unanswerable": len(unanswerable),
        "unanswerable_abstained": sum(abstains(r) for r in unanswerable) / max(len(unanswerable), 1),
        "median_chars": statistics.median(r["chars"] for r in answered) if answered else 0.0,
        "short_given": len(given) / max(len(factoid), 1),
        "short_holds": sum(r["short_holds"] for r in given) / max(len(given), 1),
        "ask_p50_ms": percentile([r["ms"] for r in rows], 50),
        "ask_p95_ms": percentile([r["ms"] for r in rows], 95),
    }


def separation(rows: list[dict[str, Any]], feature: str = "best_sentence") -> dict[str, float]:
    """Per language: AUC of answerable over unanswerable questions on ``feature``, and the
    threshold that abstains on at most 5% of the answerable ones."""
    out: dict[str, float] = {}
    for lang in ("el", "en"):
        mine = [r for r in rows if r["lang"] == lang and not r["abstained"]]
        pos = [r["features"].get(feature, FLOOR) for r in mine if r["kind"] != "unanswerable"]
        neg = [r["features"].get(feature, FLOOR) for r in mine if r["kind"] == "unanswerable"]
        if pos and neg:
            out[f"auc_{lang}"] = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
            out[f"threshold_5pct_{lang}"] = sorted(pos)[int(0.05 * len(pos))]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="news", choices=["news", "xquad-nearmiss"])
    parser.add_argument("--open", action="store_true", help="thresholds off (for choosing them)")
    parser.add_argument("--precision", default="bf16", choices=["fp32", "bf16", "int8"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--weights", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--only", choices=["today", "reader"], help="run one answerer only")
    parser.add_argument("--factoid-quotes", type=int, default=3, help="quotes for other than why/summary/list")
    parser.add_argument("--short-quotes", choices=["all", "source", "source_and_best"], default="all",
                        help="AnswerPolicy.short_answer_quotes: the quotes that follow a short answer")
    defaults = AnswerPolicy()
    parser.add_argument("--cosine-weight", type=float, default=defaults.reader_cosine_weight,
                        help="AnswerPolicy.reader_cosine_weight")
    parser.add_argument("--read", type=int, default=defaults.reader_read, help="AnswerPolicy.reader_read")
    parser.add_argument("--lead", type=float, default=defaults.reader_single_quote_lead,
                        help="AnswerPolicy.reader_single_quote_lead")
    parser.add_argument("--reuse-index", action="store_true", help="keep the index of the previous run")
    parser.add_argument("--cold", action="store_true", help="keep no sentence vectors between questions")
    args = parser.parse_args(argv)
    clean_environment()
    import torch

    torch.set_num_threads(args.threads)
    bot, dataset = indexed_bot(args.set, args.reuse_index)
    from bot.answering.reader.model import load_reader

    results: dict[str, Any] = {}
    baseline = bot.answerer
    if args.cold:
        baseline.policy = replace(baseline.policy, known_sentences=0)
    with_reader = type(baseline)(bot.retriever, bot.embedder, baseline.policy, reader=
                                 load_reader(bot.settings.models_dir, args.weights, args.precision))
    with_reader.policy = replace(with_reader.policy, reader_cosine_weight=args.cosine_weight, reader_read=args.read,
                                 reader_single_quote_lead=args.lead)
    without = type(baseline)(bot.retriever, bot.embedder, baseline.policy)
    without.policy = replace(without.policy, factoid_quotes=args.factoid_quotes,
                             short_answer_quotes=args.short_quotes)
    if args.open:
        with_reader.policy = replace(with_reader.policy, reader_min_fused=FLOOR, reader_min_fused_greek=FLOOR)
        without.policy = replace(without.policy, min_relevance=FLOOR, min_relevance_greek=FLOOR)
    for name, answerer in (("today", without), ("reader", with_reader)):
        if args.only and name != args.only:
            continue
        bot.__dict__["answerer"] = answerer
        answerer("warm-up question")
        rows = run(bot, dataset)
        feature = "best_fused" if name == "reader" else "best_sentence"
        results[name] = {"summary": summary(rows), "separation": separation(rows, feature), "rows": rows}
        print(name, json.dumps({k: results[name][k] for k in ("summary", "separation")}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
