"""Bring the index up to date with the corpus: embed what is new or changed, never twice.

A reindex builds the next generation beside the current one (vectors of unchanged chunks are
copied, not re-embedded), checks it is complete, then moves the pointer. Killed half-way, it
leaves the current generation serving; the next run reuses whatever vectors the broken run
managed to store and finishes the job.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from index.chunking import Chunk, chunk_article
from index.corpus import Article, Problem, load_corpus
from index.embedding import Embedder
from index.errors import IndexBusyError, StoreError
from index.settings import Settings
from index.store import INDEX_LAYOUT, Pointer, VectorStore

ProgressFactory = Callable[[int], "Progress"]


@dataclass(frozen=True)
class Summary:
    """What a reindex did."""

    added: int
    updated: int
    removed: int
    unchanged: int
    chunks: int
    embedded: int
    seconds: float
    generation: int
    problems: tuple[Problem, ...] = ()

    def describe(self) -> str:
        line = (
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}; {self.chunks} chunks ({self.embedded} embedded) "
            f"in {self.seconds:.1f} s"
        )
        if self.problems:
            line += f"; skipped {len(self.problems)} bad article(s)"
        return line


class Progress:
    """A progress bar with ETA on a terminal; silent elsewhere."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self._bar: Any = None
        stream = stream or sys.stderr
        if total and stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="chunk", desc="Embedding", file=stream, leave=False)

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


@contextmanager
def reindex_lock(index_dir: Path) -> Iterator[None]:
    """One reindex at a time per data dir; a second one is refused, not queued."""
    path = index_dir / "reindex.lock"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise StoreError(f"cannot write the data dir at {index_dir}: {exc.strerror or exc}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusyError(
                f"another reindex is already running ({holder}); try again when it has finished"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def _day_key(date: str) -> int | None:
    """An article's YYYY-MM-DD date as the integer YYYYMMDD the store filters on; None when undated."""
    return int(date.replace("-", "")) if date else None


def _metadata(chunk: Chunk, vector_key: str) -> dict[str, Any]:
    day = _day_key(chunk.date)
    return {
        "doc_id": chunk.doc_id,
        "chunk_index": chunk.index,
        "title": chunk.title,
        "date": chunk.date,
        "source": chunk.source,
        "url": chunk.url,
        "article_hash": chunk.article_hash,
        "vector_key": vector_key,
        **({"day": day} if day is not None else {}),  # Chroma metadata cannot hold None
    }


def _harvest_vectors(store: VectorStore, generations: list[int]) -> dict[str, np.ndarray]:
    """Vectors already computed, by vector key, from every generation present (even broken ones)."""
    vectors: dict[str, np.ndarray] = {}
    for generation in generations:
        try:
            stored = store.get_all(generation, with_embeddings=True)
        except StoreError:
            continue  # a generation dropped mid-write may not even open; it is rebuilt
        if stored.embeddings is None:
            continue
        for meta, vector in zip(stored.metadatas, stored.embeddings, strict=True):
            key = meta.get("vector_key")
            if isinstance(key, str):
                vectors[key] = vector
    return vectors


def _current_manifest(store: VectorStore, pointer: Pointer | None) -> dict[str, str]:
    """doc_id → article hash of the current generation."""
    if pointer is None:
        return {}
    stored = store.get_all(pointer.generation)
    return {str(m["doc_id"]): str(m["article_hash"]) for m in stored.metadatas}


def reindex(
    settings: Settings,
    embedder: Embedder,
    store: VectorStore | None = None,
    progress: ProgressFactory = Progress,
    after_batch: Callable[[int], None] | None = None,
) -> Summary:
    """Make the index match ``settings.corpus_dir``; returns what changed."""
    started = time.perf_counter()
    store = store or VectorStore(settings.index_dir, settings.chroma_url, settings.collection)
    with reindex_lock(settings.index_dir):
        loaded = load_corpus(settings.corpus_dir)
        articles: tuple[Article, ...] = loaded.articles
        pointer = store.read_pointer()
        manifest = _current_manifest(store, pointer)
        same_recipe = pointer is not None and (
            pointer.model == embedder.name
            and pointer.chunk_tokens == settings.chunk_tokens
            and pointer.overlap_sentences == settings.chunk_overlap_sentences
            and pointer.layout == INDEX_LAYOUT
        )
        new_hashes = {a.id: a.content_hash for a in articles}
        added = sum(1 for doc in new_hashes if doc not in manifest)
        updated = sum(1 for doc, h in new_hashes.items() if doc in manifest and manifest[doc] != h)
        removed = sum(1 for doc in manifest if doc not in new_hashes)
        if not same_recipe:
            updated += sum(1 for doc, h in new_hashes.items() if manifest.get(doc) == h)
        unchanged = len(articles) - added - updated

        if pointer is not None and same_recipe and added == updated == removed == 0:
            return Summary(0, 0, 0, unchanged, pointer.chunks, 0, time.perf_counter() - started,
                           pointer.generation, loaded.problems)

        generations = store.generations()
        cached = _harvest_vectors(store, generations)
        generation = max([*generations, pointer.generation if pointer else 0]) + 1
        store.create_generation(generation)

        chunks = [
            c
            for a in articles
            for c in chunk_article(a, embedder.count_tokens, settings.chunk_tokens,
                                   settings.chunk_overlap_sentences)
        ]
        keys = [c.vector_key(embedder.name) for c in chunks]
        reused = [i for i, k in enumerate(keys) if k in cached]
        missing = [i for i, k in enumerate(keys) if k not in cached]

        def write(indices: list[int], vectors: np.ndarray) -> None:
            store.add(
                generation,
                ids=[chunks[i].chunk_id for i in indices],
                embeddings=vectors,
                documents=[chunks[i].text for i in indices],
                metadatas=[_metadata(chunks[i], keys[i]) for i in indices],
            )

        if reused:
            write(reused, np.stack([cached[keys[i]] for i in reused]))
        bar = progress(len(missing))
        batch = max(settings.encode_batch_size * 4, 64)
        try:
            for start in range(0, len(missing), batch):
                part = missing[start : start + batch]
                vectors = embedder.embed_passages([chunks[i].embed_text for i in part])
                write(part, vectors)
                bar.update(len(part))
                if after_batch is not None:
                    after_batch(start + len(part))
        finally:
            bar.close()

        stored = store.count(generation)
        if stored != len(chunks):
            raise StoreError(f"generation {generation} holds {stored} chunks, expected {len(chunks)}")
        store.write_pointer(
            Pointer(generation, embedder.name, settings.chunk_tokens, settings.chunk_overlap_sentences,
                    len(chunks), len(articles), INDEX_LAYOUT)
        )
        # Keep the previous generation for readers still on it; drop older and broken ones.
        keep = {generation, pointer.generation if pointer else generation}
        for old in generations:
            if old not in keep:
                store.delete_generation(old)
        return Summary(added, updated, removed, unchanged, len(chunks), len(missing),
                       time.perf_counter() - started, generation, loaded.problems)
