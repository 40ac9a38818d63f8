"""Helpers for the intake tests and benchmark: settings pointed at a local news site, an index with the
counting embedder."""

from __future__ import annotations

from pathlib import Path

from fakes import CountingEmbedder

from index.catalog import Catalog
from index.reindex import Summary, reindex
from index.settings import Settings
from index.store import VectorStore


def make_settings(tmp_path: Path, sources: list[tuple[str, str]], **overrides: object) -> Settings:
    """Settings for a fetch into tmp_path with ``sources`` (name, url) in its feeds file."""
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("".join(f'[[source]]\nname = "{name}"\nurl = "{url}"\n\n' for name, url in sources),
                     encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    values: dict[str, object] = {
        "NEWSBOT_FEEDS": feeds, "NEWSBOT_CORPUS_DIR": corpus, "NEWSBOT_DATA_DIR": tmp_path / "data",
        "NEWSBOT_FETCH_ALLOW_PRIVATE": True, "NEWSBOT_FETCH_HOST_GAP": 0, "NEWSBOT_FETCH_BACKOFF": 0,
        "NEWSBOT_FETCH_TIMEOUT": 2,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


class CountingIndex:
    """The real reindex with the counting embedder; remembers how often it ran."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.embedder = CountingEmbedder()
        self.runs = 0

    def __call__(self) -> Summary:
        self.runs += 1
        return reindex(self.settings, self.embedder)

    def documents(self) -> dict[str, str]:
        """doc_id -> content hash of every article the index serves."""
        store = VectorStore(self.settings.index_dir, None, self.settings.collection)
        pointer = store.read_pointer()
        assert pointer is not None, "no index was built"
        catalog = Catalog(store.catalog_path(pointer.generation))
        try:
            return catalog.manifest()
        finally:
            catalog.close()
