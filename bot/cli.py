"""`newsbot`: reindex, search, ask, repl, telegram, fetch and feeds. Validates input; the library does the work."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.app import Newsbot
from bot.terminal.render import answer_json, answer_text, hit_json, hit_text
from index.errors import ConfigError, FetchBusyError, IndexBusyError, ModelError, NewsbotError, StoreError
from index.settings import Settings, load_settings, parse_duration

EXIT_USAGE = 2
# `ask -` answers this many lines at a time (printed in the order asked): questions that arrive
# together are embedded in one call (index/embedding.py QueryBatcher).
ASK_LINES_AT_ONCE = 4
FETCH_BAR_FROM = 10  # article pages from which a fetch shows a progress bar (a first fetch, typically)
EXIT_DAMAGED = 1  # `newsbot check` found a problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Answers questions about news articles, citing them.")
    parser.add_argument("--corpus-dir", help="folder of articles (NEWSBOT_CORPUS_DIR)")
    parser.add_argument("--data-dir", help="index, model and state folder (NEWSBOT_DATA_DIR)")
    parser.add_argument("--model", help="embedding model (NEWSBOT_EMBEDDING_MODEL)")
    parser.add_argument("--chroma-url", help="Chroma server URL (NEWSBOT_CHROMA_URL)")
    parser.add_argument("--today", help="YYYY-MM-DD that 'yesterday', 'last week' count from (NEWSBOT_TODAY)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("reindex", help="bring the index up to date with the corpus (and repair it)")
    commands.add_parser("check", help="check the index's integrity; exit 1 on any problem")

    search = commands.add_parser("search", help="print the best chunks for a query")
    search.add_argument("-k", type=int, default=5, help="how many chunks (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("query", help="the query, or - to read one query a line from stdin (JSON lines)")

    ask = commands.add_parser("ask", help="answer one question with citations")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("question", help="the question, or - to read one a line from stdin (JSON lines)")

    fetch = commands.add_parser("fetch", help="fetch the news sources of the feeds file (NEWSBOT_FEEDS) and index them")
    fetch.add_argument("--every", help="keep fetching, this often (e.g. 15m, 1h); Ctrl-C stops")

    feeds = commands.add_parser("feeds", help="import or export the news sources as OPML")
    feeds_commands = feeds.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    feeds_import = feeds_commands.add_parser("import", help="add the feeds of an OPML file to the feeds file")
    feeds_import.add_argument("file", help="an OPML subscription list")
    feeds_commands.add_parser("export", help="print the feeds file as OPML")

    commands.add_parser("repl", help="chat in the terminal")
    commands.add_parser("telegram", help="run the Telegram bot")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        corpus_dir=args.corpus_dir, data_dir=args.data_dir, embedding_model=args.model, chroma_url=args.chroma_url,
        today=args.today,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cmd_reindex(bot: Newsbot) -> int:
    summary = bot.reindex()
    for problem in summary.problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(summary.describe())
    return 0


def _cmd_check(bot: Newsbot) -> int:
    report = bot.check()
    print(report.describe())
    return 0 if report.ok else EXIT_DAMAGED


def _cmd_search(bot: Newsbot, args: argparse.Namespace) -> int:
    if args.k < 1 or args.k > 100:
        raise ConfigError("-k must be between 1 and 100")
    queries = _lines(sys.stdin.read()) if args.query == "-" else [args.query]
    for query in queries:
        started = time.perf_counter()
        hits = bot.retriever.search(query, args.k)
        seconds = time.perf_counter() - started
        if args.json or args.query == "-":
            print(json.dumps({"query": query, "hits": [hit_json(h) for h in hits], "seconds": round(seconds, 4)},
                             ensure_ascii=False), flush=True)
        else:
            print("\n".join(hit_text(h) for h in hits) or "No match.")
    return 0


def _cmd_ask(bot: Newsbot, args: argparse.Namespace) -> int:
    answerer = bot.answerer  # built once, before threads share it
    if args.question != "-":
        if not args.question.strip():
            raise ConfigError("the question is empty")
        answer = answerer(args.question[: bot.settings.max_question_chars])
        print(json.dumps(answer_json(answer), ensure_ascii=False) if args.json else answer_text(answer))
        return 0
    questions = [q[: bot.settings.max_question_chars] for q in _lines(sys.stdin.read())]
    with ThreadPoolExecutor(ASK_LINES_AT_ONCE, thread_name_prefix="newsbot-ask") as pool:
        for answer in pool.map(answerer, questions):
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
    return 0


class _FetchProgress:
    """A progress bar over the article pages of a long fetch (a first one), on a terminal only."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and total >= FETCH_BAR_FROM and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="page", desc="Fetching articles", file=sys.stderr, leave=False)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
            if done >= total:
                self._bar.close()
                self._bar = None


def _cmd_fetch(bot: Newsbot, args: argparse.Namespace) -> int:
    from intake.run import fetch_once

    try:
        every = parse_duration(args.every) if args.every else None
    except ValueError as exc:
        raise ConfigError(f"--every: {exc}") from None
    while True:
        try:
            report = fetch_once(bot.settings, progress=_FetchProgress(), reindex=bot.reindex)
        except FetchBusyError as exc:
            if every is None:
                raise
            print(f"newsbot: {exc}", file=sys.stderr)
        else:
            print("\n".join(report.lines()), flush=True)
            if every is None:
                return 1 if report.all_failed else 0
        time.sleep(every)


def _cmd_feeds(settings: Settings, args: argparse.Namespace) -> int:
    from intake.sources import import_opml, load_sources, opml_text

    if args.feeds_command == "export":
        loaded = load_sources(settings.feeds)
        for problem in loaded.problems:
            print(f"skipped {problem}", file=sys.stderr)
        sys.stdout.write(opml_text(loaded.sources))
        return 0
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    added, notes = import_opml(settings.feeds, data)
    for note in notes:
        print(f"skipped {note}", file=sys.stderr)
    print(f"added {len(added)} source(s) to {settings.feeds}" + "".join(f"\n  {s.name}: {s.url}" for s in added))
    return 0


def _cmd_repl(bot: Newsbot) -> int:
    from bot.terminal.repl import run_repl

    bot.retriever.current()  # fail now, with a clear line, if there is no index
    return run_repl(bot.answerer, lambda: bot.reindex().describe(),
                    history_file=bot.settings.data_dir / "repl_history")


def _cmd_telegram(bot: Newsbot) -> int:
    from bot.telegram.app import run_telegram

    if bot.settings.telegram_token is None:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (put it in .env or the environment)")
    bot.retriever.current()  # the model loads and the index answers before the bot goes online
    return run_telegram(bot.settings, bot.answerer, lambda: bot.reindex().describe(),
                        status_fn=lambda: bot.check().describe(), intake=bot.intake_tools())


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # at INFO it logs URLs with the bot token
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        if args.command == "feeds":
            return _cmd_feeds(_settings(args), args)
        bot = Newsbot(_settings(args))
        if bot.settings.chroma_url:
            bot.store.heartbeat()  # an unreachable server is one line now, not after the model loads
        if args.command == "reindex":
            return _cmd_reindex(bot)  # loads the model only if something changed
        if args.command == "fetch":
            return _cmd_fetch(bot, args)  # likewise: the model loads only when an article arrived
        if args.command == "check":
            return _cmd_check(bot)  # never loads the model
        bot.load_model()
        if args.command == "search":
            return _cmd_search(bot, args)
        if args.command == "ask":
            return _cmd_ask(bot, args)
        if args.command == "repl":
            return _cmd_repl(bot)
        return _cmd_telegram(bot)
    except (ConfigError, ModelError, StoreError) as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (IndexBusyError, FetchBusyError) as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 3
    except NewsbotError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nnewsbot: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
