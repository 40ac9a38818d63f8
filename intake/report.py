"""What a fetch did and how each source stands: small frozen values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FetchedArticle:
    """An article written to the corpus by a fetch; ``doc_id`` is its id in the index."""

    doc_id: str
    title: str
    date: str  # YYYY-MM-DD or ""
    url: str  # canonical
    source: str  # the source's name
    lang: str


@dataclass(frozen=True)
class SourceReport:
    """One source's part of a fetch. ``problems`` names each skipped or failed article and why."""

    name: str
    url: str
    new: int
    updated: int
    duplicate: int
    skipped: int
    failed: int
    error: str | None  # the feed itself could not be read: nothing of it was fetched
    not_modified: bool  # the server answered 304: nothing changed since the last fetch
    problems: tuple[str, ...] = ()
    moved_to: str | None = None  # a permanent redirect: the source is fetched from here from now on

    def line(self) -> str:
        if self.error is not None:
            return f"{self.name}: FAILED: {self.error}"
        if self.not_modified:
            return f"{self.name}: not modified since the last fetch"
        return (
            f"{self.name}: {self.new} new, {self.updated} updated, {self.duplicate} duplicate, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


@dataclass(frozen=True)
class FetchReport:
    """Every source fetched in one run, the articles it added or changed, and whether the index was updated."""

    sources: tuple[SourceReport, ...]
    new_articles: tuple[FetchedArticle, ...]
    updated_articles: tuple[FetchedArticle, ...]
    reindexed: bool
    notices: tuple[str, ...] = ()  # run-level lines: bad entries in the feeds file, sources not due, the reindex

    @property
    def all_failed(self) -> bool:
        """True when there were sources to fetch and every one of them failed (cron's non-zero exit)."""
        return bool(self.sources) and all(source.error is not None for source in self.sources)

    def lines(self) -> list[str]:
        """The human report: one line per source, one indented line per problem, then the totals."""
        out: list[str] = []
        for source in self.sources:
            out.append(source.line())
            if source.moved_to:
                out.append(f"  moved permanently to {source.moved_to}")
            out.extend(f"  {problem}" for problem in source.problems)
        out.extend(self.notices)
        if not self.sources:
            out.append("No source was due.")
        else:
            out.append(
                f"{len(self.new_articles)} new and {len(self.updated_articles)} updated articles from "
                f"{len(self.sources)} sources; index {'updated' if self.reindexed else 'unchanged'}."
            )
        return out


@dataclass(frozen=True)
class SourceState:
    """How a source stands between fetches (`/feeds`, `newsbot fetch`): times are ISO 8601 UTC."""

    name: str
    url: str
    last_success: str | None
    last_error: str | None
    failures_in_a_row: int
    next_try: str | None  # None: due at the next fetch
    failing: bool
