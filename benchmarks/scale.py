"""How the index scales: synthetic Greek corpora, a cheap hashing embedder, the project's own reindex.

    python benchmarks/scale.py --sizes 10000,100000        # `make bench-scale`
    python benchmarks/scale.py --sizes 1000 --real-model   # the bundled model (encoding included)

For each size (in chunks) it writes a corpus of articles made of sentences of ../shared/eval
(news and XQuAD-el paragraphs, shuffled with a fixed seed, dated over two years), then measures,
each step in a fresh process: a full reindex; a reindex with nothing changed; a reindex that
adds one article; a replica's cold start (process start to the first search's answer) and
search p50 / p95 over Greek questions; peak RSS (VmHWM) of the reindex and of the replica; and
disk per chunk, also less the raw vector (dim x 4 bytes). Results go to a JSON file; with
--markdown the table is printed for BENCHMARKS.md, with --plot a PNG of each figure against size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The shared evaluation data: ../shared beside the checkout (NEWSBOT_BENCH_SHARED elsewhere, e.g. a worktree).
SHARED = Path(os.environ.get("NEWSBOT_BENCH_SHARED") or REPO.parent / "shared") / "eval"
WORK = REPO / ".newsbot" / "bench-scale"
_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Word-hash vectors: costs next to nothing, so the index's own costs show (not the model's)."""

    def __init__(self, dim: int = 384) -> None:
        self.dim = dim

    @property
    def name(self) -> str:
        return f"hashing-{self.dim}"

    @property
    def max_tokens(self) -> int:
        return 512

    def count_tokens(self, text: str) -> int:
        # About what the e5 tokenizer gives for Greek news (1.6 tokens a word), plus the prompt.
        return int(len(text.split()) * 1.6) + 4

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed_passages(texts)


# --- the synthetic corpus ----------------------------------------------------------------------


def _sentences() -> list[str]:
    from index.text import split_sentences

    found: list[str] = []
    for name in ("news/corpus.jsonl", "xquad-el/corpus.jsonl"):
        with (SHARED / name).open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    found.extend(s for s in split_sentences(json.loads(line)["text"]) if len(s) > 30)
    return found


def _questions(limit: int) -> list[str]:
    with (SHARED / "xquad-el" / "questions.jsonl").open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r["question"] for r in records if r["lang"] == "el"][:limit]


def _article(rng: random.Random, sentences: list[str], number: int) -> dict[str, Any]:
    body = rng.sample(sentences, rng.randint(6, 14))
    day = 20250101 + number % 700  # a rough spread of dates; only the day field's presence matters here
    date = f"{day // 10000:04d}-{(day // 100) % 100 % 12 + 1:02d}-{day % 100 % 28 + 1:02d}"
    return {"id": f"syn-{number}", "title": body[0][:70], "date": date, "source": "synthetic",
            "url": f"https://example.org/{number}", "text": " ".join(body)}


def write_corpus(folder: Path, chunks: int, seed: int = 11) -> int:
    """Articles until about ``chunks`` chunks (estimated from the chunker on a sample); returns articles."""
    from index.chunking import chunk_article
    from index.corpus import Article

    sentences = _sentences()
    rng = random.Random(seed)
    embedder = HashingEmbedder()
    sample = [_article(random.Random(i), sentences, i) for i in range(200)]
    per_article = statistics.mean(
        len(chunk_article(Article(a["id"], a["title"], a["date"], a["source"], a["url"], "el", a["text"], ""),
                          embedder.count_tokens, 200, 1))
        for a in sample
    )
    articles = max(1, round(chunks / per_article))
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "news.jsonl").open("w", encoding="utf-8") as handle:
        for number in range(articles):
            handle.write(json.dumps(_article(rng, sentences, number), ensure_ascii=False) + "\n")
    return articles


# --- one measurement in a child process --------------------------------------------------------


def _peak_rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _settings(work: Path) -> Any:
    from index.settings import Settings

    return Settings(_env_file=None, NEWSBOT_DATA_DIR=work / "data", NEWSBOT_CORPUS_DIR=work / "corpus")  # type: ignore[call-arg]


def _embedder(args: argparse.Namespace, work: Path) -> Any:
    if not args.real_model:
        return HashingEmbedder(args.dim)
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, REPO / ".newsbot" / "models")


def child(args: argparse.Namespace) -> dict[str, Any]:
    started = float(os.environ["SCALE_T0"])  # when the parent started this process: imports count
    work = Path(args.work)
    if args.child == "reindex":
        from index.reindex import reindex

        embedder = _embedder(args, work)
        loaded = time.perf_counter()
        summary = reindex(_settings(work), embedder)
        return {"seconds": time.perf_counter() - loaded, "wall": time.time() - started, "chunks": summary.chunks,
                "embedded": summary.embedded, "rss_mb": _peak_rss_mb()}
    from index.retrieval import Retriever
    from index.store import VectorStore

    settings = _settings(work)
    embedder = _embedder(args, work)
    retriever = Retriever(VectorStore(settings.index_dir), embedder, lexical_weight=settings.lexical_weight,
                          lexical_weight_latin_query=settings.lexical_weight_latin)
    questions = _questions(args.queries)
    retriever.search(questions[0], 6)
    cold = time.time() - started
    timings = []
    for question in questions:
        t0 = time.perf_counter()
        retriever.search(question, 6)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    return {"cold_start": cold, "p50_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95) - 1], "rss_mb": _peak_rss_mb()}


def run_child(args: argparse.Namespace, step: str, work: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", step, "--work", str(work), "--dim", str(args.dim),
               "--queries", str(args.queries)] + (["--real-model"] if args.real_model else [])
    env = {**os.environ, "SCALE_T0": repr(time.time()), "PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(args: argparse.Namespace, size: int) -> dict[str, Any]:
    work = WORK / f"{'real' if args.real_model else 'hash'}-{size}"
    if args.again:  # the built index again: the update and serving steps only (after a code change)
        previous = {(r["size"], r["embedder"]): r for r in json.loads(Path(args.out).read_text())}
        full = previous[(size, "bundled e5-small" if args.real_model else f"hashing {args.dim}-d")]
        articles = full["articles"]
        full = {"seconds": full["full_reindex_s"], "rss_mb": full["full_reindex_rss_mb"]}
        run_child(args, "reindex", work)  # settles whatever the previous run left
    else:
        shutil.rmtree(work, ignore_errors=True)
        articles = write_corpus(work / "corpus", size)
        if args.real_model:
            (work / "data").mkdir(parents=True)
            (REPO / ".newsbot" / "models").mkdir(parents=True, exist_ok=True)
        full = run_child(args, "reindex", work)
    same = run_child(args, "reindex", work)
    extra = _article(random.Random(time.time_ns()), _sentences(), 10_000_000 + time.time_ns() % 1_000_000)
    with (work / "corpus" / "extra.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(extra, ensure_ascii=False) + "\n")
    one = run_child(args, "reindex", work)
    serve = run_child(args, "serve", work)
    disk = _disk_bytes(work / "data" / "index")
    chunks = one["chunks"]
    result = {
        "size": size, "articles": articles, "chunks": chunks, "embedder": "bundled e5-small" if args.real_model
        else f"hashing {args.dim}-d",
        "full_reindex_s": full["seconds"], "full_reindex_rss_mb": full["rss_mb"],
        "nothing_changed_s": same["seconds"], "nothing_changed_wall_s": same["wall"],
        "add_one_article_s": one["seconds"], "add_one_embedded": one["embedded"],
        "cold_start_s": serve["cold_start"], "search_p50_ms": serve["p50_ms"], "search_p95_ms": serve["p95_ms"],
        "replica_rss_mb": serve["rss_mb"], "disk_mb": disk / 1e6, "disk_per_chunk_kb": disk / chunks / 1000,
        "disk_per_chunk_beyond_vector_kb": (disk - chunks * args.dim * 4) / chunks / 1000,
    }
    print(json.dumps(result), flush=True)
    return result


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| chunks | embedder | full reindex | add one article | nothing changed (in-process / process) "
        "| replica cold start | search p50 / p95 | RSS replica / reindex | disk (per chunk, beyond the vector) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['chunks']:,} | {r['embedder']} | {r['full_reindex_s']:.1f} s | {r['add_one_article_s']:.2f} s "
            f"| {r['nothing_changed_s']:.2f} / {r['nothing_changed_wall_s']:.2f} s | {r['cold_start_s']:.2f} s "
            f"| {r['search_p50_ms']:.0f} / {r['search_p95_ms']:.0f} ms "
            f"| {r['replica_rss_mb']:.0f} / {r['full_reindex_rss_mb']:.0f} MB "
            f"| {r['disk_mb']:.0f} MB ({r['disk_per_chunk_kb']:.2f} KB, "
            f"{r['disk_per_chunk_beyond_vector_kb']:.2f} KB) |"
        )
    return "\n".join(lines)


# The figures for the index before (2 cores, hashing embedder): chunks -> value.
BASELINE = {
    "full_reindex_s": {3400: 4.9, 33000: 56, 132000: 242},
    "add_one_article_s": {33000: 47},
    "nothing_changed_s": {3400: 0.26, 33000: 2.8, 132000: 14.5},
    "cold_start_s": {3400: 2.3, 33000: 23, 132000: 105},
    "search_p50_ms": {3400: 4, 33000: 11, 132000: 39},
    "search_p95_ms": {3400: 5, 33000: 17, 132000: 82},
    "replica_rss_mb": {3400: 219, 33000: 741, 132000: 1900},
    "disk_per_chunk_kb": {3400: 38e3 / 3400, 33000: 731e3 / 33000, 132000: 1450e3 / 132000},
}


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = [("full_reindex_s", "full reindex (s)"), ("add_one_article_s", "add one article (s)"),
               ("nothing_changed_s", "nothing changed (s)"), ("cold_start_s", "replica cold start (s)"),
               ("search_p50_ms", "search p50 (ms)"), ("search_p95_ms", "search p95 (ms)"),
               ("replica_rss_mb", "replica RSS (MB)"), ("disk_per_chunk_kb", "disk per chunk (KB)")]
    fig, axes = plt.subplots(2, 4, figsize=(14, 6.5))
    chunks = [r["chunks"] for r in results]
    for ax, (key, label) in zip(axes.flat, figures, strict=True):
        ax.plot(chunks, [r[key] for r in results], marker="o", label="in place + FTS5 (now)")
        before = BASELINE.get(key, {})
        if before:
            ax.plot(list(before), list(before.values()), marker="s", linestyle="--", label="before (issue 11)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("chunks")
        ax.set_title(label, fontsize=10)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("Index scale, hashing embedder, 2 shared cores (load 7-11 during 'now')", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=80)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="corpus sizes in chunks, comma-separated")
    parser.add_argument("--dim", type=int, default=384, help="hashing embedder dimension (e5-small's is 384)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--real-model", action="store_true", help="the bundled model instead of the hashing one")
    parser.add_argument("--again", action="store_true",
                        help="reuse the built indexes: measure the update, no-op and serving steps again")
    parser.add_argument("--out", default=str(WORK / "results.json"))
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--plot", help="write a PNG of each figure against the number of chunks")
    parser.add_argument("--report", action="store_true", help="measure nothing: table and plot of the saved results")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    if args.real_model:
        args.dim = 384
    results = [] if args.report else [measure(args, int(size)) for size in args.sizes.split(",")]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else []
    keep = [r for r in previous if (r["size"], r["embedder"]) not in {(x["size"], x["embedder"]) for x in results}]
    merged = sorted(keep + results, key=lambda r: (r["embedder"], r["chunks"]))
    out.write_text(json.dumps(merged, indent=1))
    if args.markdown:
        print(markdown(merged))
    if args.plot:
        plot([r for r in merged if r["embedder"].startswith("hashing")], Path(args.plot))


if __name__ == "__main__":
    main()
