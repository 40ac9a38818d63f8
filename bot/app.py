"""Builds the parts a front end needs from settings: embedder, store, retriever, answer function."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.answering.answerer import Answerer, AnswerPolicy
from bot.answering.topic_match import TopicMatcherService, TopicThresholds
from bot.types import IntakeTools
from index.embedding import Embedder, LazyEmbedder, embedder_for
from index.integrity import IntegrityReport, integrity_report
from index.reindex import Summary, reindex
from index.retrieval import Retriever
from index.settings import Settings
from index.sqlite_safety import sqlite_problem
from index.store import VectorStore


@dataclass
class Newsbot:
    """Everything wired once per process; parts are created on first use."""

    settings: Settings

    @cached_property
    def embedder(self) -> Embedder:
        return embedder_for(self.settings)

    def load_model(self) -> None:
        """Load the embedding model now rather than at the first question."""
        if isinstance(self.embedder, LazyEmbedder):
            self.embedder.load()

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
            from bot.answering.generative import GenerativeBackend

            generator = GenerativeBackend(self.settings)
        policy = AnswerPolicy(
            top_k=self.settings.top_k,
            min_relevance=self.settings.min_relevance,
            min_relevance_greek=self.settings.min_relevance_greek,
            llm_sources=self.settings.llm_sources,
            llm_source_chars=self.settings.llm_source_chars,
            unsupported=self.settings.llm_unsupported,
        )
        reader = None
        if self.settings.reader:
            from bot.answering.reader.model import load_reader

            reader = load_reader(self.settings.models_dir)
        return Answerer(self.retriever, self.embedder, policy, generator, today=self.settings.today, reader=reader)

    def reindex(self) -> Summary:
        return reindex(self.settings, self.embedder, self.store)

    def check(self) -> IntegrityReport:
        """The index's full integrity report, with the bot's shared state file checked too."""
        report = integrity_report(self.store)
        state = self.settings.shared_state
        if state is not None:
            problem = sqlite_problem(state, thorough=True)
            if problem is not None:
                report.problems.append(
                    f"the bot's shared state {state} is damaged ({problem}); conversation memory and rate limits "
                    "cannot be kept: the Telegram bot moves it aside and starts it afresh when it opens it"
                )
        problem = sqlite_problem(self.settings.intake_state_path, thorough=True)
        if problem is not None:
            report.problems.append(
                f"the news intake's state {self.settings.intake_state_path} is damaged ({problem}); what was "
                "fetched is not remembered: `newsbot fetch` moves it aside and starts afresh when it next runs"
            )
        return report

    @cached_property
    def topic_matcher(self) -> TopicMatcherService:
        """Followers' topics against new articles: the same hybrid search, calibrated thresholds."""
        thresholds = TopicThresholds(latin=self.settings.follow_min_score, greek=self.settings.follow_min_score_greek)
        return TopicMatcherService(self.retriever, self.embedder, thresholds)

    def intake_tools(self) -> IntakeTools:
        """Fetching, the sources' states and topic matching, handed to the Telegram bot."""
        from intake.run import fetch_once, source_states  # loaded only by the bot that fetches

        settings = self.settings
        return IntakeTools(
            # The bot's own reindex: the new articles are embedded by the model already loaded.
            fetch=lambda: fetch_once(settings, reindex=self.reindex),
            source_states=lambda: source_states(settings),
            match_topics=self.topic_matcher,
        )
