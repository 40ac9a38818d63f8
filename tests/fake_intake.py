"""A fake fetch function for the front end's tests: it returns the intake's own report values
(intake/report.py) one run at a time, recording the thread each run used and how many overlapped."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from intake.report import FetchedArticle, FetchReport, SourceReport, SourceState

__all__ = ["FakeFetch", "FetchedArticle", "SourceState", "report_of"]


def report_of(*articles: FetchedArticle) -> FetchReport:
    """A run of one source that brought these articles."""
    source = SourceReport("kathimerini", "https://www.kathimerini.gr/feed/", new=len(articles), updated=0,
                          duplicate=0, skipped=0, failed=0, error=None, not_modified=False)
    return FetchReport((source,), tuple(articles), (), bool(articles))


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
