"""Time in questions (and in article sentences), Greek and English, by rules.

``parse_time(text, today)`` finds the period a text names: absolute (a day, a month, a year, a
range of them), relative to ``today`` ("yesterday", "last week" Monday to Sunday, "πέρσι"), or a
weekday ("την Παρασκευή"), and whether it asks for the newest articles ("latest", "τελευταία")
or for a date ("when", "πότε"). It returns the text with the time expression taken out, so that
the expression does not skew the similarity search.

Words that only look like dates are left alone: a month needs a day, a year or a preposition
beside it ("Μάρτιος" may be a name, "May" a verb); a number is a year only with a month or a
preposition ("in 2014", "το 2014"), and not before a unit ("2014 people").

dateparser 1.2.2 was measured against these rules (BENCHMARKS.md, "Dated questions"): its
``search_dates`` found a date inside the right period for 17 of the 20 dated dev questions (the
rules: the exact period for 20), and for 38 of the 63 rows of tests/test_time_expressions.py
(the rules: 63). It has no periods (a month, "last week" Monday to Sunday), misses most Greek
relative expressions, and turns "May" the verb, "Μάρτιος" the name and counts ("2000 people")
into dates; so the rules are used and dateparser is not a dependency.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from index.text import ENGLISH_MONTHS, MONTH_ABBREVIATIONS, MONTH_FORMS, WEEKDAYS_ENGLISH, WEEKDAYS_GREEK, fold

Language = Literal["el", "en"]

_ENGLISH_ABBREVIATIONS = tuple(short for forms in MONTH_ABBREVIATIONS for short in forms if short.isascii())
_ABBREVIATIONS = {short for forms in MONTH_ABBREVIATIONS for short in forms}
# Whole Greek month names (not abbreviations), the longest first so that alternation takes it.
_GREEK_MONTH = "|".join(
    sorted((f for f in MONTH_FORMS if not f.isascii() and f not in _ABBREVIATIONS), key=len, reverse=True)
)
_MONTH = rf"(?:{_GREEK_MONTH}|{'|'.join(ENGLISH_MONTHS)})"
# Abbreviations ("Mar", "Sept.") only beside a number, where they cannot be a word.
_MONTH_OR_ABBREVIATION = rf"(?:{_MONTH}|(?:{'|'.join(_ENGLISH_ABBREVIATIONS)})\.?)"
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|η)?"
# A number followed by one of these is a count, not a year ("2014 people", "1500 θέσεις").
_UNIT_AFTER = (
    r"(?!\s*(?:%|τοισ|people|persons|jobs|euros?|dollars|units|times|km|metres|meters|ατομ|ανθρωπ|ευρω"
    r"|δολαρι|θεσεισ|φορεσ|χιλιομετρ|μετρ|στρεμματ|ψηφ|votes|cars|αυτοκινητ|σπιτια|houses))"
)
# Words before a period that belong to it and leave with it ("in", "στις", "τον", "κατά το").
_LEAD = (
    r"(?:(?:in|on|during|of|for|at|within|since|from|"
    r"κατα\s+τ(?:ο|ον|ην|η)|μεσα\s+στ(?:ο|ον|ην|η)|στισ|στην|στη|στον|στο|τον|την|τη|το|του|τησ)\s+)"
)
_DATE_LEAD = r"(?:(?:in|on|during|of|at|στισ|στην|στη|στο|στον|τον|την|τη|το|του|τησ|κατα\s+τ(?:ο|ον|ην|η))\s+)"
_OF = r"(?:\s+(?:του|of)\b)?,?\s+"


@dataclass(frozen=True)
class Period:
    """Inclusive first and last day."""

    start: date
    end: date

    @property
    def days(self) -> tuple[int, int]:
        """The YYYYMMDD bounds the index filters on."""
        return day_number(self.start), day_number(self.end)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class TimeQuery:
    """What a text says about time, and the text without it."""

    text: str  # the input with the time expression (and its preposition) taken out
    period: Period | None = None
    latest: bool = False  # asks for the newest articles on the topic
    asks_when: bool = False  # asks for a date
    expression: str | None = None  # the time expression as written
    relative: bool = False  # the period was counted from today (yesterday, last week, πέρσι …)


def day_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def day_from_number(number: int) -> date:
    return date(number // 10000, number // 100 % 100, number % 100)


def _month_number(word: str) -> int:
    word = word.rstrip(".")
    for i, name in enumerate(ENGLISH_MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return i  # "Sept" as well as the listed abbreviations
    return MONTH_FORMS[word]


def _month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, today: date, nearest: bool) -> int:
    """The year of a day-and-month without one: the latest not after ``today``, or the nearest to it."""
    if nearest:
        candidates = [y for y in (today.year - 1, today.year, today.year + 1) if _day(y, month, day)]
        return min(candidates, key=lambda y: abs((date(y, month, min(day, 28)) - today).days))
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def _week(today: date, weeks_back: int) -> Period:
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_back)
    return Period(monday, monday + timedelta(days=6))


def _previous_month(today: date) -> Period:
    first = today.replace(day=1) - timedelta(days=1)
    return _month_period(first.year, first.month)


def _single(day: date) -> Period:
    return Period(day, day)



# Relative expressions: (pattern on folded text, period from today). Longest first.
_RELATIVE: tuple[tuple[str, Callable[[date], Period]], ...] = (
    (r"(?:the\s+)?day\s+before\s+yesterday|προχθεσ|προχτεσ|προχθε", lambda t: _single(t - timedelta(days=2))),
    (r"yesterday|χθεσ|χτεσ|εχθεσ|χθε", lambda t: _single(t - timedelta(days=1))),
    (r"today|σημερα", lambda t: _single(t)),
    (r"(?:this|the\s+current)\s+week|(?:αυτη\s*ν?|την\s+τρεχουσα)\s+(?:την\s+)?(?:ε?β)δομαδα"
     r"|(?:μεσα\s+)?(?:στην|την)\s+εβδομαδα\s+που\s+(?:διανυουμε|περναμε)",
     lambda t: _week(t, 0)),
    (r"(?:last|the\s+past|the\s+previous|previous)\s+week|(?:την|στην|κατα\s+την)\s+(?:περασμενη|προηγουμενη)"
     r"\s+(?:ε?β)δομαδα|(?:περασμενη|προηγουμενη)\s+(?:ε?β)δομαδα",
     lambda t: _week(t, 1)),
    (r"this\s+month|(?:αυτο\s*ν?\s+τον|τον\s+τρεχοντα)\s+μηνα|τον\s+μηνα\s+(?:αυτο\s*ν?|που\s+διανυουμε)",
     lambda t: _month_period(t.year, t.month)),
    (r"(?:last|the\s+past|the\s+previous|previous)\s+month|(?:τον|στον|κατα\s+τον)\s+(?:περασμενο|προηγουμενο)"
     r"\s+μηνα|(?:περασμενο|προηγουμενο)\s+μηνα",
     _previous_month),
    (r"this\s+year|φετοσ|(?:αυτη\s*ν?\s+τη\s*ν?|την\s+τρεχουσα)\s+χρονια", lambda t: _year_period(t.year)),
    (r"(?:last|the\s+past|the\s+previous|previous)\s+year|περυσι|περσι|(?:τον|την|στον|στην|κατα\s+τον)\s+"
     r"(?:περασμενο|προηγουμενο|περασμενη|προηγουμενη)\s+(?:χρονο|χρονια|ετοσ)",
     lambda t: _year_period(t.year - 1)),
)

_ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_GREEK_NUMBERS = {
    "δυο": 2, "τρεισ": 3, "τρια": 3, "τεσσερισ": 4, "τεσσερα": 4, "πεντε": 5, "εξι": 6, "επτα": 7, "εφτα": 7,
    "δεκα": 10,
}
_NUMBER_WORDS = {**_ENGLISH_NUMBERS, **_GREEK_NUMBERS}
_SPAN = (
    r"(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past)\s+(?P<n_en>\d+|" + "|".join(_ENGLISH_NUMBERS)
    + r")\s+(?P<unit_en>days|weeks|months)"
    r"|(?:τισ|τουσ|στισ|στουσ|κατα\s+τισ|κατα\s+τουσ)\s+(?:τελευταιεσ|τελευταιουσ|προηγουμενεσ|προηγουμενουσ"
    r"|περασμενεσ|περασμενουσ)\s+(?P<n_el>\d+|" + "|".join(_GREEK_NUMBERS) + r")\s+"
    r"(?P<unit_el>ημερεσ|μερεσ|εβδομαδεσ|βδομαδεσ|μηνεσ|μηνεσ)"
)

# Asks for the newest articles. The match is what leaves the search query: the adjective, not
# the noun ("τα τελευταία νέα" keeps "νέα"). "το τελευταίο γκολ" (the last goal) does not count.
_NEWS_NOUN = r"(?:νεα|ειδησ\w*|εξελιξ\w*|ενημερωσ\w*|πληροφορι\w*|γεγονοτ\w*|ανακοινωσ\w*|ρεπορταζ)"
_LATEST = re.compile(
    r"\b(?:latest|newest|most\s+recent(?:ly)?|recent(?:ly)?)\b|\b(?=(?:what'?s|what\s+is)\s+new\b)"
    r"|\b(?:πιο\s+)?(?:τελευται\w*|νεοτερ\w*|προσφατ\w*)(?=\s+" + _NEWS_NOUN + r"\b)"
    r"|\b(?:πιο\s+)?προσφατα\b|\b(?:τα\s+)?νεοτερα\b|\b(?=τι\s+νεα\b)"
)
# Asks for a date. English "when" only opening the question ("Why was he there when …" is not);
# Greek "πότε" with its accent ("ποτέ" is "never").
_WHEN_ENGLISH = re.compile(
    r"^(?:(?:and|so|but|then)\s+)?(?:when|on\s+what\s+date|what\s+date|which\s+date|(?:in\s+)?what\s+year"
    r"|(?:in\s+)?which\s+year|(?:on\s+)?what\s+day|(?:on\s+)?which\s+day)\b(?!\s+of\s+the\s+week)",
    re.IGNORECASE,
)
_WHEN_GREEK = re.compile(r"\bπότε\b", re.IGNORECASE)
_WHEN_GREEK_FOLDED = re.compile(r"\b(?:ποια\s+ημερομηνια|ποια\s+μερα|ποια\s+ημερα|ποια\s+χρονια|ποιο\s+ετοσ)\b")
# "even today", "ακόμη και σήμερα", "μέχρι σήμερα": not the day of the news.
_NOT_THE_DAY = re.compile(r"(?:even|still|until|till|up\s+to|ακομη\s+και|ακομα\s+και|μεχρι|εωσ|ωσ)\s+$")


def _fold_in_place(text: str) -> str:
    """``fold`` character by character, so positions in the result are positions in ``text``."""
    return "".join((fold(ch) or ch)[0] for ch in text)


def _cut(text: str, start: int, end: int) -> str:
    """``text`` without [start, end), white space and stray commas tidied."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    joined = f"{left} {right}" if left and right and right[0] not in "?;;.,!" else left + right
    joined = re.sub(r"\s+([?;;.,!])", r"\1", joined)
    return " ".join(joined.split()).strip(" ,")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    period: Period
    relative: bool = False


def _absolute(text: str, folded: str, today: date, nearest: bool) -> _Found | None:
    """The first absolute date, month, year or range in ``folded``."""
    year_tail = rf"(?P<y>{_YEAR})\b{_UNIT_AFTER}"
    found: list[_Found] = []

    def add(match: re.Match[str], period: Period | None) -> None:
        if period is not None and period.start <= period.end:
            found.append(_Found(match.start(), match.end(), period))

    # ISO and numeric day-first dates: 2012-03-10, 10/3/2012, 10.3.2012
    for m in re.finditer(rf"{_DATE_LEAD}?\b(?P<y>{_YEAR})-(?P<m>\d\d?)-(?P<d>\d\d?)\b", folded):
        day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        add(m, _single(day) if day else None)
    for m in re.finditer(rf"{_DATE_LEAD}?\b(?P<d>\d\d?)[/.](?P<m>\d\d?)[/.](?P<y>{_YEAR})\b", folded):
        day = _day(int(m["y"]), int(m["m"]), int(m["d"]))
        add(m, _single(day) if day else None)

    # Ranges of months or years: "between March and May 2012", "από τον Μάρτιο έως τον Μάιο του 2012"
    between = r"(?:between|from|μεταξυ|απο)\s+(?:(?:the|τον|το|του|τησ|την)\s+)?"
    joiner = r"\s*(?:and|to|until|till|through|και|εωσ|μεχρι|ωσ|-|–)\s*(?:(?:the|τον|το|του|τησ|την)\s+)?"
    for m in re.finditer(
        rf"{between}(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?{joiner}(?P<m2>{_MONTH})(?:{_OF}(?P<y2>{_YEAR}))?\b",
        folded,
    ):
        m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
        y2 = int(m["y2"]) if m["y2"] else (today.year if m2 <= today.month else today.year - 1)
        y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
        add(m, Period(_month_period(y1, m1).start, _month_period(y2, m2).end))
    for m in re.finditer(rf"{between}(?P<y1>{_YEAR}){joiner}(?P<y2>{_YEAR})\b{_UNIT_AFTER}", folded):
        add(m, Period(date(int(m["y1"]), 1, 1), date(int(m["y2"]), 12, 31)))

    # "23 και 24 Μαΐου 2012", "23-24 May": a span of days in one month
    for m in re.finditer(
        rf"{_DATE_LEAD}?\b(?P<d1>{_DAY})\s*(?:and|και|-|–)\s*(?P<d2>{_DAY})\s+(?P<m>{_MONTH_OR_ABBREVIATION})"
        rf"(?:{_OF}(?P<y>{_YEAR}))?\b",
        folded,
    ):
        month = _month_number(m["m"])
        d1, d2 = int(re.sub(r"\D", "", m["d1"])), int(re.sub(r"\D", "", m["d2"]))
        year = int(m["y"]) if m["y"] else _year_for(month, d1, today, nearest)
        first, last = _day(year, month, d1), _day(year, month, d2)
        add(m, Period(first, last) if first and last else None)

    # A day: "6 Μαρτίου 2012", "10th of March 2012", "March 10, 2012", "6 Μαρτίου"
    for m in re.finditer(
        rf"{_DATE_LEAD}?\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH_OR_ABBREVIATION})(?:{_OF}(?P<y>{_YEAR}))?\b",
        folded,
    ):
        month, number = _month_number(m["m"]), int(re.sub(r"\D", "", m["d"]))
        year = int(m["y"]) if m["y"] else _year_for(month, number, today, nearest)
        day = _day(year, month, number)
        add(m, _single(day) if day else None)
    for m in re.finditer(
        rf"{_DATE_LEAD}?\b(?P<m>{_MONTH_OR_ABBREVIATION})\s+(?P<d>{_DAY})\b(?!\s*(?:%|:))(?:,?\s+(?P<y>{_YEAR}))?\b",
        folded,
    ):
        if m["m"].startswith(("may", "mar")) and not m["y"] and m.group(0)[0] not in "io":
            continue  # "may 5 people …", "mar 3 …": a verb before a number, unless "in/on May 5"
        month, number = _month_number(m["m"]), int(re.sub(r"\D", "", m["d"]))
        year = int(m["y"]) if m["y"] else _year_for(month, number, today, nearest)
        day = _day(year, month, number)
        add(m, _single(day) if day else None)

    # A month: "March 2012", "τον Ιανουάριο του 2013", "in May" (the latest May not after today)
    for m in re.finditer(rf"{_LEAD}?\b(?P<m>{_MONTH_OR_ABBREVIATION}){_OF}{year_tail}", folded):
        add(m, _month_period(int(m["y"]), _month_number(m["m"])))
    for m in re.finditer(
        rf"\b(?:in|during|since|(?:early|late|mid)(?:\s+in)?|στον|τον|κατα\s+τον|μεσα\s+στον|"
        rf"(?:αρχεσ|τελη|μεσα)\s+του)\s+(?P<m>{_MONTH})\b",
        folded,
    ):
        if m["m"] in ("may", "march") and text[m.start("m")].islower():
            continue  # "in may" is rarer than a verb after "in" … ; the month is written "May"
        month = _month_number(m["m"])
        add(m, _month_period(_year_for(month, 1, today, nearest), month))

    # A year: "in 2014", "το 2014", "κατά το 2014" (not "2014 people", not a bare number)
    for m in re.finditer(rf"{_LEAD}\b{year_tail}", folded):
        add(m, _year_period(int(m["y"])))

    if not found:
        return None
    # The widest match at the leftmost start: "τον Ιανουάριο του 2013" over "Ιανουάριο".
    return min(found, key=lambda f: (f.start, -(f.end - f.start)))


def _relative(folded: str, today: date) -> _Found | None:
    best: _Found | None = None
    for pattern, make in _RELATIVE:
        for m in re.finditer(rf"(?:\b(?:in|on|during|over|within)\s+)?\b(?:{pattern})\b", folded):
            if _NOT_THE_DAY.search(folded[: m.start()]):
                continue
            period = make(today)
            candidate = _Found(m.start(), m.end(), period, relative=True)
            if best is None or (candidate.start, -candidate.end) < (best.start, -best.end):
                best = candidate
    for m in re.finditer(_SPAN, folded):
        word = m["n_en"] or m["n_el"]
        count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        unit = (m["unit_en"] or m["unit_el"])[:2]
        days = count * {"da": 1, "ημ": 1, "με": 1, "we": 7, "εβ": 7, "βδ": 7, "mo": 30, "μη": 30}[unit]
        candidate = _Found(m.start(), m.end(), Period(today - timedelta(days=days - 1), today), relative=True)
        if best is None or (candidate.start, -candidate.end) < (best.start, -best.end):
            best = candidate
    return best


def _weekday(text: str, folded: str, today: date, strictly_before: bool) -> _Found | None:
    """ "on Friday", "last Friday", "την Παρασκευή", "το Σάββατο": the latest such day up to ``today``.

    A Greek weekday counts only capitalised ("την τρίτη φορά" is "the third time").
    """
    english = r"\b(?P<last>last\s+|on\s+|this\s+past\s+)(?P<w>" + "|".join(WEEKDAYS_ENGLISH) + r")\b"
    greek = r"(?:\b(?:την|τη|το|στισ|μεσα\s+στην)\s+)?(?:(?P<lastel>περασμενη|προηγουμενη|περασμενο)\s+)?" \
            r"\b(?P<w>" + "|".join(WEEKDAYS_GREEK) + r")\b"
    for pattern in (english, greek):
        for m in re.finditer(pattern, folded):
            if pattern is greek and not text[m.start("w")].isupper():
                continue
            if pattern is english and re.match(r"\s+[A-Z]", text[m.end():]):
                continue  # "on Saturday Night Live", "the Sunday Times": a name
            weekday = (WEEKDAYS_ENGLISH.index(m["w"]) if m["w"] in WEEKDAYS_ENGLISH else WEEKDAYS_GREEK.index(m["w"]))
            back = (today.weekday() - weekday) % 7
            explicit_last = bool(m.groupdict().get("last", "") and m["last"].strip().startswith("last")) or bool(
                m.groupdict().get("lastel")
            )
            if back == 0 and (strictly_before or explicit_last):
                back = 7
            return _Found(m.start(), m.end(), _single(today - timedelta(days=back)), relative=True)
    return None


def parse_time(text: str, today: date, *, nearest_year: bool = False, weekday_before: bool = False) -> TimeQuery:
    """What ``text`` says about time, counted from ``today``.

    ``nearest_year``: a day-and-month without a year is the one nearest ``today`` (article text,
    which may announce a coming date) rather than the latest not after it (questions).
    ``weekday_before``: a weekday is strictly before ``today`` (article text says "on Sunday" of
    a Sunday before its own date).
    """
    text = " ".join(text.split())
    folded = _fold_in_place(text)
    candidates = [
        f for f in (
            _absolute(text, folded, today, nearest_year),
            _relative(folded, today),
            _weekday(text, folded, today, weekday_before),
        ) if f is not None
    ]
    remaining = text
    period = None
    expression = None
    relative = False
    if candidates:
        chosen = min(candidates, key=lambda f: (f.start, -(f.end - f.start)))
        period, relative = chosen.period, chosen.relative
        expression = text[chosen.start : chosen.end].strip()
        remaining = _cut(text, chosen.start, chosen.end)
    folded_rest = _fold_in_place(remaining)
    latest = _LATEST.search(folded_rest)
    if latest is not None and latest.end() > latest.start():
        remaining = _cut(remaining, latest.start(), latest.end())
    return TimeQuery(
        text=remaining or text,
        period=period,
        latest=latest is not None,
        asks_when=bool(_WHEN_ENGLISH.search(remaining) or _WHEN_GREEK.search(remaining)
                       or _WHEN_GREEK_FOLDED.search(folded_rest)),
        expression=expression,
        relative=relative,
    )


# --- writing dates out -----------------------------------------------------------------------
_GREEK_MONTH_GENITIVE = (
    "Ιανουαρίου", "Φεβρουαρίου", "Μαρτίου", "Απριλίου", "Μαΐου", "Ιουνίου",
    "Ιουλίου", "Αυγούστου", "Σεπτεμβρίου", "Οκτωβρίου", "Νοεμβρίου", "Δεκεμβρίου",
)
_GREEK_MONTH_ACCUSATIVE = (
    "Ιανουάριο", "Φεβρουάριο", "Μάρτιο", "Απρίλιο", "Μάιο", "Ιούνιο",
    "Ιούλιο", "Αύγουστο", "Σεπτέμβριο", "Οκτώβριο", "Νοέμβριο", "Δεκέμβριο",
)


def write_day(day: date, language: Language) -> str:
    """ "3 March 2012" / "3 Μαρτίου 2012"."""
    if language == "el":
        return f"{day.day} {_GREEK_MONTH_GENITIVE[day.month - 1]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def write_period(period: Period, language: Language) -> str:
    """A period as a reader says it: "April 2014", "τον Απρίλιο του 2014", "2013", a day, or a span."""
    start, end = period.start, period.end
    if start == end:
        return write_day(start, language)
    whole_month = start.day == 1 and end == _month_period(start.year, start.month).end
    if whole_month:
        if language == "el":
            return f"τον {_GREEK_MONTH_ACCUSATIVE[start.month - 1]} του {start.year}"
        return f"{calendar.month_name[start.month]} {start.year}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        years = str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"το {years}" if language == "el" else years
    if start.year == end.year and start.month == end.month and language == "el":
        return f"{start.day}–{end.day} {_GREEK_MONTH_GENITIVE[start.month - 1]} {start.year}"
    if language == "el":
        return f"από {write_day(start, language)} έως {write_day(end, language)}"
    return f"{write_day(start, language)} to {write_day(end, language)}"
