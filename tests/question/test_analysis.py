"""The one reading of a question: what it asks, what it names, its numbers, its time and its role."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.question.analysis import analyse, as_question
from bot.types import Turn
from index.text import name_key

TODAY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Who did Salah al-Namroush meet in Cairo?", "who"),
        ("Ποιος συνάντησε τον Σαλάχ αλ Ναμρούς;", "who"),
        ("Ποια ομάδα κέρδισε το Champions League;", "which"),
        ("Which team won the cup?", "which"),
        ("When did Libya's chief of staff visit Athens?", "when"),
        ("Πότε έγινε ο σεισμός;", "when"),
        ("Where was the summit held?", "where"),
        ("Πού έγινε η σύνοδος;", "where"),
        ("How many people died in the floods in Thessaly?", "how_many"),
        ("Πόσοι άνθρωποι σκοτώθηκαν;", "how_many"),
        ("How much did the bridge cost?", "how_much"),
        ("How old was the driver?", "how_old"),
        ("Πόσο χρονών ήταν ο οδηγός;", "how_old"),
        ("In which year was the club founded?", "which_year"),
        ("How long did the strike last?", "how_long"),
        ("Why did the talks fail?", "why"),
        ("Γιατί ακυρώθηκε η πτήση;", "why"),
        ("Τι συζητήθηκε στην Άγκυρα;", "summary"),
        ("What happened in Crete yesterday?", "summary"),
        ("Did the minister resign?", "yes_no"),
        ("What is the capital of the region?", "what"),
        ("Tell", "other"),
        # the question word that comes first decides, not one inside a later clause
        ("What happened when the storm hit the island?", "summary"),
        ("How many ferries were cancelled when the strike began?", "how_many"),
        ("How far from the coast was the boat when it sank?", "how_much"),
        ("Σε ποια απόσταση από την ακτή βρισκόταν το σκάφος όταν βυθίστηκε;", "how_much"),
        ("Did the mayor say who would pay?", "who"),
        ("Ποιος ήταν δήμαρχος όταν έγινε ο σεισμός;", "who"),
        # a quantity noun after "what is" / «ποιος είναι» asks that quantity, not a name or a person
        ("What is the ticket price of the new museum?", "how_much"),
        ("What was the mayor's annual salary when he resigned?", "how_much"),
        ("What is the population of the island?", "how_many"),
        ("Ποιος είναι ο ετήσιος μισθός του προπονητή;", "how_much"),
        ("Ποια είναι η χωρητικότητα του σταδίου;", "how_many"),
        ("Ποιος είναι ο πρόεδρος του κόμματος;", "who"),
        ("What is the name of the new museum?", "what"),
    ],
)
def test_what_it_asks(text: str, asks: str) -> None:
    assert analyse(text, (), TODAY).asks == asks


def test_answer_kind_matches_the_short_answer_kinds() -> None:
    assert analyse("When did he arrive?", (), TODAY).answer_kind == "date"
    assert analyse("Πόσες οικογένειες επλήγησαν;", (), TODAY).answer_kind == "number"
    assert analyse("Where did they meet?", (), TODAY).answer_kind == "place"
    assert analyse("Who won?", (), TODAY).answer_kind == "name"
    assert analyse("Why did it fail?", (), TODAY).answer_kind is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What is the ticket price of the new museum?", "amount"),
        ("Ποια είναι η τιμή του εισιτηρίου;", "amount"),
        ("What is the seating capacity of the stadium?", "count"),
        ("Ποιος είναι ο πληθυσμός του χωριού;", "count"),
        ("Ποιος είναι ο προπονητής της ομάδας;", "person"),
        # a passive participle as the head names a person: the envoy, the defendant
        ("Ποιος είναι ο ειδικός απεσταλμένος του ΟΗΕ για τη Συρία;", "person"),
        ("Ποιος ήταν ο κατηγορούμενος στη δίκη;", "person"),
    ],
)
def test_a_quantity_noun_after_what_is_asks_a_number(text: str, kind: str) -> None:
    question = analyse(text, (), TODAY)
    assert question.asked_span is not None and question.asked_span.kind == kind
    assert (question.answer_kind == "number") == (kind != "person")


@pytest.mark.parametrize(
    "text",
    ["How old was the cyclist?", "How much did the bells cost when they were ordered?", "Which architect designed it?",
     "In which stadium will they play?", "Πόσων χρονών ήταν ο οδηγός;", "Τι συζητήθηκε στην Άγκυρα;", "Who won?"],
)
def test_the_coarse_answer_kind_is_the_fine_span_kind_grouped(text: str) -> None:
    """One reading of what a question asks: ``answer_kind`` never disagrees with ``asked_span``."""
    from bot.question.analysis import answer_kind_of

    question = analyse(text, (), TODAY)
    assert question.answer_kind == answer_kind_of(question.asked_span)
    if question.asked_span is not None:
        assert question.answer_kind is not None


def test_a_participle_describing_a_noun_names_no_person() -> None:
    assert analyse("Ποιος είναι ο προγραμματισμένος αγώνας;", (), TODAY).asked_span is None


def test_an_age_or_a_cost_asked_beside_a_when_is_a_number() -> None:
    assert analyse("How old was the cyclist?", (), TODAY).answer_kind == "number"
    assert analyse("How much did the bells cost when they were ordered?", (), TODAY).answer_kind == "number"


def test_language() -> None:
    assert analyse("Τι συζητήθηκε στην Άγκυρα;", (), TODAY).language == "el"
    assert analyse("What was discussed in Ankara?", (), TODAY).language == "en"


def test_a_quoted_name_in_the_other_script_does_not_change_the_language() -> None:
    assert analyse("Ποιος είναι ο πρόεδρος του Center for New American Security;", (), TODAY).language == "el"
    assert analyse("Who is Σαλάχ αλ Ναμρούς?", (), TODAY).language == "en"
    assert analyse("Πότε έγινε το Brexit;", (), TODAY).language == "el"


def test_names_are_keyed_across_scripts_and_inflection() -> None:
    english = analyse("Who did Salah al-Namroush meet in Cairo?", (), TODAY)
    assert [n.text for n in english.names] == ["Salah al-Namroush", "Cairo"]
    assert english.names[0].words == ("Salah", "Namroush")  # the particle is not a name word
    assert english.names[1].kind == "place"
    greek = analyse("Ποιον συνάντησε ο Σαλάχ αλ Ναμρούς στο Κάιρο;", (), TODAY)
    assert [n.text for n in greek.names] == ["Σαλάχ αλ Ναμρούς", "Κάιρο"]
    assert name_key("Namroush") in greek.name_keys  # the same sound skeleton in either script
    assert greek.names[1].kind == "place"


def test_possessive_and_question_words_are_not_names() -> None:
    question = analyse("When did Libya's chief of staff visit Athens?", (), TODAY)
    assert [n.words for n in question.names] == [("Libya",), ("Athens",)]
    assert analyse("Πόσοι άνθρωποι σκοτώθηκαν;", (), TODAY).names == ()
    assert [n.text for n in analyse("Ποιος Κινέζος πολυμαθής το είπε;", (), TODAY).names] == ["Κινέζος"]


def test_numbers_with_their_nouns() -> None:
    question = analyse("Did 800 people die in the 2019 floods, or three villages?", (), TODAY)
    by_text = {n.text: n for n in question.numbers}
    assert by_text["800"].noun == "people" and by_text["800"].values == {Decimal(800)}
    assert by_text["2019"].is_year
    assert by_text["three"].values == {Decimal(3)} and by_text["three"].noun == "villages"
    greek = analyse("Πόσα από τα 1.200 σπίτια καταστράφηκαν;", (), TODAY)
    assert greek.numbers[0].values == {Decimal(1200), Decimal("1.2")}
    assert greek.numbers[0].noun == "σπίτια"


def test_a_number_word_hyphenated_to_another_word_states_no_number() -> None:
    # "a four-day week" is «τετραήμερη εβδομάδα» in Greek: no 4 for the premise check to look for
    assert analyse("Which body endorsed the switch to a four-day week?", (), TODAY).numbers == ()
    assert [n.text for n in analyse("Did three-quarters of the three villages vote?", (), TODAY).numbers] == ["three"]


def test_ordinals_in_digits_are_numbers_but_one_digit_ones_are_not() -> None:
    greek = analyse("Ποιος σκόραρε για την Τσέλσι στο 71ο λεπτό;", (), TODAY)
    assert [(n.text, n.values, n.noun) for n in greek.numbers] == [("71ο", {Decimal(71)}, "λεπτό")]
    assert [n.text for n in analyse("Who scored in the 52nd minute?", (), TODAY).numbers] == ["52nd"]
    assert analyse("Who won the 2nd round?", (), TODAY).numbers == ()  # «δεύτερο» in an article


def test_quantity_and_money_flags() -> None:
    assert analyse("How much did the bridge cost?", (), TODAY).asks_money
    assert analyse("Πόσοι άνθρωποι σκοτώθηκαν;", (), TODAY).asks_quantity
    assert not analyse("Who won?", (), TODAY).asks_quantity
    assert analyse("Why did it fail?", (), TODAY).wants_several_quotes


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("What happened last week in Crete?", "period"),
        ("Τι έγινε στη Συρία τον Απρίλιο του 2014;", "period"),
        ("What are the latest news on the strike?", "latest"),
        ("How many died in the fire that broke out on Sunday?", "event_time"),
        ("Πόσοι συμμετείχαν στην απεργία τον Νοέμβριο;", "event_time"),
        ("Where is this year's summit held?", "event_time"),
        # "News" in a programme's name is not a question about the news of a period
        ("Ποια εκπρόσωπος εμφανίστηκε την Κυριακή στο Fox News Sunday;", "event_time"),
        ("Τι νέα υπάρχουν για την απεργία την Κυριακή;", "period"),
        ("Who won the cup?", None),
    ],
)
def test_time_role(text: str, role: str | None) -> None:
    assert analyse(text, (), TODAY).time_role == role


def test_follow_up_takes_the_previous_question_into_its_search_text() -> None:
    history = (Turn("Who is Libya's chief of staff?", "…"),)
    follow = analyse("and who did he meet there?", history, TODAY)
    assert follow.follows_up and follow.previous == "Who is Libya's chief of staff?"
    assert follow.search_text == "Who is Libya's chief of staff? and who did he meet there?"
    fresh = analyse("What happened in Crete yesterday in the big earthquake?", history, TODAY)
    assert not fresh.follows_up and fresh.previous is None
    assert fresh.search_text == "What happened in Crete in the big earthquake?"  # its time taken out
    assert fresh.period is not None and fresh.period.start == date(2026, 12, 4)


def test_follow_up_keeps_the_period_it_follows() -> None:
    history = (Turn("Τι έγινε στη Συρία τον Μάρτιο του 2012;", "…"),)
    follow = analyse("Και τον Ιούνιο;", history, TODAY)
    assert follow.period is not None and (follow.period.start, follow.period.end) == (
        date(2012, 6, 1), date(2012, 6, 30))


def test_as_question_reads_a_string_once_and_keeps_a_question() -> None:
    read = analyse("Who won?", (), TODAY)
    assert as_question(read) is read
    assert as_question("Who won?", TODAY) == read


def test_the_time_of_the_event_stays_in_the_search_text() -> None:
    story = analyse("How many died in the fire that broke out on Sunday?", (), TODAY)
    assert story.time_role == "event_time" and story.search_text == story.text
    period = analyse("What happened in Crete last week?", (), TODAY)
    assert period.time_role == "period" and "last week" not in period.search_text


def test_a_follow_up_month_after_a_period_question_is_a_period() -> None:
    history = (Turn("Τι έγινε στη Συρία τον Μάρτιο του 2012;", "…"),)
    assert analyse("Και τον Ιούνιο;", history, TODAY).time_role == "period"
    assert analyse("Πόσοι συμμετείχαν στην απεργία τον Ιούνιο;", (), TODAY).time_role == "event_time"


def test_a_brand_in_its_own_casing_is_a_name() -> None:
    names = [thing.text for thing in analyse("When is the next iPhone coming out?", (), date(2026, 12, 1)).names]
    assert names == ["iPhone"]
    assert analyse("when is the next phone coming out?", (), date(2026, 12, 1)).names == ()


def test_there_in_a_follow_up_is_the_last_place_the_conversation_named() -> None:
    from bot.question.analysis import standalone_question
    from bot.types import Turn

    history = [Turn("Τι συζητήθηκε στην Άγκυρα;", "…"), Turn("Who is Libya's new chief of staff?", "…")]
    # "Libya's" says whose chief, not where: "there" is Ankara, two turns back
    assert standalone_question("and who did he meet there?", history) == (
        "Who is Libya's new chief of staff? and who did he meet there? Άγκυρα")
    # a previous question that names a place is "there" itself
    in_cairo = [Turn("Τι συζητήθηκε στην Άγκυρα;", "…"), Turn("What happened in Cairo?", "…")]
    assert standalone_question("and who did he meet there?", in_cairo) == (
        "What happened in Cairo? and who did he meet there?")


def test_a_games_score_asked_with_which_is_no_name() -> None:
    assert analyse("Με ποιο σκορ ηττήθηκαν οι Tigers;", (), TODAY).asked_span is None
    assert analyse("What was the final score of the match?", (), TODAY).asked_span is None
    assert analyse("Με ποια ομάδα έπαιξαν οι Tigers;", (), TODAY).asked_span is not None
