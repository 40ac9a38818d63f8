"""Training and validation groups for the reader, from XQuAD-el (Wikipedia, CC BY-SA 4.0).

A group is one question with the sentence that holds its answer first, then near misses:
the other sentences of its paragraph and sentences of the other paragraphs of the same
article (same topic, often the same kind of detail, but not the answer). Whole articles are
held out for validation, so no validation paragraph is ever seen in training.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from index.text import fold, split_sentences

TRAIN_ARTICLES = range(0, 16)  # xquad-00 .. xquad-15
VALIDATION_ARTICLES = range(16, 24)  # xquad-16 .. xquad-23
MIN_SENTENCE_CHARS = 16


@dataclass(frozen=True)
class Paragraph:
    doc_id: str
    article: int
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    text: str
    doc_id: str
    article: int
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A question, its answering sentence (first) and near-miss sentences; ``same_paragraph`` of them first."""

    question: str
    lang: str
    sentences: tuple[str, ...]
    same_paragraph: int


def article_of(doc_id: str) -> int:
    return int(doc_id.split("-")[1])


def load_xquad(folder: Path) -> tuple[dict[str, Paragraph], list[Question]]:
    paragraphs = {}
    for line in (folder / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sentences = tuple(s for s in split_sentences(record["text"]) if len(s) >= MIN_SENTENCE_CHARS)
        paragraphs[record["id"]] = Paragraph(record["id"], article_of(record["id"]), sentences)
    questions = []
    for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        questions.append(Question(record["id"], record["lang"], record["question"], record["doc_id"],
                                  article_of(record["doc_id"]), tuple(record["answers"])))
    return paragraphs, questions


def holds_answer(sentence: str, answers: tuple[str, ...]) -> bool:
    folded = fold(sentence)
    return any(fold(a) in folded for a in answers if a.strip())


def answer_index(paragraph: Paragraph, answers: tuple[str, ...]) -> int | None:
    """The first sentence of the paragraph that holds an answer string, if any does."""
    for i, sentence in enumerate(paragraph.sentences):
        if holds_answer(sentence, answers):
            return i
    return None


def _by_article(paragraphs: dict[str, Paragraph]) -> dict[int, list[Paragraph]]:
    by_article: dict[int, list[Paragraph]] = {}
    for paragraph in paragraphs.values():
        by_article.setdefault(paragraph.article, []).append(paragraph)
    return by_article


def training_groups(
    paragraphs: dict[str, Paragraph],
    questions: list[Question],
    articles: range,
    rng: random.Random,
    same_paragraph: int = 4,
    other_paragraphs: int = 2,
) -> list[Group]:
    """One group per answerable question of ``articles``: the answer sentence, then near misses."""
    by_article = _by_article(paragraphs)
    groups = []
    for question in questions:
        if question.article not in articles:
            continue
        paragraph = paragraphs[question.doc_id]
        index = answer_index(paragraph, question.answers)
        if index is None:
            continue  # the answer crosses a sentence boundary: no single sentence holds it
        near = [s for s in paragraph.sentences if not holds_answer(s, question.answers)]
        rng.shuffle(near)
        others = [s for p in by_article[question.article] if p.doc_id != paragraph.doc_id
                  for s in p.sentences if not holds_answer(s, question.answers)]
        rng.shuffle(others)
        picked_near = near[:same_paragraph]
        groups.append(Group(question.text, question.lang,
                            (paragraph.sentences[index], *picked_near, *others[:other_paragraphs]),
                            len(picked_near)))
    return groups


# Cloze questions: a sentence with a name, number or date, that span replaced by the question
# word for it and cut to the words around it (so the question does not copy the whole sentence).
_CLOZE_WORDS = {"date": "πότε", "number": "πόσα", "name": "ποιος"}
CLOZE_WINDOW = 6  # words kept on each side of the blank


def cloze_question(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """(question, answer span) made from ``sentence``, or None when it holds no name, number or date."""
    from bot.answering.short_answer import _AMOUNT, _DATE, _aligned_fold, _name_runs

    folded = _aligned_fold(sentence)
    spans: list[tuple[str, int, int]] = [("date", m.start(), m.end()) for m in _DATE.finditer(folded)]
    spans += [("number", m.start(), m.end()) for m in _AMOUNT.finditer(folded) if re.match(r"\d", m.group(0))]
    spans += [("name", a, b) for a, b in _name_runs(sentence) if a > 0]
    if not spans:
        return None
    kind, start, end = rng.choice(sorted(spans, key=lambda x: (x[1], x[2])))
    before = sentence[:start].split()[-CLOZE_WINDOW:]
    after = sentence[end:].split()[:CLOZE_WINDOW]
    question = " ".join([*before, _CLOZE_WORDS[kind], *after]).rstrip(" .,;:") + ";"
    return question[:1].upper() + question[1:], sentence[start:end]


def cloze_groups(
    paragraphs: dict[str, Paragraph], articles: range, rng: random.Random, per_paragraph: int = 2,
    same_paragraph: int = 4, other_paragraphs: int = 2,
) -> list[Group]:
    """Cloze groups from the sentences of ``articles``: the source sentence first, then near misses."""
    by_article = _by_article(paragraphs)
    groups = []
    for paragraph in sorted(paragraphs.values(), key=lambda p: p.doc_id):
        if paragraph.article not in articles:
            continue
        order = list(range(len(paragraph.sentences)))
        rng.shuffle(order)
        made = 0
        for index in order:
            if made >= per_paragraph:
                break
            cloze = cloze_question(paragraph.sentences[index], rng)
            if cloze is None:
                continue
            question, span = cloze
            near = [s for i, s in enumerate(paragraph.sentences) if i != index and span not in s]
            others = [s for p in by_article[paragraph.article] if p.doc_id != paragraph.doc_id
                      for s in p.sentences if span not in s]
            rng.shuffle(near)
            rng.shuffle(others)
            picked = near[:same_paragraph]
            groups.append(Group(question, "el", (paragraph.sentences[index], *picked, *others[:other_paragraphs]),
                                len(picked)))
            made += 1
    return groups
