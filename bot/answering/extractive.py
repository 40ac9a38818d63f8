"""The offline answerer: quote the sentences of the retrieved chunks that best answer the question."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answering.what_was_said import said_bonus
from bot.question.analysis import Question, as_question, asks_money, asks_quantity
from index.embedding import Embedder
from index.lexical import analyse, analyse_query
from index.retrieval import Hit
from index.text import MONTH_NAMES, fold, split_sentences

# What a question asks for (quantity, money, a name, a reason) is read in bot.question.analysis.
_REASON_MARKER = re.compile(
    r"\b(επειδή|διότι|γιατί|λόγω|καθώς|αφού|ώστε|εξαιτίας|προκειμένου|με στόχο|επειδη|because|due to)\b",
    re.IGNORECASE,
)
# A capitalised word after the first of a sentence: a name, in Greek as in Latin script.
_INNER_NAME = re.compile(r"(?<=\s)[A-ZΑ-ΩΆΈΉΊΌΎΏ][\w'’-]{2,}")

# How a sentence's score is made (chosen on the dev questions, see BENCHMARKS.md):
# similarity to the question, plus shared terms, plus the relevance of its chunk.
OVERLAP_WEIGHT = 0.05
CHUNK_WEIGHT = 0.1
# A sentence that brings what the question asks for and does not already contain: a new name
# for "who/which", a number for "how many", a reason marker for "why".
ANSWER_TYPE_BONUS = 0.06


def _skeletons(text: str) -> set[str]:
    return {t for t in analyse(text) if t.startswith("l:")}


# Numbers as news writes them: digits, or words ("τέσσερα πλοία", "two million").
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:μισ(?=[ηο]\b)|δυο|τρια|τρεισ|τεσσερ|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα|δωδεκα"
    r"|εικοσι|τριαντα|σαραντα|πενηντα|εκατο|διακοσ|χιλια|χιλιαδ|εκατομμυρι|δισεκατομμυρι"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|billion|half|dozen)\w*"
)


# Numbers that are not amounts: an age ("42χρονος", "20 ετών", "33-year-old"), a date
# ("29 Σεπτεμβρίου", "2016") or a clock time ("7 π.μ.", "18:30"). A "how many / how much"
# question is not answered by them. Matched on folded text (lower case, no accents).
_MONTHS = MONTH_NAMES + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_NOT_AN_AMOUNT = re.compile(
    r"\b\d+\s*-?\s*(?:χρον\w*|ετων|year-old|years? old)"
    r"|\b(?:aged|ηλικιασ)\s+\d+"
    r"|\b\d{1,2}\s+(?:" + _MONTHS + r")\w*|\b(?:" + _MONTHS + r")\w*\s+\d{1,2}\b"
    r"|\b(?:1[89]|20)\d\d\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:π\.?\s?μ|μ\.?\s?μ|a\.?m|p\.?m)?\.?"
    r"|\b\d{1,2}\s*(?:π\.?\s?μ\.?|μ\.?\s?μ\.?|a\.m\.|p\.m\.|am\b|pm\b|το πρωι|το απογευμα|το βραδυ)"
)
_NUMBER_WORD = (
    r"\d+(?:[.,]\d+)*|μια|μισ[ηο]|δυο|τρια|τρεισ|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|half|a|an|several|few"
)
# A stretch of time ("τρία χρόνια", "half an hour") answers "how long", not "how many".
_DURATION = re.compile(
    r"\b(?:" + _NUMBER_WORD + r")\s+(?:χρονια|ωρα|ωρεσ|λεπτα|μερεσ|ημερεσ|εβδομαδεσ|μηνεσ|δεκαετιεσ"
    r"|years|hours?|minutes|days|weeks|months|decades)\b"
)
# A sum of money: a currency sign or name beside a number ("350.000 $", "€2m", "δύο εκατ. ευρώ").
_CURRENCY_AMOUNT = re.compile(
    r"[$€£]\s*\d|\d[\d.,]*\s*(?:(?:εκατ\w*\.?|δισ\w*\.?|χιλ\w*|million|billion|bn|m|k)\s*)?"
    r"(?:[$€£]|ευρω|δολαρι|λιρ|euros?\b|dollars?\b|pounds?\b|usd|eur\b|gbp)"
    r"|(?:εκατομμυρι|δισεκατομμυρι|χιλιαδ|million|billion|thousand)\w*\s+(?:ευρω|δολαρι|λιρ|euros?|dollars?|pounds?)"
)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(fold(text)))


def has_new_number(question: Question | str, sentence: str) -> bool:
    """Does ``sentence`` state an amount (in digits or words) the question does not already hold?

    A question about money needs a sum of money; ages, dates, clock times and stretches of
    time count only when the question asks for one.
    """
    asked = as_question(question)
    question = asked.text
    folded = fold(sentence)
    if asked.asks_money:
        return any(_numbers(m.group(0)) - _numbers(question) for m in _CURRENCY_AMOUNT.finditer(folded)) or bool(
            re.search(r"[$€£]\s*\d", folded)
        )
    if not asked.asks_age_or_time:
        folded = _DURATION.sub(" ", _NOT_AN_AMOUNT.sub(" ", folded))
    return bool(_numbers(folded) - _numbers(question))


def answer_type_bonus(question: Question | str, sentence: str) -> float:
    """Whether ``sentence`` holds the kind of thing the question asks for."""
    asked = as_question(question)
    question = asked.text
    if asked.asks_quantity:
        return ANSWER_TYPE_BONUS if has_new_number(asked, sentence) else -ANSWER_TYPE_BONUS
    if asked.wants_several_quotes:
        return said_bonus(question, sentence)  # what was said, decided or caused
    if asked.asks_reason:
        return ANSWER_TYPE_BONUS if _REASON_MARKER.search(sentence) else 0.0
    if asked.asks_entity:
        names = " ".join(_INNER_NAME.findall(sentence))
        return ANSWER_TYPE_BONUS if _skeletons(names) - _skeletons(question) else 0.0
    return 0.0


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved chunk, scored against the question."""

    hit: Hit
    sentence: str
    similarity: float
    overlap: float
    score: float
    reader: float | None = None  # the reader's logit, when the reader scored this sentence


def term_overlap(query_terms: set[str], sentence: str) -> float:
    if not query_terms:
        return 0.0
    return len(query_terms & set(analyse(sentence))) / len(query_terms)


def candidate_sentences(hits: Sequence[Hit], max_sentences: int) -> list[tuple[Hit, str]]:
    """The distinct sentences of ``hits`` in retrieval order, at most ``max_sentences``."""
    seen: set[str] = set()
    candidates: list[tuple[Hit, str]] = []
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if sentence not in seen and len(sentence) > 15 and len(candidates) < max_sentences:
                seen.add(sentence)
                candidates.append((hit, sentence))
    return candidates


def rank_sentences(
    question: Question | str,
    hits: Sequence[Hit],
    embedder: Embedder,
    max_sentences: int = 40,
    known: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Evidence]:
    """The distinct sentences of ``hits`` (the first ``max_sentences``), best first.

    ``known``: where sentences get their vectors instead of embedding them here (the index's stored
    ones, index/sentence_vectors.py, or recent answers'): embedding them is most of an answer's time.
    """
    candidates = candidate_sentences(hits, max_sentences)
    if not candidates:
        return []
    # Sentences are scored against what is searched (a follow-up with the question before it),
    # and so is the answer type they are checked for.
    asked = question if isinstance(question, Question) else as_question(question)
    searched = asked.search_text if isinstance(question, Question) else asked.text
    if searched != asked.text:
        asked = as_question(searched)
    question = searched
    query_vector = embedder.embed_queries([question])[0]
    sentences = [s for _, s in candidates]
    vectors = known(sentences) if known is not None else embedder.embed_passages(sentences)
    similarities = vectors @ query_vector
    query_terms = set(analyse_query(question))
    evidence = []
    for (hit, sentence), similarity in zip(candidates, similarities, strict=True):
        overlap = term_overlap(query_terms, sentence)
        score = float(similarity) + OVERLAP_WEIGHT * overlap + CHUNK_WEIGHT * hit.dense
        score += answer_type_bonus(asked, sentence)
        evidence.append(Evidence(hit, sentence, float(similarity), overlap, score))
    evidence.sort(key=lambda e: e.score, reverse=True)
    return evidence


def select_quotes(evidence: Sequence[Evidence], max_quotes: int = 3, margin: float = 0.03) -> list[Evidence]:
    """The best sentence, and more from its article, or others within ``margin`` of it."""
    if not evidence:
        return []
    best = evidence[0]
    chosen = [best]
    for candidate in evidence[1:]:
        if len(chosen) >= max_quotes:
            break
        if candidate.hit.doc_id == best.hit.doc_id or best.score - candidate.score <= margin:
            chosen.append(candidate)
    return chosen


__all__ = ["Evidence", "asks_money", "asks_quantity", "has_new_number", "rank_sentences", "select_quotes"]
