"""The short answer that opens a factoid reply: the span of the best quote that answers the question.

Picked by rules over the quote and the kind of thing the question asks for (a person or name,
a number with its unit, a date, a place); None when the quote holds nothing of that kind that
the question does not already say. For an English question a Greek name is also given in Latin
script (ELOT 743), since the reader may not read Greek.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.question.analysis import AnswerKind, Question, as_question, asked_kind
from index.text import (
    MONTH_NAMES,
    NUMBER_WORDS,
    WEEKDAYS_ENGLISH,
    WEEKDAYS_GREEK,
    fold,
    is_greek,
    latin_skeleton,
    romanise,
)

QUOTE_RANK_PENALTY = 0.5  # a name from the second quote must score this much better than the first's
PLACE_FOR_PERSON_PENALTY = 3.0  # a "who" question is not answered by a name the quotes use as a place
REPEAT_BONUS = 1.5  # per other quote naming it too: the quotes keep returning to who the answer is

def _aligned_fold(text: str) -> str:
    """``fold`` one character at a time, so positions in the result are positions in ``text``."""
    return "".join((fold(ch) or ch)[0] for ch in text)


_MONTH = MONTH_NAMES
_WEEKDAY = "|".join(WEEKDAYS_GREEK + WEEKDAYS_ENGLISH)
_DATE = re.compile(
    r"(?:(?:" + _WEEKDAY + r")\w*,?\s+)?\d{1,2}(?:η|th|st|nd|rd)?\s+(?:" + _MONTH + r")\w*(?:\s+(?:του\s+)?\d{4})?"
    r"|(?:" + _MONTH + r")\w*\s+(?:\d{1,2},?\s+)?(?:του\s+)?\d{4}"
    r"|(?:" + _MONTH + r")\w*\s+\d{1,2}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b(?:1[5-9]|20)\d\d\b(?:\s*(?:-|–|έως|to)\s*(?:1[5-9]|20)?\d\d\b)?"
    r"|\b(?:" + _WEEKDAY + r")\w*"
    r"|\b(?:χθεσ|προχθεσ|σημερα|αυριο|yesterday|today|tomorrow)\b"
)
_MONTH_ONLY = re.compile(r"(?:" + _MONTH + r")\w*")
_NUMBER_WORD = (
    r"μια|ενα|δυο|τρια|τρεισ|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα|δωδεκα|εικοσι|τριαντα"
    r"|σαραντα|πενηντα|εκατο|διακοσι\w*|τριακοσι\w*|χιλι\w*|μισ[οη]"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred"
    r"|thousand|half|dozen"
)
_SCALE = r"(?:εκατ\w*\.?|δισ\w*\.?|χιλ\w*|million|billion|thousand|bn|m\b)"
_CURRENCY = r"(?:[$€£]|ευρω|δολαρι\w*|λιρ\w*|euros?\b|dollars?\b|pounds?\b|usd|eur\b)"
# Words that end what a number counts ("300 οικογένειες του νησιού" → "300 οικογένειες").
_BREAK = (
    r"(?:και|and|του|τησ|των|τον|την|το|τα|τουσ|τισ|οι|η|ο|the|of|σε|στο|στη|στην|in|με|to|για|for|απο|from|που"
    r"|that|ενω|οπωσ|was|were|ειναι|ηταν|is|are)\b"
)
# A number with what it counts: "308 πόντους", "5 εκατ. ευρώ", "τέσσερα πλοία", "12,5%".
_NUMBER_OR_WORD = r"(?:\d+(?:[.,]\d+)*|\b(?:" + _NUMBER_WORD + r")\b)"
_AMOUNT = re.compile(
    r"(?:[$€£]\s*)?" + _NUMBER_OR_WORD + r"(?:\s*(?:-|–|εωσ|ωσ|to|μεχρι)\s*" + _NUMBER_OR_WORD + r")?(?:\s*%)?"
    r"(?:\s+" + _SCALE + r")?(?:\s*" + _CURRENCY + r")?"
    r"(?:\s+(?!" + _BREAK + r")[^\W\d_]{3,}){0,2}"
)
# Numbers as words, so "τρία επίπεδα" is known to repeat a question's "3 επίπεδα" (here "one"
# counts too: a span that says it repeats a question's "1" either way).
_WORD_VALUES = {**{word: str(value) for word, value in NUMBER_WORDS.items()}, "ενα": "1", "μια": "1", "one": "1"}
# Greek "ένα", "μια" are far more often the indefinite article than the number one.
_INDEFINITE = re.compile(r"(?:ενα|μια|ενασ)\b")
_PERCENT = re.compile(r"%|τοισ εκατο|per ?cent")
_PERCENT_QUESTION = re.compile(r"percent|proportion|share|ποσοστ|τοισ εκατο|%")
_AGE_OR_CLOCK = re.compile(r"χρον|ετων|year|π\.?μ|μ\.?μ|a\.?m|p\.?m|ωρα|ωρεσ|hour")
# A capitalised word (Greek or Latin script), with the particles names carry inside them.
_CAPITALISED = re.compile(r"[A-ZΑ-ΩΆΈΉΊΌΎΏ][\w'’.-]*")
_NAME_PARTICLES = {"αλ", "ελ", "ντε", "ντι", "φον", "βαν", "μπιν", "al", "el", "de", "da", "di", "van", "von",
                   "bin", "ibn", "der", "la", "le", "du"}
_PLACE_PREPOSITIONS = {"στην", "στη", "στο", "στον", "στις", "στους", "στα", "σε", "απο", "προσ", "in", "at", "to",
                       "from", "near"}
_ARTICLES = {"την", "τη", "το", "τον", "the"}
_OPENING_WORDS = {"ο", "η", "οι", "το", "τα", "τον", "την", "στην", "στη", "στο", "στον", "σε", "με", "απο", "για",
                  "και", "ενω", "the", "a", "an", "in", "on", "at", "and", "but"}
# Words that make a capitalised run an institution, not a person: "who" wants a person.
_INSTITUTION = re.compile(
    r"επιτελει|υπουργει|κομμα|δικαστηρι|βουλη|κυβερνησ|στρατ|πανεπιστημι|ενωσ|επιτροπ|συμβουλι|οργανισμ"
    r"|τραπεζ|εταιρ|ministry|party|court|parliament|government|army|university|union|committee|council"
    r"|agency|department|bank|company|staff"
    # an office is not who holds it: "Εκτελεστικός Αντιπρόεδρος", "Prime Minister"
    r"|προεδρ|υπουργ|διευθυντ|γραμματε|αρχηγ|διοικητ|εκπροσωπ|president|minister|director|secretary|chairman"
    r"|spokes"
)
_WHO = re.compile(r"\b(who|whom|whose|ποιοσ|ποιον|ποιοι|ποιουσ)\b")
# Genitive and adjective endings: "του Γενικού Επιτελείου", "Λιβυκού Στρατού" name an office, not who holds it.
_OBLIQUE_ENDING = ("ου", "ων", "ησ", "ικο", "ικη")


def _question_skeletons(question: str) -> tuple[set[str], set[str]]:
    """Skeletons of the question's words, and of its names (capitalised words after the first)."""
    words = re.findall(r"\w+", question)
    every = {latin_skeleton(w) for w in words if len(w) > 2}
    names = {latin_skeleton(w) for w in words[1:] if len(w) > 2 and w[:1].isupper()}
    return every, names


def _new(span: str, asked: tuple[set[str], set[str]]) -> bool:
    """Does ``span`` bring something the question does not say, and none of the names it asks about?"""
    every, names = asked
    skeletons = [latin_skeleton(w) for w in re.findall(r"\w+", span) if len(w) > 2]
    return not any(s in names for s in skeletons) and any(s not in every for s in skeletons)


def _name_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of runs of capitalised words (particles allowed inside)."""
    tokens = list(re.finditer(r"\S+", sentence))
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _CAPITALISED.fullmatch(tokens[i].group(0).strip(",.;:»«\"()")):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1].group(0)
            if re.search(r"[,.;:»)]$", tokens[j].group(0)) or nxt.startswith(("(", "«", "\"")):
                break  # punctuation or a bracket ends a name
            bare = nxt.strip(",.;:»«\"()")
            if _CAPITALISED.fullmatch(bare):
                j += 1
            elif fold(bare) in _NAME_PARTICLES and j + 2 < len(tokens) and _CAPITALISED.fullmatch(
                    tokens[j + 2].group(0).strip(",.;:»«\"()")):
                j += 2
            else:
                break
        runs.append((tokens[i].start(), tokens[j].end()))
        i = j + 1
    return runs


def _clean(span: str) -> str:
    return span.strip(" ,.;:»«\"()")


def _name(
    question: str,
    sentence: str,
    kind: AnswerKind,
    excluded: frozenset[str] = frozenset(),
    places: frozenset[str] = frozenset(),
) -> tuple[float, str] | None:
    """The best-scoring name (or place) of ``sentence`` that the question does not hold, with its score.

    ``excluded``: skeletons of names that cannot be the answer (what the previous turn answered);
    ``places``: folded words the quotes use as places (not who a "who" question asks for).
    """
    asked = _question_skeletons(question)
    asked = (asked[0], asked[1] | excluded)
    stems = content_stems(question)
    wants_person = kind == "name" and bool(_WHO.search(fold(question)))
    best: tuple[float, str] | None = None
    for start, end in _name_runs(sentence):
        span = _clean(sentence[start:end])
        words = span.split()
        if start == 0 and words and fold(words[0]) in _OPENING_WORDS:
            words = words[1:]  # every sentence's first word is capitalised: "Ο", "Στην" are not names
            span = " ".join(words)
            start = 1
        if not span or not _new(span, asked):
            continue
        if start == 0 and len(words) == 1:
            continue
        before = fold(sentence[:start].split()[-1]) if sentence[:start].split() else ""
        if _DATE.fullmatch(fold(span)) or _MONTH_ONLY.fullmatch(fold(span)):
            continue  # "Μάιο", "Δευτέρα": capitalised, but dates
        score = min(len(words), 3) - 0.01 * start / max(len(sentence), 1)
        score += 0.5 * _near_question(sentence, start, end, stems)
        if wants_person and _INSTITUTION.search(fold(span)):
            score -= 3
        if wants_person and fold(words[-1]) in places:
            score -= PLACE_FOR_PERSON_PENALTY
        if all(fold(w).endswith(_OBLIQUE_ENDING) for w in words if fold(w) not in _NAME_PARTICLES):
            score -= 2
        if kind == "place":
            score += 3 if before in _PLACE_PREPOSITIONS else 1.5 if before in _ARTICLES else 0
        if best is None or score > best[0]:
            best = (score, span)
    return best


def _masked(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with what ``pattern`` matches (in its folded form) blanked out, positions kept."""
    folded = _aligned_fold(text)
    chars = list(text)
    for match in pattern.finditer(folded):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """(span as written, folded span) of each match of ``pattern`` on the folded ``text``."""
    found = []
    for match in pattern.finditer(_aligned_fold(text)):
        raw = _clean(text[match.start() : match.end()])
        if raw:
            found.append((raw, fold(raw)))
    return found


def content_stems(text: str) -> set[str]:
    """Folded 5-letter stems of the words of 4 letters or more."""
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", fold(text))}


def _near_question(sentence: str, start: int, end: int, stems: set[str], window: int = 40) -> int:
    """How many of the question's word stems stand within ``window`` characters of a span."""
    around = sentence[max(0, start - window) : start] + " " + sentence[end : end + window]
    return len(content_stems(around) & stems)


def _date(question: str, sentence: str) -> str | None:
    asked = fold(question)
    spans = [raw for raw, folded in _spans(_DATE, sentence) if folded not in asked]
    return max(spans, key=len) if spans else None  # the fullest date: "29 Σεπτεμβρίου 2016" over "2016"


def _amount(question: str, sentence: str) -> str | None:
    asked_numbers = set(re.findall(r"\d+(?:[.,]\d+)*", question))
    folded_question = fold(question)
    wants_age_or_time = bool(re.search(r"χρον|ηλικ|how old|age|ωρ|hour|long", folded_question))
    text = sentence if wants_age_or_time else _masked(_DATE, sentence)
    stems = content_stems(question)
    money_question = bool(re.search(r"much|cost|price|money|worth|ποσο\b|κοστ|τιμη|χρημ", folded_question))
    best: tuple[float, str] | None = None
    for match in _AMOUNT.finditer(_aligned_fold(text)):
        raw = _clean(text[match.start() : match.end()])
        folded = fold(raw)
        numbers = set(re.findall(r"\d+(?:[.,]\d+)*", raw))
        numbers |= {_WORD_VALUES[w] for w in folded.split() if w in _WORD_VALUES}
        if not raw or numbers & asked_numbers or folded in folded_question:
            continue
        if not wants_age_or_time and _AGE_OR_CLOCK.search(folded):
            continue
        # What it counts is what the question asks about ("Πόσες οικογένειες" → "300 οικογένειες"),
        # the words around it are the question's, a sum of money for a money question.
        score = 3.0 * bool(content_stems(raw) & stems) + _near_question(sentence, match.start(), match.end(), stems)
        score += 3.0 * (money_question and bool(re.search(_CURRENCY, folded)))
        score += 0.5 * bool(re.match(r"[$€£]?\s*\d", raw))  # "16.000" over "μισό" when nothing else tells
        score -= 2.0 * bool(_INDEFINITE.match(folded))
        if _PERCENT.search(folded):  # a share answers "what percentage", not "how many"
            score += 4.0 if _PERCENT_QUESTION.search(folded_question) else -2.0
        if best is None or score > best[0]:
            best = (score, raw)
    return best[1] if best else None


def _repeats(span: str, quotes: Sequence[str], own: int) -> int:
    """How many of the other quotes name ``span`` (its last word, in any spelling)."""
    last = latin_skeleton(span.split()[-1])
    return sum(1 for i, q in enumerate(quotes)
               if i != own and last in {latin_skeleton(w) for w in re.findall(r"\w+", q)})


def _places(quotes: Sequence[str]) -> frozenset[str]:
    """Folded words the quotes put after a place preposition ("στην Άγκυρα", "in Ankara")."""
    places: set[str] = set()
    for quote in quotes:
        words = [fold(w.strip(",.;:»«\"()")) for w in quote.split()]
        places.update(w for before, w in itertools.pairwise(words) if before in _PLACE_PREPOSITIONS)
    return frozenset(places)


def _previous_question(question: str, searched: str) -> str | None:
    """The earlier question a follow-up was searched with ("{previous} {question}"), if any."""
    question, searched = question.strip(), searched.strip()
    if searched != question and searched.endswith(question):
        return searched[: -len(question)].strip() or None
    return None


def short_answer(
    question: Question | str, sentence: str | Sequence[str], searched: str | None = None
) -> str | None:
    """The span of the quote(s) that answers ``question``, with a Latin-script form for English questions.

    Given several quotes (best first), a name comes from the quote whose name fits best, a
    little in favour of the best quote; an amount or a date from the first quote holding one.
    ``searched`` is the question as searched (a follow-up with the question before it): what it
    names is not an answer; a ``Question`` brings its own (``search_text``).
    """
    if isinstance(question, Question):
        searched = question.search_text
    asked = as_question(question)
    question, kind = asked.text, asked.answer_kind
    if kind is None:
        return None
    quotes = [sentence] if isinstance(sentence, str) else list(sentence)
    context = searched or question
    excluded: frozenset[str] = frozenset()
    previous = _previous_question(question, context)
    if previous and kind in ("name", "place"):
        # "and who did he meet there?": "he" is what the previous question's answer named, so that
        # name is not this answer, though the same quotes name it.
        before = short_answer(previous, quotes)
        if before:
            excluded = frozenset(latin_skeleton(w) for w in re.findall(r"\w+", before.split(" (")[0]) if len(w) > 2)
    span: str | None = None
    if kind in ("date", "number"):
        pick = _date if kind == "date" else _amount
        span = next((found for q in quotes if (found := pick(context, q))), None)
    else:
        places = _places(quotes)
        scored = [(named[0] - QUOTE_RANK_PENALTY * rank + REPEAT_BONUS * _repeats(named[1], quotes, rank),
                   named[1]) for rank, q in enumerate(quotes) if (named := _name(context, q, kind, excluded, places))]
        span = max(scored)[1] if scored else None
    if not span:
        return None
    if not is_greek(question) and is_greek(span) and kind in ("name", "place"):
        return f"{span} ({romanise(span)})"
    return span


__all__ = ["AnswerKind", "asked_kind", "content_stems", "short_answer"]
