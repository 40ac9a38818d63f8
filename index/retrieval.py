"""Hybrid search: dense similarity from Chroma fused with BM25 over Greek and transliterated terms."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.embedding import Embedder
from index.errors import IndexMissingError, StoreError
from index.lexical import BM25Index
from index.store import INDEX_LAYOUT, Pointer, VectorStore
from index.text import is_greek

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the parts of it."""

    rank: int
    chunk_id: str
    doc_id: str
    score: float
    dense: float
    lexical: float
    title: str
    date: str
    source: str
    url: str
    text: str
    day: int | None = None  # the article's date as YYYYMMDD; None when it has none


@dataclass
class _Loaded:
    pointer: Pointer
    stamp: object
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    position: dict[str, int]
    bm25: BM25Index
    days: np.ndarray  # each chunk's day (YYYYMMDD), 0 when undated: the lexical side's date filter


def _day(meta: dict[str, Any]) -> int | None:
    day = meta.get("day")
    return int(day) if isinstance(day, (int, float)) and day > 0 else None


class Retriever:
    """Searches the current generation; notices a newer one (from any process) and switches."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        lexical_weight: float = 0.3,
        lexical_weight_latin_query: float = 0.15,
        candidates: int = 40,
        recheck_seconds: float = 1.0,
    ) -> None:
        self._store = store
        self._embedder = embedder
        self.lexical_weight = lexical_weight
        self.lexical_weight_latin_query = lexical_weight_latin_query
        self._candidates = candidates
        self._recheck_seconds = recheck_seconds
        self._loaded: _Loaded | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def _load(self, stamp: object) -> _Loaded:
        pointer = self._store.read_pointer()
        if pointer is None:
            raise IndexMissingError("the index is empty: run `newsbot reindex` first")
        if pointer.model != self._embedder.name:
            raise IndexMissingError(
                f"the index was built with {pointer.model!r} but the model is {self._embedder.name!r}: "
                "run `newsbot reindex`"
            )
        if pointer.layout < INDEX_LAYOUT:
            log.warning("the index predates dates in the index: run `newsbot reindex` (no re-embedding)")
        stored = self._store.get_all(pointer.generation)
        log.info("loaded index generation %d (%d chunks)", pointer.generation, len(stored.ids))
        return _Loaded(
            pointer=pointer,
            stamp=stamp,
            ids=stored.ids,
            documents=stored.documents,
            metadatas=stored.metadatas,
            position={cid: i for i, cid in enumerate(stored.ids)},
            bm25=BM25Index.build(stored.documents),
            days=np.asarray([_day(m) or 0 for m in stored.metadatas], dtype=np.int64),
        )

    def current(self) -> _Loaded:
        """The loaded generation, reloaded when the pointer has moved since."""
        with self._lock:
            now = time.monotonic()
            if self._loaded is not None and now - self._checked_at < self._recheck_seconds:
                return self._loaded
            stamp = self._store.pointer_stamp()
            self._checked_at = now
            if self._loaded is None or stamp != self._loaded.stamp:
                if self._loaded is not None:
                    self._store.reopen()  # an embedded client does not see other writers otherwise
                self._loaded = self._load(stamp)
            return self._loaded

    @property
    def generation(self) -> int:
        return self.current().pointer.generation

    def search(self, query: str, k: int = 5, *, days: tuple[int, int] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, best first.

        With ``days`` (inclusive YYYYMMDD bounds) only chunks of articles dated in that range, filtered
        inside the stores (not a re-sort of the top hits); undated chunks never match a range.
        """
        query = " ".join(query.split())
        if not query:
            return []
        try:
            return self._search(query, k, days)
        except StoreError:
            # The server may have restarted or a generation been swapped underneath: one fresh try.
            self._store.reopen()
            with self._lock:
                self._loaded = None
            return self._search(query, k, days)

    def _search(self, query: str, k: int, days: tuple[int, int] | None) -> list[Hit]:
        loaded = self.current()
        vector = self._embedder.embed_queries([query])[0]
        dense = dict(self._store.query(loaded.pointer.generation, vector, self._candidates, days))
        lexical_all = loaded.bm25.scores(query)
        if days is not None:
            lexical_all = np.where((loaded.days >= days[0]) & (loaded.days <= days[1]), lexical_all, 0.0)
        top_lexical = np.argsort(-lexical_all)[: self._candidates]
        lexical_ids = [loaded.ids[i] for i in top_lexical if lexical_all[i] > 0]
        missing = [cid for cid in lexical_ids if cid not in dense]
        if missing:
            vectors = self._store.get_embeddings(loaded.pointer.generation, missing)
            for cid, v in vectors.items():
                dense[cid] = float(np.dot(v, vector) / (np.linalg.norm(v) * np.linalg.norm(vector) + 1e-9))
        if not dense:
            return []
        weight = self.lexical_weight if is_greek(query) else self.lexical_weight_latin_query
        scored = []
        for cid, dense_score in dense.items():
            pos = loaded.position.get(cid)
            if pos is None:
                continue
            lex = float(lexical_all[pos])
            scored.append(((1 - weight) * dense_score + weight * lex, cid, dense_score, lex))
        scored.sort(reverse=True)
        hits = []
        for rank, (score, cid, dense_score, lex) in enumerate(scored[:k], start=1):
            pos = loaded.position[cid]
            meta = loaded.metadatas[pos]
            hits.append(
                Hit(
                    rank=rank,
                    chunk_id=cid,
                    doc_id=str(meta.get("doc_id", "")),
                    score=round(score, 6),
                    dense=round(dense_score, 6),
                    lexical=round(lex, 6),
                    title=str(meta.get("title", "")),
                    date=str(meta.get("date", "")),
                    source=str(meta.get("source", "")),
                    url=str(meta.get("url", "")),
                    text=loaded.documents[pos],
                    day=_day(meta),
                )
            )
        return hits
