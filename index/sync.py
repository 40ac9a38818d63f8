"""A replica's catalog kept in step with a Chroma server, from the change records a reindex writes.

With a Chroma server every process keeps its own catalog file (texts of the chunks, the FTS5
lexical index) in its data dir. The reindex job writes each switch as a change record (new
article versions, removed articles) before it moves the pointer's version; a replica replays
the records it has not seen. Several records are folded first (the latest version of each
article wins), so only chunks that are still in Chroma are fetched.
"""

from __future__ import annotations

import logging

from index.catalog import ArticleEntry, Catalog, NewChunk
from index.chunking import make_chunk_id
from index.errors import StoreError
from index.store import Pointer, VectorStore

log = logging.getLogger(__name__)


def sync_catalog(store: VectorStore, catalog: Catalog, pointer: Pointer) -> int:
    """Bring ``catalog`` to ``pointer.version``; returns the number of articles copied."""
    local = catalog.version
    # A server rebuilt after losing its data counts versions afresh (a new epoch): replay every
    # record, and drop what the old epoch left that the new one does not list.
    new_epoch = (catalog.get_meta("epoch") or "") != pointer.epoch
    if new_epoch:
        local = 0
    elif local >= pointer.version:
        return 0
    latest: dict[str, ArticleEntry | None] = {}
    for version in range(local + 1, pointer.version + 1):
        change = store.read_change(pointer.generation, version)
        for record in change.articles:
            entry = ArticleEntry(**record)
            latest[entry.doc_id] = entry
        for doc_id in change.removed:
            latest[doc_id] = None
    if new_epoch:
        for doc_id in catalog.manifest():
            latest.setdefault(doc_id, None)
    entries = [e for e in latest.values() if e is not None]
    removed = [doc for doc, e in latest.items() if e is None]
    ids = [make_chunk_id(e.doc_id, e.hash, i) for e in entries for i in range(e.chunks)]
    stored = {c.chunk_id: c for c in store.get_chunks(pointer.generation, ids)}
    if len(stored) != len(ids):
        # A newer reindex replaced some of these versions meanwhile: the next check catches up.
        raise StoreError(f"{len(ids) - len(stored)} chunks of version {pointer.version} are gone from {store.where}")
    chunks = []
    for cid in ids:
        chunk = stored[cid]
        day = chunk.metadata.get("day")
        chunks.append(NewChunk(cid, str(chunk.metadata["doc_id"]), int(day) if day is not None else None, chunk.text))
    catalog.apply(entries, chunks, removed, pointer.version)
    if new_epoch:
        catalog.set_meta({"epoch": pointer.epoch})
    log.info("catalog %s at version %d (%d articles copied)", catalog.path.name, pointer.version, len(entries))
    return len(entries)
