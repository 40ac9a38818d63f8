"""The cross-script count-noun check: does a Greek count count what an English question asks how many of?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.answering.count_noun import CountNounMatcher, asked_noun
from bot.answering.detail_check import counted_words
from bot.question.asked import Asked, asked_for
from index.embedding import Embedder

ON_BOARD = "How many people were on board the plane?"
PEOPLE = "Στο αεροσκάφος επέβαιναν 120 άνθρωποι, σύμφωνα με την εταιρεία."
GOALS = "Ο Σαλάχ σκόραρε 2 γκολ στο χθεσινό ματς και η Λίβερπουλ νίκησε."
SPECIES = "Στο δάσος ζουν 400 είδη πουλιών, λένε οι ερευνητές."


def _asked(question: str) -> Asked:
    asked = asked_for(question)
    assert asked is not None and asked.kind == "count", question
    return asked


def test_the_asked_noun_skips_a_capitalised_qualifier_and_counted_words_skip_scales() -> None:
    assert asked_noun(_asked("How many EU citizens work in NHS Scotland?"), "How many EU citizens work?") == "citizens"
    assert asked_noun(_asked(ON_BOARD), ON_BOARD) == "people"
    text = "Το 2014 πέθαναν 3 εκατομμύρια άνθρωποι. Πρόστιμο 5.000 ευρώ. Ο 42χρονος σκόραρε 2 γκολ."
    assert counted_words(text) == ("άνθρωποι", "γκολ")  # no year, sum or age; past the scale word


def test_english_people_match_greek_people_but_not_goals_or_species(real_embedder: Embedder) -> None:
    matcher = CountNounMatcher(real_embedder.embed_queries)
    asked = _asked(ON_BOARD)
    assert not matcher.counts_another_thing(asked, ON_BOARD, "120 άνθρωποι")
    assert not matcher.counts_another_thing(asked, ON_BOARD, "300 άτομα")
    assert matcher.counts_another_thing(asked, ON_BOARD, "2 γκολ")
    assert matcher.counts_another_thing(asked, ON_BOARD, "135 είδη καρχαρία")


def test_the_asked_noun_of_how_many_of_is_the_noun_after_it() -> None:
    question = "How many of his 29 matches has Woods lost?"
    assert asked_noun(_asked(question), question) == "matches"


def test_an_attribute_question_asks_a_count_of_its_attribute(real_embedder: Embedder) -> None:
    question = "What is the population of Encinitas, the town where the shark bit a diver?"
    asked = _asked(question)
    assert asked_noun(asked, question) == "population"
    assert asked_noun(_asked("What was the number of deaths?"), "What was the number of deaths?") == "deaths"
    matcher = CountNounMatcher(real_embedder.embed_queries)
    assert matcher.counts_another_thing(asked, question, "135 είδη καρχαρία")
    assert not matcher.counts_another_thing(asked, question, "60.000 κάτοικοι")


_AXES = {"people": 0, "άνθρωποι": 0, "γκολ": 1}


class _Words:
    """A fake embedding: one axis a meaning, so "people" and «άνθρωποι» coincide; counts its calls."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, _AXES.get(text.split()[0], 2)] = 1.0
        return vectors


def test_the_check_embeds_once_a_batch_keeps_words_and_leaves_same_script_questions_alone() -> None:
    embed = _Words()
    matcher = CountNounMatcher(embed)
    asked = _asked(ON_BOARD)
    assert not matcher.counts_another_thing(asked, ON_BOARD, "120 άνθρωποι")
    assert embed.calls == [["people", "άνθρωποι"]]  # the noun and the counted words: one call
    assert matcher.counts_another_thing(asked, ON_BOARD, "2 γκολ")
    assert embed.calls[1] == ["γκολ"]  # "people" is kept
    greek = "Πόσοι θεατές παρακολούθησαν;"
    assert not matcher.counts_another_thing(_asked(greek), greek, "2 γκολ")  # first letters decide there
    assert not matcher.counts_another_thing(asked, ON_BOARD, "6321")  # nothing counted: nothing to tell
    assert len(embed.calls) == 2


def test_with_another_embedding_model_than_the_calibrated_one_the_check_does_not_apply() -> None:
    embed = _Words()
    matcher = CountNounMatcher(embed, model="some/other-model")
    assert not matcher.counts_another_thing(_asked(ON_BOARD), ON_BOARD, "2 γκολ")
    assert embed.calls == []  # nothing embedded: its cosines would mean nothing against the threshold
