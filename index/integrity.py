"""Does the index hold what it claims? A cheap check on open, and a full report (`newsbot check`).

Everything under the data dir's index/ derives from the corpus, so every damage has one repair,
`newsbot reindex` (index/repair.py and index/reindex.py). What this module adds is naming it:
each finding is one line saying what is wrong, what it affects, and that command.

- :func:`open_catalog` (readers, when they open a generation): the catalog file passes SQLite's
  quick check (the header check alone past 64 MiB: index/sqlite_safety.py) and opens; an
  embedded index's catalog exists where the pointer says.
- :func:`check_vectors` (the same moment): the collection exists and holds at least as many
  vectors as the catalog has visible chunks (a few fewer is a warning: a replica may lag a
  reindex by a second; none at all, or a missing collection, is an error).
- :func:`integrity_report`: counts of articles, chunks, vectors, lexical rows (and any table
  other work keeps in the catalog), every id that lacks a vector or a catalog row, the
  lexical index against the chunks, and the quick checks of every SQLite file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from index.catalog import Catalog
from index.errors import IndexDamagedError, NewsbotError, damage_line
from index.sqlite_safety import sqlite_problem
from index.store import Pointer, VectorStore
from index.sync import sync_catalog

log = logging.getLogger(__name__)

def open_catalog(store: VectorStore, pointer: Pointer, thorough: bool | None = None) -> Catalog:
    """The pointer's catalog, opened only if it is whole; IndexDamagedError naming it otherwise.
    (``thorough``: SQLite's quick check whatever the file's size; see index.sqlite_safety.)"""
    path = store.catalog_path(pointer.generation)
    if not store.is_server and not path.exists():
        raise IndexDamagedError(damage_line(
            f"the index catalog {path} is missing (the pointer names generation {pointer.generation})",
            "no question can be answered"))
    problem = sqlite_problem(path, thorough)
    if problem is not None:
        raise IndexDamagedError(damage_line(
            f"the index catalog {path} is damaged ({problem})", "no question can be answered from it"))
    return Catalog(path)


def _missing_collection(store: VectorStore, generation: int) -> str:
    return damage_line(
        f"the Chroma collection {store.collection_name(generation)} is missing at {store.where}"
        + (" (the server may have restarted without its data)" if store.is_server else ""),
        "no question can be answered")


def check_vectors(store: VectorStore, generation: int, catalog: Catalog) -> None:
    """The collection exists and its count agrees with the catalog's visible chunks.

    Raises IndexDamagedError when searches cannot work (no collection, no vectors, or vectors
    without any catalog rows in an embedded index); logs a warning when only some are missing."""
    if not store.has_generation(generation):
        raise IndexDamagedError(_missing_collection(store, generation))
    vectors = store.count(generation)
    _, chunks = catalog.counts()
    if chunks and not vectors:
        raise IndexDamagedError(damage_line(
            f"the Chroma collection {store.collection_name(generation)} at {store.where} is empty while the "
            f"catalog lists {chunks} chunks", "no question can be answered"))
    if vectors and not chunks and not store.is_server:
        raise IndexDamagedError(damage_line(
            f"the index catalog {catalog.path} lists no chunks while Chroma holds {vectors} vectors",
            "no question can be answered"))
    if vectors < chunks:
        log.warning("%s", damage_line(
            f"the Chroma collection {store.collection_name(generation)} holds {vectors} vectors for {chunks} "
            "visible chunks", f"up to {chunks - vectors} chunks cannot be found by meaning"))


@dataclass
class IntegrityReport:
    """What the index holds, and every disagreement found (empty ``problems``: all is well)."""

    where: str
    generation: int | None = None
    model: str = ""
    version: int = 0
    articles: int = 0
    chunks: int = 0
    vectors: int = 0
    stray: int = 0
    lexical_rows: int = 0
    other_tables: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        head = f"index at {self.where}"
        if self.generation is not None:
            head += f": generation {self.generation} ({self.model}), catalog version {self.version}"
        counts = (f"articles {self.articles}, chunks {self.chunks}, vectors {self.vectors}"
                  + (f" (+{self.stray} awaiting deletion)" if self.stray else "")
                  + f", lexical rows {self.lexical_rows}")
        counts += "".join(f", {name} {rows}" for name, rows in sorted(self.other_tables.items()))
        lines = [head, counts]
        if self.ok:
            lines.append("OK: every visible chunk has its vector and its lexical row")
        else:
            lines += [f"PROBLEM: {p}" for p in self.problems]
        return lines

    def describe(self) -> str:
        return "\n".join(self.summary_lines())


def integrity_report(store: VectorStore) -> IntegrityReport:
    """Check everything the index is made of; never raises for damage (it is reported)."""
    report = IntegrityReport(store.where)
    if not store.is_server:
        problem = sqlite_problem(store.chroma_dir / "chroma.sqlite3", thorough=True)
        if problem is not None:
            report.problems.append(damage_line(
                f"Chroma's database {store.chroma_dir / 'chroma.sqlite3'} is damaged ({problem})",
                "no question can be answered"))
            return report
    try:
        pointer = store.read_pointer()
    except NewsbotError as exc:
        report.problems.append(str(exc))
        return report
    if pointer is None:
        stale = [p for p in store.local_catalogs() if p.stat().st_size > 0]
        if stale:
            report.problems.append(damage_line(
                f"no index pointer at {store.where}, but catalogs exist ({', '.join(p.name for p in stale)})"
                + (" (the Chroma server may have restarted without its data)" if store.is_server else ""),
                "no question can be answered"))
        else:
            report.problems.append(damage_line(f"there is no index at {store.where} yet", "nothing can be searched"))
        return report
    report.generation, report.model, report.version = pointer.generation, pointer.model, pointer.version
    try:
        catalog = open_catalog(store, pointer, thorough=True)
    except NewsbotError as exc:
        report.problems.append(str(exc))
        return report
    try:
        _check_contents(store, pointer, catalog, report)
    except NewsbotError as exc:
        report.problems.append(str(exc))
    finally:
        catalog.close()
    return report


def _check_contents(store: VectorStore, pointer: Pointer, catalog: Catalog, report: IntegrityReport) -> None:
    generation = pointer.generation
    if store.is_server:
        sync_catalog(store, catalog, pointer)  # a replica compares what it would serve now
    report.version = catalog.version
    report.articles, report.chunks = catalog.counts()
    report.lexical_rows = catalog.lexical_rows()
    report.other_tables = catalog.other_tables()
    stray = set(catalog.stray())
    visible = catalog.visible_chunks()
    if not store.has_generation(generation):
        report.problems.append(_missing_collection(store, generation))
        return
    held = store.all_ids(generation)
    report.vectors = len(held & visible.keys())
    report.stray = len(held & stray)
    lacking = visible.keys() - held
    if lacking:
        articles = len({visible[c] for c in lacking})
        report.problems.append(damage_line(
            f"{len(lacking)} of {len(visible)} visible chunks have no vector in {store.collection_name(generation)}",
            f"chunks of {articles} article(s) cannot be found by meaning"))
    unknown = held - visible.keys() - stray
    if unknown:
        report.problems.append(damage_line(
            f"{len(unknown)} vectors in {store.collection_name(generation)} belong to no visible chunk",
            "they take room (searches skip them)"))
    if report.lexical_rows != report.chunks:
        report.problems.append(damage_line(
            f"the lexical index holds {report.lexical_rows} rows for {report.chunks} chunks",
            "keyword matches are wrong or missing"))
    elif not catalog.lexical_current():
        report.problems.append(damage_line(
            f"the lexical index of {catalog.path.name} was made by an older release's analysis",
            "some names are not matched by their spelling (nothing needs embedding again)"))
