"""Followed topics against new articles: the bot's hybrid search restricted to those articles,
above a threshold, with the sentence the answerer's scorer ranks first (real Chroma, fake embedder)."""

from __future__ import annotations

from pathlib import Path

from fakes import CountingEmbedder
from followers_corpus import ARTICLES, FAKE_THRESHOLD, fake_retriever, indexed_corpus

from bot.answering.topic_match import TopicMatcherService, TopicThresholds, topic_scores
from index.text import split_sentences


def test_an_article_scores_within_its_chunks_what_the_full_search_gives_it(tmp_path: Path) -> None:
    retriever = fake_retriever(indexed_corpus(tmp_path))
    for topic in ("λιμάνι του Βόλου", "election in Portugal", "χιόνια Φλώρινα"):
        full = {h.chunk_id: h.score for h in retriever.search(topic, 50)}
        within = retriever.search_within(topic, ["port", "vote"])
        assert {h.doc_id for h in within} == {"port", "vote"}  # only the articles asked about
        assert within == sorted(within, key=lambda h: -h.score)
        for hit in within:
            assert abs(hit.score - full[hit.chunk_id]) < 1e-6, (topic, hit.chunk_id)
    assert retriever.search_within("λιμάνι", ["not-indexed"]) == []
    assert retriever.search_within("   ", ["port"]) == []


def test_only_the_articles_about_a_topic_match_it_with_their_best_sentence(tmp_path: Path) -> None:
    retriever = fake_retriever(indexed_corpus(tmp_path))
    embedder = CountingEmbedder()
    matcher = TopicMatcherService(retriever, embedder, TopicThresholds(latin=FAKE_THRESHOLD, greek=FAKE_THRESHOLD))
    all_ids = [a["id"] for a in ARTICLES]
    matches = matcher(["λιμάνι Βόλου", "election in Portugal", "σεισμός στην Κρήτη", "λιμάνι Βόλου"], all_ids)
    assert [(m.topic, m.doc_id) for m in matches] == [("λιμάνι Βόλου", "port"), ("election in Portugal", "vote")]
    port = matches[0]
    assert port.title == "Επέκταση στο λιμάνι του Βόλου" and port.date == "2026-03-02"
    assert port.url == "https://www.ertnews.gr/volos-port?a=1&b=2" and port.source == "ertnews.gr"
    # A sentence about the port, not the article's third one (about lorries), which shares no word with it.
    assert port.sentence in split_sentences(ARTICLES[0]["text"])[:2]
    assert port.score >= FAKE_THRESHOLD
    # Only the new articles are searched: an article about the topic that is not new never matches.
    assert matcher(["λιμάνι Βόλου"], ["snow", "vote"]) == []
    # A threshold above every score matches nothing; the Greek one applies to Greek topics only.
    strict_greek = TopicMatcherService(retriever, embedder, TopicThresholds(latin=FAKE_THRESHOLD, greek=0.99))
    assert [m.doc_id for m in strict_greek(["λιμάνι Βόλου", "election in Portugal"], all_ids)] == ["vote"]


def test_topic_scores_are_the_best_chunk_of_each_article(tmp_path: Path) -> None:
    retriever = fake_retriever(indexed_corpus(tmp_path))
    scores = topic_scores(retriever, "χιόνια Φλώρινα", ["port", "snow", "vote"])
    assert set(scores) == {"port", "snow", "vote"}
    assert max(scores, key=lambda d: scores[d]) == "snow"
    assert scores["snow"] >= FAKE_THRESHOLD > scores["port"]


def test_a_topic_is_embedded_once_however_many_fetches_search_it(tmp_path: Path) -> None:
    settings = indexed_corpus(tmp_path)
    embedder = CountingEmbedder()
    matcher = TopicMatcherService(fake_retriever(settings), embedder,
                                  TopicThresholds(latin=FAKE_THRESHOLD, greek=FAKE_THRESHOLD))
    assert matcher(["λιμάνι Βόλου", "election in Portugal"], ["snow"]) == []  # neither is about snow
    assert embedder.queries_embedded == 2
    assert matcher(["λιμάνι  Βόλου", "election in Portugal"], ["snow"]) == []  # the next fetch: none embedded
    assert embedder.queries_embedded == 2
    assert matcher(["χιόνια Φλώρινα", "election in Portugal"], ["port"]) == []
    assert embedder.queries_embedded == 3  # only the new topic
    assert matcher(["  "], ["port"]) == [] and matcher([], ["port"]) == []
