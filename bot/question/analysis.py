"""One reading of a question, made once per question and handed to every part that answers it.

``analyse(text, history, today)`` returns a frozen ``Question``: its language, what it asks (who,
which, when, how many …), the named things and numbers it is about, its time expressions with
their role, whether it follows up the turn before, and the text to search with. Retrieval, the
time answers, the answerers, the premise check and the LLM path read this value instead of
re-reading the question with patterns of their own.

The patterns that decide what a question asks live here and nowhere else; the older string
functions (``asked_kind``, ``asks_quantity``, ``is_follow_up`` …) are these, re-exported where
callers used to find them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from bot.question.asked import ATTRIBUTE_AMOUNT_Q, ATTRIBUTE_COUNT_Q, MEASURE_Q, WHERE_GREEK, Asked, span_asked
from bot.question.intent import Intent, ListPick, intent_of, lists_articles, pick_from_list
from bot.question.names import folded_words, name_runs
from bot.question.time_expressions import Period, TimeQuery, parse_time
from bot.types import Language, Turn
from index.place_names import greek_stems, is_place
from index.text import NUMBER_WORDS, fold, is_greek, name_key

# What a question asks, finer than the answer kinds the short answer picks spans for.
Asks = Literal[
    "who", "which", "what", "when", "where", "how_many", "how_much", "how_old", "which_year", "how_long",
    "why", "summary", "yes_no", "other",
]
# The kind of span that answers a factoid question (``short_answer``), or None.
AnswerKind = Literal["name", "place", "number", "date"]
NamedKind = Literal["person", "place", "organisation", "other"]
# A period the question asks about filters the search to it; the time of the event it describes
# ("the fire that broke out on Sunday", "this year's summit", "the strike in November") may only
# rank; "latest" asks for the newest articles.
TimeRole = Literal["period", "event_time", "latest"]


# --- follow-ups ------------------------------------------------------------------------------
# A follow-up leans on the previous turn: it opens with "and"/"και", points back with a pronoun,
# or is a short question that names nothing of its own ("Τι του είπε;", "How many died?").
# Greek τον/την/του/της are articles far more often than pronouns, so they don't count alone.
_FOLLOW_UP_OPENING = re.compile(
    r"^(and|also|what about|how about|but|so|και|κι|ενώ|αλλά|τι γίνεται)\b", re.IGNORECASE
)
_POINTS_BACK = re.compile(
    r"\b(he|she|him|her|his|hers|they|them|their|it|its|there"
    r"|αυτός|αυτή|αυτό|αυτού|αυτής|αυτοί|αυτές|αυτά|αυτούς|εκεί)\b",
    re.IGNORECASE,
)
# A name (capitalised after the first word) or a number makes a question stand on its own.
_OWN_SUBJECT = re.compile(r"(?<=\s)[A-ZΑ-ΩΆΈΉΊΌΎΏ]|\d")
_FOLLOW_UP_MAX_WORDS = 12
_BARE_QUESTION_MAX_WORDS = 6


def is_follow_up(question: str) -> bool:
    """Does ``question`` lean on the previous turn to be understood?"""
    words = len(question.split())
    if words > _FOLLOW_UP_MAX_WORDS:
        return False
    if _FOLLOW_UP_OPENING.search(question) or _POINTS_BACK.search(question):
        return True
    return words <= _BARE_QUESTION_MAX_WORDS and not _OWN_SUBJECT.search(question)


_WORD = re.compile(r"[^\W\d_]+")


def question_language(question: str) -> Language:
    """The language of the question's own words: its first word and its lower-case ones.

    The names it quotes keep their script whatever the language asks about them («Ποιος είναι ο
    πρόεδρος του Center for New American Security;» is Greek), so they do not vote.
    """
    words = _WORD.findall(question)
    own = " ".join(w for i, w in enumerate(words) if i == 0 or not w[:1].isupper())
    return "el" if is_greek(own or question) else "en"


_THERE = re.compile(r"\b(?:there|εκεί|εκει)\b", re.IGNORECASE)


def standalone_question(question: str, history: Sequence[Turn]) -> str:
    """Without an LLM: a short follow-up is searched together with the previous question, and "there"
    with the last place the conversation named, when the previous question names none ("Τι συζητήθηκε
    στην Άγκυρα;", "Who is Libya's new chief of staff?", "and who did he meet there?")."""
    if not history:
        return question
    if not is_follow_up(question):
        return question
    previous = history[-1].question
    if _THERE.search(question) and not _places_named(previous):
        place = next((p for turn in reversed(history[:-1]) for p in _places_named(turn.question)), None)
        if place is not None:
            return f"{previous} {question} {place}"
    return f"{previous} {question}"


def _places_named(question: str) -> list[str]:
    """The places ``question`` says something happened at ("στην Άγκυρα", "in Cairo"; not "Libya's")."""
    places = []
    for thing in named_things(question):
        before = question[: question.find(thing.text)].split()
        if thing.kind == "place" and before and fold(before[-1]) in _PLACE_BEFORE:
            places.append(thing.text)
    return places


# --- the answer kind (the short answer's span) -------------------------------------------------
# Question words of "when" and "where" (``what_it_asks``), matched on folded text (lower case, no
# accents, final sigma as σ).
_DATE_QUESTION = re.compile(
    r"\b(when|what (year|date|day|month|time)|which (year|date|day|month)|in what year"
    r"|ποτε|ποια (χρονια|ημερομηνια|ημερα|μερα)|ποιο (ετοσ|μηνα)|ποιον μηνα|τι ωρα)\b"
)
_PLACE_QUESTION = re.compile(
    r"\b(where|in (what|which) (city|country|town|region|place|area)|from (what|which) (city|country)"
    r"|σε ποια (χωρα|πολη|περιοχη)|σε ποιο (μερος|σημειο|νησι))"
)
# The coarse kind of span (what the LLM path's answer-kind check and the abstention's ``kind_missing``
# read) is the span kind of ``asked_span`` grouped: one reading of what a question asks, not two.
_ANSWER_KIND: dict[str, AnswerKind] = {
    "person": "name", "name": "name", "organisation": "name", "place": "place", "date": "date", "year": "date",
}


def answer_kind_of(asked: Asked | None) -> AnswerKind | None:
    """The coarse kind of the span that answers (name, place, number, date), from its fine kind."""
    if asked is None or asked.kind == "role":
        return None  # a title or role is a common noun phrase: no coarse kind checks it
    return _ANSWER_KIND.get(asked.kind, "number")


def asked_kind(question: str) -> AnswerKind | None:
    """What a factoid question asks for, or None (why, how, what happened, summaries)."""
    return answer_kind_of(span_asked(question, what_it_asks(question)))


# --- quantities, names, reasons (the extractive scorer's answer types) -------------------------
# Words that ask for a quantity; the answer then needs a number in it.
# A generic answer-type lexicon: quantities people ask about in news.
_QUANTITY_QUESTION = re.compile(
    r"\b(how (many|much|old|long|far|big|tall|high)|what (percentage|proportion|number|amount)"
    r"|price|cost|salary|wage|population|capacity|budget|revenue|percentage|age of|score"
    r"|πόσ|ποσ|τιμή|κόστος|μισθ|πληθυσμ|χωρητικότητα|προϋπολογισμ|ποσοστ)",
    re.IGNORECASE,
)
# Questions whose answer is a sum of money: it needs a currency beside its number.
# Words that name a sum of money (folded); a bare «πόσο» ("how much") asks a sum too, or a measure.
_MONEY_WORDS = (r"\b(price|cost|costs|costing|salary|wage|wages|fee|fees|fine|fined|bail|bond|budget"
                r"|revenue|money|worth|spend|spent|compensation|bonus)\b"
                r"|τιμη|κοστ|μισθ|αμοιβ|προστιμ|εγγυηση|χρηματ|προυπολογισμ|δαπαν|αποζημιωσ|αξιζ")
_MONEY_QUESTION = re.compile(_MONEY_WORDS + r"|ποσο\b")
_NAMES_MONEY = re.compile(_MONEY_WORDS)
_ASKS_AGE_OR_TIME = re.compile(
    r"\b(how old|what age|aged|when|what time|what year|what date|which year|which day|how long)\b"
    r"|ηλικι|χρονων|ετων|ποτε|τι ωρα|ποια χρονια|ποια ημερα|ποια μερα|ποσο καιρο|ποσα χρονια|ποσεσ ωρεσ",
    re.IGNORECASE,
)
# Questions that ask for a person, a group or a thing by name; and for a reason.
_ENTITY_QUESTION = re.compile(
    r"\b(who|whom|whose|which|what (team|club|company|country|city|newspaper|party|title|name))\b"
    r"|\bποι(ος|α|ο|ον|ου|ας|οι|ες|ων|ους)\b",
    re.IGNORECASE,
)
_REASON_QUESTION = re.compile(r"\b(why|for what reason|γιατί|για ποιον λόγο|για ποιο λόγο)\b", re.IGNORECASE)


# Questions whose answer takes more than one sentence: reasons, summaries, lists, what was said.
_SEVERAL_QUOTES = re.compile(
    r"\b(why|for what reason|summar\w*|list|what (were|are) the|which (were|are) the|what was (said|discussed|agreed)"
    r"|what did .* (say|discuss|agree)|topics|measures|reasons|details"
    r"|γιατί|για ποιο λόγο|για ποιον λόγο|περίληψη|συνοψ\w*|ποια (είναι|ήταν) τα|ποιες (είναι|ήταν) οι"
    r"|τι συζητ\w*|τι είπε|τι δήλωσε|τι συμφων\w*|θέματα|μέτρα|λόγοι|λεπτομέρειες)\b",
    re.IGNORECASE,
)


def several_quotes(question: str) -> bool:
    """Does the answer take more than one sentence (why, summaries, lists, what was said)?"""
    return bool(_SEVERAL_QUOTES.search(question))


def asks_money(question: str) -> bool:
    return bool(_MONEY_QUESTION.search(fold(question)))


def names_money(question: str) -> bool:
    """Does the question name a sum (a price, a cost, a salary), not only ask «πόσο»?"""
    return bool(_NAMES_MONEY.search(fold(question)))


def asks_quantity(question: str) -> bool:
    return bool(_QUANTITY_QUESTION.search(question)) or asks_money(question)


def asks_age_or_time(question: str) -> bool:
    return bool(_ASKS_AGE_OR_TIME.search(fold(question)))


def asks_entity(question: str) -> bool:
    return bool(_ENTITY_QUESTION.search(question))


def asks_reason(question: str) -> bool:
    return bool(_REASON_QUESTION.search(question))


_YES_NO = re.compile(r"^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|μηπωσ)\b")
# --- what it asks, finer ------------------------------------------------------------------------
# Matched on folded text; the match that starts first names what the question asks, and of two at
# one place the earlier entry here (``what_it_asks``).
_ASKS: tuple[tuple[Asks, re.Pattern[str]], ...] = (
    ("why", re.compile(r"\b(why|for what reason|how come|γιατι|για ποιο λογο|για ποιον λογο)\b")),
    # "What is the population of …", «Ποιος είναι ο μισθός …»: a quantity noun after "what is" (asked.py)
    ("how_much", ATTRIBUTE_AMOUNT_Q),
    ("how_many", ATTRIBUTE_COUNT_Q),
    ("how_old", re.compile(r"\b(how old|what age|at what age|age of|ποσο χρονων|ποσων (χρονων|ετων)"
                           r"|τι ηλικια|σε ποια ηλικια|ποια (ειναι|ηταν) η ηλικια)")),
    ("which_year", re.compile(r"\b(what year|which year|in what year|since (what|which) year"
                              r"|ποια χρονια|ποιο ετοσ|ποια ετη|τι χρονια|απο ποτε)\b")),
    ("how_long", re.compile(r"\b(how long|for how many (years|months|days|hours)|ποσο καιρο|ποση ωρα"
                            r"|ποσα χρονια|ποσουσ μηνεσ|ποσεσ (μερεσ|ημερεσ|ωρεσ|εβδομαδεσ)|ποσο διαρκ)")),
    ("when", _DATE_QUESTION),
    ("how_much", re.compile(r"\b(how much|what (price|cost|amount|sum)|ποσο (κοστ|στοιχ|ποσο)|ποσα (χρηματα|λεφτα)"
                            r"|τι ποσο|ποιο (το )?ποσο)")),
    ("how_much", MEASURE_Q),  # a size or a distance: a number with its unit answers it
    ("how_many", re.compile(r"\b(how many|what (number|percentage|proportion|share)|ποσοι|ποσεσ|ποσα|ποσουσ|ποσων"
                            r"|τι ποσοστο|ποσο ποσοστο)\b")),
    ("where", _PLACE_QUESTION),
    ("summary", re.compile(r"\b(summar\w*|what happened|what (was|were) (said|discussed|agreed|decided)"
                           r"|what did .* (say|discuss|agree|decide|announce)|tell me about"
                           r"|περιληψη|συνοψ\w*"
                           r"|τι (εγινε|συνεβη|συζητ\w*|ειπε|δηλωσε|συμφων\w*|αποφασ\w*|ανακοιν\w*))")),
    ("who", re.compile(r"\b(who|whom|whose|ποιοσ|ποιον|ποιοι|ποιουσ|ποιανου)\b")),
    ("which", re.compile(r"\b(which|what (team|club|company|country|city|newspaper|party|title|name|organi[sz]ation"
                         r"|ship|airline|group)|ποια|ποιο|ποιεσ|ποιου|ποιασ|ποιων|πωσ (λεγεται|ονομαζεται)"
                         r"|τι ονομα)\b")),
    ("yes_no", _YES_NO),
    ("what", re.compile(r"^(what|τι)\b|\b(what|τι)\b")),
)


def what_it_asks(question: str) -> Asks:
    """The question word's meaning: who, which, when, how_many … or other.

    The question word that comes first decides ("What happened when …" is a summary, "How far …
    when …" a measure); two at one place, the earlier of ``_ASKS`` ("which year" over "which").
    """
    folded = fold(question)
    # "Did he say who …": a yes / no opening counts only when no question word follows
    readings = [(match.start(), rank, asks) for rank, (asks, pattern) in enumerate(_ASKS)
                if asks != "yes_no" and (match := pattern.search(folded)) is not None]
    where = WHERE_GREEK.search(question)
    if where is not None:
        readings.append((where.start(), -1, "where"))
    if readings:
        return min(readings)[2]
    return "yes_no" if _YES_NO.search(folded) else "other"


# --- named things and numbers -----------------------------------------------------------------
_PLACE_BEFORE = folded_words("in at to from near into στην στη στο στον στις στους στα σε από προς")


@dataclass(frozen=True)
class NamedThing:
    """A name the question is about, as written, with the ``name_key`` of each of its words."""

    text: str
    keys: tuple[str, ...]  # index.text.name_key of its words (particles aside), Greek and Latin alike
    words: tuple[str, ...]  # its words as written ("Libya's" without "'s"), particles aside
    kind: NamedKind = "other"  # a best guess: a CLDR country or city, or after "in"/"στην", is a place


@dataclass(frozen=True)
class NumberMention:
    """A number the question states ("800 people", "τρία πλοία", "2014"), with what it counts."""

    text: str  # as written
    values: frozenset[Decimal]
    noun: str | None  # the word after it, when that is a word ("people", "πλοία")
    is_year: bool = False


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d+))?(?:%)?(?![\w])")
# An ordinal in digits: "71ο λεπτό", "the 52nd minute" (one digit is too often written as a word: «δεύτερο»).
_ORDINAL = re.compile(r"(?<![\w.,])(\d{2,})(?:ος|ης|ου|ων|ο|η|st|nd|rd|th)(?!\w)")
_NOT_A_NOUN = folded_words(
    "and of the in on at to for from was were is are και του της των τον την το τα σε στο στη στην με για από που"
)


def _noun_after(text: str, end: int) -> str | None:
    match = re.match(r"\s*%?\s*([^\W\d_]{2,})", text[end:])
    if match is None or fold(match.group(1)) in _NOT_A_NOUN:
        return None
    return match.group(1)


def _in_compound(text: str, word: re.Match[str]) -> bool:
    """Is a number word hyphenated to a word that is not a number ("four-day week", "two-thirds")? Such a
    compound describes ("a four-day week", Greek «τετραήμερη»): it states no number of its own."""
    after = re.match(r"-([^\W\d_]+)", text[word.end() :])
    before = re.search(r"([^\W\d_]+)-$", text[: word.start()])
    return any(part is not None and fold(part.group(1)) not in NUMBER_WORDS for part in (after, before))


def numbers_of(text: str) -> tuple[NumberMention, ...]:
    """The numbers ``text`` states, in digits or as number words, with the noun each counts."""
    found: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        integer, fraction = match.group(1), match.group(2)
        digits = re.sub(r"[.,]", "", integer)
        values = {Decimal(digits)}
        if fraction is not None:
            values = {Decimal(f"{digits}.{fraction}")}
        elif re.fullmatch(r"\d{1,3}[.,]\d{3}", integer):
            values.add(Decimal(integer.replace(",", ".")))  # "1.200" may be 1.2 in English
        is_year = fraction is None and bool(re.fullmatch(r"(?:1[89]|20)\d\d", integer))
        found.append(NumberMention(match.group(0), frozenset(values), _noun_after(text, match.end()), is_year))
    for match in _ORDINAL.finditer(text):
        ordinal = frozenset({Decimal(match.group(1))})
        found.append(NumberMention(match.group(0), ordinal, _noun_after(text, match.end())))
    for match in _WORD.finditer(text):
        value = NUMBER_WORDS.get(fold(match.group(0)))
        if value is not None and not _in_compound(text, match):
            found.append(NumberMention(match.group(0), frozenset({Decimal(value)}), _noun_after(text, match.end())))
    return tuple(sorted(found, key=lambda n: text.find(n.text)))


def _kind(text: str, start: int, words: Sequence[str]) -> NamedKind:
    before = text[:start].split()
    if before and fold(before[-1]) in _PLACE_BEFORE:
        return "place"
    if len(words) >= 2:
        return "person"
    return "other"


def named_things(text: str) -> tuple[NamedThing, ...]:
    """The names of ``text`` (capitalised runs, either script), keyed across scripts and inflection."""
    found: list[NamedThing] = []
    position = 0
    for joined, keyed in name_runs(text):
        run = joined.split()
        start = text.find(run[0], position)
        end = text.find(run[-1], max(start, 0) + len(run[0]) if len(run) > 1 else max(start, 0)) + len(run[-1])
        written = text[start:end] if start >= 0 and end > start else joined  # as written: "al-Namroush"
        position = max(position, end)
        before = re.search(r"([A-Z][a-z]+)\s+$", text[: max(start, 0)])
        if before and greek_stems(f"{before.group(1)} {written}"):
            # "United States", "North Korea": a word names leave out as a title, part of a CLDR name
            written, start = f"{before.group(1)} {written}", before.start(1)
            keyed = ((before.group(1), name_key(before.group(1))), *keyed)
        words = tuple(re.sub(r"['’]s$", "", w) for w, _ in keyed)
        keys = tuple(k for _, k in keyed if k)
        if not keys:
            continue
        kind: NamedKind = "place" if greek_stems(" ".join(words)) or any(is_place(w) for w in words) else _kind(
            text, start, words)
        found.append(NamedThing(written, keys, words, kind))
    return tuple(found)


# --- time -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimedQuestion:
    """A question's time, with what it inherits from the turn it follows up."""

    question: TimeQuery
    history: tuple[Turn, ...]  # earlier turns with their time expressions taken out

    @property
    def uses_time(self) -> bool:
        q = self.question
        return q.period is not None or q.latest or q.asks_when


def time_in_context(
    question: str, history: Sequence[Turn], today: date, follows: Callable[[str], bool] = is_follow_up
) -> TimedQuestion:
    """The question's time; a follow-up keeps the period of the turn before ("and in April?")."""
    parsed = parse_time(question, today)
    stripped = tuple(Turn(parse_time(t.question, today).text, t.answer) for t in history)
    if history and follows(question):
        previous = time_in_context(history[-1].question, history[:-1], today, follows).question
        if previous.period is not None:
            if parsed.period is None:
                parsed = replace(parsed, period=previous.period, relative=previous.relative)
            elif not parsed.relative and not re.search(r"\d{4}", parsed.expression or ""):
                # A month or day without a year: the one nearest the period asked about before.
                parsed = parse_time(question, previous.period.start, nearest_year=True)
    return TimedQuestion(parsed, stripped)


# The expression describes its event: a weekday, a day or month written without its year, or a
# possessive ("this year's summit", "yesterday's match") — not a period the question asks about.
_WEEKDAY_WORD = re.compile(
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|δευτερα|τριτη|τεταρτη|πεμπτη|παρασκευη|σαββατο|κυριακη"
)
_POSSESSIVE_TIME = re.compile(r"['’]s\b|\b(?:φετιν|περσιν|χθεσιν|σημεριν)\w*")
_PERIOD_QUESTION = re.compile(
    r"\b(what happened|what (is|was) new|news|τι (εγινε|συνεβη|νεα)|ειδησ|νεα|εξελιξ)\b"
)


def time_role(text: str, time: TimeQuery, names: Sequence[NamedThing]) -> TimeRole | None:
    """Whether the question's time expression is a period to filter to, the event's own time, or "latest".

    ``names``: the question's ``named_things``."""
    if time.period is None:
        return "latest" if time.latest else None
    written = fold(time.expression or "")
    # "news" inside a name ("Fox News Sunday") does not make a question about a period
    unnamed = text
    for thing in names:
        unnamed = unnamed.replace(thing.text, " ")
    asks_period = bool(_PERIOD_QUESTION.search(fold(unnamed)))
    if not asks_period and (
        _WEEKDAY_WORD.search(written)
        or (not re.search(r"\d{4}", written) and not time.relative)
        or _POSSESSIVE_TIME.search(fold(text))
    ):
        return "event_time"
    return "period"


# --- the analysis -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Question:
    """Everything the answering parts need to know about one question, read once.

    Fields are added, never renamed: other branches build on them.
    """

    text: str  # the question, white space folded
    language: Language
    asks: Asks  # what it asks, finer (who / which / how_many / why / summary …)
    answer_kind: AnswerKind | None  # the span a short answer looks for (name, place, number, date)
    names: tuple[NamedThing, ...]
    numbers: tuple[NumberMention, ...]
    timed: TimedQuestion  # its time (inherited by a follow-up) and the history with times taken out
    time_role: TimeRole | None
    follows_up: bool  # leans on the previous turn
    previous: str | None  # the question it follows up
    search_text: str  # what to search with: a follow-up joined to the previous question, time taken out
    asks_quantity: bool = False  # needs an amount in its answer (how many / how much / price …)
    asks_money: bool = False
    asks_age_or_time: bool = False  # an age, a date or a stretch of time answers it
    asks_entity: bool = False  # who / which: a new name in a sentence answers it
    asks_reason: bool = False
    wants_several_quotes: bool = False  # why / summary / list: the answer takes several sentences
    today: date = field(default_factory=date.today)
    # the kind of span that answers it, finer than ``asks`` (bot.question.asked): a person for "which
    # designer", a place for "which city", the noun of "how many X"; None for why, summaries, yes / no
    asked_span: Asked | None = None
    # what kind of message it is (bot.question.intent): a question, small talk, or a request for the headlines
    intent: Intent = "question"
    # with intent "more_about": the listed article the message picks ("2" after "What's new?")
    picked: ListPick | None = None

    @property
    def time(self) -> TimeQuery:
        return self.timed.question

    @property
    def period(self) -> Period | None:
        return self.timed.question.period

    @property
    def name_keys(self) -> frozenset[str]:
        return frozenset(key for thing in self.names for key in thing.keys)

    def with_search_text(self, search_text: str) -> Question:
        """The same question searched with another text (an LLM's standalone rewrite of a follow-up)."""
        return replace(self, search_text=search_text)


# How many turns back a list of articles can still be picked from by its numbers.
_LIST_TURNS = 3


def analyse(text: str, history: Sequence[Turn] = (), today: date | None = None) -> Question:
    """Read ``text`` (with the turns before it) once into a ``Question``."""
    text = " ".join(text.split())
    today = today or date.today()
    timed = time_in_context(text, history, today, is_follow_up)
    follows = bool(history) and is_follow_up(text)
    names = named_things(text)
    role = time_role(text, timed.question, names)
    if follows and role == "event_time":
        # "and in April?" after a question about a period asks about the next period
        before = history[-1].question
        if time_role(before, parse_time(before, today), named_things(before)) == "period":
            role = "period"
    # The event's own time stays in what is searched ("the strike in November"): it describes the story.
    searched = standalone_question(text, history) if role == "event_time" else standalone_question(
        timed.question.text, timed.history)
    asks = what_it_asks(text)
    span = span_asked(text, asks)
    # "What's new in January 2024?" is a news request for a period: the period is read, not a topic.
    expression = timed.question.expression
    intent = intent_of(text.replace(expression, " ") if expression else text, after_a_turn=bool(history))
    # "2", "and the third?": an article of the last list the bot sent (within the last few turns)
    listing = next((turn for turn in reversed(history[-_LIST_TURNS:]) if lists_articles(turn.answer)), None)
    picked = pick_from_list(text, listing.answer) if listing is not None else None
    if picked is not None:
        intent = "more_about"
    return Question(
        text=text,
        # "2" picks an article of the list before: the reply keeps the language the list was asked in
        language=question_language(listing.question if listing is not None and picked is not None else text),
        asks=asks,
        answer_kind=answer_kind_of(span),
        names=names,
        numbers=numbers_of(text),
        timed=timed,
        time_role=role,
        follows_up=follows,
        previous=history[-1].question if follows else None,
        search_text=searched,
        asks_quantity=asks_quantity(text),
        asks_money=asks_money(text),
        asks_age_or_time=asks_age_or_time(text),
        asks_entity=asks_entity(text),
        asks_reason=asks_reason(text),
        wants_several_quotes=several_quotes(text),
        today=today,
        asked_span=span,
        intent=intent,
        picked=picked,
    )


def as_question(question: Question | str, today: date | None = None) -> Question:
    """A ``Question`` as it is, or a bare string analysed on its own (tests, benchmarks, old callers)."""
    return question if isinstance(question, Question) else analyse(question, (), today)


__all__ = [
    "AnswerKind", "Asks", "Intent", "NamedThing", "NumberMention", "Question", "TimeRole",
    "TimedQuestion", "analyse", "as_question", "asked_kind", "asks_money", "asks_quantity", "is_follow_up",
    "named_things", "names_money", "numbers_of", "question_language", "standalone_question", "time_in_context",
    "what_it_asks",
]
