"""Quotes cut to the clauses that answer (issue 19, shorter answers).

A long sentence quoted for a question that asks for a kind of span (a number, a date, a person, a
place) keeps the clauses that hold the question's words or names, or a span of that kind; «…»
marks each cut. Every kept piece is verbatim article text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from bot.answering.name_keys import same_word
from bot.question.analysis import Question
from index.lexical import analyse, analyse_query
from index.text import MONTH_NAMES, fold, name_key

CUT = "…"
PIECE_SEPARATOR = f" {CUT} "  # between two kept pieces of one quote

# Where a clause ends: after , ; : · (then a space), before a dash that opens an aside, and before
# the words that open a relative or joined clause in Greek prose (a relative "ο οποίος" after a
# preposition, "μεταξύ των οποίων", belongs to the clause before it, so only a comma cuts there).
_CLAUSE_OPENERS = r"που|όπου|ενώ|καθώς|αλλά|ωστόσο|ώστε|αφού|επειδή|προκειμένου|με αποτέλεσμα"
_BOUNDARY = re.compile(r"(?<=[,;:·])\s+|\s+(?=[—–]\s)|\s+(?=(?:" + _CLAUSE_OPENERS + r")\s)")
# Clauses shorter than this join a neighbour: a cut should not leave scraps.
MIN_CLAUSE_CHARS = 25
# Sentences up to this long are quoted whole; a cut must also save at least MIN_SAVED characters.
MIN_TRIM_CHARS = 140
MIN_SAVED = 40

_NUMERIC_KINDS = frozenset({"age", "year", "date", "count", "amount", "percent", "duration"})
# A number in digits or words, or a month: what answers "how many / when / how old" (folded text).
_NUMBER_OR_MONTH = re.compile(
    r"\d|\b(?:δυο|τρεισ|τρια|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εικοσι|τριαντα|σαραντα|πενηντα"
    r"|εκατο\w*|διακοσι\w*|χιλι\w*|εκατομμυρι\w*|δισεκατομμυρι\w*|μισ[οη])\b|\b(?:" + MONTH_NAMES + r")"
)
# A capitalised word after a clause's first: a name, in Greek or Latin script.
_NAME = re.compile(r"(?<=[\s(«\"'])[A-ZΑ-ΩΆΈΉΊΌΎΏ][\w'’-]+")


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: where it starts and ends in it."""

    start: int
    end: int


def clauses(sentence: str) -> list[Clause]:
    """The clauses of ``sentence`` in order, short ones joined to the clause before them."""
    cuts = [0, *(m.start() for m in _BOUNDARY.finditer(sentence)), len(sentence)]
    spans = [Clause(a, b) for a, b in pairwise(cuts) if sentence[a:b].strip()]
    joined: list[Clause] = []
    for span in spans:
        if joined and min(span.end - span.start, joined[-1].end - joined[-1].start) < MIN_CLAUSE_CHARS:
            joined[-1] = Clause(joined[-1].start, span.end)
        else:
            joined.append(span)
    return joined


def asks_numeric(question: Question) -> bool:
    """Is a number, a date or an age the answer?"""
    span = question.asked_span
    return question.asks_quantity or question.asks_age_or_time or (span is not None and span.kind in _NUMERIC_KINDS)


def asks_named(question: Question) -> bool:
    """Is a person or a place the answer (a name, where "which X" may as well be a common noun)?"""
    span = question.asked_span
    return question.asks in ("who", "where") or (span is not None and span.kind in ("person", "place"))


def names_one(keys: Sequence[str], text: str) -> bool:
    """Does ``text`` name one of the question's names (their name keys), in any script or case?"""
    words = [name_key(w) for w in re.findall(r"[^\W\d_]{3,}", text)]
    return any(same_word(key, word) for key in keys for word in words)


def holds_asked_kind(question: Question, text: str) -> bool:
    """Does ``text`` hold a span that could answer ``question``: a number or month, or a name it lacks?"""
    if asks_numeric(question):
        return bool(_NUMBER_OR_MONTH.search(fold(text)))
    if asks_named(question):
        keys = [key for thing in question.names for key in thing.keys]
        return any(not names_one(keys, name) for name in _NAME.findall(" " + text))
    return False


def kept_clauses(question: Question, sentence: str) -> list[Clause]:
    """The clauses of ``sentence`` worth quoting for ``question`` (all of them when none stands out)."""
    parts = clauses(sentence)
    terms = set(analyse_query(question.search_text))
    keys = [key for thing in question.names for key in thing.keys]

    def answers(text: str) -> bool:
        return bool(terms & set(analyse(text))) or names_one(keys, text) or holds_asked_kind(question, text)

    kept = [c for c in parts if answers(sentence[c.start : c.end])]
    return kept or parts


def trimmed(question: Question, sentence: str) -> str:
    """``sentence`` cut to its answering clauses, «…» at each cut.

    Unchanged when it is short, when the question asks for no kind of span (what, how, why: the
    answer may lie in any clause), or when the cut would save little.
    """
    if len(sentence) <= MIN_TRIM_CHARS or question.wants_several_quotes:
        return sentence
    if not (asks_numeric(question) or asks_named(question)):
        return sentence
    kept = kept_clauses(question, sentence)
    runs: list[Clause] = []
    for clause in kept:  # neighbouring kept clauses make one piece
        if runs and not sentence[runs[-1].end : clause.start].strip():
            runs[-1] = Clause(runs[-1].start, clause.end)
        else:
            runs.append(clause)
    text = PIECE_SEPARATOR.join(sentence[r.start : r.end].strip().rstrip(",;:·—–").strip() for r in runs)
    if runs[0].start > 0:
        text = f"{CUT} {text}"
    if sentence[runs[-1].end :].strip():
        text = f"{text} {CUT}"
    return text if len(sentence) - len(text) >= MIN_SAVED else sentence


def pieces(quote: str) -> list[str]:
    """The verbatim pieces of a shown (perhaps cut) quote, without its «…» marks."""
    inner = quote.strip().removeprefix(f"{CUT} ").removesuffix(f" {CUT}")
    return [p for p in inner.split(PIECE_SEPARATOR) if p.strip()]


__all__ = ["CUT", "PIECE_SEPARATOR", "clauses", "holds_asked_kind", "kept_clauses", "pieces", "trimmed"]
