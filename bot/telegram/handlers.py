"""The Telegram front end's handlers (python-telegram-bot v22) around an answer function.

The handlers and what decides whether a message is for the bot. They stay thin: texts live in
``bot.telegram.texts``, rendering in ``bot.telegram.formatting``, streaming in ``bot.telegram.streaming``,
memory and limits in ``bot.telegram.chat_memory``, and answering in the answer function, which runs in a
worker pool so a slow question never blocks the others. ``bot.telegram.app`` wires and runs it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeAlias

from telegram import BotCommand, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.chat_memory import RateLimiter, history, last_citations, remember
from bot.telegram.formatting import render_answer, render_sources
from bot.telegram.shared_state import SharedRateLimiter
from bot.telegram.streaming import StreamingReply
from bot.telegram.texts import (
    ADMINS_ONLY_TEXT,
    COMMANDS_EL,
    COMMANDS_EN,
    EMPTY_TEXT,
    ERROR_TEXT,
    HELP_TEXT,
    INDEX_UNAVAILABLE_TEXT,
    NEWS_REQUEST,
    NO_SOURCES_TEXT,
    NON_TEXT_TEXT,
    REFUSAL_TEXT,
    REINDEX_BUSY_TEXT,
    REINDEX_FAILED_TEXT,
    REINDEX_STARTED_TEXT,
    RESET_TEXT,
    SLOW_DOWN_TEXT,
    START_TEXT,
    STATUS_FAILED_TEXT,
    STATUS_UNAVAILABLE_TEXT,
    TOO_LONG_TEXT,
    UNKNOWN_COMMAND_TEXT,
)
from bot.types import AnswerFunction
from index.errors import ConfigError, NewsbotError, StoreError
from index.settings import Settings

log = logging.getLogger("newsbot.telegram")

Context: TypeAlias = ContextTypes.DEFAULT_TYPE
ReindexFunction = Callable[[], str]
StatusFunction = Callable[[], str]  # the index's integrity summary (bot/app.py hands it over)

TYPING_INTERVAL = 4.5  # Telegram shows "typing" for about 5 s
MAX_STATUS_CHARS = 4000  # under Telegram's 4096 per message


def bot_token(settings: Settings) -> str:
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put "
            "TELEGRAM_BOT_TOKEN=<token> in the environment or in .env"
        )
    return token


def file_base_url(base_url: str) -> str | None:
    """PTB's base_file_url for a base_url like http://host:8081/bot (-> http://host:8081/file/bot)."""
    base = base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return None


def is_admin(update: Update, settings: Settings) -> bool:
    """Is the sender one of TELEGRAM_ADMIN_IDS (the only ones who may /reindex, /status, /feeds, /fetch)?"""
    user = update.effective_user
    return user is not None and user.id in settings.telegram_admin_ids


def _mentions_bot(message: Message, username: str) -> bool:
    """Whether the message @-mentions the bot (by username or as a text mention)."""
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    entities.update(message.parse_caption_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]))
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and text.lower() == "@" + username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.username == username:
            return True
    return False


def _addressed_to_bot(message: Message, bot_id: int, username: str) -> bool:
    """Private chats always; in groups only commands for us, mentions, and replies to our messages."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or ""
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        return "@" not in command or command.split("@", 1)[1].lower() == username.lower()
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot_id:
        return True
    return _mentions_bot(message, username)


def _strip_mention(text: str, username: str) -> str:
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()


class NewsBot:
    """The bot's state (settings, answerer, pools, limits) and its handlers."""

    def __init__(
        self, settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction,
        status_fn: StatusFunction | None = None,
    ) -> None:
        self.settings = settings
        self.answer_fn = answer_fn
        self.reindex_fn = reindex_fn
        self.status_fn = status_fn
        self.rate: RateLimiter | SharedRateLimiter = RateLimiter(settings.telegram_rate_limit,
                                                                 settings.telegram_rate_window)
        self.executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsbot-answer")
        self.reindex_lock = asyncio.Lock()
        self.last_edit: dict[int, float] = {}

    def allowed(self, user_id: int | None, chat_id: int | None) -> bool:
        """Open when no allow-list is set; else the user or the chat must be listed (admins always)."""
        s = self.settings
        if not s.telegram_allowed_users and not s.telegram_allowed_chats:
            return True
        if user_id is not None and (user_id in s.telegram_allowed_users or user_id in s.telegram_admin_ids):
            return True
        return chat_id is not None and chat_id in s.telegram_allowed_chats

    async def post_init(self, app: Any) -> None:
        """Publish the command list (English default, Greek for Greek clients)."""
        await app.bot.set_my_commands([BotCommand(*c) for c in COMMANDS_EN])
        await app.bot.set_my_commands([BotCommand(*c) for c in COMMANDS_EL], language_code="el")

    async def post_shutdown(self, app: Any) -> None:
        """Let go of the worker threads."""
        self.executor.shutdown(wait=False, cancel_futures=True)

    async def gate(self, update: Update, context: Context) -> None:
        """Drop what is not for us; refuse strangers with one line; let the rest through."""
        message = update.message
        if message is None:  # edits, channel posts, callbacks...: not handled
            raise ApplicationHandlerStop
        if not _addressed_to_bot(message, context.bot.id, context.bot.username):
            raise ApplicationHandlerStop
        user = update.effective_user
        if not self.allowed(user.id if user else None, message.chat_id):
            log.info("refused user %s in chat %s", user.id if user else None, message.chat_id)
            await message.reply_text(REFUSAL_TEXT)
            raise ApplicationHandlerStop

    async def start(self, update: Update, context: Context) -> None:
        """Say what the bot does, in Greek and English."""
        assert update.message
        await update.message.reply_html(START_TEXT)

    async def help(self, update: Update, context: Context) -> None:
        """List the commands."""
        assert update.message
        await update.message.reply_html(HELP_TEXT)

    async def sources(self, update: Update, context: Context) -> None:
        """Send the full sources of this chat's last answer."""
        assert update.message
        language, citations = last_citations(context.chat_data)
        if not citations:
            await update.message.reply_text(NO_SOURCES_TEXT)
            return
        for part in render_sources(citations, language):
            await update.message.reply_html(part)

    async def reset(self, update: Update, context: Context) -> None:
        """Forget this chat's conversation."""
        assert update.message
        if context.chat_data is not None:
            context.chat_data.pop("turns", None)
            context.chat_data.pop("last_answer", None)
        await update.message.reply_text(RESET_TEXT)

    async def reindex(self, update: Update, context: Context) -> None:
        """Rebuild the index (admins only) and reply with the summary."""
        assert update.message
        if not is_admin(update, self.settings):
            await update.message.reply_text(ADMINS_ONLY_TEXT)
            return
        if self.reindex_lock.locked():
            await update.message.reply_text(REINDEX_BUSY_TEXT)
            return
        async with self.reindex_lock:
            await update.message.reply_text(REINDEX_STARTED_TEXT)
            loop = asyncio.get_running_loop()
            try:
                summary = await loop.run_in_executor(self.executor, self.reindex_fn)
            except NewsbotError as exc:  # e.g. another reindex holds the lock: the admin should know
                log.warning("reindex failed: %s", exc)
                summary = f"{REINDEX_FAILED_TEXT} {exc}"
        await update.message.reply_text(summary.strip() or "OK")

    async def status(self, update: Update, context: Context) -> None:
        """The index's integrity summary (admins only): counts, and every problem with its repair."""
        assert update.message
        if not is_admin(update, self.settings):
            await update.message.reply_text(ADMINS_ONLY_TEXT)
            return
        if self.status_fn is None:
            await update.message.reply_text(STATUS_UNAVAILABLE_TEXT)
            return
        try:
            text = await asyncio.get_running_loop().run_in_executor(self.executor, self.status_fn)
        except NewsbotError as exc:
            log.warning("status failed: %s", exc)
            text = f"{STATUS_FAILED_TEXT} {exc}"
        await update.message.reply_text(text[:MAX_STATUS_CHARS] or "OK")

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point at /help."""
        assert update.message
        await update.message.reply_text(UNKNOWN_COMMAND_TEXT)

    async def non_text(self, update: Update, context: Context) -> None:
        """Photos, stickers, voice, files: explain that only text questions are answered."""
        assert update.message
        await update.message.reply_text(NON_TEXT_TEXT)

    async def news(self, update: Update, context: Context) -> None:
        """List the newest articles: "What's new?" asked in the user's language."""
        assert update.message
        user = update.effective_user
        language = "el" if user is not None and (user.language_code or "").startswith("el") else "en"
        await self._answer(update, context, NEWS_REQUEST[language])

    async def question(self, update: Update, context: Context) -> None:
        """Answer a text message with a cited answer, streaming it if the backend streams."""
        message = update.message
        assert message and message.text is not None
        text = _strip_mention(message.text, context.bot.username)
        if not text:
            await message.reply_text(EMPTY_TEXT)
            return
        if len(text) > self.settings.max_question_chars:
            await message.reply_text(TOO_LONG_TEXT.format(n=self.settings.max_question_chars))
            return
        await self._answer(update, context, text)

    async def _answer(self, update: Update, context: Context, text: str) -> None:
        """Answer ``text`` for this message's chat (a question, or what a command asks), within the rate limit."""
        message = update.message
        assert message
        user = update.effective_user
        if not self.rate.allow(user.id if user else message.chat_id):
            await message.reply_text(SLOW_DOWN_TEXT)
            return
        turns = history(context.chat_data)
        stream = StreamingReply(context.bot, message.chat_id, message.message_id, self.last_edit)
        await self._typing(context.bot, message.chat_id)
        typing = asyncio.create_task(self._keep_typing(context.bot, message.chat_id))
        try:
            call = functools.partial(self.answer_fn, text, turns, stream.on_partial)
            answer = await asyncio.get_running_loop().run_in_executor(self.executor, call)
        finally:
            typing.cancel()
            await stream.close()
        # Remembered before it is sent: a /sources or follow-up that arrives as soon as the answer
        # shows (updates run concurrently) must find it.
        remember(context.chat_data, text, answer)
        await stream.finish(render_answer(answer))

    async def _typing(self, bot: Any, chat_id: int) -> None:
        """Show "typing…" (for about five seconds); failing to is not worth failing the answer."""
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("send_chat_action failed: %s", exc)

    async def _keep_typing(self, bot: Any, chat_id: int) -> None:
        """Renew "typing…" until cancelled."""
        while True:
            await asyncio.sleep(TYPING_INTERVAL)
            await self._typing(bot, chat_id)

    async def on_error(self, update: object, context: Context) -> None:
        """Log the error with its traceback and tell the user something went wrong."""
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(context.error, StoreError):  # its one line says what is wrong and the repair
            log.error("error while handling update %s: %s", update_id, context.error)
            reply = INDEX_UNAVAILABLE_TEXT
        else:
            log.error("error while handling update %s", update_id, exc_info=context.error)
            reply = ERROR_TEXT
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, reply)
            except TelegramError as exc:
                log.warning("could not tell the user about the error: %s", exc)
