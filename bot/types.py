"""Data that crosses rooms: from the answerer to the front ends, and the news intake's functions and
reports as the Telegram front end sees them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

Language = Literal["el", "en"]


@dataclass(frozen=True)
class Citation:
    """One numbered source of an answer; ``quote`` is verbatim in the cited article."""

    n: int
    doc_id: str
    title: str
    date: str
    source: str
    url: str
    quote: str


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of the same chat, used to resolve follow-up questions."""

    question: str
    answer: str


@dataclass(frozen=True)
class Answer:
    """What every front end shows: text with [n] markers and the citations they point to."""

    question: str
    text: str
    abstained: bool
    language: Language
    citations: tuple[Citation, ...] = ()
    seconds: float = 0.0
    # A line for the user about how the answer was made, e.g. the LLM was unreachable.
    notice: str | None = None
    backend: str = "extractive"
    # The short answer shown first (a name, an amount, a date, a place), when the question asks for one.
    short_answer: str | None = None
    extra: dict[str, float] = field(default_factory=dict, compare=False)


PartialTextCallback = Callable[[str], None]


class AnswerFunction(Protocol):
    """question + recent turns in, a cited answer out; ``on_partial`` gets the text so far."""

    def __call__(
        self,
        question: str,
        history: Sequence[Turn] = (),
        on_partial: PartialTextCallback | None = None,
    ) -> Answer: ...


# --- news intake and followers (handed to the Telegram front end by bot/app.py) -------------------
# The front end never imports ``intake``: it reads the intake's reports through these protocols,
# which intake.report's frozen dataclasses satisfy as they are.


class FetchedArticleView(Protocol):
    """A new or updated article of a fetch run."""

    @property
    def doc_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def source(self) -> str: ...


class FetchReportView(Protocol):
    """What one fetch run did: report lines per source, the new articles, whether all sources failed."""

    @property
    def new_articles(self) -> Sequence[FetchedArticleView]: ...
    @property
    def all_failed(self) -> bool: ...
    def lines(self) -> list[str]: ...


class SourceStateView(Protocol):
    """One source's state: its last success and error, and when it is tried next if it is failing."""

    @property
    def name(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def last_success(self) -> str | None: ...
    @property
    def last_error(self) -> str | None: ...
    @property
    def failures_in_a_row(self) -> int: ...
    @property
    def next_try(self) -> str | None: ...
    @property
    def failing(self) -> bool: ...


FetchFunction = Callable[[], FetchReportView]
SourceStatesFunction = Callable[[], Sequence[SourceStateView]]


@dataclass(frozen=True)
class TopicMatch:
    """A new article that matches a followed topic, with the sentence that matched best."""

    topic: str
    doc_id: str
    title: str
    date: str
    source: str
    url: str
    sentence: str
    score: float


class TopicMatcher(Protocol):
    """Followed topics and new articles' ids in; the (topic, article) pairs that match out."""

    def __call__(self, topics: Sequence[str], doc_ids: Sequence[str]) -> list[TopicMatch]: ...


@dataclass(frozen=True)
class IntakeTools:
    """What bot/app.py hands the Telegram front end for news intake: fetch once, read the sources'
    states, match followed topics against new articles."""

    fetch: FetchFunction
    source_states: SourceStatesFunction
    match_topics: TopicMatcher
