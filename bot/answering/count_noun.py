"""Is what a number counts the noun a how-many question asks about, across scripts?

``detail_check`` matches the asked noun to the words after a number by their first letters, which
works only when question and article share a script. An English question ("How many people were
on board …") answered from a Greek sentence needs the embedding model instead: the asked noun and
the words a count counts ("άνθρωποι", "γκολ", "είδη") are embedded in one call, and their best
cosine says whether the count is of the asked thing. The answerer shows a count as the bold short
answer only when it is (``counts_another_thing``): "135 είδη καρχαρία" does not answer "how many
people". ``MATCH_THRESHOLD`` is calibrated on XQuAD-el's parallel questions
(``benchmarks/count_noun_calibration.py``), not on the trust set.

As a feature of the abstention model (the cosine against every count of the cited article) it
added nothing out of fold (BENCHMARKS.md): an article that lacks the asked count usually counts
the asked noun for another event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

import numpy as np

from bot.answering.detail_check import counted_words
from bot.question.asked import Asked
from index.bundled_model import BUNDLED_MODEL_NAME
from index.embedding import RecentVectors
from index.text import is_greek

# The embedding model the threshold was calibrated on: with another one the check does not apply.
CALIBRATED_ON = BUNDLED_MODEL_NAME
# Best cosine (bundled multilingual-e5-small, "query: " prompt on both sides) below which the
# article is taken to count other things than the asked noun: the best Youden J on XQuAD-el
# (0.836; articles AUC 0.90: 89% of other articles below it, 22% of own paragraphs).
MATCH_THRESHOLD: Final = 0.84
# The words after a number embedded with it: two, as the noun often follows an adjective
# ("12 νέα κρούσματα"); XQuAD-el articles AUC 0.90 against 0.87 with one.
_COUNTED_WORDS = 2
# Counted words met again (the same article read by the next question, "άνθρωποι" in many) are
# not embedded again; a few thousand short words are a few MB.
_KEPT_WORDS = 4096
def crosses_script(noun: str, text: str) -> bool:
    """Is the asked noun in another script than the article (where first letters cannot match)?"""
    return bool(noun) and is_greek(noun) != is_greek(text)


class CountNounMatcher:
    """The best cosine between an asked noun and the words an article's numbers count."""

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray], model: str = CALIBRATED_ON,
                 capacity: int = _KEPT_WORDS) -> None:
        self._vectors = RecentVectors(embed, capacity)
        self._calibrated = model == CALIBRATED_ON  # another model's cosines mean nothing against the threshold

    def closeness(self, noun: str, counted: Sequence[str]) -> float | None:
        """The best cosine of ``noun`` with any of ``counted`` (None when nothing is counted)."""
        if not counted:
            return None
        vectors = self._vectors([noun, *counted])  # one encode call for whatever is not kept
        return float(np.max(vectors[1:] @ vectors[0]))

    def counts_another_thing(self, asked: Asked, span: str) -> bool:
        """Does the count ``span`` (a short answer, "135 είδη καρχαρία") count something other than
        what the question asks how many of (``asked.noun``)? Only decided across scripts, where first
        letters can't."""
        noun = asked.noun
        if not self._calibrated or asked.kind != "count" or not crosses_script(noun, span):
            return False
        closeness = self.closeness(noun, counted_words(span, _COUNTED_WORDS))
        return closeness is not None and closeness < MATCH_THRESHOLD
