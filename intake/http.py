"""A polite HTTP client for feeds and article pages, on httpx.

One request at a time (so at most one per host; a host is host:port) with a least gap per host that a robots.txt
Crawl-delay can raise; robots.txt obeyed (cached a day, as RFC 9309 allows); Retry-After honoured
per host; conditional requests; a timeout over the whole request, body included; a size cap
counted on the decompressed body while it streams; a few redirects, each hop checked again; only
http/https; hosts that resolve to loopback or private addresses refused unless allowed; no cookies.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.cookiejar import Cookie, CookieJar
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from protego import Protego

ROBOTS_TOKEN = "newsbot"
ROBOTS_MAX_BYTES = 500_000
ROBOTS_TTL = 86_400.0  # RFC 9309: a robots.txt may be cached for up to a day
CRAWL_DELAY_CAP = 60.0  # a Crawl-delay of hours would stall a run; a minute is still polite
MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)


class FetchError(Exception):
    """A request that gave no usable body: the reason in a person's words, and how long the host asked to wait."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None,
                 permanent: bool = False, not_a_page: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after
        # Asking again will not help (404, 410, refused by robots.txt or the address rules).
        self.permanent = permanent or status in (404, 410)
        self.not_a_page = not_a_page  # a PDF, an image: skipped as not an article, not failed


@dataclass(frozen=True)
class Response:
    """A fetched resource: its final URL, the body (empty on 304) and the validators for next time."""

    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    moved_to: str | None  # the last target of an unbroken chain of permanent redirects
    location: str = ""  # a redirect's Location (internal: get() follows it)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class RobotsEntry:
    """A host's robots.txt as last fetched: its text (None = everything allowed) and when."""

    text: str | None
    fetched_at: float


class _NoCookies(CookieJar):
    """A jar that keeps nothing: a site's cookies never follow the bot from one request to the next."""

    def set_cookie(self, cookie: Cookie) -> None:
        return None

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


def private_address(host: str, port: int) -> str | None:
    """The first loopback, private, link-local, reserved or multicast address ``host`` resolves to, or None."""
    for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            return str(address)
    return None


class PublicOnlyBackend(httpcore.SyncBackend):
    """Dials only public addresses, checked on the very address dialled: a name that resolved to a public
    address at the check and to a private one at the connection (DNS rebinding) is refused too."""

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        for address in addresses:
            if not address.is_global or address.is_multicast:
                raise httpcore.ConnectError(f"refused: {host} is a private or loopback address ({address})")
        return super().connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)


def _transport(allow_private: bool) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    if not allow_private:
        # httpx takes no network backend; its pool is rebuilt with the same TLS context (TLS still checks
        # the certificate against the URL's host name, not the address dialled).
        ssl_context = transport._pool._ssl_context  # type: ignore[union-attr]
        transport._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=PublicOnlyBackend())
    return transport


def user_agent(contact_url: str) -> str:
    contact = f"; +{contact_url}" if contact_url else ""
    return f"newsbot/0.1 (news intake; one request at a time{contact})"


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


class PoliteFetcher:
    """Fetches one URL at a time, waiting its turn per host. Not thread-safe: one per fetch run."""

    def __init__(
        self,
        *,
        contact_url: str = "",
        timeout: float = 15.0,
        max_bytes: int = 5_000_000,
        host_gap: float = 1.0,
        allow_private: bool = False,
        robots: dict[str, RobotsEntry] | None = None,
        host_not_before: dict[str, float] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.host_gap = host_gap
        self.allow_private = allow_private
        self.robots = robots if robots is not None else {}  # origin -> entry; the caller persists it
        self.host_not_before = host_not_before if host_not_before is not None else {}  # host -> epoch seconds
        self.requests = 0
        self.conditional_requests = 0
        self._clock = clock
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent(contact_url), "Accept-Encoding": "gzip, deflate"},
            cookies=_NoCookies(),
            trust_env=False,  # no proxy from the environment: the address check must see the real host
            transport=_transport(allow_private),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the one public call ---------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "*/*",
        check_robots: bool = True,
        max_bytes: int | None = None,
        media_types: tuple[str, ...] = (),
    ) -> Response:
        """The resource at ``url`` (304 with an empty body when the validators still match); FetchError otherwise.

        ``media_types``: the Content-Types wanted; another one (a PDF, an image) is refused before its body
        is read, as not a web page (``FetchError.not_a_page``).
        """
        current = url
        moved_to: str | None = None
        permanent_so_far = True
        for _hop in range(MAX_REDIRECTS + 1):
            parts = self._check_target(current)
            if check_robots:
                self._check_robots(current)
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            response = self._request(parts.netloc, current, headers, max_bytes or self.max_bytes, media_types)
            if response.status in _REDIRECTS:
                location = response.location
                if not location:
                    raise FetchError(f"HTTP {response.status} redirect without a Location", status=response.status)
                target = urljoin(current, location)
                if response.status in _PERMANENT and permanent_so_far:
                    moved_to = target
                else:
                    permanent_so_far = False
                current = target
                continue
            return Response(
                url=current,
                status=response.status,
                body=response.body,
                content_type=response.content_type,
                etag=response.etag,
                last_modified=response.last_modified,
                moved_to=moved_to,
            )
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    # --- checks ------------------------------------------------------------------------------

    def _check_target(self, url: str) -> Any:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"refused: {parts.scheme or 'no'} scheme (only http and https are fetched)",
                             permanent=True)
        host = parts.hostname
        if not host:
            raise FetchError("refused: the URL has no host", permanent=True)
        if not self.allow_private:  # checked here for a clear, permanent refusal; enforced again on connecting
            try:
                address = private_address(host, parts.port or (443 if parts.scheme == "https" else 80))
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(f"cannot resolve {host}: {exc}") from None
            if address is not None:
                raise FetchError(
                    f"refused: {host} is a private or loopback address ({address}); "
                    "NEWSBOT_FETCH_ALLOW_PRIVATE=true allows it", permanent=True,
                )
        return parts

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        entry = self.robots.get(origin)
        now = self._clock()
        if entry is None or now - entry.fetched_at > ROBOTS_TTL:
            entry = self._fetch_robots(origin, now)
            self.robots[origin] = entry
        if entry.text is None:
            return
        rules = Protego.parse(entry.text)
        delay = rules.crawl_delay(ROBOTS_TOKEN)
        if delay:
            self._crawl_delay[parts.netloc] = min(float(delay), CRAWL_DELAY_CAP)
        if not rules.can_fetch(url, ROBOTS_TOKEN):
            raise FetchError("refused by the site's robots.txt", permanent=True)

    def _fetch_robots(self, origin: str, now: float) -> RobotsEntry:
        try:
            response = self.get(origin + "/robots.txt", check_robots=False, max_bytes=ROBOTS_MAX_BYTES,
                                accept="text/plain")
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return RobotsEntry(None, now)  # no robots.txt: everything is allowed
            # Unreachable or failing: assume everything is disallowed for now (RFC 9309 §2.3.1.4).
            raise FetchError(f"robots.txt unavailable ({exc.reason}); not fetching from this site now",
                             retry_after=exc.retry_after) from None
        return RobotsEntry(response.body.decode("utf-8", errors="replace"), now)

    # --- the request -------------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        now = self._clock()
        not_before = self.host_not_before.get(host, 0.0)
        if not_before > now:
            raise FetchError(f"{host} asked to wait {not_before - now:.0f} s more (Retry-After)",
                             retry_after=not_before - now)
        gap = max(self.host_gap, self._crawl_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None and time.monotonic() - last < gap:
            self._sleep(gap - (time.monotonic() - last))

    def _request(self, host: str, url: str, headers: dict[str, str], max_bytes: int,
                 media_types: tuple[str, ...] = ()) -> Response:
        self._wait_turn(host)
        deadline = time.monotonic() + self.timeout
        self.requests += 1
        if "If-None-Match" in headers or "If-Modified-Since" in headers:
            self.conditional_requests += 1
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    return Response(url, status, b"", "", None, None, None, response.headers.get("location", ""))
                if status == 304:
                    return Response(url, status, b"", "", response.headers.get("etag"),
                                    response.headers.get("last-modified"), None)
                if status in (429, 503):
                    wait = parse_retry_after(response.headers.get("retry-after"), self._clock())
                    if wait is not None:
                        self.host_not_before[host] = self._clock() + wait
                    after = f"; retry after {wait:.0f} s" if wait is not None else ""
                    raise FetchError(f"HTTP {status} {response.reason_phrase}{after}", status=status,
                                     retry_after=wait)
                if status >= 400 or status < 200:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}", status=status)
                media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if media_types and media_type and media_type not in media_types:
                    raise FetchError(f"not a web page ({media_type})", permanent=True, not_a_page=True)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes and response.headers.get(
                        "content-encoding", "identity") == "identity":
                    raise FetchError(f"too big ({int(declared):,} bytes; the limit is {max_bytes:,})")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"too big (over {max_bytes:,} bytes, the limit)")
                    if time.monotonic() > deadline:
                        raise FetchError(f"too slow (over {self.timeout:g} s)")
                return Response(url, status, bytes(body), response.headers.get("content-type", ""),
                                response.headers.get("etag"), response.headers.get("last-modified"), None)
        except httpx.TimeoutException:
            raise FetchError(f"timed out (over {self.timeout:g} s)") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {exc.__class__.__name__}: {exc}") from None
        finally:
            self._last_request[host] = time.monotonic()
