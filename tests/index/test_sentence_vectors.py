"""Sentence vectors stored at index time (index/sentence_vectors.py): embedded once, stored in the
catalog, gone with their article, read by answering instead of embedding; a real embedded Chroma."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedder

from bot.answering.answerer import Answerer, AnswerPolicy
from index.catalog import Catalog
from index.reindex import reindex
from index.retrieval import Retriever
from index.sentence_vectors import (
    META_KEY,
    SentenceVectors,
    decode,
    decode_many,
    encode,
    scored_sentences,
    sentence_key,
)
from index.settings import Settings
from index.store import VectorStore

OPEN = AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0)
SHARED = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ακρίβεια."
LONG = " ".join(f"Πρόταση αριθμός {i} για το λιμάνι του Βόλου και τα πλοία του." for i in range(12))


def _article(doc_id: str, title: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": "2026-01-02", "source": "test", "url": "", "text": text}


ARTICLES = [
    _article("a1", "Ακρίβεια", f"{SHARED} Οι τιμές στα τρόφιμα ανέβηκαν κατά πέντε τοις εκατό."),
    _article("a2", "Μέτρα", f"Ο υπουργός μίλησε στη Βουλή την Τρίτη το πρωί. {SHARED}"),
    _article("a3", "Βόλος", LONG),
]


def _write_corpus(folder: Path, articles: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    _write_corpus(tmp_path / "corpus", ARTICLES)
    return Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"),
                    NEWSBOT_CHUNK_TOKENS=40)  # type: ignore[call-arg]


class RecordingEmbedder(CountingEmbedder):
    """The counting embedder, also keeping the questions it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.queries.extend(texts)
        return super().embed_queries(texts)


def _catalog(settings: Settings) -> Catalog:
    store = VectorStore(settings.index_dir)
    pointer = store.read_pointer()
    assert pointer is not None
    return Catalog(store.catalog_path(pointer.generation))


def _stored_keys(settings: Settings) -> dict[int, int]:
    catalog = _catalog(settings)
    try:
        with sqlite3.connect(catalog.path) as db:
            return {int(k): int(r) for k, r in db.execute("SELECT key, refs FROM sentence_vectors")}
    finally:
        catalog.close()


def test_a_sentence_held_by_two_articles_and_by_overlapping_chunks_is_embedded_once(settings: Settings) -> None:
    embedder = CountingEmbedder()
    summary = reindex(settings, embedder)
    passages = Counter(embedder.texts)
    assert passages[SHARED] == 1  # in a1 and a2
    volos = [s for s in passages if s.startswith("Πρόταση αριθμός")]
    assert len(volos) == 12 and all(passages[s] == 1 for s in volos)  # overlapping chunks repeat some
    assert summary.chunks > 3  # a3 did make several, overlapping chunks
    stored = _stored_keys(settings)
    assert summary.sentences == len(stored) == 2 + 1 + 12  # a1 two, a2 one more, a3 twelve
    assert stored[sentence_key(SHARED)] == 2  # counted by the chunks that hold it
    assert max(stored[sentence_key(s)] for s in volos) == 2  # a repeated (overlap) sentence


def test_vectors_go_with_their_article_on_removal_and_update(settings: Settings) -> None:
    embedder = CountingEmbedder()
    reindex(settings, embedder)
    only_a1 = sentence_key("Οι τιμές στα τρόφιμα ανέβηκαν κατά πέντε τοις εκατό.")
    assert only_a1 in _stored_keys(settings)

    _write_corpus(settings.corpus_dir, ARTICLES[1:])  # a1 removed
    reindex(settings, embedder)
    stored = _stored_keys(settings)
    assert only_a1 not in stored
    assert stored[sentence_key(SHARED)] == 1  # a2 still holds it

    embedder.texts.clear()
    new_text = "Ο υπουργός απάντησε στις ερωτήσεις των βουλευτών."
    _write_corpus(settings.corpus_dir, [_article("a2", "Μέτρα", new_text), ARTICLES[2]])  # a2 updated
    summary = reindex(settings, embedder)
    stored = _stored_keys(settings)
    assert sentence_key(SHARED) not in stored and sentence_key(new_text) in stored
    assert summary.sentences == 1 and embedder.texts.count(new_text) == 1
    catalog = _catalog(settings)
    try:
        visible = {sentence_key(s) for text in catalog.visible_chunk_texts() for s in scored_sentences(text)}
    finally:
        catalog.close()
    assert set(stored) == visible and all(refs > 0 for refs in stored.values())


def test_an_answer_embeds_the_question_and_nothing_else(settings: Settings) -> None:
    embedder = RecordingEmbedder()
    reindex(settings, embedder)
    passages = embedder.passages_embedded
    answerer = Answerer(Retriever(VectorStore(settings.index_dir), embedder), embedder, OPEN)
    question = "Τι ανακοίνωσε η κυβέρνηση για την ακρίβεια;"
    answer = answerer(question)
    assert not answer.abstained and SHARED in answer.text
    assert embedder.passages_embedded == passages  # no sentence embedded at question time
    assert set(embedder.queries) == {question}


def test_stored_vectors_score_as_the_embedded_ones_within_tolerance() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(200, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    questions = rng.normal(size=(20, 384)).astype(np.float32)
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    stored = decode_many([encode(v) for v in vectors])
    assert len(encode(vectors[0])) == 4 + 384  # int8 and a float32 scale
    assert np.allclose(stored[3], decode(encode(vectors[3])))
    difference = np.abs(questions @ stored.T - questions @ vectors.T)
    assert difference.max() < 0.005, difference.max()
    # the counting embedder's sentence vectors too (what the answer tests score)
    embedder = CountingEmbedder()
    sentences = [SHARED, LONG[:80], "Οι τιμές στα τρόφιμα ανέβηκαν."]
    exact = embedder.embed_passages(sentences)
    query = embedder.embed_queries(["τιμές τροφίμων"])[0]
    assert np.abs(decode_many([encode(v) for v in exact]) @ query - exact @ query).max() < 0.005


def test_an_index_built_before_sentence_vectors_still_answers_and_reindex_upgrades_it(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    embedder = CountingEmbedder()
    reindex(settings, embedder)
    catalog = _catalog(settings)
    catalog.close()
    with sqlite3.connect(catalog.path) as db:  # what an index of the previous release holds
        db.execute("DROP TABLE sentence_vectors")
        db.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))

    question = "Τι ανακοίνωσε η κυβέρνηση για την ακρίβεια;"
    answerer = Answerer(Retriever(VectorStore(settings.index_dir), embedder), embedder, OPEN)
    before = embedder.passages_embedded
    with caplog.at_level(logging.WARNING, logger="index.sentence_vectors"):
        first = answerer(question)
        answerer("Τι έγινε στο λιμάνι του Βόλου;")
    assert not first.abstained and SHARED in first.text
    assert embedder.passages_embedded > before  # the sentences were embedded at question time
    hints = [r.getMessage() for r in caplog.records if "newsbot reindex" in r.getMessage()]
    assert len(hints) == 1  # said once

    embedder = CountingEmbedder()
    upgrade = reindex(settings, embedder)  # nothing changed in the corpus: the upgrade
    assert upgrade.embedded == 0 and upgrade.sentences == len(_stored_keys(settings)) > 0
    assert embedder.passages_embedded == upgrade.sentences  # no chunk embedded again
    fresh = Answerer(Retriever(VectorStore(settings.index_dir), embedder), embedder, OPEN)
    before = embedder.passages_embedded
    assert fresh(question).text == first.text
    assert embedder.passages_embedded == before
    assert reindex(settings, embedder).sentences == 0  # and then nothing more to do


def test_only_the_sentences_the_index_lacks_are_embedded_each_once() -> None:
    embedder = CountingEmbedder()
    stored_text, missing_text = "Σεισμός στην Κρήτη χθες το βράδυ.", "Χιόνια στην Αθήνα σήμερα το πρωί."
    stored_vector = decode(encode(embedder.embed_passages([stored_text])[0]))
    vectors = SentenceVectors(lambda texts: {t: stored_vector for t in texts if t == stored_text},
                              embedder.embed_passages)
    before = embedder.passages_embedded
    got = vectors([missing_text, stored_text, missing_text])
    assert embedder.passages_embedded - before == 1  # only the missing one, once
    assert np.allclose(got[1], stored_vector)
    assert np.allclose(got[0], embedder.embed_passages([missing_text])[0]) and np.allclose(got[0], got[2])
