"""Bring the index up to date with the corpus: write what changed, in place, never embed twice.

Only the chunks of new and changed articles are embedded and written, under ids that carry the
article's content hash (index/chunking.py), beside the visible version; then one catalog
transaction makes every changed article's new version visible at once (index/catalog.py), and
only then are the old versions' vectors deleted. Unchanged vectors are never read or copied.
Killed at any point, the visible index keeps serving, and the next run reuses what the killed
one stored and deletes what it left stray. A change of model or chunking builds a new
generation beside the current one and moves the pointer when it is complete.

With nothing changed, a reindex compares the corpus's content hashes with the catalog's
manifest and returns: the model is never loaded.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from index.catalog import ANALYSIS_VERSION, ArticleEntry, Catalog, NewChunk
from index.chunking import Chunk, chunk_article
from index.corpus import Article, Problem
from index.corpus_scan import scan_corpus
from index.embedding import Embedder
from index.errors import IndexBusyError, StoreError
from index.repair import prepare_repairs
from index.sentence_vectors import encode, scored_sentences, sentence_key
from index.settings import Settings
from index.store import SENTENCES_ADDED, SENTENCES_ALL, ChangeRecord, Pointer, VectorStore
from index.sync import RECORDS_META_KEY, sync_catalog

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
    restored: int = 0  # unchanged articles whose vectors were missing, embedded again
    repairs: tuple[str, ...] = ()  # one line per damaged part found and rebuilt
    sentences: int = 0  # sentence vectors embedded (index/sentence_vectors.py)

    def describe(self) -> str:
        line = (
            f"added {self.added}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged}"
            + (f", restored {self.restored} (lost from the index)" if self.restored else "")
            + f"; {self.chunks} chunks ({self.embedded} embedded) in {self.seconds:.1f} s"
        )
        if self.sentences:
            line += f"; {self.sentences} sentence vectors stored"
        if self.problems:
            line += f"; skipped {len(self.problems)} bad article(s)"
        return "\n".join([*(f"repaired: {r}" for r in self.repairs), line])


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


def _metadata(chunk: Chunk, with_text: bool) -> dict[str, Any]:
    """What Chroma keeps beside a vector: enough to filter by date and to find a chunk's article."""
    meta: dict[str, Any] = {"doc_id": chunk.doc_id, "article_hash": chunk.article_hash}
    if chunk.day is not None:
        meta["day"] = chunk.day
    if with_text:  # replicas of a server copy chunks into their catalogs from here
        meta["chunk_index"] = chunk.index
    return meta


def _entry(article: Article, chunks: int) -> ArticleEntry:
    return ArticleEntry(article.id, article.content_hash, chunks, article.title, article.date, article.source,
                        article.url)


def _recipe(settings: Settings, model: str) -> tuple[str, int, int, str]:
    return (model, settings.chunk_tokens, settings.chunk_overlap_sentences, ANALYSIS_VERSION)


def _pending_generation(store: VectorStore, pointer: Pointer | None, recipe: tuple[str, int, int, str]) -> int:
    """The generation to build for a new recipe: one a killed rebuild left for it, else a new one."""
    generations = store.generations()
    newest = max([*generations, pointer.generation if pointer else 0])
    if generations and newest > (pointer.generation if pointer else 0):
        catalog = Catalog(store.catalog_path(newest))
        try:
            kept = catalog.get_meta("recipe")
            if kept == repr(recipe):
                return newest
            if kept is None and store.generation_recipe(newest) == repr(recipe):
                return newest  # its catalog was lost: the vectors are found by id and reused
        finally:
            catalog.close()
    return newest + 1


def _vector_check(
    store: VectorStore, catalog: Catalog, generation: int, repairs: list[str], recipe: str
) -> tuple[set[str], set[str]]:
    """(ids the collection holds, articles with a visible chunk that has no vector); a missing
    collection is created empty (and named in ``repairs``).

    Embedded, when Chroma's own file counts exactly the visible chunks and nothing is stray, that
    is taken as whole without opening Chroma (empty sets): a reindex with nothing changed stays
    about a second. Every other case compares ids."""
    chunks = catalog.counts()[1]
    if not chunks:
        return set(), set()
    if store.count_without_client(generation) == chunks and not catalog.stray():
        return set(), set()
    visible = catalog.visible_chunks()
    if not store.has_generation(generation):
        repairs.append(f"the Chroma collection {store.collection_name(generation)} was missing at {store.where}: "
                       f"its vectors are embedded again from the corpus")
        store.create_generation(generation, recipe)
        return set(), set(visible.values())
    held = store.all_ids(generation)
    lacking = {doc for chunk_id, doc in visible.items() if chunk_id not in held}
    if lacking and len(held) > 0:
        missing = sum(1 for chunk_id in visible if chunk_id not in held)
        repairs.append(f"{missing} of {len(visible)} chunks had no vector in {store.collection_name(generation)}: "
                       "embedded again")
    elif lacking:
        repairs.append(f"the Chroma collection {store.collection_name(generation)} at {store.where} was empty: "
                       "its vectors are embedded again from the corpus")
    return held, lacking


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
        prepared = prepare_repairs(store)  # damaged files moved aside, each named
        pointer = prepared.pointer
        recipe = _recipe(settings, embedder.name)
        rebuild = pointer is None or pointer.recipe() != recipe
        previous: dict[str, str] = {}
        if pointer is not None:
            current = Catalog(store.catalog_path(pointer.generation))
            if store.is_server:
                sync_catalog(store, current, pointer)
            previous = current.manifest()
            if not rebuild:
                catalog = current
            else:
                current.close()
        recipe_changed = rebuild
        if rebuild:
            generation = _pending_generation(store, pointer, recipe)
            catalog = Catalog(store.catalog_path(generation))
            if prepared.pointer_lost and catalog.get_meta("recipe") == repr(recipe):
                previous = catalog.manifest()  # what readers saw before the pointer was lost
                recipe_changed = False
            catalog.set_meta({"recipe": repr(recipe)})
        else:
            assert pointer is not None
            generation = pointer.generation
            if catalog.get_meta("recipe") is None:  # a catalog rebuilt after damage
                catalog.set_meta({"recipe": repr(recipe)})
        try:
            return _update(settings, embedder, store, catalog, generation, pointer, rebuild, previous,
                           started, progress, after_batch, prepared.lines, recipe_changed,
                           prepared.catalog_lost and not rebuild)
        finally:
            catalog.close()


def _update(
    settings: Settings,
    embedder: Embedder,
    store: VectorStore,
    catalog: Catalog,
    generation: int,
    pointer: Pointer | None,
    rebuild: bool,
    previous: dict[str, str],
    started: float,
    progress: ProgressFactory,
    after_batch: Callable[[int], None] | None,
    repairs: list[str],
    recipe_changed: bool,
    catalog_lost: bool,
) -> Summary:
    manifest = catalog.manifest()
    scan = scan_corpus(settings.corpus_dir, catalog.files())
    hashes = scan.hashes
    changed_ids = [doc for doc, h in hashes.items() if manifest.get(doc) != h]
    # Unchanged articles whose vectors are gone (a lost collection, a server restarted empty) are
    # embedded again: never an "unchanged" report over missing vectors.
    recipe = repr(_recipe(settings, embedder.name))
    held, lacking = _vector_check(store, catalog, generation, repairs, recipe)
    restored_ids = sorted(doc for doc in lacking if doc in hashes and manifest.get(doc) == hashes[doc])
    changed_ids += restored_ids
    if any(doc not in scan.parsed for doc in changed_ids):
        # The file states and the manifest disagree (another job's catalog, an old index): read everything.
        scan = scan_corpus(settings.corpus_dir)
    changed = [scan.parsed[doc] for doc in changed_ids]
    removed = sorted(doc for doc in manifest if doc not in hashes)
    # Counted against what readers saw before this run (the previous generation on a rebuild).
    added = sum(1 for doc in hashes if doc not in previous)
    updated = sum(1 for doc, h in hashes.items() if doc in previous and (recipe_changed or previous[doc] != h))
    removed_count = sum(1 for doc in previous if doc not in hashes)
    restored = sum(1 for doc in restored_ids if doc in previous and not recipe_changed)
    unchanged = len(hashes) - added - updated - restored
    if catalog_lost:  # readers lost every article with the catalog: the rebuilt ones are restored, not new
        restored, added = restored + added, 0
    if catalog.lexical_rows() != catalog.counts()[1]:
        rows = catalog.rebuild_lexical()
        repairs.append(f"the lexical index of {catalog.path} disagreed with its chunks: rebuilt ({rows} rows)")
    elif not catalog.lexical_current():  # an older release's analysis: nothing is embedded again
        rows = catalog.rebuild_lexical()
        repairs.append(f"the lexical index of {catalog.path} was made by an older analysis: rebuilt ({rows} rows)")

    def summary(embedded: int, sentences: int = 0) -> Summary:
        return Summary(added, updated, removed_count, unchanged, catalog.counts()[1], embedded,
                       time.perf_counter() - started, generation, scan.problems, restored, tuple(repairs),
                       sentences)

    # An index built before sentence vectors were stored (or a new generation) stores those of every
    # visible chunk: a reindex with nothing changed is then the upgrade.
    all_sentences = not catalog.has_sentence_vectors()
    upgrade = all_sentences and catalog.counts()[1] > 0
    # With a server, the change records carry the vectors replicas need. The first record of an
    # epoch, and the first after records that carried none (a release before they did), carry those
    # of every visible chunk, so that every replica holds them all from then on.
    ship_all = store.is_server and (rebuild or pointer is None or all_sentences
                                    or catalog.get_meta(RECORDS_META_KEY) != pointer.epoch)
    if not rebuild and not changed and not removed and not upgrade and not (ship_all and catalog.counts()[1] > 0):
        if scan.files_read:  # touched but unchanged files: remember them as they are now
            catalog.set_files(scan.files)
        stray = catalog.stray()
        if stray:  # a killed run's leftovers: no model needed to delete them
            store.delete(generation, stray)
            catalog.clear_stray(stray)
        return summary(0)

    store.create_generation(generation, recipe)
    per_article = {
        a.id: chunk_article(a, embedder.count_tokens, settings.chunk_tokens, settings.chunk_overlap_sentences)
        for a in changed
    }
    chunks = [c for cs in per_article.values() for c in cs]
    ids = [c.chunk_id for c in chunks]
    catalog.add_stray(ids)  # before Chroma holds them: a killed run's vectors are found and reused or deleted
    stored = store.existing(generation, ids)
    missing = [i for i, cid in enumerate(ids) if cid not in stored]
    with_text = store.is_server
    bar = progress(len(missing))
    batch = max(settings.encode_batch_size * 4, 64)
    try:
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            vectors = embedder.embed_passages([chunks[i].embed_text for i in part])
            store.add(
                generation,
                ids=[ids[i] for i in part],
                embeddings=vectors,
                metadatas=[_metadata(chunks[i], with_text) for i in part],
                documents=[chunks[i].text for i in part] if with_text else None,
            )
            bar.update(len(part))
            if after_batch is not None:
                after_batch(start + len(part))
    finally:
        bar.close()

    kept_texts = catalog.visible_chunk_texts(skip_doc_ids=[*per_article, *removed]) \
        if all_sentences or ship_all else iter(())
    sentences, sentence_keys = _store_sentence_vectors(embedder, catalog, [c.text for c in chunks], kept_texts, batch)

    entries = [_entry(scan.parsed[doc], len(cs)) for doc, cs in per_article.items()]
    new_chunks = [NewChunk(c.chunk_id, c.doc_id, c.day, c.text) for c in chunks]
    version: int | None = None
    epoch = ""
    if store.is_server:
        # Replicas replay change records up to the pointer's version: record first, then switch.
        version = (0 if rebuild or pointer is None else pointer.version) + 1
        epoch = uuid.uuid4().hex[:12] if rebuild or pointer is None else pointer.epoch
        # With the stored vectors of the sentences the replicas will need (read back from this
        # catalog: those deduplicated against other articles too), so they embed none themselves.
        with catalog.snapshot() as snap:
            blobs = snap.sentence_vectors(sentence_keys)
        covered = (SENTENCES_ALL if ship_all else SENTENCES_ADDED) if len(blobs) == len(sentence_keys) else ""
        store.write_change(generation, ChangeRecord(version, [asdict(e) for e in entries], removed, blobs, covered))
    version = catalog.apply(entries, new_chunks, removed, version, scan.files, recount_sentences=all_sentences)
    if store.is_server:
        catalog.set_meta({"epoch": epoch, RECORDS_META_KEY: epoch if covered else ""})
    if rebuild or store.is_server:
        store.write_pointer(Pointer(generation, *_recipe(settings, embedder.name)[:3], ANALYSIS_VERSION,
                                    version if store.is_server else 0, epoch if store.is_server else ""))
    stray = catalog.stray()  # old versions, and anything a killed run left
    # Vectors no catalog row knows (their catalog was lost and rebuilt): nobody can find them.
    orphans = sorted(held - set(catalog.visible_chunks()) - set(stray))
    store.delete(generation, [*stray, *orphans])
    catalog.clear_stray(stray)
    if rebuild:
        # Keep the previous generation for readers still on it; drop older and broken ones.
        keep = {generation, pointer.generation if pointer else generation}
        for old in store.generations():
            if old not in keep:
                store.delete_generation(old)
    return summary(len(missing), sentences)


def _store_sentence_vectors(
    embedder: Embedder, catalog: Catalog, new_texts: list[str], kept_texts: Iterator[str], batch: int
) -> tuple[int, list[int]]:
    """Embed the sentences of these chunks that have no stored vector, each once; returns how many,
    and the keys of all their sentences (stored now or before).

    Written before the switch (the switch counts them): a killed run's vectors are reused.
    """
    wanted: dict[int, str] = {}
    for text in [*new_texts, *kept_texts]:
        for sentence in scored_sentences(text):
            wanted.setdefault(sentence_key(sentence), sentence)
    stored = catalog.stored_sentence_keys(wanted)
    missing = [(key, sentence) for key, sentence in wanted.items() if key not in stored]
    # Longest first: the model pads a batch to its longest text, so batches of like lengths cost least.
    missing.sort(key=lambda ks: len(ks[1]), reverse=True)
    for start in range(0, len(missing), batch * 4):
        part = missing[start : start + batch * 4]
        vectors = embedder.embed_passages([sentence for _, sentence in part])
        catalog.add_sentence_vectors({key: encode(v) for (key, _), v in zip(part, vectors, strict=True)})
    return len(missing), list(wanted)
