"""The reader path of the answerer (a fake reader), its fallback, and the trained reader itself."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedder

from bot.answer import Answerer, AnswerPolicy
from bot.reader.model import WEIGHTS_PATH, load_reader, weights_problem
from bot.render import answer_json, answer_text
from bot.telegram_format import render_answer
from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore

ARTICLE = {
    "id": "visit", "title": "Ο Λίβυος αρχηγός στην Άγκυρα", "date": "2026-02-18", "source": "test", "url": "",
    "text": "Ο νέος αρχηγός του λιβυκού στρατού είναι ο αντιστράτηγος Σαλάχ αλ Ναμρούς. "
            "Ο αρχηγός επισκέφθηκε την Άγκυρα για συνομιλίες. "
            "Οι δύο πλευρές συζήτησαν την εκπαίδευση και την ανταλλαγή εμπειρογνωμοσύνης. "
            "Η επίσκεψη έγινε επειδή οι δύο χώρες θέλουν στενότερη συνεργασία. "
            "Ο καιρός στην Άγκυρα ήταν κρύος όλη την εβδομάδα.",
}
OTHER = {"id": "ferry", "title": "Απεργία στα πλοία", "date": "2026-03-01", "source": "test", "url": "",
         "text": "Τα πλοία έμειναν δεμένα στον Πειραιά λόγω απεργίας. Η απεργία κράτησε δύο ημέρες."}


class FakeReader:
    """Scores a sentence high when it holds one of ``answers``; counts the sentences it reads."""

    def __init__(self, answers: Sequence[str], low: float = -5.0) -> None:
        self.answers = tuple(answers)
        self.low = low
        self.read: list[str] = []

    def score(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        self.read.extend(sentences)
        return np.array([5.0 - i if any(a in s for a in self.answers) else self.low
                         for i, s in enumerate(sentences)], dtype=np.float32)


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Retriever, CountingEmbedder]:
    settings = Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"))  # type: ignore[call-arg]
    settings.corpus_dir.mkdir(parents=True)
    (settings.corpus_dir / "news.jsonl").write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in (ARTICLE, OTHER)) + "\n", encoding="utf-8")
    embedder = CountingEmbedder()
    store = VectorStore(settings.index_dir, None, settings.collection)
    reindex(settings, embedder, store)
    return Retriever(store, embedder), embedder


def test_the_reader_picks_one_quote_and_the_short_answer_without_embedding_sentences(
    indexed: tuple[Retriever, CountingEmbedder],
) -> None:
    retriever, embedder = indexed
    reader = FakeReader(["Ναμρούς"])
    answerer = Answerer(retriever, embedder, AnswerPolicy(reader_read=4), reader=reader)
    before = embedder.passages_embedded
    answer = answerer("Who is the new chief of the Libyan army?")
    assert not answer.abstained
    assert embedder.passages_embedded == before  # no sentence is embedded at question time
    assert 0 < len(reader.read) <= 4  # the reader reads only the best candidates
    assert [c.doc_id for c in answer.citations] == ["visit"]
    assert answer.text.count("«") == 1 and "Ναμρούς" in answer.text
    assert answer.short_answer == "Σαλάχ αλ Ναμρούς (Salach al Namrous)"
    assert answer_json(answer)["short_answer"] == answer.short_answer
    assert answer_text(answer).startswith("Σαλάχ αλ Ναμρούς")
    assert answer_text(answer, bold=True).startswith("\033[1mΣαλάχ")
    assert render_answer(answer)[0].startswith("<b>Σαλάχ αλ Ναμρούς (Salach al Namrous)</b>")


def test_a_why_question_may_get_up_to_three_quotes(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    reader = FakeReader(["Άγκυρα", "συζήτησαν", "επειδή"], low=-6.0)
    answerer = Answerer(retriever, embedder, reader=reader)
    answer = answerer("Γιατί επισκέφθηκε ο αρχηγός την Άγκυρα;")
    assert 2 <= answer.text.count("«") <= 3
    assert answer.short_answer is None  # a reason has no short answer


def test_the_reader_abstains_below_its_threshold(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    answerer = Answerer(retriever, embedder, AnswerPolicy(reader_min_score=-1.0), reader=FakeReader([]))
    answer = answerer("Who won the football cup?")
    assert answer.abstained and answer.citations == () and answer.short_answer is None


def test_without_the_reader_the_answerer_uses_sentence_similarity(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    answerer = Answerer(retriever, embedder, AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0))
    before = embedder.passages_embedded
    answer = answerer("Ποιος είναι ο νέος αρχηγός του λιβυκού στρατού;")
    assert embedder.passages_embedded > before  # today's scorer embeds the candidate sentences
    assert not answer.abstained and "Ναμρούς" in answer.text


def test_missing_or_altered_weights_are_not_loaded(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "reader.safetensors"
    assert weights_problem(missing) == "reader.safetensors is missing"
    assert load_reader(tmp_path / "models", missing) is None
    assert "sentence-similarity scorer" in caplog.text
    missing.write_bytes(b"not the trained weights")
    missing.with_suffix(".sha256").write_text(f"{'0' * 64}  reader.safetensors\n", encoding="utf-8")
    assert weights_problem(missing) == "reader.safetensors does not match its sha256"
    assert load_reader(tmp_path / "models", missing) is None


def test_the_shipped_weights_match_their_sha256() -> None:
    digest = hashlib.sha256(WEIGHTS_PATH.read_bytes()).hexdigest()
    assert WEIGHTS_PATH.with_suffix(".sha256").read_text(encoding="utf-8").split()[0] == digest
    assert weights_problem(WEIGHTS_PATH) is None


def test_the_reader_is_off_unless_the_setting_turns_it_on(tmp_path: Path) -> None:
    from bot.app import Newsbot

    bot = Newsbot(Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data")))  # type: ignore[call-arg]
    bot.__dict__["embedder"] = CountingEmbedder()
    assert bot.answerer._reader is None  # it measures worse than sentence similarity so far
    assert Settings(NEWSBOT_READER="true").reader  # type: ignore[call-arg]


@pytest.mark.slow
def test_the_trained_reader_loads_and_prefers_the_answering_sentence(models_dir: Path, tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "multilingual-e5-small").symlink_to(models_dir / "multilingual-e5-small", target_is_directory=True)
    reader = load_reader(models, precision="bf16")
    exact = load_reader(models, precision="fp32")
    assert reader is not None and exact is not None
    sentences = [s + "." for s in ARTICLE["text"].rstrip(".").split(". ")]
    question = "Ποιος είναι ο νέος αρχηγός του λιβυκού στρατού;"
    scores = reader.score(question, sentences)
    assert scores.shape == (len(sentences),) and np.isfinite(scores).all()
    assert np.allclose(scores, exact.score(question, sentences), atol=0.3)  # bf16 keeps the fp32 scores
    assert int(np.argmax(scores)) == 0, scores


def test_rerank_mode_quotes_the_readers_choice_and_abstains_by_todays_scorer(
    indexed: tuple[Retriever, CountingEmbedder],
) -> None:
    retriever, embedder = indexed
    reader = FakeReader(["εκπαίδευση"])  # a sentence today's scorer would not put first for this question
    policy = AnswerPolicy(reader_mode="rerank", reader_read=6, reader_cosine_weight=0.0,
                          min_relevance=0.0, min_relevance_greek=0.0)
    answer = Answerer(retriever, embedder, policy, reader=reader)("Πώς ήταν ο καιρός στην Άγκυρα;")
    assert not answer.abstained and answer.text.count("«") == 1 and "εκπαίδευση" in answer.text
    assert 0 < len(reader.read) <= 6
    # The threshold is today's scorer's: the reader's low logits do not make it abstain ...
    answer = Answerer(retriever, embedder, policy, reader=FakeReader([]))("Πώς ήταν ο καιρός στην Άγκυρα;")
    assert not answer.abstained
    # ... and today's threshold still does.
    strict = AnswerPolicy(reader_mode="rerank", min_relevance=2.0, min_relevance_greek=2.0)
    assert Answerer(retriever, embedder, strict, reader=FakeReader(["κρύος"]))("Πώς ήταν ο καιρός;").abstained
