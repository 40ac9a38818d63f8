"""The offline answerer: quote the sentences of the retrieved chunks that best answer the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.chunking import split_sentences
from index.embedding import Embedder
from index.lexical import analyse, analyse_query, fold
from index.retrieval import Hit

# Words that ask for a quantity; the answer then needs a number in it.
# A generic answer-type lexicon: quantities people ask about in news.
_QUANTITY_QUESTION = re.compile(
    r"\b(how (many|much|old|long|far|big|tall|high)|what (percentage|proportion|number|amount)"
    r"|price|cost|salary|wage|population|capacity|budget|revenue|percentage|age of|score"
    r"|πόσ|ποσ|τιμή|κόστος|μισθ|πληθυσμ|χωρητικότητα|προϋπολογισμ|ποσοστ)",
    re.IGNORECASE,
)


# Questions that ask for a person, a group or a thing by name; and for a reason.
_ENTITY_QUESTION = re.compile(
    r"\b(who|whom|whose|which|what (team|club|company|country|city|newspaper|party|title|name))\b"
    r"|\bποι(ος|α|ο|ον|ου|ας|οι|ες|ων|ους)\b",
    re.IGNORECASE,
)
_REASON_QUESTION = re.compile(r"\b(why|for what reason|γιατί|για ποιον λόγο|για ποιο λόγο)\b", re.IGNORECASE)
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


def asks_quantity(question: str) -> bool:
    return bool(_QUANTITY_QUESTION.search(question))


# Numbers as news writes them: digits, or words ("τέσσερα πλοία", "two million").
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:μια|μισ|δυο|τρια|τρεισ|τεσσερ|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα|δωδεκα"
    r"|εικοσι|τριαντα|σαραντα|πενηντα|εκατο|διακοσ|χιλια|χιλιαδ|εκατομμυρι|δισεκατομμυρι"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundred|thousand|million|billion|half|dozen)\w*"
)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(fold(text)))


def has_new_number(question: str, sentence: str) -> bool:
    """Does ``sentence`` state a number (in digits or words) the question does not already hold?"""
    return bool(_numbers(sentence) - _numbers(question))


def answer_type_bonus(question: str, sentence: str) -> float:
    """Whether ``sentence`` holds the kind of thing the question asks for."""
    if asks_quantity(question):
        return ANSWER_TYPE_BONUS if has_new_number(question, sentence) else -ANSWER_TYPE_BONUS
    if _REASON_QUESTION.search(question):
        return ANSWER_TYPE_BONUS if _REASON_MARKER.search(sentence) else 0.0
    if _ENTITY_QUESTION.search(question):
        asked = _skeletons(question)
        names = " ".join(_INNER_NAME.findall(sentence))
        return ANSWER_TYPE_BONUS if _skeletons(names) - asked else 0.0
    return 0.0


@dataclass(frozen=True)
class Evidence:
    """A sentence of a retrieved chunk, scored against the question."""

    hit: Hit
    sentence: str
    similarity: float
    overlap: float
    score: float


def _term_overlap(query_terms: set[str], sentence: str) -> float:
    if not query_terms:
        return 0.0
    return len(query_terms & set(analyse(sentence))) / len(query_terms)


def rank_sentences(
    question: str, hits: Sequence[Hit], embedder: Embedder, max_sentences: int = 40
) -> list[Evidence]:
    """The distinct sentences of ``hits`` (the first ``max_sentences``), best first."""
    seen: set[str] = set()
    candidates: list[tuple[Hit, str]] = []
    for hit in hits:
        for sentence in split_sentences(hit.text):
            if sentence not in seen and len(sentence) > 15 and len(candidates) < max_sentences:
                seen.add(sentence)
                candidates.append((hit, sentence))
    if not candidates:
        return []
    query_vector = embedder.embed_queries([question])[0]
    vectors = embedder.embed_passages([s for _, s in candidates])
    similarities = vectors @ query_vector
    query_terms = set(analyse_query(question))
    evidence = []
    for (hit, sentence), similarity in zip(candidates, similarities, strict=True):
        overlap = _term_overlap(query_terms, sentence)
        score = float(similarity) + OVERLAP_WEIGHT * overlap + CHUNK_WEIGHT * hit.dense
        score += answer_type_bonus(question, sentence)
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
