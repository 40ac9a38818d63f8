"""News intake inside the Telegram process: the periodic fetch, /feeds, /fetch, and followers' notices.

bot/app.py hands over three functions (``bot.types.IntakeTools``): fetch once, read the sources' states, match
topics against new articles; this module never imports the intake or the answerer. A fetch runs in
its own worker thread (it blocks on the network and on embedding), one at a time whether the
JobQueue or an admin's /fetch started it; a failed run is logged with its traceback and the bot goes
on answering. After each run the new articles are matched against every followed topic and the
notices queued in the ``FollowStore`` (once per chat and article), then sent: PTB's AIORateLimiter
paces them within Telegram's limits.
"""

from __future__ import annotations

import asyncio
import html
import logging
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeAlias

from telegram import Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.follow_store import FollowStore, Notice
from bot.telegram.followers import render_notice
from bot.telegram.handlers import is_admin
from bot.telegram.texts import (
    ADMINS_ONLY_TEXT,
    FEED_FAILING_TEXT,
    FEED_NEVER_TEXT,
    FEED_OK_TEXT,
    FEEDS_NONE_TEXT,
    FETCH_BUSY_TEXT,
    FETCH_FAILED_TEXT,
    FETCH_STARTED_TEXT,
    NO_INTAKE_TEXT,
)
from bot.types import FetchReportView, IntakeTools, SourceStateView
from index.settings import Settings

log = logging.getLogger("newsbot.telegram")

Context: TypeAlias = ContextTypes.DEFAULT_TYPE

CLAIM_BATCH = 20  # notices claimed at a time: a batch is sent well within the claim's lease
FIRST_FETCH_SECONDS = 5.0  # the first periodic fetch, once the bot is up
MESSAGE_LIMIT = 4000  # characters per reply, under Telegram's 4096


def source_line(state: SourceStateView) -> str:
    """One /feeds line: ok with its last success, or failing with its last error and next try."""
    name = html.escape(state.name or state.url)
    if state.failing:
        return FEED_FAILING_TEXT.format(
            name=name, failures=state.failures_in_a_row, error=html.escape(state.last_error or "?"),
            next_try=html.escape(state.next_try or "?"),
        )
    if state.last_success is None:
        return FEED_NEVER_TEXT.format(name=name)
    return FEED_OK_TEXT.format(name=name, last_success=html.escape(state.last_success))


def in_parts(lines: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into messages of at most ``limit`` characters (a longer line is cut)."""
    parts: list[str] = []
    current = ""
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        parts.append(current)
    return parts


class Intake:
    """Runs fetches (one at a time, in a worker thread) and delivers the followers' notices."""

    def __init__(self, settings: Settings, tools: IntakeTools | None, store: FollowStore) -> None:
        self.settings = settings
        self.tools = tools
        self.store = store
        self.owner = uuid.uuid4().hex  # this process, as the owner of the notices it claims
        self.lock = asyncio.Lock()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-fetch")

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)

    # --- running a fetch ---------------------------------------------------------------------
    async def fetch_and_notify(self, bot: Any) -> FetchReportView:
        """One fetch, then the notices of its new articles; the caller holds ``self.lock``."""
        assert self.tools is not None
        loop = asyncio.get_running_loop()
        report = await loop.run_in_executor(self.executor, self.tools.fetch)
        try:
            await self.notify(bot, [a.doc_id for a in report.new_articles])
        except Exception:  # the fetch itself worked: report it; the notices wait for the next run
            log.error("matching or sending followers' notices failed", exc_info=True)
        return report

    async def periodic_fetch(self, context: Context) -> None:
        """The JobQueue's callback: fetch unless a fetch is running; never let an error out."""
        if self.tools is None or self.lock.locked():
            log.info("periodic fetch skipped: %s", "no intake" if self.tools is None else "a fetch is running")
            return
        async with self.lock:
            try:
                report = await self.fetch_and_notify(context.bot)
            except Exception:
                log.error("periodic fetch failed", exc_info=True)
                return
        log.info("periodic fetch: %d new articles%s", len(report.new_articles),
                 "; every source failed" if report.all_failed else "")

    # --- followers' notices ------------------------------------------------------------------
    async def notify(self, bot: Any, doc_ids: Sequence[str]) -> None:
        """Queue a notice for each chat whose topic a new article matches, then send what is queued."""
        follows = self.store.all_follows()
        if doc_ids and follows and self.tools is not None:
            topics = list(dict.fromkeys(topic for _, topic in follows))
            loop = asyncio.get_running_loop()
            matches = await loop.run_in_executor(self.executor, self.tools.match_topics, topics, list(doc_ids))
            by_topic: dict[str, list[Any]] = {}
            for match in matches:
                by_topic.setdefault(match.topic, []).append(match)
            notices = [
                Notice(chat_id, m.doc_id, topic, m.title, m.date, m.source, m.url, m.sentence)
                for chat_id, topic in follows for m in by_topic.get(topic, [])
            ]
            queued = self.store.queue(notices)  # a chat with two matching topics gets the article once
            log.info("%d new articles matched %d topics: %d notices queued", len(doc_ids), len(by_topic), queued)
        await self.deliver(bot)

    async def deliver(self, bot: Any) -> int:
        """Send the queued notices this process can claim; how many were sent."""
        sent = 0
        while True:
            batch = self.store.claim(self.owner, CLAIM_BATCH)
            if not batch:
                return sent
            for notice in batch:
                try:
                    await bot.send_message(notice.chat_id, render_notice(notice))
                except (Forbidden, BadRequest) as exc:  # blocked, removed, chat gone: it never will
                    log.warning("notice to chat %s undeliverable: %s", notice.chat_id, exc)
                    self.store.mark_undeliverable(notice)
                except TelegramError as exc:  # network, flood wait past the limiter's retries
                    log.warning("notice to chat %s failed, will retry: %s", notice.chat_id, exc)
                    self.store.release(notice)
                    return sent  # the rest waits for the next run rather than failing the same way
                else:
                    self.store.mark_sent(notice)
                    sent += 1

    # --- admin commands ----------------------------------------------------------------------
    async def _admin_asking(self, update: Update) -> tuple[Message, IntakeTools] | None:
        """The admin's message and the intake when it is set up; else None, the refusal or reason sent."""
        message = update.message
        assert message
        if not is_admin(update, self.settings):
            await message.reply_text(ADMINS_ONLY_TEXT)
            return None
        if self.tools is None:
            await message.reply_text(NO_INTAKE_TEXT)
            return None
        return message, self.tools

    async def feeds(self, update: Update, context: Context) -> None:
        """Each source's state (admins only)."""
        asking = await self._admin_asking(update)
        if asking is None:
            return
        message, tools = asking
        states = await asyncio.get_running_loop().run_in_executor(None, tools.source_states)
        lines = [source_line(state) for state in states] or [FEEDS_NONE_TEXT]
        for part in in_parts(lines):
            await message.reply_html(part)

    async def fetch(self, update: Update, context: Context) -> None:
        """Fetch now (admins only) and reply with the report's lines."""
        asking = await self._admin_asking(update)
        if asking is None:
            return
        message, _ = asking  # fetch_and_notify uses the intake itself
        if self.lock.locked():
            await message.reply_text(FETCH_BUSY_TEXT)
            return
        async with self.lock:
            await message.reply_text(FETCH_STARTED_TEXT)
            try:
                report = await self.fetch_and_notify(context.bot)
            except Exception as exc:
                log.error("fetch failed", exc_info=True)
                await message.reply_html(f"{FETCH_FAILED_TEXT} {html.escape(str(exc) or type(exc).__name__)}")
                return
        for part in in_parts([html.escape(line) for line in report.lines()] or ["OK"]):
            await message.reply_html(part)
