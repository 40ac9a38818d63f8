"""What the intake remembers between runs, in one SQLite file in the data dir.

Per source: where it is fetched from now (a permanent redirect moves it), its validators (ETag,
Last-Modified), last success, last error, failures in a row and when to try next. Per article:
canonical URL, fingerprint, text hash, doc id, first seen. Per feed entry: what became of it, so an
unchanged entry is never fetched twice. Per host: Retry-After and the cached robots.txt.

Every change is one committed transaction (WAL, synchronous=FULL) made after the corpus file it
describes is on disk: a kill -9 anywhere leaves at worst an article whose row is missing, which the
next run fetches again and writes to the same file — never a lost or doubled article.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.sqlite_safety import connect_state, immediate_transaction, open_checked

BACKOFF_CAP = 86_400.0  # a failing source is retried at least daily, never switched off

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY, url TEXT NOT NULL, fetch_url TEXT NOT NULL, etag TEXT, last_modified TEXT,
    last_success REAL, last_error TEXT, failures INTEGER NOT NULL DEFAULT 0, next_try REAL, last_attempt REAL
);
CREATE TABLE IF NOT EXISTS articles (
    canonical TEXT PRIMARY KEY, doc_id TEXT NOT NULL, relpath TEXT NOT NULL, source TEXT NOT NULL,
    fingerprint TEXT NOT NULL, text_hash TEXT NOT NULL, title TEXT NOT NULL, first_seen REAL NOT NULL,
    updated REAL NOT NULL, page_etag TEXT, page_last_modified TEXT
);
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, source TEXT NOT NULL, signature TEXT NOT NULL, outcome TEXT NOT NULL,
    canonical TEXT, seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS hosts (
    host TEXT PRIMARY KEY, not_before REAL NOT NULL DEFAULT 0, robots TEXT, robots_fetched REAL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_SOURCE_COLUMNS = "name, url, fetch_url, etag, last_modified, last_success, last_error, failures, next_try"


def iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def backoff_seconds(base: float, failures: int) -> float:
    """Seconds before the next try after ``failures`` failures in a row: doubling, capped at a day."""
    if failures <= 0:
        return 0.0
    return float(min(base * 2 ** min(failures - 1, 40), BACKOFF_CAP))


@dataclass(frozen=True)
class SourceRow:
    name: str
    url: str
    fetch_url: str
    etag: str | None
    last_modified: str | None
    last_success: float | None
    last_error: str | None
    failures: int
    next_try: float | None


@dataclass(frozen=True)
class ArticleRow:
    canonical: str
    doc_id: str
    relpath: str
    source: str
    fingerprint: str
    text_hash: str
    page_etag: str | None
    page_last_modified: str | None


@dataclass(frozen=True)
class EntryRow:
    signature: str
    outcome: str  # "article", "duplicate", "skipped", "gone"
    canonical: str | None


def _connect(path: Path) -> sqlite3.Connection:
    return connect_state(path, _SCHEMA, timeout=30, durable=True)


class IntakeState:
    """The intake's SQLite file; one per process, used from one thread at a time.

    A damaged file (a disk fault, a truncated copy) is moved aside (kept, timestamped) and started
    afresh (index/sqlite_safety.py); ``set_aside`` says so, and the fetch report names it. The
    intake then fetches every entry once more, into the same corpus files (their names follow
    the canonical URL), so nothing is lost or doubled."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db, self.set_aside = open_checked(path, "the news intake's state", _connect)

    def close(self) -> None:
        self._db.close()

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db)

    # --- sources -------------------------------------------------------------------------

    def source(self, name: str, url: str) -> SourceRow:
        """The source's row; a new name, or a URL changed in the feeds file, starts afresh."""
        row = self._db.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None or row[1] != url:
            with self.transaction() as db:
                db.execute("INSERT OR REPLACE INTO sources (name, url, fetch_url) VALUES (?, ?, ?)", (name, url, url))
            return SourceRow(name, url, url, None, None, None, None, 0, None)
        return SourceRow(*row)

    def source_succeeded(self, name: str, *, now: float, fetch_url: str, etag: str | None,
                         last_modified: str | None, next_try: float | None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE sources SET fetch_url = ?, etag = ?, last_modified = ?, last_success = ?, last_error = NULL, "
                "failures = 0, next_try = ?, last_attempt = ? WHERE name = ?",
                (fetch_url, etag, last_modified, now, next_try, now, name))

    def source_failed(self, name: str, *, now: float, error: str, base_backoff: float,
                      retry_after: float | None) -> None:
        with self.transaction() as db:
            failures = db.execute("SELECT failures FROM sources WHERE name = ?", (name,)).fetchone()[0] + 1
            wait = max(backoff_seconds(base_backoff, failures), min(retry_after or 0.0, BACKOFF_CAP))
            db.execute("UPDATE sources SET last_error = ?, failures = ?, next_try = ?, last_attempt = ? WHERE name = ?",
                       (error, failures, now + wait, now, name))

    def source_moved(self, name: str, fetch_url: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sources SET fetch_url = ? WHERE name = ?", (fetch_url, name))

    def known_sources(self) -> dict[str, SourceRow]:
        rows = self._db.execute(f"SELECT {_SOURCE_COLUMNS} FROM sources")
        return {row[0]: SourceRow(*row) for row in rows}

    # --- entries and articles ------------------------------------------------------------

    def entry(self, key: str) -> EntryRow | None:
        row = self._db.execute("SELECT signature, outcome, canonical FROM entries WHERE key = ?", (key,)).fetchone()
        return EntryRow(*row) if row else None

    def article(self, canonical: str) -> ArticleRow | None:
        row = self._db.execute(
            "SELECT canonical, doc_id, relpath, source, fingerprint, text_hash, page_etag, page_last_modified "
            "FROM articles WHERE canonical = ?", (canonical,)).fetchone()
        return ArticleRow(*row) if row else None

    def fingerprints(self, since: float) -> dict[str, int]:
        """canonical URL -> fingerprint (as an integer) of every article first seen after ``since``."""
        rows = self._db.execute("SELECT canonical, fingerprint FROM articles WHERE first_seen >= ?", (since,))
        return {canonical: int(mark, 16) for canonical, mark in rows}

    def record_entry(self, key: str, *, source: str, signature: str, outcome: str, canonical: str | None,
                     now: float) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                       (key, source, signature, outcome, canonical, now))

    def record_article(self, row: ArticleRow, *, title: str, entry_key: str, signature: str, now: float) -> None:
        """The article and the entry that led to it, in one transaction (after its file is written)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(canonical) DO UPDATE SET "
                "fingerprint = excluded.fingerprint, text_hash = excluded.text_hash, title = excluded.title, "
                "updated = excluded.updated, page_etag = excluded.page_etag, "
                "page_last_modified = excluded.page_last_modified",
                (row.canonical, row.doc_id, row.relpath, row.source, row.fingerprint, row.text_hash, title, now, now,
                 row.page_etag, row.page_last_modified))
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, 'article', ?, ?)",
                       (entry_key, row.source, signature, row.canonical, now))

    def article_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- hosts -----------------------------------------------------------------------------

    def host_waits(self) -> dict[str, float]:
        return dict(self._db.execute("SELECT host, not_before FROM hosts WHERE not_before > 0").fetchall())

    def robots(self) -> dict[str, tuple[str | None, float]]:
        rows = self._db.execute("SELECT host, robots, robots_fetched FROM hosts WHERE robots_fetched IS NOT NULL")
        return {host: (text, fetched) for host, text, fetched in rows}

    def save_hosts(self, waits: dict[str, float], robots: dict[str, tuple[str | None, float]]) -> None:
        with self.transaction() as db:
            for host, not_before in waits.items():
                db.execute("INSERT INTO hosts (host, not_before) VALUES (?, ?) "
                           "ON CONFLICT(host) DO UPDATE SET not_before = excluded.not_before", (host, not_before))
            for origin, (text, fetched) in robots.items():
                db.execute("INSERT INTO hosts (host, robots, robots_fetched) VALUES (?, ?, ?) ON CONFLICT(host) "
                           "DO UPDATE SET robots = excluded.robots, robots_fetched = excluded.robots_fetched",
                           (origin, text, fetched))

    # --- the reindex owed --------------------------------------------------------------------

    def reindex_pending(self) -> bool:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'reindex_pending'").fetchone()
        return bool(row and row[0] == "1")

    def set_reindex_pending(self, pending: bool) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES ('reindex_pending', ?)", ("1" if pending else "0",))
