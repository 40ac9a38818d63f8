"""What benchmarks/run.py and benchmarks/sweep.py share: data sets, workspaces, metrics, fusion.

Data live in ../shared/eval (read-only); each run builds its index in a scratch data dir whose
``models`` folder points at one cached build of the bundled model, so the model is built once.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.retrieval import Hit
from index.settings import Settings
from index.text import fold

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a worktree under /work/wt/ finds it one level further up.
SHARED = next((p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()),
              REPO.parent / "shared")
CACHE = REPO / ".newsbot" / "bench"  # gitignored: the built model and scratch indexes
MODELS_CACHE = CACHE / "models"
SEARCH_K = 80  # > 2 x the retriever's 40 candidates: every fused candidate comes back, so re-fusion is exact
RANK_DEPTH = 30  # distinct documents ranked per question for recall@k / MRR@10


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    question: str
    doc_id: str | None
    answers: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Dataset:
    name: str
    corpus_files: tuple[Path, ...]
    questions: tuple[Question, ...]

    def docs(self) -> list[dict[str, Any]]:
        """Article records {id, title, text} of every corpus file (.jsonl records, .txt files)."""
        records: list[dict[str, Any]] = []
        for path in self.corpus_files:
            if path.suffix == ".jsonl":
                records.extend(read_jsonl(path))
            else:
                records.append({"id": path.stem, "title": "", "text": path.read_text(encoding="utf-8")})
        return records


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _questions(path: Path) -> tuple[Question, ...]:
    return tuple(
        Question(r["id"], r["lang"], r["question"], r.get("doc_id"), tuple(r.get("answers") or ()), r["kind"])
        for r in read_jsonl(path)
    )


def xquad(paragraphs: int | None = None) -> Dataset:
    """XQuAD-el; ``paragraphs`` keeps the questions of every n-th paragraph's share (all docs stay)."""
    folder = SHARED / "eval" / "xquad-el"
    questions = _questions(folder / "questions.jsonl")
    if paragraphs is not None:
        docs = sorted({q.doc_id for q in questions if q.doc_id})
        step = max(1, len(docs) // paragraphs)
        keep = set(docs[::step][:paragraphs])
        questions = tuple(q for q in questions if q.doc_id in keep)
    return Dataset("xquad-el", (folder / "corpus.jsonl",), questions)


def news() -> Dataset:
    folder = SHARED / "eval" / "news"
    seed = SHARED / "seed" / "000_1ed5aa9ce87cdf07.txt"
    return Dataset("news", (folder / "corpus.jsonl", seed), _questions(folder / "questions.jsonl"))


def workspace(dataset: Dataset, name: str, **overrides: object) -> Settings:
    """A fresh corpus + data dir for ``dataset``; the built model is shared through a symlink."""
    root = CACHE / "runs" / name
    if root.exists():
        shutil.rmtree(root)
    corpus = root / "corpus"
    data = root / "data"
    corpus.mkdir(parents=True)
    data.mkdir()
    for path in dataset.corpus_files:
        shutil.copy(path, corpus / path.name)
    MODELS_CACHE.mkdir(parents=True, exist_ok=True)
    (data / "models").symlink_to(MODELS_CACHE, target_is_directory=True)
    values: dict[str, object] = {"NEWSBOT_DATA_DIR": str(data), "NEWSBOT_CORPUS_DIR": str(corpus)}
    fields = Settings.model_fields
    values.update({(fields[k].alias or k): v for k, v in overrides.items()})
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def clean_environment() -> None:
    """Settings come from the project's defaults, not from the shell or a .env."""
    for name in list(os.environ):
        if name.startswith("NEWSBOT_"):
            del os.environ[name]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# --- metrics -----------------------------------------------------------------------------------


def distinct(doc_ids: Iterable[str], depth: int = RANK_DEPTH) -> list[str]:
    """Documents in order of first appearance in a ranked chunk list."""
    seen: list[str] = []
    for doc in doc_ids:
        if doc not in seen:
            seen.append(doc)
            if len(seen) >= depth:
                break
    return seen


@dataclass
class Ranks:
    """Rank (1-based, 0 = not found) of the gold document for each question."""

    ranks: list[int] = field(default_factory=list)

    def add(self, ranking: Sequence[str], gold: str) -> None:
        self.ranks.append(ranking.index(gold) + 1 if gold in ranking else 0)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if 0 < r <= k) / len(self.ranks) if self.ranks else 0.0

    def mrr(self, k: int = 10) -> float:
        return sum(1 / r for r in self.ranks if 0 < r <= k) / len(self.ranks) if self.ranks else 0.0

    def row(self) -> tuple[float, float, float]:
        return self.recall(1), self.recall(5), self.mrr(10)


def fuse(hits: Sequence[Hit], weight: float) -> list[str]:
    """Doc ranking of the retriever's candidates re-scored with another lexical weight."""
    ordered = sorted(hits, key=lambda h: ((1 - weight) * h.dense + weight * h.lexical, h.chunk_id), reverse=True)
    return distinct(h.doc_id for h in ordered)


def contains_answer(text: str, answers: Sequence[str]) -> bool:
    """A correct reply contains one of ``answers``, compared without case and accents."""
    folded = fold(text)
    return any(fold(a) in folded for a in answers if a.strip())


def answered_correctly(q: Question, text: str, cited: Collection[str]) -> bool:
    """The benchmark's "correct": contains an expected answer and cites the gold article."""
    return q.doc_id is not None and q.doc_id in cited and contains_answer(text, q.answers)


def percentile(values: Sequence[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


class Timer:
    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started


def fmt(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base > 0 else "n/a"


def replace_block(path: Path, start: str, end: str, block: str) -> None:
    """Put ``block`` (which begins with ``start`` and ends with ``end``) into ``path``, in place of
    the previous one; the rest of the file (other scripts' blocks, hand-written sections) stays."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return lines
