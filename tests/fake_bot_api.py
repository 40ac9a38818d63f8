"""A fake Telegram Bot API server over real HTTP on 127.0.0.1, for end-to-end tests of the bot.

Runs ``http.server`` in a background thread on an ephemeral port. Serves queued updates through
long-polled getUpdates, answers the methods the bot uses, and records every call (method and
decoded parameters). It can reject the token (401) or answer one call with 429 RetryAfter.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_ID = 777000111
BOT_USERNAME = "newsbot_test_bot"
# Parameters that are plain strings; everything else PTB sends JSON-encoded.
_STRING_PARAMS = {"text", "parse_mode", "action", "url", "secret_token", "caption", "language_code"}
_MAX_LONG_POLL = 0.5  # seconds; keeps stopping the bot quick


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and key not in _STRING_PARAMS:
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out


class FakeBotAPI:
    """The server, its state, and helpers to feed updates and inspect calls."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.reject_token = False
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._failures: dict[str, int] = {}  # method -> retry_after, for the next call only
        self._cond = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-bot-api", daemon=True
        )

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB's base_url form: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    def __enter__(self) -> FakeBotAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- feeding and inspecting ----------------------------------------------------------------

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its update_id is set here) for the next getUpdates."""
        with self._cond:
            update_id = next(self._update_ids)
            self._updates.append({**update, "update_id": update_id})
            self._cond.notify_all()
        return update_id

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def fail_once(self, method: str, retry_after: int = 1) -> None:
        """Answer the next call of ``method`` with 429 Too Many Requests."""
        with self._cond:
            self._failures[method] = retry_after

    def calls_of(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """sendMessage and editMessageText calls, optionally for one chat."""
        with self._cond:
            return [
                c
                for c in self.calls
                if c.method in ("sendMessage", "editMessageText")
                and (chat_id is None or c.params.get("chat_id") == chat_id)
            ]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 5.0) -> None:
        """Poll until ``predicate()`` holds; fail the test on timeout."""
        deadline = time.monotonic() + within
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[(c.method, c.params) for c in self.calls]}")
            await asyncio.sleep(0.02)

    async def wait_for_calls(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        await self.wait_for(lambda: len(self.calls_of(method)) >= count, within)
        return self.calls_of(method)

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    # --- the API -------------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "NewsBot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _message(self, params: dict[str, Any], message_id: int | None = None) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "group"
        chat = {"id": chat_id, "type": chat_type, **({"title": "Group"} if chat_type == "group" else {})}
        return {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._bot_user(),
            "text": params.get("text", ""),
        }

    def handle(self, token: str, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one call: (HTTP status, JSON body)."""
        with self._cond:
            self.calls.append(Call(method, params))
            if self.reject_token or token != self.token:
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            retry_after = self._failures.pop(method, None)
        if retry_after is not None:
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after}",
                "parameters": {"retry_after": retry_after},
            }
        result: Any
        if method == "getMe":
            result = self._bot_user()
        elif method == "getUpdates":
            result = self._get_updates(params)
        elif method == "sendMessage":
            result = self._message(params)
        elif method == "editMessageText":
            result = self._message(params, message_id=params.get("message_id"))
        elif method in ("sendChatAction", "setMyCommands", "deleteWebhook", "setWebhook", "close", "logOut"):
            result = True
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        else:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), _MAX_LONG_POLL)
        deadline = time.monotonic() + wait
        with self._cond:
            # Confirmed updates (id < offset) are gone for good.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            return list(self._updates)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                segments = parts.path.strip("/").split("/")
                if len(segments) != 2 or not segments[0].startswith("bot"):
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                token, method = segments[0][3:], segments[1]
                params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                params.update(self._body())
                status, body = api.handle(token, method, _decode(params))
                self._reply(status, body)

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                if not raw:
                    return {}
                if ctype.startswith("application/json"):
                    data = json.loads(raw)
                    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
                if ctype.startswith("multipart/form-data"):
                    message = BytesParser(policy=HTTP).parsebytes(
                        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + raw
                    )
                    out = {}
                    for part in message.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        if isinstance(name, str):
                            out[name] = part.get_content()
                    return out
                return {k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()}

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        return Handler


# --- checking what the bot sent ---------------------------------------------------------------

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
ALLOWED_ATTRS = {
    "a": {"href"}, "span": {"class"}, "tg-emoji": {"emoji-id"}, "code": {"class"},
    "blockquote": {"expandable"},
}  # fmt: skip


class _TelegramHTMLChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> is not allowed by Telegram")
        for name, _ in attrs:
            if name not in ALLOWED_ATTRS.get(tag, set()):
                self.errors.append(f"attribute {name} not allowed on <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def check_telegram_html(text: str) -> str:
    """Assert ``text`` parses as Telegram HTML (allowed tags, balanced, escaped); return its plain text."""
    assert text.strip(), "empty message"
    assert len(text.encode("utf-16-le")) // 2 <= 4096, f"message of {len(text)} characters"
    for match in re.finditer("&", text):
        assert _ENTITY.match(text, match.start()), f"unescaped & at {text[match.start() :][:20]!r}"
    for match in re.finditer("<", text):
        rest = text[match.start() :]
        assert re.match(r"</?[a-z-]+[ >]", rest), f"stray < at {rest[:20]!r}"
    checker = _TelegramHTMLChecker()
    checker.feed(text)
    checker.close()
    assert not checker.errors, checker.errors
    assert not checker.stack, f"unclosed tags {checker.stack}"
    return "".join(checker.text)
