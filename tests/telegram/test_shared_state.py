"""Conversation memory and rate limits shared by replicas (NEWSBOT_SHARED_STATE): two real
Applications, each with its own data dir and its own fake Bot API server (as a load balancer
would spread updates), one shared SQLite file."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from pathlib import Path

import pytest
from fake_bot_api import FakeBotAPI
from telegram_harness import TOKEN, FakeAnswerer, ask, bot, make_settings, message, run

from bot.telegram.app import build_application
from bot.telegram.shared_state import SharedChatPersistence, SharedRateLimiter, SharedState
from bot.telegram.texts import SLOW_DOWN_TEXT
from index.errors import ConfigError


def test_limits_count_across_processes_in_one_window(tmp_path: Path) -> None:
    now = [1000.0]
    first = SharedRateLimiter(SharedState(tmp_path / "state.sqlite"), 2, 60, clock=lambda: now[0])
    second = SharedRateLimiter(SharedState(tmp_path / "state.sqlite"), 2, 60, clock=lambda: now[0])
    assert first.allow(7) and second.allow(7)
    assert not first.allow(7) and not second.allow(7)
    assert second.allow(8)  # another user has a limit of its own
    now[0] += 61
    assert first.allow(7)


def test_chat_data_written_by_one_replica_is_read_by_another(tmp_path: Path) -> None:
    a = SharedChatPersistence(SharedState(tmp_path / "state.sqlite"))
    b = SharedChatPersistence(SharedState(tmp_path / "state.sqlite"))

    async def scenario() -> dict[str, object]:
        await a.update_chat_data(5, {"turns": [["Ποιος;", "Ο Μερτς."]]})
        seen: dict[str, object] = {"stale": True}
        await b.refresh_chat_data(5, seen)
        await a.drop_chat_data(5)
        assert await b.get_chat_data() == {}
        return seen

    assert asyncio.run(scenario()) == {"turns": [["Ποιος;", "Ο Μερτς."]]}


def test_an_unusable_shared_state_path_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="NEWSBOT_SHARED_STATE"):
        SharedState(tmp_path / "file" / "state.sqlite")


def test_a_follow_up_on_another_replica_keeps_the_conversation_and_the_limit_holds(tmp_path: Path) -> None:
    shared = str(tmp_path / "shared" / "state.sqlite")
    first, second = FakeAnswerer(), FakeAnswerer()
    with FakeBotAPI(TOKEN) as api_a, FakeBotAPI(TOKEN) as api_b:
        settings_a = make_settings(tmp_path / "a", api_a, NEWSBOT_SHARED_STATE=shared, TELEGRAM_RATE_LIMIT="3")
        settings_b = make_settings(tmp_path / "b", api_b, NEWSBOT_SHARED_STATE=shared, TELEGRAM_RATE_LIMIT="3")
        app = build_application(settings_a, first, lambda: "")
        assert isinstance(app.persistence, SharedChatPersistence)

        async def scenario() -> list[str]:
            async with bot(settings_a, first), bot(settings_b, second):
                await ask(api_a, message("Ποιος κέρδισε τις εκλογές;"))
                await asyncio.sleep(1.0)  # the turn reaches the shared file within WRITE_INTERVAL_SECONDS
                await ask(api_b, message("Με πόσο ποσοστό;"))
                await ask(api_a, message("Και μετά;"))
                return await ask(api_b, message("Τι άλλο;"))

        replies = run(scenario())
    assert replies == [SLOW_DOWN_TEXT]  # the fourth question in the window, whichever replica gets it
    [(question, history)] = second.calls
    assert question == "Με πόσο ποσοστό;"
    assert [t.question for t in history] == ["Ποιος κέρδισε τις εκλογές;"]  # asked on the other replica
    assert not (tmp_path / "a" / "data" / "telegram-state.pickle").exists()


def test_a_damaged_shared_state_is_set_aside_and_the_bot_keeps_answering(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shared = tmp_path / "shared" / "state.sqlite"
    state = SharedState(shared)
    for chat in range(200):
        state.save_chat(chat, {"turns": [["ερώτηση " * 40, "απάντηση " * 80]]})
    state._db.close()
    os.truncate(shared, shared.stat().st_size // 3)  # a disk fault
    for companion in ("-wal", "-shm"):
        Path(f"{shared}{companion}").unlink(missing_ok=True)
    damaged = shared.read_bytes()

    answerer = FakeAnswerer()
    with FakeBotAPI(TOKEN) as api:
        settings = make_settings(tmp_path / "a", api, NEWSBOT_SHARED_STATE=str(shared))

        async def scenario() -> list[str]:
            async with bot(settings, answerer):
                return await ask(api, message("Ποιος κέρδισε τις εκλογές;"))

        with caplog.at_level(logging.WARNING, logger="newsbot.telegram"):
            replies = run(scenario())
    assert replies and answerer.calls  # answered
    aside = [p for p in shared.parent.iterdir() if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept as it was
    assert f"the bot's shared state (NEWSBOT_SHARED_STATE) {shared} was damaged" in caplog.text
    assert aside[0].name in caplog.text and "start afresh" in caplog.text


def test_shared_state_found_damaged_while_running_is_set_aside_and_started_afresh(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = SharedState(tmp_path / "state.sqlite")
    state.save_chat(1, {"turns": []})
    # The file under the open connection turns out damaged (a real SQLite error from a real file:
    # an open connection caches pages, so a damaged file is swapped in under it).
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"\x13" * 8192)
    state._db.close()
    state._db = sqlite3.connect(garbage, check_same_thread=False, isolation_level=None)
    state.path = garbage
    with caplog.at_level(logging.WARNING, logger="newsbot.telegram"):
        assert state.take(7, 1, 60.0, 100.0) is True  # counted in the fresh file
        assert state.take(7, 1, 60.0, 101.0) is False  # the limit holds again
    assert len(state.set_aside) == 1 and state.set_aside[0].moved_to.read_bytes() == b"\x13" * 8192
    assert "was damaged (file is not a database)" in caplog.text


def test_a_damaged_memory_file_of_a_single_replica_is_set_aside_and_the_bot_keeps_answering(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    answerer = FakeAnswerer()
    with FakeBotAPI(TOKEN) as api:
        settings = make_settings(tmp_path, api)
        settings.data_dir.mkdir(parents=True)
        memory = settings.data_dir / "telegram-state.pickle"
        memory.write_bytes(b"\x80\x05\x95 truncated")

        async def scenario() -> list[str]:
            async with bot(settings, answerer):
                return await ask(api, message("Ποιος κέρδισε τις εκλογές;"))

        with caplog.at_level(logging.WARNING, logger="newsbot.telegram"):
            replies = run(scenario())
    assert replies and answerer.calls
    [aside] = [p for p in settings.data_dir.iterdir() if ".damaged-" in p.name]
    assert aside.read_bytes() == b"\x80\x05\x95 truncated"
    assert f"conversation memory {memory} was damaged" in caplog.text and aside.name in caplog.text
