"""The short answer that opens a factoid reply: the span of the best quote that answers the question.

Picked by rules over the quote and the kind of thing the question asks for (a person or name,
a number with its unit, a date, a place); None when the quote holds nothing of that kind that
the question does not already say. For an English question a Greek name is also given in Latin
script (ELOT 743), since the reader may not read Greek.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.answering.name_keys import (
    MIN_KEY,
    alike_first_names,
    holds,
    holds_any,
    keyed,
    keys_of,
    names_of_thing,
    same_name_word,
    word_keys,
)
from bot.answering.premise import article_words, checkable, has_named
from bot.answering.role_spans import roles_beside, someone_else_of_the_name
from bot.answering.short_confidence import confidence
from bot.answering.span_kinds import MATCH, SpanKind, name_kind, number_kind
from bot.question.analysis import AnswerKind, NamedThing, Question, as_question, asked_kind, is_follow_up
from bot.question.asked import FORMER, SCALE_WORDS, TIME_UNIT, Asked, is_role_word, is_title, time_unit
from bot.question.names import FUNCTION_WORDS
from bot.question.role_words import greek_stems_of_noun, names_another_kind
from index.place_names import greek_stems, initials_name, is_place, place_code
from index.text import (
    MONTH_NAMES,
    NUMBER_WORDS,
    WEEKDAY_NAMES,
    fold,
    is_greek,
    latin_skeleton,
    name_key,
    name_readings,
    romanise,
)

QUOTE_RANK_PENALTY = 0.5  # a name from the second quote must score this much better than the first's
PLACE_FOR_PERSON_PENALTY = 3.0  # a "who" question is not answered by a name the quotes use as a place
REPEAT_BONUS = 1.5  # per other quote naming it too: the quotes keep returning to who the answer is

def _aligned_fold(text: str) -> str:
    """``fold`` one character at a time, so positions in the result are positions in ``text``."""
    return "".join((fold(ch) or ch)[0] for ch in text)


_DATE = re.compile(
    r"(?:(?:" + WEEKDAY_NAMES + r")\w*,?\s+)?\d{1,2}(?:η|th|st|nd|rd)?\s+(?:" + MONTH_NAMES
    + r")\w*(?:\s+(?:του\s+)?\d{4})?"
    r"|(?:" + MONTH_NAMES + r")\w*\s+(?:\d{1,2},?\s+)?(?:του\s+)?\d{4}"
    r"|(?:" + MONTH_NAMES + r")\w*\s+\d{1,2}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b(?:1[5-9]|20)\d\d\b(?:\s*(?:-|–|έως|to)\s*(?:1[5-9]|20)?\d\d\b)?"
    r"|\b(?:" + WEEKDAY_NAMES + r")\w*"
    r"|\b(?:χθεσ|προχθεσ|σημερα|αυριο|yesterday|today|tomorrow)\b"
)
_MONTH_ONLY = re.compile(r"(?:" + MONTH_NAMES + r")\w*")
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
    r"|that|ενω|οπωσ|was|were|ειναι|ηταν|is|are|ανα|per|each|a|an)\b"
)
# A number with what it counts: "308 πόντους", "5 εκατ. ευρώ", "τέσσερα πλοία", "12,5%"; an age compound
# is read whole: «13χρονο» is an age, not a count of 13.
_NUMBER_OR_WORD = r"(?:\d+(?:[.,]\d+)*(?:χρον\w*)?|\b(?:" + _NUMBER_WORD + r")\b)"
_RANGE_JOIN = r"(?:-|–|εωσ|ωσ|to|μεχρι)"  # "30 έως 43", "5 to 10": one amount
_AMOUNT = re.compile(
    r"(?:[$€£]\s*)?" + _NUMBER_OR_WORD + r"(?:\s*" + _RANGE_JOIN + r"\s*" + _NUMBER_OR_WORD
    + r"|\s+σε\s+\d+(?:[.,]\d+)*)?(?:\s*%)?"  # «από 415.000 σε 587.000 τετραγωνικά»: one change, one unit
    r"(?:\s+" + _SCALE + r")?(?:\s*" + _CURRENCY + r")?"
    r"(?:\s+(?!" + _BREAK + r")[^\W\d_]{3,}){0,2}"
)
# Numbers as words, so "τρία επίπεδα" is known to repeat a question's "3 επίπεδα" (here "one"
# counts too: a span that says it repeats a question's "1" either way).
_WORD_VALUES = {**{word: str(value) for word, value in NUMBER_WORDS.items()}, "ενα": "1", "μια": "1", "one": "1"}
# Greek "ένα", "μια" are far more often the indefinite article than the number one.
_INDEFINITE = re.compile(r"(?:ενα|μια|ενασ)\b")
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


def _script(word: str) -> str:
    """"greek" or "latin" by the word's first letter ("" without one)."""
    letter = next((ch for ch in word if ch.isalpha()), "")
    return "" if not letter else "greek" if is_greek(letter) else "latin"


def _name_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of runs of capitalised words (particles allowed inside)."""
    tokens = list(re.finditer(r"\S+", sentence))
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not _CAPITALISED.fullmatch(tokens[i].group(0).strip(",.;:?!»«\"()")):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            nxt = tokens[j + 1].group(0)
            if re.search(r"[,.;:»)]$", tokens[j].group(0)) or nxt.startswith(("(", "«", "\"")):
                break  # punctuation or a bracket ends a name
            bare = nxt.strip(",.;:?!»«\"()")
            latin = _script(tokens[j].group(0)) == "latin"
            if latin and _script(bare) == "greek":
                break  # "Tennessee State Ροντ Ριντ" are two names; «Ιατρικό Κέντρο Vanderbilt» is one
            if _CAPITALISED.fullmatch(bare) or (latin and re.fullmatch(r"\d{1,4}", bare)):
                j += 1  # "Channel 5", "Bellator 206": a Latin-script name may end in its number
            elif fold(bare) in _NAME_PARTICLES and j + 2 < len(tokens) and _CAPITALISED.fullmatch(
                    tokens[j + 2].group(0).strip(",.;:?!»«\"()")):
                j += 2
            else:
                break
        runs.append((tokens[i].start(), tokens[j].end()))
        i = j + 1
    return runs


def _clean(span: str) -> str:
    return span.strip(" ,.;:»«\"()")


def _masked(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with what ``pattern`` matches (in its folded form) blanked out, positions kept."""
    folded = _aligned_fold(text)
    chars = list(text)
    for match in pattern.finditer(folded):
        chars[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(chars)


def content_stems(text: str) -> set[str]:
    """Folded 5-letter stems of the words of 4 letters or more."""
    return {w[:5] for w in re.findall(r"[^\W\d_]{4,}", fold(text))}


def _near_question(sentence: str, start: int, end: int, stems: Iterable[str], window: int = 40) -> int:
    """How many of the question's word stems begin a word within ``window`` characters of a span."""
    text = sentence[max(0, start - window) : start] + " " + sentence[end : end + window]
    around = re.findall(r"[^\W\d_]{4,}", fold(text))
    return sum(1 for stem in stems if any(word.startswith(stem) for word in around))


# --- The question's words and names, compared across scripts and Greek inflection ----------------

# Question words and the words every question has: never "what the question is about".
_QUESTION_WORDS = frozenset((
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much", "old", "long",
    "ποιοσ", "ποια", "ποιο", "ποιον", "ποιοι", "ποιεσ", "ποιου", "ποιασ", "ποιων", "ποιουσ", "ποτε", "που", "πωσ",
    "ποσοσ", "ποση", "ποσο", "ποσοι", "ποσεσ", "ποσα", "ποσουσ", "ποσων", "γιατι", "τι",
))  # folded


def _question_names(question: str) -> list[tuple[str, ...]]:
    """The question's named things (capitalised words after its first): each word's name key, with
    its CLDR place code when it names a place."""
    names: list[tuple[str, ...]] = []
    for start, end in _name_runs(question):
        for word in re.findall(r"[^\W\d_]+", question[start:end]):
            if (start == 0 and question.startswith(word)) or fold(word) in _QUESTION_WORDS or len(word) < MIN_KEY:
                continue
            if fold(word) not in _NAME_PARTICLES:
                names.append(word_keys(word))
    return names


def _names_of(analysed: Question) -> tuple[tuple[str, ...], ...]:
    """The analysis's named things, word by word: each word's name keys, with its CLDR place code."""
    return tuple(name for thing in analysed.names for name in names_of_thing(thing))


@dataclass(frozen=True)
class _Asking:
    """A question read once for the short answer: what it asks, its words, names, numbers and stems."""

    text: str
    asked: Asked
    words: tuple[str, ...]
    names: tuple[tuple[str, ...], ...]  # each named thing: its name key (and CLDR place code)
    numbers: frozenset[str]
    stems: frozenset[str]
    things: tuple[NamedThing, ...] = ()  # the named things, as the analysis found them
    near_stems: frozenset[str] = frozenset()  # ``stems`` and the Greek stems of its CLDR names ("Turkish": τουρκ)
    asks: str = ""  # the question word's reading (``Question.asks``): "how_many", "which" ...

    @classmethod
    def read(cls, question: str, asked: Asked, analysed: Question | None = None) -> _Asking:
        """The question's words, numbers and stems; its named things from the analysis (``analysed``)."""
        # Its words: all of 4 letters or more, and capitalised ones of 3 ("Kit", "Ρος").
        words = tuple(k for w, k in zip(re.findall(r"[^\W\d_]+", question), _keys_all(question), strict=True)
                      if fold(w) not in _QUESTION_WORDS and (len(w) >= 4 or (len(w) == 3 and w[:1].isupper())))
        words += tuple(alternative for name in _question_names(question) for alternative in name[1:])
        numbers = frozenset(re.findall(r"\d+(?:[.,]\d+)*", question)) | frozenset(
            _WORD_VALUES[w] for w in fold(question).split() if w in _WORD_VALUES and w not in ("ενα", "μια"))
        numbers |= frozenset(n.text.rstrip("%") for n in (analysed or as_question(question)).numbers)
        analysed = analysed or as_question(question)
        stems = frozenset(content_stems(question))
        exonyms = frozenset(stem for w in re.findall(r"[^\W\d_]{4,}", question)
                            if w[:1].isupper() and not is_greek(w) for stem in greek_stems(w) if " " not in stem)
        return cls(question, asked, words, _names_of(analysed), numbers, stems, analysed.names, stems | exonyms,
                   analysed.asks)


def _keys_all(text: str) -> list[str]:
    return [name_key(w) for w in re.findall(r"[^\W\d_]+", text)]


# --- Quotes and candidates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    """A sentence the answer may quote, with what the scorer said of it."""

    sentence: str
    score: float = 0.0  # the sentence's score (bot.answering.extractive)
    overlap: float = 0.0  # the share of the question's terms it holds
    before: str = ""  # the sentence before it in its article: "he" there may name the question's subject
    article: str = ""  # the text it was retrieved with (its chunk), when known


@dataclass(frozen=True)
class _Candidate:
    span: str
    kind: SpanKind
    quote: int
    match: float  # how well its kind answers the question (span_kinds.MATCH)
    score: float
    near: int  # the question's word stems around it
    named_as_asked: bool = False  # the noun the question asks for stands just before it ("μουσικό, τον Λιντ")
    latin_in_greek: bool = False  # a Latin-script name in a Greek sentence, for "which X" (not a person or place)
    beside_question_name: bool = False  # joined by "and" to a name of the question: its partner, not the answer


@dataclass(frozen=True)
class ShortAnswer:
    """The short answer: its text as shown, the span as quoted, where it came from and how sure it is."""

    text: str
    span: str
    kind: SpanKind
    quote: int  # index of the quote it was taken from
    features: dict[str, float]
    confidence: float


KIND_WEIGHT = 3.0  # a span of the asked kind over one that only may be it


def _names_in(asking: _Asking, quotes: Sequence[Quote], rank: int, excluded: Sequence[str],
              places: frozenset[str]) -> list[_Candidate]:
    """Capitalised runs of the quote ``rank`` that may answer a person / place / name question."""
    sentence = quotes[rank].sentence
    found = []
    runs = _name_runs(sentence)
    own = [(s, e) for s, e in runs if any(holds(asking.words, k) for k in keys_of(sentence[s:e]))]
    for start, end in runs:
        span = _clean(sentence[start:end])
        words = span.split()
        opening = start == 0 or sentence[start] in "«\"" or sentence[:start].rstrip().endswith(("«", "\"", ":"))
        if opening and words and fold(words[0]) in _OPENING_WORDS:
            words = words[1:]  # a sentence's or a quote's first word is capitalised: "Ο", "Στην" are not names
            span = " ".join(words)
            start += len(sentence[start:end]) - len(span) if span else 0
        while words and fold(words[-1]) in FUNCTION_WORDS:
            words = words[:-1]  # "Τόρις Το": a sentence that began without a full stop
            span = " ".join(words)
        if not span or (start == 0 and len(words) == 1):
            continue
        titled = [i for i, w in enumerate(words[:-1]) if is_title(w)] if asking.asked.kind == "person" else []
        if titled and not any(is_title(w) for w in words[titled[-1] + 1 :]):
            first = titled[-1] + 1
            while first < len(words) - 2 and fold(words[first]).endswith(_COMPLEMENT_ENDINGS):
                first += 1  # «Υπουργός Ενέργειας Αλεξάντρ Νόβακ»: what the office is of, then the full name
            if not fold(words[first]).endswith(_OBLIQUE_ENDING + _GENITIVE_ENDINGS):
                # «Πρόεδρος Τζορτζ Ιβάνοβ», «Εργατικός Λόρδος Άδωνις»: a capitalised title, then the name
                start, words, span = _from_word(sentence, start, words, first)
        if any(is_title(w) for w in words) and all(is_title(w) or is_place(w) for w in words):
            continue  # "Τούρκο Αρχηγό", "President": a title (and a demonym) names no one
        if _DATE.fullmatch(fold(span)) or _MONTH_ONLY.fullmatch(fold(span)):
            continue  # "Μάιο", "Δευτέρα": capitalised, but dates
        lead = 0
        while lead < len(words) and any(holds(asking.words, k) for k in keys_of(words[lead])):
            lead += 1
        if lead > 0 and len(words) - lead >= 2:
            # "των Τζάιαντς Άνταμ Κιφ": the question's team, then a full name of someone else
            start, words, span = _from_word(sentence, start, words, lead)
        if len(words) >= 3 and (is_place(words[0]) or _ACRONYM.fullmatch(words[0])) and not is_place(words[1]):
            # «του Προέδρου της Ινδονησίας Τζόκο Ουιντόντο», «Υπουργό Ενέργειας των ΗΠΑ Ρικ Πέρι»: the
            # country or body whose office it is, then the name
            start, words, span = _from_word(sentence, start, words, 1)
        keys = keys_of(span)
        if not keys or any(holds(asking.words, k) or holds(excluded, k) for k in keys):
            continue  # a word of the question, or who the previous answer was about
        kind = name_kind(sentence, start, span)
        match = MATCH[asking.asked.kind].get(kind, 0.0)
        if not match or (asking.asked.kind in ("name", "place") and names_another_kind(asking.asked.noun, words)):
            continue  # not of the asked kind; or an airport's name for "which hospital"
        near = _near_question(sentence, start, start + len(span), asking.near_stems)
        score = KIND_WEIGHT * match + 0.5 * min(len(words), 3) + 0.5 * near - 0.01 * start / max(len(sentence), 1)
        titled_as_asked = _title_words_asked(asking, sentence, keys) if asking.asked.kind == "person" else None
        score += TITLE_WORD_BONUS * max(titled_as_asked or 0, 0)
        if asking.asked.kind == "person" and fold(words[-1]) in places:
            score -= PLACE_FOR_PERSON_PENALTY
        if all(fold(w).endswith(_OBLIQUE_ENDING) for w in words if fold(w) not in _NAME_PARTICLES):
            score -= 2  # "του Γενικού Επιτελείου": a genitive or an adjective names an office
        before = fold(sentence[:start].split()[-1]) if sentence[:start].split() else ""
        if asking.asked.kind == "place":
            score += 1.5 if before in _PLACE_PREPOSITIONS else 0.75 if before in _ARTICLES else 0
        # A Greek text keeps an organisation's or a title's own Latin-script name ("Telma TV", "Associated
        # Press"): for "which X" that is not a person or a place, such a name is what the text names.
        kept = asking.asked.kind == "name" and is_greek(sentence) and _script(span) == "latin"
        score += LATIN_NAME_BONUS * kept
        # «ομάδες της Σκωτίας»: a place in the genitive after the asked noun says whose, not which
        whose = (len(words) == 1 and before in _GENITIVE_ARTICLES and fold(words[0]).endswith(_GENITIVE_ENDINGS)
                 and is_place(words[0]))
        named = ((_named_as_asked(asking.asked, sentence, start) or titled_as_asked is not None)
                 and titled_as_asked != ANOTHER_PLACE and not whose)
        beside = any(_joined(sentence[e:start]) or _joined(sentence[end:s]) for s, e in own)
        score += NAMED_AS_ASKED_BONUS * named - BESIDE_QUESTION_NAME_PENALTY * beside
        found.append(_Candidate(span, kind, rank, match, score, near, named, kept, beside))
    return found


TITLE_WORD_BONUS = 0.5  # per word of the question in the title a candidate's sentence gives them


def _title_words_asked(asking: _Asking, sentence: str, keys: Sequence[str]) -> int | None:
    """How many of the question's word stems and named things the title of the asked role beside a candidate name
    holds («ο νέος αρχηγός του επιτελείου της Λιβύης» in «ο νέος Αρχηγός του Γενικού Επιτελείου του Λιβυκού
    Στρατού, αντιστράτηγος Σαλάχ»); None when no title beside it holds the asked role, ``ANOTHER_PLACE`` when
    those that do name another organisation or place than the question's role phrase."""
    noun = fold(asking.asked.noun)
    if len(noun) < 4:
        return None
    role_stems = (greek_stems_of_noun(noun) if is_greek(sentence) and not is_greek(noun) else ()) or (noun[:5],)
    whose = _things_of_the_role(asking)
    best: int | None = None
    another = False
    for role in roles_beside(sentence, lambda word: holds(keys, name_key(word))):
        words = re.findall(r"[^\W\d_]{4,}", fold(role.text))
        if any(word.startswith(role_stems) for word in words):  # the title of the asked role, not another's
            title_keys = keys_of(role.text)
            if whose and not any(keyed(thing, title_keys) for thing in whose) and _names_something(role.text):
                # the role at another place than the question's: «διευθύντρια της Mother» for "at Saatchi"
                another = another or _of_another_country(role.text, whose)
                continue
            held = sum(1 for stem in asking.near_stems if any(word.startswith(stem) for word in words))
            held += sum(1 for thing in asking.things if keyed(thing, title_keys))  # "Libya's" in «Λιβυκού»
            best = max(best or 0, held)
    return best if best is not None else ANOTHER_PLACE if another else None


ANOTHER_PLACE = -1  # _title_words_asked: the asked role beside the name is surely another country's


def _of_another_country(title: str, whose: Sequence[NamedThing]) -> bool:
    """Is a title surely of another country than the question's («Πρόεδρος των ΗΠΑ» for "the president of China"):
    the question's role phrase names a CLDR place, the title names a place (or a country's initials) and none
    is the question's? A demonym or a translated name ("Indonesian", "Labour") proves nothing."""
    asked = {code for thing in whose if (code := place_code(thing.text))}
    if not asked:
        return False
    words = re.findall(r"[^\W\d_]+", title)
    spans = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    named = [span for span in spans if place_code(span) or _ACRONYM.fullmatch(span)]
    return bool(named) and not any(place_code(span) in asked or any(initials_name(span, code) for code in asked)
                                   for span in named)


_RELATIVE = re.compile(r"\b(?:who|whom|which|that|where|when|που|οποι\w*|οπου|οταν)\b|[?;;]")


def _things_of_the_role(asking: _Asking) -> list[NamedThing]:
    """The question's named things in its asked role's phrase: "Saatchi" of "the creative director at Saatchi
    who …", «Μουσείου Γκούγκενχαϊμ» of «ο πρώτος διευθυντής του Μουσείου Γκούγκενχαϊμ»."""
    folded = fold(asking.text)
    at = folded.find(fold(asking.asked.noun)[:5])
    if at < 0:
        return []
    end = _RELATIVE.search(folded, at)
    phrase = folded[at : end.start() if end else len(folded)]
    return [thing for thing in asking.things if fold(thing.text) in phrase]


def _names_something(title: str) -> bool:
    """Does a title name an organisation or a place («του Μουσείου V&A», «της Ogilvy»): a capitalised word that
    is not itself a title, or any Latin-script word of a Greek title (Greek writes its titles in Greek: «της
    Mother» names an agency)?"""
    greek = is_greek(title)
    return any(word[:1].isupper() and (not is_role_word(word) or (greek and _script(word) == "latin"))
               for word in re.findall(r"[^\W\d_][\w&'’.-]*", title))


def _roles_in(asking: _Asking, quotes: Sequence[Quote], rank: int, person: Sequence[str] = ()) -> list[_Candidate]:
    """The titles and roles the quote ``rank`` gives the person the question names ("Who is X?"), or the one
    whose name keys are ``person`` ("And who is he?": the previous answer)."""
    things = [thing for thing in asking.things if thing.kind == "person"] or list(asking.things)
    keys = [key for thing in things for word in thing.words for key in name_readings(word)
            if len(key) >= MIN_KEY] or list(person)
    surnames = [key for thing in things if len(thing.words) > 1 for word in thing.words[1:]
                for key in name_readings(word)]
    if not keys:
        return []
    sentence = quotes[rank].sentence
    found = []
    for role in roles_beside(sentence, lambda word: holds_any(keys, word)):
        last = re.split(r"[-‐]", role.name.split()[-1]) if role.name else []
        if surnames and not any(holds_any(surnames, part) for part in last):
            continue  # a full name is the one whose last name it is: "Peter Murchie" is not «Πίτερ Μπόουν»
        if asking.asked.noun == FORMER and not role.former:
            continue  # "before becoming …" asks a former post: a title without «πρώην» is the present one
        text = _role_not_asked(asking, role.text)
        if not text:
            continue
        near = _near_question(sentence, role.start, role.end, asking.near_stems)
        score = KIND_WEIGHT + 0.5 * near + 0.5 * role.before_name
        found.append(_Candidate(text, "role", rank, 1.0, score, near))
    return found


_ROLE_PARTS = re.compile(r"\s*(?:,|\bκαι\b|\band\b)\s*")
_BEFORE_A_NAME = frozenset({"του", "τησ", "των", "στη", "στην", "στο", "στον", "σε", "of", "the", "at", "in", "for"})


def _head(role: str) -> list[str]:
    """The words of a role before its complement: «εθνική εκπρόσωπος» of «εθνική εκπρόσωπος Τύπου του MoveOn»."""
    words = role.split()
    return words[: next((i for i, w in enumerate(words) if fold(w) in _BEFORE_A_NAME), len(words))]


def _says_the_same_role(head: list[str], stems: tuple[str, ...]) -> bool:
    """Is a role's head the one the question names: all its title words among the question's stems, or, with
    none, any of its words («αναπληρωτής πρωθυπουργός» is another post than "foreign minister")?"""
    words = [fold(w) for w in head if len(w) >= 4]
    titles = [w for w in words if is_role_word(w)]
    if titles:
        return all(w.startswith(stems) for w in titles)
    return any(w.startswith(stems) for w in words)


def _role_not_asked(asking: _Asking, role: str) -> str:
    """``role`` less what the question already says: from a name of the question on ("εκπρόσωπος Τύπου
    του MoveOn" for "… at MoveOn?"), and the roles it names ("before becoming prime minister")."""
    words = role.split()
    cut = next((i for i, w in enumerate(words) if w[:1].isupper() and holds(asking.words, name_key(w))), len(words))
    while cut > 0 and fold(words[cut - 1]) in _BEFORE_A_NAME:
        cut -= 1
    stems = asking.stems | {stem for w in re.findall(r"[^\W\d_]{4,}", asking.text) if not is_greek(w)
                            for stem in greek_stems_of_noun(fold(w))}
    text = " ".join(words[:cut]).rstrip(" ,")
    parts = [p for p in _ROLE_PARTS.split(text) if p]
    kept = [p for p in parts if not _says_the_same_role(_head(p), tuple(stems))]
    if len(kept) == len(parts):
        return text
    return " και ".join(kept) if is_greek(role) else " and ".join(kept)


def _from_word(sentence: str, start: int, words: list[str], first: int) -> tuple[int, list[str], str]:
    """A name run from its word ``first`` on: where it starts in ``sentence``, its words and its text."""
    kept = words[first:]
    return sentence.find(kept[0], start), kept, " ".join(kept)


LATIN_NAME_BONUS = 1.5
_GENITIVE_ENDINGS = ("ασ", "ησ", "ου", "ων")  # folded
# A title's complement in the genitive («Ενέργειας», «Εξωτερικών»); not «-ου», a Greek name's genitive too.
_COMPLEMENT_ENDINGS = ("ασ", "ησ", "ων")
_ACRONYM = re.compile(r"[A-ZΑ-Ω]{2,6}")  # a country's or a body's initials: «ΗΠΑ», «ΟΗΕ», "FBI"
_GENITIVE_ARTICLES = frozenset({"του", "τησ", "των"})
NAMED_AS_ASKED_BONUS = 2.0
BESIDE_QUESTION_NAME_PENALTY = 2.0
_JOINED = re.compile(r"\W*(?:και|κι|and|&|,)\s*(?:(?:ο|η|οι|το|τον|την|the)\s+)?", re.IGNORECASE)


def _joined(between: str) -> bool:
    """Is ``between`` only "and" (or a comma) with an article: "Αγουέρο και ο Στέρλινγκ"?"""
    return bool(between) and _JOINED.fullmatch(fold(between)) is not None


# The Greek title and its genitive complement before a name: «Αρχηγό του Τουρκικού Γενικού Επιτελείου,
# στρατηγό Σελτσούκ» (45 and 60 gave the same on tune; 30 one right answer fewer).
CROSS_SCRIPT_ROLE_WINDOW = 45


def _named_as_asked(asked: Asked, sentence: str, start: int, window: int = 30) -> bool:
    """Does the noun of "which X" / the role of "who is the X" stand just before the span: "μουσικό, τον
    Ντιονίσιο"? Its 5-letter stem, or the Greek stems of an English role in a Greek sentence ("chief":
    «Αρχηγό … αντιστράτηγο Σαλάχ»)."""
    if not asked.noun or len(asked.noun) < 4:
        return False
    noun = fold(asked.noun)
    stems = greek_stems_of_noun(noun) if is_greek(sentence) and not is_greek(noun) else ()
    if stems:
        window = CROSS_SCRIPT_ROLE_WINDOW
    stems = stems or (noun[:5],)
    before = fold(sentence[max(0, start - window) : start])
    return any(word.startswith(stems) for word in re.findall(r"[^\W\d_]+", before))


def _numbers_of(span: str) -> set[str]:
    folded = fold(span)
    return set(re.findall(r"\d+(?:[.,]\d+)*", span)) | {_WORD_VALUES[w] for w in folded.split() if w in _WORD_VALUES}


# A clock time ("10:15", "6:00 πμ", "3 p.m."), for a question that asks the time of day.
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?![\d.,])(?:\s*(?:π\.?\s?μ\.?|μ\.?\s?μ\.?|a\.m\.|p\.m\.|am\b|pm\b))?"
                    r"|\b\d{1,2}\s*(?:π\.?\s?μ\.?|μ\.?\s?μ\.?|a\.m\.|p\.m\.|am\b|pm\b)")
_TIME_OF_DAY_QUESTION = re.compile(r"\b(?:what|which|at what) time\b|\bτι ωρα\b|\bποια ωρα\b")


def _dates_in(asking: _Asking, quotes: Sequence[Quote], rank: int) -> list[_Candidate]:
    sentence = quotes[rank].sentence
    folded_question = fold(asking.text)
    found = []
    if _TIME_OF_DAY_QUESTION.search(folded_question):
        for match in _CLOCK.finditer(_aligned_fold(sentence)):
            raw = _clean(sentence[match.start() : match.end()])
            if raw and fold(raw) not in folded_question:
                near = _near_question(sentence, match.start(), match.end(), asking.near_stems)
                found.append(_Candidate(raw, "date", rank, 1.0, KIND_WEIGHT + 1.0 + 0.5 * near, near))
    for match in _DATE.finditer(_aligned_fold(sentence)):
        raw = _clean(sentence[match.start() : match.end()])
        if not raw or fold(raw) in folded_question:
            continue
        kind: SpanKind = "year" if re.fullmatch(r"\d{4}(?:\s*(?:-|–|έως|to)\s*\d{2,4})?", raw) else "date"
        if asking.asked.kind == "year" and kind == "date":
            year = re.search(r"\b(?:1[5-9]|20)\d\d\b", raw)
            if year:
                raw, kind = year.group(0), "year"  # "since which year": the year, not the month
        if raw in asking.numbers:
            continue
        fit = MATCH[asking.asked.kind].get(kind, 0.0)
        if not fit:
            continue
        near = _near_question(sentence, match.start(), match.end(), asking.near_stems)
        score = KIND_WEIGHT * fit + len(raw) / 20 + 0.5 * near  # the fullest date: "29 Σεπτεμβρίου 2016" over "2016"
        found.append(_Candidate(raw, kind, rank, fit, score, near))
    return found


def _amounts_in(asking: _Asking, quotes: Sequence[Quote], rank: int) -> list[_Candidate]:
    """Numbers with what they count (and ages, durations, percentages) of the quote ``rank``."""
    sentence = quotes[rank].sentence
    asked = asking.asked
    folded_question = fold(asking.text)
    wants_time = asked.kind in ("age", "duration")
    text = sentence if wants_time else _masked(_DATE, sentence)
    money_question = asked.kind == "amount" and bool(
        re.search(r"much|cost|price|money|worth|bond|bail|fee|fine|salary|ποσο\b|κοστ|τιμη|χρημ|αμοιβ|εγγυησ",
                  folded_question))
    patterns = [_AGE_SPAN, _DURATION_SPAN] if wants_time else [_AMOUNT]
    asked_unit = time_unit(folded_question) if asked.kind == "duration" else None
    folded_text = _aligned_fold(text)  # positions in it are positions in ``text``
    found = []
    for pattern in patterns:
        for match in pattern.finditer(folded_text):
            raw = _clean(text[match.start() : match.end()])
            folded = fold(raw)
            if not raw or _numbers_of(raw) & asking.numbers or folded in folded_question:
                continue
            kind = number_kind(raw)
            if not wants_time and kind in ("age", "duration") and _AGE_OR_CLOCK.search(folded):
                continue
            if not wants_time and _SCORE.fullmatch(folded):
                continue  # a result ("5-3", "31-27") counts nothing
            if asking.asks == "how_many" and _ORDINAL_SUFFIX.match(text, match.end()):
                continue  # «50ή επέτειος», "89th minute": which one, not how many
            if asked.kind == "count" and _INDEFINITE.match(folded):
                continue  # «μια συνέντευξη»: the indefinite article, not a count of one
            if asked_unit is not None and time_unit(folded) != asked_unit:
                continue  # «Πόσους μήνες …» asks months: «τρία χρόνια» is another stretch of time
            if asked.measure and kind == "money":
                continue  # «Πόσο μήκος θα έχει ο αγωγός;» asks a length, not what it costs
            if asked.kind == "count" and _measures_instead(asked.noun, folded):
                continue  # «Πόσα βοοειδή …»: «587.000 τετραγωνικά χιλιόμετρα» measures, it counts no cattle
            before = folded_text[: match.start()]
            if _ALL_OF_THEM.search(before):
                continue  # «και οι δύο έφηβοι»: "both were teenagers", not how many there were
            if raw.isdigit() and _LABEL_BEFORE.search(before):
                continue  # «η πτήση 6321», "the flight 6321": a number that names, not one that counts
            fit = MATCH[asked.kind].get(kind, 0.0)
            if not fit:
                continue
            near = _near_question(sentence, match.start(), match.end(), asking.near_stems)
            # What it counts is what the question asks about ("Πόσες οικογένειες" → "300 οικογένειες").
            counted = _counts_asked(asking, raw)
            score = KIND_WEIGHT * fit + 3.0 * counted + near
            score += 3.0 * (money_question and kind == "money")
            score += 0.5 * bool(re.match(r"[$€£]?\s*\d", raw))  # "16.000" over "μισό" when nothing else tells
            score -= 2.0 * bool(_INDEFINITE.match(folded))
            found.append(_Candidate(raw, kind, rank, fit, score, near))
    return found


# Units of measure (folded stems) a number may stand before: such a number measures, it counts nothing.
_MEASURE_UNIT = re.compile(
    r"(?:τετραγωνικ|κυβικ|χιλιομετρ|εκατοστ|χιλιοστ|μετρ(?:α|ων|ο)\b|μιλι(?:α|ων)\b|ποδι(?:α|ων)\b|ιντσ|κιλ(?:α|ων|ο)\b"
    r"|γραμμαρ|τον(?:οι|ουσ|ων)\b|λιτρ|στρεμμ|εκταρ|κομβ|βαθμ"
    r"|square|cubic|kilomet|km\b|metres?\b|meters?\b|miles?\b|feet\b|foot\b|inch|kilos?\b|kg\b|grams?\b|tons?\b"
    r"|tonnes?\b|litres?\b|liters?\b|acres?\b|hectares?\b|knots?\b|degrees?\b)")
_LEADING_NUMBER = re.compile(r"^[$€£]?\s*[\d.,]+(?:\s*(?:" + _RANGE_JOIN + r"|σε)\s*[\d.,]+)?\s*")


def _measures_instead(noun: str, folded_span: str) -> bool:
    """Is the span a measurement (a unit right after its number) where a count of ``noun`` is asked?"""
    after = _LEADING_NUMBER.sub("", folded_span, count=1)
    return bool(after) and bool(_MEASURE_UNIT.match(after)) and not (noun and _MEASURE_UNIT.match(fold(noun)))


def _counts_asked(asking: _Asking, span: str) -> bool:
    """Does ``span`` count what the question asks about ("Πόσες οικογένειες" → "300 οικογένειες")? The asked
    noun decides where it is in the span's script («Πόσα είδη δέντρων»: «είδη», not «390 … δέντρα»);
    else any word of the question."""
    noun = asking.asked.noun
    stems = content_stems(span)
    if noun and is_greek(noun) == is_greek(span):
        return fold(noun)[:5] in stems
    return bool(stems & asking.stems) or bool(noun and fold(noun)[:5] in stems)


# «και οι δύο», «και τα τρία»: "both", "all three" of those already named; they count nothing asked.
_ALL_OF_THEM = re.compile(r"(?:^|\s)και\s+(?:οι|τα|τις|τουσ|των)\s*$")
# Two numbers joined by a dash with nothing counted after them: a score or a result.
_SCORE = re.compile(r"\d{1,3}\s?[-–]\s?\d{1,3}")
# An article and a noun right before a bare number: the number is a label («η πτήση 6321», "the route 66").
# (Not after a genitive article: «ο αριθμός των νεκρών 800» may count.)
_LABEL_BEFORE = re.compile(r"(?:^|\s)(?:ο|η|το|τη|την|τον|the)\s+[^\W\d_]{3,}\s*$")
# A Greek or English ordinal ending glued to the digits: «50ή», «89ο», «3ος», "21st".
_ORDINAL_SUFFIX = re.compile(r"(?:ος|ου|ο|ης|η|ή|ό|ού|ες|οι|ων|st|nd|rd|th)\b", re.IGNORECASE)
_AGE_SPAN = re.compile(
    r"\d+\s*-?\s*(?:χρονο\w*|χρονη\w*|χρονων|ετων|year-old|years? old)"
    r"|\b(?:aged|ηλικια\w*)\s+(?:των\s+)?\d+(?:\s+ετων)?"
)
_DURATION_SPAN = re.compile(
    r"(?:\d+(?:[.,]\d+)?|\b(?:μια|ενα|ενασ|δυο|τρια|τρεισ|τεσσερ\w*|πεντε|εξι|επτα|εφτα|οκτω|εννεα|δεκα|εντεκα"
    r"|δωδεκα|εικοσι|τριαντα|σαραντα|πενηντα|μισ[οη]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|twenty|thirty|forty|fifty|half an?|a|an|several))\s+"
    r"(?:" + SCALE_WORDS + r"\s+)?"  # "66 million years"
    + TIME_UNIT + r"\b"
)


def _repeats(span: str, quotes: Sequence[Quote], own: int) -> int:
    """How many of the other quotes name ``span`` (its last word, in any spelling)."""
    last = latin_skeleton(span.split()[-1])
    return sum(1 for i, q in enumerate(quotes)
               if i != own and last in {latin_skeleton(w) for w in re.findall(r"\w+", q.sentence)})


def _places(quotes: Sequence[Quote]) -> frozenset[str]:
    """Folded words the quotes put after a place preposition ("στην Άγκυρα", "in Ankara")."""
    places: set[str] = set()
    for quote in quotes:
        words = [fold(w.strip(",.;:?!»«\"()")) for w in quote.sentence.split()]
        places.update(w for before, w in itertools.pairwise(words) if before in _PLACE_PREPOSITIONS)
    return frozenset(places)


def _previous_question(question: str, searched: str) -> str | None:
    """The earlier question a follow-up was searched with ("{previous} {question}"), if any."""
    question, searched = question.strip(), searched.strip()
    if searched != question and searched.endswith(question):
        return searched[: -len(question)].strip() or None
    return None


def _subject_of(quotes: Sequence[Quote]) -> list[str]:
    """Name keys of the person the quotes keep returning to (named in two quotes or more), if any."""
    counts: dict[str, int] = {}
    for quote in quotes:
        seen: set[str] = set()
        for start, end in _name_runs(quote.sentence):
            span = _clean(quote.sentence[start:end])
            if name_kind(quote.sentence, start, span) in ("person", "name") and span.split():
                seen.add(name_key(span.split()[-1]))
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return []
    key, count = max(counts.items(), key=lambda item: item[1])
    return [key] if count >= 2 else []


def _subject_share(asking: _Asking, quotes: Sequence[Quote]) -> tuple[list[float], bool, float]:
    """Per quote, the share of the question's named things and numbers it (or the sentence before it) holds;
    whether the check applies; and the share of them that no quote holds.

    A named thing is looked for across scripts, inflection and CLDR exonyms and demonyms
    (``premise.has_named``: "Turkish" in «Τουρκικού», "Trump" in «Τραμπ»). A name of an English
    question that CLDR does not know and that neither the quotes nor the texts they come from hold
    may be one the Greek text translates ("Treasury"): it cannot tell one quote from another, so it
    is left out of the shares and counted in the last figure instead. The check applies when
    anything is left.
    """
    things = [thing for thing in asking.things if checkable(thing)]
    held = []
    for quote in quotes:
        article = article_words(f"{quote.before} {quote.sentence}")
        keys = keys_of(quote.sentence) + keys_of(quote.before)
        numbers = _numbers_of(quote.sentence) | _numbers_of(quote.before)
        held.append([(has_named(thing, article) or keyed(thing, keys)) and not _someone_else(thing, quote)
                     for thing in things] + [n in numbers for n in sorted(asking.numbers)])
    asked = len(things) + len(asking.numbers)
    if not asked:
        return [1.0] * len(quotes), False, 0.0
    articles = [quote.article for quote in quotes if quote.article]
    texts = [(article_words(article), keys_of(article)) for article in articles]
    translated = [not is_greek(asking.text) and bool(texts) and not _cldr_name(thing)
                  and not any(has_named(thing, words) or keyed(thing, keys) for words, keys in texts)
                  for thing in things]
    present = [i for i in range(asked) if any(row[i] for row in held) or not (i < len(things) and translated[i])]
    unheld = (asked - len(present)) / asked
    if not present:
        return [1.0] * len(quotes), False, unheld
    return [sum(row[i] for i in present) / len(present) for row in held], True, unheld


def _someone_else(thing: NamedThing, quote: Quote) -> bool:
    """Does the quote name only another person of the question's person's surname («Κρις Χάρις» for "Dwi Haris")?"""
    if thing.kind != "person":
        return False
    return someone_else_of_the_name((quote.sentence, quote.before), thing.words, same_name_word, alike_first_names)


def _cldr_name(thing: NamedThing) -> bool:
    """Does CLDR know ``thing`` or a word of it (a country, a city, a language, their demonyms)?"""
    return bool(greek_stems(" ".join(thing.words))) or any(greek_stems(word) for word in thing.words)


def find_short_answer(
    question: Question | str, quotes: Sequence[Quote], searched: str | None = None
) -> ShortAnswer | None:
    """The span of the quotes (best first) that answers ``question``, with its confidence features.

    What the question asks, its named things and numbers come from its analysis
    (``bot.question.analysis``); a bare string is analysed on its own. ``searched``: the question
    as searched (a follow-up with the question before it; a ``Question`` brings its own): what that
    names is not an answer, and neither is who a follow-up's "he" (or a Greek verb's unsaid
    subject) stands for.
    """
    analysed = as_question(question)
    asked = analysed.asked_span
    if asked is None or not quotes:
        return None
    text = analysed.text
    previous = analysed.previous
    if isinstance(question, Question):
        context = f"{previous} {text}" if previous else text
    else:
        context = searched or text
        previous = _previous_question(text, context)
    asking = _Asking.read(context, asked)
    own = _Asking.read(text, asked, analysed)
    excluded: list[str] = []
    follow_up_subject = False
    if previous and asked.kind in ("person", "name", "place") and not own.names:
        # "and who did he meet there?": "he" is who the previous answer was about (its short
        # answer, or the person its quotes keep returning to), so that name is not this answer.
        before = find_short_answer(previous, quotes)
        excluded = keys_of(before.span) if before and before.kind in ("person", "name") else _subject_of(quotes)
        follow_up_subject = True
    previous_person: list[str] = []  # "And who is he?": the name keys of who the previous answer named
    if previous and asked.kind == "role" and not own.names and not is_follow_up(previous):
        # read from a question that stands on its own: a follow-up's own "he" is not known here
        before = find_short_answer(previous, quotes)
        previous_person = keys_of(before.span) if before and before.kind == "person" else []
    shares, checked, unheld = _subject_share(own if own.things else asking, quotes)
    places = _places(quotes)
    candidates: list[_Candidate] = []
    for rank in range(len(quotes)):
        if checked and not shares[rank]:
            continue  # a sentence about something else: "135 είδη καρχαρία" for the Californian shark
        if asked.kind in ("person", "place", "name"):
            for c in _names_in(asking, quotes, rank, excluded, places):
                bonus = 0.0 if follow_up_subject else REPEAT_BONUS * _repeats(c.span, quotes, rank)
                candidates.append(replace(c, score=c.score + bonus + shares[rank] - QUOTE_RANK_PENALTY * rank))
        elif asked.kind in ("date", "year"):
            candidates += [replace(c, score=c.score + shares[rank] - 2 * QUOTE_RANK_PENALTY * rank)
                           for c in _dates_in(asking, quotes, rank)]
        elif asked.kind == "role":
            candidates += [replace(c, score=c.score + shares[rank] - QUOTE_RANK_PENALTY * rank)
                           for c in _roles_in(own, quotes, rank, person=previous_person)]
        else:
            candidates += [replace(c, score=c.score + shares[rank] - 2 * QUOTE_RANK_PENALTY * rank)
                           for c in _amounts_in(asking, quotes, rank)]
    if not candidates:
        return None
    candidates.sort(key=lambda c: c.score, reverse=True)
    best = candidates[0]
    runner_up = next((c.score for c in candidates[1:] if fold(c.span) != fold(best.span)), None)
    quote = quotes[best.quote]
    features = {
        "short_match": best.match,
        "short_sentence_score": quote.score,
        "short_overlap": quote.overlap,
        "short_margin": min(best.score - runner_up, MARGIN_CAP) if runner_up is not None else MARGIN_CAP,
        "short_subject": shares[best.quote],
        "short_rank": float(best.quote),
        "short_near": float(best.near),
        "short_unheld": unheld,
        "short_agree": float(_repeats(best.span, quotes, best.quote)),
        "short_greek": float(is_greek(text)),
        "short_named_as_asked": float(best.named_as_asked),
        "short_latin_in_greek": float(best.latin_in_greek),
        "short_beside_question_name": float(best.beside_question_name),
        # a figure in digits reads the same in either language, so an English question can check it
        # as surely as a Greek one; a name it must match across scripts
        "short_digits": float(any(ch.isdigit() for ch in best.span)),
    }
    shown = best.span
    if not is_greek(text) and is_greek(shown) and best.kind in ("person", "place", "organisation", "name"):
        shown = f"{shown} ({romanise(shown)})"
    return ShortAnswer(shown, best.span, best.kind, best.quote, features, confidence(features))


MARGIN_CAP = 5.0  # a margin beyond this tells nothing more


def short_answer(
    question: Question | str, sentence: str | Sequence[str], searched: str | None = None
) -> str | None:
    """The short answer's text for ``question`` from one quote or several (best first), however sure."""
    sentences = [sentence] if isinstance(sentence, str) else list(sentence)
    found = find_short_answer(question, [Quote(s) for s in sentences], searched)
    return found.text if found else None


__all__ = ["AnswerKind", "Quote", "ShortAnswer", "asked_kind", "content_stems", "find_short_answer", "short_answer"]
