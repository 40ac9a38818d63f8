"""How common an English word is: its Zipf frequency, from the shipped list ``common_words.tsv``.

Greek translates everyday English words ("Labour" is «Εργατικοί», "Treasury" «Υπουργείο
Οικονομικών») and transliterates rare ones, proper names ("Rabat" is «Ραμπάτ»): so how common a
word is in English says whether a name missing from a Greek article in sound is likely missing
from it indeed. The list holds the English words of Zipf frequency >= ``MIN_ZIPF`` (log10 of the
count per billion words; 3.0 is once in a million words), taken from wordfreq by
``index/build_common_words.py`` (source and licence: ``common_words.NOTICE.md``).

``english_zipf(word)``: the word's frequency (0.0 when rarer than ``MIN_ZIPF``); None when the word
is not Latin-script or the list is not there (logged once), so that callers read "unknown".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

DATA_PATH = Path(__file__).with_name("common_words.tsv")
MIN_ZIPF = 3.0  # the list's floor: a word under it is rare, whichever threshold a caller uses above it
_LATIN = re.compile(r"[^\W\d_]+", re.ASCII)  # holds an ASCII letter
_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=4)
def load(path: Path = DATA_PATH) -> Mapping[str, float] | None:
    """word -> Zipf frequency, read once; None (and one warning) when the file is missing or unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        log.warning("no list of common English words (%s): names are not told common from rare", exc)
        return None
    words: dict[str, float] = {}
    for line in lines:
        if not line or line.startswith("#"):
            continue
        word, _, zipf = line.partition("\t")
        try:
            words[word] = float(zipf)
        except ValueError:
            log.warning("ignoring the list of common English words %s: bad line %r", path, line)
            return None
    return words


def english_zipf(word: str, path: Path = DATA_PATH) -> float | None:
    """The Zipf frequency of ``word`` in English ("Labour's" as "labour"; 0.0 under ``MIN_ZIPF``).

    None when it is not written in Latin letters or there is no list to look it up in."""
    if not _LATIN.search(word):
        return None
    words = load(path)
    if words is None:
        return None
    return words.get(_POSSESSIVE.sub("", word).lower(), 0.0)
