"""One fetch of every due source: feeds read, new articles extracted and written, the index updated once.

Two phases: every due source's feed is fetched (conditionally) and read; then each entry not seen
before, or whose feed version changed, has its page fetched, extracted, checked for duplicates
(canonical URL, then content fingerprint) and written as a corpus file, its state row committed
right after. A source's validators are kept only once all its entries are done (none deferred or
to retry), so a 304 never hides an entry that still needs fetching. The index is updated once at
the end; a reindex owed by a killed run is done by the next one.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import FetchBusyError, IndexBusyError, StoreError
from index.reindex import Summary
from index.settings import Settings
from intake.corpus_files import article_markdown, article_relpath, doc_id, write_atomically
from intake.extract import (
    DUPLICATE_SIMILARITY,
    FINGERPRINT_BITS,
    extract_article,
    fingerprint,
    guess_lang,
    prose,
)
from intake.feeds import Entry, FeedError, read_feed
from intake.http import FetchError, PoliteFetcher, Response, RobotsEntry
from intake.report import FetchedArticle, FetchReport, SourceReport, SourceState
from intake.sources import Source, load_sources
from intake.state import ArticleRow, EntryRow, IntakeState, SourceRow, iso
from intake.urls import canonical_url, page_canonical

ProgressCallback = Callable[[int, int], None]
log = logging.getLogger(__name__)

ACCEPT_FEED = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
DUPLICATE_WINDOW = 30 * 86_400.0  # seconds: articles first seen this recently are compared by fingerprint
MIN_SUMMARY_CHARS = 200  # a feed summary shorter than this is not an article on its own


@dataclass
class _Tally:
    """One source's run, filled in as it goes."""

    source: Source
    row: SourceRow
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0
    error: str | None = None
    not_modified: bool = False
    moved_to: str | None = None
    response: Response | None = None
    incomplete: bool = False  # an entry to retry or deferred: keep no validators
    problems: list[str] = field(default_factory=list)

    def report(self) -> SourceReport:
        return SourceReport(self.source.name, self.source.url, self.new, self.updated, self.duplicate, self.skipped,
                            self.failed, self.error, self.not_modified, tuple(self.problems), self.moved_to)


@dataclass(frozen=True)
class _Work:
    tally: _Tally
    entry: Entry
    key: str
    known: EntryRow | None


@contextmanager
def intake_lock(data_dir: Path) -> Iterator[None]:
    """One fetch at a time per data dir (`newsbot fetch`, the Telegram job); a second is refused."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "intake.lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchBusyError("another news fetch is running; try again when it has finished") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _default_reindex(settings: Settings) -> Summary:
    from index.embedding import embedder_for
    from index.reindex import reindex

    return reindex(settings, embedder_for(settings))


def fetch_once(
    settings: Settings,
    *,
    progress: ProgressCallback | None = None,
    reindex: Callable[[], Summary] | None = None,
) -> FetchReport:
    """Fetch every due source, write new and changed articles to the corpus, reindex once if any changed.

    ``progress(done, total)`` is called as article pages are fetched. ``reindex`` updates the index
    (a front end passes its own, with the embedder it has loaded); by default the configured model is
    loaded only when something changed. Raises ConfigError (no or unreadable feeds file),
    FetchBusyError (another fetch runs).
    """
    with intake_lock(settings.data_dir):
        loaded = load_sources(settings.feeds)
        state = IntakeState(settings.intake_state_path)
        notices = list(loaded.problems)
        if state.set_aside is not None:
            notices.append(state.set_aside.line() + "; started afresh: every entry is fetched once more, "
                           "into the same corpus files")
        try:
            run = _Run(settings, state, progress)
            return run.run(loaded.sources, notices, reindex or (lambda: _default_reindex(settings)))
        finally:
            state.close()


def source_states(settings: Settings) -> list[SourceState]:
    """Each source of the feeds file as the intake state knows it (never fetched: all None)."""
    loaded = load_sources(settings.feeds)
    if not settings.intake_state_path.exists():
        return [SourceState(s.name, s.url, None, None, 0, None, False) for s in loaded.sources]
    state = IntakeState(settings.intake_state_path)
    try:
        rows = state.known_sources()
    finally:
        state.close()
    states = []
    for source in loaded.sources:
        row = rows.get(source.name)
        if row is None or row.url != source.url:
            states.append(SourceState(source.name, source.url, None, None, 0, None, False))
        else:
            states.append(SourceState(source.name, row.fetch_url, iso(row.last_success), row.last_error,
                                      row.failures, iso(row.next_try), row.failures > 0))
    return states


class _Run:
    def __init__(self, settings: Settings, state: IntakeState, progress: ProgressCallback | None) -> None:
        self.settings = settings
        self.state = state
        self.progress = progress
        self.now = time.time()
        self.new_articles: list[FetchedArticle] = []
        self.updated_articles: list[FetchedArticle] = []
        self.fingerprints: dict[str, int] = {}
        self.owes_reindex = False
        self.fetcher = PoliteFetcher(
            contact_url=settings.fetch_contact_url,
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            host_gap=settings.fetch_host_gap,
            allow_private=settings.fetch_allow_private,
            robots={origin: RobotsEntry(text, at) for origin, (text, at) in state.robots().items()},
            host_not_before=state.host_waits(),
        )

    def run(self, sources: tuple[Source, ...], notices: list[str], reindex: Callable[[], Summary]) -> FetchReport:
        tallies: list[_Tally] = []
        try:
            work: list[_Work] = []
            for source in sources:
                row = self.state.source(source.name, source.url)
                if row.next_try is not None and row.next_try > self.now:
                    why = f" after {row.failures} failure(s) in a row: {row.last_error}" if row.failures else ""
                    notices.append(f"{source.name}: next fetch at {iso(row.next_try)}{why}")
                    continue
                tally = _Tally(source, row)
                tallies.append(tally)
                work.extend(self._read_source(tally))
            if work:  # one story under two URLs shows up within days: older articles are not compared
                self.fingerprints = self.state.fingerprints(since=self.now - DUPLICATE_WINDOW)
            for done, item in enumerate(work, start=1):
                self._entry(item)
                if self.progress is not None:
                    self.progress(done, len(work))
            for tally in tallies:
                self._finish_source(tally)
        finally:
            self.fetcher.close()
            self.state.save_hosts(
                self.fetcher.host_not_before,
                {origin: (entry.text, entry.fetched_at) for origin, entry in self.fetcher.robots.items()},
            )
        reindexed = False
        if self.state.reindex_pending():
            try:
                reindex()
            except IndexBusyError:
                notices.append("The index is being updated by another process: the next fetch indexes these articles.")
            except StoreError as exc:
                notices.append(f"The index could not be updated ({exc}): the next fetch tries again.")
            else:
                self.state.set_reindex_pending(False)
                reindexed = True
        return FetchReport(tuple(t.report() for t in tallies), tuple(self.new_articles),
                           tuple(self.updated_articles), reindexed, tuple(notices))

    # --- feeds ---------------------------------------------------------------------------

    def _fail_source(self, tally: _Tally, error: str, retry_after: float | None = None) -> list[_Work]:
        tally.error = error
        self.state.source_failed(tally.source.name, now=self.now, error=error,
                                 base_backoff=self.settings.fetch_backoff, retry_after=retry_after)
        return []

    def _read_source(self, tally: _Tally) -> list[_Work]:
        row = tally.row
        try:
            response = self.fetcher.get(row.fetch_url, etag=row.etag, last_modified=row.last_modified,
                                        accept=ACCEPT_FEED)
        except FetchError as exc:
            return self._fail_source(tally, exc.reason, exc.retry_after)
        if response.moved_to:
            tally.moved_to = response.moved_to
            self.state.source_moved(tally.source.name, response.moved_to)
        tally.response = response
        if response.not_modified:
            tally.not_modified = True
            return []
        try:
            read = read_feed(response.body, response.url, response.content_type)
        except FeedError as exc:
            return self._fail_source(tally, str(exc))
        except Exception as exc:  # a parser's own bug on hostile bytes must not stop the other sources
            log.exception("reading the feed of %s failed", tally.source.name)
            return self._fail_source(tally, f"unreadable feed ({exc.__class__.__name__}: {exc})")
        if read.note:
            tally.problems.append(read.note)
        work: list[_Work] = []
        keys: set[str] = set()
        for entry in read.entries:
            key = canonical_url(entry.url)
            if key in keys:  # the same story twice in one feed (tracking parameters apart)
                tally.duplicate += 1
                tally.problems.append(f"{entry.url}: listed twice in the feed; kept once")
                continue
            keys.add(key)
            known = self.state.entry(key)
            if known is not None and known.signature == entry.signature:
                continue  # seen, and the feed says nothing changed
            work.append(_Work(tally, entry, key, known))
        limit = self.settings.fetch_max_entries
        if len(work) > limit:
            tally.incomplete = True
            tally.problems.append(
                f"{len(work) - limit} more entries wait for the next fetch (NEWSBOT_FETCH_MAX_ENTRIES)")
            work = work[:limit]
        return work

    def _finish_source(self, tally: _Tally) -> None:
        if tally.error is not None or tally.response is None:
            return
        source = tally.source
        keep = not tally.incomplete
        response = tally.response
        etag = (response.etag or tally.row.etag) if response.not_modified else response.etag
        last_modified = (response.last_modified or tally.row.last_modified) if response.not_modified \
            else response.last_modified
        self.state.source_succeeded(
            source.name, now=self.now, fetch_url=tally.moved_to or tally.row.fetch_url,
            etag=etag if keep else None, last_modified=last_modified if keep else None,
            next_try=self.now + source.every if source.every else None,
        )

    # --- articles ------------------------------------------------------------------------

    def _entry(self, work: _Work) -> None:
        tally, entry, known = work.tally, work.entry, work.known
        existing = self.state.article(known.canonical) if known and known.outcome == "article" and known.canonical \
            else None
        try:
            response = self.fetcher.get(
                entry.url, accept=ACCEPT_PAGE, media_types=PAGE_TYPES,
                etag=existing.page_etag if existing else None,
                last_modified=existing.page_last_modified if existing else None,
            )
        except FetchError as exc:
            if exc.not_a_page:
                tally.skipped += 1
                self.state.record_entry(work.key, source=tally.source.name, signature=entry.signature,
                                        outcome="skipped", canonical=None, now=self.now)
                tally.problems.append(f"{entry.url}: {exc.reason}; skipped")
                return
            tally.failed += 1
            if exc.permanent:
                self.state.record_entry(work.key, source=tally.source.name, signature=entry.signature,
                                        outcome="gone", canonical=None, now=self.now)
                tally.problems.append(f"{entry.url}: {exc.reason}; not tried again")
            else:
                tally.incomplete = True
                tally.problems.append(f"{entry.url}: {exc.reason}; tried again next fetch")
            return
        if response.not_modified and existing is not None:
            self.state.record_entry(work.key, source=tally.source.name, signature=entry.signature,
                                    outcome="article", canonical=existing.canonical, now=self.now)
            return
        self._page(work, response, existing)

    def _page(self, work: _Work, response: Response, existing: ArticleRow | None) -> None:
        tally, entry, source = work.tally, work.entry, work.tally.source
        try:
            extracted = extract_article(response.body, response.url, response.content_type)
        except Exception as exc:  # trafilatura/lxml on hostile HTML: this page only, not the run
            log.exception("extracting %s failed", entry.url)
            tally.skipped += 1
            tally.problems.append(f"{entry.url}: the page could not be read ({exc.__class__.__name__}); skipped")
            self.state.record_entry(work.key, source=source.name, signature=entry.signature, outcome="skipped",
                                    canonical=None, now=self.now)
            return
        canonical = page_canonical(response.url, extracted.declared_canonical if extracted else None)
        if extracted is not None:
            title, day, author, text = extracted.title or entry.title, extracted.date or entry.date, \
                extracted.author, extracted.text
            lang = extracted.lang or source.lang or guess_lang(text)
        elif len(prose(entry.summary)) >= MIN_SUMMARY_CHARS:
            title, day, author, text = entry.title, entry.date, "", prose(entry.summary)
            lang = source.lang or guess_lang(text)
        else:
            tally.skipped += 1
            tally.problems.append(f"{entry.url}: no article on the page; skipped")
            self.state.record_entry(work.key, source=source.name, signature=entry.signature, outcome="skipped",
                                    canonical=canonical, now=self.now)
            return
        title = title or text.split("\n", 1)[0][:80]
        text_hash = hashlib.sha256(f"{title}\n{day}\n{text}".encode()).hexdigest()
        current = self.state.article(canonical)
        if current is not None and current.text_hash == text_hash:
            if existing is None or existing.canonical != canonical:
                tally.duplicate += 1
                tally.problems.append(f"{entry.url}: the same article as {canonical}; kept once")
            self.state.record_entry(work.key, source=source.name, signature=entry.signature,
                                    outcome="article" if existing and existing.canonical == canonical else "duplicate",
                                    canonical=canonical, now=self.now)
            return
        mark = fingerprint(text)
        if current is None:
            bits = int(mark, 16)
            most_differing = round((1 - DUPLICATE_SIMILARITY) * FINGERPRINT_BITS)
            twin = next((url for url, other in self.fingerprints.items()
                         if (bits ^ other).bit_count() <= most_differing), None)
            if twin is not None:
                tally.duplicate += 1
                tally.problems.append(f"{entry.url}: the same text as {twin}; kept once")
                self.state.record_entry(work.key, source=source.name, signature=entry.signature,
                                        outcome="duplicate", canonical=twin, now=self.now)
                return
        relpath = current.relpath if current is not None else article_relpath(source.slug, canonical)
        if not self.owes_reindex:
            self.state.set_reindex_pending(True)  # before the first file: a kill after it still reindexes
            self.owes_reindex = True
        write_atomically(self.settings.corpus_dir / relpath, article_markdown(
            title=title, date=day, source=source.name, url=canonical, lang=lang, author=author, text=text))
        row = ArticleRow(canonical, doc_id(relpath), relpath, source.name, mark, text_hash,
                         response.etag, response.last_modified)
        self.state.record_article(row, title=title, entry_key=work.key, signature=entry.signature, now=self.now)
        self.fingerprints[canonical] = int(mark, 16)
        fetched = FetchedArticle(doc_id(relpath), title, day, canonical, source.name, lang)
        if current is None:
            tally.new += 1
            self.new_articles.append(fetched)
        else:
            tally.updated += 1
            self.updated_articles.append(fetched)
