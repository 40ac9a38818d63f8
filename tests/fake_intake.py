"""Fake news intake for the front end's tests: reports shaped like intake/report.py's, and a fetch
function that returns them one run at a time, recording the thread each run used.

The dataclasses mirror the intake's frozen interface (FetchedArticle, SourceReport, FetchReport,
SourceState); the Telegram front end reads them through bot.types' protocols, as it reads the real ones.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FetchedArticle:
    doc_id: str
    title: str
    date: str
    url: str
    source: str
    lang: str


@dataclass(frozen=True)
class SourceReport:
    name: str
    url: str
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    error: str | None = None
    not_modified: bool = False


@dataclass(frozen=True)
class FetchReport:
    sources: tuple[SourceReport, ...]
    new_articles: tuple[FetchedArticle, ...] = ()
    updated_articles: tuple[FetchedArticle, ...] = ()
    reindexed: bool = False

    def lines(self) -> list[str]:
        return [f"{s.name}: {s.new} new, {s.updated} updated, {s.failed} failed" + (f" ({s.error})" if s.error else "")
                for s in self.sources]

    @property
    def all_failed(self) -> bool:
        return bool(self.sources) and all(s.error is not None for s in self.sources)


@dataclass(frozen=True)
class SourceState:
    name: str
    url: str
    last_success: str | None
    last_error: str | None
    failures_in_a_row: int
    next_try: str | None
    failing: bool


def report_of(*articles: FetchedArticle) -> FetchReport:
    """A run of one source that brought these articles."""
    return FetchReport((SourceReport("kathimerini", "https://www.kathimerini.gr/feed/", new=len(articles)),),
                       tuple(articles), (), bool(articles))


@dataclass
class FakeFetch:
    """Returns the next scripted outcome (a report, or an exception to raise) per call, the last one
    again when they run out; records the thread of each call and how many ran at once."""

    outcomes: Sequence[FetchReport | Exception]
    seconds: float = 0.0
    threads: list[str] = field(default_factory=list)
    running: int = 0
    most_at_once: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self) -> FetchReport:
        with self._lock:
            index = len(self.threads)
            self.threads.append(threading.current_thread().name)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.seconds)
            outcome = self.outcomes[min(index, len(self.outcomes) - 1)]
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        finally:
            with self._lock:
                self.running -= 1

    @property
    def calls(self) -> int:
        return len(self.threads)
