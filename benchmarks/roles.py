"""What a named person is: "Who is X?" questions over the shipped corpus, and how often the bold answer is right.

The questions (benchmarks/data/roles/questions.jsonl, 30: 15 Greek, 15 English) name a person of the
shipped corpus and expect the title the article gives them, as the article writes it (a person with a
title in one of its sentences; found by reading the articles). They were written after the role spans
(bot/answering/role_spans.py) were built and tuned on the trust set, and nothing was tuned on them.

For each question: abstained, right + gold cited (an expected title in the shown answer and the article
cited), and the short answer: given, and holding an expected title. Writes a table between the
``roles`` markers of BENCHMARKS.md with --output.

    PYTHONPATH=. python benchmarks/roles.py [--output BENCHMARKS.md] [--json ROWS]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import clean_environment, replace_block, table
from benchmarks.trust import NEWS_DEV, cached_bot, displayed, holds_answer

QUESTIONS = Path(__file__).resolve().parent / "data" / "roles" / "questions.jsonl"
TODAY = dt.date(2026, 12, 1)
START, END = "<!-- roles:start -->", "<!-- roles:end -->"


def run() -> list[dict[str, object]]:
    """Every question asked once of the bot over the shipped corpus (the news dev set's index)."""
    bot = cached_bot("trust-news-dev", sorted((NEWS_DEV / "corpus").iterdir()), TODAY)
    rows: list[dict[str, object]] = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        question = json.loads(line)
        answer = bot.answerer(question["question"])
        short = answer.short_answer or None
        cited = [c.doc_id for c in answer.citations]
        shown = displayed(answer.text, short)
        rows.append({
            "id": question["id"], "lang": question["lang"], "question": question["question"],
            "abstained": answer.abstained, "short": short,
            "short_holds": holds_answer(short, question["answers"]) if short else None,
            "right_cited": (not answer.abstained and question["doc_id"] in cited
                            and holds_answer(shown, question["answers"])),
            "confidence": (answer.extra or {}).get("short_confidence"),
        })
    return rows


def figures(rows: Sequence[dict[str, object]]) -> list[list[str]]:
    lines = []
    for lang in ("all", "el", "en"):
        part = [r for r in rows if lang in ("all", r["lang"])]
        given = [r for r in part if r["short"]]
        holding = sum(1 for r in given if r["short_holds"])
        right = sum(1 for r in part if r["right_cited"])
        abstained = sum(1 for r in part if r["abstained"])
        lines.append([lang, str(len(part)), f"{right}/{len(part)}", f"{abstained}/{len(part)}",
                      f"{len(given)}/{len(part)}", f"{holding}/{len(given)}" if given else "-"])
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="write the table into this file between the roles markers")
    parser.add_argument("--json", type=Path, help="write every question's outcome here")
    args = parser.parse_args(argv)
    clean_environment()
    rows = run()
    header = ["questions", "n", "right + gold cited", "abstained", "short answer given", "holds an expected title"]
    text = "\n".join(table(header, figures(rows)))
    print(text)
    for row in rows:
        if row["short"] and not row["short_holds"]:
            print(f"wrong bold: {row['id']} {row['question']} → {row['short']}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.output:
        replace_block(args.output, START, END, f"{START}\n{text}\n{END}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
