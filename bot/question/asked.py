"""What kind of span answers a question: a person, a place, a name, an age, a year, a date, a count ...

Read once per question by ``bot.question.analysis`` (``Question.asked_span``), finer than its
``asks``: the head noun of "how many X" / "which X", a person for "which designer" (a title or role,
``is_title``, or a Greek agent noun), a place for "which city", a share for "what percentage", a
person for "the name of the coach". Decided from the question's words by named patterns, Greek and
English, on folded text; ``role_words`` gives the Greek stems of English titles and kinds of named
things, so that an English question's noun can be found before a name in a Greek article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.question.names import FUNCTION_WORDS
from bot.question.role_words import ROLE_TRANSLATIONS, greek_stems_of_noun
from index.text import fold, is_greek, unaccented

AskedKind = Literal[
    "person", "place", "name", "age", "year", "date", "count", "amount", "percent", "duration", "role"]

# Titles and roles news puts before a person's name (folded stems, Greek and English): the
# general class of words for what a person is, not names.
_PERSON_TITLE = re.compile(
    r"(?:αντι)?στρατηγ|στραταρχ|ναυαρχ|συνταγματαρχ|ταξιαρχ|λοχαγ|(?:αντι)?προεδρ|πρωθυπουργ|υπουργ|υφυπουργ"
    r"|βουλευτ|δημαρχ|περιφερειαρχ|πρεσβ|προπονητ|παικτ|ποδοσφαιριστ|αθλητ|τερματοφυλακ|επιθετικ|αμυντικ"
    r"|ηθοποι|τραγουδιστ|μουσικ|συνθετ|σκηνοθετ|συγγραφε|ποιητ|δημοσιογραφ|παρουσιαστ|αρθρογραφ|σχεδιαστ"
    r"|επιστημον|ερευνητ|καθηγητ|γιατρ|ιατρ|δικαστ|εισαγγελε|δικηγορ|αστυνομικ|επικεφαλησ|αρχηγ|ηγετ"
    r"|εκπροσωπ|διευθυντ|γραμματε|διοικητ|βασιλ|πριγκιπ|πατριαρχ|αρχιεπισκοπ|επισκοπ|ιερε|πιλοτ|κυβερνητ"
    r"|επιχειρηματ|ιδρυτ|στελεχ|αξιωματουχ|αξιωματικ|ομολογ|συζυγ|γιοσ?$|γιου$|κορη|μητερα|πατερα|αδελφ"
    r"|ανθρωπ|ανδρα[σ]?$|γυναικ|ατομο$|προσωπο$|λορδ|λειδι"
    r"|lord|lady|president|minister|secretary|senator|congress\w*|mayor|governor"
    r"|general|colonel|captain|admiral|marshal|chief|coach|manager|player|striker|goalkeeper|actor|actress"
    r"|singer|musician|director|designer|writer|author|journalist|host|presenter|anchor|professor|doctor"
    r"|judge|lawyer|attorney|officer|spokes\w*|leader|king|queen|prince|princess|pope|pilot|founder|ceo"
    r"|chairman|chairwoman|wife|husband|daughter|mother|father|brother|sister"
)
# Short titles, matched as whole words only ("κ." is Mr, not the start of every κ-word).
_SHORT_TITLES = frozenset({"κ", "κα", "mr", "mrs", "ms", "dr", "sir", "σερ", "mp", "gen", "son", "st"})
def is_title(word: str) -> bool:
    """Is ``word`` a title or role that stands before a person's name?"""
    folded = fold(word.strip(",.;:»«\"()")).rstrip(".")
    return folded in _SHORT_TITLES or (len(folded) > 3 and bool(_PERSON_TITLE.match(folded)))


def is_role_word(word: str) -> bool:
    """Does ``word`` say what a person is: a title or role, or a Greek agent noun («αναλυτής»)?"""
    return is_title(word) or _is_agent_noun(fold(word.strip(",.;:»«\"()")))


# Units of time, each with the word forms (folded, whole words) Greek and English news write it with:
# one table for what a question asks to be answered in («Πόσους μήνες …») and for the durations and ages
# of the text ("3 χρόνια", "66 εκατομμύρια χρόνια"). Whole words: «ωραίος» is no hour, «χρονικός» no year.
TIME_UNITS: tuple[tuple[str, str], ...] = (
    ("year", r"χρονια|χρονο|χρονου|χρονων|ετη|ετων|ετοσ|ετουσ|years?"),
    ("month", r"μηνα|μηνασ|μηνεσ|μηνων|months?"),
    ("week", r"εβδομαδα|εβδομαδασ|εβδομαδεσ|εβδομαδων|weeks?"),
    ("day", r"ημερα|ημερασ|ημερεσ|ημερων|μερα|μερασ|μερεσ|μερων|days?"),
    ("hour", r"ωρα|ωρασ|ωρεσ|ωρων|hours?"),
    ("minute", r"λεπτο|λεπτα|λεπτου|λεπτων|minutes?"),
    ("decade", r"δεκαετια|δεκαετιασ|δεκαετιεσ|δεκαετιων|decades?"),
    ("century", r"αιωνα|αιωνασ|αιωνεσ|αιωνων|century|centuries"),
)
TIME_UNIT = r"(?:" + "|".join(forms for _, forms in TIME_UNITS) + r")"  # any of them, as a regex (folded)


def time_unit(folded: str) -> str | None:
    """The first unit of time ``folded`` names ("year", "month" …), or None."""
    found = [(m.start(), unit) for unit, forms in TIME_UNITS if (m := re.search(r"\b(?:" + forms + r")\b", folded))]
    return min(found)[1] if found else None


@dataclass(frozen=True)
class Asked:
    """What a question asks for: the kind and, for "how many X" / "which X", the noun X (folded)."""

    kind: AskedKind
    noun: str = ""
    measure: bool = False  # a size, a length, a distance or a weight: a number with its unit, never a sum


_AGE_Q = re.compile(r"how old|what age|at what age|ποσων χρονων|ποσο χρονων|(?:ποια|τι|σε ποια) ηλικια")
_YEAR_Q = re.compile(
    r"(?:which|what) year|in what year|since when|ποια χρονια|ποιο ετοσ|ποια χρονολογια|ποιο χρονο|απο ποτε"
    r"|(?:σε|απο) ποια χρονια|ποιασ χρονιασ|ποιου ετουσ|of which year|from which year"
)
_DATE_Q = re.compile(
    r"\bwhen\b|what (?:date|day|month|time)|which (?:date|day|month)|on what day|ποτε"
    r"|ποια (?:ημερομηνια|ημερα|μερα)|ποιο μηνα|ποιον μηνα|τι ωρα|ποια ωρα"
)
# A scale word may stand between "how many" and the unit: "how many million years", «πόσα εκατομμύρια χρόνια»
# (folded; short_answer reads "66 εκατομμύρια χρόνια" with it too).
SCALE_WORDS = r"(?:hundred|thousand|million|billion|εκατο|χιλιαδεσ|εκατομμυρια|δισεκατομμυρια)"
_SCALE = r"(?:" + SCALE_WORDS + r"\s+)?"
_DURATION_Q = re.compile(
    r"how long|for how many " + _SCALE + r"(?:years|months|days|weeks|hours)|how many " + _SCALE
    + r"(?:years|months|days|weeks|hours|minutes)"
    r"|ποσο καιρο|ποσο διαρκ|ποσο διηρκ|ποσο κρατ(?:ησε|ησαν|αει|ανε|ουν)\b|ποση διαρκεια|για ποσο"
    r"|ποσα " + _SCALE + r"χρονια|ποσουσ μηνεσ"
    r"|ποσεσ " + _SCALE + r"(?:ημερεσ|μερεσ|ωρεσ|εβδομαδεσ)|ποσα λεπτα"
)
_PERCENT_Q = re.compile(
    r"what (?:percentage|proportion|share)|τι ποσοστο|ποιο ποσοστο|ποσο τοισ εκατο"
    r"|(?:how (?:much|high|large)|ποσο)\b(?:\s+\w+){0,3}\s+(?:ποσοστ\w*|percentage|proportion|share|rate)\b"
)
_AMOUNT_Q = re.compile(
    r"how much|what (?:price|cost|amount|sum|salary|fee|fine|bond|bail)|ποσο\b|ποσα χρηματα|τι ποσο|ποιο ποσο"
    r"|ποιο (?:κοστοσ|τιμημα)|ποια (?:τιμη|αμοιβη|εγγυηση)"
)
# A size or a distance: "how far", "how tall", «πόσο μακριά» (a number with its unit answers it).
MEASURE_Q = re.compile(
    r"\bhow (?:far|tall|high|big|large|deep|wide|heavy|fast)\b"
    r"|\bποσο (?:μακρια|ψηλ|βαθ|μεγαλ|βαρ|γρηγορα|μηκ|υψ|πλατ|φαρδ|εκτασ)\w*"
    # «Πόση ήταν η έκταση …», «Πόσο είναι το ύψος …»: the measure named after the verb
    r"|\bποσ(?:ο|η|οσ) (?:ειναι|ηταν|θα ειναι) (?:ο|η|το) (?:μηκοσ|υψοσ|πλατοσ|βαθοσ|βαροσ|εκταση|αποσταση|εμβαδον)\b"
    r"|\b(?:σε )?(?:τι|ποια) αποσταση"
)
_WHAT_OPENING = re.compile(r"\W*(?:what|τι)\b")
# "What is the population of X?", «Ποιος είναι ο μισθός του Χ;»: "what is" opens it, but a noun that is
# itself a quantity says what answers it. The nouns are the quantity and money words of the question
# analysis's answer-type lexicon (a sum of money; a count of people or seats).
_ATTRIBUTE_OPENING = (r"\W*(?:what|ποι(?:οσ|α|ο)) (?:is|was|are|were|will be|ειναι|ηταν|θα ειναι)"
                      r" (?:(?:the|his|her|its|their|ο|η|το|οι|τα) )?(?:[\w']+ ){0,3}?")
# English nouns for a sum of money (also how detail_check says which sum a question asks).
SUM_NOUNS = r"price|cost|salary|wage|fee|fine|budget|value|worth|revenue|income|bail|compensation"
ATTRIBUTE_AMOUNT_Q = re.compile(
    _ATTRIBUTE_OPENING + r"(?:" + SUM_NOUNS
    + r"|τιμη|κοστοσ|μισθοσ|αμοιβη|προστιμο|προυπολογισμοσ|αξια|εσοδα|αποζημιωση|εγγυηση)\b")
ATTRIBUTE_COUNT_Q = re.compile(
    _ATTRIBUTE_OPENING + r"(?:population|capacity|attendance|turnout|death toll|number of"
    r"|πληθυσμοσ|χωρητικοτητα|προσελευση|αριθμοσ)\b")
_COUNT_Q = re.compile(r"how many\s+(\w+)|ποσ(?:οι|εσ|α|ουσ|ων)\s+(\w+)|what number of\s+(\w+)")
# The noun a count question asks how many of, read on the question as written (case tells a qualifier):
# "how many EU citizens" (a capitalised word before the noun qualifies it), "how many of his 29 matches",
# «Πόσους από τους επιβάτες» (the noun after "of" and its determiner), "how many animal species" (an
# English noun before a plural one qualifies it). Only "how many" itself may be written either way.
_COUNT_NOUN = re.compile(
    r"(?i:how\s+many|what\s+number\s+of|ποσ(?:οι|εσ|α|ουσ|ων))\s+"
    r"(?i:(?:of|απο)\s+(?:(?:the|his|her|its|their|these|those|τουσ|τισ|τα|των|αυτουσ|αυτεσ|αυτα)\s+)?(?:\d+\s+)?)?"
    r"(?:(?:[A-Z][\w-]*\s+)+(?=[a-z]))?([^\W\d_]+)(?:\s+([^\W\d_]+))?(?:\s+([^\W\d_]+))?")
# "What is the population of …", «Ποιος είναι ο αριθμός των νεκρών»: what an attribute question counts.
_ATTRIBUTE_NOUN = re.compile(r"\b(?:population|capacity|attendance|turnout|death toll|πληθυσμοσ|χωρητικοτητα|προσελευση"
                             r"|(?:number|αριθμοσ) (?:of |των |του |τησ )?([^\W\d_]+))\b")
_PLACE_Q = re.compile(
    r"\bwhere\b|(?:in|from|to) (?:what|which) (?:city|country|town|region|place|area|state|island|village)"
    r"|(?:σε|απο|προσ) ποι(?:α|ο|ον) (?:χωρα|πολη|περιοχη|μερο|σημειο|νησι|χωριο|πολιτεια)"
)
WHERE_GREEK = re.compile(r"(?<!\w)[Ππ]ού(?!\w)")  # "που" without an accent is "that"
_NAME_Q = re.compile(
    r"what (?:is|was) (?:the|his|her|its|their) (?:name|title)|ποια (?:ειναι|ηταν) η ονομασια"
    r"|ποιο (?:ειναι|ηταν) το (?:ονομα|τιτλο)|ποιοσ (?:ειναι|ηταν) ο τιτλοσ"
    r"|πωσ (?:λεγεται|ονομαζεται|λεγοταν|ονομαζοταν)|τι ονομα"
)
# «Ποιος / Ποια / Ποιο είναι ο / η / το X»: Greek says "what is the X" with the same word as "who".
# A person answers it only when X is a title or role («ο προπονητής») or a name («ο Σαλάχ»).
_GREEK_WHAT_IS = re.compile(r"ποι(?:οσ|α|ο) (?:ειναι|ηταν) (?:ο|η|το) ([^\W\d_]+)(?:\s+([^\W\d_]+))?")
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


def count_noun(question: str) -> str:
    """The noun a count question asks how many of (folded): "citizens" of "how many EU citizens",
    "matches" of "how many of his 29 matches", "species" of "how many animal species", "population"
    of "What is the population of …"; "" when it names none."""
    phrase = _COUNT_NOUN.search(unaccented(question))
    if phrase is not None:
        words = [fold(w) for w in phrase.groups() if w]
        if not is_greek(words[0]) and not words[0].endswith("s"):
            # "animal species", "new public universities": English qualifiers stand before a plural head
            return next((w for w in words[1:] if w.endswith("s") and w not in _AUXILIARY), words[0])
        return words[0]
    attribute = _ATTRIBUTE_NOUN.search(fold(question))
    if attribute is not None:
        return attribute.group(1) or attribute.group().split()[0]
    return ""


# "What post does X hold?", «Ποια θέση κατέχει ο X;», «Τι δουλειά έκανε ο X;»: what a named person is (a
# title or role), not a name. A verb of holding follows: "What position were Sunderland in" asks a ranking.
_ROLE_OF_PERSON_Q = re.compile(
    r"\b(?:what|which) (?:other |previous |former )?(?:post|position|rank|office|job|title)s?\b"
    r"(?=.*\b(?:hold|holds|held|holding|have|has|had|occupy|occupies|occupied|serve|serves|served)\b)"
    r"|\b(?:ποια|τι) (?:αλλη )?θεση\b(?=.*\b(?:κατεχ|κατειχ|εχει|ειχε|ασκει|ασκουσε)\w*)"
    r"|\b(?:ποιο|τι) (?:αλλο )?(?:αξιωμα|βαθμο)\b|\bτι (?:δουλεια|επαγγελμα)\b"
)
# "Who is Salah al-Namroush?", «Ποιος είναι ο Σαλάχ αλ Ναμρούς;»: a question that is only a person's name
# asks what the person is (as written: the name is capitalised; no title, no possessive after it).
_WHO_IS_NAME = re.compile(
    r"\W*(?:who (?:is|was)|ποι(?:ος|α) (?:είναι|ήταν|ειναι|ηταν) (?:ο|η))\s+"
    r"((?:[A-ZΑ-ΩΆΈΉΊΌΎΏ][\w’'.-]*|al|el|de|bin|van|von|αλ|ελ|ντε|μπιν)(?:[\s-]+(?:[A-ZΑ-ΩΆΈΉΊΌΎΏ][\w’'.-]*"
    r"|al|el|de|da|bin|van|von|αλ|ελ|ντε|μπιν))*)\s*[?;;.!]*\s*",
    re.IGNORECASE,
)


# "What post did X hold before becoming …", «Ποια θέση κατείχε ο Χ πριν γίνει …»: a former post, which the
# article marks as such («πρώην», "former"); a title it gives without the mark is the present one.
_FORMER_Q = re.compile(r"\b(?:before|previous(?:ly)?|former(?:ly)?|in the past|used to|πριν|προηγουμεν\w*|πρωην|τεωσ"
                       r"|παλαιοτερα|στο παρελθον)\b")
FORMER = "former"  # Asked.noun of a question about a former title or role


# "And who is he?", «Και ποιος είναι αυτός;»: what the person the previous answer named is.
_WHO_IS_PRONOUN = re.compile(
    r"\W*(?:and |και |κι )?(?:who (?:is|was) (?:he|she)"
    r"|ποι(?:ος|α) (?:είναι|ήταν|ειναι|ηταν) (?:αυτός|αυτή|αυτος|αυτη))\s*[?;;.!]*\s*", re.IGNORECASE)


def _asks_who_a_named_person_is(question: str) -> bool:
    """Is ``question`` "Who is X?" for a name X (not "Who is Kit Harington's wife?", «Ποιος είναι ο Πρόεδρος;»), or
    "And who is he?" after an answer that named someone?"""
    if _WHO_IS_PRONOUN.fullmatch(question.strip()):
        return True
    match = _WHO_IS_NAME.fullmatch(question.strip())
    if match is None:
        return False
    words = re.findall(r"[^\W\d_][\w’'.-]*", match.group(1))
    capitalised = [w for w in words if w[:1].isupper()]
    return (bool(capitalised) and not any(is_title(w) for w in words)
            and not words[-1].endswith(("'s", "’s")) and match.group(1)[:1].isupper())


def asked_for(question: str) -> Asked | None:
    """What a factoid question asks for, or None (why, how, what happened, summaries).

    The question word that comes first decides ("How far … when he received the pass?" asks a
    distance, "How many died when …" a count); two at one place, the finer reading ("which year"
    over "which").
    """
    folded = fold(question)
    which = _WHICH_NOUN.search(folded)
    # "Which organisation hosted the event where ...": a leading "which X" is a reading of its own
    leading = bool(which and _leads(which, folded))
    # (where its question word starts, rank among readings, reading: None where no span answers)
    readings: list[tuple[int, int, Asked | None]] = []

    def read(match: re.Match[str] | None, asked: Asked | None) -> None:
        if match is not None:
            readings.append((match.start(), len(readings), asked))

    # first: «Ποιος είναι ο μισθός …» asks a sum, not a person, at the same place; "Who is X?" what X is
    if _asks_who_a_named_person_is(question):
        return Asked("role")
    read(_ROLE_OF_PERSON_Q.search(folded), Asked("role", FORMER if _FORMER_Q.search(folded) else ""))
    read(ATTRIBUTE_AMOUNT_Q.match(folded), Asked("amount"))
    read(ATTRIBUTE_COUNT_Q.match(folded), Asked("count", count_noun(question)))
    read(_AGE_Q.search(folded), Asked("age"))
    read(_YEAR_Q.search(folded), Asked("year"))
    read(_DURATION_Q.search(folded), Asked("duration"))
    read(_PERCENT_Q.search(folded), Asked("percent"))
    read(MEASURE_Q.search(folded), Asked("amount", measure=True))  # «πόσο μήκος» before «πόσο»
    read(_AMOUNT_Q.search(folded), Asked("amount"))
    read(_COUNT_Q.search(folded), Asked("count", count_noun(question)))
    read(_DATE_Q.search(folded), Asked("date"))
    read(re.search(r"\bποσ(?:οι|εσ|α|ουσ|ων|οσ|η)\b", folded), Asked("amount"))
    read(_PLACE_Q.search(folded) or WHERE_GREEK.search(question), Asked("place"))
    name_q = _NAME_Q.search(folded)
    read(name_q, _name_of_what(folded, name_q.end()) if name_q else None)
    read(_WHO_Q.search(folded), Asked("person", _role(folded)))
    greek_who = _WHO_GREEK.search(folded)
    if greek_who:
        after = re.findall(r"\w+", folded[greek_who.end() :])
        what_is = _GREEK_WHAT_IS.match(folded, greek_who.start())
        if what_is is not None and not _names_a_person(what_is, question):
            read(greek_who, None)  # «Ποιος είναι ο τίτλος …», «Ποια είναι η πρωτεύουσα …»: a thing, not a person
        elif not after or _VERB_OR_ARTICLE.fullmatch(after[0]):
            read(greek_who, Asked("person", _role(folded)))
    if which is not None and leading:
        read(which, _which(which))
    # "What was the score when …": an untyped "what" opening asks, not the "when" after it
    read(_WHAT_OPENING.match(folded), None)
    if readings:
        return min(readings, key=lambda r: (r[0], r[1]))[2]
    return _which(which) if which else None


def _names_a_person(what_is: re.Match[str], question: str) -> bool:
    """Is the X of «Ποιος είναι ο X» a title or role, or a name (capitalised as the question writes it)?"""
    written = unaccented(question)
    words = what_is.groups()
    return any(word and (is_title(word) or _is_agent_noun(word) or written[what_is.start(i)].isupper()
                         or (_is_participle_noun(word) and _ends_noun_phrase(words, i)))
               for i, word in enumerate(words, start=1))


def _ends_noun_phrase(words: tuple[str | None, ...], i: int) -> bool:
    """Is the ``i``-th of these words (1-based) the last of its noun phrase: nothing or a function word
    after it («ο κατηγορούμενος στη δίκη»), not a noun it describes («ο προγραμματισμένος αγώνας»)?"""
    after = words[i] if i < len(words) else None
    return after is None or after in FUNCTION_WORDS


def _is_participle_noun(folded_word: str) -> bool:
    """Is a Greek word (folded) a passive participle, which as the head after «ο/η» names a person: «ο
    απεσταλμένος», «ο κατηγορούμενος», «η τραυματισμένη»? The «ο X» of a thing is a noun («ο μισθός»)."""
    return len(folded_word) > 6 and folded_word.endswith(("μενοσ", "μενη", "μενοι", "μενεσ"))


# Greek agent nouns name people by their ending: «νικητής», «δράστης», «συγγραφέας», «ιδιοκτήτρια».
# (Not «-εις», the plural of «σχέσεις», «αποφάσεις»; not the abstract «-ότητες», «ποσότητες».)
_AGENT_NOUN = re.compile(r"(?<!οτη)(?:τησ|τεσ)$|(?:εασ|τρια|τριεσ|ισσα|ισσεσ)$")


def _is_agent_noun(folded_word: str) -> bool:
    """Does a Greek noun (folded) end as an agent noun does, a person by what they do («αναλυτήσ»)? Not an
    article («τησ»): five letters or more before the ending's last."""
    return len(folded_word) > 5 and bool(_AGENT_NOUN.search(folded_word))


# "who is the coach of ...", "who is Libya's new chief of staff", «ποιος είναι ο προπονητής ...»: the role
# the answer holds, among the few words after "who is" (a possessive and an adjective may come first).
_ROLE = re.compile(r"\b(?:who (?:is|was|are|were)(?: the| his| her| their)?"
                   r"|ποι(?:οσ|α|οι|εσ) (?:ειναι|ηταν) (?:ο|η|οι))((?:\s+[\w']+){1,4})")


def _role(folded: str) -> str:
    """The title or role a "who is the X" question asks about (folded), or ""."""
    match = _ROLE.search(folded)
    return _phrase_and_role(match.group(1), _ROLE_ENDS)[1] if match else ""


def _phrase_and_role(words_after: str, ends: frozenset[str]) -> tuple[list[str], str]:
    """The noun phrase of ``words_after`` (to the first of ``ends``, articles and possessives aside) and
    its role: the last word that is a title, a role or a Greek agent noun ("head coach" asks a coach,
    "chief of staff" a chief), or ""."""
    words = [w.removesuffix("'s") for w in words_after.split() if w not in ("the", "a", "an", "his", "her")]
    phrase = words[: next((i for i, w in enumerate(words) if w in ends), len(words))]
    role = next((w for w in reversed(phrase) if is_title(w) or _is_agent_noun(w) or w in ROLE_TRANSLATIONS), "")
    return phrase, role


_ROLE_ENDS = frozenset({"of", "at", "for", "in", "from", "who", "whom", "that",
                        "του", "τησ", "των", "στο", "στη", "στην"})


_PREPOSITIONS = frozenset({"from", "in", "at", "on", "for", "with", "by", "to", "about", "απο", "σε", "στην", "στη",
                           "στο", "στον", "με", "για"})


_NAME_OF = re.compile(r"\s+(?:of|του|τησ|των)((?:\s+[\w']+){1,4})")
_NAME_OF_ENDS = _ROLE_ENDS | {"where", "when", "which", "with", "on", "που", "οποιοσ", "οποια", "με", "απο"}


def _name_of_what(folded: str, end: int) -> Asked:
    """What "the name of the X" asks: a person's name for a title or role ("the name of Ayr's coach", «το
    όνομα του προπονητή»), else the name of an X ("the name of the hotel where …")."""
    match = _NAME_OF.match(folded, end)
    if match is None:
        return Asked("name")
    phrase, role = _phrase_and_role(match.group(1), _NAME_OF_ENDS)
    if role:
        return Asked("person", role)
    return Asked("name", phrase[0] if phrase else "")  # "the name of the hotel where …", "… the character Kit plays"


def _noun_phrase(which: re.Match[str]) -> list[str]:
    """The words after "which" / "ποια" up to the first that is a verb or an auxiliary: "which Syrian
    foreign minister", not "which city hosted"."""
    words: list[str] = []
    for word in (g for g in which.groups() if g):
        if words and (word in _AUXILIARY or word in _PREPOSITIONS or _VERB_OR_ARTICLE.fullmatch(word)
                      or word.endswith("ed")):
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


_CATEGORY_NOUNS = re.compile(r"types?|kinds?|sorts?|τυπο[σι]?|ειδο[συ]?|ειδουσ|κατηγορια")


def _asks_a_category(which: re.Match[str]) -> bool:
    """Does "which X" ask for a kind of thing ("what type of cancer", «τι είδους», «ποιος τύπος»)? Common
    nouns answer it, never a name."""
    return bool(_CATEGORY_NOUNS.fullmatch(_noun_phrase(which)[0]))


_SCORE_NOUN = re.compile(r"score|result|σκορ|αποτελεσμα|αποτελεσματοσ")


def _which(which: re.Match[str]) -> Asked | None:
    """What "which X" asks: a place for a place noun, a person for a title or role, else a name."""
    words = _noun_phrase(which)
    if words[0] in _AUXILIARY:
        return None  # "what did he do", "what was said": not a name
    if _asks_a_category(which):
        return None
    # An English noun phrase ends in its head ("which news agency", "which Syrian foreign minister"): the
    # last word known as a role or a kind of thing, where one is ("which TV station found …": not the
    # verb); else, and in Greek after «ποιος», its first word (as the short answer's confidence was fitted)
    known = [w for w in words if is_title(w) or greek_stems_of_noun(w) or _PLACE_NOUNS.fullmatch(w)]
    head = known[-1] if known and not is_greek(words[0]) else words[0]
    if any(_PLACE_NOUNS.fullmatch(w) for w in words):
        return Asked("place", head)
    if any(is_title(w) or _is_agent_noun(w) or w in ROLE_TRANSLATIONS for w in words):
        return Asked("person", head)  # "which designer", "ποιος παίκτης", "which Syrian foreign minister"
    if re.fullmatch(TIME_UNIT, words[0]):
        return Asked("count", words[0])  # "in which minute"
    if _SCORE_NOUN.fullmatch(words[0]):
        return None  # «Με ποιο σκορ»: a game's score ("31-27") is no name, as "what was the score" asks none
    return Asked("name", head)


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


def span_asked(text: str, asks: str) -> Asked | None:
    """The span kind that answers a question that ``asks`` (``analysis.what_it_asks``), made finer by ``asked_for``
    within the same family (a noun for "how many X", a person for "which designer", a place for
    "which city"); None for why, summaries, yes / no and what no span answers."""
    finer = asked_for(text)
    which = _WHICH_NOUN.search(fold(text))
    leading = which is not None and _leads(which, fold(text))
    if which is not None and leading and _asks_a_category(which) and asks in ("who", "which", "what"):
        return None  # «Ποιος τύπος καρκίνου» reads as "who" by the word's gender: still a kind of thing
    if finer is not None and asks in ("where", "when") and leading:
        return finer  # "Which organisation hosted the event where ...": "where" does not ask here
    if finer is not None and finer.kind == "role" and asks in ("who", "which", "what", "other"):
        return finer  # "Who is Salah al-Namroush?", "What post does he hold?": a title or role
    greek_who = _WHO_GREEK.match(fold(text).lstrip(" ¿«\"'"))
    if asks == "who" and greek_who is not None and (finer is None or finer.kind != "person"):
        # «Ποιος σύλλογος κέρδισε …», «Ποιος είναι ο τίτλος …»: the Greek word for "who" also says "which"
        # and "what"; the noun after it decides (asked_for)
        return finer
    kind = _FROM_ASKS.get(asks)
    if kind is None:
        if asks == "other" and finer is not None and finer.kind in _NUMERIC:
            return finer  # "Πόσο είναι το ποσοστό ανεργίας;": a share the question words alone do not say
        return finer if asks in ("which", "what") else None
    if finer is not None and (finer.kind == kind or finer.kind in _REFINES.get(kind, frozenset())):
        return finer
    return Asked(kind)
