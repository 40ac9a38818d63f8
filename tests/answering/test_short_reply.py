"""Which quotes follow a short answer, and which an answer without one quotes (issue 19: shorter answers)."""

from __future__ import annotations

from bot.answering.extractive import Evidence
from bot.answering.short_reply import of_the_asked_kind, quotes_for_short_answer, unsure_quotes
from bot.question.analysis import analyse
from index.retrieval import Hit


def _quote(sentence: str, score: float) -> Evidence:
    hit = Hit(rank=1, chunk_id="a:0", doc_id="a", score=1.0, dense=1.0, lexical=0.0, title="a", date="", source="",
              url="", text=sentence)
    return Evidence(hit, sentence, score, 0.0, score)


BEST, SECOND, THIRD = (_quote("Ο Παπαδάκης μίλησε στη Βουλή.", 0.9), _quote("Η συνεδρίαση κράτησε ώρες.", 0.8),
                       _quote("Εκεί ήταν και ο Γιώργος Νικολάου.", 0.7))


def test_without_a_short_answer_the_best_and_the_unsure_candidate_s_quote_are_quoted() -> None:
    assert unsure_quotes(2, [BEST, SECOND, THIRD], 2) == [BEST, THIRD]


def test_without_a_candidate_or_when_it_is_in_the_best_quote_the_next_best_follows() -> None:
    assert unsure_quotes(None, [BEST, SECOND, THIRD], 2) == [BEST, SECOND]
    assert unsure_quotes(0, [BEST, SECOND, THIRD], 2) == [BEST, SECOND]
    assert unsure_quotes(None, [BEST, SECOND, THIRD], 3) == [BEST, SECOND, THIRD]


def test_a_short_answer_is_followed_by_its_quote_and_the_best() -> None:
    assert quotes_for_short_answer(2, [BEST, SECOND, THIRD], with_best=True) == [THIRD, BEST]
    assert quotes_for_short_answer(2, [BEST, SECOND, THIRD], with_best=False) == [THIRD]
    assert quotes_for_short_answer(0, [BEST, SECOND, THIRD], with_best=True) == [BEST]


def test_a_third_quote_without_a_span_of_the_asked_kind_is_dropped() -> None:
    count = _quote("Η συνεδρίαση κράτησε τέσσερις ώρες.", 0.6)
    how_many = analyse("Πόσες ώρες κράτησε η συνεδρίαση;")
    assert of_the_asked_kind(how_many, [BEST, SECOND, THIRD]) == [BEST, SECOND]  # no number in the third
    assert of_the_asked_kind(how_many, [BEST, SECOND, count]) == [BEST, SECOND, count]
    who = analyse("Ποιος ήταν εκεί;")
    assert of_the_asked_kind(who, [BEST, SECOND, THIRD]) == [BEST, SECOND, THIRD]  # a name answers "who"
    assert of_the_asked_kind(who, [BEST, THIRD, count]) == [BEST, THIRD]


def test_a_question_without_an_asked_kind_keeps_every_quote() -> None:
    assert of_the_asked_kind(analyse("Πώς κύλησε η συνεδρίαση;"), [BEST, SECOND, THIRD]) == [BEST, SECOND, THIRD]
