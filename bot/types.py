"""Data that crosses from the answerer to the front ends."""

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
