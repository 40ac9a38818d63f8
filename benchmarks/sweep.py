"""The quality work: chunking, fusion weights, the transliterated field and the abstention threshold.

For every chunk setting (one reindex each) every question is searched once with k large enough
that all fused candidates come back with their dense and lexical parts; every lexical weight is
then scored by re-fusing those candidates, which is exactly what the retriever would rank.
Writes the "Choices" block of BENCHMARKS.md (between the sweep markers) and the raw figures to
.newsbot/bench/sweep.json. It prints the best values; it does not change index/settings.py.

    .venv/bin/python benchmarks/sweep.py [--quick] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import index.lexical as lexical_module
from benchmarks.common import (
    CACHE,
    SEARCH_K,
    Dataset,
    Ranks,
    Timer,
    answered_correctly,
    clean_environment,
    fmt,
    fuse,
    news,
    percentile,
    replace_block,
    table,
    workspace,
    xquad,
)
from benchmarks.run import OUTPUT, SWEEP_END, SWEEP_START
from bot.answering.answerer import Answerer, AnswerPolicy
from bot.app import Newsbot
from index.embedding import Embedder
from index.retrieval import Hit
from index.settings import Settings

WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
CHUNKINGS = ((120, 1), (200, 0), (200, 1), (300, 0), (300, 1), (450, 1))  # overlap tested at 200 and 300
QUICK_CHUNKINGS = ((120, 1), (200, 1), (300, 1))  # must include the default
ABLATION_WEIGHTS = (0.05, 0.1, 0.2)
THRESHOLD_XQUAD_SAMPLE = 100
DEFAULTS = Settings(_env_file=None)  # type: ignore[call-arg]


@dataclass(frozen=True)
class Searched:
    lang: str
    gold: str
    hits: tuple[Hit, ...]


def ranks_for(searched: Sequence[Searched], lang: str, weight: float) -> Ranks:
    ranks = Ranks()
    for s in searched:
        if s.lang == lang:
            ranks.add(fuse(s.hits, weight), s.gold)
    return ranks


def search_all(bot: Newsbot, dataset: Dataset) -> list[Searched]:
    return [
        Searched(q.lang, q.doc_id, tuple(bot.retriever.search(q.question, SEARCH_K)))
        for q in dataset.questions
        if q.doc_id is not None
    ]


@contextmanager
def without_latin_field() -> Iterator[None]:
    """Queries lose their l: (transliterated) terms; documents keep them, unmatched."""
    original: Callable[[str], list[str]] = lexical_module.analyse_query

    def greek_only(text: str) -> list[str]:
        return [t for t in original(text) if not t.startswith("l:")]

    lexical_module.analyse_query = greek_only
    try:
        yield
    finally:
        lexical_module.analyse_query = original


# --- the sweeps ------------------------------------------------------------------------------------


@dataclass
class ChunkRun:
    dataset: str
    tokens: int
    overlap: int
    chunks: int
    seconds: float
    searched: list[Searched]
    settings: Settings


_EMBEDDER: list[Embedder] = []


def make_bot(settings: Settings) -> Newsbot:
    """A Newsbot sharing one loaded model with every other in this process."""
    bot = Newsbot(settings)
    if not _EMBEDDER:
        _EMBEDDER.append(bot.embedder)
    bot.__dict__["embedder"] = _EMBEDDER[0]  # fills the cached_property
    return bot


def sweep_chunking(datasets: Sequence[Dataset], chunkings: Sequence[tuple[int, int]]) -> list[ChunkRun]:
    runs = []
    for dataset in datasets:
        for tokens, overlap in chunkings:
            settings = workspace(
                dataset,
                f"sweep-{dataset.name}-{tokens}-{overlap}",
                chunk_tokens=tokens,
                chunk_overlap_sentences=overlap,
            )
            bot = make_bot(settings)
            summary = bot.reindex()
            with Timer() as t:
                searched = search_all(bot, dataset)
            print(
                f"  {dataset.name} {tokens}/{overlap}: {summary.chunks} chunks, "
                f"reindex {summary.seconds:.0f} s, search {t.seconds:.0f} s",
                file=sys.stderr,
            )
            runs.append(ChunkRun(dataset.name, tokens, overlap, summary.chunks, summary.seconds, searched, settings))
    return runs


def latin_ablation(dataset: Dataset, settings: Settings) -> dict[str, dict[str, list[float]]]:
    """recall@1 / recall@5 / MRR per language and weight, with and without the l: query terms."""
    bot = make_bot(settings)
    out: dict[str, dict[str, list[float]]] = {}
    with_field = search_all(bot, dataset)
    with without_latin_field():
        bot.retriever._loaded = None
        without = search_all(bot, dataset)
    for lang in ("el", "en"):
        for w in ABLATION_WEIGHTS:
            out.setdefault(lang, {})[f"with l: field, w={w}"] = list(ranks_for(with_field, lang, w).row())
            out[lang][f"without l: field, w={w}"] = list(ranks_for(without, lang, w).row())
        out[lang]["dense only, w=0"] = list(ranks_for(with_field, lang, 0.0).row())
    return out


@dataclass(frozen=True)
class Scored:
    source: str
    kind: str
    best: float
    correct: bool  # contains an expected answer and cites the gold article (when not abstaining)


def threshold_data(datasets: Sequence[tuple[Dataset, Settings]]) -> list[Scored]:
    """best_sentence of every news question (and a sample of XQuAD ones) with abstention switched off."""
    scored = []
    for dataset, settings in datasets:
        bot = make_bot(settings)
        answerer = Answerer(bot.retriever, bot.embedder, AnswerPolicy(top_k=settings.top_k, min_relevance=-1e9))
        questions = list(dataset.questions)
        if dataset.name != "news":
            questions = questions[:: max(1, len(questions) // THRESHOLD_XQUAD_SAMPLE)][:THRESHOLD_XQUAD_SAMPLE]
        for q in questions:
            answer = answerer(q.question)
            correct = answered_correctly(q, answer.text, {c.doc_id for c in answer.citations})
            scored.append(Scored(dataset.name, q.kind, float(answer.extra.get("best_sentence", 0.0)), correct))
    return scored


# --- choosing and reporting -------------------------------------------------------------------------


def weight_table(runs: Sequence[ChunkRun], tokens: int, overlap: int) -> tuple[list[str], dict[str, float]]:
    """Lexical weight grid at one chunking; returns lines and the best weight per language."""
    lines: list[str] = []
    best: dict[str, float] = {}
    chosen = [r for r in runs if (r.tokens, r.overlap) == (tokens, overlap)]
    for lang in ("el", "en"):
        rows = []
        score_by_weight: dict[float, float] = {}
        for w in WEIGHTS:
            cells: list[str] = [fmt(w, 2)]
            total = 0.0
            for run in chosen:
                r1, r5, mrr = ranks_for(run.searched, lang, w).row()
                cells += [fmt(r1), fmt(r5), fmt(mrr)]
                total += r1 + mrr  # recall@1 first (a bot shows one answer), MRR as the tie-breaker
            score_by_weight[w] = total
            rows.append(cells)
        default = DEFAULTS.lexical_weight if lang == "el" else DEFAULTS.lexical_weight_latin
        # A tie keeps the default (no change without a measured gain), then the smaller weight.
        best[lang] = max(WEIGHTS, key=lambda w: (round(score_by_weight[w], 6), w == default, -w))
        header = ["weight"] + [f"{r.dataset} {m}" for r in chosen for m in ("r@1", "r@5", "MRR")]
        lines += [
            f"**{'Greek' if lang == 'el' else 'English (Latin script)'} questions**, chunks "
            f"{tokens}/{overlap}; best: {best[lang]}",
            "",
            *table(header, rows),
            "",
        ]
    return lines, best


def chunk_table(runs: Sequence[ChunkRun], weights: dict[str, float]) -> tuple[list[str], tuple[int, int]]:
    settings = sorted({(r.tokens, r.overlap) for r in runs})
    datasets = sorted({r.dataset for r in runs}, reverse=True)
    rows = []
    score: dict[tuple[int, int], float] = {}
    for setting in settings:
        cells: list[object] = [f"{setting[0]} / {setting[1]}"]
        total = 0.0
        for name in datasets:
            run = next(r for r in runs if r.dataset == name and (r.tokens, r.overlap) == setting)
            cells.append(f"{run.chunks} ({run.seconds:.0f} s)")
            for lang in ("el", "en"):
                r1, r5, mrr = ranks_for(run.searched, lang, weights[lang]).row()
                cells += [fmt(r1), fmt(r5)]
                total += r1 + mrr
        score[setting] = total
        rows.append(cells)
    default = (DEFAULTS.chunk_tokens, DEFAULTS.chunk_overlap_sentences)
    best = max(settings, key=lambda s: (round(score[s], 6), s == default, -s[0]))
    header = ["tokens / overlap"] + [
        c for name in datasets for c in (f"{name} chunks (reindex)", "el r@1", "el r@5", "en r@1", "en r@5")
    ]
    lines = [
        f"Lexical weights {weights['el']} (Greek) / {weights['en']} (Latin); best by r@1 + MRR summed over "
        f"data sets and languages: **{best[0]} tokens, overlap {best[1]}**",
        "",
        *table(header, rows),
        "",
    ]
    return lines, best


def threshold_table(scored: Sequence[Scored]) -> tuple[list[str], float]:
    answerable = [s for s in scored if s.kind != "unanswerable"]
    unanswerable = [s for s in scored if s.kind == "unanswerable"]
    news_answerable = [s for s in answerable if s.source == "news"]

    def dist(values: Sequence[float]) -> str:
        return (
            (
                f"min {min(values):.3f}, p10 {percentile(values, 10):.3f}, "
                f"median {percentile(values, 50):.3f}, p90 {percentile(values, 90):.3f}, "
                f"max {max(values):.3f}"
            )
            if values
            else "none"
        )

    low = min((s.best for s in scored), default=0.0)
    high = max((s.best for s in scored), default=1.0)
    grid = [round(low - 0.01 + 0.01 * i, 2) for i in range(int((high - low) / 0.01) + 3)]
    rows = []
    feasible = []
    for t in grid:
        abstain = sum(s.best < t for s in unanswerable) / len(unanswerable) if unanswerable else 0.0
        false_news = sum(s.best < t for s in news_answerable) / len(news_answerable) if news_answerable else 0.0
        false_all = sum(s.best < t for s in answerable) / len(answerable) if answerable else 0.0
        correct = sum(s.correct and s.best >= t for s in news_answerable) / max(1, len(news_answerable))
        rows.append([fmt(t, 2), fmt(abstain, 2), fmt(false_news, 3), fmt(false_all, 3), fmt(correct, 3)])
        if false_news <= 0.05 and false_all <= 0.05:
            feasible.append((abstain, -t, t))
    best = max(feasible)[2] if feasible else grid[0]
    shown = [r for i, r in enumerate(rows) if i == 0 or r[1:] != rows[i - 1][1:]]  # where something changes
    lines = [
        f"best_sentence with abstention off: unanswerable (news, {len(unanswerable)}): "
        f"{dist([s.best for s in unanswerable])}",
        "",
        f"answerable (news {len(news_answerable)}, XQuAD sample {len(answerable) - len(news_answerable)}): "
        f"{dist([s.best for s in answerable])}",
        "",
        "Chosen: the threshold that abstains most on unanswerable questions with at most 5% false "
        f"abstention (news and XQuAD sample each): **{best}**",
        "",
        *table(
            [
                "min_relevance",
                "abstain (unanswerable)",
                "false abstention (news)",
                "false abstention (news + XQuAD)",
                "correct (news answerable)",
            ],
            shown,
        ),
        "",
    ]
    return lines, best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 chunk settings, 30 XQuAD paragraphs")
    parser.add_argument("--only", choices=("news", "xquad"), help="one data set")
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's own choice)")
    args = parser.parse_args(argv)
    clean_environment()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    datasets = []
    if args.only in (None, "xquad"):
        datasets.append(xquad(30 if args.quick else None))
    if args.only in (None, "news"):
        datasets.append(news())
    with Timer() as total:
        runs = sweep_chunking(datasets, QUICK_CHUNKINGS if args.quick else CHUNKINGS)
        weight_lines, weights = weight_table(runs, DEFAULTS.chunk_tokens, DEFAULTS.chunk_overlap_sentences)
        chunk_lines, chunking = chunk_table(runs, weights)
        if chunking != (DEFAULTS.chunk_tokens, DEFAULTS.chunk_overlap_sentences):
            more, weights = weight_table(runs, *chunking)
            weight_lines += ["Re-checked at the chosen chunking:", "", *more]
        default = (DEFAULTS.chunk_tokens, DEFAULTS.chunk_overlap_sentences)
        indexed = [
            (d, next(r.settings for r in runs if r.dataset == d.name and (r.tokens, r.overlap) == default))
            for d in datasets
        ]
        ablation = {d.name: latin_ablation(d, s) for d, s in indexed}
        scored = threshold_data(indexed)
        threshold_lines, threshold = threshold_table(scored)

    lines = [
        SWEEP_START,
        "## Choices (benchmarks/sweep.py)",
        "",
        f"Sweep run time {total.seconds / 60:.1f} min. Weights are chosen at the chunking in force, the "
        "chunking with the chosen weights; recall@1 first, MRR as the tie-breaker.",
        "",
        "### Lexical (BM25) weight in the fusion",
        "",
        *weight_lines,
        "### Chunk size (model tokens) and overlap (sentences)",
        "",
        *chunk_lines,
        "### The transliterated Latin field (l:)",
        "",
        "Ablation: query terms of the l: field dropped (documents unchanged). r@1 / r@5 / MRR@10.",
        "",
    ]
    for name, per_lang in ablation.items():
        for lang, variants in per_lang.items():
            lines += [f"**{name}, {'Greek' if lang == 'el' else 'English'} questions**", ""]
            lines += table(
                ["variant", "r@1", "r@5", "MRR"], [[v, *(fmt(x) for x in fig)] for v, fig in variants.items()]
            )
            lines.append("")
    lines += ["### Abstention threshold (min_relevance on best_sentence)", "", *threshold_lines]
    lines += [
        "### Recommended defaults",
        "",
        f"- lexical_weight (Greek) = {weights['el']}, lexical_weight_latin = {weights['en']}",
        f"- chunk_tokens = {chunking[0]}, chunk_overlap_sentences = {chunking[1]}",
        f"- min_relevance = {threshold}",
        "",
        SWEEP_END,
    ]
    block = "\n".join(lines)
    replace_block(OUTPUT, SWEEP_START, SWEEP_END, block)
    raw = {
        "weights": weights,
        "chunking": chunking,
        "min_relevance": threshold,
        "ablation": ablation,
        "chunk_runs": [
            {
                "dataset": r.dataset,
                "tokens": r.tokens,
                "overlap": r.overlap,
                "chunks": r.chunks,
                "reindex_s": r.seconds,
                "ranks": {
                    lang: {str(w): ranks_for(r.searched, lang, w).ranks for w in WEIGHTS} for lang in ("el", "en")
                },
            }
            for r in runs
        ],
        "threshold": [s.__dict__ for s in scored],
    }
    (CACHE / "sweep.json").write_text(json.dumps(raw), encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
