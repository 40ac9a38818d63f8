"""The index: turning corpus articles into a searchable index and searching it.

Corpus reading, chunking, the embedding model, the Chroma store, the catalog with its lexical
index, fusion and in-place updates; the language data other rooms read (CLDR place names,
``place_names``; English word frequencies, ``common_words``). Its face: ``reindex.reindex(settings) -> Summary`` and
``retrieval.Retriever.search(query, k, days=...)``. Settings and errors live here because every
room uses them.

May import: nothing of ``bot`` (kept by tests/test_layers.py).
"""
