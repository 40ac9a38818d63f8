"""Replies to messages that are not questions about the articles (``Question.intent``).

A greeting, a thank-you or a lone "?" gets a short reply that says what the bot does, and no
quotes; "What's new?" gets the newest articles, each a numbered source quoting its opening
sentence (dated articles newest first, else the last indexed, as the store keeps them). Nothing
here is searched by meaning: there is no topic to search for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from bot.answering import prompts
from bot.answering.time_answers import period_phrase
from bot.question.analysis import Question
from bot.question.time_expressions import day_from_number, write_day
from bot.types import Answer, Citation
from index.retrieval import Hit
from index.text import split_sentences

# How many articles "What's new?" lists: a screen of a phone.
HEADLINES = 5
# The newest articles (at most ``limit``), optionally only those dated within inclusive YYYYMMDD bounds.
NewestArticles = Callable[[int, tuple[int, int] | None], Sequence[Hit]]


def reply_without_search(asked: Question, newest: NewestArticles, started: float) -> Answer:
    """The reply to a message whose ``intent`` is not "question"."""
    language = asked.language
    if asked.intent == "headlines":
        return _headlines(asked, newest, started)
    text = {
        "greeting": prompts.GREETING_TEXT[language],
        "thanks": prompts.THANKS_TEXT[language],
    }.get(asked.intent, prompts.WHAT_TO_ASK_TEXT)
    return Answer(question=asked.text, text=text, abstained=True, language=language,
                  seconds=time.perf_counter() - started, backend="none")


def _headlines(asked: Question, newest: NewestArticles, started: float) -> Answer:
    language = asked.language
    period = asked.period
    hits = newest(HEADLINES, period.days if period is not None else None)
    if not hits:
        text = (prompts.HEADLINES_NONE_IN_PERIOD[language].format(period=period_phrase(period, language))
                if period is not None else prompts.HEADLINES_NONE[language])
        return Answer(question=asked.text, text=text, abstained=True, language=language,
                      seconds=time.perf_counter() - started, backend="none")
    if period is not None:
        intro = prompts.HEADLINES_IN_PERIOD[language].format(period=period_phrase(period, language))
    elif all(hit.day is None for hit in hits):
        intro = prompts.HEADLINES_UNDATED[language]
    else:
        intro = prompts.HEADLINES_INTRO[language]
    lines = [intro]
    citations = []
    for n, hit in enumerate(hits, start=1):
        day = f" ({write_day(day_from_number(hit.day), language)})" if hit.day is not None else ""
        lines.append(f"[{n}] {hit.title or hit.doc_id}{day}")
        opening = next(iter(split_sentences(hit.text)), hit.text)
        citations.append(Citation(n=n, doc_id=hit.doc_id, title=hit.title, date=hit.date, source=hit.source,
                                  url=hit.url, quote=opening))
    return Answer(question=asked.text, text="\n".join(lines), abstained=False, language=language,
                  citations=tuple(citations), seconds=time.perf_counter() - started, backend="headlines")
