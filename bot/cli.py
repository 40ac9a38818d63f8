"""`newsbot`: reindex, search, ask, repl and telegram. Validates input; the library does the work."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from bot.app import Newsbot
from bot.terminal.render import answer_json, answer_text, hit_json, hit_text
from index.errors import ConfigError, IndexBusyError, ModelError, NewsbotError, StoreError
from index.settings import Settings, load_settings

EXIT_USAGE = 2
# `ask -` answers this many lines at a time (printed in the order asked): questions that arrive
# together are embedded in one call (index/embedding.py QueryBatcher).
ASK_LINES_AT_ONCE = 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Answers questions about news articles, citing them.")
    parser.add_argument("--corpus-dir", help="folder of articles (NEWSBOT_CORPUS_DIR)")
    parser.add_argument("--data-dir", help="index, model and state folder (NEWSBOT_DATA_DIR)")
    parser.add_argument("--model", help="embedding model (NEWSBOT_EMBEDDING_MODEL)")
    parser.add_argument("--chroma-url", help="Chroma server URL (NEWSBOT_CHROMA_URL)")
    parser.add_argument("--today", help="YYYY-MM-DD that 'yesterday', 'last week' count from (NEWSBOT_TODAY)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("reindex", help="bring the index up to date with the corpus")

    search = commands.add_parser("search", help="print the best chunks for a query")
    search.add_argument("-k", type=int, default=5, help="how many chunks (default 5)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("query", help="the query, or - to read one query a line from stdin (JSON lines)")

    ask = commands.add_parser("ask", help="answer one question with citations")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("question", help="the question, or - to read one a line from stdin (JSON lines)")

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
    return run_telegram(bot.settings, bot.answerer, lambda: bot.reindex().describe())


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # at INFO it logs URLs with the bot token
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        bot = Newsbot(_settings(args))
        if bot.settings.chroma_url:
            bot.store.heartbeat()  # an unreachable server is one line now, not after the model loads
        if args.command == "reindex":
            return _cmd_reindex(bot)  # loads the model only if something changed
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
    except IndexBusyError as exc:
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
