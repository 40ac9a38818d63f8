"""Answers that use time: a period filters the search, "latest" takes the newest article, "when" says the date.

Called from ``Answerer.__call__`` when the question (or the turn it follows up) names a period,
asks for the latest news or asks when. Everything else about answering (quotes, abstention, the
LLM) stays in ``Answerer.answer_from``; this module chooses which chunks it answers from and
adds what time needs: the date said in the question's language, or "nothing from that period".
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from bot.answering import prompts
from bot.answering.citations import QUOTE_SEPARATOR
from bot.question.analysis import Question, TimedQuestion, time_in_context  # noqa: F401 (re-exported)
from bot.question.time_expressions import Period, day_from_number, parse_time, write_day, write_period
from bot.types import Answer, Language, PartialTextCallback
from index.retrieval import Hit
from index.text import MONTH_FORMS, fold


class SearchFunction(Protocol):
    """``Retriever.search``: the best chunks for a query, optionally within days (YYYYMMDD, inclusive)."""

    def __call__(self, query: str, k: int = 5, *, days: tuple[int, int] | None = None) -> list[Hit]: ...


class AnswerFromHits(Protocol):
    """``Answerer.answer_from``: the answer from chosen chunks (quoted, generated or an abstention)."""

    def __call__(
        self,
        asked: Question,
        hits: Sequence[Hit],
        started: float,
        on_partial: PartialTextCallback | None = None,
        relevance_slack: float = 0.0,
    ) -> Answer: ...


@dataclass(frozen=True)
class TimeAnswerTools:
    """What a time answer needs from the answerer, handed over so this module never imports it."""

    search: SearchFunction
    answer_from: AnswerFromHits
    top_k: int
    today: date

# How many chunks a latest-question looks through for articles on its topic.
LATEST_CANDIDATES = 30
# An article is on the topic when its best chunk scores within this of the best chunk overall.
LATEST_TOPIC_MARGIN = 0.05
# Articles a latest-question tries, newest first, until one answers the question.
LATEST_TRIES = 3
# An article is on the topic only if it matches the question's words (BM25) at least this share
# of the best match among all articles: a question whose names are in the corpus is not answered
# by an article of the period that lacks them ("Syria in April 2014" by a Korean story of April 2014).
TOPIC_LEXICAL_SHARE = 0.5
# ... when that best match is a real one: below this share of the query's BM25 ceiling it is a few
# common words (a Greek question's "έρευνα"), which say nothing about the topic.
TOPIC_LEXICAL_MIN = 0.2
# Inside a period on the topic, abstain a little less readily: the store narrowed the candidates
# to the period and the topic was checked, so the whole-corpus thresholds are too strict. Only
# where the topic is confirmed: by the question's words (BM25), or by the best chunk of the period
# scoring within PERIOD_TOPIC_GAP of the best chunk of all articles.
PERIOD_RELEVANCE_SLACK = 0.05
PERIOD_TOPIC_GAP = 0.03
# An empty period names the nearest dated articles among this many best articles on the topic.
NEAREST_FROM_BEST = 3


def answer_with_time(
    tools: TimeAnswerTools,
    question_read: Question,
    started: float,
    on_partial: PartialTextCallback | None,
) -> Answer:
    """The answer to a question whose time matters (``Question.timed.uses_time``)."""
    question, language, search_query = question_read.text, question_read.language, question_read.search_text
    asked = question_read.time
    top_k = tools.top_k
    if asked.period is not None and question_read.time_role == "period":
        everywhere = tools.search(search_query, top_k)
        in_period = tools.search(search_query, LATEST_CANDIDATES if asked.latest else top_k,
                                     days=asked.period.days)
        answer: Answer | None = None
        floor = _lexical_floor(everywhere)
        if in_period and _lexical_best(in_period) >= floor:
            best = everywhere[0].score if everywhere else in_period[0].score
            confirmed = floor > 0 or in_period[0].score >= best - PERIOD_TOPIC_GAP
            slack = PERIOD_RELEVANCE_SLACK if confirmed else 0.0
            if asked.latest:
                answer = _newest_answer(tools, question_read, in_period, started,
                                        on_partial, slack)
            else:
                answer = tools.answer_from(question_read, in_period[:top_k], started,
                                              on_partial, slack)
        if answer is not None and not answer.abstained:
            return _with_date(answer, language, tools.today) if asked.asks_when else answer
        # Nothing dated in the period answers. An article (dated or not) whose text puts the
        # event in the period still does: "in 1981 the Queen opened …".
        fallback = tools.answer_from(question_read, everywhere, started, on_partial)
        if not fallback.abstained and _cited_text_mentions(fallback, everywhere, asked.period):
            return fallback
        # An undated article cannot be ruled out by a period counted from today ("last week", "on
        # Sunday", of a corpus without dates): it answers, saying its date is unknown, rather than a
        # false "nothing from then". A named period ("in March 2023") still leaves undated articles out.
        if asked.relative and not fallback.abstained and _cites_only_undated(fallback, everywhere):
            note = prompts.UNDATED_IN_PERIOD[language].format(period=period_phrase(asked.period, language))
            return replace(fallback, text=f"{note}\n{fallback.text}")
        return _nothing_in_period(question, language, asked.period, everywhere, started)
    if asked.latest:
        candidates = tools.search(search_query, LATEST_CANDIDATES)
        newest = _newest_answer(tools, question_read, candidates, started, on_partial)
        if newest is not None:
            return newest
        return tools.answer_from(question_read, candidates[:top_k], started, on_partial)
    # A when-question, or the time of the event the question describes ("the fire that broke out on
    # Sunday"): the whole corpus is searched, undated articles included; nothing is filtered out.
    answer = tools.answer_from(question_read, tools.search(search_query, top_k), started, on_partial)
    return _with_date(answer, language, tools.today) if asked.asks_when else answer


# --- latest -----------------------------------------------------------------------------------
def _lexical_best(hits: Sequence[Hit]) -> float:
    return max((h.lexical for h in hits), default=0.0)


def _lexical_floor(hits: Sequence[Hit]) -> float:
    """How well an article must match the question's words to be on the topic (0: no demand)."""
    best = _lexical_best(hits)
    return TOPIC_LEXICAL_SHARE * best if best >= TOPIC_LEXICAL_MIN else 0.0


def articles_on_topic(hits: Sequence[Hit], margin: float = LATEST_TOPIC_MARGIN) -> list[list[Hit]]:
    """The hits of each dated article on the topic, newest first.

    On the topic: its best chunk scores within ``margin`` of the best overall, and it matches the
    question's words at least TOPIC_LEXICAL_SHARE as well as the best match does.
    """
    if not hits:
        return []
    best = max(h.score for h in hits)
    lexical_floor = _lexical_floor(hits)
    by_doc: dict[str, list[Hit]] = {}
    for hit in hits:
        by_doc.setdefault(hit.doc_id, []).append(hit)
    on_topic = [
        doc_hits for doc_hits in by_doc.values()
        if doc_hits[0].day is not None
        and max(h.score for h in doc_hits) >= best - margin
        and _lexical_best(doc_hits) >= lexical_floor
    ]
    return sorted(on_topic, key=lambda doc_hits: doc_hits[0].day or 0, reverse=True)


def _newest_answer(
    tools: TimeAnswerTools,
    question_read: Question,
    hits: Sequence[Hit],
    started: float,
    on_partial: PartialTextCallback | None,
    relevance_slack: float = 0.0,
) -> Answer | None:
    """The answer from the newest article on the topic that answers the question, its date said first."""
    for doc_hits in articles_on_topic(hits)[:LATEST_TRIES]:
        answer = tools.answer_from(question_read, doc_hits, started, on_partial,
                                      relevance_slack)
        if answer.abstained or not answer.citations:
            continue
        day = doc_hits[0].day
        assert day is not None
        citation = next((c for c in answer.citations if c.doc_id == doc_hits[0].doc_id), answer.citations[0])
        written = write_day(day_from_number(day), question_read.language)
        line = prompts.NEWEST_ARTICLE[question_read.language].format(date=written, n=citation.n)
        return replace(answer, text=f"{line}\n{answer.text}")
    return None


# --- when -------------------------------------------------------------------------------------
def _article_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _with_date(answer: Answer, language: Language, today: date) -> Answer:
    """A when-answer opens with the date: from the quote's words, worked out from them, or the article's."""
    if answer.abstained:
        return answer
    for citation in answer.citations:
        published = _article_day(citation.date)
        for sentence in citation.quote.split(QUOTE_SEPARATOR):
            found = parse_time(sentence, published or today, nearest_year=True, weekday_before=True)
            if found.period is None:
                continue
            if published is None and (found.relative or not re.search(r"\d{4}", found.expression or "")):
                continue  # an undated article cannot fix "yesterday" or a day without its year
            written = write_period(found.period, language)
            if found.relative and published is not None:
                line = prompts.DATE_FROM_RELATIVE_WORDS[language].format(
                    date=written, n=citation.n, words=found.expression, published=write_day(published, language)
                )
            else:
                line = prompts.DATE_FROM_TEXT[language].format(date=written, n=citation.n)
            return replace(answer, text=f"{line}\n{answer.text}", short_answer=written)
    for citation in answer.citations:
        published = _article_day(citation.date)
        if published is not None:
            written = write_day(published, language)
            line = prompts.DATE_OF_ARTICLE[language].format(date=written, n=citation.n)
            return replace(answer, text=f"{line}\n{answer.text}", short_answer=written)
    return answer


# --- periods ----------------------------------------------------------------------------------
def mentions_period(text: str, period: Period) -> bool:
    """Does ``text`` name a year of the period (and, for a period within one month, that month)?"""
    folded = fold(text)
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", folded)}
    if not any(period.start.year <= y <= period.end.year for y in years):
        return False
    if (period.start.year, period.start.month) != (period.end.year, period.end.month):
        return True
    return any(MONTH_FORMS.get(word) == period.start.month for word in re.findall(r"\w+", folded))


def _cited_text_mentions(answer: Answer, hits: Sequence[Hit], period: Period) -> bool:
    cited = {c.doc_id for c in answer.citations}
    return any(mentions_period(h.text, period) for h in hits if h.doc_id in cited)


def _cites_only_undated(answer: Answer, hits: Sequence[Hit]) -> bool:
    day = {h.doc_id: h.day for h in hits}
    return bool(answer.citations) and all(day.get(c.doc_id) is None for c in answer.citations)


def period_phrase(period: Period, language: Language) -> str:
    """ "from April 2014" / "από τον Απρίλιο του 2014"."""
    written = write_period(period, language)
    if language == "el":
        if written.startswith("από "):
            return written
        if period.start == period.end:
            return f"από τις {written}"
        return f"από {written}" if written.startswith(("τον ", "το ")) else f"από τις {written}"
    if " to " in written:
        return "between " + written.replace(" to ", " and ")
    return f"from {written}"


def _nothing_in_period(
    question: str, language: Language, period: Period, hits: Sequence[Hit], started: float
) -> Answer:
    """Say so, and name the nearest dates (before and after) of articles on the topic."""
    best_docs: dict[str, Hit] = {}
    for hit in hits:
        if len(best_docs) >= NEAREST_FROM_BEST:
            break
        best_docs.setdefault(hit.doc_id, hit)
    dated = [h for h in best_docs.values() if h.day is not None]
    start, end = period.days
    before = max((h for h in dated if (h.day or 0) < start), key=lambda h: h.day or 0, default=None)
    after = min((h for h in dated if (h.day or 0) > end), key=lambda h: h.day or 0, default=None)
    text = prompts.NOTHING_IN_PERIOD[language].format(period=period_phrase(period, language))
    nearest = [h for h in (before, after) if h is not None]
    if nearest:
        articles = prompts.NEAREST_JOIN[language].join(
            f"{write_day(day_from_number(h.day or 0), language)} («{h.title}»)" if h.title
            else write_day(day_from_number(h.day or 0), language)
            for h in nearest
        )
        text += " " + prompts.NEAREST_ARTICLES[language].format(articles=articles)
    return Answer(
        question=question,
        text=text,
        abstained=True,
        language=language,
        seconds=time.perf_counter() - started,
        extra={"period_start": float(start), "period_end": float(end)},
    )
