"""Questions about time, end to end: the real bundled model over a small invented dated corpus.

Period, latest, when and empty-period questions through the one answer function, a follow-up
that keeps its period, and `newsbot ask --json --today`. The articles are invented for the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO_ROOT, jsonl_newsbot

from bot.answering.answerer import Answerer
from bot.app import Newsbot
from bot.telegram.formatting import render_answer
from bot.terminal.render import answer_text
from bot.types import Answer, Turn
from index.embedding import Embedder
from index.settings import Settings

pytestmark = pytest.mark.slow


def _article(doc_id: str, day: str, title: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": day, "source": "Δοκιμαστικές Ειδήσεις", "url": "", "text": text}


ARTICLES = [
    _article("strike-2023-03", "2023-03-10", "Απεργία στο λιμάνι του Πειραιά",
             "Οι λιμενεργάτες του Πειραιά ξεκίνησαν απεργία διαρκείας. Ζητούν αυξήσεις 10% και μέτρα "
             "ασφάλειας στους γερανούς. Τα πλοία περιμένουν ανοιχτά του λιμανιού."),
    _article("strike-2023-06", "2023-06-20", "Νέα απεργία στο λιμάνι του Πειραιά",
             "Νέα απεργία κήρυξαν οι λιμενεργάτες του Πειραιά. Η διοίκηση του λιμανιού πρότεινε αυξήσεις "
             "7%, που οι εργαζόμενοι απέρριψαν. Εκατό κοντέινερ έμειναν στις αποβάθρες."),
    _article("strike-2024-01", "2024-01-15", "Τέλος στην απεργία στο λιμάνι του Πειραιά",
             "Τελείωσε η απεργία των λιμενεργατών του Πειραιά. Υπογράφηκε νέα συλλογική σύμβαση με "
             "αυξήσεις 8,5%. Τα πλοία φορτοεκφορτώνουν ξανά κανονικά."),
    _article("strike-undated", "", "Λιμενεργάτες και απεργίες",
             "Οι απεργίες των λιμενεργατών του Πειραιά είναι συχνές. Οι λιμενεργάτες ζητούν συχνά "
             "αυξήσεις και ασφάλεια."),
    _article("quake-2023-06", "2023-06-19", "Σεισμός στο Ηράκλειο",
             "Σεισμός 5,8 Ρίχτερ σημειώθηκε χθες στο Ηράκλειο της Κρήτης. Ζημιές υπέστησαν παλιά κτίρια "
             "στο κέντρο της πόλης. Οι σεισμολόγοι παρακολουθούν τους μετασεισμούς."),
    _article("fire-2023-08", "2023-08-02", "Η πυρκαγιά στην Εύβοια έσβησε",
             "Η πυρκαγιά στην Εύβοια ξέσπασε στις 28 Ιουλίου 2023 κοντά στα Ψαχνά. Κάηκαν δύο χιλιάδες "
             "στρέμματα δάσους. Οι πυροσβέστες έθεσαν τη φωτιά υπό έλεγχο μετά από πέντε ημέρες."),
    _article("bridge-2023-09", "2023-09-05", "Εγκαίνια νέας γέφυρας στη Θεσσαλονίκη",
             "Εγκαινιάστηκε η νέα πεζογέφυρα στην παραλία της Θεσσαλονίκης. Η γέφυρα έχει μήκος 120 "
             "μέτρων και κόστισε τέσσερα εκατομμύρια ευρώ."),
    _article("heat-2024-05", "2024-05-20", "Καύσωνας στην Αθήνα",
             "Καύσωνας πλήττει την Αθήνα με θερμοκρασίες έως 41 βαθμούς. Οι αρχές άνοιξαν κλιματιζόμενες "
             "αίθουσες για τους πολίτες. Τα σχολεία έκλεισαν νωρίτερα."),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, models_dir: Path, real_embedder: Embedder) -> Newsbot:
    return jsonl_newsbot(tmp_path_factory.mktemp("time-e2e"), models_dir, real_embedder, "2024-06-10", ARTICLES)


def _cited(answer: Answer) -> list[str]:
    return [c.doc_id for c in answer.citations]


def test_a_period_question_is_answered_only_from_articles_of_the_period(bot: Newsbot) -> None:
    answer = bot.answerer("Τι έγινε με την απεργία στο λιμάνι του Πειραιά τον Ιούνιο του 2023;")
    assert not answer.abstained, answer.text
    assert _cited(answer) == ["strike-2023-06"]
    assert all(c.date.startswith("2023-06") for c in answer.citations)
    # sources show their dates in the terminal (REPL, ask) and on Telegram
    assert "2023-06-20" in answer_text(answer)
    assert "2023-06-20" in "".join(render_answer(answer))


def test_an_english_period_question(bot: Newsbot) -> None:
    answer = bot.answerer("What happened with the strike at the port of Piraeus in March 2023?")
    assert not answer.abstained, answer.text
    assert _cited(answer) == ["strike-2023-03"]


def test_a_follow_up_keeps_the_period_and_takes_a_new_month_in_its_year(bot: Newsbot) -> None:
    first = bot.answerer("Τι έγινε με την απεργία στο λιμάνι του Πειραιά τον Μάρτιο του 2023;")
    assert _cited(first) == ["strike-2023-03"], first.text
    follow_up = bot.answerer("Και τον Ιούνιο;", (Turn(first.question, first.text),))
    assert _cited(follow_up) == ["strike-2023-06"], follow_up.text
    same_period = bot.answerer("και τι ζητούσαν οι εργαζόμενοι;", (Turn(first.question, first.text),))
    assert _cited(same_period) == ["strike-2023-03"], same_period.text


def test_a_latest_question_answers_from_the_newest_article_and_says_its_date(bot: Newsbot) -> None:
    answer = bot.answerer("Ποια είναι τα τελευταία νέα για την απεργία στο λιμάνι του Πειραιά;")
    assert not answer.abstained, answer.text
    assert _cited(answer) == ["strike-2024-01"]
    assert "15 Ιανουαρίου 2024" in answer.text
    english = bot.answerer("What is the latest news about the strike at the port of Piraeus?")
    assert _cited(english) == ["strike-2024-01"] and "15 January 2024" in english.text


@pytest.mark.parametrize(
    ("question", "written", "how"),
    [
        # worked out from "χθες" against the article's date (19 June 2023)
        ("Πότε έγινε ο σεισμός στο Ηράκλειο;", "18 Ιουνίου 2023", "χθες"),
        ("When did the earthquake in Heraklion happen?", "18 June 2023", "worked out"),
        # the article's text names the date
        ("Πότε ξέσπασε η πυρκαγιά στην Εύβοια;", "28 Ιουλίου 2023", "αναφέρει το άρθρο"),
        # nothing in the text: the article's own date, and the answer says so
        ("Πότε εγκαινιάστηκε η νέα πεζογέφυρα στη Θεσσαλονίκη;", "5 Σεπτεμβρίου 2023", "ημερομηνία του άρθρου"),
    ],
)
def test_a_when_question_answers_with_the_date_written_out(
    bot: Newsbot, question: str, written: str, how: str
) -> None:
    answer = bot.answerer(question)
    assert not answer.abstained, answer.text
    assert answer.short_answer == written
    first_line = answer.text.splitlines()[0]
    assert written in first_line and how.casefold() in first_line.casefold(), first_line


def test_nothing_on_the_topic_in_the_period_says_so_and_names_the_nearest_date(bot: Newsbot) -> None:
    answer = bot.answerer("Τι έγινε με την απεργία στο λιμάνι του Πειραιά τον Μάιο του 2024;")
    assert answer.abstained and not answer.citations, answer.text
    assert "Μάιο του 2024" in answer.text and "15 Ιανουαρίου 2024" in answer.text
    english = bot.answerer("What happened with the strike at the port of Piraeus in May 2024?")
    assert english.abstained and "May 2024" in english.text and "15 January 2024" in english.text


def test_relative_periods_count_from_today(bot: Newsbot) -> None:
    assert isinstance(bot.answerer, Answerer)
    on_thursday = Answerer(bot.retriever, bot.embedder, bot.answerer.policy, today=date(2023, 6, 22))
    this_week = on_thursday("Τι έγινε αυτή την εβδομάδα με την απεργία στο λιμάνι;")
    assert _cited(this_week) == ["strike-2023-06"], this_week.text
    yesterday = Answerer(bot.retriever, bot.embedder, bot.answerer.policy, today=date(2023, 6, 20))
    assert _cited(yesterday("Τι έγινε χθες με τον σεισμό;")) == ["quake-2023-06"]
    # The bot's own today (NEWSBOT_TODAY=2024-06-10): last month is May 2024, no strike then.
    assert bot.answerer("Τι έγινε τον περασμένο μήνα με την απεργία στο λιμάνι;").abstained


def test_an_undated_article_is_never_claimed_to_fall_in_a_period(bot: Newsbot) -> None:
    for question in ("Τι ζητούν οι λιμενεργάτες του Πειραιά το 2023;",
                     "Τι ζητούν οι λιμενεργάτες τον Μάρτιο του 2023;"):
        answer = bot.answerer(question)
        assert "strike-undated" not in _cited(answer), answer.text


def _cli(bot: Newsbot, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "TELEGRAM_"))}
    env.update(NEWSBOT_DATA_DIR=str(bot.settings.data_dir), NEWSBOT_CORPUS_DIR=str(bot.settings.corpus_dir))
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=REPO_ROOT)


def test_cli_ask_json_with_today(bot: Newsbot) -> None:
    asked = _cli(bot, "--today", "2023-06-22", "ask", "--json", "Τι έγινε αυτή την εβδομάδα με την απεργία στο λιμάνι;")
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert [c["doc_id"] for c in answer["citations"]] == ["strike-2023-06"]
    assert answer["citations"][0]["date"] == "2023-06-20"

    when = json.loads(_cli(bot, "ask", "--json", "Πότε έγινε ο σεισμός στο Ηράκλειο;").stdout)
    assert when["short_answer"] == "18 Ιουνίου 2023"

    empty = json.loads(_cli(bot, "--today", "2024-06-10", "ask", "--json",
                            "Τι έγινε τον περασμένο μήνα με την απεργία στο λιμάνι;").stdout)
    assert empty["abstained"] is True and empty["citations"] == []

    bad = _cli(bot, "--today", "2024-13-40", "ask", "x")
    assert bad.returncode == 2 and "NEWSBOT_TODAY" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_the_day_of_the_story_ranks_but_never_filters(bot: Newsbot) -> None:
    # "on Sunday" / "τον Ιούλιο" describe the event; counted from today they would hold no article
    english = bot.answerer("How many acres of forest burned in the Evia fire that broke out on Sunday?")
    assert not english.abstained, english.text
    assert _cited(english) == ["fire-2023-08"]
    greek = bot.answerer("Πόσα στρέμματα κάηκαν στην πυρκαγιά στην Εύβοια τον Ιούλιο;")
    assert not greek.abstained, greek.text
    assert _cited(greek) == ["fire-2023-08"]


@pytest.fixture(scope="module")
def undated_bot(tmp_path_factory: pytest.TempPathFactory, models_dir: Path, real_embedder: Embedder) -> Newsbot:
    """Only undated articles: a period counted from today cannot place them in it or out of it."""
    root = tmp_path_factory.mktemp("time-undated")
    corpus = root / "corpus"
    corpus.mkdir()
    undated = [a for a in ARTICLES if a["id"] in ("strike-undated",)] + [
        _article("quake-undated", "", "Σεισμός στο Ηράκλειο",
                 "Σεισμός 5,8 Ρίχτερ σημειώθηκε στο Ηράκλειο της Κρήτης. Ζημιές υπέστησαν παλιά κτίρια.")]
    (corpus / "news.jsonl").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in undated) + "\n",
                                       encoding="utf-8")
    data = root / "data"
    (data / "models").mkdir(parents=True)
    os.symlink(models_dir / "multilingual-e5-small", data / "models" / "multilingual-e5-small")
    newsbot = Newsbot(Settings(NEWSBOT_DATA_DIR=str(data), NEWSBOT_CORPUS_DIR=str(corpus),  # type: ignore[call-arg]
                               NEWSBOT_TODAY="2024-06-10"))
    newsbot.__dict__["embedder"] = real_embedder
    newsbot.reindex()
    return newsbot


def test_an_undated_article_answers_a_period_counted_from_today_and_says_it_has_no_date(undated_bot: Newsbot) -> None:
    answer = undated_bot.answerer("Πόσα Ρίχτερ ήταν ο σεισμός στο Ηράκλειο την περασμένη εβδομάδα;")
    assert not answer.abstained and _cited(answer) == ["quake-undated"], answer.text
    assert answer.text.startswith("Δεν βρήκα κάτι με ημερομηνία") and "5,8" in answer.text
    english = undated_bot.answerer("How strong was the earthquake in Heraklion yesterday?")
    assert not english.abstained and "carry no date" in english.text.splitlines()[0], english.text
    # a named period still leaves undated articles out
    named = undated_bot.answerer("Πόσα Ρίχτερ ήταν ο σεισμός στο Ηράκλειο τον Μάιο του 2024;")
    assert named.abstained and not named.citations, named.text
