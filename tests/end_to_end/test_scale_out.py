"""Scale-out: a real Chroma server shared by several processes, and readers that follow a reindex.

Most tests use the counting fake embedder (in-process, or in a subprocess through
``fake_cli.py``, which runs the real ``bot.cli.main``); one runs the real ``newsbot`` command
with the bundled model against the server.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from chroma_server import ChromaServer
from fakes import CountingEmbedder
from scale_helpers import TOPICS, article_text, cli_env, run_cli, write_corpus

from bot.answering.answerer import Answerer, AnswerPolicy
from bot.app import Newsbot
from bot.types import Answer
from index.catalog import Catalog
from index.reindex import reindex
from index.retrieval import Retriever
from index.sentence_vectors import scored_sentences, sentence_key
from index.settings import Settings
from index.store import SENTENCES_ADDED, SENTENCES_ALL, ChangeRecord, VectorStore
from index.sync import RECORDS_META_KEY

QUERIES = ["σεισμός στην Κρήτη", "ελαιόλαδο τιμές", "μετρό Αθήνας σταθμοί", "Βεργίνα ανασκαφή", "Pireas port"]


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    with ChromaServer(tmp_path / "chroma-server" / "db") as server:
        yield server


@pytest.fixture(scope="session")
def cli_models_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model built once (a shared conftest fixture when there is one)."""
    try:
        return Path(request.getfixturevalue("models_dir"))
    except pytest.FixtureLookupError:
        from index.bundled_model import build_bundled_model

        folder = tmp_path_factory.mktemp("models")
        build_bundled_model(folder / "multilingual-e5-small")
        return folder


def server_settings(tmp_path: Path, url: str, name: str = "data", corpus: Path | None = None) -> Settings:
    return Settings(  # type: ignore[call-arg]
        NEWSBOT_DATA_DIR=str(tmp_path / name),
        NEWSBOT_CORPUS_DIR=str(corpus or tmp_path / "corpus"),
        NEWSBOT_CHROMA_URL=url,
        NEWSBOT_MIN_RELEVANCE="0.0",
        NEWSBOT_MIN_RELEVANCE_GREEK="0.0",
    )


def with_fake_embedder(bot: Newsbot) -> Newsbot:
    bot.__dict__["embedder"] = CountingEmbedder()  # fills the cached_property: no model is loaded
    return bot


def hits_of(retriever: Retriever, query: str) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in retriever.search(query, 5)]


def test_two_processes_on_one_chroma_server_agree_and_follow_a_reindex(
    tmp_path: Path, chroma: ChromaServer
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(24))
    settings = server_settings(tmp_path, chroma.url)
    bot = with_fake_embedder(Newsbot(settings))

    summary = bot.reindex()
    assert (summary.added, summary.embedded, summary.generation) == (24, summary.chunks, 1)
    assert not (settings.index_dir / "chroma").exists()  # nothing went to the embedded store
    assert not (settings.index_dir / "CURRENT.json").exists()  # the pointer lives on the server

    retriever = bot.retriever
    first = retriever.search("σεισμός στην Κρήτη σεισμολόγοι", 3)
    assert first and first[0].doc_id in {f"art-{i}" for i in range(24) if i % len(TOPICS) == 1}
    answer = bot.answerer("Τι έγινε με τον σεισμό στην Κρήτη;")
    assert not answer.abstained and answer.citations
    assert all(c.doc_id.startswith("art-") for c in answer.citations)

    # A second process, with its own (empty) data dir, only the server in common.
    other = run_cli(["--chroma-url", chroma.url, "--data-dir", str(tmp_path / "other"),
                     "--corpus-dir", str(corpus), "search", "-"], stdin="\n".join(QUERIES))
    assert other.returncode == 0, other.stderr
    remote = [json.loads(line) for line in other.stdout.splitlines()]
    assert [r["query"] for r in remote] == QUERIES
    for result in remote:
        local = hits_of(retriever, result["query"])
        assert [(h["chunk_id"], h["score"]) for h in result["hits"]] == local  # BM25 rebuilt from the server
        assert any(h["score"] != 0 for h in result["hits"])
    asked = run_cli(["--chroma-url", chroma.url, "--data-dir", str(tmp_path / "other"),
                     "ask", "--json", "Τι έγινε με τον σεισμό στην Κρήτη;"],
                    env=cli_env(NEWSBOT_MIN_RELEVANCE="0.0", NEWSBOT_MIN_RELEVANCE_GREEK="0.0"))
    assert asked.returncode == 0, asked.stderr
    remote_answer = json.loads(asked.stdout)
    assert remote_answer["answer"] == answer.text
    assert [c["doc_id"] for c in remote_answer["citations"]] == [c.doc_id for c in answer.citations]

    # A reindex run as a one-off job by another process: this reader follows without a restart.
    write_corpus(corpus, range(24), name="news.jsonl")
    write_corpus(corpus, [1000], name="extra.jsonl")
    job = run_cli(["--chroma-url", chroma.url, "--data-dir", str(tmp_path / "job"),
                   "--corpus-dir", str(corpus), "reindex"])
    assert job.returncode == 0, job.stderr
    assert "added 1, updated 0, removed 0" in job.stdout
    embedded = int(re.search(r"\((\d+) embedded\)", job.stdout).group(1))  # type: ignore[union-attr]
    assert 1 <= embedded <= 2  # only the new article's chunks; the rest came from the server
    deadline = time.monotonic() + 5  # the retriever looks at the pointer at most once a second
    while retriever.version != 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # each look starts a background catch-up; searches never wait for one
    assert any(h.doc_id == "art-1000" for h in retriever.search("Το άρθρο 1000 αναφέρεται", 5))
    assert (retriever.version, retriever.generation) == (2, 1)  # updated in place

    # The other replica catches up from the server's change record: the same hits again.
    again = run_cli(["--chroma-url", chroma.url, "--data-dir", str(tmp_path / "other"),
                     "--corpus-dir", str(corpus), "search", "-"], stdin="\n".join([*QUERIES, "Το άρθρο 1000"]))
    assert again.returncode == 0, again.stderr
    for result in (json.loads(line) for line in again.stdout.splitlines()):
        assert [(h["chunk_id"], h["score"]) for h in result["hits"]] == hits_of(retriever, result["query"])
    assert any(h["doc_id"] == "art-1000" for h in json.loads(again.stdout.splitlines()[-1])["hits"])


def test_a_long_running_reader_sees_a_reindex_made_by_another_process(tmp_path: Path) -> None:
    """Embedded Chroma: the retriever notices the new pointer and reopens its client."""
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(12))
    settings = Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(corpus))  # type: ignore[call-arg]
    embedder = CountingEmbedder()
    store = VectorStore(settings.index_dir, None, settings.collection)
    reindex(settings, embedder, store)
    retriever = Retriever(store, embedder, recheck_seconds=0)
    embedded_by_reindex = embedder.passages_embedded
    query = "Το άρθρο 77 αναφέρεται στο θέμα"
    before = retriever.search(query, 5)
    assert before and all(h.doc_id != "art-77" for h in before)
    assert retriever.version == 1

    write_corpus(corpus, [77], name="late.jsonl")
    job = run_cli(["--data-dir", str(settings.data_dir), "--corpus-dir", str(corpus), "reindex"])
    assert job.returncode == 0, job.stderr
    assert "added 1" in job.stdout

    deadline = time.monotonic() + 5
    while retriever.version != 2 and time.monotonic() < deadline:
        retriever.search(query, 5)  # serves the state it has while it catches up in the background
        time.sleep(0.05)
    after = retriever.search(query, 5)  # the same object, no restart
    assert (retriever.version, retriever.generation) == (2, 1)
    assert after[0].doc_id == "art-77"
    assert embedder.passages_embedded == embedded_by_reindex  # the reader only embedded queries


@pytest.fixture(scope="session")
def bundled_embedder(request: pytest.FixtureRequest, cli_models_dir: Path) -> object:
    """The real default model, loaded once (a shared conftest fixture when there is one)."""
    try:
        return request.getfixturevalue("real_embedder")
    except pytest.FixtureLookupError:
        from index.bundled_model import BUNDLED_MODEL_NAME
        from index.embedding import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, cli_models_dir)


@pytest.mark.slow
def test_real_newsbot_cli_answers_through_a_chroma_server_from_another_process(
    tmp_path: Path, chroma: ChromaServer, cli_models_dir: Path, bundled_embedder: Any
) -> None:
    """Indexed here with the bundled model; `newsbot --chroma-url ... ask` from another data dir."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.md").write_text(
        "---\ntitle: Νέα προβλήτα στον Πειραιά\ndate: 2026-03-02\nsource: test\n---\n"
        "Ο Οργανισμός Λιμένος Πειραιώς εγκαίνιασε νέα προβλήτα για κρουαζιερόπλοια. "
        "Η προβλήτα μπορεί να εξυπηρετεί τέσσερα πλοία ταυτόχρονα.\n", encoding="utf-8")
    (corpus / "quake.md").write_text(
        "---\ntitle: Σεισμός στην Κρήτη\ndate: 2026-03-03\nsource: test\n---\n"
        "Σεισμός 5,1 Ρίχτερ σημειώθηκε νότια της Κρήτης τα ξημερώματα. "
        "Δεν αναφέρθηκαν ζημιές, σύμφωνα με την Πολιτική Προστασία.\n", encoding="utf-8")
    settings = server_settings(tmp_path, chroma.url, corpus=corpus)
    summary = reindex(settings, bundled_embedder, VectorStore(settings.index_dir, chroma.url))
    assert summary.added == 2

    reader = tmp_path / "reader"
    reader.mkdir()
    (reader / "models").symlink_to(cli_models_dir, target_is_directory=True)
    asked = run_cli(["--chroma-url", chroma.url, "--data-dir", str(reader), "ask", "-"], fake=False,
                    stdin="Πόσα πλοία εξυπηρετεί η νέα προβλήτα;\nΠόσα Ρίχτερ ήταν ο σεισμός;\n")
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    assert [a["citations"][0]["doc_id"] for a in answers] == ["port", "quake"]
    assert "τέσσερα πλοία" in answers[0]["answer"]
    assert "5,1 Ρίχτερ" in answers[1]["answer"]


@pytest.mark.slow
def test_load_script_answers_every_chat_exactly_once(tmp_path: Path) -> None:
    """benchmarks/load.py, small: the real Telegram front end, concurrent chats, nothing lost."""
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, str(script), "--embedder", "fake", "--chats", "12", "--rounds", "2",
         "--backend", "extractive", "--within", "60", "--json", str(out)],
        capture_output=True, text=True, timeout=120, env=cli_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [result] = json.loads(out.read_text())
    assert (result["questions"], result["answered"]) == (24, 24)
    assert (result["lost"], result["duplicated"], result["wrong"]) == (0, 0, 0)


# --- sentence vectors reach the replicas through the change records -------------------------------

OPEN = AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0)
QUAKE = "Τι έγινε με τον σεισμό στην Κρήτη;"
BRIDGE = "Πότε θα ανοίξει η νέα γέφυρα της Λάρισας;"
SHARED_SENTENCE = article_text(1).split(". ")[0] + "."  # art-1's first sentence, repeated by the late article
LATE_ONLY = "Η νέα γέφυρα της Λάρισας θα ανοίξει τον Μάιο για τα οχήματα και τους πεζούς."


def write_late_article(corpus: Path) -> None:
    record = {"id": "late", "title": "Γέφυρα στη Λάρισα", "date": "2026-03-02", "source": "test",
              "url": "https://example.org/late",
              "text": f"{SHARED_SENTENCE} {LATE_ONLY} Οι εργασίες κράτησαν δύο χρόνια και κόστισαν πολύ."}
    (corpus / "late.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")


class Side:
    """One process's view of the index (its own data dir, the server in common): an answerer whose
    counting embedder shows what is embedded at question time."""

    def __init__(self, settings: Settings) -> None:
        self.store = VectorStore(settings.index_dir, settings.chroma_url, settings.collection)
        self.embedder = CountingEmbedder()
        self.retriever = Retriever(self.store, self.embedder, recheck_seconds=0)
        self.answerer = Answerer(self.retriever, self.embedder, OPEN)

    def ask(self, question: str) -> Answer:
        self.retriever.refresh()  # catch up now (searches would, in the background)
        return self.answerer(question)

    def sentence_rows(self) -> dict[int, tuple[int, bytes]]:
        """The catalog's sentence vectors: key -> (refs, encoded vector)."""
        with closing(sqlite3.connect(self.store.catalog_path(1))) as db:
            rows = db.execute("SELECT key, refs, vector FROM sentence_vectors")
            return {int(k): (int(r), bytes(v)) for k, r, v in rows}

    def holds_all(self) -> bool:
        catalog = Catalog(self.store.catalog_path(1))
        try:
            return catalog.has_sentence_vectors()
        finally:
            catalog.close()

    def sentence_scores(self, question: str) -> dict[str, float]:
        """The stored vectors of the question's candidate sentences scored against its embedding."""
        sentences = sorted({s for hit in self.retriever.search(question, 5) for s in scored_sentences(hit.text)})
        stored = self.retriever.stored_sentence_vectors(sentences)
        assert stored is not None and set(stored) == set(sentences)
        query = self.embedder.embed_queries([question])[0]
        return {s: float(np.dot(v, query)) for s, v in stored.items()}


def same_answer(one: Answer, other: Answer, scores: bool = True) -> bool:
    """The same text and citations, and with ``scores`` the same features (sentence scores among them)."""
    return (one.text, one.citations) == (other.text, other.citations) and (not scores or one.extra == other.extra)


def test_a_replica_gets_the_jobs_sentence_vectors_and_embeds_no_sentence_at_question_time(
    tmp_path: Path, chroma: ChromaServer
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(12))
    job_settings = server_settings(tmp_path, chroma.url, "job")
    first = reindex(job_settings, CountingEmbedder(), VectorStore(job_settings.index_dir, chroma.url))
    job, replica = Side(job_settings), Side(server_settings(tmp_path, chroma.url, "replica"))

    answer = replica.ask(QUAKE)
    assert not answer.abstained and answer.citations
    assert replica.embedder.passages_embedded == 0  # only the question was embedded
    assert same_answer(answer, job.ask(QUAKE)) and job.embedder.passages_embedded == 0
    assert replica.sentence_scores(QUAKE) == job.sentence_scores(QUAKE)  # the very same stored vectors
    assert replica.holds_all() and replica.sentence_rows() == job.sentence_rows()
    assert len(replica.sentence_rows()) == first.sentences > 0
    assert job.store.read_change(1, 1).sentences == SENTENCES_ALL  # an epoch's first record: all of them

    # A job adds an article repeating a sentence of art-1: embedded once, long ago, yet its vector
    # is in the record, read back from the job's catalog.
    write_late_article(corpus)
    embedder = CountingEmbedder()
    second = reindex(job_settings, embedder, VectorStore(job_settings.index_dir, chroma.url))
    assert second.added == 1 and SHARED_SENTENCE not in embedder.texts
    record = job.store.read_change(1, 2)
    assert record.sentences == SENTENCES_ADDED and [a["doc_id"] for a in record.articles] == ["late"]
    catalog = Catalog(job.store.catalog_path(1))
    try:
        late_chunks = [text for text in catalog.visible_chunk_texts() if LATE_ONLY in text]
    finally:
        catalog.close()
    wanted = {sentence_key(s) for text in late_chunks for s in scored_sentences(text)}
    assert set(record.sentence_vectors) == wanted and sentence_key(SHARED_SENTENCE) in wanted
    assert {k: v for k, (_, v) in job.sentence_rows().items() if k in wanted} == record.sentence_vectors

    bridge = replica.ask(BRIDGE)
    assert any(c.doc_id == "late" for c in bridge.citations) and LATE_ONLY in bridge.text
    assert replica.embedder.passages_embedded == 0
    assert same_answer(bridge, job.ask(BRIDGE)) and job.embedder.passages_embedded == 0
    assert replica.sentence_scores(BRIDGE) == job.sentence_scores(BRIDGE)
    assert replica.holds_all() and replica.sentence_rows() == job.sentence_rows()
    assert replica.sentence_rows()[sentence_key(SHARED_SENTENCE)][0] == 2  # art-1 and late hold it

    # The article leaves: so do the vectors of its own sentences, from the replica's catalog too.
    (corpus / "late.jsonl").unlink()
    assert reindex(job_settings, CountingEmbedder(), VectorStore(job_settings.index_dir, chroma.url)).removed == 1
    after = replica.ask(QUAKE)
    assert same_answer(after, answer) and replica.embedder.passages_embedded == 0
    rows = replica.sentence_rows()
    assert sentence_key(LATE_ONLY) not in rows and rows[sentence_key(SHARED_SENTENCE)][0] == 1
    assert replica.holds_all() and rows == job.sentence_rows()

    # A replica that starts with an empty data dir replays every record: the same rows.
    fresh = Side(server_settings(tmp_path, chroma.url, "fresh"))
    assert same_answer(fresh.ask(QUAKE), answer) and fresh.embedder.passages_embedded == 0
    assert fresh.sentence_rows() == rows


def test_a_record_without_sentence_vectors_still_replays_and_the_next_reindex_ships_them_all(
    tmp_path: Path, chroma: ChromaServer, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(12))
    job_settings = server_settings(tmp_path, chroma.url, "job")
    reindex(job_settings, CountingEmbedder(), VectorStore(job_settings.index_dir, chroma.url))
    job = Side(job_settings)
    # What the previous release wrote: the record without vectors, and its job's catalog unaware.
    old = job.store.read_change(1, 1)
    job.store.write_change(1, ChangeRecord(old.version, old.articles, old.removed))
    assert job.store.read_change(1, 1) == ChangeRecord(1, old.articles, [])
    catalog = Catalog(job.store.catalog_path(1))
    catalog.set_meta({RECORDS_META_KEY: ""})
    catalog.close()

    replica = Side(server_settings(tmp_path, chroma.url, "replica"))
    with caplog.at_level(logging.WARNING, logger="index.sentence_vectors"):
        answer = replica.ask(QUAKE)
    # Embedded at question time, as before (in float32: the scores differ a little from the stored int8).
    assert same_answer(answer, job.ask(QUAKE), scores=False) and job.embedder.passages_embedded == 0
    assert replica.embedder.passages_embedded > 0 and not replica.holds_all()
    assert any("newsbot reindex" in r.getMessage() for r in caplog.records)

    # The next reindex, with nothing changed in the corpus, ships every vector in its record.
    embedder = CountingEmbedder()
    summary = reindex(job_settings, embedder, VectorStore(job_settings.index_dir, chroma.url))
    assert (summary.added, summary.updated, summary.removed, embedder.passages_embedded) == (0, 0, 0, 0)
    record = job.store.read_change(1, 2)
    assert record.sentences == SENTENCES_ALL and len(record.sentence_vectors) == len(job.sentence_rows())
    embedded = replica.embedder.passages_embedded
    again = Side(server_settings(tmp_path, chroma.url, "replica"))  # the same data dir, restarted
    assert same_answer(again.ask(QUAKE), job.ask(QUAKE)) and again.embedder.passages_embedded == 0
    assert replica.ask(BRIDGE) and replica.embedder.passages_embedded == embedded  # and without a restart
    assert replica.holds_all() and replica.sentence_rows() == job.sentence_rows()
    # Then nothing more to ship: a reindex with nothing changed writes no record.
    reindex(job_settings, CountingEmbedder(), VectorStore(job_settings.index_dir, chroma.url))
    pointer = job.store.read_pointer()
    assert pointer is not None and pointer.version == 2


def test_change_record_pages_hold_bounded_vectors_and_read_back_whole(
    tmp_path: Path, chroma: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.store

    monkeypatch.setattr(index.store, "_PAGES_PER_GET", 2)  # the pages read in several calls
    store = VectorStore(tmp_path / "data", chroma.url)
    rng = np.random.default_rng(3)
    vectors = {int(k): rng.integers(0, 256, 388, dtype=np.uint8).tobytes()
               for k in rng.integers(-(2**63), 2**63 - 1, 2500)}
    articles = [{"doc_id": f"d{i}", "hash": "h", "chunks": 1, "title": "t", "date": "", "source": "s", "url": ""}
                for i in range(3)]
    record = ChangeRecord(4, articles, ["gone"], vectors, SENTENCES_ADDED)
    store.write_change(1, record)
    assert store.read_change(1, 4) == record
    got = store._meta_collection().get(include=["documents", "metadatas"])
    pages = {i: (json.loads(d), m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
             if i.startswith("change-g1-v4-")}
    assert len(pages) == 4 and all(m["pages"] == 4 for _, m in pages.values())  # one article page, 3 of vectors
    assert max(len(json.loads(m.get("vectors", "{}"))) for _, m in pages.values()) == 1000
    # What a replica of the previous release reads: the documents' articles, nothing else needed.
    assert [a for page, _ in pages.values() for a in page["articles"]] == articles


def test_a_replica_rewrites_a_lexical_copy_an_older_release_made(tmp_path: Path, chroma: ChromaServer) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, range(12))
    settings = server_settings(tmp_path, chroma.url)
    bot = with_fake_embedder(Newsbot(settings))
    bot.reindex()
    args = ["--chroma-url", chroma.url, "--data-dir", str(tmp_path / "other"), "--corpus-dir", str(corpus),
            "search", "-"]
    assert run_cli(args, stdin="\n".join(QUERIES)).returncode == 0
    (copy,) = (tmp_path / "other").rglob("replica-*.sqlite")
    with sqlite3.connect(copy) as db:  # as an older release left its copy: stale rows, its own analysis
        db.execute("UPDATE meta SET value = 'lexical-v1' WHERE key = 'lexical_analysis'")
        db.execute("INSERT INTO terms (terms) VALUES ('delete-all')")
        db.execute("INSERT INTO terms (rowid, greek, latin) SELECT id, '', '' FROM chunks")
    again = run_cli(args, stdin="\n".join(QUERIES))
    assert again.returncode == 0, again.stderr
    for result in (json.loads(line) for line in again.stdout.splitlines()):
        assert [(h["chunk_id"], h["score"]) for h in result["hits"]] == hits_of(bot.retriever, result["query"])
