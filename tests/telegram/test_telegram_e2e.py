"""The real Application (build_application) against a fake Bot API server over real HTTP."""

from __future__ import annotations

import asyncio
import html
import itertools
import logging
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from fake_bot_api import BOT_USERNAME, FakeBotAPI, check_telegram_html
from telegram_harness import (
    ADMIN,
    GROUP,
    STRANGER,
    TOKEN,
    USER,
    FakeAnswerer,
    FakeReindex,
    ask,
    bot,
    make_settings,
    message,
    run,
)

from bot.telegram import texts as telegram_texts
from bot.telegram.app import run_telegram
from bot.telegram.formatting import render_answer
from index.errors import ConfigError, IndexBusyError, IndexDamagedError, NewsbotError
from index.settings import Settings

# --- the tests ------------------------------------------------------------------------------------


def test_question_is_answered_in_html_with_citations(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            update = message("Τι μέτρα ανακοίνωσε η κυβέρνηση;")
            [reply] = await ask(api, update)
            check_telegram_html(reply)
            assert "&lt;νέα&gt; &amp; άμεσα [1]" in reply
            assert (
                '<a href="https://ertnews.gr/m?a=1&amp;b=2">Μέτρα &lt;στήριξης&gt; &amp; φόροι</a>' in reply
            )
            assert "[2] Αντιδράσεις · 2024-03-02" in reply
            assert "<blockquote expandable>" in reply and "«Ανεπαρκή» &lt;μέτρα&gt;." in reply
            sent = api.calls_of("sendMessage")[-1].params
            assert sent["parse_mode"] == "HTML"
            assert sent["reply_parameters"]["message_id"] == update["message"]["message_id"]
            actions = api.calls_of("sendChatAction")
            assert actions and actions[0].params == {"chat_id": USER, "action": "typing"}
            assert actions[0].at <= api.calls_of("sendMessage")[-1].at

    run(scenario())
    assert answerer.questions == ["Τι μέτρα ανακοίνωσε η κυβέρνηση;"]
    commands = api.calls_of("setMyCommands")
    names = {c["command"] for c in commands[0].params["commands"]}
    assert names == {"start", "help", "news", "sources", "reset", "reindex", "status", "follow", "following",
                     "unfollow"}
    assert any(c.params.get("language_code") == "el" for c in commands)
    assert api.calls_of("deleteWebhook")  # polling clears a webhook left from webhook mode
    assert api.calls_of("getUpdates")[0].params["allowed_updates"] == ["message"]


def test_news_command_asks_for_the_newest_articles_in_the_user_s_language(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            [reply] = await ask(api, message("/news"))
            check_telegram_html(reply)
            assert "[1]" in reply

    run(scenario())
    assert answerer.questions == ["Τι νέα;"]  # the harness's users write Greek (language_code "el")


def test_long_answer_is_split_into_valid_parts(tmp_path: Path, api: FakeBotAPI) -> None:
    paragraph = "Μια παράγραφος με <ειδικούς> χαρακτήρες & παραπομπή [1]. " * 6
    answerer = FakeAnswerer(text="\n\n".join(f"#{i:02d}. {paragraph}" for i in range(30)))
    assert len(answerer.text) >= 10_000

    async def scenario() -> list[str]:
        async with bot(make_settings(tmp_path, api), answerer):
            await ask(api, message("Πες μου τα πάντα"), replies=3)
            await asyncio.sleep(0.2)  # no further parts beyond those counted below
            return [c.params["text"] for c in api.calls_of("sendMessage")]

    parts = run(scenario())
    assert len(parts) == len(render_answer(FakeAnswerer(text=answerer.text)("q")))
    plains = [check_telegram_html(p) for p in parts]
    assert all(len(p) <= 4096 for p in parts)
    for i in range(30):  # every paragraph whole, in order, in exactly one part
        assert sum(f"#{i:02d}. Μια παράγραφος" in p for p in plains) == 1
    assert "Πηγές" in plains[-1]


def test_stranger_gets_only_the_refusal_for_everything(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer, reindex = FakeAnswerer(), FakeReindex()
    settings = make_settings(
        tmp_path, api, TELEGRAM_ALLOWED_USERS=f"{USER}", TELEGRAM_ALLOWED_CHATS=str(GROUP)
    )
    attempts = [
        message("/start", user=STRANGER),
        message("/help", user=STRANGER),
        message("/sources", user=STRANGER),
        message("/reset", user=STRANGER),
        message("/reindex", user=STRANGER),
        message("/nosuchcommand", user=STRANGER),
        message("Τι έγινε σήμερα;", user=STRANGER),
        message(user=STRANGER, photo=True),
    ]

    async def scenario() -> None:
        async with bot(settings, answerer, reindex):
            for update in attempts:
                [reply] = await ask(api, update)
                assert reply == telegram_texts.REFUSAL_TEXT
            # Someone allowed, and anyone in an allowed group, is answered.
            [reply] = await ask(api, message("Τι έγινε σήμερα;", user=USER))
            assert "[1]" in reply
            [reply] = await ask(api, message(f"@{BOT_USERNAME} και στην ομάδα;", user=STRANGER, chat=GROUP))
            assert "[1]" in reply
            await asyncio.sleep(0.2)

    run(scenario())
    to_stranger = api.sent(STRANGER)
    assert [c.params["text"] for c in to_stranger] == [telegram_texts.REFUSAL_TEXT] * len(attempts)
    assert not [c for c in api.calls_of("sendChatAction") if c.params["chat_id"] == STRANGER]
    assert answerer.questions == ["Τι έγινε σήμερα;", "και στην ομάδα;"]
    assert reindex.calls == 0


def test_photo_sticker_empty_and_overlong_get_polite_replies(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()
    settings = make_settings(tmp_path, api, NEWSBOT_MAX_QUESTION_CHARS="50")

    async def scenario() -> None:
        async with bot(settings, answerer):
            assert await ask(api, message(photo=True)) == [telegram_texts.NON_TEXT_TEXT]
            assert await ask(api, message(sticker=True)) == [telegram_texts.NON_TEXT_TEXT]
            assert await ask(api, message("x" * 51)) == [telegram_texts.TOO_LONG_TEXT.format(n=50)]
            assert await ask(api, message(f"@{BOT_USERNAME}", chat=GROUP)) == [telegram_texts.EMPTY_TEXT]
            assert await ask(api, message("/what")) == [telegram_texts.UNKNOWN_COMMAND_TEXT]

    run(scenario())
    assert answerer.calls == []


def test_group_answers_only_when_mentioned_or_replied_to(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            api.push_update(message("Καλημέρα σε όλους, τι λέτε για τις ειδήσεις;", chat=GROUP))
            api.push_update(message(chat=GROUP, photo=True))
            api.push_update(message("/start@some_other_bot", chat=GROUP))
            mentioned = message(f"@{BOT_USERNAME} τι ψήφισε η Βουλή;", chat=GROUP)
            [reply] = await ask(api, mentioned)
            assert "[1]" in reply
            assert (
                api.calls_of("sendMessage")[-1].params["reply_parameters"]["message_id"]
                == (mentioned["message"]["message_id"])
            )
            [reply] = await ask(api, message("και μετά;", chat=GROUP, reply_to_bot=True))
            assert "[1]" in reply
            await api.wait_for(lambda: api.pending_updates() == 0)
            await asyncio.sleep(0.2)

    run(scenario())
    assert answerer.questions == ["τι ψήφισε η Βουλή;", "και μετά;"]
    assert len(api.sent(GROUP)) == 2


def test_rate_limit_answers_the_excess_with_slow_down(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()
    settings = make_settings(tmp_path, api, TELEGRAM_RATE_LIMIT="2", TELEGRAM_RATE_WINDOW="60")

    async def scenario() -> None:
        async with bot(settings, answerer):
            for i in range(2):
                [reply] = await ask(api, message(f"ερώτηση {i}"))
                assert "[1]" in reply
            assert await ask(api, message("ερώτηση 2")) == [telegram_texts.SLOW_DOWN_TEXT]
            # The limit is per user: someone else is still answered.
            [reply] = await ask(api, message("άλλος χρήστης", user=USER + 1))
            assert "[1]" in reply

    run(scenario())
    assert answerer.questions == ["ερώτηση 0", "ερώτηση 1", "άλλος χρήστης"]


def test_llm_down_notice_is_shown(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer(notice="Το γλωσσικό μοντέλο δεν απαντά· εμφανίζεται η εξαγωγική απάντηση.")

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            [reply] = await ask(api, message("Τι νέα;"))
            check_telegram_html(reply)
            assert reply.startswith("<i>Το γλωσσικό μοντέλο δεν απαντά")

    run(scenario())


def test_answer_function_failure_is_logged_and_the_bot_keeps_running(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    answerer = FakeAnswerer(error=ConnectionError("LLM endpoint http://127.0.0.1:9/v1 refused"))

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            assert await ask(api, message("Τι νέα;")) == [telegram_texts.ERROR_TEXT]
            answerer.error = None
            [reply] = await ask(api, message("Και τώρα;"))
            assert "[1]" in reply

    with caplog.at_level(logging.ERROR, logger="newsbot.telegram"):
        run(scenario())
    errors = [r for r in caplog.records if r.name == "newsbot.telegram" and r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None
    assert "LLM endpoint" in caplog.text


def test_reindex_for_admins_only(tmp_path: Path, api: FakeBotAPI) -> None:
    reindex = FakeReindex()

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer(), reindex):
            assert await ask(api, message("/reindex", user=USER)) == [telegram_texts.ADMINS_ONLY_TEXT]
            replies = await ask(api, message("/reindex", user=ADMIN), replies=2)
            assert replies == [telegram_texts.REINDEX_STARTED_TEXT, "Indexed 12 articles (3 new) in 0.4 s."]

    run(scenario())
    assert reindex.calls == 1


def test_status_shows_the_index_check_to_admins_only(tmp_path: Path, api: FakeBotAPI) -> None:
    """/status replies with the summary `newsbot check` prints (the function bot/app.py hands over)."""
    from fakes import CountingEmbedder
    from scale_helpers import write_corpus

    from bot.app import Newsbot

    settings = make_settings(tmp_path, api, NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"))
    write_corpus(settings.corpus_dir, range(5))
    newsbot = Newsbot(settings)
    newsbot.__dict__["embedder"] = CountingEmbedder()
    newsbot.reindex()
    status = lambda: newsbot.check().describe()  # noqa: E731 - what bot/cli.py hands over
    expected = status()

    async def scenario() -> tuple[list[str], list[str], list[str]]:
        async with bot(settings, FakeAnswerer(), status=status):
            refused = await ask(api, message("/status", user=USER))
            healthy = await ask(api, message("/status", user=ADMIN))
            (settings.index_dir / "CURRENT.json").write_text("{", encoding="utf-8")
            damaged = await ask(api, message("/status", user=ADMIN))
            return refused, healthy, damaged

    refused, healthy, damaged = run(scenario())
    assert refused == [telegram_texts.ADMINS_ONLY_TEXT]
    assert healthy == [expected] and "articles 5, chunks" in expected and "OK: " in expected
    assert "PROBLEM: the index pointer" in damaged[0] and "run `newsbot reindex`" in damaged[0]


def test_a_damaged_index_is_logged_in_one_line_and_the_user_told_it_is_unavailable(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    damage = ("the Chroma collection news-g1 is missing at /data/index; no question can be answered: "
              "run `newsbot reindex`")
    answerer = FakeAnswerer(error=IndexDamagedError(damage))

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            assert await ask(api, message("Τι νέα;")) == [telegram_texts.INDEX_UNAVAILABLE_TEXT]
            answerer.error = None
            [reply] = await ask(api, message("Και τώρα;"))
            assert "[1]" in reply

    with caplog.at_level(logging.ERROR, logger="newsbot.telegram"):
        run(scenario())
    assert damage in caplog.text and "Traceback" not in caplog.text


def test_reindex_failure_is_told_to_the_admin(tmp_path: Path, api: FakeBotAPI) -> None:
    def busy() -> str:
        raise IndexBusyError("another reindex holds the lock")

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer(), busy):
            replies = await ask(api, message("/reindex", user=ADMIN), replies=2)
            assert replies[1] == f"{telegram_texts.REINDEX_FAILED_TEXT} another reindex holds the lock"

    run(scenario())


def test_reset_forgets_the_conversation(tmp_path: Path, api: FakeBotAPI) -> None:
    answerer = FakeAnswerer()

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            await ask(api, message("Πρώτη ερώτηση"))
            await ask(api, message("Και η δεύτερη;"))
            assert await ask(api, message("/reset")) == [telegram_texts.RESET_TEXT]
            await ask(api, message("Τρίτη"))
            assert await ask(api, message("/sources")) != [telegram_texts.NO_SOURCES_TEXT]
            await ask(api, message("/reset"))
            assert await ask(api, message("/sources")) == [telegram_texts.NO_SOURCES_TEXT]

    run(scenario())
    histories = [h for _, h in answerer.calls]
    assert histories[0] == ()
    assert [t.question for t in histories[1]] == ["Πρώτη ερώτηση"]
    assert histories[1][0].answer == answerer.text
    assert histories[2] == ()


def test_sources_command_lists_full_sources(tmp_path: Path, api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer()):
            assert await ask(api, message("/sources")) == [telegram_texts.NO_SOURCES_TEXT]
            await ask(api, message("Τι νέα;"))
            [reply] = await ask(api, message("/sources"))
            plain = check_telegram_html(reply)
            assert "[1] Μέτρα <στήριξης> & φόροι" in plain
            assert "2024-03-01 · ertnews.gr" in plain and "2024-03-02 · kathimerini.gr" in plain
            assert 'href="https://ertnews.gr/m?a=1&amp;b=2"' in reply
            assert "Τα μέτρα ισχύουν άμεσα." in plain and "«Ανεπαρκή» <μέτρα>." in plain

    run(scenario())


def test_conversation_survives_a_restart(tmp_path: Path, api: FakeBotAPI) -> None:
    settings = make_settings(tmp_path, api)
    first, second = FakeAnswerer(), FakeAnswerer()

    async def scenario() -> None:
        async with bot(settings, first):
            await ask(api, message("Ποιος κέρδισε τις εκλογές;"))
        assert (settings.data_dir / "telegram-state.pickle").is_file()
        async with bot(settings, second):
            await ask(api, message("Με πόσο ποσοστό;"))
            [reply] = await ask(api, message("/sources"))
            assert "Μέτρα &lt;στήριξης&gt;" in reply

    run(scenario())
    [(question, history)] = second.calls
    assert question == "Με πόσο ποσοστό;"
    assert [t.question for t in history] == ["Ποιος κέρδισε τις εκλογές;"]


def test_streaming_edits_the_reply_about_once_a_second(tmp_path: Path, api: FakeBotAPI) -> None:
    partials = [f"Η κυβέρνηση {'ανακοίνωσε ' * i}" for i in range(1, 9)]
    answerer = FakeAnswerer(partials=partials, partial_delay=0.25)

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            api.push_update(message("Τι ανακοίνωσε;"))
            await api.wait_for(lambda: any("Πηγές" in c.params["text"] for c in api.sent(USER)), 8)

    run(scenario())
    sent = api.sent(USER)
    assert sent[0].method == "sendMessage"
    assert len([c for c in sent if c.method == "sendMessage"]) == 1  # one message, edited in place
    edits = [c for c in sent if c.method == "editMessageText"]
    assert len(edits) >= 2
    assert all(e.params["message_id"] == edits[0].params["message_id"] for e in edits)
    gaps = [b.at - a.at for a, b in itertools.pairwise(sent)]
    assert min(gaps) >= 0.9, gaps
    assert sent[0].params["text"].endswith(" …")  # a partial, not yet the answer
    [final] = render_answer(FakeAnswerer()("q"))
    assert edits[-1].params["text"] == final
    check_telegram_html(final)


def test_slow_question_does_not_block_other_chats(tmp_path: Path, api: FakeBotAPI) -> None:
    release = threading.Event()
    answerer = FakeAnswerer(gate={"αργή ερώτηση": release})

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            api.push_update(message("αργή ερώτηση", user=USER))
            await api.wait_for(lambda: answerer.questions == ["αργή ερώτηση"])  # now blocked in the worker
            started = time.monotonic()
            [reply] = await ask(api, message("γρήγορη ερώτηση", user=USER + 1))
            assert "[1]" in reply
            assert time.monotonic() - started < 2.0
            assert not api.sent(USER)  # the slow one is still working
            release.set()
            await api.wait_for(lambda: len(api.sent(USER)) == 1)
            assert "[1]" in api.sent(USER)[0].params["text"]

    try:
        run(scenario())
    finally:
        release.set()


def test_retry_after_is_waited_out_not_lost(tmp_path: Path, api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer()):
            api.fail_once("sendMessage", retry_after=1)
            await ask(api, message("Τι νέα;"), replies=2, within=8)

    run(scenario())
    first, retry = api.calls_of("sendMessage")  # the 429'd one, then the retry
    assert first.params == retry.params and "[1]" in retry.params["text"]
    assert retry.at - first.at >= 1.0


def test_token_never_appears_in_logs(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    answerer = FakeAnswerer(error=RuntimeError(f"boom with {TOKEN} inside"))

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), answerer):
            assert await ask(api, message("Τι νέα;")) == [telegram_texts.ERROR_TEXT]
            logging.getLogger("newsbot.test").info("the url is %s", f"{api.base_url}{TOKEN}/getMe")

    caplog.set_level(logging.DEBUG)
    run(scenario())
    assert len(caplog.records) > 20  # PTB's debug logs, which do contain the API URL, were captured
    assert any("Calling Bot API endpoint" in r.getMessage() for r in caplog.records)
    assert "<redacted-token>" in caplog.text
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_webhook_rejects_a_wrong_secret_and_answers_the_right_one(tmp_path: Path, api: FakeBotAPI) -> None:
    port = free_port()
    settings = make_settings(
        tmp_path,
        api,
        NEWSBOT_WEBHOOK_URL="https://bot.example.test/telegram/hook",
        NEWSBOT_WEBHOOK_LISTEN="127.0.0.1",
        NEWSBOT_WEBHOOK_PORT=str(port),
        NEWSBOT_WEBHOOK_SECRET="right-secret",
    )
    answerer = FakeAnswerer()
    url = f"http://127.0.0.1:{port}/telegram/hook"

    async def scenario() -> None:
        async with bot(settings, answerer), httpx.AsyncClient(timeout=5) as client:
            [hook] = api.calls_of("setWebhook")
            assert hook.params["url"] == "https://bot.example.test/telegram/hook"
            assert hook.params["secret_token"] == "right-secret"
            assert not api.calls_of("getUpdates")

            wrong = message("λάθος μυστικό")
            wrong["update_id"] = api.next_update_id()
            response = await client.post(
                url, json=wrong, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            assert response.status_code == 403
            response = await client.post(url, json=wrong)  # no secret at all
            assert response.status_code == 403

            right = message("σωστό μυστικό")
            right["update_id"] = api.next_update_id()
            headers = {"X-Telegram-Bot-Api-Secret-Token": "right-secret"}
            response = await client.post(url, json=right, headers=headers)
            assert response.status_code == 200
            await api.wait_for(lambda: len(api.calls_of("sendMessage")) == 1)
            await asyncio.sleep(0.2)

    run(scenario())
    assert answerer.questions == ["σωστό μυστικό"]
    assert "[1]" in api.calls_of("sendMessage")[0].params["text"]


def test_rejected_token_is_a_config_error(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.reject_token = True
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ConfigError, match="Telegram rejected the bot token") as info:
        run_telegram(make_settings(tmp_path, api), FakeAnswerer(), FakeReindex())
    assert TOKEN not in str(info.value) and TOKEN not in caplog.text
    assert [c.method for c in api.calls] == ["getMe"]


def test_missing_token_is_a_config_error(tmp_path: Path) -> None:
    settings = Settings(NEWSBOT_DATA_DIR=str(tmp_path))  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        run_telegram(settings, FakeAnswerer(), FakeReindex())


def test_unescaped_html_would_be_caught() -> None:
    """The HTML checker the tests rely on does fail on what Telegram would reject."""
    bad_texts = [
        "a < b",
        "<b>open",
        "x & y",
        "<script>x</script>",
        "<b><i>x</b></i>",
        html.unescape("&lt;p&gt;"),
    ]
    for bad in bad_texts:
        with pytest.raises(AssertionError):
            check_telegram_html(bad)


def test_unreachable_api_is_reported_without_the_token(tmp_path: Path, api: FakeBotAPI) -> None:
    settings = make_settings(tmp_path, api, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    with pytest.raises(NewsbotError, match="cannot reach the Telegram Bot API") as info:
        run_telegram(settings, FakeAnswerer(), FakeReindex())
    assert not isinstance(info.value, ConfigError)
    assert TOKEN not in str(info.value)
