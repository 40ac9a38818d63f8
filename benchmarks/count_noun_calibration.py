"""Calibrate the cross-script count-noun check (bot/answering/count_noun.py) on XQuAD-el.

XQuAD-el asks each question in Greek and in English over Greek paragraphs. For the English
"how many X" questions it measures how well the best cosine between X and the words the
paragraph's numbers count (``detail_check.counted_words``) separates:

- nouns: X against the noun of the parallel Greek question («πόσοι θεατές»: positives) and
  against the nouns of the other Greek questions (negatives, where the English nouns differ);
- articles: X against the counted words of its own paragraph (positives: the answer is counted
  there) and of a paragraph of another article (negatives: a count of other things, mostly).

It prints the AUC of each, for each prompt and window width, and the precision / recall of
"another noun" at thresholds, to choose ``MATCH_THRESHOLD``. No trust-set question is read.

    python benchmarks/count_noun_calibration.py
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from benchmarks.common import MODELS_CACHE, SHARED, read_jsonl
from bot.answering.count_noun import CountNounMatcher
from bot.answering.detail_check import counted_words
from bot.question.asked import asked_for
from index.bundled_model import BUNDLED_MODEL_NAME, build_bundled_model
from index.embedding import SentenceTransformerEmbedder
from index.text import fold

_GREEK_NOUN = re.compile(r"\b[Ππ]όσ(?:οι|ες|α|ους|ων)\s+([^\W\d_]+)")
Embed = Callable[[Sequence[str]], np.ndarray]


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """P(a positive scores above a negative), ties counting half (the Mann-Whitney U)."""
    pos, neg = np.asarray(positives)[:, None], np.asarray(negatives)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def count_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """(English asked noun, Greek asked noun as written, gold doc id) of the parallel how-many questions."""
    rows = {r["id"]: r for r in read_jsonl(folder / "questions.jsonl")}
    pairs = []
    for key, english in rows.items():
        greek = rows.get(key.removesuffix("-en") + "-el")
        asked = asked_for(english["question"]) if key.endswith("-en") else None
        if greek is None or asked is None or asked.kind != "count" or not asked.noun:
            continue
        greek_noun = _GREEK_NOUN.search(greek["question"])
        if greek_noun is not None:
            pairs.append((asked.noun, greek_noun.group(1), english["doc_id"]))
    return pairs


def noun_scores(pairs: list[tuple[str, str, str]], embed: Embed) -> tuple[list[float], list[float]]:
    """Cosines of parallel noun pairs (positives) and of mismatched ones (negatives)."""
    vectors = dict(zip(nouns := sorted({n for p in pairs for n in p[:2]}), embed(nouns), strict=True))
    positives = [float(vectors[en] @ vectors[el]) for en, el, _ in pairs]
    negatives = [float(vectors[en] @ vectors[el2]) for en, el, _ in pairs for en2, el2, _ in pairs
                 if en.lower() != en2.lower() and fold(el)[:4] != fold(el2)[:4]]
    return positives, negatives


def article_scores(
    pairs: list[tuple[str, str, str]], docs: dict[str, str], embed: Embed, words: int
) -> tuple[list[float], list[float]]:
    """Best closeness to the own paragraph's counted words (positives), and to those of a
    paragraph of another article, the article five further on (negatives)."""
    matcher = CountNounMatcher(embed)
    articles = sorted({d.rsplit("-", 1)[0] for d in docs})
    positives, negatives = [], []
    for noun, _, doc_id in pairs:
        own = matcher.closeness(noun, counted_words(docs[doc_id], words))
        article = doc_id.rsplit("-", 1)[0]
        other_article = articles[(articles.index(article) + 5) % len(articles)]
        other_id = next(d for d in sorted(docs) if d.startswith(other_article + "-") and counted_words(docs[d]))
        other = matcher.closeness(noun, counted_words(docs[other_id], words))
        if own is not None and other is not None:
            positives.append(own)
            negatives.append(other)
    return positives, negatives


def report_thresholds(positives: Sequence[float], negatives: Sequence[float]) -> None:
    """Precision and recall of "another noun" (closeness below the threshold) at a few thresholds,
    and the threshold of the best Youden J (recall of other nouns - share of matches flagged)."""
    for threshold in np.arange(0.84, 0.92, 0.01):
        flagged_neg = sum(s < threshold for s in negatives)
        flagged_pos = sum(s < threshold for s in positives)
        precision = flagged_neg / max(1, flagged_neg + flagged_pos)
        print(f"    below {threshold:.2f}: another-noun precision {precision:.2f} "
              f"recall {flagged_neg / len(negatives):.2f} (matches flagged {flagged_pos}/{len(positives)})")
    cuts = sorted({*positives, *negatives})
    best = max(cuts, key=lambda t: np.mean(np.asarray(negatives) < t) - np.mean(np.asarray(positives) < t))
    print(f"    best Youden J below {best:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=SHARED / "eval" / "xquad-el")
    parser.add_argument("--models", type=Path, default=MODELS_CACHE)
    parser.add_argument("--prompts", type=int, default=2, help="1: the query prompt only (the one answering uses)")
    args = parser.parse_args()
    if not (args.models / "multilingual-e5-small").is_dir():
        build_bundled_model(args.models / "multilingual-e5-small")
    embedder = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, args.models)
    pairs = count_pairs(args.folder)
    docs = {r["id"]: r["text"] for r in read_jsonl(args.folder / "corpus.jsonl")}
    print(f"{len(pairs)} parallel how-many questions")
    for prompt, embed in (("query", embedder.embed_queries), ("passage", embedder.embed_passages))[: args.prompts]:
        positives, negatives = noun_scores(pairs, embed)
        print(f"{prompt}: nouns AUC {auc(positives, negatives):.3f} ({len(positives)} pos, {len(negatives)} neg)")
        for words in (1, 2):
            started = time.perf_counter()
            positives, negatives = article_scores(pairs, docs, embed, words)
            ms = (time.perf_counter() - started) / max(1, 2 * len(positives)) * 1000
            print(f"{prompt}, {words} word(s): articles AUC {auc(positives, negatives):.3f} "
                  f"({len(positives)} pairs, {ms:.1f} ms a check)")
            report_thresholds(positives, negatives)


if __name__ == "__main__":
    main()
