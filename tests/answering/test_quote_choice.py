"""Which sentences an unsure answer quotes: one that may hold the asked span before one that cannot."""

from __future__ import annotations

from dataclasses import replace

from fakes import CountingEmbedder, FixedRetriever, hit

from bot.answering.answerer import Answerer, AnswerPolicy

# The name that answers "who spoke" is in the article's fifth sentence; the third holds no name at all.
ARTICLE = ("Ο αμυντικός Αμπερκρόμπι τραυματίστηκε στο κεφάλι στον αγώνα του Σαββάτου. "
           "Ο τραυματισμός του Αμπερκρόμπι στο κεφάλι ήταν σοβαρός. "
           "Ο Αμπερκρόμπι χειρουργήθηκε μετά τον τραυματισμό στο κεφάλι. "
           "Ο τραυματισμός του στο κεφάλι συζητήθηκε πολύ στην ομάδα. "
           "Δήλωση έκανε ο Ροντ Ριντ.")
QUESTION = "Ποιος μίλησε για τον τραυματισμό του Αμπερκρόμπι στο κεφάλι;"


def _answer(lookahead: int) -> str:
    policy = replace(AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0), asked_kind_lookahead=lookahead)
    retriever = FixedRetriever([hit("a", 1, ARTICLE, title="Αμπερκρόμπι")])
    answer = Answerer(retriever, CountingEmbedder(), policy)(QUESTION)  # type: ignore[arg-type]
    assert not answer.abstained and answer.short_answer is None, answer.text
    return answer.text


def test_a_later_sentence_with_a_name_is_quoted_instead_of_one_without() -> None:
    assert "Ροντ Ριντ" in _answer(3)
    assert "Ροντ Ριντ" not in _answer(0)  # without the look ahead, the nameless third quote is dropped, no more
