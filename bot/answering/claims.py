"""The checkable facts of a text: names, numbers and dates, in forms comparable across languages.

A Greek article and an English answer write the same facts differently: "Ναμρούς" and
"Namroush", "23 Δεκεμβρίου", "December 23" and "23/12", "δύο" and "two" and "2", "1,5 εκατ."
and "1.5 million". ``facts_of`` reduces a text to keys that are equal when the facts are:

- a name is a capitalised word (either script) that is not a function word, title or date
  word; it is compared by its Latin sound skeleton (``index.text.name_key``), tolerating
  inflection and the small differences transliteration leaves;
- a number is the set of values its spelling can mean (a "." or "," is a decimal point or a
  thousands separator, depending on the language); "million"/"εκατ." scale it;
- a date is a (day, month) pair, a month alone, a weekday, and its year as a number; a date
  written with its year is also checked whole, so "23 December 2026" needs a source that dates
  that day to 2026 (written so, or "23 Δεκεμβρίου" in an article published near it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from bot.answering.citations import without_citations
from bot.question.names import WEEKDAY_FORMS as _WEEKDAY_FORMS
from bot.question.names import name_runs
from index.text import MONTH_FORMS, NUMBER_WORDS, fold, name_key

# --- words that are capitalised without being names ---------------------------------------------


# English exonyms and acronyms that sound nothing like their Greek names: the folded Greek stems
# that count as the same name ("Greece" is found in "Ελλάδα", "EU" in "ΕΕ" or "Ευρωπαϊκή Ένωση").
_EXONYMS: dict[str, tuple[str, ...]] = {
    fold(english): tuple(fold(stem) for stem in stems.split())
    for english, stems in {
        "Greece": "ελλαδ ελλην", "Greek": "ελλην ελλαδ", "Greeks": "ελλην", "Hellenic": "ελλην",
        "Athens": "αθην", "Athenian": "αθην", "Crete": "κρητ", "Cretan": "κρητ", "Rhodes": "ροδ",
        "Corfu": "κερκυρ", "Piraeus": "πειραι", "Patras": "πατρ", "Europe": "ευρωπ", "EU": "εε ευρωπαικ",
        "UN": "οηε ηνωμενα", "US": "ηπα αμερικ", "USA": "ηπα αμερικ", "America": "αμερικ ηπα",
        "American": "αμερικ ηπα", "UK": "βρεταν ηνωμενο", "Britain": "βρεταν", "British": "βρεταν",
        "England": "αγγλ", "English": "αγγλ", "IMF": "δντ", "ECB": "εκτ", "Lebanon": "λιβαν",
        "Jerusalem": "ιεροσολυμ ιερουσαλημ", "Moscow": "μοσχ", "Washington": "ουασιγκτ",
        "Brussels": "βρυξελλ", "Istanbul": "κωνσταντινουπολ ισταμπουλ", "Cyprus": "κυπρ",
        "Cypriot": "κυπρ", "Turkish": "τουρκ", "Turk": "τουρκ", "Turks": "τουρκ",
    }.items()
}

# --- dates ---------------------------------------------------------------------------------------

# Abbreviations that are also everyday English words are read as weekdays/months only in sources.
_AMBIGUOUS_DATE_WORDS = frozenset({"mar", "may", "sat", "sun", "wed", "dec", "mon", "jan"})

_SCALES = {
    "thousand": 1000, "χιλιαδεσ": 1000, "χιλιαδων": 1000, "χιλ": 1000,
    "million": 10**6, "millions": 10**6, "mn": 10**6, "m": 10**6, "εκατομμυρια": 10**6,
    "εκατομμυριο": 10**6, "εκατομμυριων": 10**6, "εκατ": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "δισεκατομμυρια": 10**9,
    "δισεκατομμυριο": 10**9, "δισεκατομμυριων": 10**9, "δισ": 10**9,
}

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d+))?(?:st|nd|rd|th|ος|η|ης|ο|ου)?(?![\w])")
_DAY = r"(\d{1,2})(?:st|nd|rd|th|η|ης)?"
_YEAR = r"(\d{4})"
_MONTH_WORD = r"([^\W\d_]{3,}\.?)"
_DAY_MONTH = re.compile(rf"(?<!\d){_DAY}\s+(?:of\s+)?{_MONTH_WORD}(?:\s*,?\s*{_YEAR})?")
_MONTH_DAY = re.compile(rf"{_MONTH_WORD}\s+{_DAY}(?!\d)(?:\s*,\s*{_YEAR})?")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<![\d.,])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d,]|\.\d)")
# A date without a year in an article means the nearest such day to its publication: within half
# a year either side (news reports on the recent past and the coming months).
YEARLESS_DATE_REACH_DAYS = 183


@dataclass
class Facts:
    """The checkable facts of a text, as comparable keys."""

    names: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # as written -> (word, key)s
    numbers: dict[str, frozenset[Decimal]] = field(default_factory=dict)  # as written -> values
    day_months: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)  # as written -> (d, m)
    full_dates: dict[str, frozenset[date]] = field(default_factory=dict)  # dates written with a year
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)

    def items(self) -> int:
        return len(self.names) + len(self.numbers) + len(self.day_months) + len(self.months) + len(self.weekdays)


def _month(word: str) -> int | None:
    return MONTH_FORMS.get(fold(word).rstrip("."))


def _values(integer: str, fraction: str | None, scale: int) -> frozenset[Decimal]:
    """Every value a written number may mean: "1.200" is 1200 (Greek) or 1.2 (English)."""
    readings: set[Decimal] = set()
    digits_only = re.sub(r"[.,]", "", integer)
    separators = set(re.findall(r"[.,]", integer))
    if fraction is None:
        readings.add(Decimal(digits_only))
        if len(separators) == 1 and integer.count(next(iter(separators))) == 1:
            head, tail = re.split(r"[.,]", integer)
            readings.add(Decimal(f"{head}.{tail}"))  # "1.200" read as a decimal
    else:
        readings.add(Decimal(f"{digits_only}.{fraction}"))
    scaled = {r * scale for r in readings} if scale != 1 else set()
    return frozenset(v.normalize() for v in readings | scaled)


def _scale_after(text: str, end: int) -> int:
    match = re.match(r"\s*([^\W\d_]+)\.?", text[end:])
    return _SCALES.get(fold(match.group(1)), 1) if match else 1


def _dates(text: str, facts: Facts, claim: bool) -> str:
    """Record the dates of ``text`` in ``facts``; returns the text with them blanked out."""
    spans: list[tuple[int, int]] = []

    def add_year(year: str | None) -> None:
        if year:
            facts.numbers.setdefault(year, frozenset({Decimal(year)}))

    def add_full(written: str, pairs: frozenset[tuple[int, int]], year: str | None) -> None:
        if year and len(year) == 4:
            days = {_day(int(year), m, d) for d, m in pairs}
            facts.full_dates[written] = frozenset(day for day in days if day)

    for match in _ISO_DATE.finditer(text):
        iso_month, iso_day = int(match.group(2)), int(match.group(3))
        if 1 <= iso_month <= 12 and 1 <= iso_day <= 31:
            facts.day_months[match.group(0)] = frozenset({(iso_day, iso_month)})
            add_full(match.group(0), facts.day_months[match.group(0)], match.group(1))
            add_year(match.group(1))
            spans.append(match.span())
    for pattern, day_group, month_group, year_group in ((_DAY_MONTH, 1, 2, 3), (_MONTH_DAY, 2, 1, 3)):
        for match in pattern.finditer(text):
            month = _month(match.group(month_group))
            day = int(match.group(day_group))
            if month is None or not 1 <= day <= 31 or _overlaps(match.span(), spans):
                continue
            written_month = match.group(month_group)
            if claim and fold(written_month).rstrip(".") in _AMBIGUOUS_DATE_WORDS and not written_month[0].isupper():
                continue
            facts.day_months[match.group(0)] = frozenset({(day, month)})
            add_full(match.group(0), facts.day_months[match.group(0)], match.group(year_group))
            add_year(match.group(year_group))
            spans.append(match.span())
    for match in _NUMERIC_DATE.finditer(text):
        first, separator, second, numeric_year = match.groups()
        if separator == "." and numeric_year is None:
            continue  # "1.5" is a number, not 1 May
        if separator == "-" and numeric_year is None:
            continue  # "3-2" is a score or a range
        if _overlaps(match.span(), spans):
            continue
        orders = ((int(first), int(second)), (int(second), int(first)))  # 23/12 or 12/23
        readings = {(d, m) for d, m in orders if 1 <= d <= 31 and 1 <= m <= 12}
        if readings:
            facts.day_months[match.group(0)] = frozenset(readings)
            add_full(match.group(0), facts.day_months[match.group(0)], numeric_year)
            if numeric_year and len(numeric_year) == 4:
                add_year(numeric_year)
            spans.append(match.span())
    for match in _WORD.finditer(text):
        if _overlaps(match.span(), spans):
            continue
        word = match.group(0)
        key = fold(word).rstrip(".")
        ambiguous = key in _AMBIGUOUS_DATE_WORDS or key in {"τριτη", "τριτης"}
        if claim and ambiguous and not word[0].isupper():
            continue
        if claim and key in _AMBIGUOUS_DATE_WORDS and len(key) == 3:
            continue  # "May"/"Sun" alone in a claim: too often not a date
        if key in MONTH_FORMS:
            facts.months[word] = MONTH_FORMS[key]
            spans.append(match.span())
        elif key in _WEEKDAY_FORMS:
            facts.weekdays[word] = _WEEKDAY_FORMS[key]
            spans.append(match.span())
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dated_near(pairs: frozenset[tuple[int, int]], published: date) -> set[date]:
    """The days a year-less "23 December" in an article of ``published`` can mean."""
    near = set()
    for d, m in pairs:
        for year in (published.year - 1, published.year, published.year + 1):
            day = _day(year, m, d)
            if day and abs((day - published).days) <= YEARLESS_DATE_REACH_DAYS:
                near.add(day)
    return near


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _numbers(text: str, facts: Facts) -> None:
    for match in _NUMBER.finditer(text):
        integer, fraction = match.group(1), match.group(2)
        written = match.group(0).strip()
        facts.numbers[written] = facts.numbers.get(written, frozenset()) | _values(
            integer.strip(), fraction, _scale_after(text, match.end())
        )
    for match in _WORD.finditer(text):
        key = fold(match.group(0))
        if key in NUMBER_WORDS:
            value = Decimal(NUMBER_WORDS[key]) * _scale_after(text, match.end())
            facts.numbers[match.group(0)] = frozenset({Decimal(NUMBER_WORDS[key]), value.normalize()})


def _names(text: str, facts: Facts) -> None:
    for written, keys in name_runs(text):
        facts.names[written] = keys


def facts_of(text: str, claim: bool = False) -> Facts:
    """The facts of ``text``; ``claim`` is stricter about words that are dates only sometimes."""
    facts = Facts()
    text = without_citations(text.replace("*", " ").replace("_", " "))
    rest = _dates(text, facts, claim)
    _numbers(rest, facts)
    _names(rest, facts)
    return facts


@dataclass(frozen=True)
class SourceFacts:
    """What one source supports: its facts and the name keys of every word in it."""

    facts: Facts
    word_keys: frozenset[str]
    folded_words: frozenset[str]
    numbers: frozenset[Decimal]
    day_months: frozenset[tuple[int, int]]
    months: frozenset[int]
    weekdays: frozenset[int]
    full_dates: frozenset[date]

    @classmethod
    def of(cls, text: str) -> SourceFacts:
        facts = facts_of(text)
        day_months = frozenset(dm for v in facts.day_months.values() for dm in v)
        full_dates = {day for days in facts.full_dates.values() for day in days}
        iso = _ISO_DATE.search(text)  # a source's header gives its publication date first
        published = _day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))) if iso else None
        if published:
            for written, pairs in facts.day_months.items():
                if written not in facts.full_dates:
                    full_dates |= _dated_near(pairs, published)
        return cls(
            facts=facts,
            word_keys=frozenset(name_key(re.sub(r"['’]s$", "", w)) for w in _WORD.findall(text)),
            folded_words=frozenset(fold(w) for w in _WORD.findall(text)),
            numbers=frozenset(v for vs in facts.numbers.values() for v in vs)
            | frozenset(Decimal(d) for d, _ in day_months),
            day_months=day_months,
            months=frozenset(facts.months.values()) | frozenset(m for _, m in day_months),
            weekdays=frozenset(facts.weekdays.values()),
            full_dates=frozenset(full_dates),
        )

    def has_name(self, word: str, key: str) -> bool:
        """Is ``word`` (a name word of a claim, its ``name_key`` given) in this source?"""
        stems = _EXONYMS.get(fold(re.sub(r"['’]s$", "", word)))
        if stems and any(w.startswith(stem) for w in self.folded_words for stem in stems):
            return True
        return key in self.word_keys or any(names_match(key, other) for other in self.word_keys)


INFLECTION_LETTERS = 3  # letters an inflected form adds past the shared stem ("-ους", "-ιας"): not a longer word


@lru_cache(maxsize=65536)
def names_match(claimed: str, found: str) -> bool:
    """Two name keys are one name: equal, one an inflection of the other, or close in sound."""
    if claimed == found:
        return True
    shorter = min(len(claimed), len(found))
    if shorter < 3:
        return False
    common = len(_common_prefix(claimed, found))
    if common >= 4 and common >= shorter - 1 and max(len(claimed), len(found)) - common <= INFLECTION_LETTERS:
        return True  # inflection: "agira"/"agiras", "namrus"/"namrusi" (not "polis"/"politikon")
    if abs(len(claimed) - len(found)) > 3:
        return False
    return SequenceMatcher(None, claimed, found).ratio() >= 0.75


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def unsupported(claim: Facts, sources: list[SourceFacts]) -> list[str]:
    """The facts of ``claim`` (as written) that no source in ``sources`` contains."""
    missing: list[str] = []
    for written, keys in claim.names.items():
        if not all(any(s.has_name(word, key) for s in sources) for word, key in keys if key):
            missing.append(written)
    # The year of a date the sources date whole ("23 December 2025" from a year-less "23 Δεκεμβρίου"
    # in an article of February 2026) is supported with it, though no source writes that number.
    dated_years = {str(day.year) for days in claim.full_dates.values() for day in days
                   if any(day in s.full_dates for s in sources)}
    for written, values in claim.numbers.items():
        if written not in dated_years and not any(values & s.numbers for s in sources):
            missing.append(written)
    for written, pairs in claim.day_months.items():
        if not any(pairs & s.day_months for s in sources):
            missing.append(written)
    for written, days in claim.full_dates.items():
        if written not in missing and not any(days & s.full_dates for s in sources):
            missing.append(written)
    for written, month in claim.months.items():
        if not any(month in s.months for s in sources):
            missing.append(written)
    for written, weekday in claim.weekdays.items():
        if not any(weekday in s.weekdays for s in sources):
            missing.append(written)
    return missing
