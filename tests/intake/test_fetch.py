"""newsbot's intake against a local news site: every bad case named, the rest fetched, nothing lost or doubled."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from intake_helpers import CountingIndex, make_settings
from news_site import Item, NewsSite, Resource, atom, big_body, category_html, news_sitemap, page, robots, rss
from news_stories import CHANGED_FIRST, STORIES

from bot.app import Newsbot
from index.corpus import load_corpus
from index.errors import ConfigError
from index.settings import Settings
from intake.run import fetch_once, source_states

RSS = "application/rss+xml"


def feed_articles(settings: Settings) -> Counter[str]:
    """canonical url -> how many corpus articles carry it (under corpus/_feeds)."""
    loaded = load_corpus(settings.corpus_dir)
    assert not loaded.problems, loaded.problems
    return Counter(a.url for a in loaded.articles if a.id.startswith("_feeds/"))


def story_url(site: NewsSite, index: int) -> str:
    return f"{site.url}/news/{STORIES[index].slug}"


def _serve_good_sources(site: NewsSite) -> list[tuple[str, str]]:
    """RSS with stories 0-1 (1 also under a utm_ URL), Atom with 2-3, a news sitemap with 4-5."""
    u = site.url
    site.routes["/robots.txt"] = robots(disallow=["/private/"])
    for story in STORIES:
        site.routes[f"/news/{story.slug}"] = page(story)
    site.routes["/rss"] = Resource(rss([
        Item(story_url(site, 0), STORIES[0]),
        Item(story_url(site, 1), STORIES[1]),
        Item(story_url(site, 1) + "?utm_source=twitter&utm_medium=social", STORIES[1]),
    ]), content_type=RSS, etag='"rss-1"')
    site.routes["/atom"] = Resource(atom([Item(story_url(site, i), STORIES[i]) for i in (2, 3)]),
                                    content_type="application/atom+xml", etag='"atom-1"')
    site.routes["/news-sitemap.xml"] = Resource(news_sitemap([Item(story_url(site, i), STORIES[i]) for i in (4, 5)]),
                                                content_type="application/xml",
                                                last_modified="Sat, 05 Dec 2026 08:00:00 GMT")
    return [("Θεσσαλία RSS", f"{u}/rss"), ("Θεσσαλία Atom", f"{u}/atom"), ("Θεσσαλία sitemap", f"{u}/news-sitemap.xml")]


def test_every_bad_case_is_named_and_the_rest_is_fetched_once(
    tmp_path: Path, site: NewsSite
) -> None:
    u = site.url
    sources = _serve_good_sources(site)
    # Bad article pages, listed in a feed of their own beside one good story.
    bad_pages = {
        "/news/gone-404": "HTTP 404",
        "/news/gone-410": "HTTP 410",
        "/news/flaky": "HTTP 500",
        "/news/slow": "timed out",
        "/news/huge": "too big",
        "/news/section": "no article on the page",
        "/private/exclusive": "robots.txt",
        "/files/report.pdf": "not a web page (application/pdf)",
    }
    site.routes["/files/report.pdf"] = Resource(big_body(50), content_type="application/pdf")
    site.routes["/news/gone-410"] = Resource(b"gone", status=410)
    site.routes["/news/flaky"] = [Resource(b"oops", status=500), page(STORIES[5])]
    site.routes["/news/slow"] = Resource(page(STORIES[4]).body, delay=4)
    site.routes["/news/huge"] = Resource(big_body(50))
    site.routes["/news/section"] = Resource(category_html())
    site.routes["/private/exclusive"] = page(STORIES[3])
    site.routes["/troubles"] = Resource(rss(
        [Item(u + path, STORIES[0]) for path in bad_pages] + [Item(story_url(site, 2), STORIES[2])]
    ), content_type=RSS)
    # Bad feeds.
    site.routes["/html-feed"] = Resource(category_html())
    site.routes["/broken-feed"] = Resource(b'<?xml version="1.0"?><rss><channel><item><title>x</title',
                                           content_type=RSS)
    site.routes["/feed-410"] = Resource(b"", status=410)
    site.routes["/feed-flaky"] = [Resource(b"", status=500),
                                  Resource(rss([Item(story_url(site, 0), STORIES[0])]), content_type=RSS)]
    sources += [("troubles", f"{u}/troubles"), ("html", f"{u}/html-feed"), ("broken", f"{u}/broken-feed"),
                ("missing", f"{u}/feed-404"), ("removed", f"{u}/feed-410"), ("flaky feed", f"{u}/feed-flaky")]
    with NewsSite() as limited:  # another host, which rate-limits the bot
        limited.routes["/rss"] = Resource(b"slow down", status=429, headers={"Retry-After": "3600"})
        sources.append(("limited", f"{limited.url}/rss"))
        settings = make_settings(tmp_path, sources, NEWSBOT_FETCH_TIMEOUT=1)
        index = CountingIndex(settings)

        report = fetch_once(settings, reindex=index)
        text = "\n".join(report.lines())

        by_name = {s.name: s for s in report.sources}
        assert (by_name["Θεσσαλία RSS"].new, by_name["Θεσσαλία RSS"].duplicate) == (2, 1)
        assert by_name["Θεσσαλία Atom"].new == 2 and by_name["Θεσσαλία sitemap"].new == 2
        troubles = by_name["troubles"]
        for path, reason in bad_pages.items():
            line = next((p for p in troubles.problems if p.startswith(u + path)), None)
            assert line is not None and reason in line, (path, troubles.problems)
        assert troubles.skipped == 2 and troubles.failed == 6 and troubles.duplicate == 1  # story 2 via atom too
        assert "HTML page" in (by_name["html"].error or "")
        assert "malformed feed" in (by_name["broken"].error or "")
        assert "404" in (by_name["missing"].error or "") and "410" in (by_name["removed"].error or "")
        assert "500" in (by_name["flaky feed"].error or "")
        assert "429" in (by_name["limited"].error or "") and "3600" in (by_name["limited"].error or "")
        for name in ("html", "broken", "missing", "removed", "flaky feed", "limited"):
            assert f"{name}: FAILED" in text
        assert not report.all_failed and report.reindexed and index.runs == 1
        assert len(report.new_articles) == 6
        counts = feed_articles(settings)
        assert sorted(counts) == sorted(story_url(site, i) for i in range(6)) and set(counts.values()) == {1}
        assert len(index.documents()) == 6

        # The rate-limited host is left alone until its Retry-After; its source shows as failing.
        limited_hits = len(limited.requests)
        states = {s.name: s for s in source_states(settings)}
        assert states["limited"].failing and states["limited"].failures_in_a_row == 1
        assert states["limited"].next_try is not None and states["Θεσσαλία RSS"].failing is False

        second = fetch_once(settings, reindex=index)
        assert len(limited.requests) == limited_hits
        assert "limited: next fetch at" in "\n".join(second.lines())

    again = {s.name: s for s in second.sources}
    assert again["flaky feed"].error is None  # 500 then 200: fetched now; its one story is known already
    assert again["flaky feed"].duplicate + again["flaky feed"].new == 0  # the entry was seen: not fetched again
    assert again["troubles"].failed == 2  # the slow and the too-big pages; 404/410 are not tried again
    assert again["troubles"].new == 0 and again["troubles"].duplicate == 1  # /news/flaky is story 5: a duplicate
    assert again["Θεσσαλία Atom"].not_modified and again["Θεσσαλία sitemap"].not_modified
    assert again["missing"].error and again["removed"].error  # never switched off: tried every run
    counts = feed_articles(settings)
    assert len(counts) == 6 and set(counts.values()) == {1}
    assert len(index.documents()) == 6


def test_second_run_over_unchanged_feeds_sends_only_conditional_requests_and_embeds_nothing(
    tmp_path: Path, site: NewsSite
) -> None:
    settings = make_settings(tmp_path, _serve_good_sources(site))
    index = CountingIndex(settings)
    first = fetch_once(settings, reindex=index)
    assert len(first.new_articles) == 6 and index.embedder.passages_embedded > 0
    embedded, before = index.embedder.passages_embedded, len(site.requests)

    second = fetch_once(settings, reindex=index)

    requests = site.requests[before:]
    assert [r.path for r in requests] == ["/rss", "/atom", "/news-sitemap.xml"]  # robots.txt is cached
    assert all("if-none-match" in r.headers or "if-modified-since" in r.headers for r in requests)
    assert all(s.not_modified for s in second.sources) and not second.reindexed
    assert index.embedder.passages_embedded == embedded and index.runs == 1


def test_a_changed_article_is_updated_in_place(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, _serve_good_sources(site))
    index = CountingIndex(settings)
    fetch_once(settings, reindex=index)
    first_doc = next(a for a in load_corpus(settings.corpus_dir).articles if a.url == story_url(site, 0))
    old_hash = index.documents()[first_doc.id]

    # The outlet corrects the story: new page (new ETag), and the feed's entry changes with it.
    site.routes[f"/news/{STORIES[0].slug}"] = Resource(page(CHANGED_FIRST).body, etag='"changed-2"')
    # ... and story 1 leaves the feed: it stays in the corpus and the index.
    site.routes["/rss"] = Resource(rss([
        Item(story_url(site, 0), CHANGED_FIRST, summary="Διορθώθηκε ο αριθμός των μετρητών."),
    ]), content_type=RSS, etag='"rss-2"')
    report = fetch_once(settings, reindex=index)

    rss_report = report.sources[0]
    assert (rss_report.new, rss_report.updated, rss_report.duplicate) == (0, 1, 0)
    assert [a.url for a in report.updated_articles] == [story_url(site, 0)]
    assert report.updated_articles[0].doc_id == first_doc.id
    article = next(a for a in load_corpus(settings.corpus_dir).articles if a.id == first_doc.id)
    assert "δεκαπέντε χιλιάδες" in article.text and "δώδεκα χιλιάδες νοικοκυριά" not in article.text
    assert index.documents()[first_doc.id] != old_hash and len(index.documents()) == 6
    assert feed_articles(settings)[story_url(site, 0)] == 1 and feed_articles(settings)[story_url(site, 1)] == 1


def test_one_story_under_two_unrelated_urls_is_one_article(tmp_path: Path, site: NewsSite) -> None:
    """Not a tracking parameter this time: a second address whose page is the same text."""
    site.routes["/robots.txt"] = robots()
    site.routes["/news/a"] = page(STORIES[2])
    site.routes["/amp/a-copy"] = page(STORIES[2])
    site.routes["/rss"] = Resource(rss([Item(f"{site.url}/news/a", STORIES[2]),
                                        Item(f"{site.url}/amp/a-copy", STORIES[2])]), content_type=RSS)
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert (report.sources[0].new, report.sources[0].duplicate) == (1, 1)
    assert any("the same text as" in p for p in report.sources[0].problems)
    assert len(feed_articles(settings)) == 1


def test_rel_canonical_names_the_article_and_a_foreign_one_is_ignored(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/robots.txt"] = robots()
    site.routes["/print/1"] = Resource(page(STORIES[0], canonical="/news/water").body)
    site.routes["/print/2"] = Resource(page(STORIES[1], canonical="http://elsewhere.example/news/x").body)
    site.routes["/rss"] = Resource(rss([Item(f"{site.url}/print/1?utm_campaign=x", STORIES[0]),
                                        Item(f"{site.url}/print/2", STORIES[1])]), content_type=RSS)
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    urls = sorted(a.url for a in report.new_articles)
    assert urls == [f"{site.url}/news/water", f"{site.url}/print/2"], report.lines()


def test_a_permanent_redirect_moves_the_source(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/robots.txt"] = robots()
    site.routes["/old-feed"] = Resource(b"", status=301, headers={"Location": "/feed/"})
    site.routes["/feed/"] = Resource(rss([Item(story_url(site, 0), STORIES[0])]), content_type=RSS, etag='"f"')
    site.routes[f"/news/{STORIES[0].slug}"] = page(STORIES[0])
    settings = make_settings(tmp_path, [("moved", f"{site.url}/old-feed")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert report.sources[0].moved_to == f"{site.url}/feed/" and report.sources[0].new == 1
    assert "moved permanently to" in "\n".join(report.lines())
    fetch_once(settings, reindex=CountingIndex(settings))
    assert len(site.hits("/old-feed")) == 1 and len(site.hits("/feed/")) == 2
    assert source_states(settings)[0].url == f"{site.url}/feed/"


def test_private_addresses_are_refused_unless_allowed(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/rss"] = Resource(rss([]), content_type=RSS)
    settings = make_settings(tmp_path, [("local", f"{site.url}/rss")], NEWSBOT_FETCH_ALLOW_PRIVATE=False)
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert report.all_failed and "private or loopback" in (report.sources[0].error or "")
    assert site.requests == []


def test_a_name_that_turns_private_after_the_check_is_refused_on_connecting(site: NewsSite) -> None:
    """DNS rebinding: the name looked public when checked and resolves to loopback when dialled."""
    from intake.http import FetchError, PoliteFetcher

    class CheckFooled(PoliteFetcher):
        def _check_target(self, url: str) -> object:  # the check saw a public address
            from urllib.parse import urlsplit

            return urlsplit(url)

    site.routes["/rss"] = Resource(rss([]), content_type=RSS)
    with CheckFooled(allow_private=False, host_gap=0) as fooled, pytest.raises(FetchError, match="private or loopback"):
        fooled.get(f"{site.url}/rss", check_robots=False)
    assert site.requests == []
    with PoliteFetcher(allow_private=True, host_gap=0) as fetcher:
        assert fetcher.get(f"{site.url}/rss", check_robots=False).status == 200


def test_crawl_delay_and_host_gap_space_requests(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/robots.txt"] = robots(crawl_delay=0.4)
    for story in STORIES[:3]:
        site.routes[f"/news/{story.slug}"] = page(story)
    site.routes["/rss"] = Resource(rss([Item(story_url(site, i), STORIES[i]) for i in range(3)]), content_type=RSS)
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss")], NEWSBOT_FETCH_HOST_GAP=0.1)
    fetch_once(settings, reindex=CountingIndex(settings))
    times = [r.at for r in site.requests if r.path != "/robots.txt"]
    assert len(times) == 4
    assert min(b - a for a, b in pairwise(times)) >= 0.35


def test_user_agent_names_the_bot_and_its_contact_and_no_cookie_comes_back(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/robots.txt"] = robots()
    site.routes["/rss"] = Resource(rss([Item(story_url(site, 0), STORIES[0])]), content_type=RSS,
                                   headers={"Set-Cookie": "session=abc; Path=/"})
    site.routes[f"/news/{STORIES[0].slug}"] = page(STORIES[0])
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss")],
                             NEWSBOT_FETCH_CONTACT_URL="https://example.org/newsbot")
    fetch_once(settings, reindex=CountingIndex(settings))
    assert all("newsbot" in r.headers["user-agent"] and "https://example.org/newsbot" in r.headers["user-agent"]
               for r in site.requests)
    assert all("cookie" not in r.headers for r in site.requests)


def test_gzip_bodies_are_read(tmp_path: Path, site: NewsSite) -> None:
    site.routes["/robots.txt"] = robots()
    site.routes["/rss"] = Resource(rss([Item(story_url(site, 0), STORIES[0])]), content_type=RSS, gzip=True)
    site.routes[f"/news/{STORIES[0].slug}"] = Resource(page(STORIES[0]).body, gzip=True)
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert report.sources[0].new == 1
    assert "gzip" in site.hits("/rss")[0].headers["accept-encoding"]


def test_every_source_failing_is_all_failed(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, [("a", f"{site.url}/nothing"), ("b", f"{site.url}/nothing-either")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert report.all_failed and not report.reindexed


def test_backoff_doubles_and_is_capped_at_a_day(tmp_path: Path, site: NewsSite) -> None:
    from intake.state import BACKOFF_CAP, backoff_seconds

    assert [backoff_seconds(60, n) for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff_seconds(60, 30) == BACKOFF_CAP == 86_400
    settings = make_settings(tmp_path, [("down", f"{site.url}/down")], NEWSBOT_FETCH_BACKOFF=3600)
    fetch_once(settings, reindex=CountingIndex(settings))
    state = source_states(settings)[0]
    assert state.failing and state.last_error and "404" in state.last_error and state.next_try is not None
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert report.sources == () and len(site.hits("/down")) == 1  # waiting out its backoff, not disabled
    assert not report.all_failed


def test_a_bad_feeds_file_entry_is_named_and_skipped(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, [])
    settings.feeds.write_text(
        '[[source]]\nname = "no url"\n\n[[source]]\nname = "ftp"\nurl = "ftp://x.org/feed"\n\n'
        f'[[source]]\nname = "ok"\nurl = "{site.url}/rss"\n\n[[source]]\nname = "ok"\nurl = "{site.url}/b"\n',
        encoding="utf-8")
    site.routes["/rss"] = Resource(rss([]), content_type=RSS)
    report = fetch_once(settings, reindex=CountingIndex(settings))
    assert [s.name for s in report.sources] == ["ok"]
    notices = "\n".join(report.notices)
    assert "source 1: missing name" not in notices and "no url: missing url" in notices
    assert "is not an http(s) URL" in notices and "a second source with this name" in notices


def test_a_feeds_file_that_is_not_toml_is_a_config_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, [])
    settings.feeds.write_text("not toml [[[", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        fetch_once(settings, reindex=CountingIndex(settings))
    settings.feeds.unlink()
    with pytest.raises(ConfigError, match="does not exist"):
        fetch_once(settings, reindex=CountingIndex(settings))


def test_a_changed_feed_entry_over_an_unchanged_page_costs_a_304(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, _serve_good_sources(site))
    index = CountingIndex(settings)
    fetch_once(settings, reindex=index)
    site.routes["/rss"] = Resource(rss([Item(story_url(site, 0), STORIES[0], summary="Νέα περίληψη στη ροή.")]),
                                   content_type=RSS, etag='"rss-3"')
    before = len(site.hits(f"/news/{STORIES[0].slug}"))
    report = fetch_once(settings, reindex=index)
    page_hits = site.hits(f"/news/{STORIES[0].slug}")[before:]
    assert len(page_hits) == 1 and page_hits[0].headers.get("if-none-match") == f'"{STORIES[0].slug}-1"'
    assert (report.sources[0].new, report.sources[0].updated) == (0, 0) and not report.reindexed


def test_source_states_before_any_fetch(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, [("a", "https://example.org/feed"), ("b", "https://example.org/b")])
    states = source_states(settings)
    assert [(s.name, s.url, s.last_success, s.failing, s.next_try) for s in states] == [
        ("a", "https://example.org/feed", None, False, None), ("b", "https://example.org/b", None, False, None)]


def test_a_parser_crash_on_one_page_or_feed_stops_nothing_else(
    tmp_path: Path, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in a parser on hostile bytes (simulated: these two raise) costs that page or feed only."""
    import intake.run as run_module

    real_extract, real_read = run_module.extract_article, run_module.read_feed

    def extract(page: bytes, url: str, content_type: str = "") -> object:
        if url.endswith("/news/hostile"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_extract(page, url, content_type)

    def read(body: bytes, url: str, content_type: str = "") -> object:
        if url.endswith("/hostile-feed"):
            raise ValueError("boom")
        return real_read(body, url, content_type)

    monkeypatch.setattr(run_module, "extract_article", extract)
    monkeypatch.setattr(run_module, "read_feed", read)
    site.routes["/robots.txt"] = robots()
    site.routes["/news/hostile"] = page(STORIES[1])
    site.routes[f"/news/{STORIES[0].slug}"] = page(STORIES[0])
    items = [Item(f"{site.url}/news/hostile", STORIES[1]), Item(story_url(site, 0), STORIES[0])]
    site.routes["/rss"] = Resource(rss(items), content_type=RSS)
    site.routes["/hostile-feed"] = Resource(rss([]), content_type=RSS)
    settings = make_settings(tmp_path, [("one", f"{site.url}/rss"), ("two", f"{site.url}/hostile-feed")])
    report = fetch_once(settings, reindex=CountingIndex(settings))
    one, two = report.sources
    assert (one.new, one.skipped) == (1, 1) and "could not be read (RecursionError)" in "\n".join(one.problems)
    assert two.error == "unreadable feed (ValueError: boom)"


def test_a_damaged_intake_state_is_set_aside_named_and_nothing_is_lost_or_doubled(
    tmp_path: Path, site: NewsSite
) -> None:
    settings = make_settings(tmp_path, _serve_good_sources(site))
    index = CountingIndex(settings)
    first = fetch_once(settings, reindex=index)
    assert len(first.new_articles) == 6
    files = sorted(p.relative_to(settings.corpus_dir) for p in settings.corpus_dir.rglob("*.md"))
    embedded = index.embedder.passages_embedded

    state = settings.intake_state_path
    state.write_bytes(b"\x13" * 4096)  # overwritten by a disk fault
    for companion in ("-wal", "-shm"):
        Path(f"{state}{companion}").unlink(missing_ok=True)

    checked = Newsbot(settings).check()  # `newsbot check` names it too
    assert any(p.startswith(f"the news intake's state {state} is damaged") for p in checked.problems)

    report = fetch_once(settings, reindex=index)
    [notice] = [n for n in report.notices if "was damaged" in n]
    assert notice.startswith(f"the news intake's state {state} was damaged (")
    [aside] = [p for p in state.parent.iterdir() if p.name.startswith(state.name + ".damaged-")]
    assert aside.name in notice and aside.read_bytes() == b"\x13" * 4096  # kept, not deleted
    # Started afresh: every entry fetched once more, into the same files; nothing doubled or re-embedded.
    assert sorted(p.relative_to(settings.corpus_dir) for p in settings.corpus_dir.rglob("*.md")) == files
    assert all(count == 1 for count in feed_articles(settings).values()) and len(feed_articles(settings)) == 6
    assert index.embedder.passages_embedded == embedded
