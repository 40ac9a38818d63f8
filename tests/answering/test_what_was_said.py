"""Summary and why questions: sentences that say what was said or caused rank above the scene (invented text)."""

from __future__ import annotations

from bot.answering.reading import wants_several_quotes
from bot.answering.what_was_said import said_bonus

SCENE = "Ο υπουργός Παπαδάκης έφτασε στη Λευκωσία τη Δευτέρα και έγινε δεκτός με τιμές."
SAID = "Προσθέτει ότι ο Παπαδάκης συζήτησε την εκπαίδευση, την ανταλλαγή εμπειρίας και τις κοινές ασκήσεις."
CAUSE = "Η πτήση ακυρώθηκε λόγω της καταιγίδας που έπληξε το νησί από το πρωί."


def test_a_sentence_reporting_what_was_discussed_outranks_the_scene() -> None:
    question = "Τι συζητήθηκε στη Λευκωσία;"
    assert wants_several_quotes(question)
    assert said_bonus(question, SAID) > said_bonus(question, SCENE)
    assert said_bonus("What was discussed in Nicosia?", "He said they discussed training and joint drills.") > (
        said_bonus("What was discussed in Nicosia?", "He arrived in Nicosia on Monday with his delegation."))


def test_a_why_question_wants_a_cause_not_a_report() -> None:
    question = "Γιατί ακυρώθηκε η πτήση;"
    assert said_bonus(question, CAUSE) > said_bonus(question, SCENE)


def test_a_sentence_that_only_repeats_the_question_loses() -> None:
    question = "Τι συζήτησε ο Παπαδάκης στη Λευκωσία τη Δευτέρα;"
    assert said_bonus(question, "Ο Παπαδάκης συζήτησε στη Λευκωσία.") < said_bonus(question, SAID)
