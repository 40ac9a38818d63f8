"""`make bench` (news intake, issue 20): extraction on the fixture pages, time from an article appearing
in a feed to answerable, articles per minute fetched and indexed, and what a second run over unchanged
feeds costs. Everything runs against the local news site of the tests (tests/news_site.py, original
Greek stories in realistic news-site HTML), with the bundled model.

    .venv/bin/python benchmarks/fetch.py [--output BENCHMARKS.md] [--articles 60] [--rounds 3] [--quick]

Targets (issue 20): >= 95 % of article sentences recovered with <= 5 % boilerplate; a new article
answerable <= 60 s after it appears (one source, 15 s interval, 2 cores); a second run over unchanged
feeds sends only conditional requests and embeds nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import trafilatura  # noqa: E402
from lxml import html as lxml_html  # noqa: E402
from news_site import Item, NewsSite, Resource, article_html, page, robots, rss  # noqa: E402
from news_stories import BOILERPLATE, STORIES, Story, generated_stories  # noqa: E402

from benchmarks.common import CACHE, MODELS_CACHE, clean_environment, fmt, median, replace_block, table  # noqa: E402
from bot.app import Newsbot  # noqa: E402
from index.reindex import Summary  # noqa: E402
from index.settings import Settings  # noqa: E402
from intake.extract import extract_article  # noqa: E402
from intake.run import fetch_once  # noqa: E402

START, END = "<!-- fetch:start -->", "<!-- fetch:end -->"
SEED = REPO / "corpus" / "000_1ed5aa9ce87cdf07.txt"
RSS = "application/rss+xml"
INTERVAL = 15.0
CAVEAT = (
    "Caveat: the pages are this project's own fixtures, and the ad-container pruning was added after the div"
    " template let its inline ad through (4 of 6 stories); real sites will score lower, and these figures say"
    " only that the pipeline keeps the article and drops the usual boilerplate of these two layouts."
)

# The new article of each latency round and a question only it answers (with what the answer must hold).
LATENCY_CASES: tuple[tuple[Story, str, str], ...] = (
    (STORIES[0], "Πόσο κοστίζει το νέο δίκτυο ύδρευσης της Λάρισας;", "18,4"),
    (STORIES[2], "Πότε χρονολογείται το μινωικό εργαστήριο κεραμικής στις Αρχάνες;", "1700"),
    (STORIES[3], "Πόσους κύκλους φόρτισης άντεξαν τα ηλεκτρόδια από πυρήνα ελιάς;", "δύο χιλιάδες"),
)
ALREADY_THERE = (STORIES[1], STORIES[4], STORIES[5])


def _words(text: str) -> str:
    return " ".join(text.split())


# --- extraction ----------------------------------------------------------------------------------


def _whole_page(page_bytes: bytes, url: str) -> str:
    return str(lxml_html.fromstring(page_bytes).body.text_content())


def _trafilatura_defaults(page_bytes: bytes, url: str) -> str:
    return trafilatura.extract(page_bytes, url=url) or ""


def _intake(page_bytes: bytes, url: str) -> str:
    found = extract_article(page_bytes, url)
    return found.text if found else ""


def extraction(targets: list[tuple[str, str, str]]) -> list[str]:
    stories = list(STORIES) + generated_stories(12)
    pages = [(story, template, article_html(story, related=[s for s in STORIES if s is not story][:3],
                                            template=template))
             for story in stories for template in ("semantic", "divs")]
    methods: list[tuple[str, Callable[[bytes, str], str]]] = [
        ("intake (trafilatura, comments off, ad containers pruned)", _intake),
        ("trafilatura.extract defaults", _trafilatura_defaults),
        ("baseline: the whole page's text", _whole_page),
    ]
    rows = []
    for name, method in methods:
        sentences = recovered = chars = boiler_chars = leaked_pieces = pieces = 0
        for story, _template, page_bytes in pages:
            text = _words(method(page_bytes, "https://news.example.gr/news/a"))
            sentences += len(story.sentences)
            recovered += sum(1 for s in story.sentences if s in text)
            chars += len(text)
            for piece in BOILERPLATE:
                if piece == story.title:
                    continue
                pieces += 1
                if piece in text:
                    leaked_pieces += 1
                    boiler_chars += len(piece) * text.count(piece)
        rows.append((name, f"{recovered / sentences:.1%}", f"{boiler_chars / max(chars, 1):.1%}",
                     f"{leaked_pieces}/{pieces}"))
        if method is _intake:
            met = recovered / sentences >= 0.95 and boiler_chars / max(chars, 1) <= 0.05
            targets.append((">= 95 % of article sentences recovered, <= 5 % boilerplate",
                            f"{recovered / sentences:.1%} recovered, {boiler_chars / max(chars, 1):.1%} boilerplate",
                            "met" if met else "**not met**"))
    summary = [_words(s.paragraphs[0][0]) for s in stories]  # what the feeds' <description> carries
    rows.append(("baseline: the feed's summary only", f"{len(summary) / sum(len(s.sentences) for s in stories):.1%}",
                 "0.0%", "0/0"))
    return [
        f"Pages: {len(STORIES)} written stories + 12 recombined ones, each in two templates (HTML5 article/nav/aside"
        " and a div soup without semantic tags): menus, cookie banner, ads (one inside the text), related links,"
        f" newsletter box, comments, footer; {len(pages)} pages, {sum(len(s.sentences) for s, _, _ in pages)}"
        " article sentences.",
        "",
        *table(["method", "article sentences recovered", "boilerplate share of the text",
                "boilerplate pieces let through"], rows),
        "",
        CAVEAT,
    ]


# --- workspaces ----------------------------------------------------------------------------------


def _workspace(name: str, feeds: list[tuple[str, str]], **extra: object) -> Settings:
    root = CACHE / "runs" / name
    if root.exists():
        shutil.rmtree(root)
    (root / "corpus").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(SEED, root / "corpus" / SEED.name)
    MODELS_CACHE.mkdir(parents=True, exist_ok=True)
    (root / "data" / "models").symlink_to(MODELS_CACHE, target_is_directory=True)
    (root / "feeds.toml").write_text("".join(f'[[source]]\nname = "{n}"\nurl = "{u}"\n\n' for n, u in feeds),
                                     encoding="utf-8")
    values: dict[str, object] = {
        "NEWSBOT_DATA_DIR": str(root / "data"), "NEWSBOT_CORPUS_DIR": str(root / "corpus"),
        "NEWSBOT_FEEDS": str(root / "feeds.toml"), "NEWSBOT_FETCH_ALLOW_PRIVATE": "true",
        "NEWSBOT_FETCH_HOST_GAP": "0", **{k: str(v) for k, v in extra.items()},
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg,arg-type]


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ, "NEWSBOT_DATA_DIR": str(settings.data_dir), "NEWSBOT_CORPUS_DIR": str(settings.corpus_dir),
        "NEWSBOT_FEEDS": str(settings.feeds), "NEWSBOT_FETCH_ALLOW_PRIVATE": "true",
        "NEWSBOT_FETCH_HOST_GAP": "0", "PYTHONPATH": str(REPO),
    }


def _serve_feed(site: NewsSite, stories: list[Story], version: int) -> None:
    site.routes["/rss"] = Resource(rss([Item(f"{site.url}/news/{s.slug}", s) for s in stories]),
                                   content_type=RSS, etag=f'"rss-{version}"')


# --- throughput and the second run ---------------------------------------------------------------


def throughput(articles: int, targets: list[tuple[str, str, str]]) -> list[str]:
    stories = generated_stories(articles)
    with NewsSite() as site:
        site.routes["/robots.txt"] = robots()
        for story in stories:
            site.routes[f"/news/{story.slug}"] = page(story)
        _serve_feed(site, stories, 1)
        settings = _workspace("fetch-throughput", [("bulk", f"{site.url}/rss")], NEWSBOT_FETCH_MAX_ENTRIES=articles)
        bot = Newsbot(settings)
        started = time.perf_counter()
        bot.load_model()
        load_s = time.perf_counter() - started
        timings: dict[str, float] = {}
        embedded: list[int] = []

        def timed_reindex() -> Summary:
            began = time.perf_counter()
            summary = bot.reindex()
            timings["reindex"] = time.perf_counter() - began
            embedded.append(summary.embedded)
            return summary

        began = time.perf_counter()
        first = fetch_once(settings, reindex=timed_reindex)
        total = time.perf_counter() - began
        before = len(site.requests)
        began = time.perf_counter()
        second = fetch_once(settings, reindex=timed_reindex)
        second_s = time.perf_counter() - began
        later = site.requests[before:]
    conditional = sum(1 for r in later if "if-none-match" in r.headers or "if-modified-since" in r.headers)
    new = len(first.new_articles)
    fetch_s = total - timings.get("reindex", 0.0)
    quiet = conditional == len(later) and not second.reindexed
    targets.append(("a second run over unchanged feeds: only conditional requests, nothing embedded",
                    f"{conditional}/{len(later)} conditional, reindex {'run' if second.reindexed else 'not run'}",
                    "met" if quiet else "**not met**"))
    return [
        f"One RSS source with {articles} new articles on the local server (host gap 0; the default 1 s gap"
        " alone would cap one host at 60 pages a minute), the bundled model loaded beforehand"
        f" ({load_s:.1f} s, not counted), {platform.machine()} with {os.cpu_count()} CPUs:",
        "",
        *table(["step", "seconds", "articles per minute"], [
            ("fetch + extract + write (pages, robots.txt, feed)", fmt(fetch_s, 1), f"{new / fetch_s * 60:.0f}"),
            (f"reindex (embed {embedded[0] if embedded else 0} chunks)", fmt(timings.get("reindex", 0.0), 1),
             f"{new / max(timings.get('reindex', 1e-9), 1e-9) * 60:.0f}"),
            ("**fetched and indexed, end to end**", fmt(total, 1), f"**{new / total * 60:.0f}**"),
        ]),
        "",
        f"Second run over the unchanged feed: {len(later)} request(s), {conditional} of them conditional"
        f" (answered 304: {'yes' if all(s.not_modified for s in second.sources) else 'no'}), reindex run:"
        f" {'yes' if second.reindexed else 'no'} (chunks embedded: {embedded[1] if len(embedded) > 1 else 0}),"
        f" {second_s:.2f} s.",
    ]


# --- time to answerable --------------------------------------------------------------------------


def latency(rounds: int, targets: list[tuple[str, str, str]]) -> list[str]:
    cases = LATENCY_CASES[:rounds]
    rng = random.Random(20)
    results: list[tuple[str, float]] = []
    with NewsSite() as site:
        site.routes["/robots.txt"] = robots()
        for story in STORIES:
            site.routes[f"/news/{story.slug}"] = page(story)
        shown = list(ALREADY_THERE)
        _serve_feed(site, shown, 0)
        settings = _workspace("fetch-latency", [("Θεσσαλία", f"{site.url}/rss")])
        bot = Newsbot(settings)
        bot.load_model()
        bot.reindex()  # the seed article: an index exists before the loop starts
        loop = subprocess.Popen([sys.executable, "-m", "bot.cli", "fetch", "--every", f"{INTERVAL:g}s"],
                                env=_env(settings), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_pump, args=(loop, lines), daemon=True).start()
        try:
            _wait_for_line(lines, "index updated", 300)  # the first cycle: three articles, the model loaded
            for version, (story, question, expected) in enumerate(cases, start=1):
                time.sleep(rng.uniform(0, INTERVAL))  # appear anywhere in the loop's cycle
                shown.append(story)
                _serve_feed(site, shown, version)
                appeared = time.monotonic()
                url = f"{site.url}/news/{story.slug}"
                while time.monotonic() - appeared < 180:
                    answer = bot.answerer(question)
                    if not answer.abstained and expected in answer.text and url in [c.url for c in answer.citations]:
                        break
                    time.sleep(0.5)
                results.append((story.title, time.monotonic() - appeared))
            asked = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", cases[-1][1]], env=_env(settings),
                                   cwd=REPO, capture_output=True, text=True, timeout=300)
            cli_ok = f"{site.url}/news/{cases[-1][0].slug}" in asked.stdout and cases[-1][2] in asked.stdout
        finally:
            loop.terminate()
            loop.wait(30)
    seconds = [s for _, s in results]
    targets.append((f"a new article answerable <= 60 s after it appears (one source, {INTERVAL:g} s interval)",
                    f"median {fmt(median(seconds), 1)} s, worst {fmt(max(seconds), 1)} s",
                    "met" if max(seconds) <= 60 and cli_ok else "**not met**"))
    return [
        f"`newsbot fetch --every {INTERVAL:g}s` (one source) runs in a subprocess; each new article is added to the"
        " feed at a random moment of the loop's cycle; the clock stops when the answer to a question only it answers"
        " (asked in-process every 0.5 s, like the Telegram bot, which picks up the loop's reindex in the background)"
        " holds the expected words and cites the article's canonical URL.",
        "",
        *table(["new article", "seconds from in the feed to answerable"], [(t, fmt(s, 1)) for t, s in results]),
        "",
        f"Median {fmt(median(seconds), 1)} s, worst {fmt(max(seconds), 1)} s (target <= 60 s). `newsbot ask --json`"
        f" in a fresh process then answers the last question citing the canonical URL: {'yes' if cli_ok else 'NO'}.",
    ]


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    for line in process.stdout or ():
        lines.put(line)


def _wait_for_line(lines: queue.Queue[str], needle: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if needle in lines.get(timeout=1):
                return
        except queue.Empty:
            continue
    raise TimeoutError(f"no '{needle}' from the fetch loop in {timeout:g} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="write the section into this Markdown file (BENCHMARKS.md)")
    parser.add_argument("--articles", type=int, default=60, help="articles in the throughput run")
    parser.add_argument("--rounds", type=int, default=3, choices=(1, 2, 3), help="new articles timed to answerable")
    parser.add_argument("--quick", action="store_true", help="extraction only (no model)")
    args = parser.parse_args()
    clean_environment()
    targets: list[tuple[str, str, str]] = []
    sections = ["### Extraction (the fixture pages)", "", *extraction(targets)]
    if not args.quick:
        sections += ["", "### Articles per minute, and the second run", "", *throughput(args.articles, targets)]
        sections += ["", "### From the feed to answerable", "", *latency(args.rounds, targets)]
    sections = [*table(["target (issue 20)", "measured", "status"], targets), "", *sections]
    block = "\n".join([START, "## News intake (issue 20, `benchmarks/fetch.py`)", "",
                       f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at start"
                       f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (shared machine: timings are noisy)."
                       " Baselines: trafilatura's defaults and the whole page's text for extraction;"
                       " for speed, the same run's own steps.", "",
                       *sections, END])
    print(block)
    if args.output:
        replace_block(args.output, START, END, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
