"""The corpus read for a reindex: files unchanged since the last one are not read again.

The catalog remembers, per corpus file, its size, its modification time and the (id, content
hash) of each article it held. A file whose size and mtime are the same gives those back
without being opened; only new and changed files are parsed. With one article changed among
hundreds of thousands, the reindex reads one file, not the corpus. (Like make and rsync, this
trusts mtime: a file rewritten within the same nanosecond tick and at the same size is missed
until it changes again.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from index.corpus import (
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIX,
    Article,
    Problem,
    _article_files,
    _read_jsonl,
    _read_text_file,
    check_corpus_folder,
)


@dataclass(frozen=True)
class FileState:
    """What the catalog remembers of one corpus file."""

    rel: str
    size: int
    mtime_ns: int
    articles: tuple[tuple[str, str, str], ...]  # (id, content hash, origin)
    problems: tuple[tuple[str, str], ...]  # (origin, reason)


@dataclass(frozen=True)
class CorpusScan:
    hashes: dict[str, str]  # id -> content hash of every article of the corpus
    parsed: dict[str, Article]  # the articles of files read this time
    problems: tuple[Problem, ...]
    files: tuple[FileState, ...]
    files_read: int


def scan_corpus(
    folder: Path, known: Mapping[str, FileState] | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> CorpusScan:
    """Every article's hash; the articles themselves only from files not in ``known`` as they are now."""
    folder = check_corpus_folder(folder)
    known = known or {}
    problems: list[Problem] = []
    hashes: dict[str, tuple[str, str]] = {}
    parsed: dict[str, Article] = {}
    states: list[FileState] = []
    files_read = 0
    for path, rel in _article_files(folder, problems):
        try:
            st = path.stat()
        except OSError as exc:
            problems.append(Problem(rel, f"cannot read file: {exc.strerror}"))
            continue
        state = known.get(rel)
        articles: dict[str, Article] = {}
        if state is None or (state.size, state.mtime_ns) != (st.st_size, st.st_mtime_ns):
            files_read += 1
            if path.suffix.lower() == JSONL_SUFFIX:
                results = list(_read_jsonl(path, rel, max_bytes))
            else:
                results = [_read_text_file(path, rel, max_bytes)]
            entries: list[tuple[str, str, str]] = []
            file_problems: list[tuple[str, str]] = []
            for result in results:
                if isinstance(result, Problem):
                    file_problems.append((result.origin, result.reason))
                else:  # a duplicate id, in this file or another, is reported below
                    articles.setdefault(result.id, result)
                    entries.append((result.id, result.content_hash, result.origin))
            state = FileState(rel, st.st_size, st.st_mtime_ns, tuple(entries), tuple(file_problems))
        states.append(state)
        problems.extend(Problem(origin, reason) for origin, reason in state.problems)
        for doc_id, content_hash, origin in state.articles:
            if doc_id in hashes:
                problems.append(Problem(origin, f"duplicate id {doc_id!r} (already used by {hashes[doc_id][1]})"))
                continue
            hashes[doc_id] = (content_hash, origin)
            if doc_id in articles:
                parsed[doc_id] = articles[doc_id]
    return CorpusScan(
        hashes={doc: h for doc, (h, _) in sorted(hashes.items())},
        parsed=parsed,
        problems=tuple(problems),
        files=tuple(states),
        files_read=files_read,
    )
