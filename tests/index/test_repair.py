"""Issue 23: each kind of damage to the index is named in one line with the command that repairs
it, and that one command (`newsbot reindex`) repairs it: the mission question is answered again,
citing the seed article. With the vectors intact nothing is embedded again; with some missing,
only those are (counted). Damaged files are moved aside, never deleted."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MISSION_QUESTION, SEED_ID, seed_corpus
from fakes import CountingEmbedder
from scale_helpers import FAKE_CLI, cli_env, run_cli, write_corpus

from bot.app import Newsbot
from index.catalog import Catalog
from index.embedding import Embedder
from index.errors import IndexDamagedError
from index.integrity import integrity_report
from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.sqlite_safety import header_problem, open_checked, set_aside, sqlite_problem
from index.store import VectorStore

QUESTION = MISSION_QUESTION
LENIENT = {"NEWSBOT_MIN_RELEVANCE": "0.0", "NEWSBOT_MIN_RELEVANCE_GREEK": "0.0"}


def make_settings(tmp_path: Path, **extra: str) -> Settings:
    values = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_CORPUS_DIR": str(tmp_path / "corpus"),
              **LENIENT, **extra}
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def indexed(tmp_path: Path) -> Settings:
    """The seed corpus indexed with the counting embedder (the fake CLI's embedder gives the same vectors)."""
    settings = make_settings(tmp_path)
    seed_corpus(settings.corpus_dir)
    reindex(settings, CountingEmbedder(), VectorStore(settings.index_dir, None, settings.collection))
    return settings


def truncate(path: Path) -> None:
    """A disk fault: the file loses its second half."""
    os.truncate(path, path.stat().st_size // 2)


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    # kind: (how the index folder is damaged, what the one-line message names)
    "catalog truncated": (lambda index: truncate(index / "catalog-g1.sqlite"),
                          "the index catalog {index}/catalog-g1.sqlite is damaged"),
    "CURRENT.json overwritten": (lambda index: (index / "CURRENT.json").write_text("\x00garbage {", "utf-8"),
                                 "the index pointer {index}/CURRENT.json is damaged"),
    "Chroma's SQLite truncated": (lambda index: truncate(index / "chroma" / "chroma.sqlite3"),
                                  "Chroma's database in {index} is damaged"),
    "Chroma's folder deleted": (lambda index: shutil.rmtree(index / "chroma"),
                                "the Chroma collection news-g1 is missing at {index}"),
}


REPAIR_SUMMARIES = {
    "catalog truncated": "added 0, updated 0, removed 0, unchanged 0, restored 13 (lost from the index); "
                         "25 chunks (0 embedded)",
    "CURRENT.json overwritten": "added 0, updated 0, removed 0, unchanged 13; 25 chunks (0 embedded)",
    "Chroma's SQLite truncated": "unchanged 0, restored 13 (lost from the index); 25 chunks (25 embedded)",
    "Chroma's folder deleted": "unchanged 0, restored 13 (lost from the index); 25 chunks (25 embedded)",
}


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["--data-dir", str(settings.data_dir), "--corpus-dir", str(settings.corpus_dir), *args],
                   env=cli_env(**LENIENT))


@pytest.mark.parametrize("kind", list(DAMAGES))
def test_each_damage_is_named_and_the_command_it_names_repairs_it(indexed: Settings, kind: str) -> None:
    damage, named = DAMAGES[kind]
    index = indexed.index_dir
    damage(index)

    broken = cli(indexed, "ask", QUESTION)
    assert broken.returncode == 2, broken.stdout
    lines = broken.stderr.strip().splitlines()
    assert len(lines) == 1, broken.stderr  # one line: what is wrong, what it affects, the repair
    assert named.format(index=index) in lines[0]
    assert "no question can be answered" in lines[0]
    command = re.findall(r"run `([^`]+)`", lines[0])
    assert command == ["newsbot reindex"]

    check = cli(indexed, "check")
    assert check.returncode == 1 and "PROBLEM: " in check.stdout, check.stdout

    repaired = cli(indexed, *command[0].split()[1:])  # the one command the message names
    assert repaired.returncode == 0, repaired.stderr
    if kind != "Chroma's folder deleted":  # a damaged file is moved aside, named, and kept
        aside = [p for p in index.rglob("*.damaged-*") if p.name.split(".damaged-")[0] in
                 {"catalog-g1.sqlite", "CURRENT.json", "chroma"} and not p.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1 and aside[0].name in repaired.stdout, repaired.stdout
    assert "repaired: " in repaired.stdout
    # Never "unchanged" over what was lost; vectors Chroma still holds are found by id, not embedded again.
    assert REPAIR_SUMMARIES[kind] in repaired.stdout, repaired.stdout

    answer = cli(indexed, "ask", "--json", QUESTION)
    assert answer.returncode == 0, answer.stderr
    result = json.loads(answer.stdout)
    assert not result["abstained"] and any(c["doc_id"] == SEED_ID for c in result["citations"])
    assert "Ναμρούς" in result["answer"]
    healthy = cli(indexed, "check")
    assert healthy.returncode == 0 and "OK: " in healthy.stdout, healthy.stdout


def _embedded_by_repair(settings: Settings) -> tuple[int, str]:
    embedder = CountingEmbedder()
    summary = reindex(settings, embedder, VectorStore(settings.index_dir, None, settings.collection))
    # Sentence vectors live in the catalog (index/sentence_vectors.py): a lost catalog's are embedded again.
    assert summary.embedded + summary.sentences == embedder.passages_embedded
    return summary.embedded, summary.describe()


def test_with_the_vectors_intact_a_lost_catalog_or_pointer_embeds_nothing(indexed: Settings) -> None:
    truncate(indexed.index_dir / "catalog-g1.sqlite")
    assert _embedded_by_repair(indexed)[0] == 0  # the vectors are found by id and reused
    (indexed.index_dir / "CURRENT.json").write_text("[]", encoding="utf-8")
    embedded, described = _embedded_by_repair(indexed)
    assert embedded == 0 and "unchanged 13" in described and "repaired: the index pointer" in described
    assert integrity_report(VectorStore(indexed.index_dir)).ok


def test_with_pointer_and_catalog_both_lost_the_vectors_left_are_reused(indexed: Settings) -> None:
    """The collection keeps its recipe (model, chunking) in its metadata: it says what its vectors
    were made with when nothing else does."""
    for path in indexed.index_dir.glob("catalog-g1.sqlite*"):
        path.unlink()
    (indexed.index_dir / "CURRENT.json").unlink()
    embedded, described = _embedded_by_repair(indexed)
    assert embedded == 0 and "25 chunks (0 embedded)" in described
    store = VectorStore(indexed.index_dir, None, indexed.collection)
    assert store.generations() == [1] and integrity_report(store).ok
    assert "'fake-trigram', 200, 1" in str(store.generation_recipe(1))  # model, chunk tokens, overlap


def test_with_the_catalog_intact_only_chunks_without_a_vector_are_embedded(indexed: Settings) -> None:
    store = VectorStore(indexed.index_dir, None, indexed.collection)
    catalog = Catalog(store.catalog_path(1))
    visible = catalog.visible_chunks()
    lost = sorted(visible)[::4]  # a quarter of the vectors go missing
    store.delete(1, lost)
    report = integrity_report(VectorStore(indexed.index_dir))
    assert not report.ok and any(f"{len(lost)} of {len(visible)} visible chunks have no vector" in p
                                 for p in report.problems)

    embedder = CountingEmbedder()
    summary = reindex(indexed, embedder, VectorStore(indexed.index_dir, None, indexed.collection))
    assert embedder.passages_embedded == summary.embedded == len(lost)
    articles = len({visible[c] for c in lost})
    assert summary.restored == articles and summary.unchanged == 13 - articles
    assert f"restored {articles}" in summary.describe()
    assert integrity_report(VectorStore(indexed.index_dir)).ok
    # And the next run has nothing left to do.
    assert _embedded_by_repair(indexed)[0] == 0


def test_a_lexical_index_that_disagrees_with_the_chunks_is_rebuilt(indexed: Settings) -> None:
    path = VectorStore(indexed.index_dir).catalog_path(1)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO terms (terms) VALUES ('delete-all')")
    report = integrity_report(VectorStore(indexed.index_dir))
    assert any("lexical index holds 0 rows" in p for p in report.problems)
    embedded, described = _embedded_by_repair(indexed)
    assert embedded == 0 and "repaired: the lexical index" in described
    assert integrity_report(VectorStore(indexed.index_dir)).ok


def test_a_lexical_index_an_older_analysis_made_is_rebuilt_without_embedding(indexed: Settings) -> None:
    path = VectorStore(indexed.index_dir).catalog_path(1)
    with sqlite3.connect(path) as db:  # as an older release left it: its own analysis, stale Latin terms
        db.execute("UPDATE meta SET value = 'lexical-v1' WHERE key = 'lexical_analysis'")
        db.execute("INSERT INTO terms (terms) VALUES ('delete-all')")
        db.execute("INSERT INTO terms (rowid, greek, latin) SELECT id, '', '' FROM chunks")
    report = integrity_report(VectorStore(indexed.index_dir))
    assert any("made by an older release's analysis" in p for p in report.problems)
    retriever = Retriever(VectorStore(indexed.index_dir), CountingEmbedder())
    assert not any(hit.lexical for hit in retriever.search("Who is Bayraktaroglu?"))  # the stale rows match nothing
    embedded, described = _embedded_by_repair(indexed)
    assert embedded == 0 and "was made by an older analysis: rebuilt" in described
    assert integrity_report(VectorStore(indexed.index_dir)).ok
    retriever = Retriever(VectorStore(indexed.index_dir), CountingEmbedder())
    found = {hit.doc_id for hit in retriever.search("Who is Bayraktaroglu?") if hit.lexical > 0}
    assert found == {SEED_ID}  # «Μπαϊρακτάρογλου» by its English spelling


def test_a_deleted_catalog_with_the_pointer_intact_is_named_and_rebuilt(indexed: Settings) -> None:
    (indexed.index_dir / "catalog-g1.sqlite").unlink()
    retriever = Retriever(VectorStore(indexed.index_dir), CountingEmbedder())
    with pytest.raises(IndexDamagedError, match=r"catalog-g1.sqlite is missing .*run `newsbot reindex`"):
        retriever.search(QUESTION)
    assert _embedded_by_repair(indexed)[0] == 0
    assert retriever.search(QUESTION)[0].doc_id == SEED_ID  # the same retriever, no restart


def test_a_whole_index_is_checked_without_opening_chroma_when_nothing_changed(
    indexed: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chroma's own file counts exactly the visible chunks: the reindex trusts it without importing
    chromadb (a reindex with nothing changed stays about a second); any other count asks Chroma."""

    def no_chroma(self: VectorStore) -> object:
        raise AssertionError("a reindex with nothing changed opened Chroma")

    with monkeypatch.context() as patch:
        patch.setattr(VectorStore, "_client", no_chroma)
        summary = reindex(indexed, CountingEmbedder(), VectorStore(indexed.index_dir, None, indexed.collection))
    assert (summary.unchanged, summary.embedded, summary.repairs) == (13, 0, ())
    store = VectorStore(indexed.index_dir, None, indexed.collection)
    assert store.count_without_client(1) == store.count(1) == summary.chunks
    store.delete(1, sorted(Catalog(store.catalog_path(1)).visible_chunks())[:1])
    assert store.count_without_client(1) == summary.chunks - 1  # and then the ids are compared
    assert _embedded_by_repair(indexed)[0] == 1


def test_the_header_check_finds_a_truncated_or_overwritten_file_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 100)
    db.close()
    assert header_problem(path) is None and sqlite_problem(path, thorough=False) is None
    whole = path.read_bytes()
    truncate(path)
    problem = header_problem(path)
    assert problem is not None and "truncated" in problem
    path.write_bytes(b"{}" + whole[2:])
    assert header_problem(path) == "file is not a database (no SQLite header)"
    path.write_bytes(b"")
    assert header_problem(path) is None  # SQLite's own view: an empty file is a new database


# --- kill -9 during the repair itself --------------------------------------------------------

CHUNKING = {"NEWSBOT_CHUNK_TOKENS": "32", "NEWSBOT_ENCODE_BATCH_SIZE": "1"}  # many batches of 64


@pytest.mark.slow
def test_a_repair_killed_with_sigkill_is_finished_by_the_next_run_embedding_only_what_is_missing(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, **CHUNKING)
    write_corpus(settings.corpus_dir, range(40), sentences=8)
    first = reindex(settings, CountingEmbedder(), VectorStore(settings.index_dir, None, settings.collection))
    assert first.chunks > 3 * 64
    shutil.rmtree(settings.index_dir / "chroma")  # the vectors are lost: the repair embeds them all

    log = tmp_path / "embed.log"
    job = subprocess.Popen(
        [sys.executable, str(FAKE_CLI), "--data-dir", str(settings.data_dir),
         "--corpus-dir", str(settings.corpus_dir), "reindex"],
        env=cli_env(FAKE_EMBED_DELAY="0.25", FAKE_EMBED_LOG=str(log), **CHUNKING),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not log.exists() or len(log.read_text().split()) < 2):
            assert job.poll() is None, job.communicate()
            time.sleep(0.05)
        job.kill()  # SIGKILL in the middle of the repair
        job.wait(timeout=10)
    finally:
        if job.poll() is None:
            job.kill()
            job.wait()
    assert job.returncode == -9

    store = VectorStore(settings.index_dir, None, settings.collection)
    stored = store.count(1)
    assert 64 <= stored < first.chunks  # part of the vectors are back, not all
    report = integrity_report(store)
    assert not report.ok and any(f"{first.chunks - stored} of {first.chunks} visible chunks have no vector" in p
                                 for p in report.problems)

    embedder = CountingEmbedder()
    summary = reindex(settings, embedder, VectorStore(settings.index_dir, None, settings.collection))
    assert embedder.passages_embedded == summary.embedded == first.chunks - stored
    assert summary.restored > 0 and summary.chunks == first.chunks
    assert integrity_report(VectorStore(settings.index_dir, None, settings.collection)).ok


# --- the helper other SQLite state uses ------------------------------------------------------


def test_sqlite_safety_moves_a_damaged_file_aside_and_opens_a_fresh_one(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    db.close()
    assert sqlite_problem(path) is None and sqlite_problem(tmp_path / "absent.sqlite") is None
    truncate(path)
    assert sqlite_problem(path) is not None
    damaged = path.read_bytes()

    connection, moved = open_checked(path, "the test state")
    assert moved is not None and moved.moved_to.read_bytes() == damaged  # kept, not deleted
    assert moved.line().startswith(f"the test state {path} was damaged (") and moved.moved_to.name in moved.line()
    connection.execute("CREATE TABLE t (x TEXT)")  # a fresh, empty file
    connection.close()
    again, nothing = open_checked(path, "the test state")
    assert nothing is None and again.execute("SELECT count(*) FROM t").fetchone() == (0,)
    again.close()
    second = set_aside(path)  # names never collide
    assert second != moved.moved_to and second.exists() and not path.exists()


# --- the real model, once --------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_answer_comes_back_after_the_vectors_are_lost_and_reindexed(
    tmp_path: Path, models_dir: Path, real_embedder: Embedder
) -> None:
    corpus = seed_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    (data / "models").mkdir(parents=True)
    os.symlink(models_dir / "multilingual-e5-small", data / "models" / "multilingual-e5-small")
    settings = Settings(NEWSBOT_DATA_DIR=str(data), NEWSBOT_CORPUS_DIR=str(corpus))  # type: ignore[call-arg]
    first = Newsbot(settings)
    first.__dict__["embedder"] = real_embedder
    first.reindex()
    shutil.rmtree(settings.index_dir / "chroma")

    bot = Newsbot(settings)
    bot.__dict__["embedder"] = real_embedder
    with pytest.raises(IndexDamagedError, match=r"news-g1 is missing .*run `newsbot reindex`"):
        bot.answerer(QUESTION)
    summary = bot.reindex()
    assert summary.restored == 13 and summary.embedded == summary.chunks
    answer = bot.answerer(QUESTION)  # the same process and objects
    assert not answer.abstained and any(c.doc_id == SEED_ID for c in answer.citations)
    assert "Ναμρούς" in answer.text


def test_an_immediate_transaction_commits_at_the_end_and_rolls_back_on_an_error(tmp_path: Path) -> None:
    import sqlite3

    from index.sqlite_safety import connect_state, immediate_transaction

    db = connect_state(tmp_path / "state.sqlite", "CREATE TABLE IF NOT EXISTS t (x INTEGER);")
    with immediate_transaction(db):
        db.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(ValueError), immediate_transaction(db):
        db.execute("INSERT INTO t VALUES (2)")
        raise ValueError("half way")
    assert [x for (x,) in db.execute("SELECT x FROM t")] == [1]
    assert not db.in_transaction
    other = sqlite3.connect(tmp_path / "state.sqlite")  # committed: another connection sees it
    assert other.execute("SELECT count(*) FROM t").fetchone() == (1,)
