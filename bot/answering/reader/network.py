"""The reader's network: the bundled e5-small encoder over a (question, sentence) pair, plus a linear head.

The lower layers (and the word embeddings) stay exactly the bundled model's; only the top
``trained_layers`` and the head are trained, and only they are stored in the project.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from index.bundled_model import PASSAGE_PROMPT, QUERY_PROMPT

MAX_PAIR_TOKENS = 160  # a question and one news sentence fit; longer sentences are cut


class ReaderNetwork(nn.Module):
    """Encoder layers split into a frozen lower part and a trained upper part, mean pooling, one logit."""

    def __init__(self, bert: Any, trained_layers: int) -> None:
        super().__init__()
        self.embeddings = bert.embeddings
        self.layers = bert.encoder.layer
        self.first_trained = len(self.layers) - trained_layers
        self.head = nn.Linear(bert.config.hidden_size, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    @staticmethod
    def _additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min

    def lower(self, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Hidden states after the frozen layers (the same for every trained reader)."""
        hidden = self.embeddings(input_ids=input_ids, token_type_ids=torch.zeros_like(input_ids))
        additive = self._additive_mask(mask, hidden.dtype)
        for layer in self.layers[: self.first_trained]:
            hidden = layer(hidden, additive)
        return hidden  # type: ignore[no-any-return]

    def upper(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """One logit per pair from the frozen layers' output: does the sentence answer the question?"""
        additive = self._additive_mask(mask, hidden.dtype)
        for layer in self.layers[self.first_trained :]:
            hidden = layer(hidden, additive)
        weights = mask.to(hidden.dtype)[:, :, None]
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
        return self.head(pooled).squeeze(-1)  # type: ignore[no-any-return]

    def forward(self, input_ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.upper(self.lower(input_ids, mask), mask)

    def trained_state(self) -> dict[str, torch.Tensor]:
        """What differs from the bundled model: the trained layers and the head."""
        state = {}
        for i in range(self.first_trained, len(self.layers)):
            for name, tensor in self.layers[i].state_dict().items():
                state[f"layers.{i}.{name}"] = tensor
        for name, tensor in self.head.state_dict().items():
            state[f"head.{name}"] = tensor
        return state


def load_base(model_folder: Path, trained_layers: int) -> tuple[Any, ReaderNetwork]:
    """The tokenizer and an untrained reader built on the bundled model's folder."""
    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging

    hf_logging: Any = logging  # partly untyped

    tokenizer = AutoTokenizer.from_pretrained(str(model_folder))
    # Loading prints a progress bar and reports the checkpoint's pooler (not used here) as
    # "UNEXPECTED" on the user's terminal; neither is news to a user who turned the reader on.
    verbosity, progress = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        bert = BertModel.from_pretrained(str(model_folder), attn_implementation="sdpa", add_pooling_layer=False)
    finally:
        hf_logging.set_verbosity(verbosity)
        if progress:
            hf_logging.enable_progress_bar()
    network = ReaderNetwork(bert, trained_layers)
    network.eval()
    return tokenizer, network


def encode_pairs(tokenizer: Any, question: str, sentences: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids and attention mask of ("query: question", "passage: sentence") pairs."""
    batch = tokenizer(
        [QUERY_PROMPT + question] * len(sentences),
        [PASSAGE_PROMPT + s for s in sentences],
        truncation="only_second",
        max_length=MAX_PAIR_TOKENS,
        padding=True,
        return_tensors="pt",
    )
    return batch["input_ids"], batch["attention_mask"]
