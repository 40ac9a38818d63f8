"""Replies to messages that are not questions about the articles (``Question.intent``).

A greeting, a thank-you or a lone "?" gets a short reply that says what the bot does, and no
quotes; "What's new?" gets the newest articles, each a numbered source quoting its opening
sentence (dated articles newest first, else the last indexed, as the store keeps them); "2" after
that list gets the opening sentences of the article it picks. Nothing here ranks by meaning: there
is no topic to search for (the picked article is found by its title).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Protocol

from bot.answering import prompts
from bot.answering.citations import QUOTE_SEPARATOR
from bot.answering.time_answers import period_phrase
from bot.question.analysis import Question
from bot.question.time_expressions import day_from_number, write_day
from bot.types import Answer, Citation, Language
from index.retrieval import Hit
from index.text import split_sentences

# How many articles "What's new?" lists: a screen of a phone.
HEADLINES = 5
# How many opening sentences "2" shows of the article it picks: a news lead.
LEAD_SENTENCES = 3
# Hits searched for a picked article's title before giving up on finding it.
TITLE_SEARCH = 10


class ArticleLookup(Protocol):
    """What these replies read of the index (``index.retrieval.Retriever``)."""

    def newest_articles(self, limit: int, days: tuple[int, int] | None = None) -> Sequence[Hit]: ...

    def openings(self, doc_ids: Sequence[str]) -> Sequence[Hit]: ...

    def search(self, query: str, k: int = 5) -> list[Hit]: ...


def reply_without_search(asked: Question, lookup: ArticleLookup, started: float) -> Answer:
    """The reply to a message whose ``intent`` is not "question"."""
    language = asked.language
    if asked.intent == "headlines":
        return _headlines(asked, lookup, started)
    if asked.intent == "more_about" and asked.picked is not None:
        if asked.picked.title is None:
            return _said(asked, prompts.NOT_IN_LIST[language].format(n=asked.picked.number,
                                                                    listed=asked.picked.listed), started)
        return _more_about(asked, asked.picked.title, lookup, started)
    text = {
        "greeting": prompts.GREETING_TEXT[language],
        "thanks": prompts.THANKS_TEXT[language],
    }.get(asked.intent, prompts.WHAT_TO_ASK_TEXT)
    return _said(asked, text, started)


def _said(asked: Question, text: str, started: float) -> Answer:
    """A reply that quotes and cites nothing (so it is an abstention: it claims nothing of the articles)."""
    return Answer(question=asked.text, text=text, abstained=True, language=asked.language,
                  seconds=time.perf_counter() - started, backend="none")


def _headlines(asked: Question, lookup: ArticleLookup, started: float) -> Answer:
    language = asked.language
    period = asked.period
    hits = lookup.newest_articles(HEADLINES, period.days if period is not None else None)
    if not hits:
        return _said(asked, prompts.HEADLINES_NONE_IN_PERIOD[language].format(period=period_phrase(period, language))
                     if period is not None else prompts.HEADLINES_NONE[language], started)
    if period is not None:
        intro = prompts.HEADLINES_IN_PERIOD[language].format(period=period_phrase(period, language))
    elif all(hit.day is None for hit in hits):
        intro = prompts.HEADLINES_UNDATED[language]
    else:
        intro = prompts.HEADLINES_INTRO[language]
    lines = [intro]
    citations = []
    for n, hit in enumerate(hits, start=1):
        lines.append(f"[{n}] {hit.title or hit.doc_id}{_written_day(hit, language)}")
        opening = next(iter(split_sentences(hit.text)), hit.text)
        citations.append(Citation(n=n, doc_id=hit.doc_id, title=hit.title, date=hit.date, source=hit.source,
                                  url=hit.url, quote=opening))
    return Answer(question=asked.text, text="\n".join(lines), abstained=False, language=language,
                  citations=tuple(citations), seconds=time.perf_counter() - started, backend="headlines")


def _more_about(asked: Question, title: str, lookup: ArticleLookup, started: float) -> Answer:
    """The opening sentences of the listed article titled ``title``, quoted and cited."""
    language = asked.language
    wanted = " ".join(title.split()).casefold()
    found = next((h for h in lookup.search(title, TITLE_SEARCH)
                  if " ".join(h.title.split()).casefold().startswith(wanted)), None)
    opening = lookup.openings([found.doc_id]) if found is not None else []
    if not opening:
        return _said(asked, prompts.MORE_ABOUT_GONE[language].format(title=title), started)
    hit = opening[0]
    lead = split_sentences(hit.text)[:LEAD_SENTENCES] or [hit.text]
    intro = prompts.MORE_ABOUT_INTRO[language].format(title=hit.title, date=_written_day(hit, language))
    citation = Citation(n=1, doc_id=hit.doc_id, title=hit.title, date=hit.date, source=hit.source, url=hit.url,
                        quote=QUOTE_SEPARATOR.join(lead))
    return Answer(question=asked.text, text="\n".join([intro, *(f"«{s}» [1]" for s in lead)]), abstained=False,
                  language=language, citations=(citation,), seconds=time.perf_counter() - started,
                  backend="headlines")


def _written_day(hit: Hit, language: Language) -> str:
    """ " (20 May 2024)" for a dated article, "" for an undated one."""
    return f" ({write_day(day_from_number(hit.day), language)})" if hit.day is not None else ""
