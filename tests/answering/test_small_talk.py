"""Replies without search, over a fake article lookup: what is said when a picked article is gone."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answering import prompts
from bot.answering.small_talk import reply_without_search
from bot.question.analysis import analyse
from bot.types import Turn
from index.retrieval import Hit

LIST = "The newest articles:\n[1] Καύσωνας στην Αθήνα (20 May 2024)\n[2] Νέο μουσείο"


class EmptyIndex:
    """An index whose articles were all removed since the list was sent."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def newest_articles(self, limit: int, days: tuple[int, int] | None = None) -> Sequence[Hit]:
        return []

    def openings(self, doc_ids: Sequence[str]) -> Sequence[Hit]:
        return []

    def search(self, query: str, k: int = 5) -> list[Hit]:
        self.searched.append(query)
        return []


def test_a_picked_article_no_longer_indexed_is_said_to_be_gone() -> None:
    index = EmptyIndex()
    reply = reply_without_search(analyse("1", (Turn("What's new?", LIST),)), index, 0.0)
    assert index.searched == ["Καύσωνας στην Αθήνα"]  # found by its title, the date left off
    assert reply.abstained and not reply.citations
    assert reply.text == prompts.MORE_ABOUT_GONE["en"].format(title="Καύσωνας στην Αθήνα")


def test_an_empty_index_has_no_headlines() -> None:
    reply = reply_without_search(analyse("Τι νέα;"), EmptyIndex(), 0.0)
    assert reply.text == prompts.HEADLINES_NONE["el"] and reply.abstained
