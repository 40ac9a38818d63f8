"""Fakes for tests: an embedder that counts what it embeds (deterministic, no model), and a retriever that
returns the same chunks for every question."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from index.retrieval import Hit
from index.text import fold


class CountingEmbedder:
    """Hashed character-trigram vectors: similar texts get similar vectors; every call is counted."""

    def __init__(self, dim: int = 64, name: str = "fake-trigram") -> None:
        self.dim = dim
        self._name = name
        self.calls = 0
        self.passages_embedded = 0
        self.queries_embedded = 0
        self.texts: list[str] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def max_tokens(self) -> int:
        return 512

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        folded = f"  {fold(text)}  "
        for i in range(len(folded) - 2):
            digest = hashlib.blake2b(folded[i : i + 3].encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.passages_embedded += len(texts)
        self.texts.extend(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.queries_embedded += len(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def hit(doc: str, n: int, text: str, title: str | None = None) -> Hit:
    """Chunk ``n`` of article ``doc``, as retrieval returns it."""
    return Hit(rank=n, chunk_id=f"{doc}:{n}", doc_id=doc, score=1.0, dense=1.0, lexical=0.0,
               title=title or f"title {doc}", date="2031-03-14", source="outlet", url="", text=text)


class FixedRetriever:
    """Returns the same hits for every query."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits

    def search(self, query: str, k: int = 5) -> list[Hit]:
        return self.hits[:k]

    def article_texts(self, doc_ids: list[str]) -> dict[str, str]:
        """Each article's title and chunks, as the real retriever's catalog gives them."""
        return {d: "\n".join([h.title for h in self.hits if h.doc_id == d][:1]
                             + [h.text for h in self.hits if h.doc_id == d]) for d in doc_ids}
