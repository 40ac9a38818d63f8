"""The time-expression parser: a table of Greek and English expressions with the periods they name.

``today`` is fixed at Wednesday 2024-05-15 for every row; None means "no period" (not a date).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.question.time_expressions import Period, parse_time, write_day, write_period

TODAY = date(2024, 5, 15)  # a Wednesday


def _p(start: str, end: str | None = None) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end or start))


TABLE: list[tuple[str, Period | None]] = [
    # absolute days
    ("Τι έγινε στις 6 Μαρτίου 2012 στη Βουλή;", _p("2012-03-06")),
    ("What happened on 10 March 2012 in Libya?", _p("2012-03-10")),
    ("What happened on March 10, 2012?", _p("2012-03-10")),
    ("What happened on the 3rd of March 2012?", _p("2012-03-03")),
    ("Τι ανακοινώθηκε την 1η Φεβρουαρίου 2013;", _p("2013-02-01")),
    ("News of 2013-01-28 about Russia", _p("2013-01-28")),
    ("Τι έγινε στις 28/1/2013;", _p("2013-01-28")),
    ("Τι έγινε στις 6 Μαρτίου;", _p("2024-03-06")),  # no year: the latest 6 March not after today
    ("What happened on 20 December?", _p("2023-12-20")),
    # months
    ("What happened in Syria in March 2012?", _p("2012-03-01", "2012-03-31")),
    ("Τι συνέβη τον Ιανουάριο του 2013;", _p("2013-01-01", "2013-01-31")),
    ("Τι έγινε τον Μάη του 2019;", _p("2019-05-01", "2019-05-31")),
    ("Ειδήσεις Αυγούστου 2020 για τις πυρκαγιές", _p("2020-08-01", "2020-08-31")),
    ("Any news from Sept. 2015?", _p("2015-09-01", "2015-09-30")),
    ("Τι έγινε τον Απρίλιο;", _p("2024-04-01", "2024-04-30")),
    ("What happened in December?", _p("2023-12-01", "2023-12-31")),  # the latest December
    ("What did the minister say in May?", _p("2024-05-01", "2024-05-31")),
    # years
    ("Ποια είδηση για ιατρική έρευνα δημοσιεύθηκε το 2014;", _p("2014-01-01", "2014-12-31")),
    ("What news was there about the strike in 2013?", _p("2013-01-01", "2013-12-31")),
    ("Τι έγινε κατά το 2009 στην οικονομία;", _p("2009-01-01", "2009-12-31")),
    # ranges
    ("What happened between March and May 2012?", _p("2012-03-01", "2012-05-31")),
    ("Τι έγινε από τον Μάρτιο έως τον Μάιο του 2012;", _p("2012-03-01", "2012-05-31")),
    ("Ειδήσεις μεταξύ 2010 και 2012 για την κρίση", _p("2010-01-01", "2012-12-31")),
    ("What happened from 2005 to 2007?", _p("2005-01-01", "2007-12-31")),
    ("Οι εκλογές στις 23 και 24 Μαΐου 2012", _p("2012-05-23", "2012-05-24")),
    # relative to today
    ("What happened yesterday?", _p("2024-05-14")),
    ("Τι έγινε χθες στη Βουλή;", _p("2024-05-14")),
    ("Τι έγινε προχθές;", _p("2024-05-13")),
    ("What happened the day before yesterday?", _p("2024-05-13")),
    ("Τι νέα έχουμε σήμερα;", _p("2024-05-15")),
    ("What happened this week in Athens?", _p("2024-05-13", "2024-05-19")),
    ("Τι έγινε αυτή την εβδομάδα;", _p("2024-05-13", "2024-05-19")),
    ("What damage did the storm cause last week?", _p("2024-05-06", "2024-05-12")),
    ("Τι έγινε την περασμένη εβδομάδα στην Κρήτη;", _p("2024-05-06", "2024-05-12")),
    ("Τι έγινε την προηγούμενη βδομάδα;", _p("2024-05-06", "2024-05-12")),
    ("What did the prime minister announce last month?", _p("2024-04-01", "2024-04-30")),
    ("Τι ανακοίνωσε ο υπουργός τον περασμένο μήνα;", _p("2024-04-01", "2024-04-30")),
    ("What happened this month?", _p("2024-05-01", "2024-05-31")),
    ("Τι έγινε πέρσι στις εκλογές;", _p("2023-01-01", "2023-12-31")),
    ("Τι έγινε πέρυσι;", _p("2023-01-01", "2023-12-31")),
    ("What happened last year?", _p("2023-01-01", "2023-12-31")),
    ("Τι έγινε φέτος;", _p("2024-01-01", "2024-12-31")),
    ("What happened in the last 3 days?", _p("2024-05-13", "2024-05-15")),
    ("Τι έγινε τις τελευταίες δύο εβδομάδες;", _p("2024-05-02", "2024-05-15")),
    ("What happened on Friday?", _p("2024-05-10")),
    ("What happened last Wednesday?", _p("2024-05-08")),
    ("Τι έγινε την Παρασκευή;", _p("2024-05-10")),
    ("Τι έγινε το Σάββατο;", _p("2024-05-11")),
    # not dates
    ("Ποιος είναι ο Μάρτιος Παπαδόπουλος;", None),
    ("May the new law pass the parliament?", None),
    ("The minister may resign after the vote", None),
    ("How many of the 2014 workers lost their jobs?", None),
    ("Πόσοι από τους 2014 εργαζόμενους απολύθηκαν;", None),
    ("Πόσα κόστισαν τα 1500 αυτοκίνητα;", None),
    ("Did 2000 people march in Athens?", None),
    ("Ήταν η τρίτη φορά που έγινε σεισμός;", None),
    ("Who scored the last goal?", None),
    ("Ποιος έβαλε το τελευταίο γκολ;", None),
    ("Who is the new chief of staff of Libya?", None),
    ("Τι συζητήθηκε στην Άγκυρα;", None),
    ("Which album did he unveil on Saturday Night Live?", None),
    ("Ποιο τείχος σώζεται ακόμη και σήμερα;", None),
    ("Whose wall is visible even today?", None),
]


@pytest.mark.parametrize(("question", "period"), TABLE, ids=[q for q, _ in TABLE])
def test_period_of_each_expression(question: str, period: Period | None) -> None:
    assert parse_time(question, TODAY).period == period


def test_the_table_is_large_and_bilingual() -> None:
    greek = [q for q, _ in TABLE if any("α" <= c <= "ω" for c in q.lower())]
    assert len(TABLE) >= 40 and len(greek) >= 20 and len(TABLE) - len(greek) >= 20
    assert sum(p is None for _, p in TABLE) >= 10


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        ("What happened in Syria in March 2012?", "What happened in Syria?"),
        ("Τι συνέβη στο Αφγανιστάν τον Ιανουάριο του 2013;", "Τι συνέβη στο Αφγανιστάν;"),
        ("Τι έγινε χθες στη Βουλή;", "Τι έγινε στη Βουλή;"),
        ("What is the latest news about the strike?", "What is the news about the strike?"),
        ("Ποια είναι τα τελευταία νέα για την απεργία;", "Ποια είναι τα νέα για την απεργία;"),
        ("Who scored the last goal?", "Who scored the last goal?"),
    ],
)
def test_the_expression_leaves_the_search_text(question: str, rest: str) -> None:
    assert parse_time(question, TODAY).text == rest


@pytest.mark.parametrize(
    ("question", "latest", "when"),
    [
        ("What is the latest news about the strike?", True, False),
        ("Ποια είναι τα πιο πρόσφατα νέα για την απεργία;", True, False),
        ("Τι νέα υπάρχουν για τον δήμαρχο;", True, False),
        ("What has the mayor said recently?", True, False),
        ("When did the trains collide?", False, True),
        ("Πότε έγινε ο σεισμός;", False, True),
        ("On what date was the law passed?", False, True),
        ("Ποιος έβαλε το τελευταίο γκολ;", False, False),
        ("Who won the election?", False, False),
        ("Why was he in the city when the earthquake struck?", False, False),
        ("Δεν έχει γίνει ποτέ ξανά;", False, False),
        ("On which day of the week did the visit begin?", False, False),
        ("In what year did the drought start?", False, True),
        ("Ποια χρονιά έκλεισε το μουσείο;", False, True),
    ],
)
def test_latest_and_when_questions(question: str, latest: bool, when: bool) -> None:
    parsed = parse_time(question, TODAY)
    assert (parsed.latest, parsed.asks_when) == (latest, when)


def test_article_text_dates_use_the_nearest_year_and_weekdays_before_its_day() -> None:
    published = date(2012, 3, 1)  # a Thursday
    assert parse_time("οι εκλογές θα γίνουν στις 23 Μαΐου", published, nearest_year=True).period == _p("2012-05-23")
    assert parse_time("τα τρένα συγκρούστηκαν την Πέμπτη", published, weekday_before=True).period == _p("2012-02-23")
    assert parse_time("Χθες τα μεσάνυχτα", published).period == _p("2012-02-29")


def test_dates_and_periods_written_out_in_each_language() -> None:
    assert write_day(date(2012, 3, 3), "en") == "3 March 2012"
    assert write_day(date(2012, 3, 3), "el") == "3 Μαρτίου 2012"
    assert write_period(_p("2014-04-01", "2014-04-30"), "en") == "April 2014"
    assert write_period(_p("2014-04-01", "2014-04-30"), "el") == "τον Απρίλιο του 2014"
    assert write_period(_p("2013-01-01", "2013-12-31"), "el") == "το 2013"
    assert write_period(_p("2024-05-06", "2024-05-12"), "en") == "6 May 2024 to 12 May 2024"
