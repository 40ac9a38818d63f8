"""Is a capitalised word a place? Countries, regions and cities from CLDR (through Babel), in Greek and English.

The names are CLDR's territory names and its time-zone exemplar cities for the ``el`` and ``en``
locales, each with its code (so an exonym and its Greek name are one place), built once on first
use (a few thousand names, ~0.1 s). Greek names are inflected
("Άγκυρα", "της Άγκυρας", "στο Λονδίνο", "του Λονδίνου"), so both the names and the words looked
up are compared by their folded stem: the word without a Greek case ending.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale
from babel.core import get_global

from index.text import fold

# Greek noun endings, longest first: what is left is the stem shared by a name's cases.
_GREEK_ENDINGS = ("ου", "ασ", "ησ", "εσ", "ων", "οσ", "οι", "α", "η", "ο", "ι", "ε", "σ")  # folded: ς is σ
_MIN_STEM = 3  # shorter stems ("Ιρ" of "Ιράν"?) match too many ordinary words
# CLDR territory names that are not places a sentence names ("World", "Unknown Region").
_NOT_PLACES = {"001", "ZZ", "EU", "EZ", "UN", "QO"}


def place_stem(word: str) -> str:
    """The folded word without its Greek case ending (Latin-script words lose only a possessive 's)."""
    folded = fold(word).strip("'’")
    folded = re.sub(r"['’]s$", "", folded)
    if any("α" <= ch <= "ω" for ch in folded):
        for ending in _GREEK_ENDINGS:
            if folded.endswith(ending) and len(folded) - len(ending) >= _MIN_STEM:
                return folded[: -len(ending)]
    return folded


def _key(name: str) -> tuple[str, ...]:
    return tuple(place_stem(w) for w in re.findall(r"[^\W\d_]+", name))


@lru_cache(maxsize=1)
def _codes() -> dict[tuple[str, ...], str]:
    """Stem tuples of every CLDR territory and exemplar city name, Greek and English -> the place's code
    (the territory code, or the time zone id for a city), so "Γαλλία" and "France" share "FR"."""
    codes: dict[tuple[str, ...], str] = {}
    zones = set(get_global("zone_territories"))  # CLDR's own zone list: no system tz database needed
    for code in ("el", "en"):
        locale = Locale(code)
        for territory, name in locale.territories.items():
            if territory not in _NOT_PLACES:
                codes.setdefault(_key(name), territory)
        for zone in zones | set(locale.time_zones):
            city = locale.time_zones.get(zone, {}).get("city")
            # CLDR's rule: a zone without a localised city is named by its id ("America/Los_Angeles").
            codes.setdefault(_key(city or zone.rsplit("/", 1)[-1].replace("_", " ")), zone)
    return {k: v for k, v in codes.items() if k and len(k[-1]) >= _MIN_STEM}


def _places() -> frozenset[tuple[str, ...]]:
    return frozenset(_codes())


def place_code(span: str) -> str | None:
    """The CLDR code of the place ``span`` names (territory code or time zone id), in any language; or None."""
    return _codes().get(_key(span))


def is_place(span: str) -> bool:
    """Is ``span`` (one or more words) a CLDR place name in any of its Greek cases or in English?"""
    key = _key(span)
    return bool(key) and key in _places()


def holds_place(span: str) -> bool:
    """Does ``span`` end in or consist of a CLDR place name ("Πανεπιστήμιο της Αθήνας" does)?"""
    key = _key(span)
    places = _places()
    return any(key[i:] in places for i in range(len(key)))
