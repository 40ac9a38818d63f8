"""A generated answer must say what was asked, not restate the question (invented questions)."""

from __future__ import annotations

import pytest

from bot.answering.answer_kind_check import states_what_is_asked


@pytest.mark.parametrize(
    ("question", "answer", "answers"),
    [
        # how many: a new number, not one the question holds
        ("How many workers did the shipyard in Perama hire?", "It hired 350 workers [1].", True),
        ("How many workers did the shipyard in Perama hire?", "The shipyard in Perama hired workers [1].", False),
        ("Πόσους εργαζόμενους προσέλαβε το ναυπηγείο του Περάματος το 2031;",
         "Το ναυπηγείο του Περάματος προσέλαβε εργαζόμενους το 2031 [1].", False),
        # who / which: a name the question does not already hold
        ("Who opened the harbour of Kavala?", "Admiral Martin Solberg opened it [2].", True),
        ("Ποιος εγκαινίασε το λιμάνι της Καβάλας;", "Ο ναύαρχος Μάρτιν Σόλμπεργκ [2].", True),
        ("Who opened the harbour of Kavala?", "The harbour of Kavala was opened [2].", False),
        # when: a date, a month, a weekday or a year the question lacks
        ("When did the ferry strike end?", "It ended on 14 March [1].", True),
        ("Πότε έληξε η απεργία των πλοίων;", "Έληξε την Τετάρτη [1].", True),
        ("When did the ferry strike end?", "The ferry strike ended after talks [1].", False),
        # other questions: words of its own beyond the question's
        ("What was agreed in Thessaloniki?", "A joint fund for port repairs and staff training [1].", True),
        ("Τι συμφωνήθηκε στη Θεσσαλονίκη;", "Συμφωνήθηκε στη Θεσσαλονίκη [1].", False),
    ],
)
def test_states_what_is_asked(question: str, answer: str, answers: bool) -> None:
    assert states_what_is_asked(question, answer) is answers
