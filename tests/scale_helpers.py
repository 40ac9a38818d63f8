"""Helpers for the scale-out, fault and bad-input tests: a slow counting embedder for subprocesses,
a synthetic corpus, and the command line run in a subprocess.

``SlowCountingEmbedder`` is ``fakes.CountingEmbedder`` with two knobs read from the environment, for
subprocesses started by tests (see ``fake_cli.py``): ``FAKE_EMBED_DELAY`` seconds slept per
``embed_passages`` call, and ``FAKE_EMBED_LOG`` a file that gets one line per call (the number of
texts) once the call is done - a test watches it to kill a reindex half-way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from fakes import CountingEmbedder


class SlowCountingEmbedder(CountingEmbedder):
    def __init__(self, delay: float | None = None, log_file: str | None = None) -> None:
        super().__init__()
        self.delay = float(os.environ.get("FAKE_EMBED_DELAY", "0")) if delay is None else delay
        self.log_file = log_file if log_file is not None else os.environ.get("FAKE_EMBED_LOG") or None

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if self.delay:
            time.sleep(self.delay)
        vectors = super().embed_passages(texts)
        if self.log_file:
            with open(self.log_file, "a", encoding="utf-8") as handle:
                handle.write(f"{len(texts)}\n")
        return vectors


# --- a synthetic corpus and the command line in a subprocess -----------------------------------

TOPICS = (
    "λιμάνι του Πειραιά και κρουαζιερόπλοια",
    "σεισμός στην Κρήτη και σεισμολόγοι",
    "πυρκαγιά στην Αττική και πυροσβέστες",
    "εκλογές στον δήμο Θεσσαλονίκης",
    "ελαιόλαδο και τιμές παραγωγού",
    "μετρό της Αθήνας και νέοι σταθμοί",
    "τουρισμός στις Κυκλάδες το καλοκαίρι",
    "ποδόσφαιρο και ελληνική Σούπερ Λιγκ",
    "ενοίκια φοιτητών στην Πάτρα",
    "αρχαιολογική ανασκαφή στη Βεργίνα",
    "καύσωνας και θερμοκρασίες ρεκόρ",
    "απεργία στα μέσα μεταφοράς",
)


def article_text(i: int, sentences: int = 4) -> str:
    topic = TOPICS[i % len(TOPICS)]
    lines = [f"Το άρθρο {i} αναφέρεται στο θέμα {topic}."]
    lines += [f"Η παράγραφος {j} του άρθρου {i} δίνει λεπτομέρειες για {topic}." for j in range(1, sentences)]
    return " ".join(lines)


def write_corpus(
    folder: Path, ids: range | Sequence[int], sentences: int = 4, name: str = "news.jsonl"
) -> Path:
    """One JSON line per article ``art-{i}`` about ``TOPICS[i % len(TOPICS)]``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("w", encoding="utf-8") as handle:
        for i in ids:
            record = {"id": f"art-{i}", "title": f"Άρθρο {i}: {TOPICS[i % len(TOPICS)]}",
                      "date": "2026-03-01", "source": "test", "url": f"https://example.org/{i}",
                      "text": article_text(i, sentences)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


FAKE_CLI = Path(__file__).resolve().with_name("fake_cli.py")
NEWSBOT = Path(sys.executable).with_name("newsbot")


def cli_env(**extra: str) -> dict[str, str]:
    """The test process's (already isolated) environment plus ``extra``."""
    return {**os.environ, "ANONYMIZED_TELEMETRY": "False", **extra}


def run_cli(
    args: Sequence[str], *, fake: bool = True, stdin: str | None = None, timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``newsbot args`` (the fake-embedder one unless ``fake`` is false) and capture its output."""
    command = [sys.executable, str(FAKE_CLI), *args] if fake else [str(NEWSBOT), *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout,
                          env=env or cli_env())
