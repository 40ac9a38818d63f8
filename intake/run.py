"""One fetch of every due source: feeds read, new articles extracted and written, the index updated once."""

from __future__ import annotations

from collections.abc import Callable

from index.reindex import Summary
from index.settings import Settings
from intake.report import FetchReport, SourceState

ProgressCallback = Callable[[int, int], None]


def fetch_once(
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    reindex: Callable[[], Summary] | None = None,
) -> FetchReport:
    """Fetch every due source, write new and changed articles to the corpus, reindex once if any changed.

    ``progress(done, total)`` is called as article pages are fetched. ``reindex`` updates the index
    (a front end passes its own, with the embedder it has loaded); by default the bundled model is
    loaded only when something changed.
    """
    raise NotImplementedError("interface only: the fetching lands in the next commits")


def source_states(settings: Settings) -> list[SourceState]:
    """Each source of the feeds file as the intake state knows it (never fetched: all None)."""
    raise NotImplementedError("interface only: the fetching lands in the next commits")
