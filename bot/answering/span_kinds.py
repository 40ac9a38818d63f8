"""What kind of thing a span of an article is, and what kind of span a question asks for.

Kinds of spans, decided from the text by named means:
- a capitalised run is an *office* when its head word is one ("Υπουργός Υγείας"); a *person*
  when a title or role stands before it ("στρατηγό Σελτσούκ
  Μπαϊρακτάρογλου", "President Erdogan") or when it is two or three name words that are neither
  a CLDR place nor an institution; an *organisation* when it holds an institution word or is an
  acronym; a *place* when CLDR (through Babel) knows it, in any Greek case, or when a place
  preposition stands before it ("στην Άγκυρα", "in Ankara"); else a *name*;
- a number is an *age* ("42χρονος", "20 ετών", "aged 33"), a *duration* ("δύο μήνες",
  "three years"), a *year* (1500-2099 alone), a *date* (day and month, month and year, a
  weekday), a *percent*, *money* (with a currency) or a *count* (with the noun it counts).

What a question asks for (``bot.question.asked``, read once into ``Question.asked_span``) is one of
``AskedKind``; ``MATCH`` says how well each span kind answers it (1 the asked kind, 0.5 a kind that
may be it, absent: never).
"""

from __future__ import annotations

import re
from typing import Literal

from bot.question.analysis import Question
from bot.question.asked import TIME_UNIT, Asked, AskedKind, is_title
from index.place_names import holds_place, is_place_name
from index.text import MONTH_NAMES, WEEKDAY_NAMES, fold, is_greek

SpanKind = Literal[
    "person", "place", "organisation", "office", "name", "age", "duration", "year", "date", "percent", "money", "count",
    "role",
]

MATCH: dict[AskedKind, dict[SpanKind, float]] = {
    "person": {"person": 1.0, "name": 0.5},
    "place": {"place": 1.0, "name": 0.5},
    "name": {"organisation": 1.0, "name": 1.0, "person": 1.0, "place": 0.5},
    "age": {"age": 1.0},
    "year": {"year": 1.0, "date": 0.5},
    "date": {"date": 1.0, "year": 1.0},
    "count": {"count": 1.0, "money": 0.5},
    "amount": {"money": 1.0, "count": 0.5, "percent": 0.5},
    "percent": {"percent": 1.0},
    "duration": {"duration": 1.0, "age": 0.5},
    "role": {"role": 1.0},  # what a named person is: a title or role beside the name (role_spans)
}

# --- Names -----------------------------------------------------------------------------------------

# Words that make a capitalised run an institution, not a person or a place.
_INSTITUTION = re.compile(
    r"επιτελει|υπουργει|κομμα|δικαστηρι|βουλη|κυβερνησ|στρατ|πανεπιστημι|ενωσ|επιτροπ|συμβουλι|οργανισμ"
    r"|τραπεζ|εταιρ|ομιλ|συλλογ|ομοσπονδ|σωματει|ιδρυμ|νοσοκομει|σχολ|ακαδημ|αστυνομ|υπηρεσ|γραφει|κεντρ"
    r"|ministry|party|court|parliament|government|army|university|union|committee|council|agency|department"
    r"|bank|company|staff|group|association|federation|foundation|hospital|school|academy|police|office"
    r"|centre|center|institute|club|fc\b|inc\b|ltd\b|corp"
)


def is_institution(text: str) -> bool:
    """Does ``text`` hold a word that names a kind of institution ("Institute", «Κόμμα», "University")?"""
    return bool(_INSTITUTION.search(fold(text)))


# Offices are not who holds them: "Εκτελεστικός Αντιπρόεδρος", "Prime Minister".
_OFFICE = re.compile(
    r"(?:αντι)?προεδρ(?!ι)|υπουργ(?!ει)|διευθυντ|γραμματε|αρχηγ|διοικητ|εκπροσωπ|president|minister|director|secretary"
    r"|chairman|spokes"
)
_ACRONYM = re.compile(r"[A-ZΑ-Ω]{2,}[0-9]*")
PLACE_PREPOSITIONS = frozenset(
    {"στην", "στη", "στο", "στον", "στις", "στους", "στα", "σε", "απο", "in", "at", "near", "from"}
)


def before_preposition(before: list[str]) -> bool:
    """Do the (folded) words before a span end in a place preposition, with or without an article?"""
    return bool(before) and (before[-1] in PLACE_PREPOSITIONS or (
        len(before) == 2 and before[0] in PLACE_PREPOSITIONS and before[1] in ("the", "την", "τη", "το", "τον")))


def name_kind(sentence: str, start: int, span: str) -> SpanKind:
    """The kind of the capitalised run ``span``, found at ``start`` in ``sentence``."""
    words = span.split()
    folded = fold(span)
    before = [fold(w.strip(",.;:»«\"()")) for w in sentence[:start].split()[-2:]]
    if before and is_title(before[-1]) and not _INSTITUTION.search(folded):
        return "person"  # "στρατηγό Σελτσούκ Μπαϊρακτάρογλου", "President Erdogan"
    if words and _OFFICE.match(fold(words[0])):
        return "office"  # "Υπουργός Υγείας", "Αρχηγός του Γενικού Επιτελείου": an office, not who holds it
    if _INSTITUTION.search(folded) or any(_ACRONYM.fullmatch(w) for w in words):
        return "organisation"
    if is_place_name(span) or holds_place(span):
        return "place"
    if is_greek(sentence) and not is_greek(span):
        # a name a Greek text keeps in Latin script and CLDR does not know: Greek writes people's
        # names in Greek letters (one Latin-script person among the 57 who-answers of the trust
        # tune split), so it is a team, a medium, a firm or a title ("State Tigers", "Associated
        # Press", "Des Moines Register"); after «στο» it is told something more often than it is a place
        return "name"
    if before_preposition(before):
        return "place"
    if 2 <= len(words) <= 4:
        return "person"
    return "name"


# --- Numbers ---------------------------------------------------------------------------------------

_NUMBER_WORDS = (
    r"μια|ενα|ενασ|δυο|τρια|τρεισ|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα|δωδεκα|εικοσι|τριαντα"
    r"|σαραντα|πενηντα|εκατο|μισ[οη]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|half|a|an|several|few"
)
_AGE = re.compile(
    r"\d+\s*-?\s*(?:χρονο\w*|χρονη\w*|χρονων|ετων|ετη\b|year-old|years? old|yo\b)"
    r"|\b(?:aged|ηλικια\w*|ηλικιασ)\s+(?:των\s+)?\d+"
)
# "3 χρόνια", and with a scale word between: "66 εκατομμύρια χρόνια" is a stretch of time, not a count
_SCALE = r"(?:εκατομμυρι\w*|δισεκατομμυρι\w*|χιλιαδ\w*|εκατ\.?|million|billion|thousand)"
_DURATION = re.compile(
    r"(?:\d+(?:[.,]\d+)?|\b(?:" + _NUMBER_WORDS + r"))\s+(?:" + _SCALE + r"\s+)?" + TIME_UNIT + r"\b")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_DATE_PART = re.compile(
    r"\d{1,2}\s+(?:" + MONTH_NAMES + r")|(?:" + MONTH_NAMES + r")\w*\s+\d{1,4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\b(?:" + WEEKDAY_NAMES + r")"
)
_PERCENT = re.compile(r"%|τοισ εκατο|per ?cent")
_MONEY = re.compile(r"[$€£]|ευρω|δολαρι|λιρ|euros?\b|dollars?\b|pounds?\b|usd|eur\b|gbp")


def number_kind(span: str) -> SpanKind:
    """The kind of a number span (with what follows it): an age, a date, money, a count ..."""
    folded = fold(span)
    if _AGE.search(folded):
        return "age"
    if _PERCENT.search(folded):
        return "percent"
    if _MONEY.search(folded):
        return "money"
    if _DATE_PART.search(folded):
        return "date"
    if _DURATION.search(folded):
        return "duration"
    if _YEAR.fullmatch(folded.strip()):
        return "year"
    return "count"


def asked_from(question: Question) -> Asked | None:
    """The span kind that answers an analysed question: read once, with the rest of it (``Question.asked_span``)."""
    return question.asked_span
