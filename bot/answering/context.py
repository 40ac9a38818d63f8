"""What the language model is given and what the user sees while it writes.

``numbered_sources`` turns retrieved chunks into the numbered sources of the prompt (one per
article, its chunks in retrieval order, each cut to a length). ``CheckedStream`` stands between
the model's stream and the user: it shows only finished sentences that pass the grounding check,
so a name the sources lack is never shown, not even for a moment, and it times the stream.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.answering.generative import NumberedSource
from bot.answering.grounding import GroundingCheck
from bot.types import PartialTextCallback
from index.retrieval import Hit
from index.text import split_sentences


def clip(text: str, chars: int) -> str:
    """``text`` cut to at most ``chars`` characters at a sentence end (or a word end)."""
    if len(text) <= chars:
        return text
    kept = ""
    for sentence in split_sentences(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > chars:
            break
        kept = candidate
    if kept:
        return kept
    return text[:chars].rsplit(" ", 1)[0] + " …"


def numbered_sources(hits: Sequence[Hit], chars: int) -> list[tuple[NumberedSource, list[Hit]]]:
    """One numbered source per article, in order of its best chunk; each chunk clipped to ``chars``."""
    by_doc: dict[str, list[Hit]] = {}
    for hit in hits:
        by_doc.setdefault(hit.doc_id, []).append(hit)
    sources = []
    for n, doc_hits in enumerate(by_doc.values(), start=1):
        first = doc_hits[0]
        text = "\n".join(clip(h.text, chars) for h in doc_hits)
        sources.append((NumberedSource(n, first.title, first.date, first.source, text), doc_hits))
    return sources


def source_text(source: NumberedSource) -> str:
    """All a source tells the model: its title, date, outlet and text (what the check searches)."""
    return "\n".join(part for part in (source.title, source.date, source.source, source.text) if part)


class CheckedStream:
    """The ``on_partial`` given to the model: relays checked sentences and records timings."""

    def __init__(self, check: GroundingCheck, on_partial: PartialTextCallback | None, started: float) -> None:
        self._check = check
        self._on_partial = on_partial
        self._started = started
        self._first_token: float | None = None
        self._first_shown: float | None = None
        self._shown = ""

    def __call__(self, text: str) -> None:
        now = time.perf_counter()
        if self._first_token is None:
            self._first_token = now
        if self._on_partial is None:
            return
        shown = self._check.check(text, complete=False).text
        if shown and shown != self._shown:
            self._shown = shown
            if self._first_shown is None:
                self._first_shown = now
            self._on_partial(shown)

    def timings(self, finished: float) -> dict[str, float]:
        """Seconds from the question to the model's first token, to the first shown text, to the end."""
        out = {"llm_answer_s": finished - self._started}
        if self._first_token is not None:
            out["llm_first_token_s"] = self._first_token - self._started
        if self._first_shown is not None:
            out["first_shown_s"] = self._first_shown - self._started
        return out
