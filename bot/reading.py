"""The reader's way of choosing quotes: cheap features pick the candidate sentences, the reader ranks them.

No sentence is embedded at question time: the candidates of the retrieved chunks are pre-ranked
by their chunk's similarity, shared terms and answer type (all already known), and the reader
(a cross-encoder, bot/reader) scores the best of them against the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.extractive import (
    CHUNK_WEIGHT,
    OVERLAP_WEIGHT,
    Evidence,
    answer_type_bonus,
    candidate_sentences,
    term_overlap,
)
from bot.reader.model import Reader
from index.lexical import analyse_query
from index.retrieval import Hit

# Questions whose answer takes more than one sentence: reasons, summaries, lists, what was said.
_SEVERAL_QUOTES = re.compile(
    r"\b(why|for what reason|summar\w*|list|what (were|are) the|which (were|are) the|what was (said|discussed|agreed)"
    r"|what did .* (say|discuss|agree)|topics|measures|reasons|details"
    r"|γιατί|για ποιο λόγο|για ποιον λόγο|περίληψη|συνοψ\w*|ποια (είναι|ήταν) τα|ποιες (είναι|ήταν) οι"
    r"|τι συζητ\w*|τι είπε|τι δήλωσε|τι συμφων\w*|θέματα|μέτρα|λόγοι|λεπτομέρειες)\b",
    re.IGNORECASE,
)
# The answer-type bonus of today's scorer, in the reader's logit units.
READER_TYPE_BONUS = 1.0


def wants_several_quotes(question: str) -> bool:
    """Why / summary / list questions get up to three quotes; the rest one."""
    return bool(_SEVERAL_QUOTES.search(question))


def read_sentences(
    question: str, hits: Sequence[Hit], reader: Reader, max_sentences: int = 14, read: int = 10
) -> list[Evidence]:
    """The candidate sentences of ``hits``, the best ``read`` of them scored by the reader, best first."""
    candidates = candidate_sentences(hits, max_sentences)
    if not candidates:
        return []
    query_terms = set(analyse_query(question))
    prescored = []
    for hit, sentence in candidates:
        overlap = term_overlap(query_terms, sentence)
        bonus = answer_type_bonus(question, sentence)
        prescored.append((CHUNK_WEIGHT * hit.dense + OVERLAP_WEIGHT * overlap + bonus, hit, sentence, overlap, bonus))
    prescored.sort(key=lambda item: item[0], reverse=True)
    chosen = prescored[:read]
    logits = reader.score(question, [sentence for _, _, sentence, _, _ in chosen])
    evidence = []
    for (_, hit, sentence, overlap, bonus), logit in zip(chosen, logits, strict=True):
        score = float(logit) + READER_TYPE_BONUS * (bonus > 0) - READER_TYPE_BONUS * (bonus < 0)
        evidence.append(Evidence(hit, sentence, hit.dense, overlap, score, reader=float(logit)))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence


def select_read_quotes(evidence: Sequence[Evidence], several: bool, margin: float = 2.0) -> list[Evidence]:
    """One quote; for why / summary / list questions up to three within ``margin`` of the best."""
    if not evidence:
        return []
    if not several:
        return [evidence[0]]
    best = evidence[0]
    return [e for e in evidence[:3] if best.score - e.score <= margin]


def rerank_with_reader(
    question: str, evidence: Sequence[Evidence], reader: Reader, read: int, cosine_weight: float
) -> list[Evidence]:
    """Today's scored sentences (best first), the best ``read`` re-ordered by reader logit + weight x score."""
    head = list(evidence[:read])
    if not head:
        return []
    logits = [float(logit) for logit in reader.score(question, [e.sentence for e in head])]
    read_head = [replace(e, reader=logit) for e, logit in zip(head, logits, strict=True)]
    read_head.sort(key=lambda e: (e.reader or 0.0) + cosine_weight * e.score, reverse=True)
    return read_head + list(evidence[read:])
