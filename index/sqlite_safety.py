"""SQLite files that check themselves: a quick check, and a damaged file moved aside (never deleted).

Every SQLite file this project keeps (the index catalog, Chroma's own file, the bot's shared
state, the news intake's state) can be rebuilt or started afresh, but a damaged one ("database
disk image is malformed" after a disk fault or a truncated copy) would otherwise fail every
open the same way. The helpers here tell a damaged file from a healthy one cheaply (SQLite's
``PRAGMA quick_check``: the structure of every page, without the cross-checks of indexes) and
move it aside with a timestamped name, with its ``-wal`` and ``-shm`` companions, so a fresh
file can take its place and the old one is kept for whoever wants to look at it.

``open_checked`` is the one-call form for a state file: open, check, and on damage move aside and
open a fresh one, returning the connection and a report line (None when the file was healthy).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

SIDECARS = ("-wal", "-shm", "-journal")
DAMAGED_MARK = ".damaged-"
# Files up to this size get SQLite's quick check wherever they are opened (tens of ms); larger
# ones only the header check there (a full quick check reads every page: seconds for a catalog of
# a million chunks), and the quick check from `newsbot check`.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
_MAGIC = b"SQLite format 3\x00"


def connect_state(
    path: Path, schema: str, *, timeout: float = 10.0, shared_across_threads: bool = False, durable: bool = False
) -> sqlite3.Connection:
    """A state file opened the way every state store here opens it: autocommit, WAL, its schema made.

    ``shared_across_threads``: one connection used under the caller's lock from several threads;
    ``durable``: ``synchronous=FULL``, so a commit survives power loss, not only a killed process.
    """
    db = sqlite3.connect(path, check_same_thread=not shared_across_threads, isolation_level=None, timeout=timeout)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        if durable:
            db.execute("PRAGMA synchronous=FULL")
        db.executescript(schema)
    except sqlite3.Error:
        db.close()
        raise
    return db


@contextlib.contextmanager
def immediate_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on an autocommit connection, taking the write lock at once (so a
    read-then-write is one step across processes): committed at the end, rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # the error that got here says more than this one
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def header_problem(path: Path) -> str | None:
    """What the first 100 bytes and the size of ``path`` say is wrong (a truncated or overwritten
    file), read without SQLite; None when they look whole, or the file is absent or empty."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return str(exc)
    if size == 0:
        return None  # SQLite takes an empty file for a new database
    if len(header) < 100 or not header.startswith(_MAGIC):
        return "file is not a database (no SQLite header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]  # SQLite trusts the page count only then
    if page_size < 512 or page_size & (page_size - 1):
        return "database disk image is malformed (bad page size in the header)"
    if header_valid and pages and size < pages * page_size:
        return (f"database disk image is malformed (truncated: {size} bytes where the header "
                f"counts {pages} pages of {page_size})")
    return None


def sqlite_problem(path: Path, thorough: bool | None = None) -> str | None:
    """Why ``path`` is not a healthy SQLite file (SQLite's own words), or None when it is, or is absent.

    The header check always; SQLite's quick check too when ``thorough``, or by default when the
    file is at most QUICK_CHECK_MAX_BYTES. Opens the file read-only, so a check never creates,
    changes or locks out a file a writer is using.
    """
    problem = header_problem(path)
    if problem is not None or not path.exists():
        return problem
    if thorough is None:
        thorough = path.stat().st_size <= QUICK_CHECK_MAX_BYTES
    if not thorough:
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        db.close()
    results = [str(r[0]) for r in rows]
    if results == ["ok"]:
        return None
    return "; ".join(results[:3]) + (f" (and {len(results) - 3} more)" if len(results) > 3 else "")


def aside_name(path: Path, now: float | None = None) -> Path:
    """Where ``path`` goes when it is set aside: ``NAME.damaged-YYYYMMDDTHHMMSSZ`` beside it (never
    an existing name)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if now is None else now))
    target = path.with_name(f"{path.name}{DAMAGED_MARK}{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}{DAMAGED_MARK}{stamp}-{number}")
    return target


def set_aside(path: Path) -> Path:
    """Move ``path`` (a file with its SQLite companions, or a folder) aside; returns its new name."""
    target = aside_name(path)
    shutil.move(str(path), str(target))
    for suffix in SIDECARS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            shutil.move(str(companion), str(target.with_name(target.name + suffix)))
    return target


@dataclass(frozen=True)
class SetAside:
    """A damaged file moved aside: what it was, where it went, and why."""

    what: str
    path: Path
    moved_to: Path
    problem: str

    def line(self) -> str:
        return f"{self.what} {self.path} was damaged ({self.problem}): moved aside to {self.moved_to.name}"


def check_or_set_aside(path: Path, what: str) -> SetAside | None:
    """Quick-check ``path``; when it is damaged, move it aside and say so (None when healthy or absent)."""
    problem = sqlite_problem(path)
    if problem is None:
        return None
    return SetAside(what, path, set_aside(path), problem)


def open_checked(
    path: Path, what: str, connect: Callable[[Path], sqlite3.Connection] | None = None
) -> tuple[sqlite3.Connection, SetAside | None]:
    """Open the SQLite file at ``path`` after a quick check; a damaged one is moved aside first and a
    fresh one opened in its place. ``connect`` opens a path (default: ``sqlite3.connect``); it may
    also create the schema. Returns the connection and what was set aside (None when nothing was).

    A file that passes the quick check but fails in ``connect`` (e.g. its schema cannot be read)
    is set aside too, once."""
    opener = connect or (lambda p: sqlite3.connect(p))
    moved = check_or_set_aside(path, what)
    try:
        return opener(path), moved
    except sqlite3.DatabaseError as exc:
        if moved is not None or not path.exists():
            raise
        moved = SetAside(what, path, set_aside(path), str(exc))
        return opener(path), moved


def is_damage(exc: BaseException) -> bool:
    """Whether a SQLite error says the file itself is damaged (not busy, full or read-only)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(
        sign in text for sign in ("malformed", "not a database", "corrupt")
    )
