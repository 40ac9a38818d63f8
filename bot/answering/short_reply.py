"""The short answer of an extractive reply, and the quotes that follow it.

Glue between the scored quotes (``extractive.Evidence``) and ``short_answer.find_short_answer``:
each quote goes with its score, its share of the question's terms and the sentence before it in
its article (where the question's subject may stand, with "he" in the quote).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering.extractive import Evidence
from bot.answering.short_answer import Quote, ShortAnswer, find_short_answer
from bot.answering.trimming import asks_named, asks_numeric, holds_asked_kind
from bot.question.analysis import Question
from index.text import split_sentences


def sentence_before(evidence: Evidence) -> str:
    """The sentence before ``evidence``'s in its chunk, or ""."""
    sentences = split_sentences(evidence.hit.text)
    index = next((i for i, s in enumerate(sentences) if s == evidence.sentence), 0)
    return sentences[index - 1] if index > 0 else ""


def short_answer_of(question: Question, quotes: Sequence[Evidence]) -> ShortAnswer | None:
    """The short answer the quotes (best first) give ``question``, with its confidence; None if none."""
    return find_short_answer(
        question, [Quote(e.sentence, e.score, e.overlap, sentence_before(e), e.hit.text) for e in quotes])


def quotes_for_short_answer(source: int, quotes: Sequence[Evidence], with_best: bool) -> list[Evidence]:
    """The quote the short answer was taken from (``quotes[source]``) first, then the best one, if another."""
    own = quotes[source]
    return [own, quotes[0]] if with_best and source != 0 else [own]


def unsure_quotes(source: int | None, quotes: Sequence[Evidence], most: int) -> list[Evidence]:
    """At most ``most`` quotes for an answer without a short answer: the best, the one the unsure
    short answer came from (``quotes[source]``: the span the rules picked may be right when the
    confidence is not sure of it), then the next best."""
    order = [0, *([source] if source else []), *range(1, len(quotes))]
    return [quotes[i] for i in dict.fromkeys(order)][:most]


def of_the_asked_kind(question: Question, quotes: Sequence[Evidence], sure: int = 2) -> list[Evidence]:
    """The first ``sure`` quotes, then those holding a span of the kind ``question`` asks for (a number,
    a date, a person, a place): a further quote without one cannot hold the answer. All of them when the
    question asks for no such kind."""
    if not (asks_numeric(question) or asks_named(question)):
        return list(quotes)
    return [*quotes[:sure], *(q for q in quotes[sure:] if holds_asked_kind(question, q.sentence))]


def asked_kind_from_ahead(
    question: Question, quotes: Sequence[Evidence], evidence: Sequence[Evidence], sure: int = 2, look: int = 3
) -> list[Evidence]:
    """An unsure answer's ``quotes`` where one after the first ``sure`` that holds no span of the kind
    ``question`` asks for gives way to the best of the next ``look`` sentences of ``evidence`` (best first)
    of its article that holds one (a 4th or 5th sentence with a number or a name may answer; a quote
    without one cannot, and ``of_the_asked_kind`` would drop it)."""
    if not look or len(quotes) <= sure or not (asks_numeric(question) or asks_named(question)):
        return list(quotes)
    shown = {id(q) for q in quotes}
    article = quotes[0].hit.doc_id
    spare = [e for e in evidence[: len(quotes) + look] if id(e) not in shown and e.hit.doc_id == article
             and holds_asked_kind(question, e.sentence)]
    kept = list(quotes[:sure])
    for quote in quotes[sure:]:
        kept.append(quote if holds_asked_kind(question, quote.sentence) or not spare else spare.pop(0))
    return kept
