"""Messages that are not questions, end to end through the one answer function: greetings, thanks,
a lone "?", and "What's new?" answered with the newest articles of a real index (bundled model).
The articles are invented for the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import jsonl_newsbot

from bot.answering import prompts
from bot.app import Newsbot
from bot.telegram.formatting import render_answer
from bot.terminal.render import answer_text
from bot.types import Turn
from index.embedding import Embedder

pytestmark = pytest.mark.slow


def _article(doc_id: str, day: str, title: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": day, "source": "Δοκιμαστικές Ειδήσεις", "url": "", "text": text}


FIRST = [
    _article("port-2023", "2023-06-20", "Απεργία στο λιμάνι του Πειραιά",
             "Οι λιμενεργάτες του Πειραιά ξεκίνησαν απεργία. Ζητούν αυξήσεις 10%."),
    _article("heat-2024", "2024-05-20", "Καύσωνας στην Αθήνα",
             "Καύσωνας πλήττει την Αθήνα με θερμοκρασίες έως 41 βαθμούς. Τα σχολεία έκλεισαν νωρίτερα."),
    _article("bridge-old", "", "Η παλιά γέφυρα της Άρτας",
             "Η γέφυρα της Άρτας είναι πέτρινη. Χτίστηκε πριν από αιώνες."),
    _article("port-2024", "2024-01-15", "Τέλος στην απεργία του Πειραιά",
             "Τελείωσε η απεργία των λιμενεργατών. Υπογράφηκε νέα σύμβαση με αυξήσεις 8,5%."),
]
# Indexed after the others: of the undated articles, the last added comes first.
LATER = [
    _article("museum-new", "", "Νέο μουσείο στα Χανιά",
             "Ένα νέο μουσείο άνοιξε στα Χανιά. Φιλοξενεί ευρήματα της μινωικής εποχής."),
]


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, models_dir: Path, real_embedder: Embedder) -> Newsbot:
    newsbot = jsonl_newsbot(tmp_path_factory.mktemp("small-talk"), models_dir, real_embedder, "2024-06-10", FIRST)
    later = "\n".join(json.dumps(a, ensure_ascii=False) for a in LATER) + "\n"
    (newsbot.settings.corpus_dir / "later.jsonl").write_text(later, encoding="utf-8")
    newsbot.reindex()
    return newsbot


def test_whats_new_lists_the_newest_articles_dated_first_then_the_last_indexed(bot: Newsbot) -> None:
    answer = bot.answerer("What's new?")
    assert not answer.abstained and answer.backend == "headlines"
    assert [c.doc_id for c in answer.citations] == ["heat-2024", "port-2024", "port-2023", "museum-new", "bridge-old"]
    lines = answer.text.splitlines()
    assert lines[0] == prompts.HEADLINES_INTRO["en"]
    assert lines[1] == "[1] Καύσωνας στην Αθήνα (20 May 2024)"
    assert lines[4] == "[4] Νέο μουσείο στα Χανιά"  # undated: no date is made up
    # each source quotes its article's opening sentence, verbatim
    assert answer.citations[0].quote == "Καύσωνας πλήττει την Αθήνα με θερμοκρασίες έως 41 βαθμούς."
    assert "Καύσωνας στην Αθήνα" in answer_text(answer) and "Καύσωνας στην Αθήνα" in "".join(render_answer(answer))


def test_a_greek_news_request_in_a_period_lists_only_that_period(bot: Newsbot) -> None:
    greek = bot.answerer("Τι νέα;")
    assert greek.text.splitlines()[0] == prompts.HEADLINES_INTRO["el"]
    assert "(20 Μαΐου 2024)" in greek.text
    january = bot.answerer("What's new in January 2024?")
    assert [c.doc_id for c in january.citations] == ["port-2024"], january.text
    assert january.text.startswith("The newest articles from January 2024:")
    nothing = bot.answerer("Any news from March 2019?")
    assert nothing.abstained and not nothing.citations
    assert nothing.text == "There are no articles from March 2019."


def test_greetings_thanks_and_a_bare_question_mark_are_answered_without_quotes(bot: Newsbot) -> None:
    assert bot.answerer("Hello!").text == prompts.GREETING_TEXT["en"]
    assert bot.answerer("Καλημέρα σας").text == prompts.GREETING_TEXT["el"]
    assert bot.answerer("Ευχαριστώ πολύ!").text == prompts.THANKS_TEXT["el"]
    for message in ("?", "🙂", "https://example.com/story", "help"):
        reply = bot.answerer(message)
        assert reply.text == prompts.WHAT_TO_ASK_TEXT and reply.abstained and not reply.citations


def test_a_news_request_that_refers_back_asks_the_latest_on_the_topic(bot: Newsbot) -> None:
    first = bot.answerer("Τι ζητούν οι λιμενεργάτες του Πειραιά;")
    follow_up = bot.answerer("And what's the latest on it?", (Turn(first.question, first.text),))
    assert follow_up.backend != "headlines"
    assert {c.doc_id for c in follow_up.citations} <= {"port-2023", "port-2024"}, follow_up.text


def test_a_number_after_the_list_opens_that_article(bot: Newsbot) -> None:
    listing = bot.answerer("What's new?")
    turns = (Turn(listing.question, listing.text),)
    second = bot.answerer("2", turns)
    assert [c.doc_id for c in second.citations] == ["port-2024"] and second.backend == "headlines"
    assert second.text.splitlines() == [
        'From "Τέλος στην απεργία του Πειραιά" (15 January 2024):',
        "«Τελείωσε η απεργία των λιμενεργατών.» [1]",
        "«Υπογράφηκε νέα σύμβαση με αυξήσεις 8,5%.» [1]",
    ]
    # a word for the number, in Greek, a turn later: the Greek list's article, in Greek
    greek = bot.answerer("Τι νέα;")
    later = (Turn(greek.question, greek.text), Turn("Ευχαριστώ", prompts.THANKS_TEXT["el"]))
    fourth = bot.answerer("πες μου για το τέταρτο", later)
    assert [c.doc_id for c in fourth.citations] == ["museum-new"]
    assert fourth.text.startswith("Από το «Νέο μουσείο στα Χανιά»:")
    # a number the list does not have; and without a list before it, "2" is no pick
    assert bot.answerer("9", turns).text == "The list has no article 9: pick one from 1 to 5."
    assert bot.answerer("2").backend != "headlines"
