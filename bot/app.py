"""Builds the parts a front end needs from settings: embedder, store, retriever, answer function."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.answer import Answerer, AnswerPolicy
from index.embedding import Embedder, SentenceTransformerEmbedder
from index.reindex import Summary, reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.store import VectorStore


@dataclass
class Newsbot:
    """Everything wired once per process; parts are created on first use."""

    settings: Settings

    @cached_property
    def embedder(self) -> Embedder:
        return SentenceTransformerEmbedder(
            self.settings.embedding_model, self.settings.models_dir, self.settings.encode_batch_size
        )

    @cached_property
    def store(self) -> VectorStore:
        return VectorStore(self.settings.index_dir, self.settings.chroma_url, self.settings.collection)

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(
            self.store,
            self.embedder,
            lexical_weight=self.settings.lexical_weight,
            lexical_weight_latin_query=self.settings.lexical_weight_latin,
        )

    @cached_property
    def answerer(self) -> Answerer:
        generator = None
        if self.settings.llm_enabled:
            from bot.generative import GenerativeBackend

            generator = GenerativeBackend(self.settings)
        policy = AnswerPolicy(
            top_k=self.settings.top_k,
            min_relevance=self.settings.min_relevance,
            min_relevance_greek=self.settings.min_relevance_greek,
        )
        reader = None
        if self.settings.reader:
            from bot.reader.model import load_reader

            reader = load_reader(self.settings.models_dir)
        return Answerer(self.retriever, self.embedder, policy, generator, reader)

    def reindex(self) -> Summary:
        return reindex(self.settings, self.embedder, self.store)
