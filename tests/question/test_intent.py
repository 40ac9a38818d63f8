"""What kind of message a chat line is: small talk, a request for the headlines, or a question."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from bot.question.analysis import analyse
from bot.question.intent import ListPick, intent_of, pick_from_list
from bot.types import Turn


@pytest.mark.parametrize(("message", "intent"), [
    ("?", "no_words"), ("🙂🙂", "no_words"), ("  ...", "no_words"), ("https://example.com/a?b=1", "no_words"),
    ("help", "help"), ("Βοήθεια!", "help"), ("help me please", "help"),
    ("hello", "greeting"), ("Hello there!", "greeting"), ("Good morning", "greeting"), ("Γεια σου", "greeting"),
    ("Καλησπέρα σας!", "greeting"), ("Καλό απόγευμα", "greeting"), ("hey bot", "greeting"),
    ("thanks", "thanks"), ("Thank you very much!", "thanks"), ("ευχαριστώ πολύ", "thanks"), ("ok", "thanks"),
    ("Got it, thanks a lot", "thanks"),
    ("What's new?", "headlines"), ("What is the latest news?", "headlines"), ("Any news?", "headlines"),
    ("Tell me the news", "headlines"), ("latest headlines", "headlines"), ("Is there anything new?", "headlines"),
    ("Hi, any news today?", "headlines"), ("Τι νέα;", "headlines"), ("Ποια είναι τα τελευταία νέα;", "headlines"),
    ("Υπάρχει κάτι καινούργιο;", "headlines"), ("Πες μου τις ειδήσεις", "headlines"),
])
def test_small_talk_and_news_requests(message: str, intent: str) -> None:
    assert intent_of(message) == intent


@pytest.mark.parametrize("message", [
    "Good", "Good job on the vaccine story?",  # "good" alone greets no one
    "it", "Πολύ;",  # nor does a word that only goes with a thank-you
    "What is new about the vaccine?", "What is the news about Libya?", "Τι νέα για τη Λιβύη;",
    "What is the latest on Libya?", "Hello, who is the new chief of staff?", "What happened in Ankara?",
    "Who is Libya's new chief of staff?", "Τι έγινε σήμερα;", "asdkjhasd qwe", "Who sent help to Palu?",
])
def test_a_message_with_a_word_of_its_own_is_a_question(message: str) -> None:
    assert intent_of(message) == "question"


def test_a_news_request_that_refers_back_to_the_turn_before_is_a_question() -> None:
    before = (Turn("Τι συζητήθηκε στην Άγκυρα;", "…"),)
    assert analyse("And what's the latest on it?", before).intent == "question"
    assert analyse("Και τι νέα υπάρχουν γι' αυτό;", before).intent == "question"
    assert analyse("What's new?", before).intent == "headlines"  # a new request, whatever came before
    assert analyse("And what's the latest on it?").intent == "headlines"  # nothing to refer back to


def test_a_period_is_read_off_a_news_request() -> None:
    asked = analyse("What's new in January 2024?")
    assert asked.intent == "headlines" and asked.period is not None and asked.period.start.month == 1


def _questions(path: Path) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["question"] for row in rows if isinstance(row, dict) and isinstance(row.get("question"), str)]


@pytest.mark.parametrize("path", [
    "benchmarks/data/trust/questions.jsonl", "benchmarks/data/trust/fresh.jsonl",
    "tests/data/quality/news/questions.jsonl", "tests/data/quality/xquad-el/questions.jsonl",
    "benchmarks/data/roles/questions.jsonl",
])
def test_no_question_of_the_evaluation_sets_is_taken_for_small_talk(path: str) -> None:
    questions = _questions(REPO_ROOT / path)
    assert len(questions) >= 20
    assert [q for q in questions if intent_of(q) != "question"] == []


LIST = "The newest articles:\n[1] Καύσωνας στην Αθήνα (20 May 2024)\n[2] Τέλος στην απεργία\n[3] Νέο μουσείο"


@pytest.mark.parametrize(("message", "title"), [
    ("2", "Τέλος στην απεργία"), ("[3]", "Νέο μουσείο"), ("the second one", "Τέλος στην απεργία"),
    ("Tell me more about the 2nd", "Τέλος στην απεργία"), ("and 3?", "Νέο μουσείο"),
    ("first", "Καύσωνας στην Αθήνα"), ("το 2", "Τέλος στην απεργία"), ("Περισσότερα για το τρίτο", "Νέο μουσείο"),
    ("7", None), ("2 people died", None), ("What is 2?", None),
])
def test_an_article_of_a_list_is_picked_by_its_number(message: str, title: str | None) -> None:
    pick = pick_from_list(message, LIST)
    assert (pick.title if pick is not None else None) == title
    assert pick_from_list(message, "From the articles:\n«Δύο νεκροί.» [2]") is None  # quotes are no list


def test_a_pick_keeps_the_language_the_list_was_asked_in() -> None:
    asked = analyse("2", (Turn("Τι νέα;", LIST),))
    assert asked.intent == "more_about" and asked.language == "el"
    assert asked.picked is not None and asked.picked.title == "Τέλος στην απεργία"


def test_a_number_the_list_does_not_have_is_a_pick_of_nothing() -> None:
    asked = analyse("7", (Turn("What's new?", LIST),))
    assert asked.intent == "more_about" and asked.picked == ListPick(7, None, 3)
    assert analyse("2 people died", (Turn("What's new?", LIST),)).intent == "question"
