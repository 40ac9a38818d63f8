"""The intake's pure parts on plain data: extraction, canonical URLs, feeds, sources, Retry-After."""

from __future__ import annotations

from pathlib import Path

import pytest
from news_site import Item, article_html, atom, category_html, news_sitemap, rss
from news_stories import BOILERPLATE, STORIES, generated_stories

from intake.extract import extract_article, fingerprint, similarity
from intake.feeds import FeedError, read_feed
from intake.http import parse_retry_after
from intake.sources import Source, load_sources, opml_text, read_opml, sources_toml
from intake.urls import canonical_url, page_canonical


@pytest.mark.parametrize("template", ["semantic", "divs"])
@pytest.mark.parametrize("story", STORIES, ids=[s.slug for s in STORIES])
def test_extraction_keeps_every_sentence_and_no_boilerplate(story, template: str) -> None:  # type: ignore[no-untyped-def]
    others = [s for s in STORIES if s is not story][:3]
    found = extract_article(article_html(story, related=others, template=template), "https://x.gr/news/a")
    assert found is not None
    text = " ".join(found.text.split())
    assert [s for s in story.sentences if s not in text] == []
    assert [b for b in BOILERPLATE if b != story.title and b in text] == []
    assert (found.title, found.date, found.lang) == (story.title, story.date, "el")


def test_a_section_page_is_not_an_article() -> None:
    assert extract_article(category_html(), "https://x.gr/category/2") is None
    assert extract_article(b"<html><body><p>Short.</p></body></html>", "https://x.gr/a") is None


def test_fingerprints_tell_the_same_text_from_another() -> None:
    a, b = STORIES[0].text, STORIES[1].text
    assert similarity(fingerprint(a), fingerprint(a + " ")) == 1.0
    assert similarity(fingerprint(a), fingerprint(b)) < 0.9
    marks = [fingerprint(s.text) for s in generated_stories(40)]
    assert max(similarity(x, y) for i, x in enumerate(marks) for y in marks[i + 1:]) < 0.95


@pytest.mark.parametrize(("url", "expected"), [
    ("https://Www.Example.gr/a/b?utm_source=tw&id=3&utm_medium=x#top", "https://www.example.gr/a/b?id=3"),
    ("https://example.gr/a?fbclid=abc", "https://example.gr/a"),
    ("https://example.gr:443/a?b=2&a=1", "https://example.gr/a?a=1&b=2"),
])
def test_canonical_urls_drop_tracking_and_fragments(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_a_page_may_only_name_its_own_site_canonical() -> None:
    assert page_canonical("https://x.gr/print/1", "/news/1") == "https://x.gr/news/1"
    assert page_canonical("https://www.x.gr/print/1", "https://x.gr/news/1") == "https://x.gr/news/1"
    assert page_canonical("https://x.gr/print/1", "https://other.gr/news/1") == "https://x.gr/print/1"
    assert page_canonical("https://x.gr/print/1", "javascript:alert(1)") == "https://x.gr/print/1"


def test_rss_atom_and_news_sitemap_give_the_same_entries() -> None:
    items = [Item(f"https://x.gr/news/{s.slug}", s) for s in STORIES[:3]]
    for body in (rss(items), atom(items), news_sitemap(items)):
        read = read_feed(body, "https://x.gr/feed")
        assert [e.url for e in read.entries] == [i.link for i in reversed(items)]  # newest first
        assert [e.date for e in read.entries] == [s.date for s in reversed(STORIES[:3])]
        assert read.note is None


def test_relative_links_resolve_and_other_schemes_are_dropped() -> None:
    body = rss([Item("/news/a", STORIES[0]), Item("javascript:alert(1)", STORIES[1])])
    assert [e.url for e in read_feed(body, "https://x.gr/feed/").entries] == ["https://x.gr/news/a"]


def test_a_sitemap_index_is_named_with_its_news_sitemaps() -> None:
    body = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>https://x.gr/sitemap-pages.xml</loc></sitemap>"
            b"<sitemap><loc>https://x.gr/sitemap-news.xml</loc></sitemap></sitemapindex>")
    with pytest.raises(FeedError, match=r"sitemap index.* 2 sitemaps it lists \(news ones: https://x.gr/sitemap-news.xml\)"):
        read_feed(body, "https://x.gr/sitemap.xml")


def test_an_html_page_given_as_a_feed_names_the_feed_it_advertises() -> None:
    body = (b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
            b"</head><body><p>Home</p></body></html>")
    with pytest.raises(FeedError, match=r"HTML page \(it names a feed: https://x.gr/feed/\)"):
        read_feed(body, "https://x.gr/", "text/html")


def test_an_entity_bomb_in_a_sitemap_is_not_expanded() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.gr/&b;</loc></url></urlset>')
    read = read_feed(bomb, "https://x.gr/sitemap.xml")
    assert all(len(e.url) < 100 for e in read.entries)


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("120", now=0) == 120
    assert parse_retry_after("Thu, 01 Jan 1970 00:10:00 GMT", now=0) == 600
    assert parse_retry_after("soon", now=0) is None and parse_retry_after(None, now=0) is None


def test_sources_file_round_trips_through_toml_and_opml(tmp_path: Path) -> None:
    sources = (Source("Καθημερινή", "https://www.kathimerini.gr/feed/", "el", 1800.0),
               Source('A & "B"', "https://x.org/rss?a=1&b=2"))
    path = tmp_path / "feeds.toml"
    path.write_text(sources_toml(sources), encoding="utf-8")
    assert load_sources(path).sources == sources
    back = read_opml(opml_text(sources).encode())
    assert [(s.name, s.url) for s in back.sources] == [(s.name, s.url) for s in sources]


def test_article_files_are_never_named_like_notices(tmp_path: Path) -> None:
    """The corpus reader skips README/NOTICE/LICENSE files: an article about licence plates must not be one."""
    from index.corpus import load_corpus
    from intake.corpus_files import article_markdown, article_relpath, write_atomically

    for url in ("https://x.gr/news/license-plates-2027", "https://x.gr/readme", "https://x.gr/"):
        relpath = article_relpath("x", url)
        write_atomically(tmp_path / relpath, article_markdown(title="T", date="2026-12-01", source="x", url=url,
                                                              lang="el", author="", text=STORIES[0].text))
    loaded = load_corpus(tmp_path)
    assert sorted(a.url for a in loaded.articles) == ["https://x.gr/", "https://x.gr/news/license-plates-2027",
                                                     "https://x.gr/readme"]


@pytest.mark.parametrize("encoding", ["windows-1253", "iso-8859-7"])
def test_greek_legacy_encodings_from_the_header_the_page_or_the_feed(encoding: str) -> None:
    story = STORIES[0]
    html_text = article_html(story).decode().replace('<meta charset="utf-8">', "")
    legacy = html_text.encode(encoding, errors="xmlcharrefreplace")  # "›" has no byte in ISO-8859-7
    found = extract_article(legacy, "https://x.gr/a", f"text/html; charset={encoding}")
    assert found is not None and story.sentences[0] in " ".join(found.text.split())
    declared = html_text.replace("<head>", f'<head><meta charset="{encoding}">')
    declared = declared.encode(encoding, errors="xmlcharrefreplace")
    found = extract_article(declared, "https://x.gr/a", "text/html")
    assert found is not None and found.title == story.title
    feed = rss([Item("https://x.gr/a", story)]).decode().replace('encoding="UTF-8"', f'encoding="{encoding}"')
    read = read_feed(feed.encode(encoding, errors="xmlcharrefreplace"), "https://x.gr/rss", "application/rss+xml")
    assert read.entries[0].title == story.title and read.note is None
