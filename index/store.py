"""The Chroma collections that hold the vectors; the only module that imports chromadb.

Each index *generation* (one embedding model and chunking recipe) is one collection
``{prefix}-g{N}`` beside one catalog file (index/catalog.py) that says which chunks are visible.
A reindex updates a generation in place; a change of model or chunking builds the next one
beside it and then moves the pointer, so readers never see a half-built index. The pointer
lives in a file beside the embedded database, or, with a Chroma server, in a small
``{prefix}-meta`` collection every replica reads, together with the change records from which
each replica keeps its own catalog in step (index/sync.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import IndexDamagedError, StoreError, damage_line

log = logging.getLogger(__name__)

_POINTER_ID = "current"
_GENERATION = re.compile(r"-g(\d+)$")
_EMBEDDED_OPEN = threading.Lock()
_RECIPE_KEY = "newsbot_recipe"
_PAGE = 2000  # rows per get/add call; Chroma caps batch sizes
# Sentence vectors per change-record page: about 0.53 MB of JSON at 384 dimensions (an article page
# of 2000 entries is about as large).
_VECTOR_PAGE = 1000
_PAGES_PER_GET = 16  # change-record pages fetched per call (a few MB)


@dataclass(frozen=True)
class Pointer:
    """Which generation is current and how it was built; ``version`` counts its change records
    (Chroma server only: replicas replay them; embedded, the catalog's own version is used)."""

    generation: int
    model: str
    chunk_tokens: int
    overlap_sentences: int
    analysis: str = ""
    version: int = 0
    # Which build of the server's index the versions count in: a server that lost its data and was
    # rebuilt counts versions from 1 again, and a replica must not take its old catalog for current.
    epoch: str = ""

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Pointer:
        if not isinstance(record, dict):
            raise TypeError(f"expected a JSON object, found {type(record).__name__}")
        fields = {k: record[k] for k in cls.__dataclass_fields__ if k in record}
        return cls(**fields)

    def recipe(self) -> tuple[str, int, int, str]:
        return (self.model, self.chunk_tokens, self.overlap_sentences, self.analysis)


class PointerDamagedError(IndexDamagedError):
    """CURRENT.json cannot be read as a pointer (a reindex sets it aside and rebuilds it)."""


# What a change record's sentence vectors cover (ChangeRecord.sentences).
SENTENCES_ADDED = "added"  # every scored sentence of the chunks the record adds
# every scored sentence of every chunk visible after it (an epoch's first record, and the first one
# after records that carried none)
SENTENCES_ALL = "all"


@dataclass(frozen=True)
class ChangeRecord:
    """One reindex's switch, as replicas replay it: new article versions and removed articles, and
    the stored sentence vectors a replica needs so that it embeds none at question time."""

    version: int
    articles: list[dict[str, Any]]  # ArticleEntry fields
    removed: list[str]
    # Encoded vectors (index/sentence_vectors.py) by sentence key, covering what ``sentences`` says;
    # a record written before replicas got them has none and ``sentences`` "".
    sentence_vectors: dict[int, bytes] = field(default_factory=dict)
    sentences: str = ""


@dataclass(frozen=True)
class StoredChunk:
    chunk_id: str
    text: str
    metadata: dict[str, Any]


@contextmanager
def _store_errors(action: str, where: str) -> Iterator[None]:
    """Chroma and network failures become one StoreError with a message for people."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        if "malformed" in str(exc) or "not a database" in str(exc):
            if where.startswith(("http://", "https://")):  # the server's own files: only its operator can act
                raise IndexDamagedError(
                    f"the Chroma server at {where} reports a damaged database ({type(exc).__name__}: {exc}); "
                    "no question can be answered: empty or restore the server's volume, then run `newsbot reindex`"
                ) from exc
            raise IndexDamagedError(damage_line(
                f"Chroma's database in {where} is damaged ({type(exc).__name__}: {exc})",
                "no question can be answered")) from exc
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

    @property
    def index_dir(self) -> Path:
        return self._index_dir

    @property
    def is_server(self) -> bool:
        return bool(self._url)

    def fresh_view(self) -> VectorStore:
        """A new store on the same place. Embedded Chroma loads a collection's vector index once per
        client, so a reader needs a new client to see vectors other processes wrote since."""
        return VectorStore(self._index_dir, self._url, self._prefix)

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
                    from chromadb.api.client import SharedSystemClient  # type: ignore[attr-defined]

                    path = self._index_dir / "chroma"
                    path.mkdir(parents=True, exist_ok=True)
                    # Chroma shares one system per path in a process; this client gets its own, so
                    # it sees what other processes wrote. Clients made before keep theirs.
                    identifier = str(path)
                    with _EMBEDDED_OPEN:  # the cache is shared by threads: one client made at a time
                        SharedSystemClient._identifier_to_system.pop(identifier, None)
                        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
                        self._client_obj = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        return self._client_obj

    def reopen(self) -> None:
        """Drop the client so the next call sees what other processes wrote since."""
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
        """The current generation, or None before the first reindex."""
        if not self._url:
            try:
                return Pointer.from_record(json.loads(self._pointer_file.read_text(encoding="utf-8")))
            except FileNotFoundError:
                return None
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                raise PointerDamagedError(
                    f"the index pointer {self._pointer_file} is damaged ({type(exc).__name__}: {exc}); "
                    "no question can be answered until it is rebuilt: run `newsbot reindex`"
                ) from exc
        with _store_errors("read", self.where):
            got = self._meta_collection().get(ids=[_POINTER_ID], include=["metadatas"])
            if not got["ids"]:
                return None
            return Pointer.from_record(dict(got["metadatas"][0]))

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

    # --- change records (Chroma server) -----------------------------------------------
    def _change_id(self, generation: int, version: int, page: int) -> str:
        return f"change-g{generation}-v{version}-p{page}"

    def write_change(self, generation: int, change: ChangeRecord) -> None:
        """Store a change record before the pointer names it: pages of at most _PAGE articles, then
        pages of at most _VECTOR_PAGE sentence vectors.

        A vector page keeps its vectors in its metadata, not in its document: Chroma indexes every
        document for full-text search (trigrams), which made a page of base64 take about 7.6 times
        its size on the server's disk, against about 3 times as metadata. Its document is an empty
        article page, so a replica of an older release replays the record (without the vectors).
        """
        article_pages = max(1, -(-len(change.articles) // _PAGE))
        vector_keys = list(change.sentence_vectors)
        pages = article_pages + -(-len(vector_keys) // _VECTOR_PAGE)
        with _store_errors("write", self.where):
            meta = self._meta_collection()
            for number in range(pages):
                metadata: dict[str, Any] = {"pages": pages}
                if number < article_pages:
                    start = number * _PAGE
                    page: dict[str, Any] = {"articles": change.articles[start : start + _PAGE]}
                else:
                    start = (number - article_pages) * _VECTOR_PAGE
                    page = {"articles": []}
                    metadata["vectors"] = json.dumps({
                        str(key): base64.b64encode(change.sentence_vectors[key]).decode("ascii")
                        for key in vector_keys[start : start + _VECTOR_PAGE]
                    }, separators=(",", ":"))
                if number == 0:
                    page["removed"] = change.removed
                    if change.sentences:
                        page["sentences"] = change.sentences
                meta.upsert(
                    ids=[self._change_id(generation, change.version, number)],
                    embeddings=[[0.0]],
                    metadatas=[metadata],
                    documents=[json.dumps(page, ensure_ascii=False)],
                )

    def read_change(self, generation: int, version: int) -> ChangeRecord:
        with _store_errors("read", self.where):
            meta = self._meta_collection()
            first = meta.get(ids=[self._change_id(generation, version, 0)], include=["metadatas", "documents"])
            if not first["ids"]:
                raise StoreError(f"change record {version} of generation {generation} is missing at {self.where}")
            pages = int(first["metadatas"][0]["pages"])
            documents = [first["documents"][0]]
            metadatas = [dict(first["metadatas"][0])]
            ids = [self._change_id(generation, version, n) for n in range(1, pages)]
            for start in range(0, len(ids), _PAGES_PER_GET):
                part = ids[start : start + _PAGES_PER_GET]
                rest = meta.get(ids=part, include=["documents", "metadatas"])
                by_id = dict(zip(rest["ids"], zip(rest["documents"], rest["metadatas"], strict=True), strict=True))
                if len(by_id) != len(part):
                    raise StoreError(
                        f"change record {version} of generation {generation} is incomplete at {self.where}")
                for page_id in part:
                    document, metadata = by_id[page_id]
                    documents.append(document)
                    metadatas.append(dict(metadata or {}))
        parsed = [json.loads(d) for d in documents]
        articles = [a for page in parsed for a in page["articles"]]
        vectors = {int(key): base64.b64decode(blob) for metadata in metadatas if "vectors" in metadata
                   for key, blob in json.loads(str(metadata["vectors"])).items()}
        return ChangeRecord(version, articles, list(parsed[0].get("removed", [])), vectors,
                            str(parsed[0].get("sentences", "")))

    # --- generations ------------------------------------------------------------------
    @property
    def pointer_file(self) -> Path:
        """The embedded index's pointer file (CURRENT.json)."""
        return self._pointer_file

    @property
    def chroma_dir(self) -> Path:
        """Embedded Chroma's folder (its own SQLite file and vector segments)."""
        return self._index_dir / "chroma"

    def local_catalogs(self) -> list[Path]:
        """This process's catalog files of every generation (of this server, with a Chroma server)."""
        pattern = self.catalog_path(0).name.replace("-g0.sqlite", "-g*.sqlite")
        return sorted(p for p in self._index_dir.glob(pattern) if _GENERATION.search(p.name.removesuffix(".sqlite")))

    def count_without_client(self, generation: int) -> int | None:
        """Embedded only: how many vectors the generation's collection holds, read from Chroma's own
        SQLite file without importing chromadb (so a reindex with nothing changed stays fast).
        None when it cannot be told this way (a server, no such file or collection, another schema):
        then ask Chroma."""
        path = self.chroma_dir / "chroma.sqlite3"
        if self._url or not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
            try:
                row = db.execute(
                    "SELECT count(*), count(DISTINCT s.id) FROM collections c JOIN segments s ON s.collection = c.id "
                    "AND s.scope = 'METADATA' LEFT JOIN embeddings e ON e.segment_id = s.id WHERE c.name = ?",
                    (self.collection_name(generation),)).fetchone()
            finally:
                db.close()
        except sqlite3.Error:
            return None
        count, segments = int(row[0]), int(row[1])
        return count if segments == 1 else None

    def has_generation(self, generation: int) -> bool:
        return generation in self.generations()

    def all_ids(self, generation: int) -> set[str]:
        """Every id the generation's collection holds (a full integrity check, a repair)."""
        found: set[str] = set()
        collection = self._collection(generation)
        with _store_errors("read", self.where):
            offset = 0
            while True:
                got = collection.get(include=[], limit=_PAGE, offset=offset)["ids"]
                found.update(got)
                if len(got) < _PAGE:
                    return found
                offset += len(got)

    def collection_name(self, generation: int) -> str:
        return f"{self._prefix}-g{generation}"

    def catalog_path(self, generation: int) -> Path:
        """This process's catalog of a generation: the index's own, or a replica's copy of a server's."""
        if not self._url:
            return self._index_dir / f"catalog-g{generation}.sqlite"
        place = hashlib.sha256(f"{self._url}\x00{self._prefix}".encode()).hexdigest()[:12]
        return self._index_dir / f"replica-{place}-g{generation}.sqlite"

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

    def create_generation(self, generation: int, recipe: str = "") -> None:
        """The generation's collection, made if missing. A new one keeps ``recipe`` (model and
        chunking) in its metadata: if the pointer and the catalog are both lost, it still says
        what its vectors were made with, and they are reused."""
        if generation in self._collections:
            return
        metadata: dict[str, str] = {"hnsw:space": "cosine"}
        if recipe:
            metadata[_RECIPE_KEY] = recipe
        with _store_errors("open", self.where):
            self._collections[generation] = self._client().get_or_create_collection(
                self.collection_name(generation), embedding_function=None, metadata=metadata
            )

    def generation_recipe(self, generation: int) -> str | None:
        """The recipe a generation's collection was made for (None for one made before it was kept)."""
        metadata = self._collection(generation).metadata or {}
        recipe = metadata.get(_RECIPE_KEY)
        return None if recipe is None else str(recipe)

    def delete_generation(self, generation: int) -> None:
        self._collections.pop(generation, None)
        with _store_errors("delete from", self.where):
            self._client().delete_collection(self.collection_name(generation))
        for path in self._index_dir.glob(self.catalog_path(generation).name + "*"):
            path.unlink(missing_ok=True)

    def count(self, generation: int) -> int:
        with _store_errors("read", self.where):
            return int(self._collection(generation).count())

    def add(
        self,
        generation: int,
        ids: Sequence[str],
        embeddings: np.ndarray,
        metadatas: Sequence[dict[str, Any]],
        documents: Sequence[str] | None = None,
    ) -> None:
        """Write vectors (upsert: a run that repeats a killed one's writes is harmless)."""
        collection = self._collection(generation)
        with _store_errors("write", self.where):
            for start in range(0, len(ids), _PAGE):
                end = start + _PAGE
                collection.upsert(
                    ids=list(ids[start:end]),
                    embeddings=embeddings[start:end],
                    metadatas=list(metadatas[start:end]),
                    documents=None if documents is None else list(documents[start:end]),
                )

    def delete(self, generation: int, ids: Sequence[str]) -> None:
        collection = self._collection(generation)
        with _store_errors("delete from", self.where):
            for start in range(0, len(ids), _PAGE):
                collection.delete(ids=list(ids[start : start + _PAGE]))

    def existing(self, generation: int, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` the collection holds (vectors a killed run already stored)."""
        found: set[str] = set()
        collection = self._collection(generation)
        with _store_errors("read", self.where):
            for start in range(0, len(ids), _PAGE):
                found.update(collection.get(ids=list(ids[start : start + _PAGE]), include=[])["ids"])
        return found

    def get_chunks(self, generation: int, ids: Sequence[str]) -> list[StoredChunk]:
        """Texts and metadata of chunks (a replica copying a server's changes into its catalog)."""
        found: list[StoredChunk] = []
        collection = self._collection(generation)
        with _store_errors("read", self.where):
            for start in range(0, len(ids), _PAGE):
                got = collection.get(ids=list(ids[start : start + _PAGE]), include=["documents", "metadatas"])
                for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                    found.append(StoredChunk(cid, doc or "", dict(meta or {})))
        return found

    def get_embeddings(self, generation: int, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        with _store_errors("read", self.where):
            got = self._collection(generation).get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def query(
        self, generation: int, vector: np.ndarray, n: int, days: tuple[int, int] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest chunks to ``vector`` as (chunk id, cosine similarity), best first; with ``days``
        only chunks whose ``day`` lies in the inclusive range (undated ones never)."""
        if n <= 0:
            return []
        where = None if days is None else {"$and": [{"day": {"$gte": days[0]}}, {"day": {"$lte": days[1]}}]}
        with _store_errors("search", self.where):
            # Chroma returns what a collection holds when asked for more: no count() round trip.
            got = self._collection(generation).query(
                query_embeddings=[vector], n_results=n, include=["distances"], where=where
            )
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]
