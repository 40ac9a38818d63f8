"""Render answers as Telegram HTML: escaped text, [n] markers, sources, split to message size.

Pure functions, no Telegram import. Every string that comes from the corpus or the model is
escaped; the only tags produced are from Telegram's allowed set (b, i, a, blockquote). A long
reply is split into parts of at most ``MAX_MESSAGE_LENGTH`` UTF-16 units, on paragraph
boundaries where possible, and every part is balanced HTML on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.types import Answer, Citation, Language

MAX_MESSAGE_LENGTH = 4096
TITLE_CHARS = 200
ANSWER_QUOTE_CHARS = 300
SOURCE_QUOTE_CHARS = 3000

_ENTITY_TAIL = re.compile(r"&[#A-Za-z0-9]*$")


@dataclass
class Block:
    """A paragraph: lines of balanced HTML, optionally wrapped in one tag pair (e.g. a blockquote)."""

    lines: list[str]
    open_tag: str = ""
    close_tag: str = ""

    def render(self, lines: Sequence[str] | None = None) -> str:
        return self.open_tag + "\n".join(self.lines if lines is None else lines) + self.close_tag


def escape(text: str) -> str:
    """Escape text for Telegram HTML (&, <, >, and quotes so it is safe in attributes too)."""
    return html.escape(text, quote=True)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def _safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) link, else None (no javascript:, no relative paths)."""
    url = url.strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _link(url: str, label: str) -> str:
    return f'<a href="{escape(url)}">{label}</a>'


def _labels(language: Language) -> dict[str, str]:
    if language == "el":
        return {"sources": "Πηγές", "link": "σύνδεσμος", "quotes": "Αποσπάσματα"}
    return {"sources": "Sources", "link": "link", "quotes": "Quotes"}


def _text_blocks(text: str) -> list[Block]:
    """Model text to paragraphs of escaped lines; blank lines separate paragraphs."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [escape(line.rstrip()) for line in paragraph.split("\n") if line.strip()]
        if lines:
            blocks.append(Block(lines))
    return blocks


def _citation_line(c: Citation) -> str:
    title = escape(_shorten(c.title, TITLE_CHARS)) or "—"
    url = _safe_url(c.url)
    line = f"[{c.n}] " + (_link(url, title) if url else title)
    if c.date.strip():
        line += " · " + escape(_shorten(c.date, 40))
    return line


def answer_blocks(answer: Answer) -> list[Block]:
    """The paragraphs of an answer: notice, text, short sources list, quotes."""
    labels = _labels(answer.language)
    blocks: list[Block] = []
    if answer.notice and answer.notice.strip():
        blocks.append(Block([f"<i>{escape(_shorten(answer.notice, 500))}</i>"]))
    if answer.short_answer and answer.short_answer.strip():
        blocks.append(Block([f"<b>{escape(_shorten(answer.short_answer, 300))}</b>"]))
    blocks.extend(_text_blocks(answer.text))
    if not blocks:
        blocks.append(Block(["…"]))
    citations = sorted(answer.citations, key=lambda c: c.n)
    if citations:
        blocks.append(Block([f"<b>{labels['sources']}</b>", *(_citation_line(c) for c in citations)]))
        quotes = [
            f"[{c.n}] «{escape(_shorten(c.quote, ANSWER_QUOTE_CHARS))}»" for c in citations if c.quote.strip()
        ]
        if quotes:
            blocks.append(Block(quotes, "<blockquote expandable>", "</blockquote>"))
    return blocks


def render_answer(answer: Answer, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """An answer as one or more Telegram HTML messages, each at most ``limit`` long."""
    return split_blocks(answer_blocks(answer), limit)


def sources_blocks(citations: Iterable[Citation], language: Language = "el") -> list[Block]:
    """Full sources for /sources: title, date, source, link and the verbatim quote of each."""
    labels = _labels(language)
    blocks: list[Block] = [Block([f"<b>{labels['sources']}</b>"])]
    for c in sorted(citations, key=lambda c: c.n):
        lines = [f"<b>[{c.n}] {escape(_shorten(c.title, TITLE_CHARS)) or '—'}</b>"]
        meta = " · ".join(escape(_shorten(part, 100)) for part in (c.date, c.source) if part.strip())
        if meta:
            lines.append(meta)
        url = _safe_url(c.url)
        if url:
            lines.append(_link(url, escape(_shorten(url, 100))))
        blocks.append(Block(lines))
        if c.quote.strip():
            quote = escape(_shorten(c.quote, SOURCE_QUOTE_CHARS))
            blocks.append(Block([quote], "<blockquote expandable>", "</blockquote>"))
    return blocks


def render_sources(
    citations: Sequence[Citation], language: Language = "el", limit: int = MAX_MESSAGE_LENGTH
) -> list[str]:
    """The /sources reply as one or more Telegram HTML messages."""
    return split_blocks(sources_blocks(citations, language), limit)


def render_partial(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """A streaming preview: the text so far, escaped, cut to fit one message, with an ellipsis."""
    budget = limit - 50
    body = text.strip()[:budget]  # escaping only makes it longer
    while body and utf16_len(escape(body)) > budget:
        over = utf16_len(escape(body)) - budget
        body = body[: len(body) - max(1, over // 6)]
    return (escape(body) + " …") if body else "…"


# --- splitting ------------------------------------------------------------------------------


def _split_plain(line: str, budget: int) -> list[str]:
    """Cut an escaped, tag-free line into pieces of at most ``budget``, at spaces if possible."""
    pieces = []
    rest = line
    while utf16_len(rest) > budget:
        cut = budget
        # Count in UTF-16: shrink the cut until it fits.
        while utf16_len(rest[:cut]) > budget:
            cut -= 1
        space = rest.rfind(" ", 0, cut)
        if space > budget // 2:
            cut = space
        else:
            entity = _ENTITY_TAIL.search(rest[:cut])
            if entity:  # never cut inside "&amp;"
                cut = entity.start()
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip(" ")
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]


def _strip_tags(line: str) -> str:
    return escape(html.unescape(re.sub(r"<[^>]*>", "", line)))


def _fit_lines(block: Block, budget: int) -> list[str]:
    """The block's lines, each cut so that it fits ``budget`` inside the block's wrapper."""
    inner = budget - utf16_len(block.open_tag) - utf16_len(block.close_tag)
    lines: list[str] = []
    for line in block.lines:
        if utf16_len(line) <= inner:
            lines.append(line)
            continue
        plain = line if "<" not in line else _strip_tags(line)
        lines.extend(_split_plain(plain, inner))
    return lines


def split_blocks(blocks: Sequence[Block], limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Pack blocks into messages of at most ``limit``; a block too big for one is split by lines."""
    messages: list[str] = []
    current = ""

    def add(piece: str, sep: str) -> None:
        nonlocal current
        if current and utf16_len(current) + utf16_len(sep) + utf16_len(piece) <= limit:
            current += sep + piece
        else:
            if current:
                messages.append(current)
            current = piece

    for block in blocks:
        whole = block.render()
        if utf16_len(whole) <= limit:
            add(whole, "\n\n")
            continue
        # Too big for one message: split by lines, re-wrapping each piece in the block's tags.
        chunk: list[str] = []
        first = True
        for line in _fit_lines(block, limit):
            if chunk and utf16_len(block.render([*chunk, line])) > limit:
                add(block.render(chunk), "\n\n" if first else "\n")
                first = False
                chunk = []
            chunk.append(line)
        if chunk:
            add(block.render(chunk), "\n\n" if first else "\n")
    if current:
        messages.append(current)
    return messages or ["…"]
