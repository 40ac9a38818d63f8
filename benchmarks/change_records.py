"""What the sentence vectors add to a Chroma server's change records, per chunk.

    python benchmarks/change_records.py                       # the shipped corpus
    python benchmarks/change_records.py --synthetic 10000     # ~10k chunks of ../shared/eval sentences

A reindex job writes the corpus to a real ``chroma run`` (tests/chroma_server.py), then adds
``--add`` articles (new ones, a second record). Chunks are cut with the bundled model's own
tokenizer (its count of tokens decides the chunks and so the sentences a chunk holds); the vectors
come from a 384-d hashing embedder: the encoded size of a vector (int8 + scale, 388 bytes) is the
model's, its values do not change the bytes. For each record it reports the JSON bytes of its
pages (article pages and, new, sentence-vector pages), per chunk the record adds and per vector,
and how much the server's files grew for the vector pages alone (written again, under another
generation, with and without them).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from chroma_server import ChromaServer  # noqa: E402

from benchmarks.scale import HashingEmbedder, _article, _sentences, write_corpus  # noqa: E402
from index.bundled_model import PASSAGE_PROMPT  # noqa: E402
from index.reindex import reindex  # noqa: E402
from index.settings import Settings  # noqa: E402
from index.store import ChangeRecord, VectorStore  # noqa: E402

TOKENIZER = Path(os.environ.get("NEWSBOT_TOKENIZER") or Path.home() / ".cache" / "newsbot" / "multilingual-e5-small")


class TokenizedHashingEmbedder(HashingEmbedder):
    """Hashing vectors, chunked by the bundled model's tokenizer (as the shipped model chunks)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(384)
        from transformers import AutoTokenizer

        self._tokenizer = AutoTokenizer.from_pretrained(str(folder))

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(PASSAGE_PROMPT + text, add_special_tokens=True)["input_ids"])


def _record_bytes(store: VectorStore, generation: int, version: int) -> dict[str, int]:
    """JSON bytes of a stored record's pages: documents (article pages) and vector metadata."""
    meta = store._meta_collection()
    got = meta.get(where={"pages": {"$gte": 1}}, include=["documents", "metadatas"])
    prefix = f"change-g{generation}-v{version}-p"
    articles = vectors = pages = 0
    for page_id, document, metadata in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
        if not page_id.startswith(prefix):
            continue
        pages += 1
        articles += len((document or "").encode("utf-8"))
        vectors += len(str((metadata or {}).get("vectors", "")).encode("utf-8"))
    return {"pages": pages, "article_bytes": articles, "vector_bytes": vectors}


def _disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _server_growth(record: ChangeRecord, work: Path) -> dict[str, float]:
    """The server's files grown by the record with and without its vectors (a fresh server each)."""
    grown: dict[str, float] = {}
    for label, change in (("without", ChangeRecord(record.version, record.articles, record.removed)),
                          ("with", record)):
        folder = work / f"growth-{label}"
        with ChromaServer(folder / "db") as server:
            store = VectorStore(work / f"growth-{label}-data", server.url)
            store.write_change(90, ChangeRecord(0, [], []))  # the meta collection exists: only the record counts
            time.sleep(1.0)
            before = _disk(folder / "db")
            store.write_change(90, change)
            time.sleep(2.0)  # the server writes its log behind the call
            grown[label] = _disk(folder / "db") - before
    return grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--synthetic", type=int, default=0, help="chunks of a synthetic corpus instead")
    parser.add_argument("--add", type=int, default=5, help="articles the second reindex adds")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="change-records-"))
    try:
        corpus = work / "corpus"
        if args.synthetic:
            write_corpus(corpus, args.synthetic)
        else:
            shutil.copytree(args.corpus, corpus)
        embedder = TokenizedHashingEmbedder(TOKENIZER)
        results: list[dict[str, Any]] = []
        with ChromaServer(work / "chroma" / "db") as server:
            settings = Settings(_env_file=None, NEWSBOT_DATA_DIR=str(work / "job"),  # type: ignore[call-arg]
                                NEWSBOT_CORPUS_DIR=str(corpus), NEWSBOT_CHROMA_URL=server.url)
            store = VectorStore(settings.index_dir, server.url, settings.collection)
            rng = random.Random(5)
            sentences = _sentences()
            for step in ("full", "add"):
                if step == "add":
                    with (corpus / "added.jsonl").open("w", encoding="utf-8") as handle:
                        for number in range(args.add):
                            handle.write(json.dumps(_article(rng, sentences, 50_000_000 + number),
                                                    ensure_ascii=False) + "\n")
                summary = reindex(settings, embedder, store)
                pointer = store.read_pointer()
                assert pointer is not None
                record = store.read_change(pointer.generation, pointer.version)
                chunks = sum(int(a["chunks"]) for a in record.articles)
                sizes = _record_bytes(store, pointer.generation, pointer.version)
                growth = _server_growth(record, work / step)
                vectors = len(record.sentence_vectors)
                results.append({
                    "step": step, "kind": record.sentences, "articles": len(record.articles), "chunks": chunks,
                    "sentence_vectors": vectors, "embedded_sentences": summary.sentences, **sizes,
                    "vector_bytes_per_chunk": sizes["vector_bytes"] / max(chunks, 1),
                    "article_bytes_per_chunk": sizes["article_bytes"] / max(chunks, 1),
                    "vector_bytes_per_vector": sizes["vector_bytes"] / max(vectors, 1),
                    "server_growth_without": growth["without"], "server_growth_with": growth["with"],
                    "server_growth_per_chunk_for_vectors": (growth["with"] - growth["without"]) / max(chunks, 1),
                })
        for row in results:
            print(json.dumps(row))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
