"""The detail check: does the cited article hold a number of the kind the question asks for?"""

from __future__ import annotations

from datetime import date

import pytest

from bot.answering.detail_check import detail_found, detail_text
from bot.answering.span_kinds import asked_from
from bot.question.analysis import analyse

TODAY = date(2026, 12, 5)
CRASH = (
    "Ένας ποδηλάτης σκοτώθηκε στο Λονδίνο όταν τον παρέσυρε φορτηγό, στις 8:15 το πρωί της Τρίτης. "
    "Στο σημείο έσπευσαν δύο ασθενοφόρα και 12 αστυνομικοί."
)
TRIAL = "Ο 42χρονος κατηγορούμενος καταδικάστηκε το 2014 σε πρόστιμο 5.000 ευρώ."


def found(question: str, text: str) -> str:
    asked = analyse(question, (), TODAY)
    kind = asked_from(asked)
    assert kind is not None, question
    return detail_found(kind, asked, text)


def holds(question: str, text: str) -> bool:
    return found(question, text) == "held"


def test_an_age_a_sum_a_year_are_found_only_where_the_article_gives_them() -> None:
    assert holds("How old was the defendant?", TRIAL)
    assert not holds("How old was the cyclist?", CRASH)
    assert holds("Πόσα χρήματα πλήρωσε ως πρόστιμο;", TRIAL)
    assert not holds("Πόσα χρήματα κόστισε η επέμβαση;", CRASH)
    assert holds("In which year was he convicted?", TRIAL)
    assert not holds("Ποια χρονιά έγινε το ατύχημα;", CRASH)


def test_a_duration_may_be_written_into_one_greek_word() -> None:
    rally = "Οι διαδηλωτές πραγματοποίησαν δίωρη συγκέντρωση στο κέντρο της πόλης."
    assert holds("Πόσο διήρκεσε η συγκέντρωση;", rally)
    assert holds("Πόσο κράτησε η απεργία;", "Η 24ωρη απεργία έκλεισε τα λιμάνια.")
    assert not holds("Πόσο διήρκεσε η θητεία του;", "Ο Τζόνσον διετέλεσε δήμαρχος της πόλης.")


def test_a_date_may_be_a_weekday_or_a_clock_time() -> None:
    assert holds("When was the cyclist killed?", CRASH)
    assert not holds("When was the defendant arrested?", "Ο κατηγορούμενος συνελήφθη από την αστυνομία.")


def test_a_count_needs_its_noun_when_question_and_article_share_a_script() -> None:
    assert holds("Πόσοι αστυνομικοί έσπευσαν στο σημείο;", CRASH)
    assert found("Πόσοι θεατές παρακολούθησαν;", CRASH) == "another_noun"
    assert holds("How many police officers came?", CRASH)  # another script: any count
    assert found("Πόσοι θεατές παρακολούθησαν;", "Ο αγώνας έγινε στη Γλασκώβη.") == "absent"
    assert holds("Πόσοι σκοτώθηκαν;", "Εκατοντάδες σκοτώθηκαν στη διαδήλωση.")  # a rough count is a count


def test_what_is_missing_is_said_in_the_question_language() -> None:
    age = asked_from(analyse("How old was the cyclist?", (), TODAY))
    assert age is not None and detail_text(age, "How old was the cyclist?", "en") == "The articles don't give the age."
    question = "Πόσοι θεατές παρακολούθησαν τον αγώνα;"
    count = asked_from(analyse(question, (), TODAY))
    assert count is not None
    assert detail_text(count, question, "el") == "Τα άρθρα δεν αναφέρουν τον αριθμό (πόσοι θεατές)."


@pytest.mark.parametrize(("question", "said"), [
    ("How many people attended the festival?", "The articles don't give the number (how many people)."),
    ("How tall is Kit Harington?", "The articles don't give the measurement (how tall)."),
    ("What is the population of Skopje?", "The articles don't give the number (the population)."),
    ("What is Jack Ross's salary at Sunderland?", "The articles don't give the amount (the salary)."),
    ("Πόσο ύψος έχει ο πύργος ελέγχου;", "Τα άρθρα δεν αναφέρουν τη μέτρηση (πόσο ύψος)."),
    ("Ποιος είναι ο μισθός του βουλευτή;", "Τα άρθρα δεν αναφέρουν το ποσό (ο μισθός)."),
    ("How much will the new cancer vaccine cost?", "The articles don't give the amount (the cost)."),
    ("How much did they pay?", "The articles don't give the amount."),
    ("Πόσο θα κοστίσει το νέο εμβόλιο;", "Τα άρθρα δεν αναφέρουν το ποσό (πόσο θα κοστίσει)."),
])
def test_a_missing_measure_or_attribute_is_said_in_the_questions_words(question: str, said: str) -> None:
    asked = asked_from(analyse(question, (), TODAY))
    assert asked is not None and detail_text(asked, question, "el" if said.startswith("Τα") else "en") == said


def test_an_abstention_names_a_far_name_first_then_the_missing_detail_then_an_uncertain_name() -> None:
    from bot.answering.answerer import Answerer
    from bot.answering.premise import PremiseCheck

    asked = analyse("How old was the Benfica player?", (), TODAY)
    rare = PremiseCheck("doc", 1, (), uncertain=("Benfica",), far=("Benfica",), far_rare=("Benfica",))
    far = PremiseCheck("doc", 1, (), uncertain=("Benfica",), far=("Benfica",))
    unsure = PremiseCheck("doc", 1, (), uncertain=("Benfica",))
    assert Answerer._what_is_missing(asked, rare, True) == "The articles don't mention Benfica."
    # a name the check could not find, which a translation may still hold, is said as not found
    assert Answerer._what_is_missing(asked, far, True) == "I could not find Benfica in the articles."
    assert Answerer._what_is_missing(asked, unsure, True) == "The articles don't give the age."
    assert Answerer._what_is_missing(asked, unsure, False) == "I could not find Benfica in the articles."
    assert Answerer._what_is_missing(asked, None, False) is None


def test_a_bare_how_much_may_ask_a_measure_a_named_sum_asks_money() -> None:
    waves = "Κύματα που έφτασαν τα έξι μέτρα κατέστρεψαν την πόλη."
    assert holds("Πόσο ύψος έφτασαν τα κύματα;", waves)  # «πόσο» alone names no sum
    assert not holds("Πόσο κόστισε η αποκατάσταση της πόλης;", waves)  # «κόστισε» does: six metres is no cost


def test_an_article_without_a_number_of_the_asked_kind_abstains_whatever_the_scores() -> None:
    from fakes import CountingEmbedder, FixedRetriever, hit

    from bot.answering.answerer import Answerer, AnswerPolicy

    text = "Ο Τζακ Ρος είναι ο νέος προπονητής της Σάντερλαντ. Ο Ρος ανέλαβε την ομάδα τον Μάιο."
    retriever = FixedRetriever([hit("ross", 1, text, title="Ρος")])
    answerer = Answerer(retriever, CountingEmbedder(), AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0))  # type: ignore[arg-type]
    answer = answerer("What is Jack Ross's salary at Sunderland?")
    assert answer.abstained and answer.text == "The articles don't give the amount (the salary)."
    when = answerer("When did Jack Ross take over Sunderland?")
    assert not when.abstained, when.text  # a month is a date: held
