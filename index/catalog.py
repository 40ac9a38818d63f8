"""The catalog: which version of each article is visible, its chunks' texts, and the lexical index.

One SQLite file per index generation (stdlib ``sqlite3``; WAL, so readers never wait on a
writer). Chroma holds the vectors; this file decides what a reader may return:

- ``articles``: the manifest, doc_id -> content hash of the visible version (and citation fields);
- ``chunks``: the visible chunks' texts, looked up only for the hits a search returns;
- ``terms``: an FTS5 index (bm25()) over the two fields of ``index.lexical`` (Greek stems and
  the Latin skeleton), updated row by row as articles change;
- ``stray``: chunk ids that may sit in Chroma without being visible (written by a run that
  has not switched yet, or old versions not yet deleted): the next run deletes them.
- ``sentence_vectors``: the vector of each sentence of the visible chunks, once however many
  chunks hold it, and how many do (index/sentence_vectors.py). A row is always right for its
  text (its key is the text's hash, the catalog one model's), so a reindex writes new ones before
  it switches; the switch sets the counts and drops the rows no visible chunk holds.

A reindex switches every changed article in one transaction (:meth:`Catalog.apply`), so a
reader, which reads inside one transaction too (:meth:`Catalog.snapshot`), sees each article
either wholly old or wholly new.
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.corpus_scan import FileState
from index.errors import IndexDamagedError, StoreError
from index.lexical import LEXICAL_ANALYSIS, fields, query_fields
from index.sentence_vectors import FORMAT as SENTENCE_FORMAT
from index.sentence_vectors import META_KEY as SENTENCE_META_KEY
from index.sentence_vectors import sentence_counts
from index.sqlite_safety import immediate_transaction, is_damage

# Part of the vector recipe (index.reindex): fixed, since the lexical analysis no longer changes what is
# embedded. A change to it (index.lexical.LEXICAL_ANALYSIS, kept in each catalog's meta under
# LEXICAL_META_KEY) rebuilds only the lexical rows, from the chunks' texts.
ANALYSIS_VERSION = "lexical-v1"
LEXICAL_META_KEY = "lexical_analysis"
K1 = 1.2  # FTS5's bm25() constants (fixed in SQLite), used for the score's ceiling
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS articles (
    doc_id TEXT PRIMARY KEY, hash TEXT NOT NULL, chunks INTEGER NOT NULL,
    title TEXT NOT NULL, date TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, day INTEGER, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks (doc_id);
CREATE INDEX IF NOT EXISTS chunks_day ON chunks (day);
CREATE TABLE IF NOT EXISTS stray (chunk_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (
    rel TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, articles TEXT NOT NULL,
    problems TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentence_vectors (key INTEGER PRIMARY KEY, refs INTEGER NOT NULL, vector BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS sentence_vectors_unused ON sentence_vectors (key) WHERE refs <= 0;
CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(
    greek, latin, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
);
CREATE VIRTUAL TABLE IF NOT EXISTS terms_vocab USING fts5vocab(terms, 'col');
"""
_COLUMNS = ("greek", "latin")
POSTINGS_BUDGET = 20_000  # posting entries one lexical query may read (about 10-40 ms on this machine)
_BATCH = 500  # ids per IN (...) list: far below SQLite's variable limit


@dataclass(frozen=True)
class NewChunk:
    """A chunk to make visible, with what its hit and its article need."""

    chunk_id: str
    doc_id: str
    day: int | None
    text: str


@dataclass(frozen=True)
class ArticleEntry:
    """One visible article version: the manifest row."""

    doc_id: str
    hash: str
    chunks: int
    title: str
    date: str
    source: str
    url: str


@dataclass(frozen=True)
class ChunkRow:
    chunk_id: str
    doc_id: str
    day: int | None
    text: str
    title: str
    date: str
    source: str
    url: str


def _terms_row(text: str) -> tuple[str, str]:
    greek, latin = fields(text)
    return " ".join(greek), " ".join(latin)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class Catalog:
    """One generation's catalog file; safe to share between threads (one connection, a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            if is_damage(exc):
                raise IndexDamagedError(
                    f"the index catalog {path} is damaged ({exc}); no question can be answered from it: "
                    "run `newsbot reindex` (it moves the file aside and rebuilds it)"
                ) from None
            raise StoreError(f"cannot open the index catalog {path}: {exc}") from None
        self._lock = threading.RLock()
        if self.get_meta(LEXICAL_META_KEY) is None and self.counts()[1] == 0:
            self.set_meta({LEXICAL_META_KEY: LEXICAL_ANALYSIS})  # a new catalog: its rows will be today's

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                with immediate_transaction(self._db) as db:
                    yield db
            except sqlite3.Error as exc:
                raise StoreError(f"cannot {action} the index catalog {self.path}: {exc}") from None

    # --- state ------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @property
    def version(self) -> int:
        """Bumped by every switch: readers compare it to notice a change."""
        return int(self.get_meta("version") or 0)

    def set_meta(self, values: dict[str, str]) -> None:
        with self._transaction("write") as db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def manifest(self) -> dict[str, str]:
        """doc_id -> content hash of every visible article."""
        with self._lock:
            return {str(d): str(h) for d, h in self._db.execute("SELECT doc_id, hash FROM articles")}

    def entries(self, doc_ids: Iterable[str]) -> dict[str, ArticleEntry]:
        found: dict[str, ArticleEntry] = {}
        with self._lock:
            for part in _batches(list(doc_ids)):
                marks = ",".join("?" * len(part))
                for row in self._db.execute(f"SELECT * FROM articles WHERE doc_id IN ({marks})", part):
                    found[row[0]] = ArticleEntry(*row)
        return found

    def counts(self) -> tuple[int, int]:
        """(articles, chunks) visible."""
        with self._lock:
            articles = self._db.execute("SELECT count(*) FROM articles").fetchone()[0]
            chunks = self._db.execute("SELECT count(*) FROM chunks").fetchone()[0]
        return int(articles), int(chunks)

    def visible_chunks(self) -> dict[str, str]:
        """chunk_id -> doc_id of every visible chunk (an integrity check, a repair)."""
        with self._lock:
            return {str(c): str(d) for c, d in self._db.execute("SELECT chunk_id, doc_id FROM chunks")}

    def lexical_rows(self) -> int:
        """Rows of the lexical index (one per visible chunk when the catalog is whole)."""
        with self._lock:
            # One docsize row per FTS5 row: a plain table's count (a count of the contentless FTS5
            # table itself walks its whole index).
            return int(self._db.execute("SELECT count(*) FROM terms_docsize").fetchone()[0])

    def other_tables(self) -> dict[str, int]:
        """Rows of the tables other parts of the project keep here beside the chunks (e.g. sentence
        vectors), so an integrity report can show them."""
        known = {"meta", "articles", "chunks", "stray", "files"}
        with self._lock:
            names = [str(r[0]) for r in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                "AND name NOT LIKE 'terms%' AND name NOT LIKE 'sqlite_%'")]
            return {n: int(self._db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])
                    for n in names if n not in known}

    def rebuild_lexical(self) -> int:
        """Write the lexical index afresh from the chunks' texts (it disagreed with them, or an older release's
        analysis made it); returns rows."""
        with self._transaction("write") as db:
            db.execute("INSERT INTO terms (terms) VALUES ('delete-all')")
            rows = db.execute("SELECT id, text FROM chunks").fetchall()
            db.executemany("INSERT INTO terms (rowid, greek, latin) VALUES (?, ?, ?)",
                           ((rowid, *_terms_row(text)) for rowid, text in rows))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('chunks', ?)", (str(len(rows)),))
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (LEXICAL_META_KEY, LEXICAL_ANALYSIS))
        return len(rows)

    def lexical_current(self) -> bool:
        """Did today's analysis (index.lexical.LEXICAL_ANALYSIS) make the lexical rows?"""
        return self.get_meta(LEXICAL_META_KEY) == LEXICAL_ANALYSIS

    def chunk_ids(self, doc_ids: Iterable[str]) -> list[str]:
        ids: list[str] = []
        with self._lock:
            for part in _batches(list(doc_ids)):
                marks = ",".join("?" * len(part))
                rows = self._db.execute(f"SELECT chunk_id FROM chunks WHERE doc_id IN ({marks})", part)
                ids.extend(str(r[0]) for r in rows)
        return ids

    def has_sentence_vectors(self) -> bool:
        """Does every visible chunk's sentences have a stored vector (a reindex since they exist)?"""
        return self.get_meta(SENTENCE_META_KEY) == SENTENCE_FORMAT

    def stored_sentence_keys(self, keys: Iterable[int]) -> set[int]:
        """Which of ``keys`` have a vector (visible, or written by this run or a killed one)."""
        found: set[int] = set()
        with self._lock:
            for part in _batches(list(keys)):
                marks = ",".join("?" * len(part))
                found.update(int(r[0]) for r in self._db.execute(
                    f"SELECT key FROM sentence_vectors WHERE key IN ({marks})", part))
        return found

    def add_sentence_vectors(self, vectors: dict[int, bytes]) -> None:
        """Store sentence vectors ahead of the switch that makes their chunks visible (counted there)."""
        with self._transaction("write") as db:
            db.executemany("INSERT OR IGNORE INTO sentence_vectors VALUES (?, 0, ?)", vectors.items())

    def visible_chunk_texts(self, skip_doc_ids: Iterable[str] = ()) -> Iterator[str]:
        """The texts of the visible chunks, but for those of ``skip_doc_ids`` (read in pages)."""
        skip = set(skip_doc_ids)
        last = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    "SELECT id, doc_id, text FROM chunks WHERE id > ? ORDER BY id LIMIT 2000", (last,)
                ).fetchall()
            if not rows:
                return
            last = int(rows[-1][0])
            yield from (str(text) for _, doc_id, text in rows if doc_id not in skip)

    def files(self) -> dict[str, FileState]:
        """The corpus files as the last switch saw them (index/corpus_scan.py)."""
        with self._lock:
            rows = self._db.execute("SELECT rel, size, mtime_ns, articles, problems FROM files").fetchall()
        return {
            rel: FileState(rel, size, mtime, tuple(tuple(a) for a in json.loads(articles)),
                           tuple(tuple(p) for p in json.loads(problems)))
            for rel, size, mtime, articles, problems in rows
        }

    def set_files(self, files: Sequence[FileState]) -> None:
        with self._transaction("write") as db:
            _write_files(db, files)

    # --- writing ----------------------------------------------------------------------
    def add_stray(self, chunk_ids: Sequence[str]) -> None:
        """Record ids about to be written to Chroma before they are (a killed run leaves a trace)."""
        with self._transaction("write") as db:
            db.executemany("INSERT OR IGNORE INTO stray VALUES (?)", ((i,) for i in chunk_ids))

    def stray(self) -> list[str]:
        """Ids that may be in Chroma but are not visible (and so must be deleted there)."""
        with self._lock:
            return [
                str(r[0])
                for r in self._db.execute(
                    "SELECT s.chunk_id FROM stray s WHERE NOT EXISTS "
                    "(SELECT 1 FROM chunks c WHERE c.chunk_id = s.chunk_id)"
                )
            ]

    def clear_stray(self, chunk_ids: Sequence[str]) -> None:
        with self._transaction("write") as db:
            db.executemany("DELETE FROM stray WHERE chunk_id = ?", ((i,) for i in chunk_ids))

    def apply(
        self,
        articles: Sequence[ArticleEntry],
        chunks: Sequence[NewChunk],
        removed: Sequence[str],
        version: int | None = None,
        files: Sequence[FileState] | None = None,
        recount_sentences: bool = False,
        partial_sentences: bool = False,
    ) -> int:
        """Make new article versions visible and drop removed articles, in one transaction.

        ``articles`` replace whatever version of the same doc_id was visible; their previous
        chunks, and those of ``removed``, leave the chunk table and the lexical index and are
        recorded as stray (to be deleted from Chroma). Their sentences' counts go down, the new
        chunks' up, and sentence vectors no visible chunk holds are dropped; with
        ``recount_sentences`` every count is taken afresh from the visible chunks and the catalog
        is marked as holding the vectors of all of them (the caller stored them first); with
        ``partial_sentences`` it is marked as not holding them all (a replica replaying a change
        record written before records carried them). Returns the new version number.
        """
        leaving: list[str] = []
        with self._transaction("write") as db:
            dropping = [a.doc_id for a in articles] + list(removed)
            for part in _batches(dropping):
                marks = ",".join("?" * len(part))
                old = db.execute(f"SELECT id, chunk_id, text FROM chunks WHERE doc_id IN ({marks})", part).fetchall()
                db.executemany(
                    "INSERT INTO terms (terms, rowid, greek, latin) VALUES ('delete', ?, ?, ?)",
                    ((rowid, *_terms_row(text)) for rowid, _, text in old),
                )
                db.executemany("INSERT OR IGNORE INTO stray VALUES (?)", ((cid,) for _, cid, _ in old))
                leaving.extend(text for _, _, text in old)
                db.execute(f"DELETE FROM chunks WHERE doc_id IN ({marks})", part)
                db.execute(f"DELETE FROM articles WHERE doc_id IN ({marks})", part)
            db.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((a.doc_id, a.hash, a.chunks, a.title, a.date, a.source, a.url) for a in articles),
            )
            for chunk in chunks:
                cursor = db.execute(
                    "INSERT INTO chunks (chunk_id, doc_id, day, text) VALUES (?, ?, ?, ?)",
                    (chunk.chunk_id, chunk.doc_id, chunk.day, chunk.text),
                )
                db.execute("INSERT INTO terms (rowid, greek, latin) VALUES (?, ?, ?)",
                           (cursor.lastrowid, *_terms_row(chunk.text)))
            if recount_sentences:
                _recount_sentences(db)
            else:
                if partial_sentences:
                    db.execute("DELETE FROM meta WHERE key = ?", (SENTENCE_META_KEY,))
                _count_sentences(db, leaving, -1)
                _count_sentences(db, [c.text for c in chunks], +1)
            db.execute("DELETE FROM sentence_vectors WHERE refs <= 0")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('chunks', (SELECT count(*) FROM chunks))")
            new_version = version if version is not None else int(
                (db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() or (0,))[0]
            ) + 1
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(new_version),))
            if files is not None:  # in the same transaction: the file states always match the manifest
                _write_files(db, files)
        return new_version

    # --- reading ----------------------------------------------------------------------
    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A consistent read of the catalog: one transaction for every lookup of a search."""
        with self._lock:
            try:
                self._db.execute("BEGIN")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the index catalog {self.path}: {exc}") from None
            try:
                yield Snapshot(self._db, self.path)
            finally:
                self._db.execute("COMMIT")


class Snapshot:
    """Lookups inside one read transaction of a catalog."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self._db = db
        self._path = path

    def _run(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the index catalog {self._path}: {exc}") from None

    def rows(self, chunk_ids: Sequence[str]) -> dict[str, tuple[int, ChunkRow]]:
        """Visible chunks among ``chunk_ids``: chunk_id -> (row id, chunk)."""
        found: dict[str, tuple[int, ChunkRow]] = {}
        for part in _batches(list(chunk_ids)):
            marks = ",".join("?" * len(part))
            for row in self._run(
                "SELECT c.id, c.chunk_id, c.doc_id, c.day, c.text, a.title, a.date, a.source, a.url "
                f"FROM chunks c JOIN articles a ON a.doc_id = c.doc_id WHERE c.chunk_id IN ({marks})", part
            ):
                found[str(row[1])] = (int(row[0]), ChunkRow(*row[1:]))
        return found

    def newest_articles(self, limit: int, days: tuple[int, int] | None = None) -> list[ChunkRow]:
        """The first chunk of each of the ``limit`` newest visible articles: by date, newest first, then
        (undated ones last) the last indexed first; with ``days`` (inclusive YYYYMMDD) only those dated within.

        Read newest first along the day index (and the row order) and stopped at ``limit`` articles, so
        it costs the same at a million chunks as at a hundred.
        """
        if days is None:
            docs = self._distinct_docs("SELECT doc_id FROM chunks WHERE day IS NOT NULL ORDER BY day DESC, id DESC",
                                       (), limit)
            if len(docs) < limit:
                docs += self._distinct_docs("SELECT doc_id FROM chunks WHERE day IS NULL ORDER BY id DESC", (),
                                            limit - len(docs), set(docs))
        else:
            docs = self._distinct_docs("SELECT doc_id FROM chunks WHERE day BETWEEN ? AND ? ORDER BY day DESC, id DESC",
                                       days, limit)
        return self.opening_chunks(docs)

    def opening_chunks(self, doc_ids: Sequence[str]) -> list[ChunkRow]:
        """The first chunk of each visible article of ``doc_ids``, in that order (those not visible left out)."""
        first_ids = []
        for doc in doc_ids:
            [(first,)] = self._run("SELECT MIN(id) FROM chunks WHERE doc_id = ?", (doc,))
            if first is not None:
                first_ids.append(int(first))
        if not first_ids:
            return []
        marks = ",".join("?" * len(first_ids))
        rows = {
            int(row[0]): ChunkRow(*row[1:])
            for row in self._run(
                "SELECT c.id, c.chunk_id, c.doc_id, c.day, c.text, a.title, a.date, a.source, a.url "
                f"FROM chunks c JOIN articles a ON a.doc_id = c.doc_id WHERE c.id IN ({marks})", first_ids)
        }
        return [rows[i] for i in first_ids if i in rows]

    def _distinct_docs(self, sql: str, params: Sequence[object], limit: int, skip: set[str] | None = None) -> list[str]:
        """The first ``limit`` distinct doc ids of a query's rows, read only as far as needed."""
        found: list[str] = []
        seen = set(skip or ())
        try:
            for (doc_id,) in self._db.execute(sql, params):
                if doc_id not in seen:
                    seen.add(doc_id)
                    found.append(str(doc_id))
                    if len(found) == limit:
                        break
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the index catalog {self._path}: {exc}") from None
        return found

    def sentence_vectors(self, keys: Sequence[int]) -> dict[int, bytes]:
        """The stored vectors (encoded, index/sentence_vectors.py) of those of ``keys`` that have one."""
        found: dict[int, bytes] = {}
        for part in _batches(list(keys)):
            marks = ",".join("?" * len(part))
            for key, blob in self._run(f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks})", part):
                found[int(key)] = bytes(blob)
        return found

    def rows_by_rowid(self, rowids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for part in _batches(list(rowids)):
            marks = ",".join("?" * len(part))
            for rowid, chunk_id in self._run(f"SELECT id, chunk_id FROM chunks WHERE id IN ({marks})", part):
                found[int(rowid)] = str(chunk_id)
        return found

    def _match(self, query: str) -> tuple[str, float] | None:
        """The FTS5 expression for ``query`` and the best score it could reach (its ceiling)."""
        fields = query_fields(query)
        phrases = [(column, term) for column, terms in zip(_COLUMNS, fields, strict=True)
                   for term in sorted(set(terms))]
        if not phrases:
            return None
        rows = self._run("SELECT value FROM meta WHERE key = 'chunks'")  # kept by apply(): count(*) scans
        n = int(rows[0][0]) if rows else int(self._run("SELECT count(*) FROM chunks")[0][0])
        if n == 0:
            return None
        hits: dict[tuple[str, str], int] = {}
        for column, term in phrases:
            for (doc,) in self._run("SELECT doc FROM terms_vocab WHERE term = ? AND col = ?", (term, column)):
                hits[(column, term)] = int(doc)
        ceiling = 0.0
        for phrase in phrases:
            found = hits.get(phrase, 0)
            # FTS5's own idf (fts5_aux.c), so the ceiling is the score of a perfect match.
            ceiling += max(math.log((n - found + 0.5) / (found + 0.5)), 1e-6) * (K1 + 1)
        # A term in half the chunks or more scores 1e-6 in FTS5's bm25 but costs a scan of its long
        # posting list: leave it out of the expression (the scores do not change).
        useful = sorted((p for p in phrases if hits.get(p, 0) < n / 2), key=lambda p: hits.get(p, 0))
        if not useful:
            return None
        # FTS5 scores every match of an OR query: its cost follows the posting lists read. Past a
        # budget (large corpora only; the dev sets never reach it) the commonest terms are left out,
        # rarest first kept, and score nothing; the ceiling still counts them.
        postings = 0
        for kept, phrase in enumerate(useful):
            postings += hits.get(phrase, 0)
            if postings > POSTINGS_BUDGET and kept > 0:
                useful = useful[:kept]
                break
        expression = " OR ".join(f"{column}:{_quote(term)}" for column, term in useful)
        return expression, ceiling

    def lexical(
        self, query: str, limit: int, rowids: Sequence[int] = (), days: tuple[int, int] | None = None
    ) -> tuple[list[tuple[int, float]], dict[int, float]]:
        """(best ``limit`` rows by BM25, the BM25 of ``rowids``), scores divided by the query's ceiling.

        Dividing by the ceiling (every term matched, at full saturation) rather than by the best
        row keeps a lone weak match weak: a query whose names the corpus lacks scores low everywhere.
        """
        match = self._match(query)
        if match is None:
            return [], {}
        expression, ceiling = match
        # One pass over the matches: bm25 is computed for every match anyway to rank them, so the
        # rows asked for come first, then the best others (two scans cost twice as much).
        wanted = sorted(set(rowids))[:_BATCH]
        flag = f"t.rowid IN ({','.join('?' * len(wanted))})" if wanted else "0"
        where = "terms MATCH ?"
        params: list[object] = [expression]
        join = ""
        if days is not None:
            join = " JOIN chunks c ON c.id = t.rowid"
            where += " AND c.day BETWEEN ? AND ?"
            params += [days[0], days[1]]
        found = self._run(
            f"SELECT t.rowid, bm25(terms) AS s, {flag} AS w FROM terms t{join} WHERE {where} "
            "ORDER BY w DESC, s LIMIT ?",
            [*wanted, *params, len(wanted) + limit],
        )
        scored = {int(r): -float(s) / ceiling for r, s, w in found if w}
        best = sorted(((int(r), -float(s) / ceiling) for r, s, _ in found), key=lambda rs: -rs[1])[:limit]
        return best, scored


def _count_sentences(db: sqlite3.Connection, chunk_texts: Sequence[str], sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) these chunks from the counts of their sentences."""
    counts = sentence_counts(chunk_texts)
    db.executemany("UPDATE sentence_vectors SET refs = refs + ? WHERE key = ?",
                   ((sign * n, key) for key, n in counts.items()))


def _recount_sentences(db: sqlite3.Connection) -> None:
    """Every sentence vector's count from the visible chunks; the catalog then holds them all."""
    counts = sentence_counts(str(text) for (text,) in db.execute("SELECT text FROM chunks"))
    db.execute("UPDATE sentence_vectors SET refs = 0")
    db.executemany("UPDATE sentence_vectors SET refs = ? WHERE key = ?", ((n, key) for key, n in counts.items()))
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SENTENCE_META_KEY, SENTENCE_FORMAT))


def _write_files(db: sqlite3.Connection, files: Sequence[FileState]) -> None:
    db.execute("DELETE FROM files")
    db.executemany(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
        ((f.rel, f.size, f.mtime_ns, json.dumps(f.articles, ensure_ascii=False),
          json.dumps(f.problems, ensure_ascii=False)) for f in files),
    )


def _batches(items: list[str] | list[int]) -> Iterator[list[object]]:
    for start in range(0, len(items), _BATCH):
        yield list(items[start : start + _BATCH])
