"""The sources file: one ``[[source]]`` table per feed or news sitemap, and OPML in and out.

    [[source]]
    name = "Kathimerini"
    url = "https://www.kathimerini.gr/feed/"
    lang = "el"        # optional, the default language of its articles
    every = "30m"      # optional, fetch it at most this often

A bad entry is named and skipped; the others load. OPML (how feed readers trade lists) is read
with listparser and written with the standard library.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

import listparser

from index.errors import ConfigError
from index.settings import parse_duration
from intake.atomic import write_atomically

_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


@dataclass(frozen=True)
class Source:
    """One feed or news sitemap to fetch."""

    name: str
    url: str
    lang: str = ""  # "" = take it from each page
    every: float | None = None  # least seconds between two fetches; None = every run

    @property
    def slug(self) -> str:
        """Its folder under corpus/_feeds/: the name in lower case ASCII-safe letters, digits and dashes."""
        return slugify(self.name) or "source"


@dataclass(frozen=True)
class SourcesLoad:
    sources: tuple[Source, ...]
    problems: tuple[str, ...]


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case words joined by dashes; Greek and other letters are kept (file names are UTF-8)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.findall(r"\w+", text)
    return "-".join(words)[:limit].strip("-")


def check_url(url: str) -> str:
    """``url`` stripped, or ValueError unless it is an absolute http(s) URL with a host."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def load_sources(path: Path) -> SourcesLoad:
    """The sources in ``path``; ConfigError when the file is missing or not TOML at all."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"feeds file {path} does not exist (see NEWSBOT_FEEDS and docs/intake.md)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read feeds file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"feeds file {path} is not valid TOML: {exc}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"feeds file {path}: 'source' must be [[source]] tables")
    sources: list[Source] = []
    problems: list[str] = []
    names: set[str] = set()
    slugs: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{path.name} source {number}"
        try:
            source = _source(entry)
        except ValueError as exc:
            problems.append(f"{where}: {exc}; skipped")
            continue
        if source.name in names or source.slug in slugs:
            problems.append(f"{where} ({source.name}): a second source with this name; skipped")
            continue
        names.add(source.name)
        slugs.add(source.slug)
        sources.append(source)
    return SourcesLoad(tuple(sources), tuple(problems))


def _source(entry: object) -> Source:
    if not isinstance(entry, dict):
        raise ValueError("not a table")
    unknown = set(entry) - {"name", "url", "lang", "every"}
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))} (expected name, url, lang, every)")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("missing name")
    url = entry.get("url")
    if not isinstance(url, str):
        raise ValueError(f"{name.strip()}: missing url")
    url = check_url(url)
    lang = entry.get("lang", "")
    if not isinstance(lang, str) or (lang and not _LANG.fullmatch(lang)):
        raise ValueError(f"{name.strip()}: lang {lang!r} is not a language code like 'el' or 'en'")
    every = entry.get("every")
    seconds: float | None = None
    if every is not None:
        if isinstance(every, bool) or not isinstance(every, (str, int, float)):
            raise ValueError(f"{name.strip()}: every must be a duration like '30m'")
        seconds = parse_duration(str(every))
    return Source(" ".join(name.split()), url, lang, seconds)


# --- TOML out ----------------------------------------------------------------------------


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in escaped) + '"'


def _duration_text(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def sources_toml(sources: list[Source] | tuple[Source, ...]) -> str:
    """The sources as a feeds file."""
    blocks = []
    for source in sources:
        lines = ["[[source]]", f"name = {_toml_string(source.name)}", f"url = {_toml_string(source.url)}"]
        if source.lang:
            lines.append(f"lang = {_toml_string(source.lang)}")
        if source.every is not None:
            lines.append(f"every = {_toml_string(_duration_text(source.every))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


# --- OPML --------------------------------------------------------------------------------


def read_opml(data: bytes) -> SourcesLoad:
    """The feeds of an OPML subscription list; an outline without a usable URL is named and skipped."""
    parsed = listparser.parse(data)
    if parsed.get("bozo") and not parsed.get("feeds"):
        raise ConfigError(f"not an OPML subscription list: {parsed.get('bozo_exception')}")
    sources: list[Source] = []
    problems: list[str] = []
    for feed in parsed.get("feeds", []):
        title = str(feed.get("title") or "").strip()
        url = str(feed.get("url") or "")
        try:
            url = check_url(url)
        except ValueError as exc:
            problems.append(f"{title or 'an outline'}: {exc}; skipped")
            continue
        sources.append(Source(title or urlsplit(url).hostname or url, url))
    return SourcesLoad(tuple(sources), tuple(problems))


def merge_sources(existing: tuple[Source, ...], added: tuple[Source, ...]) -> tuple[tuple[Source, ...], list[str]]:
    """``existing`` plus the ``added`` ones whose URL and name are new; the others are named."""
    urls = {s.url for s in existing}
    names = {s.name for s in existing}
    slugs = {s.slug for s in existing}
    merged = list(existing)
    notes: list[str] = []
    for source in added:
        if source.url in urls:
            notes.append(f"{source.name}: already in the feeds file ({source.url})")
            continue
        name = source.name
        suffix = 2
        while name in names or slugify(name) in slugs:
            name = f"{source.name} {suffix}"
            suffix += 1
        source = Source(name, source.url, source.lang, source.every)
        merged.append(source)
        urls.add(source.url)
        names.add(source.name)
        slugs.add(source.slug)
    return tuple(merged), notes


def opml_text(sources: tuple[Source, ...] | list[Source]) -> str:
    """The sources as an OPML 2.0 subscription list."""
    outlines = "\n".join(
        f"    <outline type=\"rss\" text={quoteattr(s.name)} title={quoteattr(s.name)} xmlUrl={quoteattr(s.url)}/>"
        for s in sources
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>newsbot sources</title></head>\n'
        f"  <body>\n{outlines}\n  </body>\n</opml>\n"
    )


def import_opml(feeds_path: Path, opml: bytes) -> tuple[tuple[Source, ...], list[str]]:
    """Add the OPML list's new feeds to the feeds file (appended: its comments and order stay).

    Returns the sources added and a line for each outline skipped or already present.
    """
    read = read_opml(opml)
    existing = load_sources(feeds_path).sources if feeds_path.exists() else ()
    merged, notes = merge_sources(existing, read.sources)
    added = merged[len(existing):]
    if added:
        old = feeds_path.read_text(encoding="utf-8") if feeds_path.exists() else ""
        separator = "" if not old else ("\n" if old.endswith("\n") else "\n\n")
        write_atomically(feeds_path, old + separator + sources_toml(added))
    return added, [*read.problems, *notes]
