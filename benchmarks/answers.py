"""Per-question look at the extractive answers on the news dev set: what was quoted, and why.

A diagnostic beside `make bench` (which only counts): prints one line a question with its
outcome and the answerer's features, wrong ones first.

    .venv/bin/python benchmarks/answers.py [--show-all]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import answered_correctly, clean_environment, news, workspace
from bot.app import Newsbot


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-all", action="store_true", help="also print the correct ones")
    parser.add_argument("--json", type=Path, help="write every outcome to this file")
    args = parser.parse_args(argv)
    clean_environment()
    dataset = news()
    bot = Newsbot(workspace(dataset, "answers"))
    bot.reindex()
    rows = []
    for q in dataset.questions:
        answer = bot.answerer(q.question)
        cited = [c.doc_id for c in answer.citations]
        if q.doc_id is None:
            ok = answer.abstained
        else:
            ok = not answer.abstained and answered_correctly(q, answer.text, cited)
        rows.append(
            {
                "id": q.id,
                "kind": q.kind,
                "lang": q.lang,
                "ok": ok,
                "abstained": answer.abstained,
                "features": {k: round(v, 3) for k, v in answer.extra.items()},
                "question": q.question,
                "answer": answer.text.replace("\n", " ")[:300],
            }
        )
    rows.sort(key=lambda r: (r["ok"], r["kind"]))
    for r in rows:
        if r["ok"] and not args.show_all:
            continue
        mark = "ok " if r["ok"] else "BAD"
        print(f"{mark} {r['id']:<12} {r['kind']:<12} {r['lang']} {r['features']} {r['question']}")
        print(f"      -> {r['answer']}")
    answerable = [r for r in rows if r["kind"] != "unanswerable"]
    unanswerable = [r for r in rows if r["kind"] == "unanswerable"]
    print(
        f"correct {sum(r['ok'] for r in answerable)}/{len(answerable)}; "
        f"false abstention {sum(r['abstained'] for r in answerable)}/{len(answerable)}; "
        f"abstained on unanswerable {sum(r['abstained'] for r in unanswerable)}/{len(unanswerable)}"
    )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
