"""Entries of a feed (RSS, Atom, via feedparser) or a news sitemap (its ``<url>``s), read from fetched bytes.

feedparser is only ever given bytes (given a string it would fetch it as a URL, with no timeout).
A "bozo" feed whose entries could still be read is read, with a note; one with none is an error.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

# A feed served as text/html or with a charset the XML contradicts is still a well-formed feed.
_HARMLESS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
_TAGS = re.compile(r"<[^>]+>")
_SITEMAP_ROOT = re.compile(rb"<(?:[\w-]+:)?(urlset|sitemapindex)\b")
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)


class FeedError(Exception):
    """The bytes are not a feed or news sitemap this reader can use."""


@dataclass(frozen=True)
class Entry:
    """One item of a feed or sitemap: where the article is, and what the feed says about it."""

    url: str
    title: str
    date: str  # YYYY-MM-DD or ""
    summary: str  # plain text, "" when none
    signature: str  # changes when the feed's version of the entry changes (title, dates, summary)


@dataclass(frozen=True)
class FeedRead:
    entries: tuple[Entry, ...]
    note: str | None  # e.g. a malformed feed whose entries were still read


def read_feed(body: bytes, url: str, content_type: str = "") -> FeedRead:
    """The entries in ``body`` fetched from ``url``, newest first where dates say so; FeedError when none."""
    head = body[:2048].lstrip()
    if _SITEMAP_ROOT.search(head) and not _HTML_ROOT.search(head):
        return FeedRead(_read_sitemap(body, url), None)
    headers = {"content-location": url, **({"content-type": content_type} if content_type else {})}
    parsed = feedparser.parse(body, response_headers=headers)
    malformed = parsed.bozo and not isinstance(parsed.get("bozo_exception"), _HARMLESS)
    entries = [entry for item in parsed.entries if (entry := _feed_entry(item, url)) is not None]
    if not entries:
        if _HTML_ROOT.search(head) or "html" in content_type.lower():
            named = _advertised_feeds(body, url)
            hint = f" (it names a feed: {', '.join(named)})" if named else ""
            raise FeedError(f"not a feed: the address serves an HTML page{hint}")
        if malformed:
            raise FeedError(f"malformed feed: {_bozo_reason(parsed)}")
        if not parsed.version:
            raise FeedError("not a feed (neither RSS, Atom nor a news sitemap)")
        return FeedRead((), None)
    note = f"malformed feed ({_bozo_reason(parsed)}); its {len(entries)} readable entries were read" \
        if malformed else None
    return FeedRead(_newest_first(entries), note)


def _advertised_feeds(body: bytes, url: str) -> list[str]:
    """The feeds an HTML page advertises (<link rel="alternate" type="application/rss+xml" href=...>)."""
    try:
        tree = lxml_html.fromstring(body[:500_000])
    except (ValueError, etree.ParserError):
        return []
    found = []
    for link in tree.iterfind(".//link"):
        kind = (link.get("type") or "").lower()
        if "alternate" in (link.get("rel") or "").lower().split() and ("rss" in kind or "atom" in kind):
            href = link.get("href")
            if href and urlsplit(urljoin(url, href)).scheme in ("http", "https"):
                found.append(urljoin(url, href))
    return found[:3]


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    return str(exc).splitlines()[0][:200] if exc else "unreadable"


def _newest_first(entries: list[Entry]) -> tuple[Entry, ...]:
    # Stable: entries without a date keep the feed's own order, after the dated ones.
    return tuple(sorted(entries, key=lambda e: e.date or "", reverse=True))


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", text)).split())


def _struct_day(value: time.struct_time | None) -> str:
    if not value:
        return ""
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).date().isoformat()
    except (OverflowError, ValueError):
        return ""


def _signature(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _feed_entry(item: Any, feed_url: str) -> Entry | None:
    link = str(item.get("link") or "").strip()
    if not link:
        return None
    link = urljoin(feed_url, link)
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    title = _plain(str(item.get("title") or ""))
    day = _struct_day(item.get("published_parsed")) or _struct_day(item.get("updated_parsed"))
    summary = _plain(str(item.get("summary") or ""))
    signature = _signature(title, str(item.get("published") or ""), str(item.get("updated") or ""), summary)
    return Entry(link, title, day, summary, signature)


# --- news sitemaps ---------------------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2] if isinstance(tag, str) else ""


def _iso_day(text: str) -> str:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) >= 10 else ""
    except ValueError:
        return ""


def _read_sitemap(body: bytes, url: str) -> tuple[Entry, ...]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap: {exc}") from None
    if _local(root.tag) == "sitemapindex":
        listed = [child.text.strip() for child in root.iter() if _local(child.tag) == "loc" and child.text]
        news = [loc for loc in listed if "news" in loc.lower()][:3]
        hint = f" (news ones: {', '.join(news)})" if news else ""
        raise FeedError(f"a sitemap index, not a news sitemap: name one of the {len(listed)} sitemaps it lists{hint}")
    entries: list[Entry] = []
    for node in root:
        if _local(node.tag) != "url":
            continue
        fields: dict[str, str] = {}
        for child in node.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "publication_date", "title") and child.text and name not in fields:
                fields[name] = child.text.strip()
        loc = fields.get("loc", "")
        if not loc:
            continue
        link = urljoin(url, loc)
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        published = fields.get("publication_date", "")
        day = _iso_day(published) or _iso_day(fields.get("lastmod", ""))
        title = fields.get("title", "")
        entries.append(Entry(link, title, day, "", _signature(title, published, fields.get("lastmod", ""))))
    return _newest_first(entries)
