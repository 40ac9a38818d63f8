"""Does the cited article hold a span of the kind the question asks for (an age, a sum, a count, a date)?

A question can name only what its article names and still ask for a detail the article does not
give: "How old was the cyclist who died in Deptford?" of an article that gives no age. The check
reads the whole article the answer would cite for a number of the asked kind (the span kinds of
``span_kinds``: an age, a year, a date, a stretch of time, a percentage, a sum of money, a count
of the asked noun), and says what is missing when none is there: "The articles don't give the
age." It is a feature of the abstention model (``detail_missing``), not a verdict by itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, Literal

from bot.answering.span_kinds import number_kind
from bot.question.analysis import Question, names_money
from bot.question.asked import SUM_NOUNS, Asked, AskedKind
from bot.types import Language
from index.text import MONTH_NAMES, NUMBER_WORDS, WEEKDAY_NAMES, fold, is_greek

# The kinds a number answers, and so the kinds this check can look for.
DETAIL_KINDS: Final = frozenset({"age", "year", "date", "duration", "percent", "amount", "count"})
# A number as news writes it, and the words after it that say what it counts ("33 ετών", "5 εκατ. ευρώ").
# Words for a rough count count too ("εκατοντάδες άνθρωποι", "thousands of people").
_ROUGH = r"εκατονταδ\w*|χιλιαδ\w*|δεκαδ\w*|εκατομμυρι\w*|dozens|hundreds|thousands|millions"
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "|" + _ROUGH + r")\b")
_WORDS_AFTER = 4
_WORDS_BEFORE = 2  # "aged 33", «ηλικίας 33»
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_DATE_WORD = re.compile(r"\b(?:" + MONTH_NAMES + "|" + WEEKDAY_NAMES + r")")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\d\s*(?:π\.?μ|μ\.?μ|a\.?m|p\.?m)\b")
_LETTERS = re.compile(r"[^\W\d_]+")
# Greek writes a number into the word for a stretch of time: «δίωρη», «τριήμερο», «εξάμηνο», «24ωρη»,
# «πενταετής» (folded; "ετ" only with a noun's or adjective's ending: «διετέλεσε» is no two years).
_COMPOUND_DURATION = re.compile(
    r"\b(?:δι|τρι|τετρα|πεντα|εξα|επτα|εφτα|οκτα|δεκα|δωδεκα|\d+)"
    r"(?:ωρ|ημερ|μην|λεπτ|χρον|ετ(?:ια|ιασ|ιεσ|ιων|ησ|η|ουσ|εσ|οσ|ου|ει)\b)")
_STEM = 5  # a counted noun is found by its first letters in another case ("θεατές" / «θεατών»)
# Words between a number and what it counts: a scale ("3 εκατομμύρια άνθρωποι") or a rough count's "of".
_NOT_COUNTED = re.compile(
    r"(?:" + _ROUGH + r"|δισεκατομμυρι\w*|εκατ|million|billion|thousand|of|απο|των|περιπου|περισσοτερ\w*)")


@lru_cache(maxsize=256)  # an article is read again by every question it answers
def _numbers(folded: str) -> tuple[tuple[str, frozenset[str], tuple[str, ...]], ...]:
    """Each number of ``folded`` text with the words around it, the kinds of span it may be and
    the words after it that may say what it counts."""
    numbers = []
    for match in _NUMBER.finditer(folded):
        before = folded[: match.start()].split()[-_WORDS_BEFORE:]
        after = folded[match.end() :].split()[:_WORDS_AFTER]
        window = " ".join([*before, match.group(), *after])
        year = _YEAR.fullmatch(match.group()) is not None  # "το 2014 ...": a year whatever follows it
        kinds = frozenset({number_kind(window), *(["year"] if year else [])})
        numbers.append((window, kinds, () if year else _counted(match.group(), after)))
    return tuple(numbers)


def _counted(number: str, after: list[str]) -> tuple[str, ...]:
    """The words after a count that say what it counts, within its sentence and past a scale word
    ("3 εκατ. ευρώ"), at most two; none after a number of another kind (an age, a sum, a date)."""
    sentence = " ".join(after)
    end = re.search(r"[.;:!?»)](?:\s|$)", sentence)
    sentence = sentence[: end.start()] if end else sentence
    if number_kind(f"{number} {sentence}") != "count":
        return ()
    words = [w for w in _LETTERS.findall(sentence) if len(w) > 2]
    while words and _NOT_COUNTED.fullmatch(words[0]):
        words.pop(0)
    # Two words, past a comma too: XQuAD-el articles AUC 0.90, against 0.85 when the second must
    # be in the same clause and longer than an article.
    return tuple(words[:2])


def counted_words(text: str, words: int = 1) -> tuple[str, ...]:
    """What the counts of ``text`` count, as written there, each once: "άνθρωποι" of «300 άνθρωποι»
    (``words`` = 2: "νέα κρούσματα")."""
    spelled = {fold(w): w for w in _LETTERS.findall(text)}  # the accents help the embedding model
    counted = (after[:words] for _, _, after in _numbers(fold(text)) if after)
    return tuple(dict.fromkeys(" ".join(spelled.get(w, w) for w in phrase) for phrase in counted))


def _dated(folded: str) -> bool:
    """A month, a weekday or a clock time anywhere ("τον Ιούλιο", "on Sunday", "στις 10:30")."""
    return bool(_DATE_WORD.search(folded) or _CLOCK.search(folded))


def _counts(noun: str, window: str) -> bool:
    stem = noun[: min(_STEM, max(3, len(noun) - 2))]
    return any(word.startswith(stem) for word in window.split())


Found = Literal["held", "another_noun", "absent"]


def detail_found(asked: Asked, question: Question, text: str) -> Found:
    """Does ``text`` hold a number of the kind ``asked`` ("held" for a kind no number answers)?

    "another_noun": counts, but none of the asked noun ("how many spectators" of an article that
    counts only goals), when the question and the article share a script (else any count will do).
    """
    if asked.kind not in DETAIL_KINDS:
        return "held"
    folded = fold(text)
    if asked.kind == "date" and _dated(folded):
        return "held"
    if asked.kind == "duration" and _COMPOUND_DURATION.search(folded):
        return "held"
    wanted: dict[AskedKind, frozenset[str]] = {
        "age": frozenset({"age"}), "year": frozenset({"year"}), "date": frozenset({"date", "year"}),
        "duration": frozenset({"duration", "age"}), "percent": frozenset({"percent"}),
        # a sum when the question names one («πόσο κόστισε»); a bare «πόσο» may ask a measure («πόσο ύψος»)
        "amount": frozenset({"money"}) if names_money(question.text) and not asked.measure
        else frozenset({"money", "count", "percent"}),
        "count": frozenset({"count", "money", "percent"}),
    }
    found = [window for window, kinds, _ in _numbers(folded) if kinds & wanted[asked.kind]]
    if not found:
        return "absent"
    if asked.kind == "count" and asked.noun and is_greek(asked.noun) == is_greek(text):
        return "held" if any(_counts(asked.noun, window) for window in found) else "another_noun"
    return "held"


_WHAT: Final[dict[Language, dict[str, str]]] = {
    "en": {"age": "the age", "year": "the year", "date": "the date", "duration": "how long it lasted",
           "percent": "the percentage", "amount": "the amount", "count": "the number", "measure": "the measurement"},
    "el": {"age": "την ηλικία", "year": "τη χρονιά", "date": "την ημερομηνία", "duration": "τη διάρκεια",
           "percent": "το ποσοστό", "amount": "το ποσό", "count": "τον αριθμό", "measure": "τη μέτρηση"},
}
_DETAIL_MISSING: Final[dict[Language, str]] = {
    "en": "The articles don't give {what}.",
    "el": "Τα άρθρα δεν αναφέρουν {what}.",
}
_COUNTED: Final[dict[Language, str]] = {"en": "{what} ({phrase})", "el": "{what} ({phrase})"}
# What the question asks, in its own words: "how many people", "how many EU citizens" (a capitalised word is
# a modifier), «πόσοι θεατές», «πόσο ύψος», "how tall", "the population" of "What is the population of …",
# «ο μισθός» of «Ποιος είναι ο μισθός …».
_ASKED_PHRASE = re.compile(
    r"(?:how many|how much|what number of|πόσ(?:οι|ες|α|ους|ων|ο|η))\s+(?:(?-i:[A-Z])[\w-]*\s+)?"
    r"(?:(?:θα|να)\s+)?[^\W\d_]+"
    r"|how (?:tall|heavy|long|far|big|high|deep|wide|large|old)\b"
    r"|\b(?:what|which) (?:is|was|are|were) (?P<the>the [^\W\d_]+)"
    r"|\b(?:what|which) (?:is|was|are|were) (?:(?-i:[A-Z])[\w.-]*\s+)*(?-i:[A-Z])[\w.-]*['’]s (?P<own>[^\W\d_]+)"
    r"|\bποι(?:ος|α|ο) (?:είναι|ήταν) (?P<article>(?:ο|η|το) [^\W\d_]+)",
    re.IGNORECASE,
)


# "how much will …", "how many can …": the words after "how much" are a verb's, not the thing asked; the
# question's word for a sum then says it ("How much will the vaccine cost?" → "the cost").
_BEFORE_A_VERB = re.compile(
    r"how (?:many|much) (?:will|would|does|did|do|is|was|are|were|can|could|has|have|had|should|may|might)$",
    re.IGNORECASE)
_SUM_WORD = re.compile(r"\b(" + SUM_NOUNS + r")s?\b", re.IGNORECASE)


def _asked_phrase(question: str) -> str | None:
    match = _ASKED_PHRASE.search(question)
    if match is None:
        return None
    phrase = match.group("the") or match.group("article") or (
        f"the {match.group('own')}" if match.group("own") else match.group())
    if _BEFORE_A_VERB.fullmatch(phrase):
        sum_word = _SUM_WORD.search(question)
        return f"the {sum_word.group(1).lower()}" if sum_word else None
    return phrase[0].lower() + phrase[1:]


def detail_text(asked: Asked, question: str, language: Language) -> str:
    """ "The articles don't give the age." / «Τα άρθρα δεν αναφέρουν τον αριθμό (πόσοι θεατές).»"""
    kind = "measure" if asked.measure else asked.kind
    what = _WHAT[language].get(kind, _WHAT[language]["amount"])
    phrase = _asked_phrase(question) if kind in ("count", "amount", "measure", "percent") else None
    if phrase is not None:
        what = _COUNTED[language].format(what=what, phrase=phrase)
    return _DETAIL_MISSING[language].format(what=what)
