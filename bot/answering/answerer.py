"""The one answer function every front end calls: question (+ recent turns) in, cited answer out."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.answering import prompts
from bot.answering.abstention import load_model
from bot.answering.answer_kind_check import states_what_is_asked
from bot.answering.citations import QUOTE_SEPARATOR, cited_numbers
from bot.answering.context import CheckedStream, numbered_sources, source_text
from bot.answering.count_noun import CountNounMatcher
from bot.answering.detail_check import detail_found, detail_text
from bot.answering.extractive import Evidence, has_new_number, rank_sentences, select_quotes
from bot.answering.grounding import GroundingCheck, log_dropped
from bot.answering.premise import PremiseCheck, check_articles, checked_numbers, missing_everywhere, missing_text
from bot.answering.reader.model import Reader
from bot.answering.reading import fused_score, quotes_to_read, rerank_with_reader
from bot.answering.short_answer import ShortAnswer
from bot.answering.short_confidence import threshold as short_threshold
from bot.answering.short_reply import (
    asked_kind_from_ahead,
    of_the_asked_kind,
    quotes_for_short_answer,
    short_answer_of,
    unsure_quotes,
)
from bot.answering.small_talk import reply_without_search
from bot.answering.span_kinds import asked_from
from bot.answering.time_answers import TimeAnswerTools, answer_with_time
from bot.answering.trimming import trimmed
from bot.question.analysis import Question, analyse, is_follow_up, question_language, standalone_question
from bot.types import Answer, Citation, Language, PartialTextCallback, Turn
from index.embedding import Embedder, RecentVectors
from index.retrieval import Hit, Retriever
from index.sentence_vectors import SentenceVectors

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class AnswerPolicy:
    """Numbers that decide how much is retrieved and when to abstain (see BENCHMARKS.md)."""

    top_k: int = 6
    sentence_chunks: int = 6  # sentences are scored in this many best chunks
    # Abstain below these best-sentence scores. Greek questions meet Greek text in their own
    # language and score higher than English ones across languages, hence two thresholds.
    min_relevance: float = 0.84
    min_relevance_greek: float = 0.95
    max_quotes: int = 3  # for why / summary / list questions
    # For the rest: one quote loses right answers with today's scorer (XQuAD near misses: 3 quotes
    # 0.86 right, 554 characters; 2: 0.76, 388; 1: 0.65, 207; BENCHMARKS.md "Reader"), the reader
    # picks one (its first choice must be right for that to pay).
    factoid_quotes: int = 3
    # With a short answer, which quotes follow it: all chosen ("all"), only the one it comes from
    # ("source"), or that one and the best-scoring one when they differ ("source_and_best").
    # A short answer is shown only above its fitted confidence (bot/answering/short_confidence.json);
    # the quote it came from follows it, and the best quote when that is another (issue 19: at most
    # one more). "source" alone lost right answers on the news dev set (BENCHMARKS.md, issue 19).
    short_answer_quotes: Literal["all", "source", "source_and_best"] = "source_and_best"
    # Without a short answer shown, a factoid answer quotes at most this many of the chosen: the best, the
    # one an unsure short answer would come from, then the next best (bot/answering/short_reply.py).
    unsure_quotes: int = 3
    # ... and those after the first ``sure_quotes`` only when they hold a span of the asked kind (a number
    # for "how many", a name for "who"): no right answer lost on the trust tune split or the news dev set.
    sure_quotes: int = 2
    quote_margin: float = 0.03  # further quotes score within this of the best
    # An unsure answer's quote that cannot answer (no span of the asked kind) gives way to one of this many
    # next sentences of its article that can.
    asked_kind_lookahead: int = 3
    max_sentences: int = 14  # sentences scored per question: the cost of an answer (BENCHMARKS.md)
    # Vectors of scored sentences kept for later questions (0: none): a follow-up or a question on
    # the same story embeds only new sentences. 1.5 KB each with the bundled model.
    known_sentences: int = 20_000
    # The generative answer's sources block: how many chunks, each cut to this many characters.
    llm_sources: int = 3
    llm_source_chars: int = 800
    # A sentence failing the grounding check is dropped ("drop"), or the whole answer falls back
    # to verified quotes ("quotes"). Nothing cited left after dropping always falls back.
    unsupported: Literal["drop", "quotes"] = "drop"
    # With the reader (bot/answering/reader, NEWSBOT_READER=true): it re-reads today's best ``reader_read``
    # sentences, orders them by its logit + reader_cosine_weight x today's score (the fused score),
    # and abstention reads the best fused score: thresholds abstain on 5% of answerable XQuAD
    # near-miss questions (benchmarks/reader_answers.py, BENCHMARKS.md "Reader").
    reader_read: int = 4
    reader_cosine_weight: float = 20.0
    reader_min_fused: float = 13.7
    reader_min_fused_greek: float = 16.8
    # A factoid answer quotes the reader's best sentence alone when its fused score leads the next
    # by this much, else up to ``factoid_quotes`` of its article. XQuAD near misses end to end:
    # 0.76 right at 345 characters, 0.53 of near misses abstained; today's three quotes 0.84 at
    # 554, 0.35 (benchmarks/reader_policy.py chose the numbers; BENCHMARKS.md "Reader").
    reader_single_quote_lead: float = 2.0
    # The premise check (bot/answering/premise.py): abstain, saying what is missing, when the
    # article an answer would cite lacks a name or number of the question.
    premise_check: bool = True
    premise_abstains: bool = True  # off only to record every answer's features (benchmarks/fit_abstention.py)
    # The detail check (bot/answering/detail_check.py): abstain, saying what, when the article an answer
    # would cite holds no number of the kind asked at all (no sum for "what is his salary"); off as above.
    detail_abstains: bool = True
    # Decide whether to answer with the logistic model fitted on the trust set's tune split
    # (bot/answering/abstention.json, benchmarks/fit_abstention.py) instead of the thresholds above.
    fitted_abstention: bool = True


class Answerer:
    """Retrieves, then answers extractively or with the configured LLM, always with citations."""

    def __init__(
        self,
        retriever: Retriever,
        embedder: Embedder,
        policy: AnswerPolicy | None = None,
        generator: object | None = None,
        today: date | None = None,
        reader: Reader | None = None,
    ) -> None:
        self._retriever = retriever
        self._embedder = embedder
        self.policy = policy or AnswerPolicy()
        self._generator = generator
        self._reader = reader
        # Sentence vectors the index stores; those it lacks (an index built before) embedded and kept.
        # A stand-in retriever of a test may store none.
        self._known = SentenceVectors(
            getattr(retriever, "stored_sentence_vectors", None),
            RecentVectors(embedder.embed_passages, self.policy.known_sentences),
        )
        self._today = today  # None: the system date, read at each question
        self._count_nouns = CountNounMatcher(embedder.embed_queries, embedder.name)

    @property
    def retriever(self) -> Retriever:
        return self._retriever

    def today(self) -> date:
        """The day relative time ("yesterday", "last week") counts from."""
        return self._today or date.today()

    def __call__(
        self,
        question: str,
        history: Sequence[Turn] = (),
        on_partial: PartialTextCallback | None = None,
    ) -> Answer:
        started = time.perf_counter()
        asked = analyse(question, history, self.today())  # the one reading of the question
        if asked.intent != "question":  # "hello", "?", "What's new?": nothing to search by meaning
            return reply_without_search(asked, self._retriever, started)
        timed = asked.timed
        if self._generator is not None and history:
            asked = asked.with_search_text(self._standalone(timed.question.text, timed.history))
        if timed.uses_time:
            tools = TimeAnswerTools(self._retriever.search, self.answer_from, self.policy.top_k, self.today())
            return answer_with_time(tools, asked, started, on_partial)
        hits = self._retriever.search(asked.search_text, self.policy.top_k)
        return self.answer_from(asked, hits, started, on_partial)

    def answer_from(
        self,
        asked: Question,
        hits: Sequence[Hit],
        started: float,
        on_partial: PartialTextCallback | None = None,
        relevance_slack: float = 0.0,
    ) -> Answer:
        """The answer from these retrieved chunks: quoted, generated, or an abstention.

        ``relevance_slack`` lowers the abstention thresholds where the chunks were already narrowed
        down (to a period) and checked to be on the topic.
        """
        question, language = asked.text, asked.language
        hits, known_checks = self._premise_first(asked, hits[: self.policy.sentence_chunks])
        evidence = self._ranked(asked, hits)
        checks, texts = self._premise(asked, evidence, known_checks)
        holding = self._article_holding(checks)
        if holding is not None:
            evidence = [e for e in evidence if e.hit.doc_id == holding.doc_id]
        quotes = self._choose(asked, evidence)
        if not evidence:
            return self._abstain(question, language, started, {"best_sentence": 0.0})
        found = short_answer_of(asked, quotes)
        features = self._features(asked, evidence, quotes, found.text if found else None, checks, texts)
        answering = next((c for c in checks if c.doc_id == evidence[0].hit.doc_id), None)
        if answering is not None and not answering.holds and self.policy.premise_abstains:
            missing = missing_everywhere(checks)
            return self._abstain(question, language, started, features, text=missing_text(missing, question, language))
        detail_absent = bool(features.get("detail_missing")) and self.policy.detail_abstains
        if detail_absent or not self._answers(asked, features, evidence, quotes, relevance_slack):
            detail_missing = bool(features.get("detail_missing") or features.get("count_noun_missing"))
            text = self._what_is_missing(asked, answering, detail_missing) or self._nearest(asked, evidence[0])
            return self._abstain(question, language, started, features, text=text)
        notice = None
        if self._generator is not None:
            generated, notice = self._generate(asked, hits, evidence, on_partial, started, features)
            if generated is not None:
                return generated
        short = None  # shown only above its fitted confidence (bot/answering/short_confidence.py)
        if found is not None:
            features.update(found.features, short_confidence=found.confidence)
            if found.confidence >= short_threshold(language) and not self._counts_another_thing(asked, found):
                short = found.text
        if found is not None and short and self.policy.short_answer_quotes != "all" and not asked.wants_several_quotes:
            quotes = quotes_for_short_answer(found.quote, quotes, with_best=self.policy.short_answer_quotes != "source")
        elif not short and not asked.wants_several_quotes:
            quotes = unsure_quotes(found.quote if found else None, quotes, self.policy.unsure_quotes)
            if self._reader is None:  # the reader picks its quotes itself
                quotes = asked_kind_from_ahead(asked, quotes, evidence, self.policy.sure_quotes,
                                               self.policy.asked_kind_lookahead)
            quotes = of_the_asked_kind(asked, quotes, self.policy.sure_quotes)
        return self._extractive(asked, quotes, started, features, notice, short)

    def _features(
        self,
        asked: Question,
        evidence: Sequence[Evidence],
        quotes: Sequence[Evidence],
        short: str | None,
        checks: Sequence[PremiseCheck],
        texts: Mapping[str, str],
    ) -> dict[str, float]:
        """What the decision to answer reads (and what benchmarks/trust.py dumps to fit it on)."""
        best = evidence[0]
        features = {"best_sentence": best.score, "best_chunk_dense": best.hit.dense,
                    "greek": float(asked.language == "el"),
                    "kind_missing": float(asked.answer_kind is not None and not short),
                    "amount_missing": float(asked.asks_quantity and not has_new_number(asked, quotes[0].sentence))}
        if best.reader is not None:
            features["best_fused"] = fused_score(best, self.policy.reader_cosine_weight)
        answering = next((c for c in checks if c.doc_id == best.hit.doc_id), None)
        if answering is not None:
            features["premise_checked"] = float(answering.checked)
            features["premise_missing"] = float(len(answering.missing))
            features["premise_uncertain"] = float(len(answering.uncertain))
            features["premise_found"] = float(answering.checked - len(answering.missing) - len(answering.uncertain))
            features["premise_far"] = float(len(answering.far))
            features["premise_far_rare"] = float(len(answering.far_rare))
            features["premise_distance"] = answering.distance
        detail, cited = asked_from(asked), texts.get(best.hit.doc_id)
        if detail is not None and cited is not None:  # the whole article, not only the quoted sentences
            # A dated article answers "when" with its own day (time_answers), whatever its text says.
            dated = best.hit.day is not None and detail.kind in ("date", "year")
            found_detail = "held" if dated else detail_found(detail, asked, cited)
            features["detail_missing"] = float(found_detail == "absent")
            features["count_noun_missing"] = float(found_detail == "another_noun")
        return features

    def _counts_another_thing(self, asked: Question, found: ShortAnswer) -> bool:
        """Is ``found`` a count of something else than the question asks how many of ("135 είδη" for people)?"""
        return (found.kind == "count" and asked.asked_span is not None
                and self._count_nouns.counts_another_thing(asked.asked_span, found.span))

    @staticmethod
    def _what_is_missing(asked: Question, answering: PremiseCheck | None, detail_missing: bool) -> str | None:
        """What an abstention says the articles may lack: rare names nothing there sounds like (proper
        names: "don't mention"), other names nothing there sounds like (a translated word may hold
        them: "could not find"), the asked detail, or names the premise check could not be sure of
        ("could not find"; None: the generic abstention)."""
        if answering is not None and answering.far_rare:
            return missing_text(answering.far_rare, asked.text, asked.language)
        if answering is not None and answering.far:
            return missing_text(answering.far, asked.text, asked.language, sure=False)
        detail = asked_from(asked) if detail_missing else None
        if detail is not None:
            return detail_text(detail, asked.text, asked.language)
        if answering is not None and answering.uncertain:
            return missing_text(answering.uncertain, asked.text, asked.language, sure=False)
        return None

    @staticmethod
    def _nearest(asked: Question, best: Evidence) -> str | None:
        """The generic abstention, naming the article that came nearest (None: an untitled one)."""
        title = " ".join(best.hit.title.split())
        return prompts.ABSTAIN_NEAREST_TEXT[asked.language].format(title=title) if title else None

    def _answers(
        self,
        asked: Question,
        features: dict[str, float],
        evidence: Sequence[Evidence],
        quotes: Sequence[Evidence],
        relevance_slack: float,
    ) -> bool:
        """Answer or abstain: the fitted model where there is one (without the reader), else the thresholds."""
        model = load_model() if self.policy.fitted_abstention and self._reader is None else None
        if model is None or not model.fits(self._embedder.name):
            return self._supported(asked, evidence, quotes, relevance_slack)
        return model.answers({**features, "best_sentence": features["best_sentence"] + relevance_slack})

    def _ranked(self, asked: Question, hits: Sequence[Hit]) -> list[Evidence]:
        """Scored sentences, best first (re-ordered by the reader when it is loaded)."""
        evidence = rank_sentences(asked, hits, self._embedder, self.policy.max_sentences, self._known)
        if self._reader is None:
            return evidence
        weight = self.policy.reader_cosine_weight
        return rerank_with_reader(asked.search_text, evidence, self._reader, self.policy.reader_read, weight)

    def _choose(self, asked: Question, evidence: Sequence[Evidence]) -> list[Evidence]:
        """The sentences to quote among ``evidence``."""
        several = asked.wants_several_quotes  # why / summary / list: up to three quotes
        max_quotes = self.policy.max_quotes if several else self.policy.factoid_quotes
        if self._reader is None:
            return select_quotes(evidence, max_quotes, self.policy.quote_margin)
        # Why / summary / list answers never stop at one quote, however far the best leads.
        lead = float("inf") if several else self.policy.reader_single_quote_lead
        return quotes_to_read(evidence, max_quotes, lead, self.policy.reader_cosine_weight)

    @staticmethod
    def _article_holding(checks: Sequence[PremiseCheck]) -> PremiseCheck | None:
        """The article to answer from instead of the best-placed one, if any: when that one lacks
        something the question names, the next that has it all (its sentences must still clear the
        thresholds); when nothing in it even sounds like a name, the next that surely holds every name
        ("Selcuk" is far in sound from «Σελτσούκ»; the surname is not)."""
        if not checks:
            return None
        if not checks[0].holds:
            return next((c for c in checks if c.holds), None)
        if checks[0].far:
            return next((c for c in checks if c.holds and not c.uncertain), None)
        return None

    def _premise_first(
        self, asked: Question, hits: Sequence[Hit]
    ) -> tuple[list[Hit], dict[str, tuple[PremiseCheck, str]]]:
        """``hits`` with the articles that hold every name and number the question gives first, when the
        best-retrieved article does not (and the check of each article, with its text).

        Only the first ``max_sentences`` sentences of the hits are scored: an English name retrieved
        weakly against a Greek article («Σελτσούκ» for "Selcuk") would otherwise never be read.
        """
        if not self.policy.premise_check or not hits or not (asked.names or checked_numbers(asked)):
            return list(hits), {}
        texts = self._article_texts(hits)
        known = {c.doc_id: (c, texts[c.doc_id]) for c in check_articles(asked, texts)}

        def holds_all(doc_id: str) -> bool:
            return known[doc_id][0].holds and not known[doc_id][0].uncertain

        if holds_all(hits[0].doc_id) or not any(holds_all(doc_id) for doc_id in known):
            return list(hits), known
        return sorted(hits, key=lambda hit: not holds_all(hit.doc_id)), known  # stable: retrieval order within

    def _article_texts(self, hits: Sequence[Hit]) -> dict[str, str]:
        """The whole text of each article of ``hits``, in their order (what was retrieved of one the
        catalog no longer serves)."""
        doc_ids = list(dict.fromkeys(hit.doc_id for hit in hits))
        texts = self._retriever.article_texts(doc_ids)
        for hit in hits:
            if hit.doc_id not in texts:
                texts[hit.doc_id] = f"{hit.title}\n{hit.text}"
        return {doc_id: texts[doc_id] for doc_id in doc_ids}

    def _premise(
        self, asked: Question, evidence: Sequence[Evidence], known: Mapping[str, tuple[PremiseCheck, str]]
    ) -> tuple[list[PremiseCheck], dict[str, str]]:
        """The premise check of each article the evidence comes from, best first, and those articles' texts
        (none when the check is off); ``known``: those already made."""
        if not self.policy.premise_check or not evidence:
            return [], {}
        doc_ids = list(dict.fromkeys(e.hit.doc_id for e in evidence))
        if all(doc_id in known for doc_id in doc_ids):
            return [known[d][0] for d in doc_ids], {d: known[d][1] for d in doc_ids}
        texts = self._article_texts([e.hit for e in evidence])
        return check_articles(asked, texts), texts

    def _supported(
        self,
        asked: Question,
        evidence: Sequence[Evidence],
        quotes: Sequence[Evidence],
        relevance_slack: float = 0.0,
    ) -> bool:
        """Do the best sentences answer the question well enough to quote them?"""
        if not evidence:
            return False
        if self._reader is not None:
            greek, latin = self.policy.reader_min_fused_greek, self.policy.reader_min_fused
            best = fused_score(evidence[0], self.policy.reader_cosine_weight)
            relevance_slack *= self.policy.reader_cosine_weight  # the slack is in today's score's units
        else:
            greek, latin = self.policy.min_relevance_greek, self.policy.min_relevance
            best = evidence[0].score
        threshold = greek if asked.language == "el" else latin
        if best < threshold - relevance_slack:
            return False
        if asked.asks_quantity:
            # A "how many / what price" question needs an amount in its best quote; an age, a
            # date or the amount of something else in a neighbouring sentence is not an answer.
            return has_new_number(asked, quotes[0].sentence)
        return True

    def _standalone(self, question: str, history: Sequence[Turn]) -> str:
        """The follow-up rewritten to stand alone by the LLM (the heuristic when it fails)."""
        if self._generator is not None and history:
            from bot.answering.generative import GenerativeBackend, LLMUnavailableError

            assert isinstance(self._generator, GenerativeBackend)
            try:
                return self._generator.condense(question, history)
            except LLMUnavailableError as exc:
                log.warning("condensing the follow-up failed (%s); using the heuristic", exc)
        return standalone_question(question, history)

    def _abstain(
        self, question: str, language: Language, started: float, features: dict[str, float],
        backend: str = "extractive", text: str | None = None,
    ) -> Answer:
        return Answer(
            question=question,
            text=text or prompts.ABSTAIN_TEXT[language],
            abstained=True,
            language=language,
            seconds=time.perf_counter() - started,
            backend=backend,
            extra=features,
        )

    def _extractive(
        self,
        asked: Question,
        quotes: Sequence[Evidence],
        started: float,
        features: dict[str, float],
        notice: str | None = None,
        short: str | None = None,
    ) -> Answer:
        question, language = asked.text, asked.language
        # Quotes of one article share its number; quotes are shown in article order.
        numbers: dict[str, int] = {}
        for quote in quotes:
            numbers.setdefault(quote.hit.doc_id, len(numbers) + 1)
        lines = [prompts.EXTRACTIVE_INTRO[language]]
        citations: dict[int, Citation] = {}
        # With a short answer, the quote it came from leads; otherwise the quotes keep article order.
        ordered = list(quotes) if short else sorted(quotes, key=lambda q: (numbers[q.hit.doc_id], q.hit.chunk_id))
        for quote in ordered:
            n = numbers[quote.hit.doc_id]
            # Shown cut to the clauses that answer; the citation keeps the whole sentence.
            lines.append(f"«{trimmed(asked, quote.sentence)}» [{n}]")
            previous = citations.get(n)
            text = f"{previous.quote}{QUOTE_SEPARATOR}{quote.sentence}" if previous else quote.sentence
            citations[n] = _citation(n, quote.hit, text)
        answer = Answer(
            question=question,
            text="\n".join(lines),
            abstained=False,
            language=language,
            citations=tuple(citations[n] for n in sorted(citations)),
            seconds=time.perf_counter() - started,
            notice=notice,
            short_answer=short,
            extra=features,
        )
        texts: dict[str, list[str]] = {}
        for quote in quotes:
            texts.setdefault(quote.hit.doc_id, []).append(quote.hit.text)
        return verified(answer, texts)

    def _generate(
        self,
        asked: Question,
        hits: Sequence[Hit],
        evidence: Sequence[Evidence],
        on_partial: PartialTextCallback | None,
        started: float,
        features: dict[str, float],
    ) -> tuple[Answer | None, str | None]:
        """The LLM's answer, grounding-checked; or None and a notice for the quoted answer.

        ``features`` gains the timings and the check's counts, whichever answer is sent.
        """
        from bot.answering.generative import GenerativeBackend, LLMUnavailableError

        assert isinstance(self._generator, GenerativeBackend)
        question, language = asked.text, asked.language
        sources = numbered_sources(hits[: self.policy.llm_sources], self.policy.llm_source_chars)
        check = GroundingCheck({s.n: source_text(s) for s, _ in sources})
        stream = CheckedStream(check, on_partial, started)
        try:
            generated = self._generator.generate(question, language, [s for s, _ in sources], stream)
        except LLMUnavailableError as exc:
            return None, prompts.LLM_FALLBACK_NOTICE[language].format(reason=exc)
        finally:
            features.update(stream.timings(time.perf_counter()))
        if generated.not_in_sources:
            features["llm_abstained"] = 1.0
            return self._abstain(question, language, started, features, backend="llm"), None
        grounded = check.check(generated.text)
        log_dropped(grounded, self._generator.model_name)
        features.update(
            grounding_sentences=float(len(grounded.checks)),
            grounding_dropped=float(len(grounded.dropped)),
            grounding_unsupported=float(grounded.unsupported_facts),
        )
        if not grounded.cited or (self.policy.unsupported == "quotes" and grounded.dropped):
            features["grounding_fallback"] = 1.0
            return None, prompts.GROUNDING_FALLBACK_NOTICE[language]
        if not states_what_is_asked(asked, grounded.text):
            log.info("answer of %s does not say what was asked: %r", self._generator.model_name, grounded.text)
            features["not_answering_fallback"] = 1.0
            return None, prompts.NOT_ANSWERING_FALLBACK_NOTICE[language]
        citations = []
        texts: dict[str, list[str]] = {}
        for n in grounded.cited:
            _source, doc_hits = sources[n - 1]
            # The quote comes from a chunk the model saw (evidence also covers chunks left out).
            shown = {h.chunk_id for h in doc_hits}
            best = next((e for e in evidence if e.hit.chunk_id in shown), None)
            quote = best.sentence if best else doc_hits[0].text.split(". ")[0]
            hit = best.hit if best else doc_hits[0]
            citations.append(_citation(n, hit, quote))
            texts[hit.doc_id] = [h.text for h in doc_hits]
        notice = None
        if grounded.dropped:
            notice = prompts.GROUNDING_DROPPED_NOTICE[language].format(count=len(grounded.dropped))
        answer = Answer(
            question=question,
            text=grounded.text,
            abstained=False,
            language=language,
            citations=tuple(citations),
            seconds=time.perf_counter() - started,
            notice=notice,
            backend="llm",
            extra=features,
        )
        return verified(answer, texts), None


def _citation(n: int, hit: Hit, quote: str) -> Citation:
    return Citation(n=n, doc_id=hit.doc_id, title=hit.title, date=hit.date, source=hit.source,
                    url=hit.url, quote=quote)


def verified(answer: Answer, chunk_texts: dict[str, list[str]]) -> Answer:
    """Check before replying: every [n] has a citation and every quote is verbatim in its article.

    Chunks hold the article's sentences with runs of white space folded to one space, so
    "verbatim" is compared the same way.
    """
    listed = {c.n for c in answer.citations}
    used = set(cited_numbers(answer.text))
    if not used <= listed:
        raise AssertionError(f"answer cites {sorted(used - listed)} but lists only {sorted(listed)}")
    for citation in answer.citations:
        sources = [" ".join(t.split()) for t in chunk_texts.get(citation.doc_id, [])]
        for part in citation.quote.split(QUOTE_SEPARATOR):
            if not any(" ".join(part.split()) in source for source in sources):
                raise AssertionError(f"quote [{citation.n}] is not verbatim in {citation.doc_id}")
    return answer


__all__ = ["AnswerPolicy", "Answerer", "is_follow_up", "question_language", "standalone_question", "verified"]
