"""What a named person is, as a sentence says beside the name: the answer to "Who is X?" and "What post
does X hold?".

News writes a person's title or role in two places, and both are read here:
- before the name, back to the article that opens the noun phrase: «ο νέος Αρχηγός του Γενικού
  Επιτελείου του Λιβυκού Στρατού, αντιστράτηγος Σαλάχ αλ Ναμρούς», "Interior Secretary Ryan Zinke";
- in apposition after it, between commas: «ο Ζαν Γκέλφαντ, πρόεδρος του Διεθνούς Ερυθρού Σταυρού στην
  Ινδονησία, δήλωσε», "Dave Schwartz, senior vice president of marketing, said".
A phrase is a role only when it holds a word that says what a person is (``asked.is_role_word``: a
title, a role, a Greek agent noun; not a courtesy title, «κ.», "Mr"): «Δύο μήνες μετά, ο Ναμρούς» has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.question.asked import is_role_word, is_title
from index.place_names import is_place
from index.text import fold

MAX_ROLE_WORDS = 12  # a longer run back to an article is a clause, not a title
_TOKEN = re.compile(r"[^\W\d_][\w’'.-]*|\d[\d.,]*|[^\w\s]")
# Going back from a name, the title ends at the article (or preposition with article) that opens its
# noun phrase; genitive articles belong to it («Αρχηγός του Γενικού Επιτελείου»).
_OPENS_NOUN_PHRASE = frozenset({
    "ο", "η", "οι", "τον", "την", "τη", "το", "τα", "τους", "τισ", "στον", "στην", "στη", "στο", "στουσ", "στισ",
    "απο", "με", "για", "σε", "οτι", "πωσ", "και", "the", "a", "an", "by", "with", "from", "for", "to", "said",
    "says", "told", "and", "that",
})
# An apposition ends at a relative word or a clause of speech: «διευθυντής της ομάδας Priorities USA που …».
_ENDS_APPOSITION = frozenset({
    "που", "οποιοσ", "οποια", "οποιο", "οποιοι", "οποιεσ", "οποιου", "οποιασ", "οτι", "πωσ", "who", "which", "that",
    "said", "says", "told",
})
_PARTICLES = frozenset({"αλ", "ελ", "ντε", "ντι", "φον", "βαν", "μπιν", "al", "el", "de", "da", "di", "van", "von",
                        "bin"})
_LEADING_ARTICLES = frozenset({"the", "a", "an", "ο", "η"})


@dataclass(frozen=True)
class RoleSpan:
    """A title or role beside a mention of the person, as quoted."""

    text: str
    start: int
    end: int
    before_name: bool  # a title before the name (news's usual place), not an apposition after it
    name: str = ""  # the mention of the person it is beside, as written («Σαλάχ αλ Ναμρούς»)

    @property
    def former(self) -> bool:
        """Does it say the person held it before («πρώην Αρχηγό», "former minister", "ex-")?"""
        return bool(_FORMER.search(fold(self.text)))


_FORMER = re.compile(r"\b(?:πρωην|τεωσ|former|ex|previous|then)\b")


def _says_what(word: str) -> bool:
    """Does ``word`` say what a person is? Courtesy titles («κ.», "Mr", "Dr") do not: 4 letters at least."""
    return len(fold(word.strip("."))) >= 4 and is_role_word(word)


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _mentions(tokens: list[re.Match[str]], is_person_word: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Token ranges [first, last] naming the person: the words that match, with the particles and the
    other capitalised name words beside them («Ράιαν Ζίνκε» where the question says "Zinke")."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        if not (_capitalised(word) and is_person_word(word)):
            i += 1
            continue
        first, last = i, i
        while last + 1 < len(tokens) and (
                (_capitalised(tokens[last + 1].group()) and not is_title(tokens[last + 1].group()))
                or (fold(tokens[last + 1].group()) in _PARTICLES and last + 2 < len(tokens)
                    and _capitalised(tokens[last + 2].group()))):
            last += 1
        while first > 0 and (_first_name(tokens, first - 1) or fold(tokens[first - 1].group()) in _PARTICLES):
            first -= 1
        found.append((first, last))
        i = last + 1
    return found


def _first_name(tokens: list[re.Match[str]], i: int) -> bool:
    """May token ``i``, just before a mention, be the rest of the name («Ράιαν» of «Ράιαν Ζίνκε»)? Not a title,
    a place or a word in the genitive («του Γενικού Επιτελείου Σελτσούκ»: the office's, not the name's)."""
    word = tokens[i].group()
    return (_capitalised(word) and not is_title(word) and not is_place(word) and fold(word) not in _OPENS_NOUN_PHRASE
            and not fold(word).endswith(("ου", "ων")) and i > 0
            and fold(tokens[i - 1].group()) not in ("του", "τησ", "των", "of"))


def _title_before(sentence: str, tokens: list[re.Match[str]], first: int) -> RoleSpan | None:
    """The title between the article that opens the noun phrase and the name (token ``first``)."""
    words: list[int] = []
    i = first - 1
    while i >= 0:
        token = tokens[i].group()
        folded = fold(token)
        if folded in _OPENS_NOUN_PHRASE or (not token[:1].isalnum() and token != ",") or token.endswith("."):
            break  # (a word with a full stop ends the sentence before: «… βουλευτής. Ο Ρομπέρτο»)
        if token != ",":
            words.append(i)
            if len(words) > MAX_ROLE_WORDS:
                return None
        i -= 1
    if i < 0 and not words:
        return None
    while words and tokens[words[-1]].group() == ",":
        words.pop()
    if not words or not any(_says_what(tokens[j].group()) for j in words):
        return None
    start, end = tokens[words[-1]].start(), tokens[words[0]].end()
    return RoleSpan(sentence[start:end].strip(" ,"), start, end, before_name=True)


def _apposition_after(sentence: str, tokens: list[re.Match[str]], last: int) -> RoleSpan | None:
    """The role between commas after the name (token ``last``): «Ζαν Γκέλφαντ, πρόεδρος του …, δήλωσε»."""
    if last + 1 >= len(tokens) or tokens[last + 1].group() != ",":
        return None
    i = last + 2
    while i < len(tokens) and fold(tokens[i].group()) in _LEADING_ARTICLES:
        i += 1
    words: list[int] = []
    while i < len(tokens):
        token = tokens[i].group()
        if not token[:1].isalnum() or fold(token) in _ENDS_APPOSITION:
            break
        words.append(i)
        if len(words) > MAX_ROLE_WORDS:
            return None
        i += 1
    if not words or tokens[words[0]].group()[:1].isdigit():
        return None  # «ο Χ, 45 ετών,»: an age, not a role
    if fold(tokens[words[0]].group()) in _OPENS_NOUN_PHRASE:
        return None  # «Τζον Σμιθ, και τον προπονητή …»: the next person in a list, not an apposition
    if not any(_says_what(tokens[j].group()) for j in words):
        return None
    start, end = tokens[words[0]].start(), tokens[words[-1]].end()
    text = sentence[start:end].rstrip(".")  # «Βολιβιανός διπλωμάτης.»: the sentence's full stop, not the title's
    return RoleSpan(text, start, start + len(text), before_name=False)


def roles_beside(sentence: str, is_person_word: Callable[[str], bool]) -> list[RoleSpan]:
    """The titles and roles ``sentence`` gives the person whose name's words ``is_person_word`` tells."""
    tokens = list(_TOKEN.finditer(sentence))
    roles: list[RoleSpan] = []
    for first, last in _mentions(tokens, is_person_word):
        name = sentence[tokens[first].start() : tokens[last].end()]
        for role in (_title_before(sentence, tokens, first), _apposition_after(sentence, tokens, last)):
            if role is not None:
                roles.append(replace(role, name=name))
    return roles


def someone_else_of_the_name(
    texts: Sequence[str], words: Sequence[str], same: Callable[[str, str], bool], alike: Callable[[str, str], bool]
) -> bool:
    """Do ``texts`` name the last of a person's ``words`` («Χάρις» of "Dwi Haris") only with another first name
    before it («Κρις Χάρις»): another person of that surname? ``same`` finds the surname across scripts; ``alike``,
    looser, compares first names ("Chris" / «Κρις»)."""
    if len(words) < 2:
        return False
    seen = False
    for text in texts:
        tokens = list(_TOKEN.finditer(text))
        for i, token in enumerate(tokens):
            if not same(token.group(), words[-1]):
                continue
            seen = True
            if not (i > 0 and _first_name(tokens, i - 1)
                    and not any(alike(tokens[i - 1].group(), word) for word in words[:-1])):
                return False  # alone («ο Χάρις»), or with the person's own first name
    return seen
