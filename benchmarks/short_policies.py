"""Short answers under several policies from one run: every short answer shown, and none with N quotes.

For each question of a set (answerable ones), asks the default answerer three ways: with every short
answer found shown (``all``: the rows ``fit_short_confidence.py`` fits on), and with none shown,
quoting at most 3 or 2 sentences (``hidden3``, ``hidden2``). ``--evaluate`` then gives any fitted
model's figures (per split and language: short answers given and holding, right + gold cited,
median characters) for each choice of quotes without a short answer, without asking again.

    PYTHONPATH=. python benchmarks/short_policies.py --set trust --json .newsbot/bench/policies.json
    PYTHONPATH=. python benchmarks/short_policies.py --evaluate .newsbot/bench/policies.json
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import clean_environment, news, workspace
from benchmarks.fit_short_confidence import as_given
from benchmarks.short_answers import ANSWERABLE_KINDS, FACTOID_ASKS, FACTOID_KINDS, _asked, trust
from bot.answering.short_confidence import ConfidenceModel, model
from bot.app import Newsbot
from bot.types import Turn

VARIANTS = {"all": (float("-inf"), 3), "hidden3": (float("inf"), 3), "hidden2": (float("inf"), 2)}


def ask_all(bot: Newsbot, dataset_questions: Sequence[Any], records: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    policy = bot.answerer.policy
    for number, q in enumerate(dataset_questions, 1):
        if number % 50 == 0:
            print(f"{number} / {len(dataset_questions)}", file=sys.stderr, flush=True)
        record = records.get(q.id)
        history: list[Turn] = []
        for earlier in record.history if record else ():
            history.append(Turn(earlier, bot.answerer(earlier, history).text))
        row: dict[str, Any] = {
            "id": q.id, "lang": q.lang, "kind": q.kind, "split": record.split if record else "news",
            "factoid": record.asks in FACTOID_ASKS if record else q.kind in FACTOID_KINDS,
            "answerable": q.kind in ANSWERABLE_KINDS and q.doc_id is not None,
            "question": q.question, "answers": list(q.answers),
        }
        for name, (threshold, quotes) in VARIANTS.items():
            bot.answerer.policy = dataclasses.replace(policy, unsure_quotes=quotes)
            row[name] = _asked(bot, q, history, threshold)
        bot.answerer.policy = policy
        rows.append(row)
    return rows


def evaluate(rows: Sequence[dict[str, Any]], fitted: ConfidenceModel, hidden: str) -> dict[str, dict[str, Any]]:
    groups = as_given(rows, fitted, "all", hidden)
    figures = {}
    for key, group in sorted(groups.items()):
        answerable = [r for r in group if r["answerable"]]
        answered = [r for r in answerable if not r["abstained"]]
        factoid = [r for r in answered if r["factoid"]]
        given = [r for r in factoid if r["short"]]
        figures[key] = {
            "right_gold": f"{sum(r['right'] for r in answerable)}/{len(answerable)}",
            "median_chars": statistics.median([r["chars"] for r in answered]) if answered else 0.0,
            "given": f"{len(given)}/{len(factoid)} = {len(given) / max(len(factoid), 1):.2f}",
            "holding": f"{sum(r['short_holds'] for r in given)}/{len(given)} = "
                       f"{sum(r['short_holds'] for r in given) / max(len(given), 1):.2f}",
            "repeats": sum(bool(r["short_repeats_question"]) for r in given),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", default="trust", choices=["news", "trust"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--evaluate", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    if args.evaluate:
        fitted = model()
        assert fitted is not None, "no fitted short_confidence.json"
        for path in args.evaluate:
            rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
            for hidden in ("hidden3", "hidden2"):
                print(path.name, hidden)
                for key, values in evaluate(rows, fitted, hidden).items():
                    print("  ", key, json.dumps(values, ensure_ascii=False))
        return 0
    clean_environment()
    dataset, records = (news(), {}) if args.set == "news" else trust()
    bot = Newsbot(workspace(dataset, f"policies-{args.set}"))
    bot.reindex()
    questions = [q for q in dataset.questions if q.kind in ANSWERABLE_KINDS]
    rows = ask_all(bot, questions, records)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        # the fitting script reads the "all" variant as the row itself
        flat = [{**r, **r["all"], "asks": r.get("asks", "")} for r in rows]
        args.json.write_text(json.dumps({"rows": flat}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
