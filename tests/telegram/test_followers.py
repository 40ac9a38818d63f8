"""Followers and news intake in the real Application against the fake Bot API: /follow, /following,
/unfollow; notices once per article and chat (across fetches, restarts and replicas); /feeds and
/fetch for admins; the periodic fetch in a worker thread, one at a time, its failures logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest
from fake_bot_api import FakeBotAPI, check_telegram_html
from fake_intake import FakeFetch, FetchedArticle, SourceState, report_of
from fakes import CountingEmbedder
from followers_corpus import FAKE_THRESHOLD, fake_retriever, indexed_corpus
from telegram_harness import ADMIN, GROUP, TOKEN, USER, FakeAnswerer, FakeReindex, ask, bot, make_settings, message, run

from bot.answering.topic_match import TopicMatcherService, TopicThresholds
from bot.telegram import texts
from bot.telegram.app import build_application
from bot.types import IntakeTools, TopicMatch
from index.errors import ConfigError
from index.settings import Settings

PORT = FetchedArticle("port", "Επέκταση στο λιμάνι του Βόλου", "2026-03-02", "https://www.ertnews.gr/volos-port?a=1&b=2",
                      "ertnews.gr", "el")
VOTE = FetchedArticle("vote", "Election results in Portugal", "2026-03-01", "", "reuters", "en")


def matcher_for(root: Path) -> TopicMatcherService:
    """The real matcher over a real Chroma index of the followers' corpus (fake embedder)."""
    return TopicMatcherService(fake_retriever(indexed_corpus(root)), CountingEmbedder(),
                               TopicThresholds(latin=FAKE_THRESHOLD, greek=FAKE_THRESHOLD))


def no_matches(topics: Sequence[str], doc_ids: Sequence[str]) -> list[TopicMatch]:
    return []


def notices(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [c.params["text"] for c in api.calls_of("sendMessage")
            if c.params["chat_id"] == chat_id and c.params["text"].startswith("🔔")]


# --- /follow, /following, /unfollow ----------------------------------------------------------------


def test_follow_list_and_unfollow_topics_kept_across_restarts(tmp_path: Path, api: FakeBotAPI) -> None:
    settings = make_settings(tmp_path, api, NEWSBOT_FOLLOW_MAX_TOPICS="2")

    async def first_run() -> None:
        async with bot(settings, FakeAnswerer()):
            assert await ask(api, message("/follow")) == [texts.FOLLOW_USAGE_TEXT]
            assert await ask(api, message("/follow ;-)")) == [texts.FOLLOW_USAGE_TEXT]
            assert await ask(api, message("/follow " + "λέξη " * 60)) == [texts.FOLLOW_TOO_LONG_TEXT.format(n=200)]
            [added] = await ask(api, message("/follow   λιμάνι   Βόλου "))
            assert added == texts.FOLLOW_ADDED_TEXT.format(topic="λιμάνι Βόλου")
            [added] = await ask(api, message("/follow Brexit <talks> & more"))
            assert added == texts.FOLLOW_ADDED_TEXT.format(topic="Brexit &lt;talks&gt; &amp; more")
            check_telegram_html(added)
            [already] = await ask(api, message("/follow ΛΙΜΆΝΙ βόλου"))
            assert already == texts.FOLLOW_ALREADY_TEXT.format(topic="ΛΙΜΆΝΙ βόλου")
            assert await ask(api, message("/follow σεισμός")) == [texts.FOLLOW_TOO_MANY_TEXT.format(n=2)]
            [listing] = await ask(api, message("/following"))
            check_telegram_html(listing)
            assert "1. λιμάνι Βόλου\n2. Brexit &lt;talks&gt; &amp; more" in listing
            assert await ask(api, message("/following", chat=GROUP)) == [texts.FOLLOWING_NONE_TEXT]  # its own list
            assert await ask(api, message("/unfollow 3")) == [texts.UNFOLLOW_BAD_NUMBER_TEXT.format(n=3)]
            [usage] = await ask(api, message("/unfollow"))
            assert "1. λιμάνι Βόλου" in usage and usage.endswith(texts.UNFOLLOW_USAGE_TEXT)
            [removed] = await ask(api, message("/unfollow 1"))
            assert removed == texts.UNFOLLOWED_TEXT.format(topic="λιμάνι Βόλου")

    async def after_restart() -> None:
        async with bot(settings, FakeAnswerer()):
            [listing] = await ask(api, message("/following"))
            assert listing.endswith("\n1. Brexit &lt;talks&gt; &amp; more")
            assert await ask(api, message("/unfollow all")) == [texts.UNFOLLOWED_ALL_TEXT.format(n=1)]
            assert await ask(api, message("/following")) == [texts.FOLLOWING_NONE_TEXT]

    run(first_run())
    run(after_restart())


# --- notices --------------------------------------------------------------------------------------


def test_a_matching_article_is_told_once_per_chat_across_fetches_and_restarts(tmp_path: Path, api: FakeBotAPI) -> None:
    fetch = FakeFetch([report_of(PORT, VOTE)])  # every run brings the same two articles as new
    tools = IntakeTools(fetch, lambda: [], matcher_for(tmp_path / "news"))
    settings = make_settings(tmp_path, api)

    async def first_run() -> None:
        async with bot(settings, FakeAnswerer(), intake=tools):
            await ask(api, message("/follow λιμάνι Βόλου"))
            await ask(api, message("/follow χιόνια Φλώρινα", chat=GROUP))  # no new article about it
            await ask(api, message("/follow election in Portugal", user=ADMIN))
            await ask(api, message("/follow Portugal election results", user=ADMIN))  # the same article again
            replies = await ask(api, message("/fetch", user=ADMIN), replies=3)  # started, a notice, the report
            assert replies[0] == texts.FETCH_STARTED_TEXT
            assert replies[-1].startswith("kathimerini: 2 new, 0 updated, 0 duplicate, 0 skipped, 0 failed\n")
            await api.wait_for(lambda: len(notices(api, USER)) == 1)
            await ask(api, message("/fetch", user=ADMIN), replies=2)  # the same articles again: nothing new to tell
            await asyncio.sleep(0.3)

    run(first_run())
    [notice] = notices(api, USER)
    plain = check_telegram_html(notice)
    assert '<a href="https://www.ertnews.gr/volos-port?a=1&amp;b=2">Επέκταση στο λιμάνι του Βόλου</a>' in notice
    assert "2026-03-02 · ertnews.gr" in plain
    assert "<blockquote>" in notice and "λιμαν" in plain.split("2026-03-02 · ertnews.gr", 1)[1]
    assert texts.NOTICE_TOPIC_TEXT.format(topic="λιμάνι Βόλου") in plain
    [vote] = notices(api, ADMIN)  # two topics matched it: one notice
    assert "Election results in Portugal" in vote
    assert notices(api, GROUP) == []
    assert fetch.calls == 2 and all(name.startswith("newsbot-fetch") for name in fetch.threads)

    async def after_restart() -> None:
        async with bot(settings, FakeAnswerer(), intake=tools):
            await ask(api, message("/fetch", user=ADMIN), replies=2)
            await asyncio.sleep(0.3)

    run(after_restart())
    assert fetch.calls == 3
    assert len(notices(api, USER)) == 1 and len(notices(api, ADMIN)) == 1  # a restart resends nothing


def test_two_replicas_sharing_state_send_each_notice_once(tmp_path: Path) -> None:
    shared = str(tmp_path / "shared" / "state.sqlite")
    matcher = matcher_for(tmp_path / "news")
    fetch_a, fetch_b = FakeFetch([report_of(PORT)], seconds=0.1), FakeFetch([report_of(PORT)], seconds=0.1)
    with FakeBotAPI(TOKEN) as api_a, FakeBotAPI(TOKEN) as api_b:
        settings_a = make_settings(tmp_path / "a", api_a, NEWSBOT_SHARED_STATE=shared)
        settings_b = make_settings(tmp_path / "b", api_b, NEWSBOT_SHARED_STATE=shared)

        async def scenario() -> None:
            async with bot(settings_a, FakeAnswerer(), intake=IntakeTools(fetch_a, lambda: [], matcher)), \
                    bot(settings_b, FakeAnswerer(), intake=IntakeTools(fetch_b, lambda: [], matcher)):
                await ask(api_a, message("/follow λιμάνι Βόλου"))
                [listing] = await ask(api_b, message("/following"))  # the other replica sees the follow
                assert "1. λιμάνι Βόλου" in listing
                api_a.push_update(message("/fetch", user=ADMIN))
                api_b.push_update(message("/fetch", user=ADMIN))
                await api_a.wait_for(lambda: fetch_a.calls == 1 and fetch_b.calls == 1)
                await asyncio.sleep(1.0)  # both have fetched, matched and tried to send

        run(scenario())
        assert len(notices(api_a, USER)) + len(notices(api_b, USER)) == 1
    assert not (tmp_path / "a" / "data" / "telegram-follows.sqlite3").exists()  # the shared file holds them


# --- /feeds and /fetch ----------------------------------------------------------------------------


STATES = [
    SourceState("kathimerini", "https://www.kathimerini.gr/feed/", "2026-03-02 10:00", None, 0, None, False),
    SourceState("efsyn <rss>", "https://www.efsyn.gr/rss.xml", "2026-03-01 09:00", "HTTP 503 Service Unavailable",
                3, "2026-03-02 12:00", True),
    SourceState("ertnews", "https://www.ertnews.gr/feed/", None, None, 0, None, False),
]


def test_feeds_and_fetch_are_for_admins_only(tmp_path: Path, api: FakeBotAPI) -> None:
    fetch = FakeFetch([report_of(VOTE)])
    tools = IntakeTools(fetch, lambda: STATES, no_matches)

    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer(), intake=tools):
            assert await ask(api, message("/feeds")) == [texts.ADMINS_ONLY_TEXT]
            assert await ask(api, message("/fetch")) == [texts.ADMINS_ONLY_TEXT]
            started, report = await ask(api, message("/fetch", user=ADMIN, chat=GROUP), replies=2)
            assert started == texts.FETCH_STARTED_TEXT
            assert report.splitlines() == [
                "kathimerini: 1 new, 0 updated, 0 duplicate, 0 skipped, 0 failed",
                "1 new and 0 updated articles from 1 sources; index updated.",
            ]
            [feeds] = await ask(api, message("/feeds", user=ADMIN))
            lines = check_telegram_html(feeds).splitlines()
            assert lines[0].startswith("✅ kathimerini: ok") and "2026-03-02 10:00" in lines[0]
            assert lines[1].startswith("⚠️ efsyn <rss>:") and "(3×)" in lines[1]
            assert "HTTP 503 Service Unavailable" in lines[1] and "2026-03-02 12:00" in lines[1]
            assert lines[2].startswith("⏳ ertnews")
            await asyncio.sleep(0.3)

    run(scenario())
    assert fetch.calls == 1  # only the admin's


def test_without_intake_the_admin_is_told_and_fetch_every_is_refused(tmp_path: Path, api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(make_settings(tmp_path, api), FakeAnswerer()):
            assert await ask(api, message("/feeds", user=ADMIN)) == [texts.NO_INTAKE_TEXT]
            assert await ask(api, message("/fetch", user=ADMIN)) == [texts.NO_INTAKE_TEXT]

    run(scenario())
    with pytest.raises(ConfigError, match="NEWSBOT_FETCH_EVERY"):
        build_application(make_settings(tmp_path, api, NEWSBOT_FETCH_EVERY="15m"), FakeAnswerer(), FakeReindex())


def test_a_failed_fetch_is_told_to_the_admin(tmp_path: Path, api: FakeBotAPI) -> None:
    fetch = FakeFetch([OSError("disk full")])

    async def scenario() -> list[str]:
        async with bot(make_settings(tmp_path, api), FakeAnswerer(), intake=IntakeTools(fetch, list, no_matches)):
            return await ask(api, message("/fetch", user=ADMIN), replies=2)

    assert run(scenario())[1] == f"{texts.FETCH_FAILED_TEXT} disk full"


# --- the periodic fetch ---------------------------------------------------------------------------


def test_the_periodic_fetch_runs_in_a_thread_one_at_a_time_and_a_failure_is_logged(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    # Each run takes longer than the interval: runs that come due meanwhile are skipped, never stacked.
    fetch = FakeFetch([RuntimeError("feed server down"), report_of()], seconds=0.4)
    settings: Settings = make_settings(tmp_path, api, NEWSBOT_FETCH_EVERY="0.25s")
    assert settings.fetch_every == 0.25
    answerer = FakeAnswerer()

    async def scenario() -> list[str]:
        async with bot(settings, answerer, intake=IntakeTools(fetch, list, no_matches)):
            await api.wait_for(lambda: fetch.calls >= 1, within=5)
            replies = await ask(api, message("Τι έγινε σήμερα;"))  # the bot keeps answering
            await api.wait_for(lambda: fetch.calls >= 3, within=10)
            return replies

    with caplog.at_level(logging.INFO, logger="newsbot.telegram"):
        [reply] = run(scenario())
    assert "[1]" in reply and answerer.questions == ["Τι έγινε σήμερα;"]
    assert fetch.most_at_once == 1
    assert all(name.startswith("newsbot-fetch") for name in fetch.threads)
    [failure] = [r for r in caplog.records if r.getMessage() == "periodic fetch failed"]
    assert failure.levelno == logging.ERROR and failure.exc_info is not None
    assert "feed server down" in caplog.text
    assert any(r.getMessage().startswith("periodic fetch: 0 new articles") for r in caplog.records)
