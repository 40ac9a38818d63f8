"""What the index's self-checks cost (issue 23): the checks on open, the full check, a reindex with
nothing changed, side by side with a baseline checkout (e.g. main before the checks).

    python benchmarks/integrity.py --chunks 10000 --baseline /path/to/main/checkout

Builds one synthetic index (benchmarks/scale.py's corpus of ../shared/eval sentences and its
hashing embedder, so the index's own costs show), then runs each step in a fresh process, with
this tree's code and with the baseline's on the same index files:

- ``unchanged``: `reindex()` with nothing changed (seconds inside, and the whole process);
- ``cold``: a reader's first search (opening the catalog and the collection, with the checks);
- ``check`` (this tree only): the full integrity report (`newsbot check`), and SQLite's quick
  check of the catalog alone.

Prints one JSON line per step and code, and a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = REPO / ".newsbot" / "bench-integrity"


def _settings(work: Path) -> Any:
    from index.settings import Settings

    return Settings(_env_file=None, NEWSBOT_DATA_DIR=work / "data", NEWSBOT_CORPUS_DIR=work / "corpus")  # type: ignore[call-arg]


def child(step: str, work: Path, code: Path) -> dict[str, Any]:
    """One step, run with ``code``'s index package (this process's sys.path is set up for it)."""
    started = float(os.environ["INTEGRITY_T0"])
    import scale  # the corpus and the hashing embedder; it puts the repository first on sys.path

    for entry in (str(REPO), str(code)):
        while entry in sys.path:
            sys.path.remove(entry)
    sys.path.insert(0, str(code))
    settings = _settings(work)
    embedder = scale.HashingEmbedder()
    if step == "build" or step == "unchanged":
        from index.reindex import reindex

        t0 = time.perf_counter()
        summary = reindex(settings, embedder)
        return {"seconds": time.perf_counter() - t0, "wall": time.time() - started, "chunks": summary.chunks,
                "embedded": summary.embedded}
    if step == "cold":
        from index.retrieval import Retriever
        from index.store import VectorStore

        t0 = time.perf_counter()
        Retriever(VectorStore(settings.index_dir), embedder).search("σεισμός στην Κρήτη", 6)
        return {"seconds": time.perf_counter() - t0, "wall": time.time() - started}
    from index.integrity import integrity_report
    from index.sqlite_safety import sqlite_problem
    from index.store import VectorStore

    store = VectorStore(settings.index_dir)
    t0 = time.perf_counter()
    report = integrity_report(store)
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    problem = sqlite_problem(store.catalog_path(report.generation or 1), thorough=True)
    return {"seconds": seconds, "ok": report.ok, "quick_check_catalog": time.perf_counter() - t1,
            "catalog_mb": store.catalog_path(report.generation or 1).stat().st_size / 2**20,
            "problem": problem, "wall": time.time() - started}


def run_child(step: str, work: Path, code: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", step, "--work", str(work), "--code", str(code)]
    env = {**os.environ, "INTEGRITY_T0": repr(time.time()), "PYTHONPATH": f"{code}:{HERE}",
           "ANONYMIZED_TELEMETRY": "False"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=work)
    if done.returncode != 0:
        raise SystemExit(f"{step} ({code}) failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=10000)
    parser.add_argument("--baseline", type=Path, help="a checkout whose index/ to compare against")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed step (median reported)")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--shared", type=Path, help="the evaluation data folder (default: scale.py's ../shared/eval)")
    parser.add_argument("--child")
    parser.add_argument("--code", type=Path, default=REPO)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.work, args.code)))
        return
    work = args.work or WORK / f"hash-{args.chunks}"
    if not (work / "data" / "index" / "CURRENT.json").exists():
        sys.path.insert(0, str(HERE))
        import scale

        if args.shared:
            scale.SHARED = args.shared
        articles = scale.write_corpus(work / "corpus", args.chunks)
        built = run_child("build", work, REPO)
        print(json.dumps({"step": "build", "articles": articles, **built}), flush=True)
    codes = [("this tree", REPO)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _ in range(args.repeat):  # interleaved, so both codes see the same load
        for step in ("unchanged", "cold"):
            for name, code in codes:
                result = run_child(step, work, code)
                rows.setdefault((step, name), []).append(result)
                print(json.dumps({"step": step, "code": name, **result}), flush=True)
    check = run_child("check", work, REPO)
    print(json.dumps({"step": "check", **check}), flush=True)
    print(f"\n| step ({args.chunks} chunks, median of {args.repeat}) | " + " | ".join(n for n, _ in codes) + " |")
    print("| --- |" + " --- |" * len(codes))
    for step, label in (("unchanged", "reindex, nothing changed: inside / whole process"),
                        ("cold", "reader's first search: inside / whole process")):
        cells = []
        for name, _ in codes:
            runs = rows[(step, name)]
            cells.append(f"{statistics.median(r['seconds'] for r in runs):.3f} / "
                         f"{statistics.median(r['wall'] for r in runs):.2f} s")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"| `newsbot check` (full report, ids compared) | {check['seconds']:.3f} s (ok: {check['ok']}) |"
          + " – |" * (len(codes) - 1))
    print(f"| SQLite quick check of the catalog ({check['catalog_mb']:.1f} MB) | {check['quick_check_catalog']:.3f} s |"
          + " – |" * (len(codes) - 1))


if __name__ == "__main__":
    main()
