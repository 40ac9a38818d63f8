"""Hybrid search: dense similarity from Chroma fused with BM25 (SQLite FTS5) over Greek and
transliterated terms.

A retriever holds no chunk texts: Chroma answers the dense side, the catalog (index/catalog.py)
the lexical side and the texts of the hits it returns. It notices a reindex (from any process)
and picks it up in a background thread while searches go on with the state they have.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from index.catalog import Catalog, ChunkRow, Snapshot
from index.embedding import Embedder
from index.errors import IndexDamagedError, IndexMissingError, NewsbotError, StoreError, damage_line
from index.integrity import check_vectors, open_catalog
from index.sentence_vectors import decode_many, sentence_key
from index.store import Pointer, VectorStore
from index.sync import sync_catalog
from index.text import is_greek

_Read = TypeVar("_Read")

log = logging.getLogger(__name__)

_LEXICAL_BATCH = 400


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
    day: int | None = None


@dataclass(frozen=True)
class _View:
    """What a search reads: the pointer, a Chroma client that sees the current vectors, the catalog."""

    pointer: Pointer
    stamp: object
    store: VectorStore
    catalog: Catalog
    version: int
    has_sentence_vectors: bool


class Retriever:
    """Searches the current generation; follows reindexes (from any process) in the background."""

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
        self._view: _View | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()  # guards _view and _refreshing, never held while loading
        self._load_lock = threading.Lock()  # one load at a time
        self._refreshing = False

    # --- following reindexes ----------------------------------------------------------
    def _open(self, previous: _View | None) -> _View | None:
        """A view of what is current now, or None when ``previous`` still is."""
        stamp = self._store.pointer_stamp()
        pointer = self._store.read_pointer() if self._store.is_server or previous is None or stamp != previous.stamp \
            else previous.pointer
        if pointer is None:
            lost = [p for p in self._store.local_catalogs() if p.stat().st_size > 0]
            if lost:  # there was an index here: its pointer (or the whole server's data) is gone
                raise IndexDamagedError(damage_line(
                    f"no index pointer at {self._store.where}, but catalogs of an index exist "
                    f"({', '.join(p.name for p in lost)})"
                    + (": the Chroma server may have restarted without its data" if self._store.is_server else ""),
                    "no question can be answered"))
            raise IndexMissingError("the index is empty: run `newsbot reindex` first")
        if pointer.model != self._embedder.name:
            raise IndexMissingError(
                f"the index was built with {pointer.model!r} but the model is {self._embedder.name!r}: "
                "run `newsbot reindex`"
            )
        same_generation = previous is not None and previous.pointer.generation == pointer.generation \
            and previous.pointer.epoch == pointer.epoch
        catalog = previous.catalog if previous is not None and same_generation else \
            open_catalog(self._store, pointer)  # checked: a damaged file is named, not half-read
        if self._store.is_server:
            sync_catalog(self._store, catalog, pointer)
        version = catalog.version
        if previous is not None and same_generation and version == previous.version:
            return None
        # Embedded Chroma loads a collection's vectors once per client: a new one sees the update.
        store = self._store if previous is None or self._store.is_server else self._store.fresh_view()
        # The collection exists and its count agrees with the catalog (this also loads it before
        # searches use it).
        check_vectors(store, pointer.generation, catalog)
        log.info("index generation %d, version %d", pointer.generation, version)
        return _View(pointer, stamp, store, catalog, version, catalog.has_sentence_vectors())

    def refresh(self) -> bool:
        """Pick up a reindex now (the background check does the same); True when something changed."""
        with self._load_lock:
            with self._lock:
                previous = self._view
            view = self._open(previous)
            if view is None:
                return False
            with self._lock:
                self._view = view
            if previous is not None and previous.catalog is not view.catalog:
                closer = threading.Timer(60.0, previous.catalog.close)  # searches still on it finish first
                closer.daemon = True
                closer.start()
            return True

    def _refresh_in_background(self) -> None:
        try:
            self.refresh()
        except NewsbotError as exc:
            log.warning("could not pick up the latest index (still serving the previous one): %s", exc)
        finally:
            with self._lock:
                self._refreshing = False

    def current(self) -> _View:
        """The view searches use; loaded now the first time, then refreshed in the background."""
        with self._lock:
            view = self._view
        if view is None:
            self.refresh()
            with self._lock:
                assert self._view is not None
                self._checked_at = time.monotonic()
                return self._view
        now = time.monotonic()
        with self._lock:
            if now - self._checked_at >= self._recheck_seconds and not self._refreshing:
                self._checked_at = now
                self._refreshing = True
                threading.Thread(target=self._refresh_in_background, name="index-refresh", daemon=True).start()
        return view

    @property
    def generation(self) -> int:
        return self.current().pointer.generation

    @property
    def version(self) -> int:
        """The catalog version being served (every reindex that changes something bumps it)."""
        return self.current().version

    # --- sentence vectors -------------------------------------------------------------
    def stored_sentence_vectors(self, sentences: Sequence[str]) -> dict[str, np.ndarray] | None:
        """The vectors the index stores for these sentences (index/sentence_vectors.py); None when
        it does not hold them all (built before they were, or a replica of a Chroma server that
        replayed a change record written before records carried them)."""
        view = self.current()
        if not view.has_sentence_vectors:
            return None
        keys = {sentence: sentence_key(sentence) for sentence in sentences}
        with view.catalog.snapshot() as snap:
            blobs = snap.sentence_vectors(list(set(keys.values())))
        found = [sentence for sentence, key in keys.items() if key in blobs]
        vectors = decode_many([blobs[keys[sentence]] for sentence in found])
        return dict(zip(found, vectors, strict=True))

    # --- searching --------------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, days: tuple[int, int] | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, best first; with ``days`` (inclusive YYYYMMDD bounds)
        only chunks of articles dated within them."""
        query = " ".join(query.split())
        if not query:
            return []
        return self._with_one_retry(lambda: self._search(query, k, days))

    def _with_one_retry(self, read: Callable[[], _Read]) -> _Read:
        """``read()``, once more on a fresh view if the store fails: the server may have restarted or a
        generation been swapped underneath."""
        try:
            return read()
        except StoreError:
            self._store.reopen()
            with self._lock:
                self._view = None
            return read()

    def article_texts(self, doc_ids: list[str]) -> dict[str, str]:
        """The title and every chunk of each indexed article of ``doc_ids`` (overlaps kept), joined."""
        if not doc_ids:
            return {}
        view = self.current()
        chunk_ids = view.catalog.chunk_ids(doc_ids)
        with view.catalog.snapshot() as snap:
            rows = snap.rows(chunk_ids)
        by_doc: dict[str, list[ChunkRow]] = {}
        for _rowid, row in rows.values():
            by_doc.setdefault(row.doc_id, []).append(row)
        return {doc_id: _article_text(by_doc[doc_id]) for doc_id in doc_ids if doc_id in by_doc}

    def newest_articles(self, limit: int, days: tuple[int, int] | None = None) -> list[Hit]:
        """The opening chunk of each of the ``limit`` newest articles (dated newest first, then the last
        indexed), as hits ranked in that order; with ``days``, only articles dated within them."""
        return self._openings(lambda snap: snap.newest_articles(limit, days))

    def openings(self, doc_ids: Sequence[str]) -> list[Hit]:
        """The opening chunk of each indexed article of ``doc_ids``, as hits in that order."""
        return self._openings(lambda snap: snap.opening_chunks(doc_ids))

    def _openings(self, read: Callable[[Snapshot], list[ChunkRow]]) -> list[Hit]:
        """Chunks ``read`` from the current catalog, as hits ranked in their order (no scores)."""
        def from_catalog() -> list[ChunkRow]:
            with self.current().catalog.snapshot() as snap:
                return read(snap)

        rows = self._with_one_retry(from_catalog)
        return [_hit(rank, row, 0.0, 0.0, 0.0) for rank, row in enumerate(rows, start=1)]

    def _search(self, query: str, k: int, days: tuple[int, int] | None) -> list[Hit]:
        view = self.current()
        generation = view.pointer.generation
        vector = self._embedder.embed_queries([query])[0]
        dense = dict(view.store.query(generation, vector, self._candidates, days))
        with view.catalog.snapshot() as snap:
            rows = snap.rows(list(dense))  # only visible chunks: other versions are filtered out here
            dense_rowids = [rowid for rowid, _ in rows.values()]
            top, lexical = snap.lexical(query, self._candidates, dense_rowids, days)
            seen = set(dense_rowids)
            extra = snap.rows_by_rowid([rowid for rowid, _ in top if rowid not in seen])
            rows.update(snap.rows(list(extra.values())))
        lexical.update((rowid, score) for rowid, score in top if rowid not in lexical)
        missing = [cid for cid in rows if cid not in dense]
        if missing:
            norm = float(np.linalg.norm(vector)) + 1e-9
            for cid, v in view.store.get_embeddings(generation, missing).items():
                dense[cid] = float(np.dot(v, vector) / (float(np.linalg.norm(v)) * norm + 1e-9))
        weight = self.lexical_weight if is_greek(query) else self.lexical_weight_latin_query
        scored: list[tuple[float, str, float, float]] = []
        for cid, (rowid, _) in rows.items():
            if cid not in dense:
                continue
            lex = lexical.get(rowid, 0.0)
            scored.append(((1 - weight) * dense[cid] + weight * lex, cid, dense[cid], lex))
        scored.sort(reverse=True)
        return [_hit(rank, rows[cid][1], score, dense_score, lex)
                for rank, (score, cid, dense_score, lex) in enumerate(scored[:k], start=1)]


    def search_within(self, query: str, doc_ids: Sequence[str], query_vector: np.ndarray | None = None) -> list[Hit]:
        """Every chunk of the articles ``doc_ids``, scored for ``query`` as ``search`` scores them
        (the same dense + BM25 fusion), best first; articles not in the index are left out.
        ``query_vector``: the query's embedding when the caller has it (a topic searched at every fetch).

        The lexical scores are divided by the query's own ceiling, not by the best candidate's, so a
        chunk scores the same here as it would among all the corpus's candidates: a threshold fitted
        on these scores holds for ``search`` too.
        """
        query = " ".join(query.split())
        if not query or not doc_ids:
            return []
        view = self.current()
        generation = view.pointer.generation
        chunk_ids = view.catalog.chunk_ids(doc_ids)
        if not chunk_ids:
            return []
        vector = self._embedder.embed_queries([query])[0] if query_vector is None else query_vector
        norm = float(np.linalg.norm(vector)) + 1e-9
        dense = {cid: float(np.dot(v, vector) / (float(np.linalg.norm(v)) * norm + 1e-9))
                 for cid, v in view.store.get_embeddings(generation, chunk_ids).items()}
        with view.catalog.snapshot() as snap:
            rows = snap.rows(chunk_ids)
            rowids = [rowid for rowid, _ in rows.values()]
            lexical: dict[int, float] = {}
            for start in range(0, len(rowids), _LEXICAL_BATCH):  # lexical() scores up to 500 given rows
                lexical.update(snap.lexical(query, 0, rowids[start : start + _LEXICAL_BATCH])[1])
        weight = self.lexical_weight if is_greek(query) else self.lexical_weight_latin_query
        scored = sorted(
            (((1 - weight) * dense[cid] + weight * lexical.get(rowid, 0.0), cid, dense[cid], lexical.get(rowid, 0.0))
             for cid, (rowid, _) in rows.items() if cid in dense),
            reverse=True,
        )
        return [_hit(rank, rows[cid][1], score, dense_score, lex)
                for rank, (score, cid, dense_score, lex) in enumerate(scored, start=1)]


def _article_text(rows: list[ChunkRow]) -> str:
    rows = sorted(rows, key=lambda r: r.chunk_id)
    return "\n".join([rows[0].title, *(r.text for r in rows)])


def _hit(rank: int, row: ChunkRow, score: float, dense: float, lexical: float) -> Hit:
    return Hit(
        rank=rank,
        chunk_id=row.chunk_id,
        doc_id=row.doc_id,
        score=round(score, 6),
        dense=round(dense, 6),
        lexical=round(lexical, 6),
        title=row.title,
        date=row.date,
        source=row.source,
        url=row.url,
        text=row.text,
        day=row.day,
    )
