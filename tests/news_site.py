"""A news site on 127.0.0.1 for the intake tests and benchmark: real HTTP from a threaded server.

``NewsSite`` serves whatever ``Resource`` is set at a path (a list of them: one per request, the
last repeated), honours If-None-Match / If-Modified-Since with 304, gzips on request, can wait
before answering, and streams a body from a generator (a 50 MB body is never built in memory).
It logs every request (path, headers, time). The builders write RSS 2.0, Atom, a news sitemap and
article pages inside realistic news-site HTML (menus, related links, comments, cookie banner, ads).
"""

from __future__ import annotations

import gzip
import html
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from news_stories import (
    ADS,
    COMMENTS,
    COOKIE_BANNER,
    FOOTER,
    MENU,
    NEWSLETTER,
    RELATED_TITLE,
    SITE_NAME,
    STORIES,
    Story,
)


@dataclass
class Resource:
    """What one request to a path gets."""

    body: bytes | Callable[[], Iterable[bytes]] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent, and a matching If-None-Match gets 304
    last_modified: str | None = None
    delay: float = 0.0  # seconds before the status line
    gzip: bool = False  # compress when the client accepts gzip


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float


class NewsSite:
    """Start with ``with NewsSite() as site``; set ``site.routes[path]``; read ``site.requests``."""

    def __init__(self) -> None:
        self.routes: dict[str, Resource | list[Resource]] = {}
        self.requests: list[Request] = []
        self._served: dict[int, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                return None

            def do_GET(self) -> None:
                site._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _resource(self, path: str) -> Resource | None:
        with self._lock:
            found = self.routes.get(path, self.routes.get(path.partition("?")[0]))  # a query is ignored unless routed
            if isinstance(found, list):
                n = self._served.get(id(found), 0)
                self._served[id(found)] = n + 1
                return found[min(n, len(found) - 1)]
            return found

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        with self._lock:
            self.requests.append(Request(path, {k.lower(): v for k, v in handler.headers.items()}, time.monotonic()))
        resource = self._resource(path)
        if resource is None:
            resource = Resource(b"<html><body><h1>404</h1></body></html>", status=404)
        if resource.delay:
            time.sleep(resource.delay)
        headers = dict(resource.headers)
        if resource.etag:
            headers["ETag"] = resource.etag
        if resource.last_modified:
            headers["Last-Modified"] = resource.last_modified
        matches = (resource.etag and handler.headers.get("If-None-Match") == resource.etag) or (
            resource.last_modified and handler.headers.get("If-Modified-Since") == resource.last_modified
        )
        try:
            if matches and resource.status == 200:
                handler.send_response(304)
                for name, value in headers.items():
                    handler.send_header(name, value)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(resource.status)
            handler.send_header("Content-Type", resource.content_type)
            for name, value in headers.items():
                handler.send_header(name, value)
            if callable(resource.body):  # streamed: chunked, never held whole
                handler.send_header("Transfer-Encoding", "chunked")
                handler.end_headers()
                for chunk in resource.body():
                    handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                handler.wfile.write(b"0\r\n\r\n")
                return
            body = resource.body
            if resource.gzip and "gzip" in handler.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a size cap or a timeout): expected


# --- builders --------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def article_html(story: Story, *, canonical: str | None = None, related: Iterable[Story] = (),
                 paragraphs: tuple[tuple[str, ...], ...] | None = None, template: str = "semantic") -> bytes:
    """``story`` as a page of a busy Greek news site: menu, cookie banner, ads inside the text, related links,
    newsletter box, comments and footer around the article. ``template`` "semantic" uses HTML5's
    article/nav/aside/footer; "divs" is the div soup of older CMSs (no semantic tags at all)."""
    paras = paragraphs if paragraphs is not None else story.paragraphs
    if template == "divs":
        return _divs_html(story, canonical, list(related), paras)
    menu = "".join(f'<li><a href="/category/{i}">{_e(item)}</a></li>' for i, item in enumerate(MENU))
    body_parts = []
    for i, para in enumerate(paras):
        body_parts.append(f"<p>{_e(' '.join(para))}</p>")
        if i == 0:
            body_parts.append(f'<div class="ad-slot inline-ad"><span class="ad-label">{_e(ADS[0])}</span>'
                              f'<a href="/ads/1"><img src="/ads/1.png" alt=""></a></div>')
    related_links = "".join(f'<li><a href="/news/{_e(r.slug)}">{_e(r.title)}</a></li>' for r in related)
    comments = "".join(
        f'<li class="comment"><div class="comment-author">Αναγνώστης {i + 1}</div>'
        f'<div class="comment-body"><p>{_e(c)}</p></div></li>' for i, c in enumerate(COMMENTS)
    )
    canonical_tag = f'<link rel="canonical" href="{_e(canonical)}">' if canonical else ""
    page = f"""<!DOCTYPE html>
<html lang="el">
<head>
<meta charset="utf-8">
<title>{_e(story.title)} | {_e(SITE_NAME)}</title>
{canonical_tag}
<meta property="og:type" content="article">
<meta property="og:title" content="{_e(story.title)}">
<meta name="author" content="{_e(story.author)}">
<meta property="article:published_time" content="{story.date}T09:30:00+02:00">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.cookie-banner{{position:fixed;bottom:0}}</style>
</head>
<body>
<div id="cookie-banner" class="cookie-banner cookie-consent"><p>{_e(COOKIE_BANNER)}</p>
<button>Αποδοχή</button><button>Ρυθμίσεις</button></div>
<header class="site-header"><div class="logo"><a href="/">{_e(SITE_NAME)}</a></div>
<nav class="main-menu"><ul>{menu}</ul></nav></header>
<div class="ad-slot top-banner"><span class="ad-label">{_e(ADS[1])}</span></div>
<main>
<article class="post">
<div class="breadcrumbs"><a href="/">Αρχική</a> › <a href="/category/2">Κοινωνία</a></div>
<h1 class="entry-title">{_e(story.title)}</h1>
<div class="entry-meta"><span class="byline">Του <a href="/author/1" rel="author">{_e(story.author)}</a></span>
<time datetime="{story.date}T09:30:00+02:00">{story.date}</time></div>
<div class="entry-content">
{"".join(body_parts)}
</div>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
</article>
<aside class="related-posts"><h3>{_e(RELATED_TITLE)}</h3><ul>{related_links}</ul></aside>
<section class="newsletter"><p>{_e(NEWSLETTER)}</p><form><input type="email"><button>Εγγραφή</button></form></section>
<section id="comments" class="comments-area"><h3>Σχόλια (2)</h3><ol class="comment-list">{comments}</ol></section>
</main>
<footer class="site-footer"><p>{_e(FOOTER)}</p></footer>
</body>
</html>"""
    return page.encode("utf-8")


def _divs_html(story: Story, canonical: str | None, related: list[Story],
               paras: tuple[tuple[str, ...], ...]) -> bytes:
    menu = " | ".join(f'<a class="menu-link" href="/c/{i}">{_e(item)}</a>' for i, item in enumerate(MENU))
    body = []
    for i, para in enumerate(paras):
        body.append(f"<p>{_e(' '.join(para))}</p>")
        if i == 1:
            body.append(f'<div class="adsbygoogle promo">{_e(ADS[1])}</div>')
    related_links = "".join(f'<div class="rel-item"><a href="/news/{_e(r.slug)}">{_e(r.title)}</a></div>'
                            for r in related)
    comments = "".join(f'<div class="comment"><b>Χρήστης {i}</b><div>{_e(c)}</div></div>'
                       for i, c in enumerate(COMMENTS))
    canonical_tag = f'<link rel="canonical" href="{_e(canonical)}">' if canonical else ""
    return f"""<html lang="el-GR"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_e(story.title)} - {_e(SITE_NAME)}</title>{canonical_tag}
<meta name="description" content="{_e(story.paragraphs[0][0])}">
<meta name="date" content="{story.date}"></head>
<body><div id="wrapper">
<div class="cc-window">{_e(COOKIE_BANNER)} <a class="cc-btn">OK</a></div>
<div id="top"><div id="logo">{_e(SITE_NAME)}</div><div id="menu">{menu}</div></div>
<div id="adtop" class="adsbygoogle">{_e(ADS[0])}</div>
<div id="content"><div class="col-left">
<div class="headline"><h1>{_e(story.title)}</h1><div class="info">{story.date} | {_e(story.author)}</div></div>
<div class="post-body">{"".join(body)}</div>
<div class="tags">Ετικέτες: <a href="/t/1">Ειδήσεις</a></div>
<div class="related"><div class="rel-title">{_e(RELATED_TITLE)}</div>{related_links}</div>
<div class="comments"><div class="c-title">Σχόλια</div>{comments}</div>
</div><div class="col-right"><div class="box-newsletter">{_e(NEWSLETTER)}</div></div></div>
<div id="bottom">{_e(FOOTER)}</div></div></body></html>""".encode()


def category_html() -> bytes:
    """A section page: a list of headlines and teasers, no article."""
    items = "".join(
        f'<li><a href="/news/{_e(s.slug)}"><h2>{_e(s.title)}</h2></a><span>{s.date}</span></li>' for s in STORIES
    )
    menu = "".join(f'<li><a href="/category/{i}">{_e(item)}</a></li>' for i, item in enumerate(MENU))
    return f"""<!DOCTYPE html><html lang="el"><head><meta charset="utf-8"><title>Κοινωνία | {_e(SITE_NAME)}</title>
<meta property="og:type" content="website"></head><body>
<header><nav><ul>{menu}</ul></nav></header>
<main><h1>Κοινωνία</h1><ul class="article-list">{items}</ul>
<div class="pagination"><a href="?page=2">Επόμενη σελίδα</a></div></main>
<footer><p>{_e(FOOTER)}</p></footer></body></html>""".encode()


@dataclass(frozen=True)
class Item:
    """One feed item: the link a feed gives, and the story behind it."""

    link: str
    story: Story
    summary: str = ""


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day + "T07:30:00").replace(tzinfo=UTC))


def rss(items: Iterable[Item], *, title: str = SITE_NAME, link: str = "http://127.0.0.1/") -> bytes:
    entries = "".join(
        f"<item><title>{_e(i.story.title)}</title><link>{_e(i.link)}</link><guid>{_e(i.link)}</guid>"
        f"<pubDate>{_rfc822(i.story.date)}</pubDate><dc:creator>{_e(i.story.author)}</dc:creator>"
        f"<description>{_e(i.summary or i.story.paragraphs[0][0])}</description></item>\n"
        for i in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>{_e(title)}</title><link>{_e(link)}</link><description>Ειδήσεις</description>"
            f"<language>el</language>\n{entries}</channel></rss>\n").encode()


def atom(items: Iterable[Item], *, title: str = SITE_NAME) -> bytes:
    entries = "".join(
        f'<entry><title>{_e(i.story.title)}</title><link rel="alternate" href="{_e(i.link)}"/>'
        f"<id>{_e(i.link)}</id><updated>{i.story.date}T07:30:00Z</updated><published>{i.story.date}T07:30:00Z"
        f"</published><author><name>{_e(i.story.author)}</name></author>"
        f"<summary>{_e(i.summary or i.story.paragraphs[0][0])}</summary></entry>\n"
        for i in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="el">'
            f"<title>{_e(title)}</title><id>urn:newsbot:test</id><updated>2026-12-05T08:00:00Z</updated>\n"
            f"{entries}</feed>\n").encode()


def news_sitemap(items: Iterable[Item]) -> bytes:
    urls = "".join(
        f"<url><loc>{_e(i.link)}</loc><news:news><news:publication><news:name>{_e(SITE_NAME)}</news:name>"
        f"<news:language>el</news:language></news:publication>"
        f"<news:publication_date>{i.story.date}T09:30:00+02:00</news:publication_date>"
        f"<news:title>{_e(i.story.title)}</news:title></news:news></url>\n"
        for i in items
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n{urls}</urlset>\n').encode()


def big_body(megabytes: int = 50) -> Callable[[], Iterator[bytes]]:
    """A generator of ``megabytes`` MB of HTML-ish bytes, made one 64 KiB chunk at a time."""
    chunk = (b"<p>" + "Γέμισμα σελίδας. ".encode() * 2000 + b"</p>")[:65536]

    def chunks() -> Iterator[bytes]:
        yield b"<html><body>"
        for _ in range(megabytes * 1_000_000 // len(chunk) + 1):
            yield chunk

    return chunks


def robots(disallow: Iterable[str] = (), crawl_delay: float | None = None) -> Resource:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow)]
    if crawl_delay is not None:
        lines.append(f"Crawl-delay: {crawl_delay:g}")
    return Resource("\n".join(lines).encode() + b"\n", content_type="text/plain")


def page(story: Story, **kwargs: object) -> Resource:
    """The story's page (the "semantic" template unless ``template`` says otherwise), with an ETag."""
    related = [s for s in STORIES if s.slug != story.slug][:3]
    return Resource(article_html(story, related=related, **kwargs), etag=f'"{story.slug}-1"')  # type: ignore[arg-type]
