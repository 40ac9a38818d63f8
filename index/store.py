"""The Chroma collections that hold the index; the only module that imports chromadb.

Each complete index is one *generation*: a collection ``{prefix}-g{N}``. A reindex writes a new
generation beside the current one and then moves the pointer to it, so readers never see a
half-written index. The pointer lives in a file beside the embedded database, or, with a Chroma
server, in a small ``{prefix}-meta`` collection every replica can read.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import StoreError

log = logging.getLogger(__name__)

_POINTER_ID = "current"
_GENERATION = re.compile(r"-g(\d+)$")
_PAGE = 2000  # rows per get/add call; Chroma caps batch sizes
# What a generation's chunk metadata holds. 1: chunks carry ``day`` (int YYYYMMDD). A reindex
# rewrites an older generation (reusing its vectors) so date filters see every dated chunk.
INDEX_LAYOUT = 1


@dataclass(frozen=True)
class Pointer:
    """Which generation is complete and current, and how it was built."""

    generation: int
    model: str
    chunk_tokens: int
    overlap_sentences: int
    chunks: int
    articles: int
    layout: int = 0  # pointers written before layouts were recorded read as 0


@dataclass(frozen=True)
class StoredChunks:
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    embeddings: np.ndarray | None


@contextmanager
def _store_errors(action: str, where: str) -> Iterator[None]:
    """Chroma and network failures become one StoreError with a message for people."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot {action} the Chroma index at {where}: {type(exc).__name__}: {exc}") from exc


class VectorStore:
    """Generations of the chunk collection, in embedded Chroma or on a Chroma server."""

    def __init__(self, index_dir: Path, chroma_url: str | None = None, prefix: str = "news") -> None:
        self._index_dir = index_dir
        self._url = chroma_url
        self._prefix = prefix
        self._client_obj: Any = None
        # Collection handles by generation: every search used to fetch its collection afresh,
        # one more round trip to a Chroma server per question.
        self._collections: dict[int, Any] = {}
        self.where = chroma_url or str(index_dir)

    # --- connection -------------------------------------------------------------------
    def _client(self) -> Any:
        if self._client_obj is None:
            with _store_errors("open", self.where):
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
                if self._url:
                    parsed = urlparse(self._url)
                    if parsed.scheme not in ("http", "https") or not parsed.hostname:
                        raise StoreError(f"NEWSBOT_CHROMA_URL {self._url!r} is not an http(s) URL")
                    self._client_obj = chromadb.HttpClient(
                        host=parsed.hostname,
                        port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                        ssl=parsed.scheme == "https",
                        settings=chroma_settings,
                    )
                else:
                    (self._index_dir / "chroma").mkdir(parents=True, exist_ok=True)
                    self._client_obj = chromadb.PersistentClient(
                        path=str(self._index_dir / "chroma"), settings=chroma_settings
                    )
        return self._client_obj

    def reopen(self) -> None:
        """Drop the client so the next call sees what other processes wrote since."""
        if self._client_obj is not None and not self._url:
            from chromadb.api.client import SharedSystemClient  # type: ignore[attr-defined]

            # Embedded clients share one cached system per path; a fresh view needs a new one.
            SharedSystemClient.clear_system_cache()
        self._client_obj = None
        self._collections.clear()

    def heartbeat(self) -> None:
        with _store_errors("reach", self.where):
            self._client().heartbeat()

    # --- the pointer ------------------------------------------------------------------
    @property
    def _pointer_file(self) -> Path:
        return self._index_dir / "CURRENT.json"

    def _meta_collection(self) -> Any:
        return self._client().get_or_create_collection(f"{self._prefix}-meta", embedding_function=None)

    def read_pointer(self) -> Pointer | None:
        """The current complete generation, or None before the first reindex."""
        if not self._url:
            try:
                return Pointer(**json.loads(self._pointer_file.read_text(encoding="utf-8")))
            except FileNotFoundError:
                return None
            except (ValueError, TypeError) as exc:
                raise StoreError(f"{self._pointer_file} is damaged ({exc}); run `newsbot reindex`") from exc
        with _store_errors("read", self.where):
            got = self._meta_collection().get(ids=[_POINTER_ID], include=["metadatas"])
            if not got["ids"]:
                return None
            meta = dict(got["metadatas"][0])
            return Pointer(**{k: meta[k] for k in Pointer.__dataclass_fields__ if k in meta})

    def write_pointer(self, pointer: Pointer) -> None:
        """Make ``pointer`` current in one atomic step."""
        if not self._url:
            self._index_dir.mkdir(parents=True, exist_ok=True)
            with _store_errors("write", str(self._pointer_file)):
                fd, tmp = tempfile.mkstemp(dir=self._index_dir, prefix=".CURRENT-")
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as handle:
                        json.dump(asdict(pointer), handle)
                        handle.flush()
                        os.fsync(handle.fileno())
                    os.replace(tmp, self._pointer_file)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)  # e.g. the disk is full: leave no stray file
                    raise
            return
        with _store_errors("write", self.where):
            self._meta_collection().upsert(
                ids=[_POINTER_ID], embeddings=[[0.0]], metadatas=[asdict(pointer)], documents=[""]
            )

    def pointer_stamp(self) -> object:
        """Something cheap that changes whenever the pointer does (readers poll it)."""
        if not self._url:
            try:
                st = self._pointer_file.stat()
                return (st.st_mtime_ns, st.st_size, st.st_ino)
            except FileNotFoundError:
                return None
        return self.read_pointer()

    # --- generations ------------------------------------------------------------------
    def collection_name(self, generation: int) -> str:
        return f"{self._prefix}-g{generation}"

    def generations(self) -> list[int]:
        """Generations present in the store, complete or not."""
        with _store_errors("list", self.where):
            names = [getattr(c, "name", c) for c in self._client().list_collections()]
        found = []
        for name in names:
            match = _GENERATION.search(str(name))
            if match and str(name).startswith(f"{self._prefix}-g"):
                found.append(int(match.group(1)))
        return sorted(found)

    def _collection(self, generation: int, create: bool = False) -> Any:
        cached = self._collections.get(generation)
        if cached is not None:
            return cached
        name = self.collection_name(generation)
        with _store_errors("open", self.where):
            if create:
                collection = self._client().get_or_create_collection(
                    name, embedding_function=None, metadata={"hnsw:space": "cosine"}
                )
            else:
                collection = self._client().get_collection(name, embedding_function=None)
        self._collections[generation] = collection
        return collection

    def create_generation(self, generation: int) -> None:
        self._collection(generation, create=True)

    def delete_generation(self, generation: int) -> None:
        self._collections.pop(generation, None)
        with _store_errors("delete from", self.where):
            self._client().delete_collection(self.collection_name(generation))

    def count(self, generation: int) -> int:
        with _store_errors("read", self.where):
            return int(self._collection(generation).count())

    def add(
        self,
        generation: int,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        collection = self._collection(generation)
        with _store_errors("write", self.where):
            for start in range(0, len(ids), _PAGE):
                end = start + _PAGE
                collection.add(
                    ids=list(ids[start:end]),
                    embeddings=embeddings[start:end],
                    documents=list(documents[start:end]),
                    metadatas=list(metadatas[start:end]),
                )

    def get_all(self, generation: int, with_embeddings: bool = False) -> StoredChunks:
        """Every chunk of a generation (for the lexical index and for reusing vectors)."""
        collection = self._collection(generation)
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        vectors: list[np.ndarray] = []
        with _store_errors("read", self.where):
            offset = 0
            while True:
                page = collection.get(include=include, limit=_PAGE, offset=offset)
                if not page["ids"]:
                    break
                ids.extend(page["ids"])
                documents.extend(page["documents"] or [])
                metadatas.extend(dict(m) for m in (page["metadatas"] or []))
                if with_embeddings:
                    vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
                offset += len(page["ids"])
        embeddings = np.concatenate(vectors) if vectors else None
        return StoredChunks(ids, documents, metadatas, embeddings)

    def get_embeddings(self, generation: int, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        with _store_errors("read", self.where):
            got = self._collection(generation).get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def query(
        self, generation: int, vector: np.ndarray, n: int, days: tuple[int, int] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunks to ``vector`` as (chunk id, cosine similarity), best first.

        With ``days`` (inclusive YYYYMMDD bounds) only chunks whose ``day`` lies in the range.
        """
        if n <= 0:
            return []
        where = None if days is None else {"$and": [{"day": {"$gte": days[0]}}, {"day": {"$lte": days[1]}}]}
        with _store_errors("search", self.where):
            # Chroma returns what a collection holds when asked for more: no count() round trip.
            got = self._collection(generation).query(
                query_embeddings=[vector], n_results=n, include=["distances"], where=where
            )
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]
