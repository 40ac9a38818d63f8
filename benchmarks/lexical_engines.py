"""The lexical engine, measured: SQLite FTS5 (the index's) against the in-memory BM25 it replaced.

    python benchmarks/lexical_engines.py .newsbot/bench-scale/hash-10000/data/index/catalog-g1.sqlite

Reads the chunk texts of a catalog built by benchmarks/scale.py and, for each engine, measures
the time to build it from the texts, what a process pays to start serving (FTS5: open a file;
in memory: build), the time to update one article (FTS5: its rows; in memory: a rebuild),
query p50 / p95 (top 40 over the Greek questions of ../shared/eval/xquad-el), the memory the
engine adds to the process, and FTS5's disk. Both use the same analysis (index/lexical.py).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from index.catalog import ArticleEntry, Catalog, NewChunk  # noqa: E402
from index.lexical import BM25Index  # noqa: E402

QUESTIONS = REPO.parent / "shared" / "eval" / "xquad-el" / "questions.jsonl"


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    source = Catalog(Path(sys.argv[1]))
    with source.snapshot() as snap:
        rows = snap._run("SELECT c.doc_id, c.chunk_id, c.day, c.text FROM chunks c ORDER BY c.doc_id, c.id")
    texts = [r[3] for r in rows]
    questions = [json.loads(line)["question"] for line in QUESTIONS.open(encoding="utf-8")
                 if '"lang": "el"' in line][:200]
    results: dict[str, dict[str, float]] = {}

    before = _rss_mb()
    started = time.perf_counter()
    memory = BM25Index.build(texts)
    build = time.perf_counter() - started
    added = _rss_mb() - before
    timings = []
    for question in questions:
        t0 = time.perf_counter()
        scores = memory.scores(question)
        np.argsort(-scores)[:40]
        timings.append((time.perf_counter() - t0) * 1000)
    p50, p95 = _percentiles(timings)
    results["in-memory BM25 (before)"] = {"build_s": build, "start_s": build, "update_one_s": build,
                                          "p50_ms": p50, "p95_ms": p95, "memory_mb": added, "disk_mb": 0.0}
    del memory

    with tempfile.TemporaryDirectory() as tmp:
        fts = Catalog(Path(tmp) / "fts.sqlite")
        entries: dict[str, ArticleEntry] = {}
        chunks = []
        for doc_id, chunk_id, day, text in rows:
            entries.setdefault(doc_id, ArticleEntry(doc_id, "h", 0, "", "", "", ""))
            chunks.append(NewChunk(chunk_id, doc_id, day, text))
        started = time.perf_counter()
        fts.apply(list(entries.values()), chunks, [])
        build = time.perf_counter() - started
        fts.close()
        path = Path(tmp) / "fts.sqlite"
        before = _rss_mb()
        started = time.perf_counter()
        fts = Catalog(path)
        start = time.perf_counter() - started
        timings = []
        with fts.snapshot() as snap:
            snap.lexical(questions[0], 40)
        for question in questions:
            t0 = time.perf_counter()
            with fts.snapshot() as snap:
                snap.lexical(question, 40)
            timings.append((time.perf_counter() - t0) * 1000)
        p50, p95 = _percentiles(timings)
        one_doc = rows[len(rows) // 2][0]
        one = [NewChunk(c.chunk_id + "-v2", c.doc_id, c.day, c.text + " ενημέρωση") for c in chunks
               if c.doc_id == one_doc]
        started = time.perf_counter()
        fts.apply([ArticleEntry(one_doc, "h2", len(one), "", "", "", "")], one, [])
        update = time.perf_counter() - started
        added = _rss_mb() - before
        disk = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        results["SQLite FTS5 (now)"] = {"build_s": build, "start_s": start, "update_one_s": update,
                                        "p50_ms": p50, "p95_ms": p95, "memory_mb": added, "disk_mb": disk}
    print(f"{len(texts)} chunks")
    print("| engine | build | start serving | update one article | query p50 / p95 | memory added | disk |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['build_s']:.1f} s | {r['start_s']:.3f} s | {r['update_one_s']:.3f} s "
              f"| {r['p50_ms']:.1f} / {r['p95_ms']:.1f} ms | {r['memory_mb']:.0f} MB | {r['disk_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
