"""Dated questions: period, latest, when, relative and empty-period questions over dated news.

Corpus: ../shared/eval/news/corpus_dated.jsonl (42 dated articles, 2005-2014, CC BY-NC-SA: read
from ../shared, copied only into the scratch dir) plus the shipped corpus/ (undated articles), so
undated articles compete too. Questions: questions_dated.jsonl (20). The real bundled model and
the offline (extractive) answerer; "today" is the question's asked_on, else the run's --today.

A question is right when the answer cites a gold article and no distractor and contains an
expected answer; an empty-period question when the answer says there is nothing from that
period (abstained) and cites nothing.

    .venv/bin/python benchmarks/dated.py [--write] [--dateparser]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    CACHE,
    REPO,
    SHARED,
    Dataset,
    clean_environment,
    contains_answer,
    read_jsonl,
    replace_block,
    table,
    workspace,
)
from bot.answering.answerer import Answerer
from bot.app import Newsbot
from bot.question.time_expressions import parse_time
from bot.types import Answer
from index.settings import Settings

FOLDER = SHARED / "eval" / "news"
START = "<!-- dated:start -->"
END = "<!-- dated:end -->"


@dataclass(frozen=True)
class Outcome:
    id: str
    kind: str
    lang: str
    ok: bool
    why: str
    answer: Answer


def score(record: dict[str, Any], answer: Answer) -> tuple[bool, str]:
    cited = {c.doc_id for c in answer.citations}
    if record["kind"] == "empty-period":
        if not answer.abstained:
            return False, "answered instead of saying the period is empty"
        return (not cited, "cites an article" if cited else "says nothing from the period")
    if answer.abstained:
        return False, "abstained"
    if not cited & set(record["doc_ids"]):
        return False, f"cites {sorted(cited)}, not the gold article"
    if cited & set(record.get("distractor_ids") or ()):
        return False, "cites a distractor"
    if not contains_answer(answer.text, record["answers"]):
        return False, "no expected answer in the text"
    return True, "right"


def run(today: date, keep_index: bool = False) -> list[Outcome]:
    dataset = Dataset("dated", (FOLDER / "corpus_dated.jsonl",), ())
    root = CACHE / "runs" / "dated"
    if keep_index and (root / "data").exists():  # reindex then only checks it is up to date
        settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=str(root / "data"),  # type: ignore[call-arg]
                            NEWSBOT_CORPUS_DIR=str(root / "corpus"))
    else:
        settings = workspace(dataset, "dated")
    for path in (REPO / "corpus").iterdir():  # the shipped, undated corpus beside the dated one
        if path.suffix in (".jsonl", ".txt", ".md") and path.name != "README.md":
            shutil.copy(path, settings.corpus_dir / path.name)
    bot = Newsbot(settings)
    bot.reindex()
    outcomes = []
    for record in read_jsonl(FOLDER / "questions_dated.jsonl"):
        asked_on = date.fromisoformat(record["asked_on"]) if record.get("asked_on") else today
        answerer = Answerer(bot.retriever, bot.embedder, bot.answerer.policy, today=asked_on)
        answer = answerer(record["question"])
        ok, why = score(record, answer)
        outcomes.append(Outcome(record["id"], record["kind"], record["lang"], ok, why, answer))
    return outcomes


def parser_periods(today: date, with_dateparser: bool) -> tuple[int, int | None, int]:
    """Questions whose period (or its absence) each parser gets right: ours, dateparser's."""
    records = read_jsonl(FOLDER / "questions_dated.jsonl")
    ours = theirs = 0
    for record in records:
        asked_on = date.fromisoformat(record["asked_on"]) if record.get("asked_on") else today
        gold = record.get("period")
        parsed = parse_time(record["question"], asked_on).period
        got = (parsed.start.isoformat(), parsed.end.isoformat()) if parsed else None
        ours += got == ((gold["from"], gold["to"]) if gold else None)
        if with_dateparser:
            theirs += _dateparser_right(record, asked_on)
    return ours, (theirs if with_dateparser else None), len(records)


def _dateparser_right(record: dict[str, Any], asked_on: date) -> bool:
    """dateparser finds dates, not periods: right when it finds one inside the gold period (or none
    where there is no period)."""
    from datetime import datetime

    from dateparser.search import search_dates  # type: ignore[import-not-found]

    found = search_dates(
        record["question"], languages=[record["lang"]],
        settings={"RELATIVE_BASE": datetime.combine(asked_on, datetime.min.time()), "PREFER_DATES_FROM": "past"},
    ) or []
    gold = record.get("period")
    if gold is None:
        return not found
    start, end = date.fromisoformat(gold["from"]), date.fromisoformat(gold["to"])
    return bool(found) and all(start <= d.date() <= end for _, d in found)


def report(outcomes: list[Outcome], seconds: float, parsers: tuple[int, int | None, int]) -> str:
    kinds = sorted({o.kind for o in outcomes}, key=["period", "latest", "when", "relative", "empty-period"].index)
    rows = [(k, f"{sum(o.ok for o in outcomes if o.kind == k)}/{sum(o.kind == k for o in outcomes)}") for k in kinds]
    rows.append(("**all**", f"**{sum(o.ok for o in outcomes)}/{len(outcomes)}**"))
    ours, theirs, total = parsers
    lines = [
        START,
        "## Dated questions",
        "",
        "`benchmarks/dated.py --write` (issue 13): the 20 date-aware dev questions (10 Greek, 10 English) over",
        "corpus_dated.jsonl (42 dated articles, 2005-2014) plus the shipped, undated corpus/ (55 articles);",
        "real bundled model, offline extractive answerer; \"today\" is each relative question's asked_on.",
        "Right = cites a gold article and no distractor and contains an expected answer; for an empty",
        "period, abstains saying there is nothing from it and cites nothing.",
        "",
        *table(("kind", "right"), rows),
        "",
        f"Per question ({seconds:.0f} s for index and answers):",
        "",
        *table(("id", "kind", "lang", "right", "why"),
               ((o.id, o.kind, o.lang, "yes" if o.ok else "**no**", o.why) for o in outcomes)),
        "",
        f"Time expressions in the 20 questions (period, or none for latest and when): rules {ours}/{total}"
        + (f", dateparser 1.2.2 `search_dates` {theirs}/{total}" if theirs is not None else "") + ".",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="today for the questions without an asked_on")
    parser.add_argument("--write", action="store_true", help="write the figures into BENCHMARKS.md")
    parser.add_argument("--keep-index", action="store_true", help="reuse the previous run's index")
    parser.add_argument("--dateparser", action="store_true", help="also measure dateparser (if installed)")
    args = parser.parse_args(argv)
    clean_environment()
    started = time.perf_counter()
    outcomes = run(args.today, args.keep_index)
    seconds = time.perf_counter() - started
    for o in outcomes:
        mark = "ok " if o.ok else "BAD"
        print(f"{mark} {o.id} {o.kind:<12} {o.lang} {o.why}")
        print("     " + o.answer.text.replace("\n", " ")[:400])
        print("     cites " + ", ".join(f"{c.doc_id} ({c.date})" for c in o.answer.citations))
    block = report(outcomes, seconds, parser_periods(args.today, args.dateparser))
    print(block)
    if args.write:
        replace_block(REPO / "BENCHMARKS.md", START, END, block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
