"""Which words of a text are names: capitalised runs in Greek or Latin script, keyed across scripts.

Shared by the question analysis (what a question is about) and the answering checks (what a
claim or a source names). A name is a capitalised word that is not a function word, a title or
office, a month, a weekday or a number word; a run of them (with particles such as "al", "van"
inside) is one name, compared word by word through ``index.text.name_key``.
"""

from __future__ import annotations

import re

from index.text import MONTH_FORMS, NUMBER_WORDS, fold, name_key

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


# Function words that start sentences (folded). A capitalised one is never a name.
FUNCTION_WORDS = folded_words(
    """
    a an the this that these those there here it its he she his her they their them we our you your i
    in on at of for from to by with about after before during since until as and but or nor so yet
    if when while where which who whom whose what why how also however both either neither each
    all some any no not one other another many most more such than then thus according despite
    following meanwhile moreover further furthermore besides although though because
    ο η το οι τα του της των τον την τους τις ένας μία μια ένα στο στη στην στον στα στους στις
    στου στης σε από για με κατά μετά πριν προς χωρίς μέχρι ως και ή αλλά όμως ενώ αν όταν που
    πού ότι πως πώς αυτός αυτή αυτό αυτοί αυτές αυτά αυτού αυτής αυτών εκεί εδώ σύμφωνα επίσης
    ακόμη ακόμα ειδικότερα συγκεκριμένα παράλληλα ωστόσο έτσι οπότε δηλαδή επειδή καθώς
    ποιος ποια ποιο ποιοι ποιες ποιον ποιου ποιας ποιων ποιους πόσοι πόσες πόσα πόσο πόση πόσων πόσους
    πότε γιατί τι
    """
)

# English words written with a capital in news without being names: ranks, titles, offices,
# institutions, geography. In a Greek article they are ordinary lower-case words, so they cannot
# be looked up by sound; the names next to them still are.
ENGLISH_TITLE_WORDS = folded_words(
    """
    mr mrs ms dr prof sir lord lady st saint
    lt lieut gen col maj capt cpt sgt adm brig cmdr cdr field marshal general lieutenant colonel
    major captain admiral commander commodore brigadier sergeant officer
    president vice prime minister ministers deputy secretary chancellor premier ambassador envoy
    chief chiefs head staff spokesman spokeswoman spokesperson director governor mayor chairman
    chairwoman chair leader king queen prince princess pope patriarch archbishop bishop
    army navy air force forces armed military defence defense ministry ministries department office
    government parliament council cabinet court supreme assembly senate congress committee
    commission agency authority service police guard coast national state federal republic
    democratic people's union united nations european federation kingdom international central
    bank party university hospital school airport port city region province county district
    north south east west northern southern eastern western central upper lower new old greater
    foreign interior home finance economy health education justice affairs
    """
)


# Folded weekday forms, Monday = 0. Greek "Τρίτη" is also "third": a claim counts it only capitalised.
WEEKDAY_FORMS: dict[str, int] = {}
for _number, _forms in enumerate(
    (
        "monday mon δευτερα δευτερας",
        "tuesday tue tues τριτη τριτης",
        "wednesday wed τεταρτη τεταρτης",
        "thursday thu thurs πεμπτη πεμπτης",
        "friday fri παρασκευη παρασκευης",
        "saturday sat σαββατο σαββατου",
        "sunday sun κυριακη κυριακης",
    )
):
    for _form in _forms.split():
        WEEKDAY_FORMS[fold(_form)] = _number
NAME_PARTICLES = folded_words("al el bin ben ibn abu de da di del van von der la le du αλ ελ μπιν ιμπν ντε φον βαν")


def _never_a_name(key: str) -> bool:
    """Is the folded word one that names nothing, even capitalised: a function word, a month, a weekday
    or a number word?"""
    return key in FUNCTION_WORDS or key in MONTH_FORMS or key in WEEKDAY_FORMS or key in NUMBER_WORDS


def is_name_word(word: str) -> bool:
    camel = word[0].islower() and any(c.isupper() for c in word[1:])  # a brand's own casing: "iPhone", "eBay"
    if not (word[0].isupper() or camel) or len(word) < 2:
        return False
    key = fold(word)
    if _never_a_name(key):
        return False
    return re.sub(r"['’]s$", "", key) not in ENGLISH_TITLE_WORDS


def name_runs(text: str) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Capitalised word sequences, each as written with the ``name_key`` of its words (particles aside).

    A sentence's lone first word is a name only beside another.
    """
    found: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    words = list(WORD.finditer(text))
    index = 0
    while index < len(words):
        run: list[str] = []
        j = index
        while j < len(words):
            word = words[j].group(0)
            gap = text[words[j - 1].end() : words[j].start()] if j > index else ""
            # A bare hyphen or a space joins ("Rees-Mogg", "al-Namroush"); a spaced dash parts two names
            # ("Άιρ - Μέλροουζ": two teams).
            if j > index and not re.fullmatch(r"\s*|[\-‐]", gap):
                break
            particle = bool(run) and fold(word) in NAME_PARTICLES  # "Salah al-Namroush"
            if not (is_name_word(word) or (particle and j + 1 < len(words) and words[j + 1].group(0)[0].isupper())):
                break
            run.append(word)
            j += 1
        if run and index == _sentence_start(words, index, text) and len(run) == 1:
            run = []  # "Training was discussed": a capitalised first word alone is not taken for a name
        if run:
            keys = tuple((w, name_key(re.sub(r"['’]s$", "", w))) for w in run if fold(w) not in NAME_PARTICLES)
            found.append((" ".join(run), keys))
            index = j
        else:
            index += 1
    return found


def _sentence_start(words: list[re.Match[str]], index: int, text: str) -> int:
    """``index`` when words[index] opens a sentence (or a line, or follows a colon), else -1."""
    if index == 0:
        return 0
    between = text[words[index - 1].end() : words[index].start()]
    return index if re.search(r"[.!?;:\n]", between) else -1


# Lower-case words inside an institution's or a title's name: "Center for New American Security",
# "Bank of England", «Τράπεζα της Ελλάδος». Not "and": "Biden and Putin" are two names.
NAME_CONNECTORS = folded_words("of for the de del da di du la le von van της του των")


def _in_a_name(word: str) -> bool:
    """A capitalised word that may stand inside a name: titles and offices too ("New", "Bank")."""
    return word[0].isupper() and not _never_a_name(fold(word))


def _side_by_side(words: list[re.Match[str]], text: str, a: int, b: int) -> bool:
    """Do words ``a`` and ``b`` (neighbours, either order) stand in one phrase: a space or a hyphen between?"""
    first, second = min(a, b), max(a, b)
    return re.fullmatch(r"\s+|[\-‐]", text[words[first].end() : words[second].start()]) is not None


def _reach(words: list[re.Match[str]], text: str, i: int, toward: int) -> int:
    """The farthest word from word ``i`` in the direction ``toward`` (-1 or 1) that its name phrase takes
    in: capitalised words, and one connecting word between two of them; never a sentence's first word."""
    reached, k, bridging = i, i + toward, False
    while 0 <= k < len(words) and _side_by_side(words, text, k - toward, k):
        if toward < 0 and _sentence_start(words, k, text) == k:
            break
        word = words[k].group(0)
        if _in_a_name(word):
            reached, bridging = k, False
        elif fold(word) in NAME_CONNECTORS and not bridging:
            bridging = True  # "of", «της»: inside the name only with a name word beyond it
        else:
            break
        k += toward
    return reached


def whole_name(part: str, text: str) -> str:
    """The whole capitalised phrase of ``text`` that holds the name ``part``, as written: "Center" in
    "… του Center for New American Security;" is "Center for New American Security". The title and
    connecting words that ``name_runs`` leaves out are taken back; a sentence's first word is not.
    """
    start = text.find(part)
    if start < 0 or not part[:1].isupper():
        return part
    words = list(WORD.finditer(text))
    inside = [i for i, w in enumerate(words) if start <= w.start() < start + len(part)]
    if not inside:
        return part
    first, last = _reach(words, text, inside[0], -1), _reach(words, text, inside[-1], 1)
    return text[words[first].start() : words[last].end()]
