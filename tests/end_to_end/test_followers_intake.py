"""Followers end to end: an article that appears in a followed outlet's feed (a local news site) is
fetched by the real intake inside the Telegram bot, indexed (counting embedder, real Chroma), matched
by the real topic matcher and told to its follower once, with /feeds showing the source's state."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fake_bot_api import FakeBotAPI, check_telegram_html
from fakes import CountingEmbedder
from followers_corpus import FAKE_THRESHOLD
from intake_helpers import CountingIndex, make_settings
from news_site import Item, NewsSite, Resource, page, robots, rss
from news_stories import STORIES
from telegram_harness import ADMIN, TOKEN, USER, FakeAnswerer, ask, bot, message, run

from bot.answering.topic_match import TopicMatcherService, TopicThresholds
from bot.types import IntakeTools
from index.retrieval import Retriever
from index.store import VectorStore
from intake.run import fetch_once, source_states

RSS = "application/rss+xml"


def test_a_new_article_in_a_followed_feed_reaches_its_follower_once(
    tmp_path: Path, site: NewsSite, api: FakeBotAPI
) -> None:
    def url(i: int) -> str:
        return f"{site.url}/news/{STORIES[i].slug}"

    site.routes["/robots.txt"] = robots()
    for i in (0, 2):
        site.routes[f"/news/{STORIES[i].slug}"] = page(STORIES[i])
    site.routes["/rss"] = [  # the first fetch finds one story; by the second another has appeared
        Resource(rss([Item(url(2), STORIES[2])]), content_type=RSS),
        Resource(rss([Item(url(0), STORIES[0]), Item(url(2), STORIES[2])]), content_type=RSS),
    ]
    settings = make_settings(tmp_path, [("Θεσσαλία RSS", f"{site.url}/rss")], TELEGRAM_BOT_TOKEN=TOKEN,
                             TELEGRAM_API_BASE_URL=api.base_url, TELEGRAM_ADMIN_IDS=str(ADMIN))
    index = CountingIndex(settings)
    retriever = Retriever(VectorStore(settings.index_dir), CountingEmbedder(), lexical_weight=0.1,
                          lexical_weight_latin_query=0.05)
    matcher = TopicMatcherService(retriever, CountingEmbedder(), TopicThresholds(FAKE_THRESHOLD, FAKE_THRESHOLD))
    tools = IntakeTools(lambda: fetch_once(settings, reindex=index), lambda: source_states(settings), matcher)

    async def scenario() -> None:
        async with bot(settings, FakeAnswerer(), intake=tools):
            await ask(api, message("/fetch", user=ADMIN), replies=2)
            await ask(api, message("/follow δίκτυο ύδρευσης της Λάρισας"))
            report = (await ask(api, message("/fetch", user=ADMIN), replies=2))[-1]
            assert report.startswith("Θεσσαλία RSS: 1 new, 0 updated"), report
            await api.wait_for(lambda: len(notices()) == 1)
            [feeds] = await ask(api, message("/feeds", user=ADMIN))
            assert check_telegram_html(feeds).startswith("✅ Θεσσαλία RSS: ok")
            await ask(api, message("/fetch", user=ADMIN), replies=2)  # nothing new: nothing told
            await asyncio.sleep(0.3)

    def notices() -> list[str]:
        return [c.params["text"] for c in api.calls_of("sendMessage")
                if c.params["chat_id"] == USER and c.params["text"].startswith("🔔")]

    run(scenario())
    [notice] = notices()
    assert STORIES[0].title in check_telegram_html(notice)
    assert f'href="{url(0)}"' in notice and STORIES[0].date in notice
    assert index.runs >= 2
