"""Load test: N concurrent Telegram chats against the real bot, through the fake Bot API server.

The real front end (bot.telegram.app: python-telegram-bot, long polling, its rate limiter and
worker pool) answers with the real Answerer (retrieval + extractive answers, or the generative
backend on a stub LLM that takes 2 s a reply) over HTTP on 127.0.0.1. Every chat asks its
questions one after another; all chats run at once. For every question the script checks that
exactly one final reply reached the right chat, intact (the same text the answer function
produced for that question, valid Telegram HTML), and that none was lost or sent twice; it
reports throughput and p50/p95 latency from the update being queued to the final reply.

    .venv/bin/python benchmarks/load.py [--chats 50] [--rounds 1] [--backend extractive|slow-llm|both]
                                        [--embedder bundled|fake] [--data-dir DIR] [--json FILE]

The bundled model needs an index of the shipped corpus: it is built once in --data-dir
(default .newsbot/load-bench, about a minute and a half on two cores) and reused afterwards.
Exit status 1 when any answer was lost, duplicated or wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from fake_bot_api import FakeBotAPI, check_telegram_html  # noqa: E402
from openai_stub import OpenAIStub  # noqa: E402

from bot.answering.answerer import Answerer  # noqa: E402
from bot.app import Newsbot  # noqa: E402
from bot.telegram.app import build_application, running  # noqa: E402
from bot.telegram.formatting import render_answer  # noqa: E402
from bot.types import Answer, PartialTextCallback, Turn  # noqa: E402
from index.corpus import load_corpus  # noqa: E402
from index.embedding import Embedder  # noqa: E402
from index.settings import Settings  # noqa: E402

TOKEN = "123456:load-test-token"
CHAT_BASE = 700_000
LLM_DELAY = 2.0


@dataclass
class Result:
    backend: str
    chats: int
    questions: int
    answered: int
    lost: int
    duplicated: int
    wrong: int
    abstained: int
    answer_seconds_mean: float
    seconds: float
    throughput: float
    p50: float
    p95: float
    max: float


class RecordingAnswerer:
    """The real answer function, recording what each question's final reply must be."""

    def __init__(self, answerer: Answerer) -> None:
        self._answerer = answerer
        self._lock = threading.Lock()
        self.expected: dict[str, list[str]] = {}
        self.calls: Counter[str] = Counter()
        self.abstained = 0
        self.answer_seconds: list[float] = []

    def __call__(
        self, question: str, history: Sequence[Turn] = (), on_partial: PartialTextCallback | None = None
    ) -> Answer:
        answer = self._answerer(question, history, on_partial)
        with self._lock:
            self.calls[question] += 1
            self.expected[question] = render_answer(answer)
            self.abstained += answer.abstained
            self.answer_seconds.append(answer.seconds)
        return answer


def questions_from_corpus(corpus: Path, count: int) -> list[str]:
    """Distinct questions: the first sentence of each article, as asked about."""
    articles = load_corpus(corpus).articles
    questions = []
    for article in articles:
        words = article.text.split()[:12]
        questions.append("Τι αναφέρεται για: " + " ".join(words) + ";")
    return [questions[i % len(questions)] for i in range(count)]


def update(chat_id: int, message_id: int, text: str) -> dict[str, Any]:
    return {
        "message": {
            "message_id": message_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": f"U{chat_id}", "language_code": "el"},
        }
    }


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def drive(
    settings: Settings,
    answerer: Answerer,
    backend: str,
    chats: int,
    rounds: int,
    questions: list[str],
    within: float,
) -> Result:
    recorder = RecordingAnswerer(answerer)
    with FakeBotAPI(TOKEN) as api:
        bot_settings = Settings(
            **{  # type: ignore[arg-type]
                **settings.model_dump(by_alias=True, exclude_none=True),
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_RATE_LIMIT": 1000,
                "NEWSBOT_DATA_DIR": tempfile.mkdtemp(prefix="newsbot-load-"),
            }
        )
        app = build_application(bot_settings, recorder, lambda: "reindex is not part of the load test")
        latencies: list[float] = []
        lost = 0
        message_ids = iter(range(1, 10**9))
        async with running(app, bot_settings):
            started = time.monotonic()
            deadline = started + within

            async def one_chat(n: int) -> None:
                nonlocal lost
                chat_id = CHAT_BASE + n
                for r in range(rounds):
                    question = questions[(n * rounds + r) % len(questions)]
                    pushed = time.monotonic()
                    api.push_update(update(chat_id, next(message_ids), question))
                    while time.monotonic() < deadline:
                        parts = recorder.expected.get(question)
                        if parts:
                            final = [
                                c for c in api.sent(chat_id) if c.at >= pushed and c.params.get("text") == parts[-1]
                            ]
                            if final:
                                latencies.append(final[0].at - pushed)
                                break
                        await asyncio.sleep(0.02)
                    else:
                        lost += 1
                        return

            await asyncio.gather(*(one_chat(n) for n in range(chats)))
            seconds = time.monotonic() - started
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        duplicated = wrong = 0
        for n in range(chats):
            chat_id = CHAT_BASE + n
            asked = [questions[(n * rounds + r) % len(questions)] for r in range(rounds)]
            sends = [
                c.params.get("text", "") for c in api.calls_of("sendMessage") if c.params.get("chat_id") == chat_id
            ]
            finals = [c.params.get("text", "") for c in api.sent(chat_id)]
            expected_sends = sum(len(recorder.expected.get(q, [""])) for q in asked)
            duplicated += max(0, len(sends) - expected_sends)
            for question in asked:
                parts = recorder.expected.get(question)
                if parts is None or finals.count(parts[-1]) < asked.count(question):
                    wrong += 1
                    continue
                for part in parts:
                    check_telegram_html(part)
            foreign = {c.params.get("text") for c in api.sent(chat_id)} - {
                p for q in asked for p in recorder.expected.get(q, [])
            }
            # streamed partials are not final answers; a final answer of another chat's question is wrong
            others = {p for q, ps in recorder.expected.items() if q not in asked for p in ps[-1:]}
            wrong += len(foreign & others)
        answered = len(latencies)
        total = chats * rounds
        calls_ok = sum(recorder.calls.values()) == total
        if not calls_ok:
            duplicated += max(0, sum(recorder.calls.values()) - total)
        return Result(
            backend=backend,
            chats=chats,
            questions=total,
            answered=answered,
            lost=total - answered,
            duplicated=duplicated,
            wrong=wrong,
            abstained=recorder.abstained,
            answer_seconds_mean=round(statistics.fmean(recorder.answer_seconds or [0.0]), 3),
            seconds=round(seconds, 2),
            throughput=round(answered / seconds, 2) if seconds else 0.0,
            p50=round(percentile(latencies, 0.5), 3),
            p95=round(percentile(latencies, 0.95), 3),
            max=round(max(latencies, default=float("nan")), 3),
        )


def build_bot(settings: Settings, embedder: Embedder | None) -> Newsbot:
    """The product's own wiring, indexed; ``embedder`` (a fake) replaces the model when given."""
    bot = Newsbot(settings)
    if embedder is not None:
        bot.__dict__["embedder"] = embedder  # the cached_property's slot: the bot never loads the model
    started = time.perf_counter()
    summary = bot.reindex()
    print(f"index: {summary.describe()} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    bot.load_model()  # as `newsbot telegram` does before it serves: no chat waits for the model to load
    return bot


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=1, help="questions per chat, one after another")
    parser.add_argument("--backend", choices=["extractive", "slow-llm", "both"], default="both")
    parser.add_argument("--embedder", choices=["bundled", "fake"], default="bundled")
    parser.add_argument("--data-dir", type=Path, default=REPO / ".newsbot" / "load-bench")
    parser.add_argument("--within", type=float, default=300.0, help="time bound of one run, seconds")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if not 1 <= args.chats <= 500 or not 1 <= args.rounds <= 20:
        parser.error("--chats must be 1..500 and --rounds 1..20")
    logging.basicConfig(level=logging.WARNING)

    fake: Embedder | None = None
    data_dir = args.data_dir
    if args.embedder == "fake":
        from fakes import CountingEmbedder

        fake = CountingEmbedder()
        data_dir = Path(tempfile.mkdtemp(prefix="newsbot-load-index-"))
    settings = Settings(NEWSBOT_DATA_DIR=str(data_dir), NEWSBOT_CORPUS_DIR=str(REPO / "corpus"))  # type: ignore[call-arg,arg-type]
    bot = build_bot(settings, fake)
    questions = questions_from_corpus(settings.corpus_dir, args.chats * args.rounds)

    results: list[Result] = []
    backends = ["extractive", "slow-llm"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "extractive":
            answerer = bot.answerer
            results.append(
                asyncio.run(drive(settings, answerer, backend, args.chats, args.rounds, questions, args.within))
            )
            continue
        from bot.answering.generative import GenerativeBackend

        with OpenAIStub(reply="Σύμφωνα με τα άρθρα, αυτό αναφέρεται στην πηγή [1].", delay=LLM_DELAY) as stub:
            llm = Settings(
                NEWSBOT_LLM_BASE_URL=stub.base_url,
                NEWSBOT_LLM_MODEL="stub",  # type: ignore[call-arg]
                NEWSBOT_LLM_TIMEOUT=30,
            )
            answerer = Answerer(bot.retriever, bot.embedder, bot.answerer.policy, GenerativeBackend(llm))
            results.append(
                asyncio.run(drive(settings, answerer, backend, args.chats, args.rounds, questions, args.within))
            )

    print(
        "| backend | chats | questions | answered | lost | duplicated | wrong | abstained | "
        "answer fn s (mean) | wall s | answers/s | p50 s | p95 s | max s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r.backend} | {r.chats} | {r.questions} | {r.answered} | {r.lost} | {r.duplicated} | "
            f"{r.wrong} | {r.abstained} | {r.answer_seconds_mean} | {r.seconds} | {r.throughput} | "
            f"{r.p50} | {r.p95} | {r.max} |"
        )
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    failed = any(r.lost or r.duplicated or r.wrong or r.answered != r.questions for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
