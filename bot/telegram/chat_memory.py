"""A chat's recent turns, its last answer's sources, and a per-user rate limit (one process).

Turns live in python-telegram-bot's chat_data as plain data, so pickles stay loadable and the
shared store (bot.telegram.shared_state) can hold them for several replicas.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from bot.types import Answer, Citation, Language, Turn

HISTORY_TURNS = 5
HISTORY_ANSWER_CHARS = 2000


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._events: dict[int, deque[float]] = {}

    def allow(self, key: int) -> bool:
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self._window:
            events.popleft()
        if len(events) >= self._limit:
            return False
        events.append(now)
        return True


def history(chat_data: dict[Any, Any] | None) -> tuple[Turn, ...]:
    turns = (chat_data or {}).get("turns", [])
    return tuple(Turn(question=q, answer=a) for q, a in turns)


def remember(chat_data: dict[Any, Any] | None, question: str, answer: Answer) -> None:
    """Keep the last few turns and the last answer's citations (plain data, so pickles stay loadable)."""
    if chat_data is None:
        return
    turns = [*chat_data.get("turns", []), (question, answer.text[:HISTORY_ANSWER_CHARS])]
    chat_data["turns"] = turns[-HISTORY_TURNS:]
    chat_data["last_answer"] = {
        "language": answer.language,
        "citations": [asdict(c) for c in answer.citations],
    }


def last_citations(chat_data: dict[Any, Any] | None) -> tuple[Language, list[Citation]]:
    last = (chat_data or {}).get("last_answer") or {}
    language: Language = "en" if last.get("language") == "en" else "el"
    citations = []
    for item in last.get("citations", []):
        with contextlib.suppress(TypeError):
            citations.append(Citation(**item))
    return language, citations
