"""The reader against today's scorer on XQuAD-el's held-out validation articles (16-23).

For each validation question whose answer lies in one sentence: the sentences of its gold
paragraph and of the other paragraph of the same article that today's scorer finds most
similar (near misses: same topic, no answer). Reports, per question language:
  top-1: the best-scoring sentence holds the answer;
  AUC: the gold paragraph's best score above a near-miss paragraph's best score;
for cosine (today's sentence similarity), the reader, and the reader fused with cosine.

    PYTHONPATH=. python benchmarks/reader.py [--weights PATH] [--precision int8] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import MODELS_CACHE, SHARED, clean_environment
from bot.answering.reader.data import VALIDATION_ARTICLES, answer_index, holds_answer, load_xquad
from bot.answering.reader.model import WEIGHTS_PATH, load_reader

NEAR_MISS_PARAGRAPHS = 1
FUSION_WEIGHTS = (0.0, 5.0, 10.0, 20.0)  # reader logit + w * cosine


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a positive outscores a negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    pos = np.asarray(positives)[:, None]
    neg = np.asarray(negatives)[None, :]
    return float((pos > neg).mean() + 0.5 * (pos == neg).mean())


def speed(weights: Path, sentences: int = 10, runs: int = 15) -> int:
    """Median time to score one question against ``sentences`` validation sentences, per precision."""
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    paragraphs, questions = load_xquad(SHARED / "eval" / "xquad-el")
    texts = [s for p in paragraphs.values() if p.article in VALIDATION_ARTICLES for s in p.sentences][:sentences]
    question = next(q.text for q in questions if q.article in VALIDATION_ARTICLES)
    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODELS_CACHE)
    timings = {}
    embedder.embed_passages(texts)
    started = time.perf_counter()
    for _ in range(3):
        embedder.embed_passages(texts)
    timings["today: embed the sentences"] = (time.perf_counter() - started) / 3
    for precision in ("fp32", "bf16", "int8"):
        reader = load_reader(MODELS_CACHE, weights, precision)  # type: ignore[arg-type]
        assert reader is not None
        reader.score(question, texts)
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            reader.score(question, texts)
            seconds.append(time.perf_counter() - started)
        timings[f"reader {precision}"] = float(np.median(seconds))
    for name, value in timings.items():
        print(f"| {name} ({sentences} sentences) | {value * 1000:.0f} ms |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--precision", default="bf16", choices=["fp32", "bf16", "int8"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write per-question scores here")
    parser.add_argument("--speed", action="store_true", help="only time scoring 10 sentences in each precision")
    args = parser.parse_args(argv)
    clean_environment()
    import torch

    torch.set_num_threads(args.threads)
    if args.speed:
        return speed(args.weights)
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, MODELS_CACHE)
    reader = load_reader(MODELS_CACHE, args.weights, args.precision)
    if reader is None:
        print("no reader weights", file=sys.stderr)
        return 1
    paragraphs, questions = load_xquad(SHARED / "eval" / "xquad-el")
    sentences = sorted({s for p in paragraphs.values() if p.article in VALIDATION_ARTICLES for s in p.sentences})
    vectors = dict(zip(sentences, embedder.embed_passages(sentences), strict=True))
    rows = []
    started = time.perf_counter()
    for question in questions:
        gold = paragraphs[question.doc_id]
        if question.article not in VALIDATION_ARTICLES or answer_index(gold, question.answers) is None:
            continue
        query = embedder.embed_queries([question.text])[0]
        others = [p for p in paragraphs.values() if p.article == question.article and p.doc_id != gold.doc_id
                  and not any(holds_answer(s, question.answers) for s in p.sentences)]
        others.sort(key=lambda p: max(float(vectors[s] @ query) for s in p.sentences), reverse=True)
        chosen = [gold, *others[:NEAR_MISS_PARAGRAPHS]]
        candidates = [(i, s) for i, p in enumerate(chosen) for s in p.sentences]
        texts = [s for _, s in candidates]
        cosine = [float(vectors[s] @ query) for s in texts]
        logits = [float(x) for x in reader.score(question.text, texts)]
        rows.append({"id": question.id, "lang": question.lang, "paragraph": [i for i, _ in candidates],
                     "holds": [holds_answer(s, question.answers) for s in texts], "cosine": cosine,
                     "reader": logits})
    seconds = time.perf_counter() - started
    pairs = sum(len(r["reader"]) for r in rows)
    print(f"{len(rows)} questions, {pairs} pairs, {seconds:.0f} s ({args.precision})")
    scorers = {"cosine": lambda r: np.asarray(r["cosine"])}
    for w in FUSION_WEIGHTS:
        scorers[f"reader+{w:g}cos" if w else "reader"] = (
            lambda r, w=w: np.asarray(r["reader"]) + w * np.asarray(r["cosine"]))
    summary: dict[str, dict[str, float]] = {}
    print("| scorer | top-1 el | top-1 en | AUC el | AUC en |")
    print("| --- | --- | --- | --- | --- |")
    for name, scorer in scorers.items():
        line = {}
        for lang in ("el", "en"):
            mine = [r for r in rows if r["lang"] == lang]
            top1, positives, negatives = 0, [], []
            for r in mine:
                scores = scorer(r)
                top1 += bool(r["holds"][int(np.argmax(scores))])
                paragraph = np.asarray(r["paragraph"])
                positives.append(float(scores[paragraph == 0].max()))
                negatives.extend(float(scores[paragraph == k].max()) for k in set(r["paragraph"]) - {0})
            line[f"top1_{lang}"] = top1 / len(mine)
            line[f"auc_{lang}"] = auc(positives, negatives)
        summary[name] = line
        cells = [f"{line[k]:.3f}" for k in ("top1_el", "top1_en", "auc_el", "auc_en")]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
