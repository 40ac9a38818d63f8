"""A small OpenAI-compatible chat server on 127.0.0.1 for tests (plain JSON and SSE streaming).

Usage::

    with OpenAIStub(reply="Answer [1].") as stub:
        settings = Settings(NEWSBOT_LLM_BASE_URL=stub.base_url, NEWSBOT_LLM_MODEL="stub")
        ...
        stub.requests[-1].messages  # what the client sent

Every behaviour is an attribute that a test may change between requests: ``reply`` (text, or a
function of the request's messages), ``delay`` (seconds before the first byte), ``status`` (an HTTP
error status instead of a completion, its message in ``error_message``) and ``raw_body`` (bytes sent
as they are, e.g. garbage, with ``raw_content_type``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

# How often serve_forever checks for shutdown (the default 0.5 s would slow every test's teardown).
_POLL_SECONDS = 0.05

Messages = list[dict[str, Any]]
Reply = str | Callable[[Messages], str]


@dataclass(frozen=True)
class RecordedRequest:
    """One request the stub received."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> Messages:
        messages = self.body.get("messages", [])
        return messages if isinstance(messages, list) else []

    @property
    def prompt_text(self) -> str:
        """Every message's content joined, for substring assertions."""
        return "\n".join(str(m.get("content", "")) for m in self.messages)

    @property
    def streamed(self) -> bool:
        return bool(self.body.get("stream"))


@dataclass
class OpenAIStub:
    """An OpenAI-compatible /v1/chat/completions endpoint in a background thread."""

    reply: Reply = "The articles say so [1]."
    delay: float = 0.0
    status: int = 200
    error_message: str | None = None
    raw_body: bytes | None = None
    raw_content_type: str = "application/json"
    chunk_chars: int = 5
    requests: list[RecordedRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------
    def start(self, port: int = 0) -> OpenAIStub:
        stub = self

        class Handler(_Handler):
            owner = stub

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(_POLL_SECONDS,), name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "stub not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # --- used by the handler ------------------------------------------------------------
    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def _reply_text(self, messages: Messages) -> str:
        return self.reply(messages) if callable(self.reply) else self.reply


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIStub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        stub = self.owner
        stub._record(RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        stub._wait(stub.delay)
        if stub._stopping.is_set():
            return
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, b'{"error": {"message": "not found"}}')
        elif stub.status != 200:
            message = stub.error_message or f"stub error {stub.status}"
            error = {"error": {"message": message, "type": "server_error"}}
            self._send(stub.status, json.dumps(error).encode())
        elif stub.raw_body is not None:
            self._send(200, stub.raw_body, stub.raw_content_type)
        elif body.get("stream"):
            self._stream(stub._reply_text(body.get("messages", [])), str(body.get("model", "stub")))
        else:
            text = stub._reply_text(body.get("messages", []))
            self._send(200, json.dumps(_completion(text, str(body.get("model", "stub")))).encode())

    def _send(self, status: int, payload: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _stream(self, text: str, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        size = max(1, self.owner.chunk_chars)
        pieces = [text[i : i + size] for i in range(0, len(text), size)]
        events = [_chunk(model, {"role": "assistant", "content": ""}, None)]
        events += [_chunk(model, {"content": piece}, None) for piece in pieces]
        events.append(_chunk(model, {}, "stop"))
        for event in events:
            self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def main(argv: list[str] | None = None) -> None:
    """Run the stub in the foreground, e.g. for the load benchmark's slow LLM:

    python tests/openai_stub.py --port 8089 --delay 2 --reply "Answer [1]."
    """
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--reply", default="The articles say so [1].")
    args = parser.parse_args(argv)
    stub = OpenAIStub(reply=args.reply, delay=args.delay).start(port=args.port)
    print(f"OpenAI-compatible stub at {stub.base_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stub.stop()


if __name__ == "__main__":
    main()
