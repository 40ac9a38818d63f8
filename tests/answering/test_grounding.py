"""The grounding check over invented claims, in Greek and in English, against invented sources."""

from __future__ import annotations

import itertools
import logging

import pytest
from fakes import FixedRetriever, hit

from bot.answering.claims import SourceFacts, facts_of, names_match, unsupported
from bot.answering.context import CheckedStream, clip, numbered_sources
from bot.answering.grounding import GroundingCheck, log_dropped, sentences_of
from index.text import name_key

# Invented articles: nothing here is a real event.
ARTICLE_EL = (
    "Στις 14 Μαρτίου 2031 ο υπουργός Ναυτιλίας Ευάγγελος Παπαθανασόπουλος επισκέφθηκε τη Θεσσαλονίκη. "
    "Την Τετάρτη υπέγραψε συμφωνία ύψους 2,5 εκατ. ευρώ με τον δήμαρχο Χαράλαμπο Ντόκο. "
    "Στη συνάντηση συμμετείχαν τρεις εκπρόσωποι της εταιρείας Θαλασσόδρομος και 1.200 εργαζόμενοι."
)
ARTICLE_EN = (
    "On 3 November 2030 Admiral Martin Solberg opened the new harbour of Kavala. "
    "The project cost 48 million euros and employed 350 workers, the ministry said on Friday."
)
SOURCES = {1: ARTICLE_EL, 2: ARTICLE_EN}


@pytest.fixture(scope="module")
def check() -> GroundingCheck:
    return GroundingCheck(SOURCES)


@pytest.mark.parametrize(
    "sentence",
    [
        # Greek names in Latin script, inflected, with titles around them
        "Shipping Minister Evangelos Papathanasopoulos visited Thessaloniki [1].",
        "He signed the agreement with Mayor Charalambos Dokos [1].",
        "Ο Παπαθανασόπουλος συναντήθηκε με τον δήμαρχο Χαράλαμπο Ντόκο [1].",
        # an English name in Greek script
        "Ο ναύαρχος Μάρτιν Σόλμπεργκ εγκαινίασε το λιμάνι της Καβάλας [2].",
        # dates in several forms and languages
        "The visit took place on March 14, 2031 [1].",
        "The visit took place on 14/3 [1].",
        "Η επίσκεψη έγινε στις 14 Μαρτίου [1].",
        "The agreement was signed on Wednesday [1].",
        "Το λιμάνι άνοιξε στις 3 Νοεμβρίου 2030 [2].",
        "The harbour opened in November [2].",
        # numbers: decimal comma, thousands dot, scale words, number words
        "The agreement is worth 2.5 million euros [1].",
        "Η συμφωνία αξίζει 2,5 εκατομμύρια ευρώ [1].",
        "Three representatives and 1,200 workers took part [1].",
        "Το έργο κόστισε 48 εκατ. ευρώ και απασχόλησε 350 εργαζόμενους [2].",
        # citations to two sources: each fact in one of them
        "Papathanasopoulos visited Thessaloniki [1] and Solberg opened Kavala's harbour [2].",
        # facts only common words can carry pass too
        "The meeting was about the harbour [2].",
    ],
)
def test_supported_claims_pass(check: GroundingCheck, sentence: str) -> None:
    result = check.check_sentence(sentence)
    assert result.passed, result.reason


@pytest.mark.parametrize(
    ("sentence", "missing"),
    [
        # invented names, in either script
        ("Minister Papathanasopoulos met Nikolaos Karamitsos in Thessaloniki [1].", "Nikolaos Karamitsos"),
        ("Ο υπουργός συναντήθηκε με τον Νικόλαο Καραμήτσο [1].", "Νικόλαο Καραμήτσο"),
        ("The company Poseidonia Lines took part [1].", "Poseidonia Lines"),
        ("The minister flew on to Patras [1].", "Patras"),
        # a name that is in a source, but not in the one cited
        ("Admiral Martin Solberg visited Thessaloniki [1].", "Martin Solberg"),
        # wrong numbers and dates
        ("The agreement is worth 3.5 million euros [1].", "3.5"),
        ("Η συμφωνία αφορά 1.500 εργαζόμενους [1].", "1.500"),
        ("The visit took place on March 15 [1].", "March 15"),
        ("Η επίσκεψη έγινε στις 14 Απριλίου [1].", "14 Απριλίου"),
        ("The visit took place on 15/3 [1].", "15/3"),
        ("The harbour opened in December [2].", "December"),
        ("Η συμφωνία υπογράφηκε την Πέμπτη [1].", "Πέμπτη"),
        ("Five representatives took part [1].", "Five"),
        ("The visit was in 2032 [1].", "2032"),
    ],
)
def test_unsupported_claims_fail_and_name_what_is_missing(
    check: GroundingCheck, sentence: str, missing: str
) -> None:
    result = check.check_sentence(sentence)
    assert not result.passed
    assert missing in result.missing, result.missing


def test_a_sentence_without_a_citation_fails(check: GroundingCheck) -> None:
    result = check.check_sentence("Papathanasopoulos visited Thessaloniki.")
    assert not result.passed and result.reason == "cites no source"


def test_a_citation_of_an_unknown_source_does_not_count(check: GroundingCheck) -> None:
    assert not check.check_sentence("Papathanasopoulos visited Thessaloniki [7].").passed


def test_check_drops_failing_sentences_and_keeps_the_rest(check: GroundingCheck) -> None:
    text = (
        "Minister Papathanasopoulos visited Thessaloniki on 14 March [1]. "
        "He was greeted by Prime Minister Alexis Vassilakis [1]. "
        "The deal is worth 2.5 million euros [1].\n\n"
        "- Admiral Solberg opened the harbour [2]\n"
        "- It cost 99 million euros [2]\n"
        "Everyone was pleased."
    )
    result = check.check(text)
    assert "Vassilakis" not in result.text and "99" not in result.text and "pleased" not in result.text
    assert result.text == (
        "Minister Papathanasopoulos visited Thessaloniki on 14 March [1]. "
        "The deal is worth 2.5 million euros [1].\n\n"
        "- Admiral Solberg opened the harbour [2]"
    )
    assert [c.reason for c in result.dropped] == [
        "not in its sources: Alexis Vassilakis",
        "not in its sources: 99",
        "cites no source",
    ]
    assert result.cited == (1, 2)
    assert result.unsupported_facts == 2


def test_nothing_cited_left_when_every_sentence_fails(check: GroundingCheck) -> None:
    result = check.check("Nikolaos Karamitsos won [1]. It was on 9 May [2].")
    assert result.text == "" and result.cited == ()


def test_citations_after_the_full_stop_belong_to_the_sentence_before() -> None:
    assert sentences_of("Solberg opened the harbour. [2] The cost was 48 million. [2][1]") == [
        "Solberg opened the harbour. [2]",
        "The cost was 48 million. [2][1]",
    ]


def test_an_unfinished_last_sentence_is_not_shown_while_streaming(check: GroundingCheck) -> None:
    partial = "Admiral Solberg opened the harbour [2]. It cost 48"
    assert check.check(partial, complete=False).text == "Admiral Solberg opened the harbour [2]."
    assert check.check(partial, complete=True).text == "Admiral Solberg opened the harbour [2]."
    assert check.check("It cost 48", complete=False).text == ""


def test_stream_shows_only_checked_finished_sentences_and_times_them(check: GroundingCheck) -> None:
    reply = "Solberg opened the harbour [2]. She thanked Senator Ruth Okafor [2]. It cost 48 million euros [2]."
    shown: list[str] = []
    stream = CheckedStream(check, shown.append, started=0.0)
    for end in range(1, len(reply) + 1, 4):
        stream(reply[:end])
    stream(reply)
    assert shown and all("Okafor" not in text for text in shown)
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(shown))
    timings = stream.timings(finished=10**9)
    assert 0 < timings["llm_first_token_s"] <= timings["first_shown_s"] < timings["llm_answer_s"]


def test_lone_capitalised_first_word_is_not_taken_for_a_name() -> None:
    assert facts_of("Training was discussed [1].", claim=True).names == {}
    assert list(facts_of("Training Minister Karamitsos spoke [1].", claim=True).names) == ["Karamitsos"]


def test_name_keys_meet_across_scripts_and_inflection() -> None:
    pairs = [("Namroush", "Ναμρούς"), ("Ankara", "Άγκυρα"), ("Bayraktaroglu", "Μπαϊρακτάρογλου"),
             ("Thessaloniki", "Θεσσαλονίκης"), ("Dokos", "Ντόκο")]
    for latin, greek in pairs:
        assert names_match(name_key(latin), name_key(greek)), (latin, greek)
    assert not names_match(name_key("Karamitsos"), name_key("Παπαθανασόπουλος"))
    assert not names_match(name_key("Patras"), name_key("Θεσσαλονίκη"))
    # an inflection adds an ending to a shared stem; a longer word that shares a beginning is another word
    assert names_match(name_key("Άγκυρα"), name_key("Άγκυρας"))
    assert not names_match(name_key("Polish"), name_key("Πολιτικών"))


def test_number_readings_follow_both_conventions() -> None:
    source = SourceFacts.of("Κόστισε 1.200 ευρώ, δηλαδή 1,2 χιλ., και 0,5% του ποσού.")
    for claim in ("It cost 1,200 euros [1].", "It cost 1.2 thousand [1].", "It was 0.5% [1]."):
        assert unsupported(facts_of(claim, claim=True), [source]) == [], claim
    assert unsupported(facts_of("It cost 12,000 euros [1].", claim=True), [source]) == ["12,000"]


def test_dropped_sentences_are_logged_with_the_reason(
    check: GroundingCheck, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.answering.grounding"):
        log_dropped(check.check("Solberg met Ruth Okafor [2]."), "tiny-model")
    assert "Ruth Okafor" in caplog.text and "tiny-model" in caplog.text


def test_sources_are_numbered_per_article_and_clipped_at_sentence_ends() -> None:
    hits = [hit("a", 0, "One two three. Four five six."), hit("b", 0, "Seven."), hit("a", 1, "Eight nine.")]
    sources = numbered_sources(hits, chars=16)
    assert [(s.n, [h.chunk_id for h in doc_hits]) for s, doc_hits in sources] == [
        (1, ["a:0", "a:1"]), (2, ["b:0"])
    ]
    assert sources[0][0].text == "One two three.\nEight nine."
    assert clip("Averyveryverylongword and more", 10).endswith("…")


def test_english_exonyms_and_acronyms_are_found_under_their_greek_names() -> None:
    source = SourceFacts.of("Η Ελλάδα και η ΕΕ συζήτησαν στην Αθήνα με την Τουρκία.")
    for claim in ("Greece and the EU met in Athens [1].", "Greek and Turkish officials met [1]."):
        assert unsupported(facts_of(claim, claim=True), [source]) == [], claim
    assert unsupported(facts_of("Greece and Britain met in Athens [1].", claim=True), [source]) == ["Britain"]



def test_citation_quotes_come_from_chunks_the_model_was_given() -> None:
    from fakes import CountingEmbedder
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from bot.answering.answerer import Answerer, AnswerPolicy
    from bot.answering.generative import GenerativeBackend
    from index.settings import Settings

    question = "Where did Admiral Solberg open the new harbour?"
    hits = [
        hit("a", 0, "Admiral Martin Solberg spoke in Kavala about ships."),
        hit("b", 0, "Ports of the north were busy in March."),
        hit("c", 0, "Fishermen complained about prices."),
        # the best sentence for the question, in a chunk of article a that the prompt leaves out
        hit("a", 1, "Admiral Solberg opened the new harbour in Kavala."),
    ]
    model = FakeListChatModel(responses=["Admiral Martin Solberg spoke in Kavala [1]."])
    backend = GenerativeBackend(Settings(), chat_model=model)
    policy = AnswerPolicy(min_relevance=0.0, min_relevance_greek=0.0, llm_sources=3)
    embedder = CountingEmbedder()
    answer = Answerer(FixedRetriever(hits), embedder, policy, backend)(question)  # type: ignore[arg-type]
    assert answer.backend == "llm" and answer.text == "Admiral Martin Solberg spoke in Kavala [1]."
    assert [c.quote for c in answer.citations] == ["Admiral Martin Solberg spoke in Kavala about ships."]


# An invented dated source: its header dates it, its text dates an event without a year.
DATED_SOURCE = "Ναυάγιο στο Αιγαίο\n2031-02-10\nΕφημερίδα\nΣτις 20 Δεκεμβρίου βυθίστηκε το φορτηγό πλοίο Αργώ."


@pytest.mark.parametrize(
    ("sentence", "passes"),
    [
        # a year-less date in the text means the nearest such day to the article's date
        ("The cargo ship Argo sank on December 20, 2030 [1].", True),
        ("Το φορτηγό βυθίστηκε στις 20/12/2030 [1].", True),
        ("The cargo ship Argo sank on 20 December [1].", True),
        # the article's own date, written out
        ("The report is dated 10 February 2031 [1].", True),
        # right day and month, wrong year: each part is in the source, the date is not
        ("The cargo ship Argo sank on December 20, 2031 [1].", False),
        ("Το φορτηγό βυθίστηκε στις 20 Δεκεμβρίου 2029 [1].", False),
    ],
)
def test_a_date_with_its_year_is_checked_whole(sentence: str, passes: bool) -> None:
    result = GroundingCheck({1: DATED_SOURCE}).check_sentence(sentence)
    assert result.passed is passes, result.missing


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # a citation written as its own sentence after an uncited one belongs to that one
        ("Solberg opened the harbour. This information is found in [2].", ["Solberg opened the harbour. [2]"]),
        ("Ο Σόλμπεργκ άνοιξε το λιμάνι. Η πληροφορία αναφέρεται στην πηγή [2].", ["Ο Σόλμπεργκ άνοιξε το λιμάνι. [2]"]),
        ("The project cost 48 million. This can be found in sources [1] and [2].",
         ["The project cost 48 million. [1] [2]"]),
        # a sentence that says something besides where it is written stays a sentence of its own
        ("Solberg opened the harbour [2]. According to the articles, he was happy [2].",
         ["Solberg opened the harbour [2].", "According to the articles, he was happy [2]."]),
    ],
)
def test_a_reference_sentence_lends_its_citations_to_the_sentence_before(text: str, sentences: list[str]) -> None:
    assert sentences_of(text) == sentences


def test_a_reference_sentence_does_not_make_an_unsupported_claim_pass(check: GroundingCheck) -> None:
    result = check.check("Admiral Solberg was born in Oslo. This information is found in [2].")
    assert result.text == ""
    assert result.dropped[0].missing == ("Oslo",)


def test_source_tags_echoed_by_the_model_are_read_as_citations() -> None:
    from bot.answering.generative import clean_citations

    text, removed = clean_citations('The harbour opened. This is stated in <source n="2">.', {1, 2})
    assert text == "The harbour opened. This is stated in [2]."
    assert removed == ()
