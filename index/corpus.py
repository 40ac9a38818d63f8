"""Read the corpus folder into articles.

One article per `.txt`/`.md` file (optional YAML front matter), one per line of a `.jsonl` file.
A bad article becomes a Problem naming its file (and line) and the reason; the rest still load,
so one broken file never stops a reindex. Hidden files, README/NOTICE/LICENSE files and other
extensions are ignored silently: licence notices live beside the articles they cover.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

import yaml

from index.errors import CorpusError

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_LANG = "el"
TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIX = ".jsonl"
TITLE_MAX_CHARS = 80

# Bump when the hashed form changes: every article is then re-embedded once, on purpose.
_HASH_VERSION = "article-v1"
_NOTICE_NAME = re.compile(r"^(?:[^.]*\.)*(?:README|NOTICE|LICEN[CS]E|COPYING)(?:[._-].*)?$", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The seed article starts "date 2026-02-18 Στις 23 ...": the date shares a line with the text.
_DATE_PREFIX = re.compile(r"date:?[ \t]+(\d{4}-\d{2}-\d{2}\S*)\s+(?=\S)", re.IGNORECASE)
_OPENING = re.compile(r"---[ \t]*(?:\n|\Z)")
_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_FIRST_SENTENCE = re.compile(r".+?[.!?;…](?=\s|$)")
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Article:
    """One news article, normalised; `origin` says where it came from ("news.jsonl:3", "a/b.md")."""

    id: str
    title: str
    date: str
    source: str
    url: str
    lang: str
    text: str
    origin: str

    @cached_property  # read once per chunk by chunking: hash the article once
    def content_hash(self) -> str:
        """sha256 over what the index is built from; unchanged hash means no re-embedding."""
        # Normalising again is idempotent for loaded articles and keeps hand-built ones consistent.
        fields = [
            _HASH_VERSION,
            _one_line(self.title),
            _one_line(self.date),
            _one_line(self.source),
            _one_line(self.url),
            _normalize_text(self.text),
        ]
        payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Problem:
    """An article that was skipped, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True)
class CorpusLoad:
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


class _Skip(Exception):
    """Raised while reading one article; becomes a Problem for that article only."""


def check_corpus_folder(folder: Path) -> Path:
    """``folder`` as a Path, or a CorpusError a person can act on when it is missing or unreadable."""
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise CorpusError(f"corpus folder {folder} {what} (see NEWSBOT_CORPUS_DIR)")
    try:
        os.scandir(folder).close()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {folder}: {exc.strerror}") from None
    return folder


def load_corpus(folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CorpusLoad:
    """All articles under `folder`, sorted by id, and one problem per skipped article.

    `max_bytes` caps a `.txt`/`.md` file and each `.jsonl` line; bigger ones are skipped unread.
    """
    folder = check_corpus_folder(folder)
    problems: list[Problem] = []
    by_id: dict[str, Article] = {}
    for path, rel in _article_files(folder, problems):
        if path.suffix.lower() == JSONL_SUFFIX:
            results = _read_jsonl(path, rel, max_bytes)
        else:
            results = iter([_read_text_file(path, rel, max_bytes)])
        for result in results:
            if isinstance(result, Problem):
                problems.append(result)
            elif result.id in by_id:
                first = by_id[result.id].origin
                reason = f"duplicate id {result.id!r} (already used by {first})"
                problems.append(Problem(result.origin, reason))
            else:
                by_id[result.id] = result
    articles = tuple(by_id[key] for key in sorted(by_id))
    return CorpusLoad(articles=articles, problems=tuple(problems))


def _article_files(folder: Path, problems: list[Problem]) -> Iterator[tuple[Path, str]]:
    """(path, posix path relative to folder) of every candidate file, in sorted order."""

    def unreadable(exc: OSError) -> None:
        rel = Path(exc.filename).relative_to(folder).as_posix() if exc.filename else str(folder)
        problems.append(Problem(rel, f"cannot read folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))  # prune and fix walk order
        base = Path(dirpath)
        for name in sorted(filenames):
            suffix = Path(name).suffix.lower()
            if name.startswith(".") or _NOTICE_NAME.match(name):
                continue
            if suffix in TEXT_SUFFIXES or suffix == JSONL_SUFFIX:
                yield base / name, (base / name).relative_to(folder).as_posix()


# --- one article per file ----------------------------------------------------------------


def _read_text_file(path: Path, rel: str, max_bytes: int) -> Article | Problem:
    try:
        size = path.stat().st_size
        if size > max_bytes:  # decided from the size alone: a huge file is never read
            raise _Skip(f"too big ({_size(size)}; the limit is {_size(max_bytes)})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _Skip(f"too big (over {_size(max_bytes)}, the limit)")
        raw = _decode(data)
        if not raw.strip():
            raise _Skip("empty file")
        fields, body = _split_front_matter(_unify(raw))
        body = _normalize_text(body)
        if fields is None:
            match = _DATE_PREFIX.match(body)
            if match:
                fields = {"date": match.group(1)}
                body = body[match.end() :]
        if not body:
            raise _Skip("no text after the front matter")
        article_id = unicodedata.normalize("NFC", rel[: len(rel) - len(path.suffix)])
        return _make_article(article_id, rel, body, fields or {}, fallback_title=path.stem)
    except _Skip as skip:
        return Problem(rel, str(skip))
    except OSError as exc:
        return Problem(rel, f"cannot read file: {exc.strerror}")


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Skip("not UTF-8 (it is UTF-16; save it as UTF-8)")
    if b"\0" in data:
        raise _Skip("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Skip(
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None


def _split_front_matter(text: str) -> tuple[dict[str, object] | None, str]:
    """(fields, body); fields is None when the file has no front matter."""
    if not _OPENING.match(text):
        return None, text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise _Skip("broken front matter: no closing '---' line")
    try:
        fields = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""  # +2: 1-based, after opening ---
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _Skip(f"broken front matter: {problem}{where}") from None
    except ValueError as exc:  # PyYAML builds dates itself: "date: 2026-02-30" lands here
        raise _Skip(f"broken front matter: {exc}") from None
    if fields is None:
        fields = {}
    if not isinstance(fields, dict):
        raise _Skip("broken front matter: expected 'key: value' lines")
    return {str(key): value for key, value in fields.items()}, text[match.end() :]


# --- one article per JSONL line ----------------------------------------------------------


def _read_jsonl(path: Path, rel: str, max_bytes: int) -> Iterator[Article | Problem]:
    try:
        with path.open("rb") as handle:
            if b"\0" in handle.read(_SNIFF_BYTES):  # one problem for the file, not one per line
                yield Problem(rel, "binary file (contains NUL bytes), not JSON lines")
                return
            handle.seek(0)
            for lineno, line in _lines(handle, max_bytes):
                origin = f"{rel}:{lineno}"
                if line is None:
                    yield Problem(origin, f"too big (line over {_size(max_bytes)}, the limit)")
                    continue
                try:
                    article = _jsonl_record(line, origin, first=lineno == 1)
                except _Skip as skip:
                    yield Problem(origin, str(skip))
                    continue
                if article is not None:
                    yield article
    except OSError as exc:
        yield Problem(rel, f"cannot read file: {exc.strerror}")


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line longer than max_bytes, which is skipped unkept."""
    lineno = 0
    while raw := handle.readline(max_bytes + 1):
        lineno += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, raw


def _jsonl_record(line: bytes, origin: str, *, first: bool) -> Article | None:
    if first:
        line = line.removeprefix(codecs.BOM_UTF8)
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Skip(f"not UTF-8 (invalid byte 0x{line[exc.start]:02x} at column {exc.start + 1})") from None
    if not decoded.strip():
        return None  # blank lines (a trailing newline, spacing) are not articles
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise _Skip(f"broken JSON line: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise _Skip("broken JSON line: expected an object {id, title, date, source, url, text}")
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise _Skip("missing id (expected a non-empty string)")
    text = record.get("text")
    if not isinstance(text, str) or not _normalize_text(text):
        raise _Skip(f"article {article_id!r} has no text")
    article_id = unicodedata.normalize("NFC", article_id.strip())
    return _make_article(article_id, origin, _normalize_text(text), record, fallback_title=article_id)


# --- shared ------------------------------------------------------------------------------


def _make_article(
    article_id: str, origin: str, text: str, fields: Mapping[str, object], *, fallback_title: str
) -> Article:
    title = _field(fields, "title") or _derive_title(text) or fallback_title
    article = Article(
        id=article_id,
        title=title,
        date=_parse_date(fields.get("date")),
        source=_field(fields, "source"),
        url=_field(fields, "url"),
        lang=_field(fields, "lang") or DEFAULT_LANG,
        text=text,
        origin=origin,
    )
    try:
        _ = article.content_hash  # JSON escapes can smuggle in lone surrogates, which cannot be stored
    except UnicodeEncodeError:
        raise _Skip("invalid Unicode (a lone surrogate) in the article") from None
    return article


def _field(fields: Mapping[str, object], name: str) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Skip(f"field {name!r} must be text, not {type(value).__name__}")
    return _one_line(str(value))


def _parse_date(value: object) -> str:
    """'' when absent; YYYY-MM-DD otherwise (an ISO datetime keeps its day)."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, date):  # YAML turns an unquoted 2026-02-18 into a date
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return ""
        try:
            if _ISO_DAY.fullmatch(text):
                return date.fromisoformat(text).isoformat()
            if _ISO_DAY.match(text):
                return datetime.fromisoformat(text).date().isoformat()
        except ValueError:
            pass
    raise _Skip(f"invalid date {value!r} (expected YYYY-MM-DD or an ISO date-time)")


def _derive_title(text: str) -> str:
    """A Markdown heading, else the first sentence, shortened at a word boundary."""
    first_line = text.split("\n", 1)[0]
    if first_line.startswith("#") and first_line.lstrip("#").strip():
        return _shorten(first_line.lstrip("#").strip())
    match = _FIRST_SENTENCE.match(first_line)
    sentence = match.group(0) if match and len(match.group(0)) >= 20 else first_line
    return _shorten(sentence.removesuffix("."))


def _shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _unify(text: str) -> str:
    """BOM, newline style and Unicode form made uniform, nothing else changed."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _normalize_text(text: str) -> str:
    """Uniform text: trailing spaces and extra blank lines gone, paragraphs kept."""
    lines = [line.rstrip() for line in _unify(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"
