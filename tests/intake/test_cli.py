"""`newsbot fetch` and `newsbot feeds` as a user runs them (subprocesses, the counting fake embedder),
a kill -9 in the middle of a fetch, and one fetched article answered by `newsbot ask` with the real model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import seed_and_news_corpus
from intake_helpers import CountingIndex, make_settings
from news_site import Item, NewsSite, Resource, page, robots, rss
from news_stories import STORIES, generated_stories
from scale_helpers import FAKE_CLI, cli_env, run_cli

from index.corpus import load_corpus
from index.settings import Settings
from intake.state import IntakeState

RSS = "application/rss+xml"


def env_for(settings: Settings, **extra: str) -> dict[str, str]:
    values = {
        "NEWSBOT_FEEDS": str(settings.feeds), "NEWSBOT_CORPUS_DIR": str(settings.corpus_dir),
        "NEWSBOT_DATA_DIR": str(settings.data_dir), "NEWSBOT_FETCH_ALLOW_PRIVATE": "true",
        "NEWSBOT_FETCH_HOST_GAP": "0", "NEWSBOT_FETCH_BACKOFF": "0", "NEWSBOT_FETCH_TIMEOUT": "5",
    }
    return cli_env(**{**values, **extra})


def serve(site: NewsSite, stories: list, *, delay: float = 0.0) -> str:  # type: ignore[type-arg]
    site.routes["/robots.txt"] = robots()
    for story in stories:
        site.routes[f"/news/{story.slug}"] = Resource(page(story).body, delay=delay)
    site.routes["/rss"] = Resource(rss([Item(f"{site.url}/news/{s.slug}?utm_source=rss", s) for s in stories]),
                                   content_type=RSS)
    return f"{site.url}/rss"


def test_newsbot_fetch_reports_per_source_and_search_carries_the_canonical_url(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, [("Θεσσαλία", serve(site, list(STORIES[:2]))), ("gone", f"{site.url}/x")])
    env = env_for(settings)

    done = run_cli(["fetch"], env=env)
    assert done.returncode == 0, done.stderr
    assert "Θεσσαλία: 2 new, 0 updated, 0 duplicate, 0 skipped, 0 failed" in done.stdout
    assert "gone: FAILED: HTTP 404" in done.stdout and "index updated" in done.stdout

    found = run_cli(["search", "--json", "-k", "1", "δίκτυο ύδρευσης Λάρισας αγωγοί"], env=env)
    hit = json.loads(found.stdout)["hits"][0]
    assert hit["url"] == f"{site.url}/news/{STORIES[0].slug}"  # no utm_ parameters
    assert hit["doc_id"].startswith("_feeds/θεσσαλια/")

    again = run_cli(["fetch"], env=env)
    assert again.returncode == 0 and "Θεσσαλία: 0 new" in again.stdout and "index unchanged" in again.stdout


def test_newsbot_fetch_exits_non_zero_only_when_every_source_failed(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, [("a", f"{site.url}/missing"), ("b", f"{site.url}/missing-too")])
    done = run_cli(["fetch"], env=env_for(settings))
    assert done.returncode == 1 and "a: FAILED" in done.stdout and "b: FAILED" in done.stdout

    bad = run_cli(["fetch", "--every", "soon"], env=env_for(settings))
    assert bad.returncode == 2 and "--every" in bad.stderr

    missing = run_cli(["fetch"], env=env_for(settings, NEWSBOT_FEEDS=str(tmp_path / "nope.toml")))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_newsbot_fetch_every_keeps_fetching_until_stopped(tmp_path: Path, site: NewsSite) -> None:
    settings = make_settings(tmp_path, [("Θεσσαλία", serve(site, list(STORIES[:1])))])
    process = subprocess.Popen([sys.executable, str(FAKE_CLI), "fetch", "--every", "1s"], env=env_for(settings),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(site.hits("/rss")) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert len(site.hits("/rss")) >= 3, err
    assert out.count("Θεσσαλία: 1 new") == 1 and "Θεσσαλία: 0 new" in out  # fetched once, then seen
    assert process.returncode == 130 and "interrupted" in err


def test_feeds_import_and_export_round_trip(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, [("Πρώτη", "https://example.org/feed/")])
    settings.feeds.write_text("# my sources\n" + settings.feeds.read_text(encoding="utf-8"), encoding="utf-8")
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Ελληνικά Νέα" xmlUrl="https://news.example.gr/rss"/>'
        '<outline text="Πρώτη again" xmlUrl="https://example.org/feed/"/>'
        '<outline text="No URL"/><outline text="Mail" xmlUrl="mailto:a@b.c"/></body></opml>', encoding="utf-8")
    env = env_for(settings)

    done = run_cli(["feeds", "import", str(opml)], env=env)
    assert done.returncode == 0, done.stderr
    assert "added 1 source(s)" in done.stdout and "already in the feeds file" in done.stderr
    assert "not an http(s) URL" in done.stderr
    assert settings.feeds.read_text(encoding="utf-8").startswith("# my sources")  # the user's comments stay

    exported = run_cli(["feeds", "export"], env=env)
    assert exported.returncode == 0
    assert 'xmlUrl="https://news.example.gr/rss"' in exported.stdout and "Πρώτη" in exported.stdout

    broken = run_cli(["feeds", "import", str(tmp_path / "none.opml")], env=env)
    assert broken.returncode == 2 and "cannot read" in broken.stderr


def _feed_files(settings: Settings) -> int:
    folder = settings.corpus_dir / "_feeds"
    return sum(1 for p in folder.rglob("*.md") if not p.name.startswith(".")) if folder.exists() else 0


def test_kill_9_in_the_middle_of_fetches_loses_and_doubles_nothing(tmp_path: Path, site: NewsSite) -> None:
    """Killed right after an article file lands (before or during its state commit), again later, and once
    during the reindex: the next run finishes, every story once in the corpus, the index and the state."""
    stories = generated_stories(14)
    settings = make_settings(tmp_path, [("bulk", serve(site, stories, delay=0.1))])
    log = tmp_path / "embed.log"
    env = env_for(settings, FAKE_EMBED_DELAY="0.5", FAKE_EMBED_LOG=str(log))
    for wait_for in ("a new file", "a new file", "a new file", "the reindex"):
        before = _feed_files(settings)
        process = subprocess.Popen([sys.executable, str(FAKE_CLI), "fetch"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if wait_for == "a new file" and _feed_files(settings) > before:
                break
            if wait_for == "the reindex" and log.exists():
                break
            time.sleep(0.005)
        assert process.poll() is None, f"the fetch ended before {wait_for}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        if wait_for == "a new file":
            assert 0 < _feed_files(settings) < len(stories)  # killed half-way
    done = run_cli(["fetch"], env=env_for(settings))
    assert done.returncode == 0, done.stderr

    articles = [a for a in load_corpus(settings.corpus_dir).articles if a.id.startswith("_feeds/")]
    urls = Counter(a.url for a in articles)
    assert sorted(urls) == sorted(f"{site.url}/news/{s.slug}" for s in stories)
    assert set(urls.values()) == {1}
    assert sorted(CountingIndex(settings).documents()) == sorted(a.id for a in articles)
    state = IntakeState(settings.intake_state_path)
    try:
        assert state.article_count() == len(stories) and not state.reindex_pending()
    finally:
        state.close()
    later = run_cli(["fetch"], env=env_for(settings))
    assert "bulk: 0 new, 0 updated, 0 duplicate" in later.stdout or "bulk: not modified" in later.stdout


@pytest.mark.slow
def test_a_fetched_article_is_answered_by_newsbot_ask_with_the_bundled_model(
    tmp_path: Path, site: NewsSite, models_dir: Path
) -> None:
    corpus, data = seed_and_news_corpus(tmp_path, models_dir, news_articles=4)
    settings = make_settings(tmp_path, [("Θεσσαλία", serve(site, list(STORIES)))],
                             NEWSBOT_CORPUS_DIR=corpus, NEWSBOT_DATA_DIR=data)
    env = env_for(settings)
    fetched = run_cli(["fetch"], fake=False, env=env, timeout=300)
    assert fetched.returncode == 0, fetched.stderr
    asked = run_cli(["ask", "--json", "Πόσο κοστίζει το νέο δίκτυο ύδρευσης της Λάρισας;"], fake=False, env=env,
                    timeout=300)
    answer = json.loads(asked.stdout)
    assert not answer["abstained"], answer
    assert "18,4" in answer["answer"]
    assert f"{site.url}/news/{STORIES[0].slug}" in [c["url"] for c in answer["citations"]]
