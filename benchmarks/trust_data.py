"""The trust evaluation set (benchmarks/data/trust): typed questions, the articles they are about, the split rule.

One parse of questions.jsonl (tune and check splits) and of fresh.jsonl (the fresh held-out split, over
check-split articles only) into ``TrustQuestion`` values, shared by benchmarks/trust.py and the data test
(tests/answering/test_trust_data.py); the data card is benchmarks/data/trust/README.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data" / "trust"
QUESTIONS = DATA / "questions.jsonl"
FRESH = DATA / "fresh.jsonl"  # the fresh held-out set: written blind, about check-split articles only
XQUAD_CORPUS = DATA / "xquad-el" / "corpus.jsonl"
SEED_ARTICLE = REPO / "corpus" / "000_1ed5aa9ce87cdf07.txt"
NEWS_CORPUS = REPO / "corpus" / "news.jsonl"

KINDS = ("answerable", "twin", "missing_detail", "off_topic", "story_day")
ANSWERABLE_KINDS = frozenset({"answerable", "story_day"})  # an article answers these
ASKS = (
    "who", "which", "what", "when", "where", "how_many", "how_much", "how_old", "which_year", "how_long",
    "why", "summary", "yes_no",
)
LANGS = ("el", "en")
SPLITS = ("tune", "check")  # questions.jsonl
FRESH_SPLIT = "fresh"  # every record of fresh.jsonl
TUNE_PERCENT = 60  # an article goes to "tune" when its hash bucket (0-99) is below this
FIELDS = ("id", "lang", "question", "doc_id", "about", "kind", "asks", "answers", "missing", "twin_of", "split")


@dataclass(frozen=True)
class TrustQuestion:
    id: str
    lang: str
    question: str
    doc_id: str | None  # the article that answers; None when none does
    about: str | None  # the article the question is about (its split key); None for off-topic questions
    kind: str
    asks: str
    answers: tuple[str, ...]
    missing: str | None  # the named thing or number the corpus lacks (twins) / the detail not given
    twin_of: str | None
    split: str
    history: tuple[str, ...] = ()  # earlier questions of a follow-up, oldest first

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE_KINDS


def split_key(doc_id: str) -> str:
    """What a split is drawn for: a news article, or a whole XQuAD Wikipedia article (xquad-NN), never a paragraph."""
    if doc_id.startswith("xquad-"):
        return "-".join(doc_id.split("-")[:2])
    return doc_id


def split_of(key: str) -> str:
    """``tune`` for about 60% of keys, ``check`` for the rest: a stable hash, not a random draw."""
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "tune" if bucket < TUNE_PERCENT else "check"


def expected_split(question: TrustQuestion) -> str:
    """Questions about an article follow the article; off-topic questions are drawn by their own id."""
    return split_of(split_key(question.about) if question.about else question.id)


def _optional_str(record: dict[str, object], name: str) -> str | None:
    value = record[name]
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{name} must be a string or null")
    return value


def parse_question(record: dict[str, object], splits: tuple[str, ...] = SPLITS) -> TrustQuestion:
    """One JSON record as a ``TrustQuestion``; ValueError names the first field that is wrong.

    ``splits``: the split values the record's file may hold (questions.jsonl: tune / check; fresh.jsonl: fresh).
    """
    missing_fields = [name for name in FIELDS if name not in record]
    if missing_fields:
        raise ValueError(f"missing fields: {', '.join(missing_fields)}")
    for name, allowed in (("lang", LANGS), ("kind", KINDS), ("asks", ASKS), ("split", splits)):
        if record[name] not in allowed:
            raise ValueError(f"{name} {record[name]!r} is not one of {allowed}")
    answers = record["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip() for a in answers):
        raise ValueError("answers must be a list of non-empty strings")
    history = record.get("history", [])
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        raise ValueError("history must be a list of non-empty strings")
    question = record["question"]
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question must be a non-empty string")
    return TrustQuestion(
        id=str(record["id"]),
        lang=str(record["lang"]),
        question=question,
        doc_id=_optional_str(record, "doc_id"),
        about=_optional_str(record, "about"),
        kind=str(record["kind"]),
        asks=str(record["asks"]),
        answers=tuple(answers),
        missing=_optional_str(record, "missing"),
        twin_of=_optional_str(record, "twin_of"),
        split=str(record["split"]),
        history=tuple(history),
    )


def load_questions(path: Path = QUESTIONS, splits: tuple[str, ...] = SPLITS) -> tuple[TrustQuestion, ...]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(parse_question(json.loads(line), splits))
        except (ValueError, KeyError) as error:
            raise ValueError(f"{path.name} line {number}: {error}") from error
    return tuple(questions)


def parse_fresh(record: dict[str, object]) -> TrustQuestion:
    """One record of fresh.jsonl: split "fresh", and about a check-split article (or no article: off-topic)."""
    question = parse_question(record, (FRESH_SPLIT,))
    if question.about is not None and split_of(split_key(question.about)) != "check":
        raise ValueError(f"about {question.about!r} is not a check-split article")
    return question


def load_fresh(path: Path = FRESH) -> tuple[TrustQuestion, ...]:
    """The fresh held-out questions (data card: "Fresh split")."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(parse_fresh(json.loads(line)))
        except (ValueError, KeyError) as error:
            raise ValueError(f"{path.name} line {number}: {error}") from error
    return tuple(questions)


def corpus_files() -> tuple[Path, ...]:
    """The articles the questions are about: the shipped corpus and the XQuAD dev paragraphs used."""
    return (SEED_ARTICLE, NEWS_CORPUS, XQUAD_CORPUS)


def article_texts() -> dict[str, str]:
    """Article id -> body text (the seed article's file name without extension is its id)."""
    texts = {SEED_ARTICLE.stem: SEED_ARTICLE.read_text(encoding="utf-8")}
    for path in (NEWS_CORPUS, XQUAD_CORPUS):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[record["id"]] = record["text"]
    return texts
