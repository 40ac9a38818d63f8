"""A streaming answer shown in Telegram by editing one reply, within Telegram's edit limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from telegram import ReplyParameters
from telegram.error import BadRequest, TelegramError

from bot.telegram.formatting import render_partial

log = logging.getLogger("newsbot.telegram")

EDIT_INTERVAL = 1.0  # seconds between edits of a streaming reply, per chat


class StreamingReply:
    """Shows a streaming answer by editing one reply message, at most once per interval per chat."""

    def __init__(
        self,
        bot: Any,
        chat_id: int,
        reply_to: int,
        last_edit: dict[int, float],
        interval: float = EDIT_INTERVAL,
    ) -> None:
        self._bot, self._chat_id, self._reply_to = bot, chat_id, reply_to
        self._last_edit, self._interval = last_edit, interval
        self._loop = asyncio.get_running_loop()
        self._lock = threading.Lock()
        self._latest: str | None = None
        self._wake = asyncio.Event()
        self._closing = asyncio.Event()
        self.message_id: int | None = None
        self._task = self._loop.create_task(self._run(), name=f"stream:{chat_id}:{reply_to}")

    def on_partial(self, text: str) -> None:
        """Called from the worker thread with the answer text so far."""
        with self._lock:
            self._latest = text
        with contextlib.suppress(RuntimeError):  # the loop is gone: nobody to show it to
            self._loop.call_soon_threadsafe(self._wake.set)

    async def _pause(self) -> None:
        """Wait until this chat may be edited again (or we are closing)."""
        wait = self._last_edit.get(self._chat_id, 0.0) + self._interval - time.monotonic()
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), wait)

    async def _run(self) -> None:
        while not self._closing.is_set():
            await self._wake.wait()
            self._wake.clear()
            await self._pause()
            if self._closing.is_set():
                return
            with self._lock:
                text, self._latest = self._latest, None
            if text and text.strip():
                await self._show(render_partial(text))

    async def _show(self, html_text: str) -> None:
        try:
            if self.message_id is None:
                sent = await self._bot.send_message(
                    self._chat_id, html_text, reply_parameters=self._reply_parameters()
                )
                self.message_id = sent.message_id
            else:
                await self._bot.edit_message_text(
                    html_text, chat_id=self._chat_id, message_id=self.message_id
                )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not update the streaming reply: %s", exc)
        except TelegramError as exc:
            log.warning("could not update the streaming reply: %s", exc)
        self._last_edit[self._chat_id] = time.monotonic()

    def _reply_parameters(self) -> ReplyParameters:
        return ReplyParameters(message_id=self._reply_to, allow_sending_without_reply=True)

    async def close(self) -> None:
        """Stop showing partial text; an edit in flight is finished, not cut off."""
        self._closing.set()
        self._wake.set()
        await self._task

    async def finish(self, parts: Sequence[str]) -> None:
        """Show the final answer: edit the streamed message into part one, send the rest."""
        await self.close()
        rest = list(parts)
        if self.message_id is not None:
            self._closing.clear()
            await self._pause()
            try:
                await self._bot.edit_message_text(rest[0], chat_id=self._chat_id, message_id=self.message_id)
                rest = rest[1:]
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    rest = rest[1:]
                else:  # e.g. the message was deleted: send the answer afresh
                    log.warning("could not edit the streamed reply, sending it anew: %s", exc)
            self._last_edit[self._chat_id] = time.monotonic()
        for part in rest:
            await self._bot.send_message(self._chat_id, part, reply_parameters=self._reply_parameters())
