"""Which sentences an unsure answer quotes: one that may hold the asked span before one that cannot."""

from __future__ import annotations

from dataclasses import replace

from fakes import CountingEmbedder

from bot.answering.answerer import Answerer, AnswerPolicy
from index.retrieval import Hit

# The name that answers "who spoke" is in the article's fifth sentence; the third holds no name at all.
ARTICLE = ("Ο αμυντικός Αμπερκρόμπι τραυματίστηκε στο κεφάλι στον αγώνα του Σαββάτου. "
           "Ο τραυματισμός του Αμπερκρόμπι στο κεφάλι ήταν σοβαρός. "
           "Ο Αμπερκρόμπι χειρουργήθηκε μετά τον τραυματισμό στο κεφάλι. "
           "Ο τραυματισμός του στο κεφάλι συζητήθηκε πολύ στην ομάδα. "
           "Δήλωση έκανε ο Ροντ Ριντ.")
QUESTION = "Ποιος μίλησε για τον τραυματισμό του Αμπερκρόμπι στο κεφάλι;"


class _OneArticle:
    hit = Hit(rank=1, chunk_id="a:0", doc_id="a", score=1.0, dense=1.0, lexical=0.0, title="Αμπερκρόμπι",
              date="2031-03-14", source="outlet", url="", text=ARTICLE)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        return [self.hit]

    def article_texts(self, doc_ids: list[str]) -> dict[str, str]:
        return {"a": ARTICLE}


def _answer(lookahead: int) -> str:
    policy = replace(AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0), asked_kind_lookahead=lookahead)
    answer = Answerer(_OneArticle(), CountingEmbedder(), policy)(QUESTION)  # type: ignore[arg-type]
    assert not answer.abstained and answer.short_answer is None, answer.text
    return answer.text


def test_a_later_sentence_with_a_name_is_quoted_instead_of_one_without() -> None:
    assert "Ροντ Ριντ" in _answer(3)
    assert "Ροντ Ριντ" not in _answer(0)  # without the look ahead, the nameless third quote is dropped, no more
