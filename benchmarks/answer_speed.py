"""What an extractive answer costs, and what storing sentence vectors at index time changes (issue 22).

Run from a checkout (its code is what is measured; run it from a worktree of main for the
baseline, a copy of this file works there), the bundled model loaded before any clock starts:

- reindex: a full reindex of the shipped corpus (corpus/), the news dev corpus and XQuAD-el;
  chunks, sentence vectors stored, seconds; the catalog's bytes per chunk;
- ask: p50 / p95 of the answer function (extractive, nothing kept between questions) over the
  58 news dev questions and the first 100 XQuAD-el ones; the same split into its parts
  (search, the question's embedding, the sentence vectors, the rest) where the checkout has them;
- quality: news dev right + cited (an expected answer and the gold article cited), XQuAD-el top-1
  sentence (the best-scoring sentence holds an answer), and how many answers differ, with the
  stored sentence vectors and with every sentence embedded at question time (fp32, as before);
- rss: peak RSS of `newsbot ask -` over the news dev questions (its own VmHWM).

    PYTHONPATH=$PWD python benchmarks/answer_speed.py --json OUT [--parts reindex,ask,quality,rss]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import benchmarks.common as common
from benchmarks.common import (
    REPO,
    Dataset,
    answered_correctly,
    clean_environment,
    contains_answer,
    news,
    percentile,
    workspace,
    xquad,
)
from bot.answering.answerer import Answerer
from bot.answering.extractive import rank_sentences
from bot.app import Newsbot
from index.embedding import LazyEmbedder, RecentVectors

ASK_QUESTIONS = 100
PARTS_QUESTIONS = 30
TOP1_QUESTIONS = 100

_ASK_REPORTING_PEAK = """
import re, sys
from bot.cli import main
try:
    code = main(["ask", "-"])
finally:
    status = open("/proc/self/status", encoding="ascii").read()
    open(sys.argv[1], "w", encoding="ascii").write(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
sys.exit(code)
"""


def shipped() -> Dataset:
    files = sorted(p for p in (REPO / "corpus").iterdir() if p.suffix in (".jsonl", ".txt"))
    return Dataset("shipped", tuple(files), ())


def indexed(dataset: Dataset, name: str) -> tuple[Newsbot, dict[str, Any]]:
    settings = workspace(dataset, name)
    bot = Newsbot(settings)
    if isinstance(bot.embedder, LazyEmbedder):
        bot.embedder.load()
    started, cpu = time.perf_counter(), time.process_time()
    summary = bot.reindex()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    catalog = next(settings.index_dir.glob("catalog-g*.sqlite"))
    row = {
        "chunks": summary.chunks,
        "sentences": getattr(summary, "sentences", 0),
        "reindex_s": round(seconds, 2),
        "reindex_cpu_s": round(cpu, 2),  # the process's CPU time: steadier than wall time on a shared machine
        "catalog_bytes_per_chunk": round(catalog.stat().st_size / max(summary.chunks, 1)),
        "sentence_table_bytes_per_chunk": round(sentence_table_bytes(catalog) / max(summary.chunks, 1)),
    }
    print(f"  {dataset.name}: {summary.describe()}", file=sys.stderr)
    return bot, row


def sentence_table_bytes(catalog: Path) -> int:
    """Bytes of the sentence-vector table and its index (SQLite's dbstat), 0 where there is none."""
    with sqlite3.connect(catalog) as db:
        try:
            rows = db.execute(
                "SELECT sum(pgsize) FROM dbstat WHERE name IN ('sentence_vectors', 'sentence_vectors_unused')"
            ).fetchone()
        except sqlite3.Error:
            return 0
    return int(rows[0] or 0)


def answerer_for(bot: Newsbot, stored: bool) -> Answerer:
    """The default answerer with nothing kept between questions; ``stored`` False embeds every sentence."""
    answerer = Answerer(bot.retriever, bot.embedder, replace(bot.answerer.policy, known_sentences=0),
                        today=bot.settings.today)
    if not stored:
        answerer._known = RecentVectors(bot.embedder.embed_passages, 0)  # type: ignore[assignment]
    return answerer


def has_stored_vectors(bot: Newsbot) -> bool:
    return hasattr(bot.retriever, "stored_sentence_vectors")


def ask_times(bot: Newsbot, dataset: Dataset, count: int) -> dict[str, float]:
    answerer = answerer_for(bot, stored=True)
    questions = [q.question for q in dataset.questions[:count]]
    for question in questions[:3]:
        answerer(question)  # warm: first calls pay for lazy imports and caches
    times = []
    for question in questions:
        started = time.perf_counter()
        answerer(question)
        times.append((time.perf_counter() - started) * 1000)
    return {"ask_p50_ms": round(percentile(times, 50), 1), "ask_p95_ms": round(percentile(times, 95), 1),
            "ask_mean_ms": round(statistics.fmean(times), 1), "questions": len(times)}


def ask_parts(bot: Newsbot, dataset: Dataset, count: int) -> dict[str, float]:
    """Median per question of: search, the question's embedding, the candidates' vectors."""
    retriever, embedder = bot.retriever, bot.embedder
    answerer = answerer_for(bot, stored=True)
    policy = answerer.policy
    parts: dict[str, list[float]] = {"search_ms": [], "query_embed_ms": [], "sentence_vectors_ms": [],
                                     "rank_sentences_ms": []}
    known = answerer._known
    for q in dataset.questions[:count]:
        started = time.perf_counter()
        hits = retriever.search(q.question, policy.top_k)
        parts["search_ms"].append(time.perf_counter() - started)
        started = time.perf_counter()
        embedder.embed_passages([q.question])  # uncached: the cost of one encode of a question
        parts["query_embed_ms"].append(time.perf_counter() - started)
        from bot.answering.extractive import candidate_sentences

        sentences = [s for _, s in candidate_sentences(hits[: policy.sentence_chunks], policy.max_sentences)]
        started = time.perf_counter()
        if sentences:
            known(sentences)
        parts["sentence_vectors_ms"].append(time.perf_counter() - started)
        started = time.perf_counter()
        rank_sentences(q.question, hits[: policy.sentence_chunks], embedder, policy.max_sentences, known)
        parts["rank_sentences_ms"].append(time.perf_counter() - started)
    return {k: round(statistics.median(v) * 1000, 1) for k, v in parts.items()}


def quality(bot: Newsbot, dataset: Dataset, stored: bool, count: int) -> tuple[dict[str, float], list[str]]:
    answerer = answerer_for(bot, stored)
    policy = answerer.policy
    right = top1 = n = 0
    texts = []
    for q in dataset.questions[:count]:
        if q.doc_id is None:
            texts.append(answerer(q.question).text)
            continue
        n += 1
        if dataset.name == "news":
            answer = answerer(q.question)
            texts.append(answer.text)
            right += answered_correctly(q, answer.text, [c.doc_id for c in answer.citations])
        else:
            hits = bot.retriever.search(q.question, policy.top_k)
            evidence = rank_sentences(q.question, hits[: policy.sentence_chunks], bot.embedder,
                                      policy.max_sentences, answerer._known)
            texts.append(evidence[0].sentence if evidence else "")
            top1 += bool(evidence) and contains_answer(evidence[0].sentence, q.answers)
    key = "right_cited" if dataset.name == "news" else "top1_sentence"
    return {key: round((right if dataset.name == "news" else top1) / max(n, 1), 4), "questions": n}, texts


def peak_rss_mb(bot: Newsbot, dataset: Dataset) -> float:
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as stdin,
        tempfile.NamedTemporaryFile("r", encoding="ascii", suffix=".peak") as peak,
    ):
        stdin.write("\n".join(q.question for q in dataset.questions) + "\n")
        stdin.seek(0)
        env = {**os.environ, "NEWSBOT_DATA_DIR": str(bot.settings.data_dir),
               "NEWSBOT_CORPUS_DIR": str(bot.settings.corpus_dir), "PYTHONPATH": str(REPO)}
        proc = subprocess.run([sys.executable, "-c", _ASK_REPORTING_PEAK, peak.name], stdin=stdin,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              cwd=tempfile.gettempdir(), check=False)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.decode(errors="replace")[-500:])
        return round(int(peak.read()) / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--parts", default="reindex,ask,quality,rss")
    parser.add_argument("--label", default=str(REPO))
    parser.add_argument("--datasets", default="news,xquad-el", help="news (the shipped articles) and/or xquad-el")
    parser.add_argument("--shared", type=Path, help="the shared evaluation data (default ../shared, else /work/shared)")
    parser.add_argument("--precision", choices=("auto", "fp32", "bf16"), help="NEWSBOT_ENCODE_PRECISION")
    args = parser.parse_args()
    if args.shared or not common.SHARED.exists():  # a git worktree sits one folder deeper than the checkout
        common.SHARED = args.shared or Path("/work/shared")
    parts = set(args.parts.split(","))
    clean_environment()
    if args.precision:
        os.environ["NEWSBOT_ENCODE_PRECISION"] = args.precision
    results: dict[str, Any] = {"label": args.label, "load_before": os.getloadavg(), "precision": args.precision}
    started = time.perf_counter()
    if "reindex" in parts:
        _, results["reindex_shipped"] = indexed(shipped(), "speed-shipped")
    bots = {}
    for dataset in [d for d in (news(), xquad()) if d.name in args.datasets.split(",")]:
        bot, row = indexed(dataset, f"speed-{dataset.name}")
        bots[dataset.name] = (bot, dataset)
        results[f"reindex_{dataset.name}"] = row
    if "ask" in parts:
        for name, (bot, dataset) in bots.items():
            results[f"ask_{name}"] = ask_times(bot, dataset, ASK_QUESTIONS)
            results[f"ask_parts_{name}"] = ask_parts(bot, dataset, PARTS_QUESTIONS)
            print(f"  ask {name}: {results[f'ask_{name}']} {results[f'ask_parts_{name}']}", file=sys.stderr)
    if "quality" in parts:
        for name, (bot, dataset) in bots.items():
            count = TOP1_QUESTIONS if name == "xquad-el" else len(dataset.questions)
            modes = (False, True) if has_stored_vectors(bot) else (False,)
            texts = {}
            for stored in modes:
                label = "stored" if stored else "embedded"
                results[f"quality_{name}_{label}"], texts[label] = quality(bot, dataset, stored, count)
                print(f"  quality {name} {label}: {results[f'quality_{name}_{label}']}", file=sys.stderr)
            if len(texts) == 2:
                results[f"quality_{name}_differing"] = sum(
                    a != b for a, b in zip(texts["stored"], texts["embedded"], strict=True))
    if "rss" in parts and "news" in bots:
        bot, dataset = bots["news"]
        results["peak_rss_mb"] = peak_rss_mb(bot, dataset)
    results["load_after"] = os.getloadavg()
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
