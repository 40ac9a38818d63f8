"""Short answers end to end: how often one is given, how often it holds an expected answer, answer length.

Asks every question of a set through the default answerer (retrieval included) and writes one
JSON row per question: the short answer, whether it holds an expected answer, whether it
repeats a name of its question, the confidence features (``Answer.extra`` keys ``short_*``),
right + gold cited and the answer's length. The rows are what ``benchmarks/fit_short_confidence.py``
fits the short answer's confidence on (tune split only) and what BENCHMARKS.md reports (tune and
check separately, per language).

Sets: ``news`` (the news dev set, ../shared/eval/news: a final check, nothing tuned on it) and
``trust`` (benchmarks/data/trust, the project's own set with its tune / check split; follow-ups
are asked after their earlier questions).

    PYTHONPATH=. python benchmarks/short_answers.py --set news --json .newsbot/bench/short-news.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    Dataset,
    Question,
    answered_correctly,
    clean_environment,
    news,
    workspace,
)
from benchmarks.trust import holds_answer, repeats_question_name
from benchmarks.trust_data import TrustQuestion, corpus_files, load_questions
from bot.answering.short_answer import asked_kind
from bot.app import Newsbot
from bot.types import Turn

# The "factoid": a question that asks for a span (not why, a summary, yes or no). The news
# dev set marks them by kind, the trust set by what they ask.
FACTOID_KINDS = ("factoid",)
FACTOID_ASKS = ("who", "which", "what", "when", "where", "how_many", "how_much", "how_old", "which_year", "how_long")
ANSWERABLE_KINDS = ("factoid", "summary", "why", "answerable", "story_day")


def trust() -> tuple[Dataset, dict[str, TrustQuestion]]:
    """The project's own evaluation set (benchmarks/data/trust) and its questions by id."""
    records = load_questions()
    questions = tuple(Question(r.id, r.lang, r.question, r.doc_id, r.answers, r.kind) for r in records)
    return Dataset("trust", corpus_files(), questions), {r.id: r for r in records}


def _asked(bot: Newsbot, q: Question, history: Sequence[Turn], threshold: float | None) -> dict[str, Any]:
    """One answer's figures; ``threshold`` replaces the short answer's confidence threshold when given."""
    import bot.answering.answerer as answerer_module

    fitted = answerer_module.short_threshold
    if threshold is not None:
        answerer_module.short_threshold = lambda language=None: threshold  # type: ignore[attr-defined]
    try:
        answer = bot.answerer(q.question, history)
    finally:
        answerer_module.short_threshold = fitted  # type: ignore[attr-defined]
    cited = [c.doc_id for c in answer.citations]
    shown = f"{answer.short_answer or ''}\n{answer.text}"
    short = answer.short_answer or ""
    return {
        "abstained": answer.abstained, "short": answer.short_answer,
        "short_holds": bool(short) and holds_answer(short, q.answers),
        "short_repeats_question": bool(short) and repeats_question_name(short, q.question),
        "right": answered_correctly(q, shown, cited), "chars": len(shown.strip()), "features": dict(answer.extra),
        "text": answer.text, "cited": cited,
    }


def run(bot: Newsbot, questions: Sequence[Question], trust: dict[str, TrustQuestion], all_short: bool = False,
        both: bool = False) -> list[dict[str, Any]]:
    """Rows of figures; ``both``: each row also holds the answer with every short answer shown
    (``shown``) and with none (``hidden``), so any threshold's figures follow from one run (the second
    and third asking reuse the sentence vectors of the first and cost little)."""
    rows = []
    for number, q in enumerate(questions, 1):
        if number % 50 == 0:
            print(f"{number} / {len(questions)}", file=sys.stderr, flush=True)
        record = trust.get(q.id)
        history: list[Turn] = []
        for earlier in record.history if record else ():  # a follow-up: its earlier questions first
            history.append(Turn(earlier, bot.answerer(earlier, history).text))
        row = {
            "id": q.id, "lang": q.lang, "kind": q.kind, "split": record.split if record else "check",
            "asks": record.asks if record else q.kind,
            "factoid": record.asks in FACTOID_ASKS if record else q.kind in FACTOID_KINDS,
            "answerable": q.kind in ANSWERABLE_KINDS and q.doc_id is not None,
            "question": q.question, "answers": list(q.answers), "asked": asked_kind(q.question),
            **_asked(bot, q, history, float("-inf") if all_short else None),
        }
        if both:
            row["shown"] = _asked(bot, q, history, float("-inf"))
            row["hidden"] = _asked(bot, q, history, float("inf"))
        rows.append(row)
    return rows


def summary(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    answerable = [r for r in rows if r["answerable"]]
    answered_factoid = [r for r in answerable if r["factoid"] and not r["abstained"]]
    given = [r for r in answered_factoid if r["short"]]
    answered = [r for r in answerable if not r["abstained"]]
    return {
        "answerable": len(answerable),
        "right_gold": sum(r["right"] for r in answerable) / max(len(answerable), 1),
        "median_chars": statistics.median([r["chars"] for r in answered]) if answered else 0.0,
        "factoid_answered": len(answered_factoid),
        "short_given": len(given) / max(len(answered_factoid), 1),
        "short_holds": sum(r["short_holds"] for r in given) / max(len(given), 1),
        "short_repeats_question": sum(r["short_repeats_question"] for r in rows if r["short"]),
    }


def report(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Figures per split and language, and over all."""
    groups: dict[str, list[dict[str, Any]]] = {"all": list(rows)}
    for r in rows:
        groups.setdefault(f"{r['split']}", []).append(r)
        groups.setdefault(f"{r['split']}/{r['lang']}", []).append(r)
    return {name: summary(group) for name, group in sorted(groups.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="news", choices=["news", "trust"])
    parser.add_argument("--json", type=Path, help="write the per-question rows and figures here")
    parser.add_argument("--reuse-index", action="store_true", help="keep the index of the previous run")
    parser.add_argument("--answerable-only", action="store_true",
                        help="ask only the questions an article answers (what every short-answer figure reads)")
    parser.add_argument("--both", action="store_true",
                        help="also record each answer with every short answer shown and with none")
    parser.add_argument("--all-short", action="store_true",
                        help="show every short answer found, however unsure (the rows the confidence is fitted on)")
    args = parser.parse_args(argv)
    clean_environment()
    if args.set == "news":
        dataset, records = news(), {}
    else:
        dataset, records = trust()
    from index.settings import Settings

    root = Path(".newsbot") / "bench" / "runs" / f"short-{args.set}"
    if args.reuse_index and (root / "data").is_dir():
        settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=str(root / "data"),  # type: ignore[call-arg]
                            NEWSBOT_CORPUS_DIR=str(root / "corpus"))
    else:
        settings = workspace(dataset, f"short-{args.set}")
    bot = Newsbot(settings)
    bot.reindex()
    questions = [q for q in dataset.questions if not args.answerable_only or q.kind in ANSWERABLE_KINDS]
    rows = run(bot, questions, records, all_short=args.all_short, both=args.both)
    figures = report(rows)
    for name, values in figures.items():
        print(name, json.dumps({k: round(v, 3) for k, v in values.items()}))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"figures": figures, "rows": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
