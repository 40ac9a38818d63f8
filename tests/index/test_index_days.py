"""Dates in the index: each chunk's ``day``, the ``days=`` filter inside both stores.

A counting fake embedder and a real embedded Chroma in a temp dir; the articles are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import CountingEmbedder

from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore


def _article(doc_id: str, date: str, title: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": date, "source": "test", "url": "", "text": text}


ARTICLES = [
    _article("flood-2019", "2019-11-04", "Πλημμύρες στη Θεσσαλία", "Πλημμύρες έπληξαν τη Λάρισα. Ο Πηνειός ξεχείλισε."),
    _article("flood-2021", "2021-03-15", "Πλημμύρες στην Κρήτη", "Πλημμύρες έπληξαν τα Χανιά. Δρόμοι έκλεισαν."),
    _article("flood-2021b", "2021-03-31", "Νέες πλημμύρες στην Κρήτη", "Νέες πλημμύρες στα Χανιά. Σχολεία έκλεισαν."),
    _article("flood-undated", "", "Πλημμύρες στην Εύβοια", "Πλημμύρες έπληξαν τη Χαλκίδα. Ο δήμαρχος μίλησε."),
    _article("budget-2021", "2021-03-20", "Προϋπολογισμός", "Η Βουλή ψήφισε τον προϋπολογισμό του κράτους."),
]


def _write(folder: Path, articles: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = "\n".join(json.dumps(a, ensure_ascii=False) for a in articles) + "\n"
    (folder / "news.jsonl").write_text(text, encoding="utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    _write(tmp_path / "corpus", ARTICLES)
    return Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"),
                    NEWSBOT_CHUNK_TOKENS=40)  # type: ignore[call-arg]


def test_days_filter_returns_only_chunks_in_the_range(settings: Settings) -> None:
    embedder = CountingEmbedder()
    reindex(settings, embedder)
    retriever = Retriever(VectorStore(settings.index_dir), embedder)
    everything = retriever.search("πλημμύρες", 10)
    assert {h.doc_id for h in everything} >= {"flood-2019", "flood-2021", "flood-undated"}
    assert next(h for h in everything if h.doc_id == "flood-undated").day is None

    march = retriever.search("πλημμύρες", 10, days=(20210301, 20210331))
    # inclusive bounds; the undated flood article is never claimed to lie in the period
    assert {h.doc_id for h in march} == {"flood-2021", "flood-2021b", "budget-2021"}
    assert all(h.day is not None and 20210301 <= h.day <= 20210331 for h in march)
    assert march[0].doc_id.startswith("flood-2021")

    one_day = retriever.search("πλημμύρες", 10, days=(20191104, 20191104))
    assert {h.doc_id for h in one_day} == {"flood-2019"}
    assert retriever.search("πλημμύρες", 10, days=(20220101, 20221231)) == []
