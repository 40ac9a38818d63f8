"""The reader path of the answerer (a fake reader), its fallback, and the trained reader itself."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedder

from bot.answering.answerer import Answerer, AnswerPolicy
from bot.answering.reader.model import WEIGHTS_PATH, load_reader, weights_problem
from bot.telegram.formatting import render_answer
from bot.terminal.render import answer_json, answer_text
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
    """Scores a sentence high when it holds one of ``answers`` (the first highest); keeps what it reads."""

    def __init__(self, answers: Sequence[str], low: float = -5.0) -> None:
        self.answers = tuple(answers)
        self.low = low
        self.read: list[str] = []

    def score(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        self.read.extend(sentences)
        # 5 for a sentence holding the first answer, 4 for the second, ...
        return np.array([next((5.0 - k for k, a in enumerate(self.answers) if a in s), self.low) for s in sentences],
                        dtype=np.float32)


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


OPEN = AnswerPolicy(reader_min_fused=-100.0, reader_min_fused_greek=-100.0)  # the fake embedder's scores are low


def test_the_reader_quotes_its_choice_alone_when_it_leads_with_the_short_answer_first(
    indexed: tuple[Retriever, CountingEmbedder], monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the fake embedder's sentence scores are not what the confidence was fitted on: every short answer shows
    monkeypatch.setattr("bot.answering.answerer.short_threshold", lambda language=None: 0.0)
    retriever, embedder = indexed
    reader = FakeReader(["Ναμρούς"])
    answerer = Answerer(retriever, embedder, replace(OPEN, reader_read=4), reader=reader)
    answer = answerer("Who is the new chief of the Libyan army?")
    assert not answer.abstained
    assert 0 < len(reader.read) <= 4  # the reader reads only today's best candidates
    assert [c.doc_id for c in answer.citations] == ["visit"]
    assert answer.text.count("«") == 1 and "Ναμρούς" in answer.text
    assert answer.extra["best_fused"] >= 5.0 + 20.0 * answer.extra["best_sentence"] - 1e-6
    assert answer.short_answer == "Σαλάχ αλ Ναμρούς (Salach al Namrous)"
    assert answer_json(answer)["short_answer"] == answer.short_answer
    assert answer_text(answer).startswith("Σαλάχ αλ Ναμρούς")
    assert answer_text(answer, bold=True).startswith("\033[1mΣαλάχ")
    assert render_answer(answer)[0].startswith("<b>Σαλάχ αλ Ναμρούς (Salach al Namrous)</b>")


def test_a_close_second_is_quoted_too(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    # Two sentences of the article score 5 and 4: one logit apart, under the lead that quotes one
    # alone, so more of the article (up to three quotes) follows.
    policy = replace(OPEN, reader_cosine_weight=0.0, reader_read=6)
    reader = FakeReader(["εκπαίδευση", "κρύος"])
    answer = Answerer(retriever, embedder, policy, reader=reader)("Πώς ήταν ο καιρός στην Άγκυρα;")
    assert 2 <= answer.text.count("«") <= 3 and "εκπαίδευση" in answer.text and "κρύος" in answer.text
    far_ahead = replace(policy, reader_single_quote_lead=0.5)
    answer = Answerer(retriever, embedder, far_ahead, reader=reader)("Πώς ήταν ο καιρός στην Άγκυρα;")
    assert answer.text.count("«") == 1


def test_a_why_question_may_get_up_to_three_quotes(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    reader = FakeReader(["επειδή"], low=-6.0)  # one sentence far ahead: a why question still gets more
    answerer = Answerer(retriever, embedder, OPEN, reader=reader)
    answer = answerer("Γιατί επισκέφθηκε ο αρχηγός την Άγκυρα;")
    assert 2 <= answer.text.count("«") <= 3 and "επειδή" in answer.text
    assert answer.short_answer is None  # a reason has no short answer


def test_the_reader_abstains_below_its_fused_threshold(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    # Weight 0: the fused score is the reader's logit alone, 5 for an answering sentence, -5 for others.
    policy = AnswerPolicy(reader_cosine_weight=0.0, reader_min_fused=-1.0, reader_min_fused_greek=-1.0)
    answer = Answerer(retriever, embedder, policy, reader=FakeReader([]))("Who won the football cup?")
    assert answer.abstained and answer.citations == () and answer.short_answer is None
    answer = Answerer(retriever, embedder, policy, reader=FakeReader(["Ναμρούς"]))("Who leads the Libyan army?")
    assert not answer.abstained and "Ναμρούς" in answer.text


def test_without_the_reader_the_answerer_uses_sentence_similarity(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    answerer = Answerer(retriever, embedder, AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0))
    before = embedder.passages_embedded
    answer = answerer("Ποιος είναι ο νέος αρχηγός του λιβυκού στρατού;")
    assert embedder.passages_embedded == before  # the candidate sentences' vectors were stored by the reindex
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
    assert bot.answerer._reader is None  # off by default: see BENCHMARKS.md "Reader"
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


def test_a_repeated_question_embeds_no_sentence_again(indexed: tuple[Retriever, CountingEmbedder]) -> None:
    retriever, embedder = indexed
    answerer = Answerer(retriever, embedder, OPEN, reader=FakeReader(["Ναμρούς"]))
    first = answerer("Who is the new chief of the Libyan army?")
    embedded = embedder.passages_embedded
    again = answerer("Who is the new chief of the Libyan army?")
    assert embedder.passages_embedded == embedded and again.text == first.text
