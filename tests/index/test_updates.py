"""Updates in place: only changed articles are written, readers never see an article half-updated,
the lexical index (SQLite FTS5) follows every change, date filters act inside the stores, and
commands that need no model never import one."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from fakes import CountingEmbedder

from index.catalog import Catalog
from index.reindex import reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore


def _record(doc_id: str, title: str, text: str, date: str = "2026-01-02") -> dict[str, str]:
    return {"id": doc_id, "title": title, "date": date, "source": "test", "url": "", "text": text}


def _write(folder: Path, records: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _long_story(version: str, sentences: int = 30) -> str:
    return " ".join(f"Η πρόταση {i} της έκδοσης {version} για το λιμάνι του Βόλου." for i in range(sentences))


OTHERS = [_record(f"o{i}", f"Άλλο θέμα {i}", f"Βροχές και χιόνια στη Φλώρινα, μέρα {i}.") for i in range(5)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(NEWSBOT_DATA_DIR=str(tmp_path / "data"), NEWSBOT_CORPUS_DIR=str(tmp_path / "corpus"),
                    NEWSBOT_CHUNK_TOKENS=40)  # type: ignore[call-arg]


def test_an_update_writes_only_the_changed_article_and_readers_never_see_it_half_updated(
    settings: Settings,
) -> None:
    _write(settings.corpus_dir, [_record("port", "Λιμάνι του Βόλου", _long_story("alpha")), *OTHERS])
    embedder = CountingEmbedder()
    first = reindex(settings, embedder)
    store = VectorStore(settings.index_dir)
    catalog = Catalog(store.catalog_path(first.generation))
    port_chunks = len(catalog.chunk_ids(["port"]))
    assert port_chunks >= 5
    others_before = sorted(catalog.chunk_ids([r["id"] for r in OTHERS]))

    retriever = Retriever(store, CountingEmbedder(), recheck_seconds=0)
    seen: list[set[str]] = []
    stop = threading.Event()
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                hits = retriever.search("λιμάνι του Βόλου πρόταση έκδοσης", 40)
                seen.append({h.chunk_id.split("#")[1] for h in hits if h.doc_id == "port"})
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for version in ("beta", "gamma", "delta"):
            _write(settings.corpus_dir, [_record("port", "Λιμάνι του Βόλου", _long_story(version)), *OTHERS])
            embedder.passages_embedded = 0
            summary = reindex(settings, embedder)
            assert (summary.updated, summary.unchanged) == (1, len(OTHERS))
            # the changed article only: its chunks and its sentences not already stored
            assert embedder.passages_embedded == port_chunks + summary.sentences
            assert summary.generation == first.generation
    finally:
        stop.set()
        reader.join(timeout=30)
    assert not errors, errors
    assert len(seen) > 3
    # Never two versions of the article in one answer. (Right after a switch an embedded reader's
    # vector view may not hold the new version yet: the article can be briefly missing, not mixed.)
    assert all(len(versions) <= 1 for versions in seen), [v for v in seen if len(v) > 1]
    assert any(len(versions) == 1 for versions in seen)
    assert sorted(catalog.chunk_ids([r["id"] for r in OTHERS])) == others_before  # unchanged, untouched
    assert store.count(first.generation) == summary.chunks  # no copy, no leftover


def test_the_lexical_index_follows_updates_and_removals(settings: Settings) -> None:
    _write(settings.corpus_dir, [_record("a", "Λιμάνι", "Ο Ναμρούς επισκέφθηκε την Άγκυρα."), *OTHERS])
    reindex(settings, CountingEmbedder())
    store = VectorStore(settings.index_dir)
    retriever = Retriever(store, CountingEmbedder(), lexical_weight_latin_query=0.9, recheck_seconds=0)
    assert retriever.search("Namroush", 1)[0].lexical > 0  # Latin spelling meets the Greek one

    _write(settings.corpus_dir, [_record("a", "Λιμάνι", "Ο Ερντογάν μίλησε στην Αθήνα."), *OTHERS[1:]])
    reindex(settings, CountingEmbedder())
    assert all(h.lexical == 0 for h in retriever.search("Namroush", 5))  # the old version left the index
    assert retriever.search("Erdogan", 1)[0].doc_id == "a"
    assert retriever.search("Erdogan", 1)[0].lexical > 0
    assert "o0" not in {h.doc_id for h in retriever.search("Φλώρινα μέρα 0", 10)}


def test_days_filter_acts_inside_the_stores_and_never_returns_undated_chunks(settings: Settings) -> None:
    records = [
        _record("jan", "Σεισμός", "Σεισμός στην Κρήτη τον Ιανουάριο.", "2026-01-10"),
        _record("feb", "Σεισμός", "Σεισμός στην Κρήτη τον Φεβρουάριο.", "2026-02-10"),
        _record("mar", "Σεισμός", "Σεισμός στην Κρήτη τον Μάρτιο.", "2026-03-10"),
        _record("nodate", "Σεισμός", "Σεισμός στην Κρήτη χωρίς ημερομηνία.", ""),
        *[_record(f"n{i}", "Άλλο", f"Σεισμός στην Κρήτη, ειδήσεις {i}.", "2025-06-01") for i in range(60)],
    ]
    _write(settings.corpus_dir, records)
    reindex(settings, CountingEmbedder())
    retriever = Retriever(VectorStore(settings.index_dir), CountingEmbedder(), candidates=5)
    everything = retriever.search("Σεισμός στην Κρήτη", 100)
    assert {h.day for h in everything if h.doc_id == "nodate"} == {None}
    assert {h.day for h in everything if h.doc_id == "feb"} == {20260210}

    # Only 5 candidates a side, 60 older articles just as similar: a filter applied after the
    # search would find nothing; inside the stores it finds exactly the dated ones.
    hits = retriever.search("Σεισμός στην Κρήτη", 10, days=(20260101, 20260228))
    assert {h.doc_id for h in hits} == {"jan", "feb"}
    assert all(h.day is not None and 20260101 <= h.day <= 20260228 for h in hits)
    assert retriever.search("Σεισμός στην Κρήτη", 10, days=(20270101, 20271231)) == []
    lexical_only = Retriever(VectorStore(settings.index_dir), CountingEmbedder(), candidates=5)
    assert {h.doc_id for h in lexical_only.search("Μάρτιο", 10, days=(20260301, 20260331))} == {"mar"}


def test_the_command_line_imports_no_heavy_library_until_it_needs_one() -> None:
    heavy = ["torch", "sentence_transformers", "chromadb", "langchain_core", "langchain_openai", "telegram"]
    code = (
        "import sys, bot.cli, bot.app, index.reindex, index.retrieval; "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"


def test_device_setting_takes_a_gpu_only_when_there_is_one() -> None:
    import torch

    from index.embedding import resolve_device
    from index.errors import ModelError

    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        with pytest.raises(ModelError, match="NEWSBOT_DEVICE is cuda"):
            resolve_device("cuda")
    assert Settings(NEWSBOT_DEVICE="cuda").device == "cuda"  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="NEWSBOT_DEVICE"):
        Settings(NEWSBOT_DEVICE="tpu")  # type: ignore[call-arg]


def test_a_reindex_reads_only_the_corpus_files_that_changed(settings: Settings) -> None:
    from index.corpus_scan import scan_corpus

    folder = settings.corpus_dir
    folder.mkdir(parents=True)
    for i in range(5):
        (folder / f"a{i}.md").write_text(f"---\ntitle: Θέμα {i}\n---\nΕίδηση αριθμός {i} για τον καιρό.\n",
                                         encoding="utf-8")
    (folder / "broken.md").write_bytes(b"\xff\xfe not utf-8")
    _write(folder, [_record("a1", "Διπλό", "Το ίδιο id με ένα αρχείο.")])  # news.jsonl: a duplicate id
    first = scan_corpus(folder)
    assert first.files_read == 7 and len(first.hashes) == 5
    reasons = sorted(p.reason.split(" (")[0] for p in first.problems)
    assert reasons == ["duplicate id 'a1'", "not UTF-8"]

    again = scan_corpus(folder, {f.rel: f for f in first.files})
    assert again.files_read == 0 and again.parsed == {}
    assert again.hashes == first.hashes and sorted(map(str, again.problems)) == sorted(map(str, first.problems))

    (folder / "a3.md").write_text("---\ntitle: Θέμα 3\n---\nΆλλαξε η είδηση.\n", encoding="utf-8")
    changed = scan_corpus(folder, {f.rel: f for f in first.files})
    assert changed.files_read == 1 and set(changed.parsed) == {"a3"}
    assert {d for d in changed.hashes if changed.hashes[d] != first.hashes[d]} == {"a3"}

    # Through reindex: the summary agrees with a full read, and the skipped files are still named.
    summary = reindex(settings, CountingEmbedder())
    assert summary.added == 5 and len(summary.problems) == 2
    (folder / "a4.md").write_text("---\ntitle: Θέμα 4\n---\nΚαι αυτή άλλαξε.\n", encoding="utf-8")
    (folder / "a0.md").unlink()
    second = reindex(settings, CountingEmbedder())
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 1, 1, 3)
    assert len(second.problems) == 2


def test_a_query_over_the_postings_budget_keeps_its_rarest_terms(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [_record(f"c{i}", "Καιρός", f"Βροχές στη Θεσσαλονίκη, δελτίο {i}." if i < 15 else
                       f"Ήλιος στην Κρήτη, δελτίο {i}.") for i in range(40)]
    records.append(_record("rare", "Καιρός", "Βροχές στη Θεσσαλονίκη και χαλάζι στην Καβάλα."))
    _write(settings.corpus_dir, records)
    reindex(settings, CountingEmbedder())
    catalog = Catalog(VectorStore(settings.index_dir).catalog_path(1))
    query = "Καβάλα χαλάζι Θεσσαλονίκη βροχές"
    with catalog.snapshot() as snap:
        exact, _ = snap.lexical(query, 40)
    monkeypatch.setattr("index.catalog.POSTINGS_BUDGET", 5)  # the two common words (16 rows each) go
    with catalog.snapshot() as snap:
        pruned, _ = snap.lexical(query, 40)
    assert len(exact) == 16 and len(pruned) == 1
    (rare_rowid, rare_exact), (pruned_rowid, rare_pruned) = exact[0], pruned[0]
    assert rare_rowid == pruned_rowid and 0 < rare_pruned < rare_exact


def test_precision_auto_takes_bf16_only_on_a_cpu_with_amx() -> None:
    from index.embedding import resolve_precision
    from index.errors import ModelError

    amx = "processor\t: 0\nflags\t\t: fpu sse2 avx512f amx_bf16 amx_tile amx_int8\n"
    plain = "processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f\n"
    assert resolve_precision("auto", "cpu", amx) == "bf16"
    assert resolve_precision("auto", "cpu", plain) == "fp32"
    assert resolve_precision("auto", "cuda", amx) == "fp32"
    assert resolve_precision("fp32", "cpu", amx) == "fp32"
    assert resolve_precision("bf16", "cpu", plain) == "bf16"  # asked for: given, even where it is slow
    with pytest.raises(ModelError, match="NEWSBOT_ENCODE_PRECISION"):
        resolve_precision("int4", "cpu", amx)
    with pytest.raises(ValueError, match="NEWSBOT_ENCODE_PRECISION"):
        Settings(NEWSBOT_ENCODE_PRECISION="fp8")  # type: ignore[call-arg]


def test_bf16_vectors_agree_with_fp32_on_the_bundled_model(models_dir: Path) -> None:
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    texts = ["Ο νέος αρχηγός του γενικού επιτελείου της Λιβύης επισκέφθηκε την Άγκυρα.",
             "Who is Libya's new chief of staff?", "Η ΑΕΚ νίκησε τον Ολυμπιακό 2-1 στο ΟΑΚΑ."]
    full = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, models_dir, precision="fp32")
    half = SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, models_dir, precision="bf16")
    agreement = (full.embed_passages(texts) * half.embed_passages(texts)).sum(axis=1)
    assert agreement.min() > 0.999, agreement
    # and the precision is the one asked for: bf16 passages are not fp32 bit for bit; a question
    # alone is encoded in fp32 either way (faster for one short text)
    assert not np.array_equal(full.embed_passages(texts[:1]), half.embed_passages(texts[:1]))
    assert np.array_equal(full.embed_queries(texts[1:2]), half.embed_queries(texts[1:2]))
