"""Which sentences say what was said, decided or caused: the quotes a summary or "why" question needs.

"Τι συζητήθηκε στην Άγκυρα;" is answered by the sentences that report the talks' content
("Προσθέτει ότι ο Ναμρούς συζήτησε ... την εκπαίδευση ..."), not by those that only set the
scene the question already names ("Ο Ναμρούς ξεκίνησε επίσημη επίσκεψη στην Άγκυρα").
A sentence earns its bonus by
- a reporting or decision verb (the general class: said, stated, announced, added, explained,
  agreed, decided, discussed ... in Greek and English), or for a "why" question a cause marker
  (because, due to, in order to, επειδή, λόγω, προκειμένου ...);
- the question's own topic words (its content words other than its named things: "συζητήθηκε"
  finds "συζήτησε");
- saying something beyond the question: enough content words the question does not hold.
"""

from __future__ import annotations

import re

from index.text import fold

# Reporting and decision verbs (folded stems). Attribution alone ("σύμφωνα με", "according to")
# names a source, not what it said, so it is not in the class.
_REPORTING = re.compile(
    r"\b(?:δηλω|δηλωσ|ειπε|ειπαν|λεει|λενε|ανακοιν|αναφερ|προσθετ|προσεθεσ|εξηγ|τονι[σζ]|υπογραμμι|σημειω|επισημαν"
    r"|συζητ|συμφων(?!α με)|αποφασι|ζητ|προτειν|προτειν|υποστηρι|ενημερ|επιβεβαιω|υποσχε|προειδοποι|καλεσ|καλει"
    r"|προβλεπ|εγκρι|ψηφι|αποφαση|συμφωνια|στοχ"
    r"|said|says|say|stated|states|announc|added|adds|explain|stress|underlin|note[sd]?|told|tell|agree|decid"
    r"|discuss|call(?:ed|s) for|urged|warned|promised|confirm|propos|approv|vot|plan(?:s|ned)?\b|aim)"
)
_CAUSE = re.compile(
    r"\b(?:επειδη|διοτι|γιατι|λογω|εξαιτιασ|καθωσ|αφου|ωστε|προκειμενου|με στοχο|για να|με αποτελεσμα|οφειλ"
    r"|because|due to|owing to|as a result|caused|so that|in order to|led to|after|since|amid)\b"
)
_WHY = re.compile(r"\b(?:why|for what reason|γιατι|για ποιο(?:ν)? λογο)\b")
_WORD = re.compile(r"[^\W\d_]{4,}")
_TOPIC_WORD = re.compile(r"[^\W\d_]{5,}")  # shorter lower-case words are mostly function words

SAID_BONUS = 0.05  # a reporting verb (a cause marker for "why") in the sentence
TOPIC_BONUS = 0.03  # the question's own topic word in it ("συζητήθηκε" → "συζήτησε")
MIN_NEW_WORDS = 6  # content words beyond the question's: fewer only repeats the question's scene
SCENE_PENALTY = 0.03


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(fold(text))}


def _topic_stems(question: str) -> set[str]:
    """Folded stems of the question's lower-case content words (its named things aside)."""
    return {fold(w)[:5] for w in _TOPIC_WORD.findall(question) if not w[:1].isupper()}


def said_bonus(question: str, sentence: str) -> float:
    """How much a summary / why question's sentence score rises for saying what was said or caused."""
    folded = fold(sentence)
    marker = _CAUSE if _WHY.search(fold(question)) else _REPORTING
    bonus = SAID_BONUS if marker.search(folded) else 0.0
    if _topic_stems(question) & _stems(sentence):
        bonus += TOPIC_BONUS
    if len(_stems(sentence) - _stems(question)) < MIN_NEW_WORDS:
        bonus -= SCENE_PENALTY
    return bonus
