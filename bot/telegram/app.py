"""Wires the Telegram Application (handlers, persistence, limits, base URLs) and runs it.

``build_application`` wires everything; ``running`` starts and stops it (polling, or a webhook when
``NEWSBOT_WEBHOOK_URL`` is set); ``run_telegram`` runs it until SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import secrets
import signal
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BasePersistence,
    CommandHandler,
    Defaults,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    TypeHandler,
    filters,
)

from bot.telegram.feeds import FIRST_FETCH_SECONDS, Intake
from bot.telegram.follow_store import FollowStore
from bot.telegram.followers import Followers
from bot.telegram.handlers import NewsBot, ReindexFunction, StatusFunction, bot_token, file_base_url
from bot.telegram.log_redaction import REDACTOR, redact_in_logs
from bot.telegram.shared_state import SharedRateLimiter
from bot.types import AnswerFunction, IntakeTools
from index.errors import ConfigError, NewsbotError
from index.settings import Settings
from index.sqlite_safety import set_aside

log = logging.getLogger("newsbot.telegram")

BotApp: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

STATE_FILE = "telegram-state.pickle"
FOLLOWS_FILE = "telegram-follows.sqlite3"  # per replica, when NEWSBOT_SHARED_STATE is unset
POLL_TIMEOUT = 10  # seconds of long polling per getUpdates


def build_application(
    settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction,
    status_fn: StatusFunction | None = None, intake: IntakeTools | None = None,
) -> BotApp:
    """The configured Application: handlers, persistence, rate limiter, defaults, base URLs; with
    ``intake``, /feeds, /fetch, followers' notices and (NEWSBOT_FETCH_EVERY) the periodic fetch."""
    token = bot_token(settings)
    redact_in_logs(token)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every URL, token included, at INFO
    if settings.fetch_every is not None and intake is None:
        raise ConfigError("NEWSBOT_FETCH_EVERY is set but this bot has no news intake to run")

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    newsbot = NewsBot(settings, answer_fn, reindex_fn, status_fn)
    persistence: BasePersistence[Any, Any, Any]
    if settings.shared_state is not None:  # several replicas: memory and limits in one shared file
        from bot.telegram.shared_state import SharedChatPersistence, SharedState

        state = SharedState(settings.shared_state)
        persistence = SharedChatPersistence(state)
        newsbot.rate = SharedRateLimiter(state, settings.telegram_rate_limit, settings.telegram_rate_window)
    else:
        set_aside_damaged_pickle(settings.data_dir / STATE_FILE)
        persistence = PicklePersistence(
            filepath=settings.data_dir / STATE_FILE,
            store_data=PersistenceInput(bot_data=False, user_data=False, callback_data=False, chat_data=True),
        )
    # Followers' topics and notices: after the shared state, which sets a damaged file aside first.
    follow_store = FollowStore(settings.shared_state or settings.data_dir / FOLLOWS_FILE)
    followers = Followers(follow_store, settings.follow_max_topics)
    news_intake = Intake(settings, intake, follow_store)

    async def post_shutdown(app: BotApp) -> None:
        await newsbot.post_shutdown(app)
        news_intake.shutdown()
        follow_store.close()

    defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(defaults)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .persistence(persistence)
        .concurrent_updates(32)
        .post_init(newsbot.post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url)
        file_url = file_base_url(settings.telegram_api_base_url)
        if file_url:
            builder = builder.base_file_url(file_url)
    app: BotApp = builder.build()

    app.add_handler(TypeHandler(Update, newsbot.gate), group=-1)
    app.add_handler(CommandHandler("start", newsbot.start))
    app.add_handler(CommandHandler("help", newsbot.help))
    app.add_handler(CommandHandler("news", newsbot.news))
    app.add_handler(CommandHandler("sources", newsbot.sources))
    app.add_handler(CommandHandler("reset", newsbot.reset))
    app.add_handler(CommandHandler("reindex", newsbot.reindex))
    app.add_handler(CommandHandler("status", newsbot.status))
    app.add_handler(CommandHandler("follow", followers.follow))
    app.add_handler(CommandHandler("following", followers.following))
    app.add_handler(CommandHandler("unfollow", followers.unfollow))
    app.add_handler(CommandHandler("feeds", news_intake.feeds))
    app.add_handler(CommandHandler("fetch", news_intake.fetch))
    app.add_handler(MessageHandler(filters.COMMAND, newsbot.unknown_command))
    app.add_handler(MessageHandler(filters.TEXT, newsbot.question))
    app.add_handler(MessageHandler(filters.ALL, newsbot.non_text))
    app.add_error_handler(newsbot.on_error)
    if settings.fetch_every is not None:
        if app.job_queue is None:
            raise ConfigError("NEWSBOT_FETCH_EVERY needs python-telegram-bot[job-queue] (APScheduler) installed")
        interval = settings.fetch_every  # seconds
        app.job_queue.run_repeating(
            news_intake.periodic_fetch, interval=interval, first=min(FIRST_FETCH_SECONDS, interval), name="fetch",
            job_kwargs={"max_instances": 1, "coalesce": True},
        )
    return app


def set_aside_damaged_pickle(path: Path) -> None:
    """A replica's own memory file that cannot be read (a disk fault, a truncated copy) would stop the
    bot at start-up: it is moved aside (kept) and named, and the bot starts with no memory."""
    try:
        with path.open("rb") as handle:
            pickle.load(handle)  # the bot's own file in its own data dir
    except FileNotFoundError:
        return
    except Exception as exc:  # unpickling fails in many ways (EOFError, UnpicklingError, ValueError...)
        moved = set_aside(path)
        log.warning("the bot's conversation memory %s was damaged (%s: %s): moved aside to %s; it starts afresh",
                    path, type(exc).__name__, exc, moved.name)


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


def run_telegram(
    settings: Settings, answer_fn: AnswerFunction, reindex_fn: ReindexFunction,
    status_fn: StatusFunction | None = None, intake: IntakeTools | None = None,
) -> int:
    """Run the bot until SIGINT/SIGTERM; ConfigError for a missing or rejected token. Returns 0."""
    app = build_application(settings, answer_fn, reindex_fn, status_fn, intake)
    asyncio.run(_serve(app, settings, (signal.SIGINT, signal.SIGTERM)))
    return 0
