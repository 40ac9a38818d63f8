"""An article from a fetched page: main text, title, date, author, language (trafilatura), or None.

Menus, related links, comments, cookie banners and ads are left out by trafilatura. A page is an
article when what is left has prose: paragraphs of whole sentences, enough of them; a section
page (a list of headlines) is not. Nothing on the page is run or followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml import html as lxml_html
from trafilatura.deduplication import Simhash

MIN_ARTICLE_CHARS = 300  # prose characters below which a page is not an article
_MIN_PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"[.!?;…»\"')]\s*$")
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*([\"']?[\w.:-]+[\"']?)", re.IGNORECASE)
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Ad containers by the class/id names ad networks and ad blockers' cosmetic filters use (EasyList style),
# pruned before extraction: trafilatura drops most ads already, but not one inside the article's own div.
_AD_TOKENS = ("adsbygoogle", "advertisement", "advert", "ad-slot", "ad-container", "ad-wrapper", "sponsored")
AD_XPATH = " | ".join(
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {token} ') or @id='{token}']" for token in _AD_TOKENS
)
FINGERPRINT_BITS = 64
DUPLICATE_SIMILARITY = 0.95  # simhash similarity (share of equal bits) from which two texts are one story


@dataclass(frozen=True)
class Extracted:
    """The article on a page."""

    title: str
    date: str  # YYYY-MM-DD or ""
    author: str
    lang: str  # "" when the page does not say
    text: str
    declared_canonical: str | None  # the page's <link rel=canonical> href, unresolved


def fingerprint(text: str) -> str:
    """A 64-bit simhash of the text as hex: near-identical texts differ in few bits."""
    return Simhash(text, length=FINGERPRINT_BITS).to_hex()


def similarity(a: str, b: str) -> float:
    """Share of equal bits of two fingerprints (1.0 = the same)."""
    differing = bin(int(a, 16) ^ int(b, 16)).count("1")
    return 1.0 - differing / FINGERPRINT_BITS


def guess_lang(text: str) -> str:
    """'el' when Greek letters outnumber Latin ones, else 'en': only for pages and sources that don't say."""
    return "el" if len(_GREEK.findall(text)) >= len(_LATIN.findall(text)) else "en"


def prose(text: str) -> str:
    """The paragraphs of ``text`` that read as sentences (a headline list or a menu does not)."""
    kept = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if paragraph.startswith(("- ", "* ", "|")):
            continue
        if len(paragraph.split()) >= _MIN_PROSE_WORDS and _SENTENCE_END.search(paragraph):
            kept.append(paragraph)
    return "\n\n".join(kept)


def declared_canonical(page: bytes) -> str | None:
    try:
        tree = lxml_html.fromstring(page[:500_000])
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href"))
    return None


def decode_page(page: bytes, content_type: str = "") -> bytes | str:
    """The page as text when its Content-Type header names a known charset (the header wins, as in
    browsers: Greek sites still serve windows-1253 and ISO-8859-7); else the bytes, for trafilatura to sniff."""
    match = _CHARSET.search(content_type)
    if match:
        try:
            return page.decode(match.group(1).strip("\"'"), errors="replace")
        except LookupError:
            pass
    return page


def extract_article(page: bytes, url: str, content_type: str = "") -> Extracted | None:
    """The article on ``page`` (fetched from ``url``, served as ``content_type``), or None when there is none."""
    document = trafilatura.bare_extraction(
        decode_page(page, content_type), url=url, with_metadata=True, include_comments=False,
        include_tables=False, include_images=False, include_links=False, deduplicate=False, prune_xpath=AD_XPATH,
    )
    if document is None:
        return None
    fields: dict[str, Any] = document if isinstance(document, dict) else document.as_dict()
    if not fields.get("text"):
        return None
    title = " ".join(str(fields.get("title") or "").split())
    lines = str(fields["text"]).strip().split("\n")
    if title and lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the headline trafilatura keeps from <h1>; the front matter carries it
    body = prose("\n".join(lines))
    if len(body) < MIN_ARTICLE_CHARS:
        return None
    lang_match = _HTML_LANG.search(page[:4096])
    return Extracted(
        title=title,
        date=str(fields.get("date") or "")[:10],
        author=" ".join(str(fields.get("author") or "").split()),
        lang=lang_match.group(1).decode("ascii").lower() if lang_match else "",
        text=body,
        declared_canonical=declared_canonical(page),
    )
