"""The "Who is X?" benchmark's data (benchmarks/data/roles): every question asks a role, of a person of the
shipped corpus whose article holds an expected title."""

from __future__ import annotations

import json

from conftest import REPO_ROOT

from benchmarks.roles import QUESTIONS, figures
from bot.question.analysis import analyse
from index.text import fold


def _articles() -> dict[str, str]:
    texts = {"000_1ed5aa9ce87cdf07": (REPO_ROOT / "corpus" / "000_1ed5aa9ce87cdf07.txt").read_text(encoding="utf-8")}
    for line in (REPO_ROOT / "corpus" / "news.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    return texts


def test_every_question_asks_what_a_named_person_is_and_its_article_gives_the_title() -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    assert len(questions) == 30 and {q["lang"] for q in questions} == {"el", "en"}
    articles = _articles()
    for question in questions:
        asked = analyse(question["question"]).asked_span
        assert asked is not None and asked.kind == "role", question["question"]
        assert any(fold(answer) in fold(articles[question["doc_id"]]) for answer in question["answers"]), question


def test_the_figures_count_given_and_holding_per_language() -> None:
    rows: list[dict[str, object]] = [
        {"lang": "el", "short": "καθηγητής", "short_holds": True, "right_cited": True, "abstained": False},
        {"lang": "en", "short": "βουλευτής", "short_holds": False, "right_cited": False, "abstained": False},
        {"lang": "en", "short": None, "short_holds": None, "right_cited": False, "abstained": True},
    ]
    assert figures(rows) == [["all", "3", "1/3", "1/3", "2/3", "1/2"], ["el", "1", "1/1", "0/1", "1/1", "1/1"],
                             ["en", "2", "0/2", "1/2", "1/2", "0/1"]]
