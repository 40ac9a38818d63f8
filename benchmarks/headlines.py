"""What "What's new?" costs the catalog: the newest articles at a given number of chunks.

Builds a real ``index.catalog.Catalog`` with synthetic articles (six chunks each, one in ten
undated) and times ``Snapshot.newest_articles`` against the single GROUP BY over every chunk it
replaced, both in this process, so the ratio holds on a noisy machine. BENCHMARKS.md, "Fifteenth
session", has the figures.

    .venv/bin/python benchmarks/headlines.py --chunks 1000000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date as Date
from datetime import timedelta
from pathlib import Path

from index.catalog import ArticleEntry, Catalog, NewChunk

CHUNKS_PER_ARTICLE = 6
BATCH = 5000  # articles per catalog transaction
FIRST_DAY = Date(2020, 1, 1)
GROUP_BY = (
    "SELECT doc_id, MIN(id), MAX(id) AS last_id, MAX(day) AS day FROM chunks GROUP BY doc_id "
    "ORDER BY day IS NULL, day DESC, last_id DESC LIMIT ?"
)


def build(catalog: Catalog, articles: int) -> None:
    for start in range(0, articles, BATCH):
        entries, chunks = [], []
        for n in range(start, min(start + BATCH, articles)):
            published = None if n % 10 == 0 else FIRST_DAY + timedelta(days=n * 7919 % 2500)
            day = None if published is None else int(published.strftime("%Y%m%d"))
            date = "" if published is None else published.isoformat()
            doc = f"doc{n}"
            entries.append(ArticleEntry(doc, f"h{n}", CHUNKS_PER_ARTICLE, f"Title {n}", date, "bench", ""))
            chunks += [NewChunk(f"{doc}:{k}", doc, day, f"Chunk {k} of article {n}. Words {n % 97} here.")
                       for k in range(CHUNKS_PER_ARTICLE)]
        catalog.apply(entries, chunks, [])


def timed(action: object, repeats: int = 7) -> float:
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        catalog = Catalog(Path(work) / "catalog.sqlite3")
        began = time.perf_counter()
        build(catalog, args.chunks // CHUNKS_PER_ARTICLE)
        print(f"built {args.chunks} chunks in {time.perf_counter() - began:.1f} s")
        with catalog.snapshot() as snap:
            newest = timed(lambda: snap.newest_articles(5))
            in_period = timed(lambda: snap.newest_articles(5, (20230101, 20230131)))
            group_by = timed(lambda: snap._run(GROUP_BY, (5,)))
        catalog.close()
    print(f"newest_articles: {newest * 1000:.2f} ms; in a month: {in_period * 1000:.2f} ms; "
          f"GROUP BY over every chunk: {group_by * 1000:.1f} ms (x{group_by / newest:.0f})")


if __name__ == "__main__":
    main()
