"""Answer types of the extractive answerer: what counts as the amount a question asks for."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import CountingEmbedder

from bot.answering.extractive import asks_money, asks_quantity, has_new_number
from index.embedding import RecentVectors


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("What is the retail price of the new phone?", True),
        ("What bail was set for the suspect?", True),
        ("Πόσο κόστισε η κατασκευή της γέφυρας;", True),
        ("Ποιος είναι ο ετήσιος μισθός του προπονητή;", True),
        ("How many people live in the town?", False),
        ("Σε ποια εφημερίδα δημοσιεύτηκε το πληρωμένο ένθετο;", False),
    ],
)
def test_questions_about_money_are_recognised(question: str, money: bool) -> None:
    assert asks_money(question) is money


def test_money_questions_are_quantity_questions() -> None:
    assert asks_quantity("What bail was set for the suspect?")
    assert not asks_quantity("Who coaches the team?")


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ("Η εγγύησή του ορίστηκε στα 350.000 $, σύμφωνα με τον δικηγόρο του.", True),
        ("Η γέφυρα κόστισε δύο εκατομμύρια ευρώ.", True),
        ("It costs £499 in the shops.", True),
        # A number, but not a sum of money.
        ("Η εταιρεία πούλησε 3.000 συσκευές το 2018.", False),
        ("Ο 42χρονος προπονητής υπέγραψε συμβόλαιο.", False),
    ],
)
def test_a_money_question_needs_a_sum_of_money(sentence: str, answers: bool) -> None:
    assert has_new_number("How much did it cost?", sentence) is answers


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ("Η πόλη έχει 60.000 κατοίκους.", True),
        ("Οι διαδηλωτές ήταν τέσσερις χιλιάδες.", True),
        # Ages, dates, clock times, stretches of time and the article "μια" are not amounts.
        ("Καρχαρίας τραυμάτισε 13χρονο αγόρι.", False),
        ("Ο Ρονάλτο, 33 ετών, μίλησε στο Instagram.", False),
        ("Συναντήθηκαν στις 29 Σεπτεμβρίου στο Βερολίνο.", False),
        ("Η επίθεση σημειώθηκε λίγο πριν από τις 7 π.μ.", False),
        ("Έκανε καταδύσεις για περίπου μισή ώρα με μια ομάδα φίλων.", False),
        ("The club was founded in 1998.", False),
    ],
)
def test_a_how_many_question_needs_an_amount(sentence: str, answers: bool) -> None:
    assert has_new_number("How many people live in the town?", sentence) is answers


def test_ages_and_dates_count_when_the_question_asks_for_them() -> None:
    assert has_new_number("Πόσων χρονών είναι ο προπονητής;", "Ο 42χρονος προπονητής υπέγραψε.")
    assert has_new_number("When was the club founded?", "The club was founded in 1998.")


def test_a_number_the_question_already_holds_is_not_an_answer() -> None:
    assert not has_new_number("How many of the 29 matches did he win?", "He played 29 matches.")


def test_a_sentence_met_before_is_not_embedded_again() -> None:
    embedder = CountingEmbedder()
    known = RecentVectors(embedder.embed_passages, capacity=3)
    first = known(["Α πρόταση.", "Β πρόταση.", "Α πρόταση."])
    assert embedder.passages_embedded == 2  # the repeated sentence once
    again = known(["Β πρόταση.", "Α πρόταση."])
    assert embedder.passages_embedded == 2
    assert np.allclose(again, first[[1, 0]])
    known(["Γ πρόταση.", "Δ πρόταση."])  # four sentences in a cache of three: the least recent goes
    assert len(known) == 3
    known(["Α πρόταση."])
    assert embedder.passages_embedded == 4  # "Β" was dropped, "Α" kept (used last): no new embedding
    known(["Β πρόταση."])
    assert embedder.passages_embedded == 5


def test_with_no_room_every_sentence_is_embedded_each_time() -> None:
    embedder = CountingEmbedder()
    known = RecentVectors(embedder.embed_passages, capacity=0)
    known(["Α πρόταση.", "Β πρόταση."])
    known(["Α πρόταση."])
    assert embedder.passages_embedded == 3 and len(known) == 0


def test_what_the_caller_does_to_a_vector_does_not_change_the_kept_one() -> None:
    known = RecentVectors(CountingEmbedder().embed_passages, capacity=8)
    first = known(["Α πρόταση."])
    kept = first.copy()
    first[:] = 0.0
    assert np.allclose(known(["Α πρόταση."]), kept)
