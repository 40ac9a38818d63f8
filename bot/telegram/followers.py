"""/follow, /following, /unfollow, and how a notice about a new article reads.

Thin handlers over the ``FollowStore``; the texts are in ``bot.telegram.texts``. Which new article
matches which topic is decided elsewhere (the matcher bot/app.py hands over, run by
``bot.telegram.feeds`` after each fetch).
"""

from __future__ import annotations

import html
import logging
from typing import TypeAlias

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.follow_store import FollowResult, FollowStore, Notice
from bot.telegram.texts import (
    FOLLOW_ADDED_TEXT,
    FOLLOW_ALREADY_TEXT,
    FOLLOW_TOO_LONG_TEXT,
    FOLLOW_TOO_MANY_TEXT,
    FOLLOW_USAGE_TEXT,
    FOLLOWING_HEADER_TEXT,
    FOLLOWING_NONE_TEXT,
    NOTICE_TOPIC_TEXT,
    UNFOLLOW_BAD_NUMBER_TEXT,
    UNFOLLOW_USAGE_TEXT,
    UNFOLLOWED_ALL_TEXT,
    UNFOLLOWED_TEXT,
)

log = logging.getLogger("newsbot.telegram")

Context: TypeAlias = ContextTypes.DEFAULT_TYPE

MAX_TOPIC_CHARS = 200  # a topic is a few words; a paragraph would match nothing well
NOTICE_SENTENCE_CHARS = 600


def topic_from_command(text: str) -> str:
    """The words after the command (``/follow@bot words`` too), spaces normalised."""
    parts = text.split(maxsplit=1)
    return " ".join(parts[1].split()) if len(parts) > 1 else ""


def render_notice(notice: Notice) -> str:
    """The HTML message for a notice: title (linked), date and source, the sentence that matched, the topic."""
    title = html.escape(notice.title or notice.doc_id)
    if notice.url.startswith(("http://", "https://")):
        title = f'<a href="{html.escape(notice.url, quote=True)}">{title}</a>'
    meta = " · ".join(html.escape(part) for part in (notice.date, notice.source) if part)
    sentence = notice.sentence
    if len(sentence) > NOTICE_SENTENCE_CHARS:
        sentence = sentence[: NOTICE_SENTENCE_CHARS - 1].rstrip() + "…"
    lines = [f"🔔 <b>{title}</b>"]
    if meta:
        lines.append(meta)
    if sentence:
        lines.append(f"<blockquote>{html.escape(sentence)}</blockquote>")
    if notice.url and not notice.url.startswith(("http://", "https://")):
        lines.append(html.escape(notice.url))
    lines.append(NOTICE_TOPIC_TEXT.format(topic=html.escape(notice.topic)))
    return "\n".join(lines)


class Followers:
    """The follow commands of one bot process."""

    def __init__(self, store: FollowStore, max_topics: int) -> None:
        self.store = store
        self.max_topics = max_topics

    async def follow(self, update: Update, context: Context) -> None:
        """Follow the topic written after the command."""
        message = update.message
        assert message and message.text is not None
        topic = topic_from_command(message.text)
        if not any(ch.isalnum() for ch in topic):
            await message.reply_html(FOLLOW_USAGE_TEXT)
            return
        if len(topic) > MAX_TOPIC_CHARS:
            await message.reply_html(FOLLOW_TOO_LONG_TEXT.format(n=MAX_TOPIC_CHARS))
            return
        result = self.store.follow(message.chat_id, topic, self.max_topics)
        shown = html.escape(topic)
        if result is FollowResult.ADDED:
            log.info("chat %s follows a topic", message.chat_id)
            await message.reply_html(FOLLOW_ADDED_TEXT.format(topic=shown))
        elif result is FollowResult.ALREADY:
            await message.reply_html(FOLLOW_ALREADY_TEXT.format(topic=shown))
        else:
            await message.reply_html(FOLLOW_TOO_MANY_TEXT.format(n=self.max_topics))

    async def following(self, update: Update, context: Context) -> None:
        """List the chat's topics, numbered for /unfollow."""
        message = update.message
        assert message
        await message.reply_html(self._listing(message.chat_id))

    def _listing(self, chat_id: int) -> str:
        topics = self.store.topics(chat_id)
        if not topics:
            return FOLLOWING_NONE_TEXT
        lines = [FOLLOWING_HEADER_TEXT] + [f"{n}. {html.escape(t)}" for n, t in enumerate(topics, start=1)]
        return "\n".join(lines)

    async def unfollow(self, update: Update, context: Context) -> None:
        """Stop following topic n (as /following numbers them), or all of them."""
        message = update.message
        assert message and message.text is not None
        argument = topic_from_command(message.text)
        if argument.casefold() in ("all", "όλα", "ολα"):
            removed = self.store.unfollow_all(message.chat_id)
            await message.reply_html(UNFOLLOWED_ALL_TEXT.format(n=removed))
            return
        if not (argument.isascii() and argument.isdigit()):
            await message.reply_html(self._listing(message.chat_id) + "\n\n" + UNFOLLOW_USAGE_TEXT)
            return
        topics = self.store.topics(message.chat_id)
        n = int(argument)
        if not 1 <= n <= len(topics):
            await message.reply_html(UNFOLLOW_BAD_NUMBER_TEXT.format(n=n))
            return
        self.store.unfollow(message.chat_id, topics[n - 1])
        await message.reply_html(UNFOLLOWED_TEXT.format(topic=html.escape(topics[n - 1])))
