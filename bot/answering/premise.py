"""The premise check: is what the question is about in the article an answer would cite?

Every named thing and every number of the question (``Question.names``, ``Question.numbers``;
not the numbers of a period it filters to, which the period search already honours) must be in
the article: a name compared across Greek and Latin script and Greek inflection by its
``name_key`` (``claims.names_match``), or across exonyms that sound cannot join («Γερμανία» for
"Germany", «Ισπανός» for "Spanish") by CLDR's names (``index.place_names``); a number by the values
its spelling may mean. What is missing is said in the abstention: "The articles don't mention
Thessaly." The check runs before any answer is written, extractive or generated.

A name in the other script than the article's that neither sound nor CLDR finds is ``uncertain``;
``far`` when nothing in the article even sounds like it; ``far_rare`` when it also holds a word rare
in English (``index.common_words``): Greek translates common words ("Labour", "Treasury"), so only
a rare one (a proper name, "Rabat") far in sound is strong evidence that the article lacks it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from bot.answering import prompts
from bot.answering.claims import SourceFacts, names_match
from bot.answering.span_kinds import is_institution
from bot.question.analysis import NamedThing, NumberMention, Question
from bot.question.names import WORD, whole_name
from bot.types import Language
from index.common_words import english_zipf
from index.place_names import greek_stem, greek_stems, stems_in
from index.text import fold, is_greek, name_key, name_readings, soft_consonants


@dataclass(frozen=True)
class ArticleWords:
    """What the check looks up in one article: its words' name keys, folded forms and numbers."""

    keys: frozenset[str]
    capitalised_keys: frozenset[str]  # the keys of its capitalised words (names), for fuzzy matching
    folded: frozenset[str]
    capitalised: frozenset[str]  # folded words written with a capital
    numbers: frozenset[Decimal]
    consonants: frozenset[str]  # consonant skeletons of the keys of its capitalised words
    skeletons: frozenset[str] = frozenset()  # every consonant skeleton of its capitalised words
    # Consonant skeletons of all its words: a place's adjective is not capitalised in Greek
    # ("Britain" / «βρετανικός»), so a name's skeleton may begin one.
    word_skeletons: frozenset[str] = frozenset()
    # Its capitalised words as written: a short name is compared with their readings (``name_readings``).
    capitalised_words: frozenset[str] = frozenset()


def loose_key(word: str) -> str:
    """``name_key`` of a word without a possessive "'s", with the Latin "ae" Greek writes "αι" or "ε" ("Piraeus")."""
    return name_key(re.sub(r"['’]s$", "", word)).replace("ae", "e")


def consonant_skeleton(key: str) -> str:
    """A name key without its vowels: "sturidz" and "staridz" (Sturridge, «Στάριτζ») are both "strdz"."""
    return re.sub(r"[aeiouh]", "", key)


# Consonants that transliteration between English and Greek trades for one another (voicing,
# "Sturridge" / «Στάριτζ», "Melrose" / «Μέλροουζ»): a cheap substitution in ``sound_closeness``.
_NEAR_CONSONANTS = ("bpfm", "dt", "gk", "sz", "lr", "mn")
_NEAR_COST = 0.35
# A name whose closest capitalised word of the article is less alike than this is far in sound: no
# transliteration wrote it there (Sturridge ~ «Στάριτζ» and Farage ~ «Φάρατζ» 1.0, Melrose ~
# «Μέλροουζ» 0.91; Benfica 0.5).
# Chosen on the trust set's tune split (0.7 / 0.75 / 0.8 / 0.85 tried through the abstention fit).
CLOSE_IN_SOUND = 0.8


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return _NEAR_COST if any(a in near and b in near for near in _NEAR_CONSONANTS) else 1.0


def _skeleton_distance(a: str, b: str) -> float:
    """Edit distance between two consonant skeletons, near consonants cheap."""
    previous = [float(j) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + _substitution(a[i - 1], b[j - 1]))
        previous = current
    return previous[-1]


def sound_closeness(a: str, b: str) -> float:
    """How alike two consonant skeletons sound, 0-1; ``b`` may carry one more final consonant (inflection)."""
    if not a or not b:
        return 0.0
    forms = [b, b[:-1]] if len(b) > len(a) else [b]
    return max(1.0 - _skeleton_distance(a, form) / max(len(a), len(form)) for form in forms)


def closest_in_sound(word: str, article: ArticleWords) -> float | None:
    """The closeness of ``word`` to the article's most alike capitalised word; None when too short to tell.

    A Latin word is read both ways, its c and g hard and soft before e, i, y."""
    skeletons = {consonant_skeleton(loose_key(form)) for form in (word, soft_consonants(word))}
    if any(len(skeleton) < MIN_CONSONANTS for skeleton in skeletons):
        return _closest_by_key(word, article)
    if any(other.startswith(skeleton) for skeleton in skeletons for other in article.word_skeletons):
        return 1.0  # the beginning of a word, whatever its case: «βρετανικός» for "Britain"
    return max((sound_closeness(skeleton, other) for skeleton in skeletons for other in article.skeletons), default=0.0)


SHORT_NAME_KEY = 3  # a name key shorter than this ("Ri") tells nothing, by sound or by letters


def _closest_by_key(word: str, article: ArticleWords) -> float | None:
    """For a name too short in consonants to compare by sound ("Abbott", "Utah", "Ayr"): how alike its
    readings are, letters and vowels, to the article's most alike capitalised word's (``name_readings``:
    «Άιρ» is "air" too); None when the key is too short to tell."""
    readings = [r for r in name_readings(word) if len(r) >= SHORT_NAME_KEY]
    if not readings:
        return None
    others = {reading for other in article.capitalised_words for reading in name_readings(other)}
    return max((SequenceMatcher(None, mine, other).ratio() for mine in readings for other in others
                if abs(len(mine) - len(other)) <= 3), default=0.0)


def telling_words(thing: NamedThing) -> list[str]:
    """The words of ``thing`` that tell it from others: not its acronyms (spelled differently in each
    language), nor one for a kind of institution beside a proper name: "Institute" is in «Ινστιτούτο»
    of any article about an institute, so "Karolinska Institute" is found by "Karolinska" alone. Beside
    everyday English words only ("Cancer Institute"), which Greek translates, it stays."""
    words = _spelled_words(thing)
    rest = [word for word in words if not is_institution(word)]
    if rest and len(rest) < len(words) and any(_proper(word) for word in rest):
        return rest
    return words


def _proper(word: str) -> bool:
    """Is ``word`` written as a proper name is: in Greek letters (checked in the article's own script),
    or a Latin word rarer in English than ``RARE_ZIPF`` (or unknown to the list)?"""
    zipf = english_zipf(word)
    return is_greek(word) or (zipf is not None and zipf < RARE_ZIPF)


def words_in_sound(thing: NamedThing, article: ArticleWords) -> list[float | None]:
    """``closest_in_sound`` of each of ``thing``'s ``telling_words``, once for every reading of it."""
    return [closest_in_sound(word, article) for word in telling_words(thing)]


def name_closeness(in_sound: Sequence[float | None]) -> float | None:
    """How alike in sound the article's closest word is to the name's best-matched word, 0-1, from
    its ``words_in_sound``; None when no word of it can tell (acronyms, too few consonants)."""
    found = [c for c in in_sound if c is not None]
    return max(found) if found else None


def far_in_sound(in_sound: Sequence[float | None]) -> bool:
    """Is nothing in the article written like the name (its last word, or half its words), from its
    ``words_in_sound``?"""
    close = [c is None or c >= CLOSE_IN_SOUND for c in in_sound]
    return bool(close) and not (close[-1] or 2 * sum(close) >= len(close))


# A word rarer in English than this (Zipf: log10 of its count per billion words; 4.0 is once in
# 100,000 words, about the 7,600 commonest words) is a proper name Greek transliterates, not a word
# it translates: "Rabat" 2.6, "Benfica" 3.0, "Cardiff" 3.9 against "Treasury" 4.2, "Labour" 4.7.
# The principle: everyday vocabulary is translated. Tried through the abstention fit on the trust
# set's tune split: 3.5 / 4.0 / 4.5 (benchmarks/fit_abstention.py).
RARE_ZIPF = 4.0


def _spelled_words(thing: NamedThing) -> list[str]:
    """``thing``'s words but its acronyms (spelled differently in each language: US / ΗΠΑ)."""
    return [word for word in thing.words if not _ACRONYM.fullmatch(word)]


def _zipfs(thing: NamedThing) -> list[float | None]:
    """``english_zipf`` of each of ``thing``'s words, acronyms aside."""
    return [english_zipf(word) for word in _spelled_words(thing)]


def has_rare_word(thing: NamedThing) -> bool:
    """Does ``thing`` hold a word rarer in English than ``RARE_ZIPF`` (acronyms aside)? False when unknown."""
    return any(zipf is not None and zipf < RARE_ZIPF for zipf in _zipfs(thing))


def all_common_words(thing: NamedThing) -> bool:
    """Is every word of ``thing`` at least ``RARE_ZIPF`` common in English (False when any is unknown)?"""
    zipfs = _zipfs(thing)
    return bool(zipfs) and all(zipf is not None and zipf >= RARE_ZIPF for zipf in zipfs)


@lru_cache(maxsize=512)  # an article is checked again by every question it answers
def article_words(text: str) -> ArticleWords:
    words = WORD.findall(text)
    capitalised_keys = frozenset(loose_key(w) for w in words if w[:1].isupper())
    return ArticleWords(
        keys=frozenset(loose_key(w) for w in words),
        capitalised_keys=capitalised_keys,
        folded=frozenset(fold(w) for w in words),
        capitalised=frozenset(fold(w) for w in words if w[:1].isupper()),
        # numbers as written, and any run of digits: "21χρονος" holds 21
        numbers=SourceFacts.of(text).numbers | frozenset(Decimal(d) for d in re.findall(r"\d+", text)),
        consonants=frozenset(c for c in map(consonant_skeleton, capitalised_keys) if len(c) >= MIN_CONSONANTS),
        skeletons=frozenset(c for c in map(consonant_skeleton, capitalised_keys) if c),
        word_skeletons=frozenset(
            c for c in (consonant_skeleton(loose_key(w)) for w in words) if len(c) >= MIN_CONSONANTS),
        capitalised_words=frozenset(w for w in words if w[:1].isupper()),
    )


# A consonant skeleton shorter than this matches too much by chance.
MIN_CONSONANTS = 3
# A name is found by its skeleton alone only with this many consonants: three alike are chance
# ("Torquay" and «Ιατρικό» are both t-r-k); shorter skeletons still count for closeness in sound.
MIN_SKELETON_MATCH = 4
# Acronyms are spelled differently in each language (US / ΗΠΑ, EU / ΕΕ): they cannot be checked.
_ACRONYM = re.compile(r"[A-ZΑ-Ω]{2,6}s?")


def _has_word(word: str, article: ArticleWords) -> bool:
    key = loose_key(word)
    # A key of three letters or fewer only as itself: "ine" is not "Diane".
    if key in article.keys or any(names_match(key, other) for other in article.capitalised_keys if len(other) > 3):
        return True
    stems = greek_stems(word)
    if stems and stems_in(stems, article.folded, article.capitalised):
        return True
    if is_greek(word) and stems_in(frozenset({greek_stem(word)}), article.folded, article.capitalised):
        return True  # another case or the adjective: «Βρετανοί» in «βρετανικό»
    consonants = consonant_skeleton(key)
    return len(consonants) >= MIN_SKELETON_MATCH and consonants in article.consonants


def checkable(thing: NamedThing) -> bool:
    """Can ``thing`` be looked for in another script? Not an acronym."""
    return not all(_ACRONYM.fullmatch(word) for word in thing.words)


def has_named(thing: NamedThing, article: ArticleWords) -> bool:
    """Is ``thing`` in the article: the whole name as an exonym, or its last word (a surname), or half its words?

    Acronyms in it are not looked for ("Conservative MP" is "Conservative").
    """
    whole = greek_stems(" ".join(thing.words))
    if whole and stems_in(whole, article.folded, article.capitalised):
        return True
    words = telling_words(thing)
    found = [_has_word(word, article) for word in words]
    # A CLDR place found anchors the name ("Paris Fashion Week" in «Εβδομάδα Μόδας του Παρισιού»).
    anchored = any(ok and greek_stems(word) for word, ok in zip(words, found, strict=True))
    return not found or found[-1] or anchored or 2 * sum(found) >= len(found)


def has_number(number: NumberMention, article: ArticleWords) -> bool:
    return bool(number.values & article.numbers)


def checked_numbers(asked: Question) -> tuple[NumberMention, ...]:
    """The question's numbers but those of the period it filters to (the search keeps to the period)."""
    expression = asked.time.expression or ""
    return tuple(n for n in asked.numbers if not (asked.time_role == "period" and n.text in expression))


@dataclass(frozen=True)
class PremiseCheck:
    """What of the question one article holds."""

    doc_id: str
    checked: int  # named things and numbers asked about
    missing: tuple[str, ...]  # those the article surely lacks, as the question writes them
    # Names in the other script than the article's, with no CLDR name to look for, not found by
    # sound: transliteration may have missed them ("Farage" / «Φάρατζ»). A feature, not a verdict.
    uncertain: tuple[str, ...] = ()
    # Those of ``uncertain`` that nothing in the article resembles in sound (``far_in_sound``):
    # likely missing, a feature of the abstention model.
    far: tuple[str, ...] = ()
    # Those of ``far`` with a word rare in English (``has_rare_word``): a proper name, not a word
    # Greek translates; stronger evidence still.
    far_rare: tuple[str, ...] = ()
    # How far in sound the least-found of ``uncertain`` is from everything in the article, 0-1
    # (1 - ``name_closeness``; 0 when none is uncertain): the graded form of ``far``, for the model.
    distance: float = 0.0

    @property
    def holds(self) -> bool:
        return not self.missing


def _cross_script(thing: NamedThing, article_text: str) -> bool:
    """Is ``thing`` written in the other script than the article, not wholly a CLDR name to look for?"""
    return is_greek(thing.text) != is_greek(article_text) and not (
        greek_stems(" ".join(thing.words)) or all(greek_stems(w) for w in thing.words))


def check_article(asked: Question, doc_id: str, text: str) -> PremiseCheck:
    article = article_words(text)
    names = [thing for thing in asked.names if checkable(thing)]
    absent = [thing for thing in names if not has_named(thing, article)]
    missing = [thing.text for thing in absent if not _cross_script(thing, text)]
    unsure = [thing for thing in absent if _cross_script(thing, text)]
    uncertain = tuple(dict.fromkeys(thing.text for thing in unsure))
    in_sound = [(thing, words_in_sound(thing, article)) for thing in unsure]
    far_things = [thing for thing, sounds in in_sound if far_in_sound(sounds)]
    far = tuple(dict.fromkeys(thing.text for thing in far_things))
    far_rare = tuple(dict.fromkeys(thing.text for thing in far_things if has_rare_word(thing)))
    # Sound measures a transliterated name; a name of common English words ("Conservative") is
    # translated («Συντηρητικοί»), so how far it sounds from the article says nothing.
    closeness = [c for c in (name_closeness(sounds) for thing, sounds in in_sound if not all_common_words(thing))
                 if c is not None]
    numbers = checked_numbers(asked)
    missing += [_as_written(n, asked.text) for n in numbers if not has_number(n, article)]
    return PremiseCheck(doc_id, len(names) + len(numbers), tuple(dict.fromkeys(missing)), uncertain, far, far_rare,
                        1.0 - min(closeness, default=1.0))


def _as_written(number: NumberMention, question: str) -> str:
    """A number as the question writes it with its noun ("64 percent", «52ο λεπτό»): what is missing, said whole."""
    noun = number.noun if number.noun and number.noun[:1].islower() else None  # not "2030 World" of a name
    phrase = f"{number.text} {noun}" if noun else number.text
    return phrase if phrase in question else number.text


def check_articles(asked: Question, texts: Mapping[str, str]) -> list[PremiseCheck]:
    """The check of each article (in the order given: best first)."""
    if not asked.names and not checked_numbers(asked):
        return [PremiseCheck(doc_id, 0, ()) for doc_id in texts]
    return [check_article(asked, doc_id, text) for doc_id, text in texts.items()]


def missing_everywhere(checks: Sequence[PremiseCheck]) -> tuple[str, ...]:
    """What the best article lacks that no other article holds either (else what the best lacks)."""
    if not checks:
        return ()
    best = checks[0].missing
    nowhere = tuple(m for m in best if all(m in c.missing for c in checks))
    return nowhere or best


# Words before a Greek noun in the question, and the accusative article it takes after "αναφέρουν".
_GREEK_ACCUSATIVE = {
    "στη": "τη", "στην": "την", "στο": "το", "στον": "τον", "στους": "τους", "στις": "τις", "στα": "τα",
    "τη": "τη", "την": "την", "το": "το", "τον": "τον", "τους": "τους", "τις": "τις", "τα": "τα",
}


def _as_object(missing: str, question: str, language: Language) -> str:
    """``missing`` as the object of "mention": Greek takes the accusative article the question gives it."""
    before = question[: question.find(missing)].split() if missing in question else []
    if language != "el":
        # "the 52nd minute": a number's phrase keeps the article the question gives it
        return f"the {missing}" if before and before[-1].lower() == "the" and missing[:1].isdigit() else missing
    article = _GREEK_ACCUSATIVE.get(before[-1].lower()) if before else None
    return f"{article} {missing}" if article else f"«{missing}»"


def missing_text(missing: Sequence[str], question: str, language: Language, sure: bool = True) -> str:
    """ "The articles don't mention Thessaly." / «Τα άρθρα δεν αναφέρουν τη Θεσσαλία.»; not ``sure`` (a
    name in the other script the check could not find, which a translation may still hold): "I could
    not find Thessaly in the articles." A name is said whole: "Center for New American Security", not the
    "Center" the check looked up."""
    objects = [_as_object(m, question, language) for m in dict.fromkeys(whole_name(m, question) for m in missing)]
    joined = objects[0] if len(objects) == 1 else (
        ", ".join(objects[:-1]) + prompts.PREMISE_LAST_JOIN[language] + objects[-1]
    )
    return (prompts.PREMISE_MISSING if sure else prompts.PREMISE_NOT_FOUND)[language].format(missing=joined)
