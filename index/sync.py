"""A replica's catalog kept in step with a Chroma server, from the change records a reindex writes.

With a Chroma server every process keeps its own catalog file (texts of the chunks, the FTS5
lexical index) in its data dir. The reindex job writes each switch as a change record (new
article versions, removed articles) before it moves the pointer's version; a replica replays
the records it has not seen. Several records are folded first (the latest version of each
article wins), so only chunks that are still in Chroma are fetched.

A record also carries the stored vectors of the sentences of the chunks it adds (an epoch's
first record, and the first after records that carried none, those of every visible chunk): they
go into the replica's catalog before the switch, which counts them as the reindex's own catalog
does, so a replica embeds no sentence at question time either. After a record written before
records carried them, the replica holds only some and says so (``has_sentence_vectors`` false:
answers embed their sentences, as before) until the job's next record, which carries them all.
"""

from __future__ import annotations

import logging

from index.catalog import ArticleEntry, Catalog, NewChunk
from index.chunking import make_chunk_id
from index.errors import StoreError
from index.store import SENTENCES_ADDED, SENTENCES_ALL, Pointer, VectorStore

log = logging.getLogger(__name__)

# Catalog meta: the epoch whose change records, up to the catalog's version, leave every replica
# holding every visible chunk's sentence vectors (all records since the epoch's first, or since
# one that carried them all, carried those of what they added). A reindex that finds it otherwise
# (records of a release before they carried any) puts them all in its record.
RECORDS_META_KEY = "records_sentence_vectors"


def sync_catalog(store: VectorStore, catalog: Catalog, pointer: Pointer) -> int:
    """Bring ``catalog`` to ``pointer.version``; returns the number of articles copied."""
    if not catalog.lexical_current():
        # A copy an older release wrote: its lexical rows are rewritten from its chunks (nothing is embedded)
        rows = catalog.rebuild_lexical()
        log.info("the lexical index of %s was made by an older analysis: rebuilt (%d rows)", catalog.path, rows)
    local = catalog.version
    # A server rebuilt after losing its data counts versions afresh (a new epoch): replay every
    # record, and drop what the old epoch left that the new one does not list.
    new_epoch = (catalog.get_meta("epoch") or "") != pointer.epoch
    if new_epoch:
        local = 0
    elif local >= pointer.version:
        return 0
    # Whether every visible chunk's sentences will have a stored vector: after a full replay, when
    # every record carried the vectors of what it added; else when the catalog held them all before.
    had_all = catalog.has_sentence_vectors() and not new_epoch
    holds_all = had_all or new_epoch
    records_whole = new_epoch or catalog.get_meta(RECORDS_META_KEY) == pointer.epoch
    latest: dict[str, ArticleEntry | None] = {}
    for version in range(local + 1, pointer.version + 1):
        change = store.read_change(pointer.generation, version)
        if change.sentences == SENTENCES_ALL:
            holds_all = records_whole = True
        elif change.sentences != SENTENCES_ADDED:
            holds_all = records_whole = False  # a record written before records carried them
        if change.sentence_vectors:  # stored before the switch that counts them (as a reindex does)
            catalog.add_sentence_vectors(change.sentence_vectors)
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
    catalog.apply(entries, chunks, removed, pointer.version,
                  recount_sentences=holds_all and not had_all, partial_sentences=not holds_all)
    catalog.set_meta({"epoch": pointer.epoch, RECORDS_META_KEY: pointer.epoch if records_whole else ""})
    log.info("catalog %s at version %d (%d articles copied)", catalog.path.name, pointer.version, len(entries))
    return len(entries)
