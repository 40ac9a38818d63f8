"""Training and validation groups for the reader, from XQuAD-el (Wikipedia, CC BY-SA 4.0).

A group is one question with the sentence that holds its answer first, then near misses:
the other sentences of its paragraph and sentences of the other paragraphs of the same
article (same topic, often the same kind of detail, but not the answer). Whole articles are
held out for validation, so no validation paragraph is ever seen in training.
"""

from __future__ import annotations

import json
import random
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


def training_groups(
    paragraphs: dict[str, Paragraph],
    questions: list[Question],
    articles: range,
    rng: random.Random,
    same_paragraph: int = 4,
    other_paragraphs: int = 2,
) -> list[Group]:
    """One group per answerable question of ``articles``: the answer sentence, then near misses."""
    by_article: dict[int, list[Paragraph]] = {}
    for paragraph in paragraphs.values():
        by_article.setdefault(paragraph.article, []).append(paragraph)
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
