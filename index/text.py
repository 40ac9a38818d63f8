"""Greek text helpers shared by indexing and answering: folding, script detection, transliteration."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_greek(text: str) -> bool:
    """True when most letters of ``text`` are Greek."""
    return len(_GREEK.findall(text)) >= len(_LATIN.findall(text)) and bool(_GREEK.search(text))


# An answer folds its question and each candidate sentence many times over (scoring, answer types,
# short answers, checks): the recent ones are kept (a few MB at most).
@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case, accents removed, final sigma unified (ά→α, ΐ→ι, ς→σ)."""
    return unaccented(text.casefold())


def unaccented(text: str) -> str:
    """Accents removed and final sigma unified, case kept («Πόσους» → «Ποσουσ»): ``fold`` without lower case."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ς", "σ")


# Months as they read after ``fold`` (January = 1): Greek stems, whose cases and colloquial forms
# ("Μαρτίου", "Μάρτη", "Μάη") are the stem and one of GREEK_MONTH_ENDINGS, English names, and
# the abbreviations news text uses (beside a number, where they cannot be a word).
GREEK_MONTH_STEMS = (
    "ιανουαρ", "φεβρουαρ", "μαρτ", "απριλ", "μα", "ιουν", "ιουλ", "αυγουστ", "σεπτεμβρ", "οκτωβρ", "νοεμβρ", "δεκεμβρ",
)
GREEK_MONTH_ENDINGS = ("ιοσ", "ιου", "ιο", "ησ", "η")
_AUGUST_ENDINGS = ("οσ", "ου", "ο")  # Αύγουστος, Αυγούστου, Αύγουστο
_GREEK_FOLK_MONTHS = {"γεναρησ": 1, "γεναρη": 1, "φλεβαρησ": 2, "φλεβαρη": 2}
ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
MONTH_ABBREVIATIONS = (
    ("jan", "ιαν"), ("feb", "φεβ"), ("mar", "μαρ"), ("apr", "απρ"), ("may", "μαι"), ("jun", "ιουν"),
    ("jul", "ιουλ"), ("aug", "αυγ"), ("sept", "sep", "σεπτ", "σεπ"), ("oct", "οκτ"), ("nov", "νοε"), ("dec", "δεκ"),
)


def _greek_month_forms(stem: str) -> tuple[str, ...]:
    return tuple(stem + ending for ending in (_AUGUST_ENDINGS if stem == "αυγουστ" else GREEK_MONTH_ENDINGS))


# Every whole month word (names and abbreviations) -> its number.
MONTH_FORMS: dict[str, int] = {
    **{form: n for n, stem in enumerate(GREEK_MONTH_STEMS, 1) for form in _greek_month_forms(stem)},
    **_GREEK_FOLK_MONTHS,
    **{name: n for n, name in enumerate(ENGLISH_MONTHS, 1)},
    **{short: n for n, forms in enumerate(MONTH_ABBREVIATIONS, 1) for short in forms},
}
# A regex of month-name beginnings, for folded text ("μαι" is May's Greek stem with its "ι").
MONTH_NAMES = "|".join((*(s if s != "μα" else "μαι" for s in GREEK_MONTH_STEMS), *ENGLISH_MONTHS))
# Number words (folded) news writes instead of digits -> their value. "one" / "ένα" / "μια" are
# left out: they are the indefinite article far more often.
NUMBER_WORDS: dict[str, int] = {
    fold(form): value
    for value, forms in {
        2: "two δυο", 3: "three τρια τρεις τριων", 4: "four τεσσερα τεσσερις τεσσαρων", 5: "five πεντε",
        6: "six εξι", 7: "seven επτα εφτα", 8: "eight οκτω οχτω", 9: "nine εννεα εννια", 10: "ten δεκα",
        11: "eleven εντεκα", 12: "twelve δωδεκα", 20: "twenty εικοσι", 100: "hundred εκατο",
    }.items()
    for form in forms.split()
}
WEEKDAYS_ENGLISH = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_GREEK = ("δευτερα", "τριτη", "τεταρτη", "πεμπτη", "παρασκευη", "σαββατο", "κυριακη")
# A regex of weekday names in both languages, for folded text.
WEEKDAY_NAMES = "|".join(WEEKDAYS_GREEK + WEEKDAYS_ENGLISH)


# Greek digraphs first (longest match), then single letters; values are rough phonetic Latin.
_GREEK_DIGRAPHS = {
    "ου": "u", "αι": "e", "ει": "i", "οι": "i", "υι": "i", "μπ": "b", "ντ": "d", "γκ": "g",
    "γγ": "g", "τσ": "ts", "τζ": "dz", "αυ": "av", "ευ": "ev",
}
_GREEK_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "t", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
}
# Latin spellings of the same sounds, folded the same way.
_LATIN_RULES = [
    ("sch", "s"), ("sh", "s"), ("ch", "h"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ou", "u"),
    ("oo", "u"), ("ee", "i"), ("ai", "e"), ("ei", "i"), ("oi", "i"), ("ck", "k"), ("dj", "dz"),
    ("gh", "g"), ("ng", "g"), ("mb", "b"), ("nd", "d"), ("j", "dz"), ("x", "ks"), ("c", "k"),
    ("q", "k"), ("w", "u"), ("y", "i"), ("v", "b"),
]

# A diaeresis keeps two vowels apart ("Μπαϊρακτάρογλου" is ba-i, not "be").
_DIAERESIS = str.maketrans({"ϊ": "\x00ι", "ΐ": "\x00ι", "ϋ": "\x00υ", "ΰ": "\x00υ"})


def _transliterate_greek(word: str) -> str:
    out = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _GREEK_DIGRAPHS:
            out.append(_GREEK_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_GREEK_LETTERS.get(word[i], word[i]))
        i += 1
    return "".join(out)


@lru_cache(maxsize=262_144)  # news repeats its words: indexing a corpus calls this once per word
def latin_skeleton(word: str) -> str:
    """A rough phonetic Latin form shared by a name's Greek and English spellings."""
    folded = fold(word.casefold().translate(_DIAERESIS))
    if any("α" <= ch <= "ω" for ch in folded):
        folded = _transliterate_greek(folded)
    for old, new in _LATIN_RULES:
        folded = folded.replace(old, new)
    folded = folded.replace("\x00", "")
    # Doubled letters and a final "h" are spelling, not sound ("Namroushh", "Mohammed").
    folded = re.sub(r"(.)\1+", r"\1", folded)
    return folded.rstrip("h") or folded


# Nasal clusters that Greek spells as one sound ("Άγκυρα", "Ντόχα", "Μπαγκντάτ").
_NASAL_CLUSTERS = (("nk", "g"), ("nt", "d"), ("mp", "b"))


def name_key(word: str) -> str:
    """``latin_skeleton`` made looser for comparing names, not for indexing: "Ankara" ~ "Άγκυρα"."""
    key = latin_skeleton(word)
    for old, new in _NASAL_CLUSTERS:
        key = key.replace(old, new)
    return key


# A sentence ends at . ! ? ; (the Greek question mark) or … before a capital or a digit.
_SENTENCE_END = re.compile(
    r"""(?<=[.!?;;…»"”'])\s+(?=[«"“'(\[]?[A-ZΑ-ΩΆ-Ώ0-9])""",
)
_SHORT_ABBREVIATION = re.compile(r"(?:^|\s)[A-Za-zΑ-Ωα-ωά-ώ]{1,2}\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a text; paragraph breaks always end a sentence."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        pieces = _SENTENCE_END.split(paragraph)
        merged: list[str] = []
        for piece in pieces:
            if merged and _SHORT_ABBREVIATION.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        sentences.extend(s for s in merged if s)
    return sentences


# ELOT 743 / ISO 843 (type 2, transcription) romanisation, for showing Greek names in Latin script.
_ELOT_LETTERS = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
_ELOT_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch", "ντ": "nt"}
# αυ, ευ, ηυ read v before a vowel or a voiced consonant, f before a voiceless one or at the end.
_ELOT_VOICED = set("αεηιουωβγδζλμνρ")
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]+")


def _romanise_word(word: str) -> str:
    # Accents go; a diaeresis (marked here by \x00 before the vowel) keeps two vowels apart.
    letters = fold(word.translate(_DIAERESIS))
    out = []
    i = 0
    while i < len(letters):
        ch, pair, nxt = letters[i], letters[i : i + 2], letters[i + 2 : i + 3]
        if pair in ("αυ", "ευ", "ηυ"):
            out.append(_ELOT_LETTERS[ch] + ("v" if nxt and nxt in _ELOT_VOICED else "f"))
            i += 2
        elif pair == "μπ":
            # b at the start or end of a word, mp inside it
            out.append("b" if i == 0 or i + 2 == len(letters) else "mp")
            i += 2
        elif pair in _ELOT_PAIRS:
            out.append(_ELOT_PAIRS[pair])
            i += 2
        else:
            out.append(_ELOT_LETTERS.get(ch, "" if ch == "\x00" else ch))
            i += 1
    latin = "".join(out)
    if len(word) > 1 and word.isupper():
        return latin.upper()
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def romanise(text: str) -> str:
    """Greek words of ``text`` in Latin script (ELOT 743): «Σαλάχ αλ Ναμρούς» → "Salach al Namrous"."""
    return _GREEK_WORD.sub(lambda m: _romanise_word(m.group(0)), text)


def soft_consonants(word: str) -> str:
    """``word`` lowercased with the English soft c and g before e, i, y written as heard ("Grace" / «Γκρέις»,
    "Giants" / «Τζάιαντς», "Wallace" / «Γουάλας»)."""
    return re.sub(r"g(?=[eiy])", "j", re.sub(r"c(?=[eiy])", "s", word.lower()))


# Greek vowel pairs whose first vowel carries the accent are two sounds in a foreign name («Μάικλ» is
# ma-i, not "me"): read as if the second had a diaeresis.
_ACCENTED_PAIR = re.compile(r"([άέόή])([ιυ])")
_SPLIT_PAIR = {"ι": "ϊ", "υ": "ϋ"}
_UNACCENTED = {"ά": "α", "έ": "ε", "ό": "ο", "ή": "η"}


@lru_cache(maxsize=262_144)  # every checked article's capitalised words, question after question
def name_readings(word: str) -> tuple[str, ...]:
    """``name_key`` of ``word`` and of the other spellings a name has across scripts. A Latin word: an
    English "ch" is a k as often as a Greek χ ("Chris" «Κρις») or a ts ("Chelsea" «Τσέλσι»); c and g are
    soft before e, i, y ("Wallace" «Γουάλας»); a Slavic or Turkish c is a ts ("Selcuk" «Σελτσούκ»); a first
    j is written «Γι» ("Jakubowski" «Γιακουμπόφσκι»). A Greek word: a first «Γου» is a w («Γουάλας»), and a
    pair with an accented first vowel is two sounds («Μάικλ» is ma-i)."""
    readings = [name_key(word)]
    if is_greek(word):
        split = _ACCENTED_PAIR.sub(lambda m: _UNACCENTED[m.group(1).lower()] + _SPLIT_PAIR[m.group(2)], word.lower())
        readings.append(name_key(split))
        if fold(word).startswith("γου"):
            readings.append(name_key(word[1:]))  # «Γουάλας» ~ "Wallace"
    else:
        low = word.lower()
        variants = {low, low.replace("ch", "k"), low.replace("ch", "ts")}
        if re.search(r"c(?![hk])", low):
            variants.add(re.sub(r"c(?![hk])", "ts", low))  # a Slavic or Turkish c («Σελτσούκ» "Selcuk")
        variants |= {soft_consonants(v) for v in variants}
        if low.startswith("j"):
            variants.add("gi" + low[1:])
        readings += [name_key(v) for v in variants]
    return tuple(dict.fromkeys(r for r in readings if r))
