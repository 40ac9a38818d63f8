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

What a question asks for is one of ``AskedKind``; ``MATCH`` says how well each span kind
answers it (1 the asked kind, 0.5 a kind that may be it, absent: never).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answering.place_names import holds_place, is_place
from bot.question.analysis import Question
from index.text import MONTH_NAMES, WEEKDAYS_ENGLISH, WEEKDAYS_GREEK, fold

SpanKind = Literal[
    "person", "place", "organisation", "office", "name", "age", "duration", "year", "date", "percent", "money", "count"
]
AskedKind = Literal["person", "place", "name", "age", "year", "date", "count", "amount", "percent", "duration"]

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
}

# --- Names -----------------------------------------------------------------------------------------

# Titles and roles news puts before a person's name (folded stems, Greek and English): the
# general class of words for what a person is, not names.
_PERSON_TITLE = re.compile(
    r"(?:αντι)?στρατηγ|στραταρχ|ναυαρχ|συνταγματαρχ|ταξιαρχ|λοχαγ|(?:αντι)?προεδρ|πρωθυπουργ|υπουργ|υφυπουργ"
    r"|βουλευτ|δημαρχ|περιφερειαρχ|πρεσβ|προπονητ|παικτ|ποδοσφαιριστ|αθλητ|τερματοφυλακ|επιθετικ|αμυντικ"
    r"|ηθοποι|τραγουδιστ|μουσικ|συνθετ|σκηνοθετ|συγγραφε|ποιητ|δημοσιογραφ|παρουσιαστ|αρθρογραφ|σχεδιαστ"
    r"|επιστημον|ερευνητ|καθηγητ|γιατρ|ιατρ|δικαστ|εισαγγελε|δικηγορ|αστυνομικ|επικεφαλησ|αρχηγ|ηγετ"
    r"|εκπροσωπ|διευθυντ|γραμματε|διοικητ|βασιλ|πριγκιπ|πατριαρχ|αρχιεπισκοπ|επισκοπ|ιερε|πιλοτ|κυβερνητ"
    r"|επιχειρηματ|ιδρυτ|στελεχ|αξιωματουχ|αξιωματικ|ομολογ|συζυγ|γιο|κορη|μητερα|πατερα|αδελφ"
    r"|lord|lady|president|minister|secretary|senator|congress\w*|mayor|governor"
    r"|general|colonel|captain|admiral|marshal|chief|coach|manager|player|striker|goalkeeper|actor|actress"
    r"|singer|musician|director|designer|writer|author|journalist|host|presenter|anchor|professor|doctor"
    r"|judge|lawyer|attorney|officer|spokes\w*|leader|king|queen|prince|princess|pope|pilot|founder|ceo"
    r"|chairman|chairwoman|wife|husband|daughter|mother|father|brother|sister"
)
# Short titles, matched as whole words only ("κ." is Mr, not the start of every κ-word).
_SHORT_TITLES = frozenset({"κ", "κα", "mr", "mrs", "ms", "dr", "sir", "mp", "gen", "son", "st"})
# Words that make a capitalised run an institution, not a person or a place.
_INSTITUTION = re.compile(
    r"επιτελει|υπουργει|κομμα|δικαστηρι|βουλη|κυβερνησ|στρατ|πανεπιστημι|ενωσ|επιτροπ|συμβουλι|οργανισμ"
    r"|τραπεζ|εταιρ|ομιλ|συλλογ|ομοσπονδ|σωματει|ιδρυμ|νοσοκομει|σχολ|ακαδημ|αστυνομ|υπηρεσ|γραφει|κεντρ"
    r"|ministry|party|court|parliament|government|army|university|union|committee|council|agency|department"
    r"|bank|company|staff|group|association|federation|foundation|hospital|school|academy|police|office"
    r"|centre|center|institute|club|fc\b|inc\b|ltd\b|corp"
)
# Offices are not who holds them: "Εκτελεστικός Αντιπρόεδρος", "Prime Minister".
_OFFICE = re.compile(
    r"(?:αντι)?προεδρ(?!ι)|υπουργ(?!ει)|διευθυντ|γραμματε|αρχηγ|διοικητ|εκπροσωπ|president|minister|director|secretary"
    r"|chairman|spokes"
)
_ACRONYM = re.compile(r"[A-ZΑ-Ω]{2,}[0-9]*")
PLACE_PREPOSITIONS = frozenset(
    {"στην", "στη", "στο", "στον", "στις", "στους", "στα", "σε", "απο", "in", "at", "near", "from"}
)


def is_title(word: str) -> bool:
    """Is ``word`` a title or role that stands before a person's name?"""
    folded = fold(word.strip(",.;:»«\"()")).rstrip(".")
    return folded in _SHORT_TITLES or (len(folded) > 3 and bool(_PERSON_TITLE.match(folded)))


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
    if is_place(span) or holds_place(span):
        return "place"
    if before and before[-1] in PLACE_PREPOSITIONS:
        return "place"
    if len(before) == 2 and before[0] in PLACE_PREPOSITIONS and before[1] in ("the", "την", "τη", "το", "τον"):
        return "place"
    if 2 <= len(words) <= 4:
        return "person"
    return "name"


# --- Numbers ---------------------------------------------------------------------------------------

_WEEKDAY = "|".join(WEEKDAYS_GREEK + WEEKDAYS_ENGLISH)
_NUMBER_WORDS = (
    r"μια|ενα|ενασ|δυο|τρια|τρεισ|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα|δωδεκα|εικοσι|τριαντα"
    r"|σαραντα|πενηντα|εκατο|μισ[οη]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty"
    r"|thirty|forty|fifty|hundred|half|a|an|several|few"
)
_AGE = re.compile(
    r"\d+\s*-?\s*(?:χρονο\w*|χρονη\w*|χρονων|ετων|ετη\b|year-old|years? old|yo\b)"
    r"|\b(?:aged|ηλικια\w*|ηλικιασ)\s+(?:των\s+)?\d+"
)
_TIME_UNIT = (
    r"(?:χρονια|χρονο|χρονου|ετη|ετων|μηνε\w*|μηνα\w*|ημερε\w*|ημερα\w*|μερε\w*|εβδομαδ\w*|ωρε\w*|ωρα\w*|λεπτα|λεπτων"
    r"|δεκαετι\w*|αιων\w*|years?|months?|days?|weeks?|hours?|minutes?|decades?|centur\w+)"
)
_DURATION = re.compile(r"(?:\d+(?:[.,]\d+)?|\b(?:" + _NUMBER_WORDS + r"))\s+" + _TIME_UNIT + r"\b")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_DATE_PART = re.compile(
    r"\d{1,2}\s+(?:" + MONTH_NAMES + r")|(?:" + MONTH_NAMES + r")\w*\s+\d{1,4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\b(?:" + _WEEKDAY + r")"
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


# --- Questions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind and, for "how many X" / "which X", the noun X (folded)."""

    kind: AskedKind
    noun: str = ""


_AGE_Q = re.compile(r"how old|what age|at what age|ποσων χρονων|ποσο χρονων|(?:ποια|τι|σε ποια) ηλικια")
_YEAR_Q = re.compile(
    r"(?:which|what) year|in what year|since when|ποια χρονια|ποιο ετοσ|ποια χρονολογια|ποιο χρονο|απο ποτε"
    r"|(?:σε|απο) ποια χρονια|ποιασ χρονιασ|ποιου ετουσ|of which year|from which year"
)
_DATE_Q = re.compile(
    r"\bwhen\b|what (?:date|day|month|time)|which (?:date|day|month)|on what day|ποτε"
    r"|ποια (?:ημερομηνια|ημερα|μερα)|ποιο μηνα|ποιον μηνα|τι ωρα|ποια ωρα"
)
_DURATION_Q = re.compile(
    r"how long|for how many (?:years|months|days|weeks|hours)|how many (?:years|months|days|weeks|hours|minutes)"
    r"|ποσο καιρο|ποσο διαρκ|ποση διαρκεια|για ποσο|ποσα χρονια|ποσουσ μηνεσ|ποσεσ (?:ημερεσ|μερεσ|ωρεσ|εβδομαδεσ)"
    r"|ποσα λεπτα"
)
_PERCENT_Q = re.compile(
    r"what (?:percentage|proportion|share)|τι ποσοστο|ποιο ποσοστο|ποσο τοισ εκατο"
    r"|(?:how (?:much|high|large)|ποσο)\b(?:\s+\w+){0,3}\s+(?:ποσοστ\w*|percentage|proportion|share|rate)\b"
)
_AMOUNT_Q = re.compile(
    r"how much|what (?:price|cost|amount|sum|salary|fee|fine|bond|bail)|ποσο\b|ποσα χρηματα|τι ποσο|ποιο ποσο"
    r"|ποιο (?:κοστοσ|τιμημα)|ποια (?:τιμη|αμοιβη|εγγυηση)"
)
_COUNT_Q = re.compile(r"how many\s+(\w+)|ποσ(?:οι|εσ|α|ουσ|ων)\s+(\w+)|what number of\s+(\w+)")
_PLACE_Q = re.compile(
    r"\bwhere\b|(?:in|from|to) (?:what|which) (?:city|country|town|region|place|area|state|island|village)"
    r"|(?:σε|απο|προσ) ποι(?:α|ο|ον) (?:χωρα|πολη|περιοχη|μερο|σημειο|νησι|χωριο|πολιτεια)"
)
_WHERE_GREEK = re.compile(r"(?<!\w)[Ππ]ού(?!\w)")  # "που" without an accent is "that"
_NAME_Q = re.compile(
    r"what (?:is|was) (?:the|his|her|its|their) (?:name|title)|ποια (?:ειναι|ηταν) η ονομασια"
    r"|ποιο (?:ειναι|ηταν) το (?:ονομα|τιτλο)|πωσ (?:λεγεται|ονομαζεται|λεγοταν|ονομαζοταν)|τι ονομα"
)
# "which X" / "ποια X": the two words after it (an adjective may stand before the noun).
_WHICH_NOUN = re.compile(
    r"\b(?:which|what)\s+(\w+)(?:\s+(\w+))?(?:\s+(\w+))?"
    r"|\bποι(?:οσ|ον|α|ο|οι|εσ|ου|ασ|ων|ουσ)\s+(?:(?:ο|η|το|τον|την)\s+)?(\w+)(?:\s+(\w+))?(?:\s+(\w+))?"
)
_AUXILIARY = frozenset({"is", "was", "are", "were", "did", "does", "do", "had", "has", "have", "will", "would", "can",
                        "could", "of", "the", "a", "an"})
_WHO_Q = re.compile(r"\b(?:who|whom|whose)\b")
_WHO_GREEK = re.compile(r"\bποι(?:οσ|ον|οι|ουσ|α|ου|ασ)\b")
# After "ποιος/ποια" a verb, an article or a particle: the question asks for a person.
_VERB_OR_ARTICLE = re.compile(
    r"(?:ο|η|το|τον|την|τα|οι|τουσ|τισ|του|τησ|να|θα|δεν|ειναι|ηταν|εχει|ειχε|\w+(?:ει|ε|αν|ουν|ηκε|ηκαν|ησε|ισε|ασε"
    r"|ωσε|ταν|ται|νται|θηκε|στηκε))"
)
_PLACE_NOUNS = re.compile(
    r"city|country|town|region|place|area|state|island|village|χωρα|πολη|περιοχη|μερο|σημειο|νησι|χωριο|πολιτεια"
)


def asked_for(question: str) -> Asked | None:
    """What a factoid question asks for, or None (why, how, what happened, summaries)."""
    folded = fold(question)
    which = _WHICH_NOUN.search(folded)
    # "Which organisation hosted the event where ...": the first question word asks, not a later "where"
    leading = bool(which and _leads(which, folded))
    if _AGE_Q.search(folded):
        return Asked("age")
    if _YEAR_Q.search(folded):
        return Asked("year")
    if _DURATION_Q.search(folded):
        return Asked("duration")
    if _PERCENT_Q.search(folded):
        return Asked("percent")
    if _AMOUNT_Q.search(folded):
        return Asked("amount")
    count = _COUNT_Q.search(folded)
    if count:  # before "when": "how many strikeouts had he when he ..." asks a count
        return Asked("count", next(g for g in count.groups() if g))
    if _DATE_Q.search(folded) and not leading:
        return Asked("date")
    if re.search(r"\bποσ(?:οι|εσ|α|ουσ|ων|οσ|η)\b", folded):
        return Asked("amount")
    if (_PLACE_Q.search(folded) or _WHERE_GREEK.search(question)) and not leading:
        return Asked("place")
    if _NAME_Q.search(folded):
        return Asked("name")
    if _WHO_Q.search(folded) and not leading:
        return Asked("person")
    greek_who = _WHO_GREEK.search(folded)
    if greek_who:
        after = folded[greek_who.end() :].split()
        if not after or _VERB_OR_ARTICLE.fullmatch(after[0]):
            return Asked("person")
    return _which(which) if which else None


def _noun_phrase(which: re.Match[str]) -> list[str]:
    """The words after "which" / "ποια" up to the first that is a verb or an auxiliary: "which Syrian
    foreign minister", not "which city hosted"."""
    words: list[str] = []
    for word in (g for g in which.groups() if g):
        if words and (word in _AUXILIARY or _VERB_OR_ARTICLE.fullmatch(word) or word.endswith("ed")):
            break
        words.append(word)
    return words


def _leads(which: re.Match[str], folded: str) -> bool:
    """Does "which X" open the question, before any other question word ("the event where ...")?"""
    words = _noun_phrase(which)
    if not words or words[0] in _AUXILIARY or _VERB_OR_ARTICLE.fullmatch(words[0]):
        return False
    opening = re.match(r"\W*(?:(?:in|at|on|from|to|for|of|by|with|σε|στην|στο|στη|απο|για|με)\s+)?", folded)
    if opening is None or which.start() != opening.end():
        return False
    last = max(i for i in range(1, len(which.groups()) + 1) if which.group(i) == words[-1])
    head = folded[which.start() : which.end(last)]  # "which year", "ποιο ποσοστό": the typed patterns say
    return not any(p.search(head) for p in (_AGE_Q, _YEAR_Q, _DURATION_Q, _PERCENT_Q, _AMOUNT_Q, _COUNT_Q, _DATE_Q,
                                              _PLACE_Q, _NAME_Q))


def _which(which: re.Match[str]) -> Asked | None:
    """What "which X" asks: a place for a place noun, a person for a title or role, else a name."""
    words = _noun_phrase(which)
    if words[0] in _AUXILIARY:
        return None  # "what did he do", "what was said": not a name
    if any(_PLACE_NOUNS.fullmatch(w) for w in words):
        return Asked("place", words[0])
    if any(is_title(w) for w in words):
        return Asked("person", words[0])  # "which designer", "ποιος παίκτης", "which Syrian foreign minister"
    if re.fullmatch(_TIME_UNIT, words[0]):
        return Asked("count", words[0])  # "in which minute"
    return Asked("name", words[0])


# What the question analysis (bot.question.analysis) says a question asks -> the span that answers it.
_FROM_ASKS: dict[str, AskedKind] = {
    "who": "person", "where": "place", "when": "date", "which_year": "year", "how_old": "age",
    "how_long": "duration", "how_much": "amount", "how_many": "count",
}
_NUMERIC: frozenset[AskedKind] = frozenset({"percent", "amount", "count", "age", "year", "duration"})
# Finer readings of the same family: "how many ... percent" is a share, "how much money" a sum.
_REFINES: dict[AskedKind, frozenset[AskedKind]] = {
    "count": frozenset({"percent", "amount", "duration"}),
    "amount": frozenset({"percent", "count"}),
    "person": frozenset(),
    "date": frozenset({"year"}),
}


def asked_from(question: Question) -> Asked | None:
    """The span kind that answers an analysed question: its ``asks``, made finer by ``asked_for``
    within the same family (a noun for "how many X", a person for "which designer", a place for
    "which city"); None for why, summaries, yes / no and what no span answers."""
    finer = asked_for(question.text)
    which = _WHICH_NOUN.search(fold(question.text))
    if finer is not None and question.asks in ("where", "when") and which and _leads(which, fold(question.text)):
        return finer  # "Which organisation hosted the event where ...": "where" does not ask here
    kind = _FROM_ASKS.get(question.asks)
    if kind is None:
        if question.asks == "other" and finer is not None and finer.kind in _NUMERIC:
            return finer  # "Πόσο είναι το ποσοστό ανεργίας;": a share the question words alone do not say
        return finer if question.asks in ("which", "what") else None
    if finer is not None and (finer.kind == kind or finer.kind in _REFINES.get(kind, frozenset())):
        return finer
    return Asked(kind)
