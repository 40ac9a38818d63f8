"""Does a newly fetched article match a followed topic? The bot's own hybrid search decides.

A topic ("σεισμός στην Ινδονησία", "Brexit negotiations") is searched like a question, but only
among the new articles' chunks (``Retriever.search_within``: the same dense + BM25 fusion as every
search), and an article matches when its best chunk scores at least a threshold calibrated on
topics paired with the shipped corpus (benchmarks/followers.py, BENCHMARKS.md "Followers"): one
for topics in Greek script, one for Latin script, as the fusion weights differ. The sentence shown
to the follower is the one the answerer's own sentence scorer ranks first in that article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answering.extractive import rank_sentences
from bot.types import TopicMatch
from index.embedding import Embedder, RecentVectors
from index.retrieval import Hit, Retriever
from index.text import is_greek, split_sentences

# Chunks of a matched article whose sentences are scored for the one shown (its best ones).
SENTENCE_CHUNKS = 2
SENTENCE_CACHE = 2000  # sentence vectors kept: many topics often match the same new article
# Topic vectors kept: every topic is searched at every fetch, and embedding it is most of the cost.
TOPIC_CACHE = 20_000


@dataclass(frozen=True)
class TopicThresholds:
    """The best-chunk score an article needs to match a topic, by the topic's script."""

    latin: float
    greek: float

    def for_topic(self, topic: str) -> float:
        return self.greek if is_greek(topic) else self.latin


def best_chunk_per_article(hits: Sequence[Hit]) -> dict[str, Hit]:
    """Each article's best chunk among ``hits`` (which come best first)."""
    best: dict[str, Hit] = {}
    for hit in hits:
        best.setdefault(hit.doc_id, hit)
    return best


def topic_scores(retriever: Retriever, topic: str, doc_ids: Sequence[str]) -> dict[str, float]:
    """Each article's match score for ``topic``: its best chunk's fused score (what the threshold reads)."""
    return {doc: hit.score for doc, hit in best_chunk_per_article(retriever.search_within(topic, doc_ids)).items()}


class TopicMatcherService:
    """The ``TopicMatcher`` bot/app.py hands the Telegram front end."""

    def __init__(self, retriever: Retriever, embedder: Embedder, thresholds: TopicThresholds) -> None:
        self._retriever = retriever
        self._embedder = embedder
        self.thresholds = thresholds
        self._known = RecentVectors(embedder.embed_passages, SENTENCE_CACHE)
        self._topic_vectors = RecentVectors(embedder.embed_queries, TOPIC_CACHE)

    def __call__(self, topics: Sequence[str], doc_ids: Sequence[str]) -> list[TopicMatch]:
        if not topics or not doc_ids:
            return []
        self._retriever.refresh()  # the fetch has just indexed these articles: see them now
        matches: list[TopicMatch] = []
        distinct = list(dict.fromkeys(" ".join(t.split()) for t in topics if t.strip()))  # each topic once, in order
        if not distinct:
            return []
        vectors = self._topic_vectors(distinct)  # only topics not seen before are embedded, in one batch
        for topic, vector in zip(distinct, vectors, strict=True):
            hits = self._retriever.search_within(topic, doc_ids, vector)
            threshold = self.thresholds.for_topic(topic)
            for doc_id, best in best_chunk_per_article(hits).items():
                if best.score < threshold:
                    continue
                chunks = [h for h in hits if h.doc_id == doc_id][:SENTENCE_CHUNKS]
                matches.append(TopicMatch(
                    topic=topic, doc_id=doc_id, title=best.title, date=best.date, source=best.source,
                    url=best.url, sentence=self._sentence(topic, chunks), score=best.score,
                ))
        return matches

    def _sentence(self, topic: str, chunks: Sequence[Hit]) -> str:
        """The sentence of these chunks the answerer's scorer ranks best for the topic."""
        evidence = rank_sentences(topic, chunks, self._embedder, known=self._known)
        if evidence:
            return evidence[0].sentence
        sentences = split_sentences(chunks[0].text) if chunks else []
        return sentences[0] if sentences else ""
