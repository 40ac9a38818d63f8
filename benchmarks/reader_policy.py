"""How the reader's answer policy was chosen: how many sentences it reads, how its score is fused
with today's, when one quote is enough, and what abstention on the fused score does.

Scores every candidate sentence of every question once (today's scorer and the reader), then
replays the policies over those scores, so a sweep takes seconds. Run on the XQuAD near-miss set
(benchmarks/reader_answers.py); the news dev set only for a final check (`--set news --at ...`).

    PYTHONPATH=. python benchmarks/reader_policy.py [--set xquad-nearmiss|news] [--weights PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import CACHE, Question, clean_environment, contains_answer
from benchmarks.reader_answers import indexed_bot
from bot.answering import prompts
from bot.answering.extractive import asks_quantity, has_new_number
from bot.answering.reader.model import WEIGHTS_PATH
from bot.answering.reading import wants_several_quotes
from bot.answering.short_answer import asked_kind, short_answer

Candidate = dict[str, Any]


def score_candidates(which: str, weights: Path, threads: int) -> list[tuple[Question, list[Candidate]]]:
    """Every question with its candidate sentences (today's order), each with today's score and the reader's logit."""
    import torch

    from bot.answering.extractive import rank_sentences
    from bot.answering.reader.model import load_reader

    clean_environment()
    torch.set_num_threads(threads)
    bot, dataset = indexed_bot(which, reuse_index=True)
    reader = load_reader(bot.settings.models_dir, weights)
    assert reader is not None, "the reader's weights did not load"
    policy = bot.answerer.policy
    scored = []
    for q in dataset.questions:
        hits = bot.retriever.search(q.question, policy.top_k)[: policy.sentence_chunks]
        evidence = rank_sentences(q.question, hits, bot.embedder, policy.max_sentences)
        logits = reader.score(q.question, [e.sentence for e in evidence]) if evidence else []
        scored.append((q, [{"doc": e.hit.doc_id, "sentence": e.sentence, "score": e.score, "logit": float(lg)}
                           for e, lg in zip(evidence, logits, strict=True)]))
    return scored


def replay(scored: Sequence[tuple[Question, list[Candidate]]], read: int, weight: float, lead: float,
           thresholds: dict[str, float] | None = None, use_reader: bool = True, quantity_check: bool = False,
           ) -> dict[str, float]:
    """The figures of one policy; without ``thresholds``, those abstaining on 5% of answerable questions.

    ``quantity_check``: the answerer's answer-type check (a how-many / how-much question abstains
    when its best quote holds no new amount), applied after the thresholds are chosen.
    """
    def fused(c: Candidate) -> float:
        return c["logit"] + weight * c["score"] if use_reader else c["score"]

    rows = []
    for q, candidates in scored:
        if not candidates:
            rows.append({"q": q, "best": -1e9, "right": False, "chars": 0, "short": None, "holds": False})
            continue
        head = sorted(candidates[:read] if use_reader else candidates, key=fused, reverse=True)
        several = wants_several_quotes(q.question)
        alone = not several and (len(head) == 1 or fused(head[0]) - fused(head[1]) >= lead)
        quotes = [head[0]] if alone else [head[0], *[c for c in head[1:] + candidates[read:]
                                                     if c["doc"] == head[0]["doc"]][:2]]
        short = short_answer(q.question, [c["sentence"] for c in quotes], q.question)
        text = "\n".join([short or "", prompts.EXTRACTIVE_INTRO["el" if q.lang == "el" else "en"],
                          *(f"«{c['sentence']}» [1]" for c in quotes)]).strip()
        right = q.doc_id is not None and q.doc_id in {c["doc"] for c in quotes} and contains_answer(text, q.answers)
        fails_check = asks_quantity(q.question) and not has_new_number(q.question, quotes[0]["sentence"])
        rows.append({"q": q, "best": fused(head[0]), "right": right, "chars": len(text), "short": short,
                     "holds": bool(short) and contains_answer(short or "", q.answers), "fails_check": fails_check})
    out: dict[str, float] = {}
    chosen = dict(thresholds or {})
    for lang in ("el", "en"):
        pos = sorted(r["best"] for r in rows if r["q"].lang == lang and r["q"].kind != "unanswerable")
        neg = [r["best"] for r in rows if r["q"].lang == lang and r["q"].kind == "unanswerable"]
        if pos and neg:
            out[f"auc_{lang}"] = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
        if lang not in chosen and pos:
            chosen[lang] = pos[int(0.05 * len(pos))]
        out[f"threshold_{lang}"] = chosen.get(lang, float("nan"))
    answerable = [r for r in rows if r["q"].kind != "unanswerable"]
    unanswerable = [r for r in rows if r["q"].kind == "unanswerable"]
    def abstains(r: dict[str, Any]) -> bool:
        return bool(r["best"] < chosen.get(r["q"].lang, -1e9) or (quantity_check and r.get("fails_check")))

    answered = [r for r in answerable if not abstains(r)]
    factoid = [r for r in answered if asked_kind(r["q"].question)]
    given = [r for r in factoid if r["short"]]
    out.update(
        right=sum(r["right"] for r in answered) / len(answerable),
        false_abstention=1 - len(answered) / len(answerable),
        unanswerable_abstained=sum(abstains(r) for r in unanswerable) / max(len(unanswerable), 1),
        median_chars=statistics.median(r["chars"] for r in answered) if answered else 0.0,
        short_given=len(given) / max(len(factoid), 1),
        short_holds=sum(r["holds"] for r in given) / max(len(given), 1),
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="xquad-nearmiss", choices=["news", "xquad-nearmiss"])
    parser.add_argument("--weights", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rescore", action="store_true", help="score again (else reuse the cached scores)")
    parser.add_argument("--at", help='one policy on fixed thresholds, e.g. \'{"read": 6, "weight": 20, "lead": 2, '
                        '"el": 16.8, "en": 14.1}\' (the final check on news)')
    args = parser.parse_args(argv)
    digest = hashlib.sha256(args.weights.read_bytes()).hexdigest()[:12]  # scores belong to one set of weights
    cache = CACHE / f"reader-policy-{args.set}-{digest}.pkl"
    if args.rescore or not cache.is_file():
        cache.write_bytes(pickle.dumps(score_candidates(args.set, args.weights, args.threads)))
    scored = pickle.loads(cache.read_bytes())

    def show(name: str, figures: dict[str, float]) -> None:
        print(name, json.dumps({k: round(v, 3) for k, v in figures.items()}), flush=True)

    if args.at:
        at = json.loads(args.at)
        thresholds = {"el": at["el"], "en": at["en"]}
        show("policy", replay(scored, at["read"], at["weight"], at["lead"], thresholds))
        show("policy + quantity check", replay(scored, at["read"], at["weight"], at["lead"], thresholds,
                                               quantity_check=True))
        today = {"el": 0.95, "en": 0.84}
        show("today's scorer, 3 quotes", replay(scored, 99, 0.0, float("inf"), today, False))
        show("today's scorer, 3 quotes + quantity check", replay(scored, 99, 0.0, float("inf"), today, False, True))
        return 0
    show("today's scorer, 3 quotes", replay(scored, 99, 0.0, float("inf"), use_reader=False))
    show("today's scorer, 1 quote", replay(scored, 99, 0.0, -float("inf"), use_reader=False))
    for read in (4, 6, 10, 14):
        for weight in (0.0, 10.0, 20.0, 40.0):
            show(f"read {read}, weight {weight}, 1 quote", replay(scored, read, weight, -float("inf")))
    for lead in (0.0, 1.0, 2.0, 3.0, 4.0, float("inf")):
        show(f"read 6, weight 20, lead {lead}", replay(scored, 6, 20.0, lead))
    show("read 6, weight 20, lead 2 + quantity check", replay(scored, 6, 20.0, 2.0, quantity_check=True))
    show("today's scorer, 3 quotes + quantity check", replay(scored, 99, 0.0, float("inf"), None, False, True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
