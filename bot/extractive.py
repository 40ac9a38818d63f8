"""The offline answerer: quote the sentences of the retrieved chunks that best answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.chunking import split_sentences
from index.embedding import Embedder
from index.lexical import analyse, analyse_query
from index.retrieval import Hit

# Words that ask for a quantity; the answer then needs a number in it.
_QUANTITY_QUESTION = re.compile(
    r"\b(how (many|much|old|long|far)|what (percentage|proportion|number|amount)|πόσ|ποσ)", re.IGNORECASE
)
_NUMBER = re.compile(r"\d|\b(ένα|δύο|τρία|τρεις|τέσσερ|πέντε|έξι|επτά|εφτά|οκτώ|εννέα|δέκα|εκατ|χιλι|δισ)",
                     re.IGNORECASE)


# How a sentence's score is made (chosen on the dev questions, see BENCHMARKS.md):
# similarity to the question, plus shared terms, plus the relevance of its chunk.
OVERLAP_WEIGHT = 0.05
CHUNK_WEIGHT = 0.1


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved chunk, scored against the question."""

    hit: Hit
    sentence: str
    similarity: float
    overlap: float
    score: float


def _term_overlap(query_terms: set[str], sentence: str) -> float:
    if not query_terms:
        return 0.0
    return len(query_terms & set(analyse(sentence))) / len(query_terms)


def rank_sentences(
    question: str, hits: Sequence[Hit], embedder: Embedder, max_sentences: int = 40
) -> list[Evidence]:
    """The distinct sentences of ``hits`` (the first ``max_sentences``), best first."""
    seen: set[str] = set()
    candidates: list[tuple[Hit, str]] = []
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if sentence not in seen and len(sentence) > 15 and len(candidates) < max_sentences:
                seen.add(sentence)
                candidates.append((hit, sentence))
    if not candidates:
        return []
    query_vector = embedder.embed_queries([question])[0]
    vectors = embedder.embed_passages([s for _, s in candidates])
    similarities = vectors @ query_vector
    query_terms = set(analyse_query(question))
    needs_number = bool(_QUANTITY_QUESTION.search(question))
    evidence = []
    for (hit, sentence), similarity in zip(candidates, similarities, strict=True):
        overlap = _term_overlap(query_terms, sentence)
        score = float(similarity) + OVERLAP_WEIGHT * overlap + CHUNK_WEIGHT * hit.dense
        if needs_number and not _NUMBER.search(sentence):
            score -= 0.05
        evidence.append(Evidence(hit, sentence, float(similarity), overlap, score))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence


def select_quotes(evidence: Sequence[Evidence], max_quotes: int = 3, margin: float = 0.03) -> list[Evidence]:
    """The best sentence, and more from its article, or others within ``margin`` of it."""
    if not evidence:
        return []
    best = evidence[0]
    chosen = [best]
    for candidate in evidence[1:]:
        if len(chosen) >= max_quotes:
            break
        if candidate.hit.doc_id == best.hit.doc_id or best.score - candidate.score <= margin:
            chosen.append(candidate)
    return chosen


def answer_features(evidence: Sequence[Evidence], hits: Sequence[Hit]) -> dict[str, float]:
    """What the abstention decision looks at."""
    top = evidence[0] if evidence else None
    return {
        "best_sentence": top.score if top else 0.0,
        "best_similarity": top.similarity if top else 0.0,
        "best_dense": max((h.dense for h in hits), default=0.0),
        "best_overlap": top.overlap if top else 0.0,
    }


def np_mean(values: Sequence[float]) -> float:
    return float(np.mean(values)) if values else 0.0
