"""Kinds of spans (persons, places, offices, ages, durations ...) and of what questions ask: invented text."""

from __future__ import annotations

import pytest

from bot.answering.span_kinds import name_kind, number_kind
from bot.question.asked import asked_for


def _kind(sentence: str, span: str) -> str:
    return name_kind(sentence, sentence.index(span), span)


def test_a_title_before_a_name_makes_it_a_person() -> None:
    sentence = "Συναντήθηκε με τον στρατηγό Ανδρέα Κωνσταντίνου στη Λευκωσία."
    assert _kind(sentence, "Ανδρέα Κωνσταντίνου") == "person"
    assert _kind("He met coach Jack Morris.", "Jack Morris") == "person"


def test_offices_institutions_and_places_are_not_persons() -> None:
    assert _kind("Μίλησε ο Υπουργός Υγείας χθες.", "Υπουργός Υγείας") == "office"
    assert _kind("Ανακοίνωσε το Γενικό Επιτελείο Στρατού.", "Γενικό Επιτελείο Στρατού") == "organisation"
    assert _kind("Η ομάδα έπαιξε στο Στάντιο Ριβέρα χθες.", "Στάντιο Ριβέρα") == "place"
    assert _kind("Ο υπουργός ταξίδεψε στη Λευκωσία.", "Λευκωσία") == "place"
    assert _kind("Ο υπουργός έφτασε χθες Τουρκία.", "Τουρκία") == "place"  # CLDR, without a preposition


def test_two_name_words_without_a_title_are_a_person_and_one_is_a_name() -> None:
    assert _kind("Χθες ο Νίκος Παπαδάκης έφυγε.", "Νίκος Παπαδάκης") == "person"
    assert _kind("Χθες ο Παπαδάκης έφυγε.", "Παπαδάκης") == "name"


def test_a_latin_script_run_in_a_greek_text_is_a_name_not_a_person() -> None:
    # Greek writes people's names in Greek letters; what it keeps in Latin ones is a team, a medium, a firm.
    assert _kind("Το ανέφερε χθες το απόγευμα η εφημερίδα Des Moines Register στην ιστοσελίδα της.",
                 "Des Moines Register") == "name"
    assert _kind("Οι State Tigers έχασαν χθες το απόγευμα τον αγώνα του πρωταθλήματος.", "State Tigers") == "name"
    assert _kind("Ο Νίκος Παπαδάκης μίλησε στο Associated Press.", "Associated Press") == "name"


@pytest.mark.parametrize(
    ("span", "kind"),
    [("42χρονος", "age"), ("20 ετών", "age"), ("33-year-old", "age"), ("δύο μήνες", "duration"),
     ("three years", "duration"), ("2016", "year"), ("29 Σεπτεμβρίου", "date"), ("12,5%", "percent"),
     ("5 εκατ. ευρώ", "money"), ("$350,000", "money"), ("300 οικογένειες", "count"),
     ("66 εκατομμύρια χρόνια", "duration"), ("two million years", "duration"), ("66 εκατομμύρια", "count")],
)
def test_number_kinds(span: str, kind: str) -> None:
    assert number_kind(span) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [("How old was the pilot?", "age"), ("Πόσων χρονών ήταν ο πιλότος;", "age"),
     ("Since which year has the club played there?", "year"), ("Ποια χρονιά ιδρύθηκε;", "year"),
     ("When did the ship arrive?", "date"), ("Πότε έφτασε το πλοίο;", "date"),
     ("How long did the strike last?", "duration"), ("Πόσο καιρό κράτησε η απεργία;", "duration"),
     ("How many people were hurt?", "count"), ("Πόσα χρήματα δόθηκαν;", "amount"),
     ("What percentage voted?", "percent"), ("Where did the ship sink?", "place"),
     ("Σε ποια πόλη βυθίστηκε;", "place"), ("Who led the team?", "person"), ("Ποιος οδήγησε την ομάδα;", "person"),
     ("Which designer showed masks?", "person"), ("Ποιος παίκτης σκόραρε;", "person"),
     ("Ποια ομάδα κέρδισε το κύπελλο;", "name"), ("Which newspaper printed it?", "name"),
     ("What is the name of the boat?", "name")],
)
def test_what_a_question_asks_for(question: str, kind: str) -> None:
    asked = asked_for(question)
    assert asked is not None and asked.kind == kind


@pytest.mark.parametrize("question", ["Why did the talks fail?", "Τι συζητήθηκε στην Άγκυρα;",
                                      "What did the minister do in Paris?",
                                      "What was the mood in the port when the ferry left?",
                                      # a kind of thing is named in common nouns, never by a name
                                      "What type of cancer did the woman have?", "Τι είδους όπλο χρησιμοποιήθηκε;"])
def test_questions_that_ask_for_no_span(question: str) -> None:
    assert asked_for(question) is None


def test_how_many_keeps_its_noun_and_a_count_is_not_taken_for_when() -> None:
    asked = asked_for("How many goals had he scored when the season ended?")
    assert asked is not None and (asked.kind, asked.noun) == ("count", "goals")


def test_the_first_question_word_decides_not_a_when_in_a_later_clause() -> None:
    far = asked_for("How far from the shore was the ferry when its engine failed?")
    assert far is not None and far.kind == "amount"  # a distance: a number with its unit, never a date
    who = asked_for("Ποιος ήταν δήμαρχος όταν έγινε ο σεισμός;")
    assert who is not None and who.kind == "person"
    where = asked_for("Which agency reported the fire where the factory stood?")
    assert where is not None and (where.kind, where.noun) == ("name", "agency")


def test_asked_from_reads_what_the_analysis_found() -> None:
    from bot.answering.span_kinds import asked_from
    from bot.question.analysis import analyse

    question = analyse("Which Syrian foreign minister spoke?")
    assert asked_from(question) == question.asked_span is not None and question.asked_span.kind == "person"
