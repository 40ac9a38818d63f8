"""Names as written: the whole capitalised phrase a checked name stands in."""

from __future__ import annotations

import pytest

from bot.question.names import whole_name


@pytest.mark.parametrize(("part", "text", "whole"), [
    ("Center", "Ποιος είναι ο πρόεδρος του Center for New American Security;", "Center for New American Security"),
    ("American Security", "Ποιος είναι ο πρόεδρος του Center for New American Security;",
     "Center for New American Security"),
    ("England", "Who heads the Bank of England?", "Bank of England"),
    ("Ελλάδος", "Ποιος είναι ο διοικητής της Τράπεζας της Ελλάδος;", "Τράπεζας της Ελλάδος"),
])
def test_a_name_is_taken_with_its_title_and_connecting_words(part: str, text: str, whole: str) -> None:
    assert whole_name(part, text) == whole


@pytest.mark.parametrize(("part", "text"), [
    ("Cairo", "Who did Salah al-Namroush meet in Cairo?"),  # a preposition is no connector
    ("Putin", "Did Biden and Putin meet?"),  # "and" joins two names
    ("Erdogan", "Talks with Erdogan Tuesday ended."),  # a weekday is no part of a name
    ("Αθήνα", "Πότε επισκέφθηκε ο Πούτιν την Αθήνα;"),
    ("64 percent", "Which TV station found that 64 percent of respondents would vote?"),
    ("Ankara", "Ankara"),
    ("Rome", "Who visited Athens?"),  # not in the text: said as given
])
def test_a_name_alone_stays_alone(part: str, text: str) -> None:
    assert whole_name(part, text) == part


def test_a_sentence_first_word_is_not_taken_into_a_name() -> None:
    assert whole_name("Erdogan", "Did Erdogan visit?") == "Erdogan"
    assert whole_name("Erdogan", "Visited. Erdogan spoke.") == "Erdogan"
