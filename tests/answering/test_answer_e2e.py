"""The answer function and the terminal front ends, end to end with the real bundled model."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SEED_ID, seed_and_news_corpus
from fake_bot_api import FakeBotAPI, check_telegram_html
from telegram_harness import TOKEN, ask, make_settings, message, run
from telegram_harness import bot as telegram_bot

from bot.answering.answerer import Answerer, is_follow_up, standalone_question
from bot.answering.trimming import pieces
from bot.app import Newsbot
from bot.terminal.repl import run_repl
from bot.types import Answer, Turn
from index.embedding import Embedder
from index.settings import Settings

pytestmark = pytest.mark.slow


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, models_dir: Path, real_embedder: Embedder) -> Newsbot:
    """The seed article and a dozen real news articles, indexed with the real model."""
    root = tmp_path_factory.mktemp("e2e")
    corpus, data = seed_and_news_corpus(root, models_dir)
    newsbot = Newsbot(Settings(NEWSBOT_DATA_DIR=str(data), NEWSBOT_CORPUS_DIR=str(corpus)))  # type: ignore[call-arg]
    newsbot.__dict__["embedder"] = real_embedder  # loaded once per session
    newsbot.reindex()
    return newsbot


def _assert_cites_seed_with(answer: Answer, *expected: str) -> None:
    assert not answer.abstained, answer.text
    assert any(c.doc_id == SEED_ID for c in answer.citations)
    assert any(_plain(e) in _plain(answer.text) for e in expected), answer.text
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        assert citation.quote and citation.title


@pytest.mark.parametrize(
    ("question", "language"),
    [("Who is Libya's new chief of staff?", "en"),
     ("Ποιος είναι ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης;", "el")],
)
def test_the_new_chief_of_staff(bot: Newsbot, question: str, language: str) -> None:
    answer = bot.answerer(question)
    assert answer.language == language
    _assert_cites_seed_with(answer, "Σαλάχ αλ Ναμρούς", "Ναμρούς")


def test_the_chief_of_staff_short_answer_when_given_is_the_name_in_latin_script(bot: Newsbot) -> None:
    # Issue 19: a short answer is shown only above its fitted confidence; this one's source sentence
    # ranks third for the English question, below the threshold (BENCHMARKS.md, issue 19).
    answer = bot.answerer("Who is Libya's new chief of staff?")
    _assert_cites_seed_with(answer, "Σαλάχ αλ Ναμρούς")
    assert answer.short_answer is None or "Namrous" in answer.short_answer, answer.short_answer


@pytest.mark.parametrize(
    "question", ["What was discussed in Ankara?", "Τι συζητήθηκε στην Άγκυρα;"],
)
def test_what_was_discussed_in_ankara(bot: Newsbot, question: str) -> None:
    answer = bot.answerer(question)
    # defence cooperation, or its topics: training, exchange of expertise, capacity building
    _assert_cites_seed_with(answer, "αμυντικής συνεργασίας", "εκπαίδευσης", "εμπειρογνωμοσύνης", "ικανοτήτων")


def test_quotes_are_verbatim_in_the_cited_article(bot: Newsbot) -> None:
    article = " ".join((REPO_ROOT / "corpus" / f"{SEED_ID}.txt").read_text(encoding="utf-8").split())
    answer = bot.answerer("Who is Libya's new chief of staff?")
    for citation in answer.citations:
        for part in citation.quote.split(" … "):
            assert part in article
    shown = [line for line in answer.text.splitlines() if line.startswith("«")]
    assert shown, answer.text
    for line in shown:  # a quote cut to its answering clauses is still the article's words
        for piece in pieces(line[1 : line.rindex("»")]):
            assert piece in article, piece


def test_a_question_about_what_no_article_names_abstains_saying_what(bot: Newsbot) -> None:
    cairo = bot.answerer("Who did Salah al-Namroush meet in Cairo?")
    assert cairo.abstained and cairo.text == "The articles don't mention Cairo."
    athens = bot.answerer("When did Libya's chief of staff visit Athens?")
    assert athens.abstained and "don't mention Athens" in athens.text
    thessaly = bot.answerer("Πόσοι άνθρωποι πέθαναν στις πλημμύρες στη Θεσσαλία;")
    assert thessaly.abstained and thessaly.text == "Τα άρθρα δεν αναφέρουν τη Θεσσαλία."


def test_a_rare_name_nothing_in_the_article_sounds_like_abstains_a_translated_common_one_answers(bot: Newsbot) -> None:
    rabat = bot.answerer("Whom did Namroush meet on his trip to Rabat?")
    assert rabat.abstained and rabat.text == "The articles don't mention Rabat."
    # "Official Visit" is far in sound from «επίσημη επίσκεψη» too, but common English words are translated
    visit = bot.answerer("Who did Namroush meet during his Official Visit to Ankara?")
    _assert_cites_seed_with(visit, "Μπαϊρακτάρογλου")


def test_a_question_the_articles_do_not_answer_abstains(bot: Newsbot) -> None:
    answer = bot.answerer("What is the recipe for a traditional Japanese ramen broth?")
    assert answer.abstained and answer.citations == ()
    assert answer.text == "The articles don't mention Japanese."  # the premise check names what is missing
    greek = bot.answerer("Ποια είναι η συνταγή για ιαπωνικό ζωμό ράμεν;")
    assert greek.abstained and "άρθρα δεν" in greek.text


def test_a_follow_up_uses_the_previous_question() -> None:
    history = [Turn("Who is Libya's new chief of staff?", "…")]
    assert standalone_question("and who did he meet there?", history).startswith("Who is Libya")
    assert standalone_question("What happened in Crete yesterday in the big earthquake?", history).startswith(
        "What happened")
    assert standalone_question("and who did he meet?", []) == "and who did he meet?"


@pytest.mark.parametrize(
    ("question", "follow_up"),
    [
        ("and who did he meet there?", True),
        ("Και ποιον συνάντησε εκεί;", True),
        ("Τι του είπε;", True),  # no subject of its own
        ("How many died?", True),
        ("Τι συζήτησαν αυτοί;", True),
        # Greek articles are not pronouns: a full question about its own subject stands alone.
        ("Ποιος είναι ο νέος αρχηγός του επιτελείου της Λιβύης;", False),
        ("Τι αποφάσισε η κυβέρνηση της Ιταλίας για τον προϋπολογισμό;", False),
        ("Who won the match against Rangers on Sunday?", False),
        ("How many goals did Ronaldo score this season?", False),
        ("Πόσα πλοία έστειλε το 2018 η Ρωσία στη Μεσόγειο;", False),
    ],
)
def test_which_questions_lean_on_the_previous_turn(question: str, follow_up: bool) -> None:
    assert is_follow_up(question) is follow_up


def test_a_follow_up_is_answered_from_the_same_story(bot: Newsbot) -> None:
    first = bot.answerer("Who is Libya's new chief of staff?")
    follow_up = bot.answerer("and who did he meet there?", (Turn(first.question, first.text),))
    _assert_cites_seed_with(follow_up, "Μπαϊρακτάρογλου")


def test_repl_with_piped_input(bot: Newsbot) -> None:
    assert isinstance(bot.answerer, Answerer)
    stdin = io.StringIO("/help\nWho is Libya's new chief of staff?\n/sources\n/reset\n/bogus\n\n")
    stdout = io.StringIO()
    assert run_repl(bot.answerer, lambda: "reindexed", stdin=stdin, stdout=stdout) == 0
    out = stdout.getvalue()
    assert "/sources" in out and "Ναμρούς" in out and "Sources:" in out
    assert f"({SEED_ID})" in out and "«" in out  # the full source with its quote
    assert "Conversation reset." in out and "Unknown command /bogus" in out


def test_repl_reindex_command_and_end_of_input() -> None:
    calls: list[str] = []

    def fake_answer(question: str, history: object = (), on_partial: object = None) -> Answer:
        calls.append(question)
        return Answer(question=question, text=f"echo {len(calls)}", abstained=False, language="en")

    stdout = io.StringIO()
    code = run_repl(fake_answer, lambda: "added 1", stdin=io.StringIO("/reindex\nq1\nq2\n/quit\nq3\n"),
                    stdout=stdout)
    assert code == 0 and calls == ["q1", "q2"]
    assert "added 1" in stdout.getvalue() and "echo 2" in stdout.getvalue()


def _cli(bot: Newsbot, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "TELEGRAM_"))}
    env.update(NEWSBOT_DATA_DIR=str(bot.settings.data_dir), NEWSBOT_CORPUS_DIR=str(bot.settings.corpus_dir))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=180, cwd=REPO_ROOT)


def test_cli_ask_json_and_search_batch(bot: Newsbot) -> None:
    asked = _cli(bot, "ask", "--json", "Who is Libya's new chief of staff?")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert set(answer) >= {"question", "answer", "abstained", "language", "citations", "seconds"}
    assert answer["citations"][0]["doc_id"] == SEED_ID
    assert set(answer["citations"][0]) == {"n", "doc_id", "title", "date", "source", "url", "quote"}

    searched = _cli(bot, "search", "-k", "3", "-", stdin="Who is Libya's new chief of staff?\n"
                    "Ποιος είναι ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης;\n")
    assert searched.returncode == 0, searched.stderr
    results = [json.loads(line) for line in searched.stdout.splitlines()]
    assert len(results) == 2
    for result in results:
        assert result["hits"][0]["doc_id"] == SEED_ID
        assert set(result["hits"][0]) >= {"rank", "doc_id", "chunk_id", "score", "title", "date", "source",
                                          "text"}


def test_cli_reports_bad_settings_in_one_line(bot: Newsbot) -> None:
    result = _cli(bot, "--model", "no-such/model-anywhere", "search", "x")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("newsbot: cannot load embedding model")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(TOKEN) as server:
        yield server


def test_telegram_answers_the_mission_questions_with_the_real_answerer(
    bot: Newsbot, tmp_path: Path, api: FakeBotAPI
) -> None:
    """The real Application, the real answer function and model, a fake Bot API over HTTP."""

    async def scenario() -> list[str]:
        async with telegram_bot(make_settings(tmp_path, api), bot.answerer):
            first = await ask(api, message("Who is Libya's new chief of staff?"), within=20)
            second = await ask(api, message("Τι συζητήθηκε στην Άγκυρα;"), within=20)
            return [*first, *second]

    replies = run(scenario())
    for reply in replies:
        check_telegram_html(reply)
        assert "[1]" in reply and "<blockquote expandable>" in reply
    assert "Ναμρούς" in replies[0]
    assert "συνεργασ" in replies[-1]
