"""The Telegram test harness: the real Application against the fake Bot API, with a fake answerer.

Shared by the Telegram, shared-state and answer end-to-end tests (moved out of test_telegram_e2e.py).
"""


from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fake_bot_api import BOT_ID, BOT_USERNAME, FakeBotAPI

from bot.telegram.app import build_application, running
from bot.types import Answer, Citation, PartialTextCallback, Turn
from index.settings import Settings

TOKEN = "424242:AAH-secret-TOKEN-value_xyz"
USER = 101
STRANGER = 202
ADMIN = 303
GROUP = -100500


# --- fixtures and helpers -------------------------------------------------------------------------


@dataclass
class FakeAnswerer:
    """A deterministic answer function recording the questions and histories it received."""

    text: str = "Η κυβέρνηση ανακοίνωσε μέτρα <νέα> & άμεσα [1]. Η αντιπολίτευση αντέδρασε [2]."
    notice: str | None = None
    error: Exception | None = None
    partials: Sequence[str] = ()
    partial_delay: float = 0.0
    gate: dict[str, threading.Event] = field(default_factory=dict)  # question -> wait for this event
    calls: list[tuple[str, tuple[Turn, ...]]] = field(default_factory=list)

    def __call__(
        self, question: str, history: Sequence[Turn] = (), on_partial: PartialTextCallback | None = None
    ) -> Answer:
        self.calls.append((question, tuple(history)))
        if question in self.gate:
            assert self.gate[question].wait(5), "test never released the gate"
        if self.error is not None:
            raise self.error
        for partial in self.partials:
            assert on_partial is not None
            on_partial(partial)
            time.sleep(self.partial_delay)
        return Answer(
            question=question,
            text=self.text,
            abstained=False,
            language="el",
            citations=(
                Citation(
                    1,
                    "d1",
                    "Μέτρα <στήριξης> & φόροι",
                    "2024-03-01",
                    "ertnews.gr",
                    "https://ertnews.gr/m?a=1&b=2",
                    "Τα μέτρα ισχύουν άμεσα.",
                ),
                Citation(2, "d2", "Αντιδράσεις", "2024-03-02", "kathimerini.gr", "", "«Ανεπαρκή» <μέτρα>."),
            ),
            notice=self.notice,
        )

    @property
    def questions(self) -> list[str]:
        return [q for q, _ in self.calls]


class FakeReindex:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return "Indexed 12 articles (3 new) in 0.4 s."




def make_settings(tmp_path: Path, api: FakeBotAPI, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "NEWSBOT_DATA_DIR": str(tmp_path / "data"),
        "TELEGRAM_ADMIN_IDS": str(ADMIN),
    }
    values.update(extra)
    return Settings(**values)


_message_ids = itertools.count(1)


def message(
    text: str | None = None,
    *,
    user: int = USER,
    chat: int | None = None,
    reply_to_bot: bool = False,
    photo: bool = False,
    sticker: bool = False,
) -> dict[str, Any]:
    """A Bot API message update; commands and @mentions get their entities like Telegram sets them."""
    chat_id = user if chat is None else chat
    msg: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"} if chat_id > 0 else {"id": chat_id, "type": "supergroup",
                                                                        "title": "Ειδήσεις"},
        "from": {"id": user, "is_bot": False, "first_name": f"U{user}", "language_code": "el"},
    }  # fmt: skip
    if text is not None:
        msg["text"] = text
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        mention = "@" + BOT_USERNAME
        if mention in text:
            entities.append({"type": "mention", "offset": text.index(mention), "length": len(mention)})
        if entities:
            msg["entities"] = entities
    if photo:
        msg["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    if sticker:
        msg["sticker"] = {"file_id": "s1", "file_unique_id": "u2", "type": "regular", "width": 512,
                          "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
    if reply_to_bot:
        msg["reply_to_message"] = {
            "message_id": 999,
            "date": int(time.time()),
            "chat": msg["chat"],
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "NewsBot", "username": BOT_USERNAME},
            "text": "earlier answer",
        }
    return {"message": msg}


@asynccontextmanager
async def bot(
    settings: Settings, answerer: Callable[..., Answer], reindex: Callable[[], str] | None = None,
    status: Callable[[], str] | None = None,
) -> AsyncIterator[None]:
    app = build_application(settings, answerer, reindex or FakeReindex(), status)
    async with running(app, settings):
        yield


async def ask(api: FakeBotAPI, update: dict[str, Any], replies: int = 1, within: float = 5.0) -> list[str]:
    """Push an update and return the texts of the next ``replies`` sendMessage calls to its chat."""
    chat_id = update["message"]["chat"]["id"]
    before = len([c for c in api.calls_of("sendMessage") if c.params["chat_id"] == chat_id])
    api.push_update(update)

    def sends() -> list[str]:
        return [c.params["text"] for c in api.calls_of("sendMessage") if c.params["chat_id"] == chat_id][
            before:
        ]

    await api.wait_for(lambda: len(sends()) >= replies, within)
    return sends()


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 25))


