"""The reader's part of choosing quotes: it re-reads today's best sentences and decides how many to quote.

Today's scorer (bot/extractive) ranks the candidate sentences; the reader (a cross-encoder,
bot/answering/reader) scores the best ``read`` of them against the question, and they are re-ordered by the
fused score, reader logit + weight x today's score. Both parts measured better together than
either alone (BENCHMARKS.md "Reader"): the reader picks the answering sentence more often, the
fused score tells answers from near misses better than either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.answering.extractive import Evidence
from bot.answering.reader.model import Reader
from bot.question.analysis import Question, several_quotes


def wants_several_quotes(question: Question | str) -> bool:
    """Why / summary / list questions get up to three quotes (read in bot.question.analysis)."""
    return question.wants_several_quotes if isinstance(question, Question) else several_quotes(question)


def fused_score(evidence: Evidence, cosine_weight: float) -> float:
    """The reader's logit plus ``cosine_weight`` x today's score (the reader's logit only where it read)."""
    return (evidence.reader or 0.0) + cosine_weight * evidence.score


def rerank_with_reader(
    question: str, evidence: Sequence[Evidence], reader: Reader, read: int, cosine_weight: float
) -> list[Evidence]:
    """Today's scored sentences (best first), the best ``read`` re-ordered by their fused score."""
    head = list(evidence[:read])
    if not head:
        return []
    logits = [float(logit) for logit in reader.score(question, [e.sentence for e in head])]
    read_head = [replace(e, reader=logit) for e, logit in zip(head, logits, strict=True)]
    read_head.sort(key=lambda e: fused_score(e, cosine_weight), reverse=True)
    return read_head + list(evidence[read:])


def quotes_to_read(
    reranked: Sequence[Evidence], max_quotes: int, single_quote_lead: float, cosine_weight: float
) -> list[Evidence]:
    """The reader's best sentence alone when its fused score leads the next by ``single_quote_lead``;
    else it and more of its article (in fused order), up to ``max_quotes``: a close second is about
    as likely to be the answer."""
    read = [e for e in reranked if e.reader is not None]
    if not read:
        return []
    best = read[0]
    if len(read) == 1 or fused_score(best, cosine_weight) - fused_score(read[1], cosine_weight) >= single_quote_lead:
        return [best]
    same_article = [e for e in reranked[1:] if e.hit.doc_id == best.hit.doc_id]
    return [best, *same_article[: max_quotes - 1]]
