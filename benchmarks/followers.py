"""Followers: calibrate the score at which a new article matches a followed topic.

The data (benchmarks/data/followers_topics.jsonl, written for this project) pair 74 topics, in Greek,
English and Greek in Latin script, with the shipped corpus (corpus/: the seed article and 54 NTREX
news articles): each topic lists the articles that are about it; every other article is a pair that
is not, except the few listed as borderline (they mention the topic in passing), which are left
out. Topics are split by group (the same topic in both languages stays on one side) into a tuning
part and a check part. Each (topic, article) pair is scored the way the bot matches a new article
(bot/answering/topic_match.py: the hybrid search restricted to that article's chunks, its best
chunk's fused score); the threshold for each script is the one with the best F1 on the tuning
part, and precision / recall are reported on both parts.

    python benchmarks/followers.py [--no-write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import REPO, Dataset, clean_environment, replace_block, table, workspace
from bot.answering.topic_match import topic_scores
from bot.app import Newsbot
from index.retrieval import Retriever
from index.text import is_greek

TOPICS = REPO / "benchmarks" / "data" / "followers_topics.jsonl"
START = "<!-- followers:start -->"
END = "<!-- followers:end -->"


@dataclass(frozen=True)
class Pair:
    split: str
    script: str  # "greek" or "latin"
    lang: str  # el, en, el-latn (Greek in Latin letters)
    topic: str
    doc_id: str
    score: float
    relevant: bool


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def counts(pairs: list[Pair], threshold: float) -> Counts:
    tp = sum(p.relevant and p.score >= threshold for p in pairs)
    fp = sum(not p.relevant and p.score >= threshold for p in pairs)
    fn = sum(p.relevant and p.score < threshold for p in pairs)
    return Counts(tp, fp, fn)


def fit_threshold(pairs: list[Pair]) -> float:
    """The threshold with the best F1 (ties: the higher one, fewer unwanted notices), midway between scores."""
    scores = sorted({p.score for p in pairs})
    candidates = [(a + b) / 2 for a, b in itertools.pairwise(scores)] or scores
    return max(candidates, key=lambda t: (counts(pairs, t).f1, t))


def score_pairs(newsbot: Newsbot, retriever: Retriever | None = None) -> tuple[list[Pair], float]:
    """Every labelled (topic, article) pair with its match score; and the seconds per topic."""
    retriever = retriever or newsbot.retriever
    doc_ids = sorted(retriever.current().catalog.manifest())
    pairs: list[Pair] = []
    seconds = 0.0
    records = [json.loads(line) for line in TOPICS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        missing = set(record["relevant"]) - set(doc_ids)
        assert not missing, f"{record['topic']}: not in the corpus: {missing}"
        started = time.perf_counter()
        scores = topic_scores(retriever, record["topic"], doc_ids)
        seconds += time.perf_counter() - started
        script = "greek" if is_greek(record["topic"]) else "latin"
        for doc_id in doc_ids:
            if doc_id in record["borderline"]:
                continue
            pairs.append(Pair(record["split"], script, record["lang"], record["topic"], doc_id,
                              scores.get(doc_id, 0.0), doc_id in record["relevant"]))
    return pairs, seconds / len(records)


@dataclass(frozen=True)
class Cost:
    """Milliseconds, measured in one run on this machine."""

    question_search: float  # baseline: what one question's search costs (embedding it included)
    new_topic: float  # one topic against one new article, the topic embedded first (its first fetch)
    known_topic: float  # the same with the topic's vector kept (every later fetch)


def cost(newsbot: Newsbot, repeats: int = 10) -> Cost:
    """The matcher's cost per topic and new article, beside a question's search."""
    retriever, embedder = newsbot.retriever, newsbot.embedder
    doc_id = sorted(retriever.current().catalog.manifest())[0]
    retriever.search("προθέρμανση", 6)  # warm-up: the first search opens the index

    def ms(run: Callable[[int], object]) -> float:
        started = time.perf_counter()
        for i in range(repeats):
            run(i)
        return (time.perf_counter() - started) / repeats * 1000

    vector = embedder.embed_queries(["ο πόλεμος στη Συρία"])[0]
    return Cost(
        question_search=ms(lambda i: retriever.search(f"Τι έγινε στη Συρία τη μέρα {i};", 6)),
        new_topic=ms(lambda i: retriever.search_within(f"ο πόλεμος στη Συρία {i}", [doc_id])),
        known_topic=ms(lambda i: retriever.search_within("ο πόλεμος στη Συρία", [doc_id], vector)),
    )


def evaluate(pairs: list[Pair]) -> tuple[dict[str, float], Counts]:
    """Thresholds fitted per script on the tuning part; the check part's counts at them."""
    thresholds = {script: fit_threshold([p for p in pairs if p.split == "tune" and p.script == script])
                  for script in ("greek", "latin")}
    total = Counts(0, 0, 0)
    for script, threshold in thresholds.items():
        c = counts([p for p in pairs if p.split == "check" and p.script == script], threshold)
        total = Counts(total.tp + c.tp, total.fp + c.fp, total.fn + c.fn)
    return thresholds, total


def weight_rows(newsbot: Newsbot, weights: tuple[float, ...]) -> list[tuple[object, ...]]:
    """The same fit and check with other BM25 weights in the fusion (the bot's are 0.1 Greek, 0.05 Latin)."""
    rows: list[tuple[object, ...]] = []
    for weight in weights:
        retriever = Retriever(newsbot.store, newsbot.embedder, lexical_weight=weight, lexical_weight_latin_query=weight)
        thresholds, c = evaluate(score_pairs(newsbot, retriever)[0])
        rows.append((f"{weight:g} / {weight:g}", f"{thresholds['greek']:.3f} / {thresholds['latin']:.3f}",
                     f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    clean_environment()
    corpus = REPO / "corpus"
    dataset = Dataset("shipped", (corpus / "news.jsonl", corpus / "000_1ed5aa9ce87cdf07.txt"), ())
    settings = workspace(dataset, "followers")
    newsbot = Newsbot(settings)
    newsbot.reindex()
    pairs, _ = score_pairs(newsbot)
    costs = cost(newsbot)

    thresholds, check = evaluate(pairs)
    alternatives = [(f"{settings.lexical_weight:g} / {settings.lexical_weight_latin:g} (the bot's)",
                     f"{thresholds['greek']:.3f} / {thresholds['latin']:.3f}", f"{check.precision:.2f}",
                     f"{check.recall:.2f}", f"{check.f1:.2f}"), *weight_rows(newsbot, (0.0, 0.3))]
    rows = []
    for split in ("tune", "check"):
        for label, chosen in (("Greek script", lambda p: p.script == "greek"),
                              ("Latin script", lambda p: p.script == "latin"),
                              ("  of which English", lambda p: p.lang == "en"),
                              ("  of which Greek in Latin letters", lambda p: p.lang == "el-latn"),
                              ("all", lambda p: True)):
            part = [p for p in pairs if p.split == split and chosen(p)]
            if not part:
                continue
            c = Counts(0, 0, 0)
            for script, threshold in thresholds.items():
                s = counts([p for p in part if p.script == script], threshold)
                c = Counts(c.tp + s.tp, c.fp + s.fp, c.fn + s.fn)
            topics = len({p.topic for p in part})
            positives = sum(p.relevant for p in part)
            rows.append((split, label, topics, len(part), positives, f"{c.precision:.2f}", f"{c.recall:.2f}",
                         f"{c.f1:.2f}", c.fp, c.fn))
    misses = [p for p in pairs if (p.score >= thresholds[p.script]) != p.relevant]
    for p in sorted(misses, key=lambda p: (p.split, p.topic)):
        kind = "missed" if p.relevant else "unwanted"
        print(f"{p.split:5} {kind:8} {p.score:.3f}  {p.topic}  ->  {p.doc_id}")

    lines = [
        START,
        "## Followers (`benchmarks/followers.py`)",
        "",
        "A new article matches a followed topic when its best chunk's hybrid score (the bot's search,",
        "restricted to that article: `Retriever.search_within`) reaches a threshold, one per script of",
        "the topic. Data: `benchmarks/data/followers_topics.jsonl`, topics written for this project (Greek,",
        "English, Greek in Latin letters, and topics no article is about) against every article of the",
        "shipped corpus; articles that only mention a topic in passing are left out of its pairs. The",
        "thresholds are fitted (best F1) on the tuning topics and checked on the others (split by topic",
        "group: a topic's Greek and English forms stay on one side).",
        "",
        f"Fitted: **{thresholds['greek']:.3f}** for topics in Greek script (`NEWSBOT_FOLLOW_MIN_SCORE_GREEK`),",
        f"**{thresholds['latin']:.3f}** in Latin script (`NEWSBOT_FOLLOW_MIN_SCORE`).",
        "",
        *table(("split", "topics in", "n topics", "pairs", "about it", "precision", "recall", "F1",
                "unwanted notices", "missed"), rows),
        "",
        "The fusion's BM25 weight, tried for topics (thresholds refitted on the tuning part each time; the",
        "check part's figures):",
        "",
        *table(("BM25 weight Greek / Latin", "thresholds", "precision", "recall", "F1"), alternatives),
        "",
        "Topics are keyword-like, yet more BM25 does not help here: the matcher keeps the bot's weights.",
        f"The data are small ({sum(p.relevant for p in pairs)} matching pairs in all): differences of a few",
        "pairs are noise.",
        "",
        "Cost per topic and new article (ms, one run, the bundled model on this machine's CPU, shared):",
        "",
        *table(("one question's search (baseline)", "a topic's first fetch (embeds it)",
                "later fetches (its vector kept)"),
               [(f"{costs.question_search:.0f}", f"{costs.new_topic:.0f}", f"{costs.known_topic:.0f}")]),
        "",
        "The matcher keeps the vectors of the topics it has searched (`TOPIC_CACHE`), so a fetch costs",
        "about the restricted scoring per topic; the sentence shown is scored only for the articles that match.",
        END,
    ]
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        replace_block(REPO / "BENCHMARKS.md", START, END, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
