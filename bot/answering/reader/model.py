"""The trained reader at answer time: load it (or report why not) and score (question, sentence) pairs."""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

log = logging.getLogger(__name__)

WEIGHTS_PATH = Path(__file__).with_name("reader.safetensors")
Precision = Literal["fp32", "bf16", "int8"]


class Reader(Protocol):
    """Scores how well each sentence answers the question (a logit: > 0 leans "answers")."""

    def score(self, question: str, sentences: Sequence[str]) -> np.ndarray: ...


class CrossEncoderReader:
    """The bundled e5-small with its trained top layers and head, reading each pair jointly."""

    def __init__(self, tokenizer: Any, network: Any) -> None:
        self._tokenizer = tokenizer
        self._network = network

    def score(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        import torch

        from bot.answering.reader.network import encode_pairs

        if not sentences:
            return np.zeros(0, dtype=np.float32)
        ids, mask = encode_pairs(self._tokenizer, question, list(sentences))
        with torch.inference_mode():
            return np.asarray(self._network(ids, mask).float().numpy(), dtype=np.float32)


def weights_problem(weights: Path) -> str | None:
    """Why ``weights`` can't be used (missing, or not the file its .sha256 names), else None."""
    if not weights.is_file():
        return f"{weights.name} is missing"
    expected = weights.with_suffix(".sha256")
    if not expected.is_file():
        return f"{expected.name} is missing"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if expected.read_text(encoding="utf-8").split()[0] != digest:
        return f"{weights.name} does not match its sha256"
    return None


def load_reader(
    models_dir: Path, weights: Path = WEIGHTS_PATH, precision: Precision = "bf16"
) -> CrossEncoderReader | None:
    """The trained reader, or None (logged) when its weights or the bundled base are unavailable."""
    problem = weights_problem(weights)
    if problem is not None:
        log.warning("reader not loaded (%s): answers use the sentence-similarity scorer", problem)
        return None
    from index.bundled_model import build_bundled_model
    from index.errors import ModelError

    try:
        folder = build_bundled_model(models_dir / "multilingual-e5-small")
    except ModelError as exc:
        log.warning("reader not loaded (%s): answers use the sentence-similarity scorer", exc)
        return None
    return _build(folder, weights, precision)


def _build(folder: Path, weights: Path, precision: Precision) -> CrossEncoderReader:
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file

    from bot.answering.reader.network import load_base

    with safe_open(str(weights), framework="pt") as handle:
        card = handle.metadata()
    tokenizer, network = load_base(folder, int(card["trained_layers"]))
    state = {k: v.float() for k, v in load_file(str(weights)).items()}
    head = {k.removeprefix("head."): v for k, v in state.items() if k.startswith("head.")}
    network.head.load_state_dict(head)
    for i in range(network.first_trained, len(network.layers)):
        prefix = f"layers.{i}."
        network.layers[i].load_state_dict({k.removeprefix(prefix): v for k, v in state.items() if k.startswith(prefix)})
    network.eval()
    if precision == "bf16":
        network = network.to(torch.bfloat16)
    elif precision == "int8":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize: Any = torch.ao.quantization.quantize_dynamic
            network = quantize(network, {torch.nn.Linear}, dtype=torch.qint8)
    log.info("reader loaded: %s", json.dumps(card))
    return CrossEncoderReader(tokenizer, network)
