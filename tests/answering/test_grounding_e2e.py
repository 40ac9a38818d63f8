"""A fabricated name is never sent: the real answerer and model, the stub LLM over HTTP, the REPL."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED_ID, seed_and_news_corpus
from openai_stub import Messages, OpenAIStub

from bot.app import Newsbot
from bot.terminal.repl import run_repl
from index.embedding import Embedder
from index.settings import Settings

pytestmark = pytest.mark.slow
FABRICATED = "Khalifa Belqasem"  # nobody of this name is in the corpus


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(chunk_chars=4) as server:
        yield server


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, models_dir: Path, real_embedder: Embedder, stub: OpenAIStub
) -> Newsbot:
    """The seed article and a dozen news articles, the real model, an LLM at the stub."""
    root = tmp_path_factory.mktemp("grounding")
    corpus, data = seed_and_news_corpus(root, models_dir)
    settings = Settings(  # type: ignore[call-arg]
        NEWSBOT_DATA_DIR=str(data), NEWSBOT_CORPUS_DIR=str(corpus),
        NEWSBOT_LLM_BASE_URL=stub.base_url, NEWSBOT_LLM_MODEL="stub",
    )
    newsbot = Newsbot(settings)
    newsbot.__dict__["embedder"] = real_embedder  # loaded once per session
    newsbot.reindex()
    return newsbot


def seed_number(messages: Messages) -> int:
    """The number under which the prompt lists the seed article (the one naming Ναμρούς)."""
    prompt = str(messages[-1]["content"])
    for match in re.finditer(r'<source n="(\d+)"(.*?)</source>', prompt, re.DOTALL):
        if "Ναμρούς" in match.group(2):
            return int(match.group(1))
    raise AssertionError("the seed article is not among the sources")


def test_a_fabricated_name_is_dropped_before_anything_is_shown(
    bot: Newsbot, stub: OpenAIStub, caplog: pytest.LogCaptureFixture
) -> None:
    def reply(messages: Messages) -> str:
        n = seed_number(messages)
        return (f"Libya's new chief of staff is Lt Gen Salah al-Namroush [{n}]. "
                f"He was appointed by Field Marshal {FABRICATED} [{n}]. "
                f"He visited Ankara [{n}].")

    stub.reply = reply
    partials: list[str] = []
    with caplog.at_level(logging.WARNING, logger="bot.answering.grounding"):
        answer = bot.answerer("Who is Libya's new chief of staff?", (), partials.append)
    assert answer.backend == "llm"
    assert "Namroush" in answer.text and "visited Ankara" in answer.text
    assert "Khalifa" not in answer.text and "Belqasem" not in answer.text
    assert partials and not any("Belqasem" in p or "Khalifa" in p for p in partials)
    assert answer.text.startswith(partials[-1])  # the last sentence is shown with the final answer
    assert answer.notice and "Left out 1 sentence" in answer.notice
    assert any(c.doc_id == SEED_ID for c in answer.citations)
    assert FABRICATED in caplog.text  # what was dropped is logged
    assert answer.extra["grounding_dropped"] == 1 and answer.extra["grounding_unsupported"] >= 1
    assert 0 < answer.extra["llm_first_token_s"] <= answer.extra["llm_answer_s"]


def test_an_answer_with_nothing_grounded_falls_back_to_quotes(bot: Newsbot, stub: OpenAIStub) -> None:
    stub.reply = lambda messages: f"Ο νέος αρχηγός είναι ο {FABRICATED} [{seed_number(messages)}]."
    partials: list[str] = []
    answer = bot.answerer("Ποιος είναι ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης;", (), partials.append)
    assert answer.backend == "extractive" and answer.citations
    assert "Belqasem" not in answer.text and partials == []
    assert answer.notice and "δεν λένε οι πηγές" in answer.notice
    assert answer.extra["grounding_fallback"] == 1


def test_the_repl_streams_the_checked_answer_and_never_prints_the_fabricated_name(
    bot: Newsbot, stub: OpenAIStub
) -> None:
    stub.reply = lambda messages: (
        f"Lt Gen Salah al-Namroush [{seed_number(messages)}]. His deputy is {FABRICATED} [{seed_number(messages)}]."
    )
    stdout = io.StringIO()
    assert run_repl(bot.answerer, lambda: "", stdin=io.StringIO("Who is Libya's new chief of staff?\n"),
                    stdout=stdout) == 0
    out = stdout.getvalue()
    assert "Lt Gen Salah al-Namroush [" in out and "Belqasem" not in out
    assert out.count("Lt Gen Salah al-Namroush") == 1  # streamed once, not printed again at the end
    assert "Left out 1 sentence" in out and "Sources:" in out


def test_the_quotes_policy_and_the_size_of_the_sources_block(bot: Newsbot, stub: OpenAIStub) -> None:
    from bot.answering.answerer import Answerer, AnswerPolicy
    from bot.answering.generative import GenerativeBackend

    policy = AnswerPolicy(llm_sources=2, llm_source_chars=200, unsupported="quotes")
    answerer = Answerer(bot.retriever, bot.embedder, policy, GenerativeBackend(bot.settings))
    stub.reply = lambda messages: (
        f"Lt Gen Salah al-Namroush [{seed_number(messages)}]. His deputy is {FABRICATED} [{seed_number(messages)}]."
    )
    answer = answerer("Who is Libya's new chief of staff?")
    assert answer.backend == "extractive" and "Belqasem" not in answer.text  # one bad sentence: quotes
    assert answer.notice and "quotes the articles" in answer.notice
    prompt = str(stub.requests[-1].messages[-1]["content"])
    blocks = re.findall(r"<source [^>]*>\n(.*?)\n</source>", prompt, re.DOTALL)
    assert 1 <= len(blocks) <= 2
    assert all(len(chunk) <= 200 for block in blocks for chunk in block.split("\n"))


def test_an_answer_that_only_restates_the_question_falls_back_to_quotes(bot: Newsbot, stub: OpenAIStub) -> None:
    # Cited and free of unsupported facts, yet it names nobody: the quotes are sent instead.
    stub.reply = lambda messages: f"Libya has a new chief of staff [{seed_number(messages)}]."
    answer = bot.answerer("Who is Libya's new chief of staff?")
    assert answer.backend == "extractive" and not answer.abstained
    assert answer.notice and "did not say what was asked" in answer.notice
    assert answer.extra["not_answering_fallback"] == 1
    assert any(c.doc_id == SEED_ID for c in answer.citations)


def test_the_models_own_abstention_is_reported_as_the_models(bot: Newsbot, stub: OpenAIStub) -> None:
    stub.reply = "NOT_IN_SOURCES The articles do not say."
    answer = bot.answerer("Who is Libya's new chief of staff?")
    assert answer.abstained and answer.citations == ()
    assert answer.backend == "llm" and answer.extra["llm_abstained"] == 1
    from bot.terminal.render import answer_json

    assert answer_json(answer)["backend"] == "llm"
