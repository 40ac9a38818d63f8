"""News intake: feeds and news sitemaps fetched politely, articles extracted, written to the corpus.

Sources come from one TOML file (``sources``); a polite HTTP client (``http``) fetches feeds and
pages; ``feeds`` reads RSS/Atom/news sitemaps from the fetched bytes; ``extract`` turns a page into
an article; ``urls`` makes canonical URLs; ``state`` keeps what was seen in SQLite; ``corpus_files``
writes ordinary corpus files under ``corpus/_feeds/`` (``atomic``: all or nothing); ``run`` ties them together and
calls the existing reindex once. Its face: ``run.fetch_once(settings) -> report.FetchReport`` and
``run.source_states(settings)``.

May import: ``index`` only, never ``bot`` (kept by tests/test_layers.py).
"""
