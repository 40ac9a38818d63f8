"""Faults: a reindex killed with SIGKILL, the Chroma server going away and back, a full or
unwritable disk, and an LLM endpoint that is down, slow or talks garbage. Each must leave the
bot answering from the last complete index, with a clear message, and nothing lost."""

from __future__ import annotations

import errno
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer, free_port
from fakes import CountingEmbedder
from openai_stub import OpenAIStub
from scale_helpers import FAKE_CLI, cli_env, run_cli, write_corpus

from bot.answering.answerer import Answerer, AnswerPolicy
from bot.answering.generative import GenerativeBackend
from bot.app import Newsbot
from index.catalog import Catalog
from index.embedding import LazyEmbedder
from index.errors import StoreError
from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore

QUERIES = ["σεισμός στην Κρήτη", "ελαιόλαδο τιμές παραγωγού", "Βεργίνα ανασκαφή"]
# Small chunks and batches of 64 (encode batch 1 x 4, floored at 64): a reindex takes many batches.
CHUNKING = {"NEWSBOT_CHUNK_TOKENS": "32", "NEWSBOT_ENCODE_BATCH_SIZE": "1"}


def make_settings(tmp_path: Path, **extra: str) -> Settings:
    values = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_CORPUS_DIR": str(tmp_path / "corpus"),
              "NEWSBOT_MIN_RELEVANCE": "0.0", "NEWSBOT_MIN_RELEVANCE_GREEK": "0.0", **CHUNKING, **extra}
    return Settings(**values)  # type: ignore[arg-type]


def results(retriever: Retriever) -> list[list[tuple[str, float]]]:
    return [[(h.chunk_id, h.score) for h in retriever.search(q, 5)] for q in QUERIES]


# --- kill -9 in the middle of a reindex --------------------------------------------------------


@pytest.mark.slow
def test_reindex_killed_with_sigkill_leaves_the_old_index_serving_and_is_finished_later(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path)
    write_corpus(settings.corpus_dir, range(10))
    store = VectorStore(settings.index_dir, None, settings.collection)
    first = reindex(settings, CountingEmbedder(), store)
    first_version = Catalog(store.catalog_path(1)).version
    retriever = Retriever(store, CountingEmbedder(), recheck_seconds=0)
    before = results(retriever)

    write_corpus(settings.corpus_dir, range(10, 90), sentences=8, name="more.jsonl")
    log = tmp_path / "embed.log"
    env = cli_env(FAKE_EMBED_DELAY="0.25", FAKE_EMBED_LOG=str(log), **CHUNKING)
    job = subprocess.Popen(
        [sys.executable, str(FAKE_CLI), "--data-dir", str(settings.data_dir),
         "--corpus-dir", str(settings.corpus_dir), "reindex"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not log.exists() or len(log.read_text().split()) < 2):
            assert job.poll() is None, job.communicate()
            assert results(retriever) == before  # answering all along, from generation 1
            time.sleep(0.05)
        job.kill()  # SIGKILL: no clean-up of any kind
        job.wait(timeout=10)
    finally:
        if job.poll() is None:
            job.kill()
            job.wait()
    assert job.returncode == -9
    batches_done = len(log.read_text().split())
    assert batches_done >= 2

    # Nothing half-written is visible: the catalog's version has not moved, readers see what they saw.
    catalog = Catalog(store.catalog_path(1))
    assert catalog.version == first_version and set(catalog.manifest()) == {f"art-{i}" for i in range(10)}
    assert not list(settings.index_dir.glob(".CURRENT-*"))
    assert results(retriever) == before and retriever.generation == 1
    fresh = Retriever(VectorStore(settings.index_dir, None, settings.collection), CountingEmbedder())
    assert results(fresh) == before and fresh.generation == 1
    store.reopen()
    stored_by_killed_run = store.count(1) - first.chunks  # written beside the visible chunks, not visible
    assert stored_by_killed_run >= 64  # at least the first batch (the log line comes before its write)

    # The next reindex completes in place and embeds only what the killed one did not store.
    embedder = CountingEmbedder()
    summary = reindex(settings, embedder, store)
    assert summary.generation == 1
    assert summary.added == 80
    assert summary.embedded == summary.chunks - first.chunks - stored_by_killed_run
    assert embedder.passages_embedded == summary.embedded + summary.sentences
    assert 0 < summary.embedded < summary.chunks - first.chunks
    assert store.generations() == [1] and store.count(1) == summary.chunks  # nothing stray is left
    retriever.refresh()
    assert retriever.version == catalog.version > first_version
    assert any(h.doc_id == "art-89" for h in retriever.search("Το άρθρο 89 αναφέρεται", 5))


def test_killed_after_the_switch_old_versions_are_deleted_by_the_next_run_without_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed between the switch and the deletion of the old versions: readers already see only the
    new versions, and the next run (nothing changed) deletes the stray vectors without a model."""
    settings = make_settings(tmp_path)
    write_corpus(settings.corpus_dir, range(6))
    store = VectorStore(settings.index_dir, None, settings.collection)
    first = reindex(settings, CountingEmbedder(), store)
    write_corpus(settings.corpus_dir, range(3, 6), sentences=6)  # 0-2 removed, 3-5 changed

    class Killed(BaseException):
        pass

    def killed(self: VectorStore, generation: int, ids: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(VectorStore, "delete", killed)
        with pytest.raises(Killed):
            reindex(settings, CountingEmbedder(), store)
    catalog = Catalog(store.catalog_path(1))
    assert set(catalog.manifest()) == {"art-3", "art-4", "art-5"}
    visible = catalog.counts()[1]
    assert store.count(1) > visible  # the old versions' vectors are still there ...
    retriever = Retriever(store, CountingEmbedder())
    for query in [*QUERIES, "Η παράγραφος 5 του άρθρου 4"]:
        for hit in retriever.search(query, 10):  # ... and never returned
            assert hit.chunk_id in set(catalog.chunk_ids([hit.doc_id]))
            assert hit.doc_id in {"art-3", "art-4", "art-5"}

    def no_model() -> Any:
        raise AssertionError("a reindex with nothing changed loaded the model")

    summary = reindex(settings, LazyEmbedder("fake-trigram", no_model), store)
    assert (summary.added, summary.updated, summary.removed, summary.embedded) == (0, 0, 0, 0)
    assert store.count(1) == visible == summary.chunks and first.chunks > 0


# --- the Chroma server goes away and comes back -----------------------------------------------


def test_chroma_server_down_is_a_clear_error_and_back_is_recovered_without_restart(tmp_path: Path) -> None:
    server = ChromaServer(tmp_path / "server" / "db").start()
    try:
        settings = make_settings(tmp_path, NEWSBOT_CHROMA_URL=server.url)
        write_corpus(settings.corpus_dir, range(12))
        bot = Newsbot(settings)
        bot.__dict__["embedder"] = CountingEmbedder()
        bot.reindex()
        before = results(bot.retriever)
        answer = bot.answerer("σεισμός στην Κρήτη")
        assert answer.citations

        server.stop()
        with pytest.raises(StoreError) as info:
            bot.retriever.search(QUERIES[0], 5)
        message = str(info.value)
        assert server.url in message and "Could not connect to a Chroma server" in message
        assert "\n" not in message
        with pytest.raises(StoreError):
            bot.answerer("σεισμός στην Κρήτη")  # the front ends turn this into a reply (see below)
        down = run_cli(["--chroma-url", server.url, "--data-dir", str(tmp_path / "cli"), "search", "x"])
        assert down.returncode == 2
        assert down.stderr.strip().splitlines() == [
            f"newsbot: cannot open the Chroma index at {server.url}: ValueError: "
            "Could not connect to a Chroma server. Are you sure it is running?"
        ]

        server.start()  # same port, same data
        assert results(bot.retriever) == before  # the same objects, no restart
        again = bot.answerer("σεισμός στην Κρήτη")
        assert (again.text, again.citations) == (answer.text, answer.citations)
    finally:
        server.stop()


# --- disk full, unwritable data dir ---------------------------------------------------------


class _FullDisk:
    """A Chroma collection whose writes fail as on a full disk."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._collection, name)

    def add(self, **_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def upsert(self, **_: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_during_reindex_is_a_clear_error_and_the_previous_index_is_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(tmp_path)
    write_corpus(settings.corpus_dir, range(12))
    store = VectorStore(settings.index_dir, None, settings.collection)
    reindex(settings, CountingEmbedder(), store)
    retriever = Retriever(store, CountingEmbedder(), recheck_seconds=0)
    before = results(retriever)
    pointer = (settings.index_dir / "CURRENT.json").read_bytes()
    catalog = Catalog(store.catalog_path(1))
    manifest = catalog.manifest()

    # Chroma's disk fills up while the new articles' vectors are written: nothing becomes visible.
    write_corpus(settings.corpus_dir, range(12, 20), name="more.jsonl")
    real_collection = VectorStore._collection

    def full_disk(self: VectorStore, generation: int, create: bool = False) -> Any:
        return _FullDisk(real_collection(self, generation, create))

    monkeypatch.setattr(VectorStore, "_collection", full_disk)
    with pytest.raises(StoreError, match=r"cannot write the Chroma index at .*No space left on device"):
        reindex(settings, CountingEmbedder(), store)
    assert (settings.index_dir / "CURRENT.json").read_bytes() == pointer and catalog.manifest() == manifest
    assert results(retriever) == before and retriever.generation == 1

    # The catalog's disk fills up at the switch: the transaction rolls back, readers see the old state.
    monkeypatch.setattr(VectorStore, "_collection", real_collection)
    real_init = Catalog.__init__

    def small_disk(self: Catalog, path: Path) -> None:
        real_init(self, path)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(Catalog, "__init__", small_disk)
    with pytest.raises(StoreError, match=r"cannot write the index catalog .*full"):
        reindex(settings, CountingEmbedder(), store)
    assert catalog.manifest() == manifest and results(retriever) == before

    # The disk fills up just as a new generation's pointer is written (a new chunking): the old
    # pointer stays, no temp file is left, readers stay on generation 1.
    monkeypatch.setattr(Catalog, "__init__", real_init)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    rechunked = make_settings(tmp_path, NEWSBOT_CHUNK_TOKENS="48")
    monkeypatch.setattr("index.store.os.fsync", no_space)
    with pytest.raises(StoreError, match="No space left on device"):
        reindex(rechunked, CountingEmbedder(), store)
    assert (settings.index_dir / "CURRENT.json").read_bytes() == pointer
    assert not list(settings.index_dir.glob(".CURRENT-*"))
    assert results(retriever) == before and retriever.generation == 1

    monkeypatch.undo()  # space again: the next reindex completes what the failed one built
    embedder = CountingEmbedder()
    summary = reindex(rechunked, embedder, store)
    assert summary.generation == 2 and summary.added == 8 and embedder.passages_embedded == 0
    retriever.refresh()
    assert retriever.generation == summary.generation and store.generations() == [1, 2]


@pytest.mark.parametrize("fake", [True, False], ids=["reindex-lock", "real-cli-model-build"])
def test_unwritable_data_dir_is_one_clear_line_and_exit_2(tmp_path: Path, fake: bool) -> None:
    # Tests run as root, whom chmod does not stop: a data dir below a regular file cannot be made.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file, not a folder\n")
    write_corpus(tmp_path / "corpus", range(3))
    done = run_cli(["--data-dir", str(blocker / "data"), "--corpus-dir", str(tmp_path / "corpus"), "reindex"],
                   fake=fake)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsbot: "), done.stderr
    assert str(blocker) in lines[0] and "Not a directory" in lines[0]


# --- the LLM endpoint down, slow or talking garbage -------------------------------------------


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(reply="Ο σεισμός προκάλεσε ζημιές και ανησυχία στους κατοίκους [1].") as server:
        yield server


def generative_answerer(tmp_path: Path, base_url: str) -> Answerer:
    settings = make_settings(tmp_path, NEWSBOT_LLM_BASE_URL=base_url, NEWSBOT_LLM_MODEL="stub",
                             NEWSBOT_LLM_TIMEOUT="0.5")
    write_corpus(settings.corpus_dir, range(12))
    embedder = CountingEmbedder()
    store = VectorStore(settings.index_dir, None, settings.collection)
    reindex(settings, embedder, store)
    retriever = Retriever(store, embedder)
    policy = AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0)
    return Answerer(retriever, embedder, policy, GenerativeBackend(settings))


def test_llm_down_slow_or_garbage_falls_back_to_quotes_with_a_notice(
    tmp_path: Path, stub: OpenAIStub
) -> None:
    question = "Τι έγινε με τον σεισμό στην Κρήτη;"
    answerer = generative_answerer(tmp_path, stub.base_url)
    good = answerer(question)
    assert good.backend == "llm" and good.notice is None and good.citations

    faults: list[tuple[str, dict[str, Any], str]] = [
        ("slow", {"delay": 2.0}, "0.5 s"),
        ("garbage", {"delay": 0.0, "raw_body": b"\x00\xffnot json at all"}, ""),
        ("html", {"raw_body": b"<html>502 Bad Gateway</html>", "raw_content_type": "text/html"}, ""),
        ("http-500", {"raw_body": None, "status": 500}, "HTTP 500"),
    ]
    for name, change, reason in faults:
        for attribute, value in change.items():
            setattr(stub, attribute, value)
        started = time.monotonic()
        fallback = answerer(question)
        assert time.monotonic() - started < 2.0, name
        assert fallback.backend == "extractive" and fallback.citations, name
        assert fallback.notice and "γλωσσικό μοντέλο δεν είναι διαθέσιμο" in fallback.notice, name
        assert reason in fallback.notice, (name, fallback.notice)
        assert all(f"[{c.n}]" in fallback.text for c in fallback.citations), name

    stub.status, stub.raw_body = 200, None  # the endpoint recovers: the same answerer uses it again
    assert answerer(question).backend == "llm"

    down = generative_answerer(tmp_path / "down", f"http://127.0.0.1:{free_port()}/v1")(question)
    assert down.backend == "extractive" and down.citations
    assert down.notice and "refused the connection" in down.notice
