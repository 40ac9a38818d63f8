"""The catalog's newest articles ("What's new?"): dated newest first, then the last indexed."""

from __future__ import annotations

from pathlib import Path

from index.catalog import ArticleEntry, Catalog, NewChunk


def _add(catalog: Catalog, doc: str, date: str, chunks: int = 2) -> None:
    day = int(date.replace("-", "")) if date else None
    catalog.apply([ArticleEntry(doc, f"hash-{doc}-{date}", chunks, f"Title {doc}", date, "outlet", "")],
                  [NewChunk(f"{doc}:{k}", doc, day, f"Sentence {k} of {doc}. More of {doc}.") for k in range(chunks)],
                  [])


def test_dated_articles_come_newest_first_then_the_last_indexed(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    for doc, date in [("old", "2023-01-05"), ("undated-a", ""), ("new", "2024-05-20"), ("undated-b", ""),
                      ("mid", "2023-09-01")]:
        _add(catalog, doc, date)
    with catalog.snapshot() as snap:
        newest = snap.newest_articles(10)
        assert [r.doc_id for r in newest] == ["new", "mid", "old", "undated-b", "undated-a"]
        assert [r.chunk_id for r in newest][:1] == ["new:0"]  # each article by its opening chunk
        assert [r.doc_id for r in snap.newest_articles(2)] == ["new", "mid"]
        assert [r.doc_id for r in snap.newest_articles(5, (20230101, 20231231))] == ["mid", "old"]
        assert snap.newest_articles(5, (20190101, 20191231)) == []
    _add(catalog, "undated-a", "", chunks=3)  # updated: indexed again, so now the last indexed
    with catalog.snapshot() as snap:
        assert [r.doc_id for r in snap.newest_articles(5)][3:] == ["undated-a", "undated-b"]
    catalog.close()
