"""Issue 23 at scale: a Chroma server restarted without its volume comes back empty while a replica
runs. The replica says so within one search (one line naming the server and the repair), a
reindex job rebuilds the server's index from its catalog and the corpus, and the same replica
answers again, citing the seed article, without a restart."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from chroma_server import ChromaServer
from conftest import MISSION_QUESTION as QUESTION
from conftest import SEED_ID, seed_corpus
from fakes import CountingEmbedder

from bot.app import Newsbot
from index.catalog import Catalog
from index.errors import IndexDamagedError
from index.integrity import integrity_report
from index.settings import Settings


def server_settings(tmp_path: Path, url: str, name: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        NEWSBOT_DATA_DIR=str(tmp_path / name), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"),
        NEWSBOT_CHROMA_URL=url, NEWSBOT_MIN_RELEVANCE="0.0", NEWSBOT_MIN_RELEVANCE_GREEK="0.0",
    )


def sentence_rows(path: Path) -> dict[int, tuple[int, bytes]]:
    with closing(sqlite3.connect(path)) as db:
        return {int(k): (int(r), bytes(v)) for k, r, v in db.execute("SELECT key, refs, vector FROM sentence_vectors")}


def fake_bot(settings: Settings) -> tuple[Newsbot, CountingEmbedder]:
    bot = Newsbot(settings)
    embedder = CountingEmbedder()
    bot.__dict__["embedder"] = embedder  # no model is loaded
    return bot, embedder


def test_a_replica_of_an_emptied_chroma_server_says_so_and_recovers_after_a_reindex(tmp_path: Path) -> None:
    seed_corpus(tmp_path / "corpus")
    server = ChromaServer(tmp_path / "volume-1" / "db").start()
    try:
        job, _ = fake_bot(server_settings(tmp_path, server.url, "job"))
        assert job.reindex().added == 13
        replica, replica_embedder = fake_bot(server_settings(tmp_path, server.url, "replica"))
        replica.retriever._recheck_seconds = 0.0  # follow the server at every search
        before = replica.answerer(QUESTION)
        assert any(c.doc_id == SEED_ID for c in before.citations)
        assert replica_embedder.passages_embedded == 0  # sentence vectors came with the change records
        hits = [(h.chunk_id, h.score) for h in replica.retriever.search(QUESTION, 5)]
        sleeper, _ = fake_bot(server_settings(tmp_path, server.url, "sleeper"))  # searches before and after only
        sleeper.retriever._recheck_seconds = 0.0
        assert [(h.chunk_id, h.score) for h in sleeper.retriever.search(QUESTION, 5)] == hits

        # The server restarts on the same port without its volume: it comes back empty.
        server.stop()
        server = ChromaServer(tmp_path / "volume-2" / "db", port=server.port).start()

        with pytest.raises(IndexDamagedError) as info:  # within one search
            replica.retriever.search(QUESTION, 5)
        line = str(info.value)
        assert "\n" not in line and server.url in line
        assert "restarted without its data" in line and line.endswith("run `newsbot reindex`")
        report = integrity_report(replica.store)
        assert not report.ok and "restarted without its data" in report.problems[0]

        # Meanwhile one article leaves the corpus. The job's reindex rebuilds the server from its
        # catalog's manifest and the corpus: the other 12 articles' vectors are embedded again.
        news = tmp_path / "corpus" / "news.jsonl"
        lines = news.read_text(encoding="utf-8").splitlines()
        gone = json.loads(lines[-1])["id"]
        news.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
        job, embedder = fake_bot(server_settings(tmp_path, server.url, "job"))
        summary = job.reindex()
        assert (summary.restored, summary.removed, summary.added, summary.unchanged) == (12, 1, 0, 0)
        assert embedder.passages_embedded == summary.embedded == summary.chunks
        assert "restored 12 (lost from the index)" in summary.describe()

        # The same replica, no restart: the seed cited, the removed article gone.
        again = replica.answerer(QUESTION)
        assert any(c.doc_id == SEED_ID for c in again.citations)
        assert integrity_report(replica.store).ok
        # A replica that slept through the outage holds a catalog of the old build, at the same
        # version number the rebuilt server counts from: it replays the new build's records anyway.
        after = sleeper.retriever.search(QUESTION, 50)
        assert after and gone not in {h.doc_id for h in after}
        sleeper_catalog = Catalog(sleeper.store.catalog_path(1))
        assert gone not in sleeper_catalog.manifest() and len(sleeper_catalog.manifest()) == 12
        assert sleeper.retriever.version == replica.retriever.version == 1
        # The new epoch's records brought the sentence vectors too: the same rows as the job's.
        assert replica_embedder.passages_embedded == 0 and sleeper_catalog.has_sentence_vectors()
        assert sentence_rows(sleeper_catalog.path) == sentence_rows(job.store.catalog_path(1)) \
            == sentence_rows(replica.store.catalog_path(1))
        assert sentence_rows(job.store.catalog_path(1))
    finally:
        server.stop()
