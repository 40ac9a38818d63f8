"""A three-article corpus indexed with the counting embedder and a real (embedded) Chroma, for the
followers' tests: a topic's article scores about 0.5-0.7 with the fake embedder, the others below 0.45."""

from __future__ import annotations

import json
from pathlib import Path

from fakes import CountingEmbedder

from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore

FAKE_THRESHOLD = 0.48  # between the fake embedder's scores of a topic's article and of the others

ARTICLES = [
    {"id": "port", "title": "Επέκταση στο λιμάνι του Βόλου", "date": "2026-03-02", "source": "ertnews.gr",
     "url": "https://www.ertnews.gr/volos-port?a=1&b=2",
     "text": "Το υπουργείο ενέκρινε την επέκταση του λιμανιού του Βόλου. Οι εργασίες στο λιμάνι ξεκινούν τον "
             "Μάιο. Οι κάτοικοι της πόλης ζητούν λιγότερη κίνηση φορτηγών."},
    {"id": "snow", "title": "Χιόνια στη Φλώρινα", "date": "2026-03-01", "source": "kathimerini.gr", "url": "",
     "text": "Πυκνό χιόνι έπεσε στη Φλώρινα το βράδυ. Τα σχολεία έμειναν κλειστά. Οι δρόμοι προς τα χωριά "
             "καθαρίστηκαν."},
    {"id": "vote", "title": "Election results in Portugal", "date": "2026-03-01", "source": "reuters", "url": "",
     "text": "The Socialist party won the election in Portugal. Turnout was low across the country."},
]


def indexed_corpus(root: Path) -> Settings:
    """Write and index the corpus under ``root``; the settings that point at it."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES]
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=str(root / "data"),  # type: ignore[call-arg]
                        NEWSBOT_CORPUS_DIR=str(corpus))
    reindex(settings, CountingEmbedder())
    return settings


def fake_retriever(settings: Settings) -> Retriever:
    return Retriever(VectorStore(settings.index_dir), CountingEmbedder(), lexical_weight=0.1,
                     lexical_weight_latin_query=0.05, recheck_seconds=0)
