"""The grounding check of a generated answer, run before any of it is shown.

Every sentence that states something must cite at least one source as [n], and every name,
number and date in it must be found in the sources it cites (bot.answering.claims compares them across
scripts and spellings). A sentence that fails is dropped; the caller falls back to verified
quotes when nothing cited is left. What was dropped, and why, is logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.answering.citations import CITATION_MARKER, cited_numbers, without_citations
from bot.answering.claims import SourceFacts, facts_of, unsupported
from index.text import fold, split_sentences

log = logging.getLogger(__name__)

_LEADING_MARKERS = re.compile(r"^((?:\s*\[\d+\])+)[\s.]*")
# A line with letters or digits states something; "---" or a lone bullet does not.
_HAS_CONTENT = re.compile(r"[^\W_]")
# "This information is found in [1]." / "Πηγή: [2]": a sentence of these words only points at
# sources. Small models write one after an uncited sentence; its numbers belong to that sentence.
_REFERENCE_WORDS = frozenset(
    fold(word)
    for words in (
        "this that these the it information details answer fact facts is are was were can be found stated",
        "mentioned given reported written in on at see according to as per from both and or source sources",
        "article articles text above provided",
        "αυτή αυτό αυτά η το τα οι πληροφορία πληροφορίες στοιχεία βρίσκεται βρίσκονται αναφέρεται",
        "αναφέρονται αναφέρει αναφέρουν δίνεται στην στη στο στις στα σε βλ βλέπε σύμφωνα με από και πηγή",
        "πηγές πηγής πηγών άρθρο άρθρα άρθρου κείμενο",
    )
    for word in words.split()
)


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of an answer and what the check found in it."""

    sentence: str
    cited: tuple[int, ...]
    missing: tuple[str, ...]  # names, numbers, dates its cited sources lack
    facts: int  # names + numbers + dates it states

    @property
    def passed(self) -> bool:
        return bool(self.cited) and not self.missing

    @property
    def reason(self) -> str:
        if not self.cited:
            return "cites no source"
        return "not in its sources: " + ", ".join(self.missing)


@dataclass(frozen=True)
class GroundedText:
    """An answer after the check: ``text`` holds only the sentences that passed."""

    text: str
    checks: tuple[SentenceCheck, ...]

    @property
    def dropped(self) -> tuple[SentenceCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)

    @property
    def unsupported_facts(self) -> int:
        """Names, numbers and dates stated without support (in cited sentences or uncited ones)."""
        return sum(len(c.missing) if c.cited else c.facts for c in self.checks)

    @property
    def cited(self) -> tuple[int, ...]:
        seen: list[int] = []
        for check in self.checks:
            if check.passed:
                seen.extend(n for n in check.cited if n not in seen)
        return tuple(seen)


class GroundingCheck:
    """Checks answers against numbered source texts (the texts the model was given)."""

    def __init__(self, sources: Mapping[int, str]) -> None:
        self._texts = dict(sources)
        self._facts: dict[int, SourceFacts] = {}

    def _source(self, n: int) -> SourceFacts:
        if n not in self._facts:
            self._facts[n] = SourceFacts.of(self._texts[n])
        return self._facts[n]

    def check_sentence(self, sentence: str) -> SentenceCheck:
        cited = tuple(dict.fromkeys(n for n in cited_numbers(sentence) if n in self._texts))
        claim = facts_of(sentence, claim=True)
        missing = tuple(unsupported(claim, [self._source(n) for n in cited])) if cited else ()
        return SentenceCheck(sentence, cited, missing, claim.items())

    def check(self, text: str, complete: bool = True) -> GroundedText:
        """Keep the sentences that pass; with ``complete=False`` the last one is still being written."""
        lines_out: list[str] = []
        checks: list[SentenceCheck] = []
        lines = text.split("\n")
        for index, line in enumerate(lines):
            sentences = sentences_of(line)
            if not complete and index == len(lines) - 1:
                sentences = sentences[:-1]  # may still grow, or gain its [n]
            kept = []
            for sentence in sentences:
                result = self.check_sentence(sentence)
                checks.append(result)
                if result.passed:
                    kept.append(sentence)
            if kept:
                prefix = re.match(r"^\s*(?:[-*•]|\d+[.)])\s+", line)
                lines_out.append((prefix.group(0) if prefix else "") + " ".join(kept))
            elif not line.strip() and lines_out and lines_out[-1]:
                lines_out.append("")
        return GroundedText("\n".join(lines_out).strip(), tuple(checks))


def sentences_of(line: str) -> list[str]:
    """The sentences of one line; citations that open a sentence belong to the one before it."""
    body = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line)
    sentences: list[str] = []
    for sentence in split_sentences(body):
        lead = _LEADING_MARKERS.match(sentence)
        if lead and sentences:
            sentences[-1] = f"{sentences[-1]} {lead.group(1).strip()}"
            sentence = sentence[lead.end() :]
        if sentences and CITATION_MARKER.search(sentence) and _is_reference(sentence):
            missing = [m for m in CITATION_MARKER.findall(sentence) if f"[{m}]" not in sentences[-1]]
            sentences[-1] = " ".join([sentences[-1], *(f"[{m}]" for m in dict.fromkeys(missing))])
        elif _HAS_CONTENT.search(without_citations(sentence, "")):
            sentences.append(sentence.strip())
        elif sentences and CITATION_MARKER.search(sentence):
            sentences[-1] = f"{sentences[-1]} {sentence.strip()}"
    return sentences


def _is_reference(sentence: str) -> bool:
    """Does ``sentence`` only say where something is written ("This is stated in source [1].")?"""
    return all(word in _REFERENCE_WORDS for word in re.findall(r"[^\W\d_]+", fold(without_citations(sentence))))


def log_dropped(result: GroundedText, model: str) -> None:
    """One warning per dropped sentence: what the model said and why it was not sent."""
    for check in result.dropped:
        log.warning("grounding: dropped a sentence of %s (%s): %r", model, check.reason, check.sentence)
