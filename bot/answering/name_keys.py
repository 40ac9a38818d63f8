"""Name keys compared across scripts, Greek inflection and CLDR exonyms.

What short answers, trimming and role spans match a question's names with: a word's ``name_key`` and
its other readings across scripts (``index.text.name_readings``: "Chris" is «Κρις», "Wallace" «Γουάλας»),
"@" + the CLDR code of a place ("France" and «Γαλλία» share "@FR"), and first names alike in sound.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from bot.answering.premise import consonant_skeleton, sound_closeness
from bot.question.analysis import NamedThing
from index.place_names import place_code
from index.text import name_key, name_readings

MIN_KEY = 3  # words shorter than this (articles, particles) are never compared


def keys_of(text: str) -> list[str]:
    """Name keys of the words of ``text``, and "@" + the CLDR code of each capitalised place word
    (exonyms: "France" and "Γαλλία" share "@FR")."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= MIN_KEY]
    places = [f"@{code}" for w in words if w[:1].isupper() and (code := place_code(w))]
    return [reading for w in words for reading in name_readings(w)] + places


def same_word(a: str, b: str) -> bool:
    """Are two name keys one word, in another case or script ("turkias" ~ "turkei", "agira" ~ "agara")?"""
    if a == b:
        return True
    if a.startswith("@") or b.startswith("@"):
        return False  # CLDR place codes match only themselves
    shorter = min(len(a), len(b))
    if shorter < 4:
        return False
    prefix = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), shorter)
    if prefix >= max(4, shorter - 3):
        return True
    return shorter >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.8


def holds(keys: Sequence[str], key: str) -> bool:
    """Is the name key ``key`` one of ``keys`` (``same_word``)?"""
    return any(same_word(key, other) for other in keys)


def holds_any(keys: Sequence[str], word: str) -> bool:
    """Does any reading of ``word`` (``name_readings``) match one of ``keys``?"""
    return any(holds(keys, reading) for reading in name_readings(word))


SAME_FIRST_NAME = 0.6  # sound closeness of two first names taken as one («Κρις» ~ "Chris" 1.0; «Κρις» ~ "Dwi" 0)


def same_name_word(word: str, other: str) -> bool:
    """Is ``word`` the name word ``other``, across scripts and inflection (by key)?"""
    return holds(keys_of(word), name_key(other))


def alike_first_names(word: str, other: str) -> bool:
    """May two first names be one, across scripts: by key, or alike in sound ("Chris" / «Κρις»: an English "ch"
    is often a k)?"""
    if same_name_word(word, other):
        return True
    mine, theirs = (
        {consonant_skeleton(key) for key in (name_key(w), name_key(w).replace("h", "k"))} for w in (word, other))
    return max(sound_closeness(a, b) for a in mine for b in theirs) >= SAME_FIRST_NAME


def keyed(thing: NamedThing, keys: Sequence[str]) -> bool:
    """Does a word of ``thing`` (or its CLDR place code) match one of ``keys`` by sound: "Libyan" ~ «λιβυκού»?"""
    return any(holds(keys, key) for name in names_of_thing(thing) for key in name)


def word_keys(word: str, key: str | None = None) -> tuple[str, ...]:
    """A name word's keys: ``key`` (the question analysis's, when given) and its readings, then "@" + its CLDR
    place code ("@LY") when it names a place."""
    code = place_code(word)
    keys = tuple(dict.fromkeys((*([key] if key is not None else []), *name_readings(word))))
    return (*keys, f"@{code}") if code else keys


def names_of_thing(thing: NamedThing) -> list[tuple[str, ...]]:
    """Each word of ``thing``: its ``word_keys``."""
    return [word_keys(word, key) for word, key in zip(thing.words, thing.keys, strict=False)]
