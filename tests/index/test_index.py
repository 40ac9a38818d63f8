"""The index road with a counting fake embedder and a real embedded Chroma in a temp dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import CountingEmbedder

from index.catalog import Catalog
from index.chunking import chunk_article
from index.corpus import load_corpus
from index.errors import IndexBusyError, IndexMissingError
from index.lexical import BM25Index, analyse, analyse_query
from index.reindex import reindex, reindex_lock
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore
from index.text import fold, latin_skeleton, split_sentences

SEED = Path(__file__).resolve().parents[2] / "corpus" / "000_1ed5aa9ce87cdf07.txt"


def _article(doc_id: str, title: str, text: str) -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": "2026-01-02", "source": "test", "url": "", "text": text}


def _write_corpus(folder: Path, articles: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


ARTICLES = [
    _article("a1", "Σεισμός στην Κρήτη", "Σεισμός 5 Ρίχτερ σημειώθηκε στην Κρήτη. Δεν υπάρχουν ζημιές. "
             "Οι σεισμολόγοι παρακολουθούν την περιοχή."),
    _article("a2", "Εκλογές στη Γερμανία", "Οι Γερμανοί ψηφίζουν την Κυριακή. Ο Μερτς προηγείται στις "
             "δημοσκοπήσεις. Η συμμετοχή αναμένεται υψηλή."),
    _article("a3", "Ποδόσφαιρο", "Ο Ολυμπιακός κέρδισε 2-0 τον Παναθηναϊκό. Τα γκολ σημείωσε ο Ελ Κααμπί."),
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    _write_corpus(tmp_path / "corpus", ARTICLES)
    return Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"),
                    NEWSBOT_CHUNK_TOKENS=40)  # type: ignore[call-arg]


def test_split_sentences_keeps_abbreviations_numbers_and_greek_question_marks() -> None:
    text = "Ο κ. Παπαδόπουλος είπε 3.5 εκατ. ευρώ. Τι έγινε; Τίποτα!\n\nΝέα παράγραφος"
    assert split_sentences(text) == [
        "Ο κ. Παπαδόπουλος είπε 3.5 εκατ. ευρώ.", "Τι έγινε;", "Τίποτα!", "Νέα παράγραφος"
    ]


def test_chunks_fit_the_budget_overlap_and_carry_citation_fields() -> None:
    article = load_corpus(SEED.parent).articles[0]
    embedder = CountingEmbedder()
    chunks = chunk_article(article, embedder.count_tokens, chunk_tokens=120, overlap_sentences=1)
    assert len(chunks) > 2
    assert all(embedder.count_tokens(c.text) <= 120 for c in chunks)
    assert all(c.title == article.title and c.date == "2026-02-18" for c in chunks)
    # consecutive chunks share one sentence
    first_last = split_sentences(chunks[0].text)[-1]
    assert split_sentences(chunks[1].text)[0] == first_last
    joined = " ".join(article.text.split())
    assert all(c.text in joined for c in chunks)


def test_greek_folding_and_cross_script_names() -> None:
    assert fold("Άγκυρα ΑΘΉΝΑ ς") == "αγκυρα αθηνα σ"
    assert latin_skeleton("Ναμρούς") == latin_skeleton("Namroush")
    assert latin_skeleton("Μπαϊρακτάρογλου") == latin_skeleton("Bayraktaroglu")
    assert latin_skeleton("Ερντογάν") == latin_skeleton("Erdogan")
    # English questions search names and numbers only
    assert analyse_query("Who met Erdogan in 2024?") == ["l:erdogan", "l:2024", "g:2024"]


def test_the_indexed_latin_field_keeps_what_a_diaeresis_says() -> None:
    # «Μπαϊρακτάρογλου» is ba-i, not "be": indexed as the English spelling is searched
    indexed = analyse("συζήτησε με τον στρατηγό Σελτσούκ Μπαϊρακτάρογλου")
    assert set(analyse_query("Who is Bayraktaroglu?")) <= set(indexed)
    assert set(analyse_query("Who played for Barnsley?")) <= set(analyse("ο Μπάρνσλεϊ κέρδισε"))
    assert [t for t in analyse("ταΐζω τα ζώα") if t.startswith("g:")] == ["g:ταιζω", "g:ζωα"]  # one word


def test_bm25_prefers_the_document_with_the_terms_and_is_accent_insensitive() -> None:
    index = BM25Index.build(["Ο Ναμρούς επισκέφθηκε την Άγκυρα", "Βροχές στην Αθήνα", "Ο Namroush"])
    scores = index.scores("αγκυρα ναμρους")
    assert scores.argmax() == 0 and scores[1] == 0
    assert 0 < scores.max() <= 1
    assert index.scores("Namroush")[0] > 0  # Latin spelling meets the Greek one


def test_reindex_embeds_only_what_changed(settings: Settings) -> None:
    embedder = CountingEmbedder()
    first = reindex(settings, embedder)
    assert (first.added, first.updated, first.removed, first.unchanged) == (3, 0, 0, 0)
    assert first.sentences > 0  # each sentence's vector is stored for answering, beside the chunks'
    assert embedder.passages_embedded == first.chunks + first.sentences > first.sentences

    embedder.passages_embedded = 0
    second = reindex(settings, embedder)
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 0, 0, 3)
    assert embedder.passages_embedded == 0
    assert second.generation == first.generation  # nothing rewritten

    changed = [*ARTICLES[:1], _article("a2", "Εκλογές στη Γερμανία", "Ο Μερτς κέρδισε τις εκλογές."),
               _article("a4", "Καιρός", "Χιόνια στην Αθήνα.")]
    _write_corpus(settings.corpus_dir, changed)
    third = reindex(settings, embedder)
    assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 1, 1)
    # only the chunks of the changed and the new article were embedded, and their one sentence each
    assert third.sentences == 2
    assert embedder.passages_embedded == 2 + 2
    store = VectorStore(settings.index_dir)
    pointer = store.read_pointer()
    assert pointer is not None and pointer.generation == third.generation
    assert third.generation == first.generation  # updated in place, not rebuilt beside
    assert set(Catalog(store.catalog_path(pointer.generation)).manifest()) == {"a1", "a2", "a4"}
    assert store.count(pointer.generation) == third.chunks  # the old and removed versions' vectors are gone


def test_search_ranks_the_matching_article_first(settings: Settings) -> None:
    embedder = CountingEmbedder()
    reindex(settings, embedder)
    retriever = Retriever(VectorStore(settings.index_dir), embedder, lexical_weight=0.3)
    hits = retriever.search("σεισμός στην Κρήτη", 3)
    assert hits[0].doc_id == "a1"
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0].title == "Σεισμός στην Κρήτη" and hits[0].date == "2026-01-02"
    assert retriever.search("   ", 3) == []


def test_search_before_any_reindex_says_so(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="newsbot reindex"):
        Retriever(VectorStore(settings.index_dir), CountingEmbedder()).search("x", 1)


def test_retriever_switches_to_a_newer_generation(settings: Settings) -> None:
    embedder = CountingEmbedder()
    reindex(settings, embedder)
    retriever = Retriever(VectorStore(settings.index_dir), embedder, recheck_seconds=0)
    assert {h.doc_id for h in retriever.search("Χιόνια στην Αθήνα", 5)} <= {"a1", "a2", "a3"}
    _write_corpus(settings.corpus_dir, [*ARTICLES, _article("a4", "Καιρός", "Χιόνια στην Αθήνα.")])
    reindex(settings, embedder, store=VectorStore(settings.index_dir))
    assert retriever.search("Χιόνια στην Αθήνα", 1)[0].doc_id == "a4"


def test_a_second_reindex_is_refused_while_one_runs(settings: Settings) -> None:
    with reindex_lock(settings.index_dir), pytest.raises(IndexBusyError, match="already running"):
        reindex(settings, CountingEmbedder())


def test_an_interrupted_reindex_keeps_the_old_index_and_is_finished_later(settings: Settings) -> None:
    embedder = CountingEmbedder()
    first = reindex(settings, embedder)
    many = [_article(f"n{i}", f"Θέμα {i}", f"Είδηση αριθμός {i}. Δεύτερη πρόταση {i}.") for i in range(300)]
    _write_corpus(settings.corpus_dir, many)

    class Interrupted(Exception):
        pass

    def stop_after_first_batch(done: int) -> None:
        raise Interrupted

    with pytest.raises(Interrupted):
        reindex(settings, embedder, after_batch=stop_after_first_batch)
    store = VectorStore(settings.index_dir)
    pointer = store.read_pointer()
    assert pointer is not None and pointer.generation == first.generation  # still the old, complete one
    retriever = Retriever(store, embedder)
    assert retriever.search("σεισμός Κρήτη", 1)[0].doc_id == "a1"

    embedded_before = embedder.passages_embedded
    done = reindex(settings, embedder)
    stored_by_broken_run = 128  # one batch: max(encode_batch_size * 4, 64) with the default 32
    assert embedder.passages_embedded - embedded_before == done.chunks - stored_by_broken_run + done.sentences
    assert done.added == 300 and done.removed == 3
