"""An abstention that cannot say what is missing names the article that came nearest."""

from __future__ import annotations

from fakes import CountingEmbedder, FixedRetriever, hit

from bot.answering.answerer import Answerer, AnswerPolicy

MEETING = "Η επιτροπή συνεδρίασε στη Βαλένθια για τον νέο προϋπολογισμό της πόλης."


def _answerer() -> Answerer:
    # No sentence reaches these thresholds: the answerer abstains with nothing named as missing.
    policy = AnswerPolicy(min_relevance=2.0, min_relevance_greek=2.0)
    retriever = FixedRetriever([hit("budget", 1, MEETING, title="Ο προϋπολογισμός της Βαλένθια")])
    return Answerer(retriever, CountingEmbedder(), policy)  # type: ignore[arg-type]


def test_a_generic_abstention_names_the_nearest_article_in_the_question_language() -> None:
    greek = _answerer()("Τι αποφάσισε η επιτροπή;")
    assert greek.abstained
    assert greek.text == ("Τα άρθρα δεν το αναφέρουν. Το πιο κοντινό που βρήκα, «Ο προϋπολογισμός της Βαλένθια», "
                          "δεν απαντά στην ερώτηση.")
    english = _answerer()("What did the committee decide?")
    assert english.abstained
    assert english.text == ('The articles don\'t say. The nearest one I found, "Ο προϋπολογισμός της Βαλένθια", '
                            "does not answer this question.")
    assert not english.citations  # named, not cited: it does not answer
