"""Fetched articles as ordinary corpus files under ``corpus/_feeds/<source>/``, written atomically.

Each file is Markdown with YAML front matter (title, date, source, url — the canonical one — lang,
author) and the article's text. It is written to a hidden temporary file beside it (the corpus
reader skips hidden files), flushed to disk and moved over the old one with ``os.replace``: a
reader or a kill -9 sees the old file or the new one, never half of one. The file's name comes
from the canonical URL alone, so writing the same article again overwrites, never doubles.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

import yaml

from intake.atomic import write_atomically
from intake.sources import slugify

__all__ = ["article_markdown", "article_relpath", "doc_id", "write_atomically"]

_NOTICE_WORD = re.compile(r"(?:readme|notice|licen[cs]e|copying)", re.IGNORECASE)
FEEDS_FOLDER = "_feeds"  # inside corpus/: a user's own files never live here


def article_relpath(source_slug: str, canonical: str) -> str:
    """``_feeds/<source>/<words from the URL>-<hash>.md``: stable for one canonical URL."""
    parts = urlsplit(canonical)
    words = slugify(parts.path.rstrip("/").rpartition("/")[2].rsplit(".", 1)[0], limit=50) or "article"
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
    if _NOTICE_WORD.match(words):  # the corpus reader skips README/NOTICE/LICENSE/COPYING* files
        words = f"article-{words}"
    return f"{FEEDS_FOLDER}/{source_slug}/{words}-{digest}.md"


def doc_id(relpath: str) -> str:
    """The index's id of the article in ``relpath`` (the corpus reader's rule: the path without suffix)."""
    return relpath.removesuffix(".md")


def article_markdown(*, title: str, date: str, source: str, url: str, lang: str, author: str, text: str) -> str:
    fields: dict[str, str] = {"title": title}
    if date:
        fields["date"] = date
    fields.update({"source": source, "url": url, "lang": lang})
    if author:
        fields["author"] = author
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n{text.strip()}\n"
