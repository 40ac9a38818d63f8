"""The Telegram front end: python-telegram-bot v22 wiring around an answer function.

The only module that imports ``telegram``. ``build_application`` wires everything;
``running`` starts and stops it (polling, or a webhook when ``NEWSBOT_WEBHOOK_URL`` is set);
``run_telegram`` runs it until SIGINT/SIGTERM. Handlers stay thin: rendering lives in
``bot.telegram_format``, answering in the answer function, which runs in a worker pool so a slow
question never blocks the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
import secrets
import signal
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any, TypeAlias
from urllib.parse import quote, urlsplit

from telegram import BotCommand, LinkPreviewOptions, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BasePersistence,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)

from bot.shared_state import SharedRateLimiter
from bot.telegram_format import render_answer, render_partial, render_sources
from bot.types import Answer, AnswerFunction, Citation, Language, Turn
from index.errors import ConfigError, NewsbotError
from index.settings import Settings

log = logging.getLogger("newsbot.telegram")

BotApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
Context: TypeAlias = ContextTypes.DEFAULT_TYPE
ReindexFunction = Callable[[], str]

STATE_FILE = "telegram-state.pickle"
HISTORY_TURNS = 5
HISTORY_ANSWER_CHARS = 2000
EDIT_INTERVAL = 1.0  # seconds between edits of a streaming reply, per chat
TYPING_INTERVAL = 4.5  # Telegram shows "typing" for about 5 s
POLL_TIMEOUT = 10  # seconds of long polling per getUpdates

START_TEXT = (
    "Γεια σας! Είμαι το <b>newsbot</b>: απαντώ σε ερωτήσεις για ελληνικά ειδησεογραφικά άρθρα "
    "και παραθέτω τις πηγές μου με αριθμημένες παραπομπές [1], [2]…\n"
    "Γράψτε μου μια ερώτηση. /help για τις εντολές.\n\n"
    "Hello! I am <b>newsbot</b>: I answer questions about Greek news articles and cite my "
    "sources with numbered references [1], [2]…\n"
    "Just send me a question. /help lists the commands."
)
HELP_TEXT = (
    "<b>Εντολές / Commands</b>\n"
    "/start – τι κάνει το bot / what this bot does\n"
    "/help – αυτή η βοήθεια / this help\n"
    "/sources – πλήρεις πηγές της τελευταίας απάντησης / full sources of the last answer\n"
    "/reset – νέα συζήτηση / forget the conversation\n"
    "/reindex – ενημέρωση ευρετηρίου (διαχειριστές) / rebuild the index (admins)\n\n"
    "Σε ομάδες απαντώ όταν με αναφέρετε (@) ή απαντάτε σε μήνυμά μου.\n"
    "In groups I answer when mentioned (@) or when you reply to my message."
)
REFUSAL_TEXT = "Συγγνώμη, δεν έχετε πρόσβαση σε αυτό το bot. / Sorry, you are not allowed to use this bot."
SLOW_DOWN_TEXT = "Πολλές ερωτήσεις· περιμένετε λίγο. / Slow down a little, please: too many questions."
EMPTY_TEXT = "Γράψτε μου μια ερώτηση. / Please send me a question."
TOO_LONG_TEXT = (
    "Η ερώτηση είναι πολύ μεγάλη (έως {n} χαρακτήρες). / "
    "That question is too long (at most {n} characters)."
)
NON_TEXT_TEXT = (
    "Καταλαβαίνω μόνο γραπτές ερωτήσεις. / I can only answer text questions, "
    "not photos, stickers, voice or files."
)
UNKNOWN_COMMAND_TEXT = "Άγνωστη εντολή· δείτε /help. / Unknown command, see /help."
NO_SOURCES_TEXT = "Δεν υπάρχουν ακόμη πηγές· κάντε πρώτα μια ερώτηση. / No sources yet: ask a question first."
RESET_TEXT = "Η συζήτηση ξεχάστηκε. / The conversation is forgotten."
ADMINS_ONLY_TEXT = "Μόνο οι διαχειριστές μπορούν να το κάνουν. / Only admins can do that."
REINDEX_STARTED_TEXT = "Ενημέρωση ευρετηρίου… / Reindexing…"
REINDEX_FAILED_TEXT = "Η ενημέρωση απέτυχε. / Reindex failed:"
REINDEX_BUSY_TEXT = "Η ενημέρωση τρέχει ήδη. / A reindex is already running."
ERROR_TEXT = "Κάτι πήγε στραβά· δοκιμάστε ξανά. / Something went wrong, please try again."

COMMANDS_EN = [
    BotCommand("start", "What this bot does"),
    BotCommand("help", "Commands and usage"),
    BotCommand("sources", "Full sources of the last answer"),
    BotCommand("reset", "Forget the conversation"),
    BotCommand("reindex", "Rebuild the index (admins)"),
]
COMMANDS_EL = [
    BotCommand("start", "Τι κάνει το bot"),
    BotCommand("help", "Εντολές και χρήση"),
    BotCommand("sources", "Πλήρεις πηγές της τελευταίας απάντησης"),
    BotCommand("reset", "Νέα συζήτηση"),
    BotCommand("reindex", "Ενημέρωση ευρετηρίου (διαχειριστές)"),
]


# --- the token never reaches a log line --------------------------------------------------------


class TokenRedactingFilter(logging.Filter):
    """Replaces registered secrets in a record's message and traceback text with a placeholder."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, secret: str) -> None:
        for variant in (secret, quote(secret, safe="")):
            if len(variant) >= 6:
                self._secrets.add(variant)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "<redacted-token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not ours
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACTOR = TokenRedactingFilter()
_factory_lock = threading.Lock()
_factory_installed = False


def redact_in_logs(secret: str) -> None:
    """Redact ``secret`` from every log record created from now on, whatever logger or handler."""
    global _factory_installed
    REDACTOR.add(secret)
    with _factory_lock:
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            REDACTOR.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True
    for handler in logging.getLogger().handlers:
        if REDACTOR not in handler.filters:
            handler.addFilter(REDACTOR)


# --- small helpers ------------------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._clock = limit, window, clock
        self._events: dict[int, deque[float]] = {}

    def allow(self, key: int) -> bool:
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self._window:
            events.popleft()
        if len(events) >= self._limit:
            return False
        events.append(now)
        return True


def _token(settings: Settings) -> str:
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put "
            "TELEGRAM_BOT_TOKEN=<token> in the environment or in .env"
        )
    return token


def _file_base_url(base_url: str) -> str | None:
    """PTB's base_file_url for a base_url like http://host:8081/bot (-> http://host:8081/file/bot)."""
    base = base_url.rstrip("/")
    if base.endswith("/bot"):
        return base[: -len("/bot")] + "/file/bot"
    return None


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


def _history(chat_data: dict[Any, Any] | None) -> tuple[Turn, ...]:
    turns = (chat_data or {}).get("turns", [])
    return tuple(Turn(question=q, answer=a) for q, a in turns)


def _remember(chat_data: dict[Any, Any] | None, question: str, answer: Answer) -> None:
    """Keep the last few turns and the last answer's citations (plain data, so pickles stay loadable)."""
    if chat_data is None:
        return
    turns = [*chat_data.get("turns", []), (question, answer.text[:HISTORY_ANSWER_CHARS])]
    chat_data["turns"] = turns[-HISTORY_TURNS:]
    chat_data["last_answer"] = {
        "language": answer.language,
        "citations": [asdict(c) for c in answer.citations],
    }


def _last_citations(chat_data: dict[Any, Any] | None) -> tuple[Language, list[Citation]]:
    last = (chat_data or {}).get("last_answer") or {}
    language: Language = "en" if last.get("language") == "en" else "el"
    citations = []
    for item in last.get("citations", []):
        with contextlib.suppress(TypeError):
            citations.append(Citation(**item))
    return language, citations


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


# --- handlers -----------------------------------------------------------------------------------


class NewsBot:
    """The bot's state (settings, answerer, pools, limits) and its handlers."""

    def __init__(self, settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction) -> None:
        self.settings = settings
        self.answer_fn = answer_fn
        self.reindex_fn = reindex_fn
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

    async def post_init(self, app: BotApp) -> None:
        """Publish the command list (English default, Greek for Greek clients)."""
        await app.bot.set_my_commands(COMMANDS_EN)
        await app.bot.set_my_commands(COMMANDS_EL, language_code="el")

    async def post_shutdown(self, app: BotApp) -> None:
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
        language, citations = _last_citations(context.chat_data)
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
        user = update.effective_user
        if user is None or user.id not in self.settings.telegram_admin_ids:
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

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point at /help."""
        assert update.message
        await update.message.reply_text(UNKNOWN_COMMAND_TEXT)

    async def non_text(self, update: Update, context: Context) -> None:
        """Photos, stickers, voice, files: explain that only text questions are answered."""
        assert update.message
        await update.message.reply_text(NON_TEXT_TEXT)

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
        user = update.effective_user
        if not self.rate.allow(user.id if user else message.chat_id):
            await message.reply_text(SLOW_DOWN_TEXT)
            return
        history = _history(context.chat_data)
        stream = StreamingReply(context.bot, message.chat_id, message.message_id, self.last_edit)
        await self._typing(context.bot, message.chat_id)
        typing = asyncio.create_task(self._keep_typing(context.bot, message.chat_id))
        try:
            call = functools.partial(self.answer_fn, text, history, stream.on_partial)
            answer = await asyncio.get_running_loop().run_in_executor(self.executor, call)
        finally:
            typing.cancel()
            await stream.close()
        await stream.finish(render_answer(answer))
        _remember(context.chat_data, text, answer)

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
        log.error("error while handling update %s", update_id, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, ERROR_TEXT)
            except TelegramError as exc:
                log.warning("could not tell the user about the error: %s", exc)


# --- wiring -------------------------------------------------------------------------------------


def build_application(settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction) -> BotApp:
    """The configured Application: handlers, persistence, rate limiter, defaults, base URLs."""
    token = _token(settings)
    redact_in_logs(token)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every URL, token included, at INFO

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    newsbot = NewsBot(settings, answer_fn, reindex_fn)
    persistence: BasePersistence[Any, Any, Any]
    if settings.shared_state is not None:  # several replicas: memory and limits in one shared file
        from bot.shared_state import SharedChatPersistence, SharedState

        state = SharedState(settings.shared_state)
        persistence = SharedChatPersistence(state)
        newsbot.rate = SharedRateLimiter(state, settings.telegram_rate_limit, settings.telegram_rate_window)
    else:
        persistence = PicklePersistence(
            filepath=settings.data_dir / STATE_FILE,
            store_data=PersistenceInput(bot_data=False, user_data=False, callback_data=False, chat_data=True),
        )
    defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(defaults)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .persistence(persistence)
        .concurrent_updates(32)
        .post_init(newsbot.post_init)
        .post_shutdown(newsbot.post_shutdown)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
        file_url = _file_base_url(settings.telegram_api_base_url)
        if file_url:
            builder = builder.base_file_url(file_url)
    app: BotApp = builder.build()

    app.add_handler(TypeHandler(Update, newsbot.gate), group=-1)
    app.add_handler(CommandHandler("start", newsbot.start))
    app.add_handler(CommandHandler("help", newsbot.help))
    app.add_handler(CommandHandler("sources", newsbot.sources))
    app.add_handler(CommandHandler("reset", newsbot.reset))
    app.add_handler(CommandHandler("reindex", newsbot.reindex))
    app.add_handler(MessageHandler(filters.COMMAND, newsbot.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT, newsbot.question))
    app.add_handler(MessageHandler(filters.ALL, newsbot.non_text))
    app.add_error_handler(newsbot.on_error)
    return app


ALLOWED_UPDATES = [Update.MESSAGE]


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments of Updater.start_webhook for the settings (a random secret if none is set)."""
    assert settings.webhook_url
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": secret or secrets.token_urlsafe(32),
        "allowed_updates": ALLOWED_UPDATES,
    }


def polling_options() -> dict[str, Any]:
    """Arguments of Updater.start_polling."""
    return {"timeout": POLL_TIMEOUT, "allowed_updates": ALLOWED_UPDATES}


@contextlib.asynccontextmanager
async def running(app: BotApp, settings: Settings) -> AsyncIterator[BotApp]:
    """Initialize, start receiving updates (webhook or long polling) and processing them; undo on exit."""
    try:
        await app.initialize()
    except TelegramError as exc:
        # A failed initialize leaves the connection that made getMe open: close it before leaving.
        with contextlib.suppress(Exception):
            await app.bot.request.shutdown()
        if isinstance(exc, InvalidToken):
            raise ConfigError(
                "Telegram rejected the bot token (getMe failed): check TELEGRAM_BOT_TOKEN"
                + (" and TELEGRAM_API_BASE_URL" if settings.telegram_api_base_url else "")
            ) from None
        raise NewsbotError(f"cannot reach the Telegram Bot API: {REDACTOR.redact(str(exc))}") from None
    try:
        if app.post_init:
            await app.post_init(app)
        updater = app.updater
        assert updater is not None
        if settings.webhook_url:
            await updater.start_webhook(**webhook_options(settings))
        else:
            await updater.start_polling(**polling_options())
        await app.start()
        mode = "webhook " + REDACTOR.redact(settings.webhook_url) if settings.webhook_url else "long polling"
        log.info("Telegram bot @%s running (%s)", app.bot.username, mode)
        try:
            yield app
        finally:
            if updater.running:
                await updater.stop()
            if app.running:
                await app.stop()
                if app.post_stop:
                    await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


async def _serve(app: BotApp, settings: Settings, stop_signals: Iterable[int]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in stop_signals:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
    async with running(app, settings):
        await stop.wait()
    log.info("Telegram bot stopped")


def run_telegram(settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction) -> int:
    """Run the bot until SIGINT/SIGTERM; ConfigError for a missing or rejected token. Returns 0."""
    app = build_application(settings, answer_fn, reindex_fn)
    asyncio.run(_serve(app, settings, (signal.SIGINT, signal.SIGTERM)))
    return 0
