"""The cross-script count-noun check: does a Greek count count what an English question asks how many of?"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.answering.count_noun import CountNounMatcher
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
    assert _asked("How many EU citizens work in NHS Scotland?").noun == "citizens"
    assert _asked(ON_BOARD).noun == "people"
    text = "Το 2014 πέθαναν 3 εκατομμύρια άνθρωποι. Πρόστιμο 5.000 ευρώ. Ο 42χρονος σκόραρε 2 γκολ."
    assert counted_words(text) == ("άνθρωποι", "γκολ")  # no year, sum or age; past the scale word


def test_english_people_match_greek_people_but_not_goals_or_species(real_embedder: Embedder) -> None:
    matcher = CountNounMatcher(real_embedder.embed_queries)
    asked = _asked(ON_BOARD)
    assert not matcher.counts_another_thing(asked, "120 άνθρωποι")
    assert not matcher.counts_another_thing(asked, "300 άτομα")
    assert matcher.counts_another_thing(asked, "2 γκολ")
    assert matcher.counts_another_thing(asked, "135 είδη καρχαρία")


def test_the_asked_noun_is_the_head_noun_of_the_count() -> None:
    assert _asked("How many of his 29 matches has Woods lost?").noun == "matches"
    assert _asked("How many animal species live in the Amazon?").noun == "species"  # "animal" qualifies it
    assert _asked("How many people live in the town?").noun == "people"
    assert _asked("How many new public universities did he promise?").noun == "universities"
    assert _asked("How many goals has he scored?").noun == "goals"
    assert _asked("Πόσους από τους 29 αγώνες έχασε;").noun == "αγωνεσ"  # after «από τους»
    assert _asked("Πόσα είδη δέντρων υπάρχουν;").noun == "ειδη"  # a Greek head noun comes first


def test_an_attribute_question_asks_a_count_of_its_attribute(real_embedder: Embedder) -> None:
    question = "What is the population of Encinitas, the town where the shark bit a diver?"
    asked = _asked(question)
    assert asked.noun == "population"
    assert _asked("What was the number of deaths?").noun == "deaths"
    assert _asked("Ποιος είναι ο αριθμός των νεκρών;").noun == "νεκρων"
    matcher = CountNounMatcher(real_embedder.embed_queries)
    assert matcher.counts_another_thing(asked, "135 είδη καρχαρία")
    assert not matcher.counts_another_thing(asked, "60.000 κάτοικοι")


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
    assert not matcher.counts_another_thing(asked, "120 άνθρωποι")
    assert embed.calls == [["people", "άνθρωποι"]]  # the noun and the counted words: one call
    assert matcher.counts_another_thing(asked, "2 γκολ")
    assert embed.calls[1] == ["γκολ"]  # "people" is kept
    greek = "Πόσοι θεατές παρακολούθησαν;"
    assert not matcher.counts_another_thing(_asked(greek), "2 γκολ")  # first letters decide there
    assert not matcher.counts_another_thing(asked, "6321")  # nothing counted: nothing to tell
    assert len(embed.calls) == 2


def test_with_another_embedding_model_than_the_calibrated_one_the_check_does_not_apply() -> None:
    embed = _Words()
    matcher = CountNounMatcher(embed, model="some/other-model")
    assert not matcher.counts_another_thing(_asked(ON_BOARD), "2 γκολ")
    assert embed.calls == []  # nothing embedded: its cosines would mean nothing against the threshold
