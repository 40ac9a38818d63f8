"""The corpus reader: formats, ids, normalisation, bad input skipped and named, content hashes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import unicodedata
from pathlib import Path

import pytest

from index.corpus import Article, CorpusLoad, Problem, load_corpus
from index.errors import CorpusError

REPO = Path(__file__).resolve().parents[2]
SEED_ID = "000_1ed5aa9ce87cdf07"
GOOD = "Ο νέος αρχηγός επισκέφθηκε την Άγκυρα. Συζήτησαν την αμυντική συνεργασία.\n"


def write(folder: Path, rel: str, content: str | bytes) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def record(id_: str, text: str = GOOD, **extra: object) -> dict[str, object]:
    return {
        "id": id_,
        "title": f"Τίτλος {id_}",
        "date": "2026-02-18",
        "source": "S",
        "url": None,
        "text": text,
        **extra,
    }


def by_id(load: CorpusLoad) -> dict[str, Article]:
    return {a.id: a for a in load.articles}


def reasons(load: CorpusLoad) -> dict[str, str]:
    return {p.origin: p.reason for p in load.problems}


# --- formats -------------------------------------------------------------------------------


def test_plain_text_gets_defaults_and_a_title_from_its_first_sentence(tmp_path: Path) -> None:
    write(tmp_path, "plain.txt", GOOD)
    load = load_corpus(tmp_path)
    assert load.problems == ()
    (article,) = load.articles
    assert article == Article(
        id="plain",
        title="Ο νέος αρχηγός επισκέφθηκε την Άγκυρα",
        date="",
        source="",
        url="",
        lang="el",
        text=GOOD.strip(),
        origin="plain.txt",
    )


def test_front_matter_fields(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        "---\ntitle: Ο τίτλος\ndate: 2026-02-18\nsource: Καθημερινή\nurl: https://example.org/a\n"
        "lang: en\ntags: [ignored]\n---\n\n# Heading\n\nBody text.\n",
    )
    write(tmp_path, "b.txt", "---\ndate: '2026-02-19T08:30:00+02:00'\n---\nΚείμενο.\n")
    write(tmp_path, "c.md", "---\n---\n# Η επικεφαλίδα\n\nΚείμενο.\n")
    load = load_corpus(tmp_path)
    assert load.problems == ()
    a, b, c = by_id(load)["a"], by_id(load)["b"], by_id(load)["c"]
    assert (a.title, a.date, a.source, a.url, a.lang) == (
        "Ο τίτλος",
        "2026-02-18",
        "Καθημερινή",
        "https://example.org/a",
        "en",
    )
    assert a.text == "# Heading\n\nBody text."
    assert b.date == "2026-02-19"  # an ISO date-time keeps its day
    assert c.title == "Η επικεφαλίδα"  # a Markdown heading beats the first sentence


def test_date_prefix_on_the_first_line_like_the_seed_article(tmp_path: Path) -> None:
    write(
        tmp_path,
        "seed.txt",
        " date 2026-02-18 Στις 23 Δεκεμβρίου συνετρίβη το αεροσκάφος.\n\nΔεύτερη παράγραφος.\n",
    )
    (article,) = load_corpus(tmp_path).articles
    assert article.date == "2026-02-18"
    assert article.text == "Στις 23 Δεκεμβρίου συνετρίβη το αεροσκάφος.\n\nΔεύτερη παράγραφος."
    assert article.title == "Στις 23 Δεκεμβρίου συνετρίβη το αεροσκάφος"


def test_jsonl_records(tmp_path: Path) -> None:
    write(
        tmp_path,
        "news.jsonl",
        jsonl(
            record("n-1"),
            {"id": "n-2", "title": None, "date": None, "source": None, "url": "https://x.gr/2", "text": GOOD},
        )
        + "\n",  # a blank line is not an article
    )
    load = load_corpus(tmp_path)
    assert load.problems == ()
    one, two = load.articles
    assert (one.id, one.title, one.date, one.source, one.origin) == (
        "n-1",
        "Τίτλος n-1",
        "2026-02-18",
        "S",
        "news.jsonl:1",
    )
    assert (two.id, two.date, two.source, two.url, two.lang) == ("n-2", "", "", "https://x.gr/2", "el")
    assert two.title == "Ο νέος αρχηγός επισκέφθηκε την Άγκυρα"


def test_long_first_sentence_is_shortened_at_a_word_boundary(tmp_path: Path) -> None:
    sentence = " ".join(["Μακροσκελέστατη"] * 20) + "."
    write(tmp_path, "long.txt", sentence)
    (article,) = load_corpus(tmp_path).articles
    assert len(article.title) <= 80
    assert article.title.endswith("Μακροσκελέστατη…")


def test_normalisation_bom_newlines_nfc_and_paragraphs(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Άγκυρα")
    assert nfd != "Άγκυρα"
    raw = "\ufeffΠρώτη γραμμή  \r\nστην " + nfd + ".\r\n\r\n\r\n\r\nΔεύτερη παράγραφος.\r\n"
    write(tmp_path, "n.txt", raw.encode("utf-8"))
    (article,) = load_corpus(tmp_path).articles
    assert article.text == "Πρώτη γραμμή\nστην Άγκυρα.\n\nΔεύτερη παράγραφος."


# --- ids and what is not an article ----------------------------------------------------------


def test_ids_are_relative_paths_without_extension_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", GOOD)
    write(tmp_path, "a/deep/x.md", GOOD)
    write(tmp_path, "a/y.v2.TXT", GOOD)
    write(tmp_path, "feed.jsonl", jsonl(record("zz-1"), record("aa-1")))
    load = load_corpus(tmp_path)
    assert load.problems == ()
    assert [a.id for a in load.articles] == ["a/deep/x", "a/y.v2", "aa-1", "b", "zz-1"]
    assert by_id(load)["a/deep/x"].origin == "a/deep/x.md"
    assert load_corpus(tmp_path) == load  # deterministic


def test_hidden_notices_and_other_extensions_are_ignored_silently(tmp_path: Path) -> None:
    write(tmp_path, "real.txt", GOOD)
    for rel in (
        ".hidden.txt",
        ".git/objects/x.txt",
        ".cache/a.jsonl",
        "README.md",
        "NOTICE.md",
        "LICENSE",
        "license.txt",
        "news.NOTICE.md",
        "news.LICENSE",
        "sub/readme.txt",
        "photo.jpg",
        "data.json",
        "notes.txt~",
    ):
        write(tmp_path, rel, b"\x00\xff not an article")
    load = load_corpus(tmp_path)
    assert [a.id for a in load.articles] == ["real"]
    assert load.problems == ()


def test_missing_folder_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    write(tmp_path, "file.txt", GOOD)
    with pytest.raises(CorpusError, match="is not a folder"):
        load_corpus(tmp_path / "file.txt")


# --- bad input: each skipped with one named problem, the rest loads --------------------------


def test_every_kind_of_bad_file_is_skipped_and_named(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", GOOD)
    write(tmp_path, "latin1.txt", "Καλημέρα".encode("iso-8859-7"))
    write(tmp_path, "utf16.txt", "Καλημέρα".encode("utf-16"))
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.md", " \n\t\r\n  \n")
    write(tmp_path, "binary.txt", b"PK\x03\x04\x00\x00binary")
    write(tmp_path, "unclosed.md", "---\ntitle: x\n\nBody.\n")
    write(tmp_path, "badyaml.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write(tmp_path, "list.md", "---\n- a\n- b\n---\nBody.\n")
    write(tmp_path, "badday.md", "---\ndate: 2026-02-30\n---\nBody.\n")
    write(tmp_path, "baddate.md", "---\ndate: yesterday\n---\nBody.\n")
    write(tmp_path, "badprefix.txt", "date 2026-13-01 Κείμενο.\n")
    write(tmp_path, "onlyfm.md", "---\ntitle: t\n---\n\n")
    write(tmp_path, "badfield.md", "---\ntitle: {a: 1}\n---\nBody.\n")
    load = load_corpus(tmp_path)
    assert [a.id for a in load.articles] == ["good"]
    got = reasons(load)
    assert len(load.problems) == len(got) == 13  # one problem per bad file
    assert "not UTF-8" in got["latin1.txt"]
    assert "UTF-16" in got["utf16.txt"]
    assert got["empty.txt"] == got["blank.md"] == "empty file"
    assert "binary" in got["binary.txt"]
    assert "front matter" in got["unclosed.md"] and "closing" in got["unclosed.md"]
    assert "front matter" in got["badyaml.md"] and "line" in got["badyaml.md"]
    assert "front matter" in got["list.md"]
    assert "day is out of range" in got["badday.md"]
    assert "invalid date 'yesterday'" in got["baddate.md"]
    assert "invalid date '2026-13-01'" in got["badprefix.txt"]
    assert "no text" in got["onlyfm.md"]
    assert "'title'" in got["badfield.md"]
    assert str(load.problems[0]) == f"{load.problems[0].origin}: {load.problems[0].reason}"


def test_a_20_mb_file_is_skipped_by_its_size_without_being_read(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", GOOD)
    line = "Μια γραμμή κειμένου που επαναλαμβάνεται.\n".encode()  # valid text: only its size is bad
    write(tmp_path, "huge.txt", line * (20_000_000 // len(line) + 1))
    assert (tmp_path / "huge.txt").stat().st_size > 20_000_000
    started = time.perf_counter()
    load = load_corpus(tmp_path)
    elapsed = time.perf_counter() - started
    assert [a.id for a in load.articles] == ["good"]
    assert reasons(load) == {"huge.txt": "too big (20.0 MB; the limit is 5.0 MB)"}
    assert elapsed < 1.0
    assert [a.id for a in load_corpus(tmp_path, max_bytes=30_000_000).articles] == ["good", "huge"]


def test_bad_jsonl_lines_are_skipped_and_named_by_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(record("ok-1")),
        '{"id": "broken", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-text", "title": "t"}),
        json.dumps({"id": "blank-text", "text": "  \n "}),
        json.dumps({"title": "no id", "text": GOOD}),
        json.dumps(record("bad-date", date="18/02/2026")),
        json.dumps(record("surrogate", text="bad \ud800 text")),
        json.dumps(record("huge", text="α" * 2000)),
        json.dumps(record("ok-2")),
    ]
    body = "\n".join(lines).encode("utf-8") + b"\n" + b'{"id": "latin", "text": "\xe1\xe2"}\n'
    write(tmp_path, "feed.jsonl", body)
    load = load_corpus(tmp_path, max_bytes=1000)
    assert [a.id for a in load.articles] == ["ok-1", "ok-2"]
    got = reasons(load)
    assert set(got) == {f"feed.jsonl:{n}" for n in range(2, 12)} - {"feed.jsonl:10"}
    assert "broken JSON line" in got["feed.jsonl:2"]
    assert "expected an object" in got["feed.jsonl:3"]
    assert "no text" in got["feed.jsonl:4"] and "no text" in got["feed.jsonl:5"]
    assert "missing id" in got["feed.jsonl:6"]
    assert "invalid date '18/02/2026'" in got["feed.jsonl:7"]
    assert "surrogate" in got["feed.jsonl:8"]
    assert "too big" in got["feed.jsonl:9"]
    assert "not UTF-8" in got["feed.jsonl:11"]


def test_binary_jsonl_is_one_problem_not_one_per_line(tmp_path: Path) -> None:
    write(tmp_path, "blob.jsonl", b"\x00\x01\n" * 500)
    write(tmp_path, "good.md", GOOD)
    load = load_corpus(tmp_path)
    assert [a.id for a in load.articles] == ["good"]
    assert [str(p) for p in load.problems] == ["blob.jsonl: binary file (contains NUL bytes), not JSON lines"]


def test_duplicate_ids_across_files_and_within_jsonl_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "a.txt", "Άλλο κείμενο.")
    write(tmp_path, "b.jsonl", jsonl(record("x"), record("x", text="Δεύτερο."), record("a")))
    load = load_corpus(tmp_path)
    assert [(a.id, a.origin) for a in load.articles] == [("a", "a.md"), ("x", "b.jsonl:1")]
    assert [str(p) for p in load.problems] == [
        "a.txt: duplicate id 'a' (already used by a.md)",
        "b.jsonl:2: duplicate id 'x' (already used by b.jsonl:1)",
        "b.jsonl:3: duplicate id 'a' (already used by a.md)",
    ]


# --- content hash ------------------------------------------------------------------------------

BASE = Article(
    id="x",
    title="Τίτλος",
    date="2026-02-18",
    source="S",
    url="https://x.gr",
    lang="el",
    text="Κείμενο.",
    origin="x.txt",
)


def test_content_hash_is_stable_across_releases() -> None:
    # Changing this value re-embeds every user's corpus: do it only on purpose.
    assert BASE.content_hash == "682f07bd573fcb077fb9bab08f804293b41fb0b4a289f4b921e88fd42d62eb02"
    payload = '["article-v1","Τίτλος","2026-02-18","S","https://x.gr","Κείμενο."]'
    assert BASE.content_hash == hashlib.sha256(payload.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("field", ["title", "date", "source", "url", "text"])
def test_content_hash_changes_with_every_indexed_field(field: str) -> None:
    changed = dataclasses.replace(BASE, **{field: getattr(BASE, field) + "1"})
    assert changed.content_hash != BASE.content_hash


def test_content_hash_ignores_id_origin_lang_and_formatting(tmp_path: Path) -> None:
    assert dataclasses.replace(BASE, id="y", origin="y.md", lang="en").content_hash == BASE.content_hash
    assert dataclasses.replace(BASE, text="\ufeffΚείμενο.\r\n\r\n").content_hash == BASE.content_hash
    nfd = unicodedata.normalize("NFD", "Τίτλος")
    assert dataclasses.replace(BASE, title=nfd + " ").content_hash == BASE.content_hash
    # The same article as a file and as a JSONL record hashes the same.
    write(
        tmp_path,
        "x.md",
        "---\ntitle: Τίτλος\ndate: 2026-02-18\nsource: S\nurl: https://x.gr\n---\nΚείμενο.\r\n",
    )
    write(
        tmp_path,
        "f.jsonl",
        jsonl(
            {
                "id": "y",
                **{k: getattr(BASE, k) for k in ("title", "date", "source", "url")},
                "text": "Κείμενο.",
            }
        ),
    )
    a, b = load_corpus(tmp_path).articles
    assert a.content_hash == b.content_hash == BASE.content_hash


def test_problem_str() -> None:
    assert str(Problem("news.jsonl:3", "broken JSON line")) == "news.jsonl:3: broken JSON line"


# --- the shipped corpus --------------------------------------------------------------------------


def test_shipped_corpus_loads_55_articles_without_problems() -> None:
    load = load_corpus(REPO / "corpus")
    assert load.problems == ()
    assert len(load.articles) == 55
    seed = by_id(load)[SEED_ID]
    assert seed.date == "2026-02-18"
    assert seed.source == ""
    assert seed.text.startswith("Στις 23 Δεκεμβρίου")
    assert "Ναμρούς" in seed.text
    assert sum(a.origin.startswith("news.jsonl:") for a in load.articles) == 54
    assert all(a.text and a.title for a in load.articles)
    assert (REPO / "corpus" / "news.NOTICE.md").is_file() and (REPO / "corpus" / "news.LICENSE").is_file()
