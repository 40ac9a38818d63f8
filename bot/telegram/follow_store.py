"""Followed topics and the notices owed to chats, in SQLite: kept across restarts, shared by replicas.

The file is ``NEWSBOT_SHARED_STATE`` when replicas share one (beside the conversation memory and
rate limits of ``shared_state``), else one in this replica's data dir. A notice is queued once per
(chat, article): the UNIQUE key makes a second fetch of the same article, or a second replica
matching it too, queue nothing. A sender claims a few queued notices at a time in one write
transaction (only the replica whose claim wins sends them) and marks each sent; a claim whose
sender died expires after ``CLAIM_SECONDS`` and another replica (or the restarted one) sends it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from index.errors import ConfigError
from index.sqlite_safety import connect_state, immediate_transaction, open_checked

log = logging.getLogger("newsbot.telegram")

CLAIM_SECONDS = 300.0  # a claimed notice nobody marked sent by then is sent again
MAX_ATTEMPTS = 5  # sends that failed for a passing reason (network, flood wait) before giving up

_SCHEMA = """
CREATE TABLE IF NOT EXISTS follows (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    topic_key TEXT NOT NULL,
    created_at REAL NOT NULL,
    UNIQUE (chat_id, topic_key)
);
CREATE TABLE IF NOT EXISTS notices (
    chat_id INTEGER NOT NULL,
    doc_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    sentence TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    owner TEXT,
    claimed_at REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    PRIMARY KEY (chat_id, doc_id)
);
CREATE INDEX IF NOT EXISTS notices_pending ON notices (status, claimed_at);
"""


def _connect(path: Path) -> sqlite3.Connection:
    return connect_state(path, _SCHEMA, shared_across_threads=True)


class FollowResult(Enum):
    ADDED = "added"
    ALREADY = "already"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class Notice:
    """What a chat is told about one new article that matches one of its topics."""

    chat_id: int
    doc_id: str
    topic: str
    title: str
    date: str
    source: str
    url: str
    sentence: str


def topic_key(topic: str) -> str:
    """Two spellings that differ only in case or spacing are one topic."""
    return " ".join(topic.casefold().split())


class FollowStore:
    """The follows and notices tables; one connection per process, used under a lock."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A damaged file is moved aside (kept) and started afresh, as the shared state does.
            self._db, moved = open_checked(path, "the bot's followers' state", _connect)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(f"cannot open the followers' state {path}: {exc}") from None
        if moved is not None:
            log.warning("%s; followed topics start afresh", moved.line())
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- follows ----------------------------------------------------------------------------
    def follow(self, chat_id: int, topic: str, max_topics: int) -> FollowResult:
        with self._lock, immediate_transaction(self._db):  # count and insert as one step across replicas
            (count,) = self._db.execute("SELECT count(*) FROM follows WHERE chat_id = ?", (chat_id,)).fetchone()
            exists = self._db.execute(
                "SELECT 1 FROM follows WHERE chat_id = ? AND topic_key = ?", (chat_id, topic_key(topic))
            ).fetchone()
            if exists:
                result = FollowResult.ALREADY
            elif int(count) >= max_topics:
                result = FollowResult.TOO_MANY
            else:
                self._db.execute(
                    "INSERT INTO follows (chat_id, topic, topic_key, created_at) VALUES (?, ?, ?, ?)",
                    (chat_id, topic, topic_key(topic), time.time()),
                )
                result = FollowResult.ADDED
        return result

    def topics(self, chat_id: int) -> list[str]:
        """The chat's topics in the order it followed them (what /following numbers)."""
        with self._lock:
            rows = self._db.execute("SELECT topic FROM follows WHERE chat_id = ? ORDER BY id", (chat_id,)).fetchall()
        return [str(topic) for (topic,) in rows]

    def unfollow(self, chat_id: int, topic: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND topic_key = ?", (chat_id, topic_key(topic))
            )
        return cursor.rowcount > 0

    def unfollow_all(self, chat_id: int) -> int:
        with self._lock:
            cursor = self._db.execute("DELETE FROM follows WHERE chat_id = ?", (chat_id,))
        return cursor.rowcount

    def all_follows(self) -> list[tuple[int, str]]:
        """Every (chat, topic), in the order they were followed."""
        with self._lock:
            rows = self._db.execute("SELECT chat_id, topic FROM follows ORDER BY id").fetchall()
        return [(int(chat_id), str(topic)) for chat_id, topic in rows]

    # --- notices ----------------------------------------------------------------------------
    def queue(self, notices: list[Notice]) -> int:
        """Queue the notices no chat has had yet (one per chat and article); how many were new."""
        now = time.time()
        with self._lock, immediate_transaction(self._db):
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO notices (chat_id, doc_id, topic, title, date, source, url, sentence, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(n.chat_id, n.doc_id, n.topic, n.title, n.date, n.source, n.url, n.sentence, now)
                 for n in notices],
            )
            added = self._db.total_changes - before
        return added

    def claim(self, owner: str, limit: int, now: float | None = None) -> list[Notice]:
        """Up to ``limit`` queued notices, now this ``owner``'s to send (nobody else's claim is live)."""
        now = time.time() if now is None else now
        with self._lock, immediate_transaction(self._db):
            keys = self._db.execute(
                "SELECT chat_id, doc_id FROM notices WHERE status = 'pending' "
                "AND (owner IS NULL OR claimed_at < ?) ORDER BY created_at LIMIT ?",
                (now - CLAIM_SECONDS, limit),
            ).fetchall()
            self._db.executemany(
                "UPDATE notices SET owner = ?, claimed_at = ? WHERE chat_id = ? AND doc_id = ?",
                [(owner, now, chat_id, doc_id) for chat_id, doc_id in keys],
            )
            rows = [
                self._db.execute(
                    "SELECT chat_id, doc_id, topic, title, date, source, url, sentence FROM notices "
                    "WHERE chat_id = ? AND doc_id = ?", (chat_id, doc_id)
                ).fetchone()
                for chat_id, doc_id in keys
            ]
        return [Notice(int(r[0]), *(str(v) for v in r[1:])) for r in rows]

    def _set(self, notice: Notice, sql: str) -> None:
        with self._lock:
            self._db.execute(sql + " WHERE chat_id = ? AND doc_id = ?", (notice.chat_id, notice.doc_id))

    def mark_sent(self, notice: Notice) -> None:
        self._set(notice, "UPDATE notices SET status = 'sent'")

    def mark_undeliverable(self, notice: Notice) -> None:
        """The chat will never take it (the bot was blocked or removed): never try again."""
        self._set(notice, "UPDATE notices SET status = 'undeliverable'")

    def release(self, notice: Notice) -> None:
        """Sending failed for a passing reason: queue it again, up to ``MAX_ATTEMPTS`` tries."""
        self._set(
            notice,
            "UPDATE notices SET owner = NULL, claimed_at = NULL, attempts = attempts + 1, "
            f"status = CASE WHEN attempts + 1 >= {MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END",
        )

    def status(self, chat_id: int, doc_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT status FROM notices WHERE chat_id = ? AND doc_id = ?", (chat_id, doc_id)
            ).fetchone()
        return None if row is None else str(row[0])
