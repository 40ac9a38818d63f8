"""Lexical ranking: BM25 over accent- and case-insensitive Greek tokens and a Latin-script field.

Two fields per chunk, both derived from its text alone (so every replica that reads the same
store builds the same index):
- ``greek``: accents and case folded, final sigma unified, words cut to a stem-like prefix
  (Greek inflects word endings: "συνεργασία", "συνεργασίας", "συνεργασίες" share a prefix);
- ``latin``: every word transliterated to a rough phonetic Latin skeleton, so an English
  "Namroush" meets the Greek "Ναμρούς" (both "namrus").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.text import fold, latin_skeleton

_WORD = re.compile(r"\w+", re.UNICODE)
STEM_PREFIX = 6

_STOPWORD_LIST = """
    ο η το οι τα του της των τον την τη στο στη στην στον στα στις στους και να θα με σε για από
    απο ως ότι οτι που πως είναι ειναι ήταν ηταν δεν μη μην αλλά αλλα ή η αν σαν κατά κατα μετά
    μετα έναν ενας ένας μια μία ενα ένα τους τις αυτό αυτο αυτή αυτη αυτός αυτος τι ποιος ποια
    ποιο ποιον ποιοι ποιες ποιας πόσο ποσο πόσα ποσα πόσες ποσες πόσοι ποσοι πότε ποτε πού γιατί
    γιατι ποιου ποιων the a an of to in on at for by with from and or is are was were be been
    has have had do does did what who whom whose which when where why how that this these those
    it its as than not about into did said says say
"""  # question words and function words of Greek and English
_STOPWORDS = frozenset(fold(w) for w in _STOPWORD_LIST.split())


def greek_terms(text: str) -> list[str]:
    return fields(text)[0]


def latin_terms(text: str) -> list[str]:
    return fields(text)[1]


# Bump when what ``fields`` makes of a text changes: a catalog whose rows another analysis made rebuilds
# them from its chunks' texts (index.catalog, index.reindex), without embedding anything again.
LEXICAL_ANALYSIS = "lexical-v2"  # v2: the Latin field reads a diaeresis («Μπαϊρακτάρογλου»: "bairakt…")


def fields(text: str) -> tuple[list[str], list[str]]:
    """(greek_terms, latin_terms) of ``text`` from one pass of splitting. The Latin field reads each word
    before its accents are folded away: a diaeresis keeps two vowels apart (``latin_skeleton``), as the
    English spelling of a name does ("Bayraktaroglu")."""
    greek: list[str] = []
    latin: list[str] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text.casefold())):  # casefold splits «ΐ»
        folded = fold(word)
        if folded in _STOPWORDS:
            continue
        greek.append(folded[:STEM_PREFIX])
        if len(folded) > 2:
            latin.append(latin_skeleton(word)[:STEM_PREFIX + 1])
    return greek, latin


def analyse(text: str) -> list[str]:
    """Terms of both fields, prefixed so the fields never collide (one pass of folding, as ``fields``)."""
    greek, latin = fields(text)
    return [f"g:{t}" for t in greek] + [f"l:{t}" for t in latin]


# Capitalised words (question words among them fall to the stopword list) and anything with a digit.
_NAME_OR_NUMBER = re.compile(r"\b[A-Z][\w'’-]+|\b\w*\d\w*", re.UNICODE)


def analyse_query(text: str) -> list[str]:
    """Query terms. A question in Latin script keeps only names and numbers, matched on the Latin field.

    Its other words are English, and would only meet the odd Latin word of a Greek article.
    """
    if any("α" <= ch <= "ω" for ch in fold(text)):
        return analyse(text)
    names = " ".join(m.group(0) for m in _NAME_OR_NUMBER.finditer(text.strip()))
    return [f"l:{t}" for t in latin_terms(names)] + [f"g:{t}" for t in greek_terms(names) if t.isdigit()]


def query_fields(text: str) -> tuple[list[str], list[str]]:
    """The query's terms split by field: (Greek stems, Latin skeletons), as ``analyse_query`` chooses them."""
    terms = analyse_query(text)
    return [t[2:] for t in terms if t.startswith("g:")], [t[2:] for t in terms if t.startswith("l:")]


@dataclass
class BM25Index:
    """Okapi BM25 over pre-analysed documents, in memory (the benchmarks' document-level baseline;
    the index itself keeps its lexical side in SQLite FTS5, index/catalog.py)."""

    k1: float = 1.2
    b: float = 0.75

    def __post_init__(self) -> None:
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths = np.zeros(0, dtype=np.float32)
        self._avg_length = 1.0

    @classmethod
    def build(cls, texts: Sequence[str]) -> BM25Index:
        index = cls()
        postings: dict[str, list[tuple[int, int]]] = {}
        lengths = []
        for doc, text in enumerate(texts):
            terms = Counter(analyse(text))
            lengths.append(sum(terms.values()))
            for term, tf in terms.items():
                postings.setdefault(term, []).append((doc, tf))
        index._postings = postings
        index._lengths = np.asarray(lengths, dtype=np.float32)
        index._avg_length = float(index._lengths.mean()) if lengths else 1.0
        return index

    def __len__(self) -> int:
        return len(self._lengths)

    def scores(self, query: str) -> np.ndarray:
        """BM25 of every document for ``query``, divided by the best score the query could reach.

        Dividing by the query's own ceiling (every term matched, at full saturation) rather than by
        the best document keeps a lone weak match weak: a query whose names the corpus lacks scores
        low everywhere instead of crowning whichever document shares one common word.
        """
        n = len(self._lengths)
        scores = np.zeros(n, dtype=np.float32)
        if n == 0:
            return scores
        norm = self.k1 * (1 - self.b + self.b * self._lengths / self._avg_length)
        ceiling = 0.0
        for term in set(analyse_query(query)):
            posting = self._postings.get(term, [])
            idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
            ceiling += idf * (self.k1 + 1)
            if not posting:
                continue
            docs = np.fromiter((d for d, _ in posting), dtype=np.int64, count=len(posting))
            tfs = np.fromiter((tf for _, tf in posting), dtype=np.float32, count=len(posting))
            scores[docs] += idf * tfs * (self.k1 + 1) / (tfs + norm[docs])
        return scores / ceiling if ceiling > 0 else scores
