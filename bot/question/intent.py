"""What kind of message a chat line is: a question about the articles, or something a chat bot
answers without searching them.

People type more than questions into a chat: a greeting, a thank-you, a lone "?" or an emoji, a
link, or "what's new?" with no topic. Searched as questions these came back as quotes of whatever
article lay nearest ("hello" got three sentences about pension savings). Each gets its own
``Intent`` instead, read from the message's words alone:

- ``no_words``: nothing but punctuation, symbols or links;
- ``help``: "help", «βοήθεια» (what to ask is said, as for ``no_words``);
- ``greeting`` / ``thanks``: every word is one of greeting or thanking (and the words that go with
  them: "good morning", "thank you very much", «γεια σας»);
- ``headlines``: a request for the news with no topic ("What's new?", "latest news", «Τι νέα;»):
  every word is a question word, a function word or a word for news and recency;
- ``more_about``: after a list of articles, one of them picked by its number ("2", "tell me more about
  the second", «πες μου για το 3»): ``pick_from_list`` says which;
- ``question``: everything else.

The word lists are the phrases of small talk and news requests in the two languages, written
from how people greet and ask for the news, not from any question set; a message with a word of
its own (a topic, a name) is always a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.question.names import FUNCTION_WORDS, folded_words
from index.text import fold

Intent = Literal["question", "no_words", "help", "greeting", "thanks", "headlines", "more_about"]

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")  # letters or digits

# Greetings, and the words a greeting is made of ("good morning", «καλό απόγευμα»): these alone greet.
_GREETINGS = folded_words("hi hello hey hiya howdy yo greetings γεια γειά χαίρετε καλημέρα καλησπέρα καληνύχτα")
_GREETING_PARTS = folded_words("good morning afternoon evening day night καλό καλη καλή απόγευμα βράδυ βραδυ μέρα")
_GOOD = folded_words("good καλό καλη καλή")
# Thanks and acknowledgements; and the words that go with them ("got it", "thanks a lot", «ευχαριστώ πολύ»).
_THANKS = folded_words(
    """
    thanks thank thx ty cheers ok okay great cool nice perfect got
    ευχαριστώ ευχαριστούμε ευχαριστίες εντάξει οκ τέλεια ωραία
    """
)
_THANKS_PARTS = folded_words("it πολύ πολλά")
_HELP = folded_words("help βοήθεια")
_HELP_WORDS = _HELP | folded_words("please me i need παρακαλώ μου θέλω χρειάζομαι")
# Who a greeting or a thank-you is said to, and the words that lengthen it ("thank you so much").
_SAID_TO = folded_words("you so very much a lot all everyone there bot newsbot σου σας όλους παιδιά")
# Words for the news itself and for recency: a request made only of them asks for the headlines.
_NEWS_WORDS = folded_words(
    """
    news headlines headline stories story articles article updates update new newest latest recent
    recently happening going on today's today now top
    νέα νεα νέο νεο νεότερα νεοτερα ειδήσεις ειδησεις είδηση ειδηση τίτλοι τιτλοι τίτλους τιτλους
    άρθρα αρθρα άρθρο τελευταία τελευταια τελευταίες τελευταιες τελευταίο πρόσφατα προσφατα πρόσφατες
    προσφατες καινούργιο καινουργιο καινούρια καινουρια συμβαίνει συμβαινει γίνεται γινεται σήμερα σημερα
    τώρα τωρα ενημέρωση ενημερωση κυριότερες κυριοτερες
    """
)
# Words that only make the request a question or a command ("what's", "tell me", «πες μου»).
_REQUEST_WORDS = folded_words(
    """
    what whats s is are was there any anything tell me give show list please us let know see read
    τι ποια ποιες ποιο ποιοι υπάρχουν υπαρχουν υπάρχει υπαρχει έχει εχει έχουμε εχουμε πες πείτε πειτε
    μου μας δείξε δειξε δείξτε δειξτε θέλω θελω να μάθω μαθω παρακαλώ παρακαλω κάτι κατι είναι ειναι
    """
)
# What makes such a message a request for the news: a word for the news or for the newest ...
_ASKS_NEWS = folded_words(
    """
    news headlines headline stories articles updates latest newest νέα ειδήσεις τίτλοι τίτλους άρθρα
    νεότερα τελευταία τελευταίες πρόσφατα
    """
)
# ... or "what's new", "anything new", «τι νέα», «κάτι καινούργιο».
_WHATS_NEW = re.compile(r"\b(?:what'?s|what\s+is|anything|something|τι|κατι)\s+(?:new|νεα|νεο|καινουργιο|καινουρια)\b")


# A news request that leans on the turn before ("and what's the latest?", "anything new on it?",
# «και τι νέα υπάρχουν γι' αυτό;») asks for the newest on that topic: a question, not the headlines.
_REFERS_BACK = re.compile(
    r"^(?:and|also|και|κι)\b|\b(?:it|that|this|them|him|her|there|αυτ\w*|εκει|του|της|τους)\b")


def intent_of(text: str, after_a_turn: bool = False) -> Intent:
    """The kind of message ``text`` is (see the module's docstring); ``after_a_turn``: the chat has a turn
    before it, which a news request may refer back to."""
    without_links = _URL.sub(" ", text)
    words = [fold(w) for w in _WORDS.findall(without_links)]
    if not words:
        return "no_words"
    said = set(words)
    if said <= _HELP_WORDS and said & _HELP:
        return "help"
    if said <= _GREETINGS | _GREETING_PARTS | _SAID_TO and (
            said & _GREETINGS or (said & _GOOD and said & (_GREETING_PARTS - _GOOD))):
        return "greeting"
    if said <= _THANKS | _THANKS_PARTS | _SAID_TO and said & _THANKS:
        return "thanks"
    asks_news = bool(said & _ASKS_NEWS) or _WHATS_NEW.search(fold(" ".join(text.split()))) is not None
    if asks_news and said <= _NEWS_WORDS | _REQUEST_WORDS | FUNCTION_WORDS | _GREETINGS | _SAID_TO:
        if after_a_turn and _REFERS_BACK.search(" ".join(words)):
            return "question"
        return "headlines"
    return "question"


# A line of a list of articles the bot sent ("[2] Title (20 May 2024)"): its number and title.
_LISTED = re.compile(r"^\[(\d{1,2})\] (.+?)(?: \([^()]*\))?$", re.MULTILINE)
_ORDINALS = {
    **dict.fromkeys(("first", "1st", "πρωτο", "πρωτη"), 1), **dict.fromkeys(("second", "2nd", "δευτερο", "δευτερη"), 2),
    **dict.fromkeys(("third", "3rd", "τριτο", "τριτη"), 3), **dict.fromkeys(("fourth", "4th", "τεταρτο", "τεταρτη"), 4),
    **dict.fromkeys(("fifth", "5th", "πεμπτο", "πεμπτη"), 5),
}
# "2", "[2]", "#2", "the second", "more on 2", "tell me more about the 2nd one", «το 2», «πες μου για
# το δεύτερο», «περισσότερα για το 3» (folded).
_PICK = re.compile(
    r"^(?:(?:and|και)\s+)?(?:(?:tell\s+me\s+|say\s+)?more\s+(?:about|on)\s+|what\s+about\s+|open\s+|read\s+"
    r"|(?:πεσ\s+μου\s+|πειτε\s+μου\s+)?(?:περισσοτερα\s+)?(?:για\s+)?)?"
    r"(?:the\s+|number\s+|no\.?\s*|το\s+|τη\s+|την\s+|αριθμο\s+)?[#\[]?(?P<n>\d{1,2}|\d(?:st|nd|rd|th)|[a-zα-ω]+)\]?"
    r"(?:\s+(?:one|article|story|item|αρθρο|θεμα))?$"
)


def lists_articles(answer: str) -> bool:
    """Is ``answer`` a list of articles ("[1] Title …" lines) that a number can pick from?"""
    return _LISTED.search(answer) is not None


@dataclass(frozen=True)
class ListPick:
    """An article of a list picked by its number: its title, or None when the list has no such number."""

    number: int
    title: str | None
    listed: int  # how many articles the list has


def pick_from_list(text: str, previous_answer: str) -> ListPick | None:
    """The article ``text`` picks from the list in ``previous_answer`` ("2" after "[2] Καύσωνας στην
    Αθήνα (20 May 2024)"), or None when there is no list or ``text`` is no pick."""
    listed = {int(n): title for n, title in _LISTED.findall(previous_answer)}
    if not listed:
        return None
    said = " ".join(_WORDS.findall(fold(text)))
    picked = _PICK.match(said)
    if picked is None:
        return None
    word = picked["n"]
    number = int(word) if word.isdigit() else _ORDINALS.get(word)
    return ListPick(number, listed.get(number), len(listed)) if number is not None else None

