"""Sentence vectors stored at index time, so that answering embeds only the question.

The extractive answerer scores the sentences of the retrieved chunks against the question
(bot/answering/extractive.py). Embedding them at question time was nearly all of an answer's
cost, and the same sentences were embedded again for every question about the same story. A
reindex now embeds each sentence of each new or changed chunk once, with the same model and
passage prompt, and the catalog (index/catalog.py) keeps it:

- keyed by a 64-bit hash of the exact sentence text (the catalog is one model's: one
  generation), so a sentence repeated by overlapping chunks, or by another article, is one row;
- counted by the visible chunks that hold it, so it leaves with the last of them;
- as int8 with a per-vector scale (388 bytes at 384 dimensions against 1536 in float32; the
  scoring difference is measured in BENCHMARKS.md).

:class:`SentenceVectors` is what answering calls: stored vectors first, then the recently
embedded ones, and only what neither holds is embedded (an index built before this change).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from index.text import split_sentences

log = logging.getLogger(__name__)

# Sentences this short are never scored (bot/answering/extractive.py candidate_sentences): not stored.
MIN_SENTENCE_CHARS = 15
# Written to the catalog's meta table by the reindex that stored every visible chunk's sentences;
# bump when the key or the encoding changes (the next reindex stores them again).
FORMAT = "int8-scale-v1"
META_KEY = "sentence_vectors"
UPGRADE_HINT = (
    "this index has no stored sentence vectors (it was built before they were): answers embed "
    "their candidate sentences until `newsbot reindex` stores them (once; chunks are not embedded "
    "again; a replica of a Chroma server gets them from that reindex's change record)."
)

# What the index holds for some sentences; None when it stores no sentence vectors at all.
StoredLookup = Callable[[Sequence[str]], dict[str, np.ndarray] | None]


def scored_sentences(chunk_text: str) -> list[str]:
    """The distinct sentences of a chunk that answering may score, in order."""
    return list(dict.fromkeys(s for s in split_sentences(chunk_text) if len(s) > MIN_SENTENCE_CHARS))


def sentence_key(sentence: str) -> int:
    """A signed 64-bit key of the exact text (SQLite's INTEGER PRIMARY KEY: the row id itself)."""
    return int.from_bytes(hashlib.blake2b(sentence.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def sentence_counts(chunk_texts: Iterable[str]) -> Counter[int]:
    """How many of these chunks hold each sentence key (a chunk counts a sentence once)."""
    counts: Counter[int] = Counter()
    for text in chunk_texts:
        counts.update(sentence_key(s) for s in scored_sentences(text))
    return counts


def encode(vector: np.ndarray) -> bytes:
    """int8 with a float32 scale in front: the largest component maps to 127."""
    vector = np.asarray(vector, dtype=np.float32)
    peak = float(np.max(np.abs(vector))) if vector.size else 0.0
    scale = peak / 127.0 if peak > 0 else 1.0
    quantized = np.clip(np.rint(vector / scale), -127, 127).astype(np.int8)
    return np.float32(scale).tobytes() + quantized.tobytes()


def decode(blob: bytes) -> np.ndarray:
    scale = float(np.frombuffer(blob, dtype=np.float32, count=1)[0])
    vector: np.ndarray = np.frombuffer(blob, dtype=np.int8, offset=4).astype(np.float32) * np.float32(scale)
    return vector


def decode_many(blobs: Sequence[bytes]) -> np.ndarray:
    """Rows of equal length decoded in one pass."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), -1)
    scales = raw[:, :4].copy().view(np.float32)
    return raw[:, 4:].view(np.int8).astype(np.float32) * scales


class SentenceVectors:
    """The vectors of candidate sentences: stored in the index, else kept from recent answers, else embedded.

    ``stored`` returns what the index holds for some texts (None: an index without them, which is
    said once, with how to upgrade); ``embed`` gives the vectors of the rest (the model's passage
    embedding, usually through index.embedding.RecentVectors).
    """

    def __init__(self, stored: StoredLookup | None, embed: Callable[[Sequence[str]], np.ndarray]) -> None:
        self._stored = stored
        self._embed = embed
        self._hinted = False
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        stored = self._stored(texts) if self._stored is not None and texts else {}
        if stored is None:
            self._hint_once()
            stored = {}
        missing = list(dict.fromkeys(t for t in texts if t not in stored))
        found = {**stored, **dict(zip(missing, self._embed(missing), strict=True))} if missing else stored
        return np.stack([found[t] for t in texts])

    def _hint_once(self) -> None:
        with self._lock:
            if self._hinted:
                return
            self._hinted = True
        log.warning(UPGRADE_HINT)
