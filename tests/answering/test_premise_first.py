"""The article that holds the question's names is read first, whatever place retrieval gave it."""

from __future__ import annotations

from fakes import CountingEmbedder, FixedRetriever, hit

from bot.answering.answerer import Answerer, AnswerPolicy
from index.retrieval import Hit

# Retrieval order: an article about something else first, with more sentences than an answer scores.
OTHER = " ".join(f"Η επιτροπή συνεδρίασε για {n}η φορά στη Βαλένθια φέτος." for n in range(1, 21))
HOLDER = ("Ο Αρχηγός του Τουρκικού Γενικού Επιτελείου, στρατηγός Σελτσούκ Μπαϊρακτάρογλου, "
          "υποδέχθηκε τον Λίβυο ομόλογό του στην Άγκυρα.")


def _answerer(hits: list[Hit]) -> Answerer:
    policy = AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0)
    return Answerer(FixedRetriever(hits), CountingEmbedder(), policy)  # type: ignore[arg-type]


def test_a_lower_ranked_article_holding_the_asked_name_is_quoted() -> None:
    # "Selcuk" is far in sound from «Σελτσούκ», so the first article cannot be said to hold the name,
    # and its twenty sentences would fill what an answer scores: "don't mention" before this change.
    answer = _answerer([hit("other", 1, OTHER), hit("holder", 2, HOLDER)])("Who is Selcuk Bayraktaroglu?")
    assert not answer.abstained, answer.text
    assert [c.doc_id for c in answer.citations][:1] == ["holder"]
    assert "Μπαϊρακτάρογλου" in answer.text


def test_the_best_placed_article_is_kept_when_it_holds_the_name() -> None:
    first = hit("first", 1, HOLDER.replace("υποδέχθηκε", "συνάντησε"))
    answer = _answerer([first, hit("other", 2, OTHER), hit("holder", 3, HOLDER)])("Who is Selcuk Bayraktaroglu?")
    assert [c.doc_id for c in answer.citations][:1] == ["first"], answer.text
