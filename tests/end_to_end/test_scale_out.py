"""Scale-out: a real Chroma server shared by several processes, and readers that follow a reindex.

Most tests use the counting fake embedder (in-process, or in a subprocess through
``fake_cli.py``, which runs the real ``bot.cli.main``); one runs the real ``newsbot`` command
with the bundled model against the server.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chroma_server import ChromaServer
from fakes import CountingEmbedder
from scale_helpers import TOPICS, cli_env, run_cli, write_corpus

from bot.app import Newsbot
from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore

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
