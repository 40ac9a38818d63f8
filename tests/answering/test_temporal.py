"""Time-aware answering without a model: follow-ups keep their period, the topic of "latest",
what a text dates, and the date line of a when-answer."""

from __future__ import annotations

from datetime import date

from bot.answering.answerer import is_follow_up
from bot.answering.time_answers import _with_date, articles_on_topic, mentions_period, period_phrase, time_in_context
from bot.question.time_expressions import Period
from bot.types import Answer, Citation, Turn
from index.retrieval import Hit

TODAY = date(2024, 5, 15)


def _hit(doc_id: str, score: float, lexical: float, day: int | None) -> Hit:
    return Hit(rank=1, chunk_id=f"{doc_id}#0", doc_id=doc_id, score=score, dense=score, lexical=lexical,
               title=doc_id, date="", source="", url="", text="", day=day)


def test_a_follow_up_keeps_the_period_or_takes_a_month_in_the_same_year() -> None:
    history = (Turn("What happened in Syria in March 2012?", "…"),)
    same = time_in_context("and who was there?", history, TODAY, is_follow_up)
    assert same.question.period == Period(date(2012, 3, 1), date(2012, 3, 31))
    april = time_in_context("and in April?", history, TODAY, is_follow_up)
    assert april.question.period == Period(date(2012, 4, 1), date(2012, 4, 30))
    assert april.history[0].question == "What happened in Syria?"  # no stale period in the search text
    greek = time_in_context("Και τον Ιούνιο;", (Turn("Τι έγινε στη Συρία τον Μάρτιο του 2012;", "…"),),
                            TODAY, is_follow_up)
    assert greek.question.period == Period(date(2012, 6, 1), date(2012, 6, 30))
    # a question that stands on its own does not inherit
    fresh = time_in_context("Who won the football cup in Greece?", history, TODAY, is_follow_up)
    assert fresh.question.period is None and not fresh.uses_time


def test_latest_takes_dated_articles_on_the_topic_newest_first() -> None:
    hits = [
        _hit("old-on-topic", 0.80, 0.6, 20120311),
        _hit("undated", 0.79, 0.6, None),
        _hit("new-on-topic", 0.77, 0.5, 20120321),
        _hit("newest-off-topic", 0.78, 0.0, 20130101),  # close in score but lacks the question's names
        _hit("far-below", 0.60, 0.6, 20140101),
    ]
    assert [d[0].doc_id for d in articles_on_topic(hits)] == ["new-on-topic", "old-on-topic"]
    # without a real lexical match anywhere, only the score decides
    weak = [_hit("a", 0.8, 0.0, 20120101), _hit("b", 0.78, 0.1, 20130101)]
    assert [d[0].doc_id for d in articles_on_topic(weak)] == ["b", "a"]


def test_what_a_text_dates() -> None:
    april = Period(date(2014, 4, 1), date(2014, 4, 30))
    assert mentions_period("Στις 12 Απριλίου 2014 έγινε σεισμός.", april)
    assert not mentions_period("Στις 12 Μαΐου 2014 έγινε σεισμός.", april)
    assert mentions_period("In 1981 the Queen opened the bridge.", Period(date(1981, 1, 1), date(1981, 12, 31)))
    assert not mentions_period("1500 people came.", Period(date(1981, 1, 1), date(1981, 12, 31)))


def test_periods_said_in_each_language() -> None:
    assert period_phrase(Period(date(2014, 4, 1), date(2014, 4, 30)), "en") == "from April 2014"
    assert period_phrase(Period(date(2014, 4, 1), date(2014, 4, 30)), "el") == "από τον Απρίλιο του 2014"
    assert period_phrase(Period(date(2013, 1, 1), date(2013, 12, 31)), "el") == "από το 2013"
    assert period_phrase(Period(date(2012, 3, 6), date(2012, 3, 6)), "el") == "από τις 6 Μαρτίου 2012"
    assert period_phrase(Period(date(2024, 5, 6), date(2024, 5, 12)), "en") == "between 6 May 2024 and 12 May 2024"


def _answer(quote: str, published: str, language: str = "en") -> Answer:
    citation = Citation(n=1, doc_id="d", title="t", date=published, source="s", url="", quote=quote)
    return Answer(question="When?", text=f"«{quote}» [1]", abstained=False, language=language,  # type: ignore[arg-type]
                  citations=(citation,))


def test_when_answers_say_the_date_and_where_it_comes_from() -> None:
    from_text = _with_date(_answer("He was killed on 20 October 2011 in Sirte.", "2012-03-03"), "en", TODAY)
    assert from_text.short_answer == "20 October 2011" and "the date the article gives" in from_text.text
    worked_out = _with_date(_answer("Χθες τα μεσάνυχτα δύο τρένα συγκρούστηκαν.", "2012-03-04", "el"), "el", TODAY)
    assert worked_out.short_answer == "3 Μαρτίου 2012"
    assert "«Χθες»" in worked_out.text and "4 Μαρτίου 2012" in worked_out.text
    weekday = _with_date(_answer("The bridge opened on Friday.", "2023-09-05"), "en", TODAY)  # a Tuesday
    assert weekday.short_answer == "1 September 2023"
    article_day = _with_date(_answer("The bridge is 120 metres long.", "2023-09-05"), "en", TODAY)
    assert article_day.short_answer == "5 September 2023" and "date of the article" in article_day.text
    undated = _with_date(_answer("It happened yesterday.", ""), "en", TODAY)
    assert undated.short_answer is None and undated.text == "«It happened yesterday.» [1]"
    assert _with_date(_answer("In 1973 Denmark joined.", ""), "en", TODAY).short_answer == "1973"
