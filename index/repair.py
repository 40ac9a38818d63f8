"""Before a reindex: find damaged or lost index files, move them aside, and say what was done.

Everything under the index folder derives from the corpus, so a damaged piece is never patched:
it is moved aside (kept, with a timestamped name, for whoever wants to look) and rebuilt by the
reindex that follows. What the reindex then rebuilds:

- a damaged pointer (CURRENT.json): the newest generation whose catalog has the current recipe is
  taken up again, else a new one is built;
- a damaged catalog: a fresh one is filled from the corpus; vectors Chroma still holds are found
  by id and reused, so only chunks whose vectors are missing are embedded;
- damaged embedded Chroma (its SQLite file): the folder is moved aside, and the visible chunks are
  embedded again into a new collection (the catalog and the corpus say which);
- a missing collection or missing vectors (a Chroma server restarted without its volume):
  index/reindex.py re-embeds exactly the chunks that lack a vector.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from index.sqlite_safety import check_or_set_aside, set_aside, sqlite_problem
from index.store import Pointer, PointerDamagedError, VectorStore

log = logging.getLogger(__name__)


@dataclass
class Preparation:
    """The pointer to build on, and what was repaired to get it."""

    pointer: Pointer | None
    pointer_lost: bool = False  # a pointer was there but unreadable (or catalogs exist without one)
    lines: list[str] = field(default_factory=list)
    catalog_lost: bool = False  # the pointer's catalog was damaged or is missing: rebuilt from the corpus


def prepare_repairs(store: VectorStore) -> Preparation:
    """Move damaged parts of the index aside; returns the usable pointer and one line per repair."""
    lines: list[str] = []
    if not store.is_server:
        chroma_file = store.chroma_dir / "chroma.sqlite3"
        problem = sqlite_problem(chroma_file)
        if problem is not None:
            store.reopen()
            moved = set_aside(store.chroma_dir)
            lines.append(f"Chroma's database {chroma_file} was damaged ({problem}): moved the folder aside to "
                         f"{moved.name}; the vectors are embedded again")
    pointer_lost = False
    try:
        pointer = store.read_pointer()
    except PointerDamagedError as exc:
        moved = set_aside(store.pointer_file)
        lines.append(f"the index pointer {store.pointer_file} was damaged ({exc.__cause__}): moved aside to "
                     f"{moved.name}; rebuilt")
        pointer, pointer_lost = None, True
    damaged: set[Path] = set()
    for path in store.local_catalogs():
        aside = check_or_set_aside(path, "the index catalog")
        if aside is not None:
            damaged.add(path)
            lines.append(aside.line() + "; rebuilt from the corpus")
    if pointer is None and any(p.exists() for p in store.local_catalogs()):
        pointer_lost = True
    catalog_lost = False
    # (A replica's catalog of a server is only a copy: a missing one is filled from the change records.)
    if pointer is not None and not store.is_server and not store.catalog_path(pointer.generation).exists():
        catalog_lost = True
        if store.catalog_path(pointer.generation) not in damaged:  # named above when it was set aside
            lines.append(f"the index catalog {store.catalog_path(pointer.generation)} was missing: "
                         "rebuilt from the corpus")
    for line in lines:
        log.info("%s", line)
    return Preparation(pointer, pointer_lost, lines, catalog_lost)
