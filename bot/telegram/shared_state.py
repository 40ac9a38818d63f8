"""Conversation memory and per-user rate limits shared by every bot replica (NEWSBOT_SHARED_STATE).

One SQLite file on storage the replicas share (a volume of one host; WAL mode, so readers never
wait on a writer): a follow-up question that lands on another replica still sees the previous
turn, and a user's questions count against one limit whichever replica answers them. Without
the setting each replica keeps its own (PicklePersistence in its data dir, an in-memory limit).
For replicas on several hosts, a network store (Redis, Postgres) would take this file's place
behind the same two classes.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from telegram.ext import BasePersistence, PersistenceInput

from index.errors import ConfigError
from index.sqlite_safety import SetAside, connect_state, immediate_transaction, is_damage, open_checked, set_aside

log = logging.getLogger("newsbot.telegram")
T = TypeVar("T")

# How soon a turn reaches the shared file (python-telegram-bot writes chat data on this interval).
WRITE_INTERVAL_SECONDS = 0.5

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chat_data (chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rate_events (key INTEGER NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS rate_events_key ON rate_events (key, at);
"""


def _connect(path: Path) -> sqlite3.Connection:
    return connect_state(path, _SCHEMA, shared_across_threads=True)


class SharedState:
    """The shared SQLite file; one connection per process, used under a lock.

    A damaged file (a disk fault, a truncated copy) is named in the log, moved aside (kept, with a
    timestamped name) and started afresh, at open or whenever a read or write finds it damaged:
    the bot loses its conversation memory and rate-limit counts, and keeps answering."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.set_aside: list[SetAside] = []  # what this process moved aside (for logs and tests)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db, moved = open_checked(path, "the bot's shared state (NEWSBOT_SHARED_STATE)", _connect)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(f"cannot open NEWSBOT_SHARED_STATE {path}: {exc}") from None
        if moved is not None:
            self._moved(moved)
        self._lock = threading.Lock()

    def _moved(self, moved: SetAside) -> None:
        self.set_aside.append(moved)
        log.warning("%s; conversation memory and rate limits start afresh", moved.line())

    def _run(self, action: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """``action`` on the file; on damage the file is set aside, a fresh one opened, and ``action``
        tried once more (``fallback`` if that fails too). Called under the lock."""
        try:
            return action(self._db)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            problem = str(exc)
        self._db.close()
        try:
            moved = SetAside("the bot's shared state (NEWSBOT_SHARED_STATE)", self.path, set_aside(self.path), problem)
            self._db = _connect(self.path)
        except (sqlite3.Error, OSError) as exc:
            log.error("cannot start NEWSBOT_SHARED_STATE %s afresh: %s", self.path, exc)
            self._db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._db.executescript(_SCHEMA)  # keep answering, with memory in this process only
            return fallback
        self._moved(moved)
        try:
            return action(self._db)
        except sqlite3.Error as exc:
            log.error("NEWSBOT_SHARED_STATE %s: %s", self.path, exc)
            return fallback

    def load_chat(self, chat_id: int) -> dict[Any, Any] | None:
        with self._lock:
            row = self._run(
                lambda db: db.execute("SELECT data FROM chat_data WHERE chat_id = ?", (chat_id,)).fetchone(), None)
        return None if row is None else dict(json.loads(row[0]))

    def load_chats(self) -> dict[int, dict[Any, Any]]:
        with self._lock:
            rows: list[Any] = self._run(lambda db: db.execute("SELECT chat_id, data FROM chat_data").fetchall(), [])
        return {int(chat_id): dict(json.loads(data)) for chat_id, data in rows}

    def save_chat(self, chat_id: int, data: dict[Any, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False)
        with self._lock:
            self._run(lambda db: db.execute("INSERT OR REPLACE INTO chat_data VALUES (?, ?)", (chat_id, text)), None)

    def drop_chat(self, chat_id: int) -> None:
        with self._lock:
            self._run(lambda db: db.execute("DELETE FROM chat_data WHERE chat_id = ?", (chat_id,)), None)

    def take(self, key: int, limit: int, window: float, now: float) -> bool:
        """Count one event for ``key`` if fewer than ``limit`` happened in the last ``window`` seconds
        (allowed when the file cannot count it: answering matters more than the limit)."""

        def count(db: sqlite3.Connection) -> bool:
            with immediate_transaction(db):  # count and insert as one step across processes
                db.execute("DELETE FROM rate_events WHERE key = ? AND at <= ?", (key, now - window))
                (events,) = db.execute("SELECT count(*) FROM rate_events WHERE key = ?", (key,)).fetchone()
                allowed = int(events) < limit
                if allowed:
                    db.execute("INSERT INTO rate_events VALUES (?, ?)", (key, now))
            return allowed

        with self._lock:
            return self._run(count, True)


class SharedRateLimiter:
    """``RateLimiter`` counted in the shared file (wall-clock time: replicas share no monotonic clock)."""

    def __init__(self, state: SharedState, limit: int, window: float, clock: Callable[[], float] = time.time) -> None:
        self._state, self._limit, self._window, self._clock = state, limit, window, clock

    def allow(self, key: int) -> bool:
        return self._state.take(key, self._limit, self._window, self._clock())


class SharedChatPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Chat data (recent turns, last citations) in the shared file, read afresh before each update."""

    def __init__(self, state: SharedState) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, user_data=False, callback_data=False, chat_data=True),
            update_interval=WRITE_INTERVAL_SECONDS,
        )
        self._state = state

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return self._state.load_chats()

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        self._state.save_chat(chat_id, data)

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Another replica may have answered this chat since: take its turns."""
        stored = self._state.load_chat(chat_id)
        if stored is not None:
            chat_data.clear()
            chat_data.update(stored)

    async def drop_chat_data(self, chat_id: int) -> None:
        self._state.drop_chat(chat_id)

    # Only chat data is kept; the rest of the interface stores nothing.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict[Any, Any]:
        return {}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def flush(self) -> None:
        return None
