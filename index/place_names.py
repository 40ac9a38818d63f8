"""Country, language and city names in Greek and English, from CLDR (through Babel), for what sound cannot join.

Transliteration joins "Namroush" and «Ναμρούς»; it cannot join "Germany" and «Γερμανία», "Egypt"
and «Αίγυπτος», "Spanish" and «Ισπανός». CLDR's territory names, language names and the
exemplar cities of its time zones, in English and in Greek, give those pairs. The lookup is
built once, on first use (Babel reads its locale data from the installed package; nothing is
downloaded).

``greek_stems(name)``: the folded Greek stems an English name (or its demonym: "Egyptian",
"Libyan", "Germans") may be written with in a Greek text: «Αιγύπτου», «αιγυπτιακή» start with
"αιγυπτ". ``is_place(word)``: is a word (either script, any case ending) a country or city name.
``place_code(span)``, ``is_place_name(span)``, ``holds_place(span)``: a span of words by the CLDR
code of the place it names ("France" and «Γαλλίας» share "FR"), for the short answer's kinds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from babel.core import get_global

from index.text import fold

# Greek case and adjective endings left out of a stem ("Αίγυπτος" -> "αιγυπτ", "Ισπανικά" -> "ισπαν").
_GREEK_ENDING = re.compile(r"(?:ικ(?:α|η|ο|οσ|εσ|οι|ων)|[αεηιουω]+σ?|[αεηιουω]*ν)$")
# A stem shorter than this says too little («Κάιρο» -> "καιρ" is also "καιρός", the weather).
MIN_STEM = 4
# English endings of demonyms and country names ("Egyptian", "Israeli", "Turkish", "Germany", "Libya").
_ENGLISH_ENDINGS = ("ian", "an", "ese", "ish", "i", "ey", "y", "a", "e", "ia")


def _bases(key: str) -> set[str]:
    """What an English name may share with its demonym: "germany", "german" share "german"."""
    bases = {key}
    singular = key[:-1] if key.endswith("s") and len(key) > MIN_STEM else key
    bases.add(singular)
    bases.update(singular[: -len(end)] for end in _ENGLISH_ENDINGS
                 if singular.endswith(end) and len(singular) - len(end) >= MIN_STEM)
    return bases


def greek_stem(greek: str) -> str:
    """A Greek word without its case or adjective ending: «Βρετανοί» -> "βρεταν"."""
    return _stem(greek)


def _stem(greek: str) -> str:
    folded = fold(greek)
    stem = _GREEK_ENDING.sub("", folded)
    if len(stem) >= MIN_STEM:
        return stem
    # Too little left ("Λιβύη" -> "λιβ"): drop final vowels one at a time while enough is left.
    stem = folded
    while len(stem) > MIN_STEM and stem[-1] in "αεηιουωσν":
        stem = stem[:-1]
    return stem


def _english_key(name: str) -> str:
    return " ".join(fold(name).replace("’", "'").split())


@lru_cache(maxsize=1)
def _pairs() -> dict[str, frozenset[str]]:
    """English name (folded) -> stems of its Greek names (a multi-word name: each word's stem, space-joined)."""
    english, greek = Locale("en"), Locale("el")
    pairs: dict[str, set[str]] = {}

    def add(en_name: str | None, el_name: str | None) -> None:
        if not en_name or not el_name or not re.search(r"[α-ωΑ-Ω]", el_name):
            return
        stems = " ".join(_stem(word) for word in re.findall(r"[^\W\d_]+", el_name))
        pairs.setdefault(_english_key(en_name), set()).add(stems)

    for code, name in greek.territories.items():
        add(english.territories.get(code), name)
    for code, name in greek.languages.items():
        add(english.languages.get(code), name)
    for zone, names in greek.time_zones.items():
        city = names.get("city") if hasattr(names, "get") else None
        english_city = english.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        add(english_city, city)
    return {name: frozenset(stems) for name, stems in pairs.items()}


@lru_cache(maxsize=1)
def _greek_place_stems() -> frozenset[str]:
    return frozenset(stem for stems in _pairs().values() for stem in stems if " " not in stem)


@lru_cache(maxsize=4096)
def greek_stems(name: str) -> frozenset[str]:
    """Folded Greek stems of an English country, language or city name, or of its demonym; empty if none."""
    pairs = _pairs()
    key = _english_key(re.sub(r"['’]s$", "", name))
    if key in pairs:
        return pairs[key]
    if " " in key or len(key) < MIN_STEM:
        return frozenset()
    # A demonym or plural: "egyptian" ~ "egypt", "libyans" ~ "libya", "turkey" ~ "turkish".
    by_base = _by_base()
    return frozenset(stem for base in _bases(key) for stem in by_base.get(base, ()))


@lru_cache(maxsize=1)
def _by_base() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for english, stems in _pairs().items():
        if " " not in english:
            for base in _bases(english):
                index.setdefault(base, set()).update(stems)
    return {base: frozenset(stems) for base, stems in index.items()}


def is_place(word: str) -> bool:
    """Is ``word`` (Greek or English, inflected or not) a country, territory or city name in CLDR?"""
    if re.search(r"[α-ωΑ-Ωά-ώ]", word):
        stem = _stem(word)
        return len(stem) >= MIN_STEM and stem in _greek_place_stems()
    return _english_key(word) in _pairs()


def stems_in(stems: frozenset[str], folded_words: frozenset[str], capitalised: frozenset[str]) -> bool:
    """Does a text (its folded words, and those written capitalised) hold a name of one of ``stems``?

    Every word of a multi-word name must be there; a short stem counts only on a capitalised word.
    """
    for stem in stems:
        parts = stem.split()
        if all(any(w.startswith(part) for w in (folded_words if len(part) > MIN_STEM else capitalised))
               for part in parts):
            return True
    return False


# --- Places by their CLDR code, a span of words at a time (short answers: is a span a place?) ----------
# CLDR's territory names and its time-zone exemplar cities for the ``el`` and ``en`` locales, each
# with its code (so an exonym and its Greek name are one place), built once on first use (a few
# thousand names, ~0.1 s). Greek names are inflected ("Άγκυρα", "της Άγκυρας", "στο Λονδίνο"), so
# both the names and the words looked up are compared by their folded stem: the word without a Greek
# case ending.

# Greek noun endings, longest first: what is left is the stem shared by a name's cases.
_GREEK_ENDINGS = ("ου", "ασ", "ησ", "εσ", "ων", "οσ", "οι", "α", "η", "ο", "ε", "σ")  # folded: ς is σ
_MIN_PLACE_STEM = 3  # shorter stems ("Ιρ" of "Ιράν"?) match too many ordinary words
# CLDR territory names that are not places a sentence names ("World", "Unknown Region").
_NOT_PLACES = {"001", "ZZ", "EU", "EZ", "UN", "QO"}


def place_stem(word: str) -> str:
    """The folded word without its Greek case ending (Latin-script words lose only a possessive 's)."""
    folded = fold(word).strip("'’")
    folded = re.sub(r"['’]s$", "", folded)
    if any("α" <= ch <= "ω" for ch in folded):
        for ending in _GREEK_ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_PLACE_STEM:
                return folded[: -len(ending)]
    return folded


def _place_key(name: str) -> tuple[str, ...]:
    return tuple(place_stem(w) for w in re.findall(r"[^\W\d_]+", name))


@lru_cache(maxsize=1)
def _place_codes() -> dict[tuple[str, ...], str]:
    """Stem tuples of every CLDR territory and exemplar city name, Greek and English -> the place's code
    (the territory code, or the time zone id for a city), so "Γαλλία" and "France" share "FR"."""
    codes: dict[tuple[str, ...], str] = {}
    zones = set(get_global("zone_territories"))  # CLDR's own zone list: no system tz database needed
    for code in ("el", "en"):
        locale = Locale(code)
        for territory, name in locale.territories.items():
            if territory not in _NOT_PLACES:
                codes.setdefault(_place_key(name), territory)
        for zone in zones | set(locale.time_zones):
            city = locale.time_zones.get(zone, {}).get("city")
            # CLDR's rule: a zone without a localised city is named by its id ("America/Los_Angeles").
            codes.setdefault(_place_key(city or zone.rsplit("/", 1)[-1].replace("_", " ")), zone)
    return {k: v for k, v in codes.items() if k and len(k[-1]) >= _MIN_PLACE_STEM}


@lru_cache(maxsize=1)
def _place_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(_place_codes())


def place_code(span: str) -> str | None:
    """The CLDR code of the place ``span`` names (territory code or time zone id), in any language; or None."""
    return _place_codes().get(_place_key(span))


def is_place_name(span: str) -> bool:
    """Is ``span`` (one or more words) a CLDR place name in any of its Greek cases or in English?"""
    key = _place_key(span)
    return bool(key) and key in _place_keys()


def holds_place(span: str) -> bool:
    """Does ``span`` end in or consist of a CLDR place name ("Πανεπιστήμιο της Αθήνας" does)?"""
    key = _place_key(span)
    places = _place_keys()
    return any(key[i:] in places for i in range(len(key)))


@lru_cache(maxsize=1)
def _initials() -> dict[str, frozenset[str]]:
    """Territory code -> the folded initials of its Greek and English names of two words or more
    ("ηπ" of «Ηνωμένες Πολιτείες», "us" of "United States")."""
    initials: dict[str, set[str]] = {}
    for code in ("el", "en"):
        for territory, name in Locale(code).territories.items():
            words = [w for w in re.findall(r"[^\W\d_]+", name) if w[:1].isupper()]
            if len(words) >= 2 and territory not in _NOT_PLACES:
                initials.setdefault(territory, set()).add(fold("".join(w[0] for w in words)))
    return {territory: frozenset(found) for territory, found in initials.items()}


def initials_name(acronym: str, code: str) -> bool:
    """May ``acronym`` («ΗΠΑ», "UK") stand for the territory ``code``: do the initials of its name begin it?"""
    folded = fold(acronym)
    return any(folded.startswith(initials) for initials in _initials().get(code, ()))
