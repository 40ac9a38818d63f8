"""The generative backend: an OpenAI-compatible chat model answering from numbered sources.

Built with LCEL (prompt | model | text parser). Any failure of the endpoint - refused connection,
time-out, HTTP error, empty or garbage output - becomes ``LLMUnavailableError`` with a short reason
for the user, so the caller can fall back to the extractive answer. The API key never appears in a
message or a log line.

langchain is imported lazily: importing this module (e.g. for ``LLMUnavailableError``) is cheap and
works without langchain-openai installed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from bot.answering import prompts
from bot.types import Turn
from index.errors import ConfigError, NewsbotError
from index.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

log = logging.getLogger(__name__)

# Sent when no key is configured: Ollama, llama.cpp and vLLM accept any bearer token.
PLACEHOLDER_API_KEY = "not-needed"
# How much chat history the condense prompt sees.
CONDENSE_TURNS = 3
CONDENSE_ANSWER_CHARS = 600

# "[3]", "[1, 2]", "[1,2; 4]" - one bracket group of source numbers.
_MARKER_GROUP = re.compile(r"[ \t]*\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
# The sentinel, possibly dressed as **NOT_IN_SOURCES**: or `NOT_IN_SOURCES` -, at the start of a reply.
_SENTINEL_AT_START = re.compile(r"^[\W_]*" + re.escape(prompts.NOT_IN_SOURCES) + r"(?:[^\w\[]|_)*")
# A tag that could close or open a delimiter of the prompt from inside data.
_DELIMITER_TAG = re.compile(r"<(\s*/?\s*(?:source|history)\b)", re.IGNORECASE)
# Small models echo the sources' tags as citations ("found in <source n="2">"): read them as [2].
_ECHOED_SOURCE_TAG = re.compile(r'<source\s+n="?(\d+)"?[^>]*>|</source>')
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([.,;:!?·])")


class LLMUnavailableError(NewsbotError):
    """The language model gave no usable answer; ``str(error)`` is a short reason for the user."""


@dataclass(frozen=True)
class NumberedSource:
    """One retrieved passage as the model sees it, cited as ``[n]``."""

    n: int
    title: str
    date: str
    source: str
    text: str


@dataclass(frozen=True)
class GeneratedText:
    """The model's answer after citation clean-up.

    ``text`` keeps only ``[n]`` markers of given sources (groups like ``[1, 2]`` become ``[1][2]``);
    when ``not_in_sources`` is true the sentinel is stripped and ``text`` is the model's one-line
    explanation (possibly empty). ``removed_markers`` lists the numbers that pointed nowhere.
    """

    text: str
    not_in_sources: bool
    removed_markers: tuple[int, ...] = ()

    @property
    def cited(self) -> tuple[int, ...]:
        """Source numbers cited in ``text``, in order of first appearance."""
        return cited_numbers(self.text)


# --- pure helpers ---------------------------------------------------------------------------


def clean_citations(text: str, valid: Collection[int]) -> tuple[str, tuple[int, ...]]:
    """Drop citation numbers not in ``valid``; return the text and the sorted removed numbers."""
    removed: set[int] = set()
    text = _ECHOED_SOURCE_TAG.sub(lambda m: f"[{m.group(1)}]" if m.group(1) else "", text)

    def replace(match: re.Match[str]) -> str:
        numbers = [int(part) for part in re.split(r"\s*[,;]\s*", match.group(1).strip())]
        kept: list[int] = []
        for n in numbers:
            if n not in valid:
                removed.add(n)
            elif n not in kept:
                kept.append(n)
        if not kept:
            return ""
        lead = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip(" \t"))]
        return lead + "".join(f"[{n}]" for n in kept)

    cleaned = _MARKER_GROUP.sub(replace, text)
    if removed:
        cleaned = _SPACE_BEFORE_PUNCT.sub(r"\1", cleaned)
    return cleaned.strip(), tuple(sorted(removed))


def cited_numbers(text: str) -> tuple[int, ...]:
    """The source numbers cited in ``text``, in order of first appearance."""
    seen: list[int] = []
    for match in _MARKER_GROUP.finditer(text):
        for part in re.split(r"\s*[,;]\s*", match.group(1).strip()):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return tuple(seen)


def split_sentinel(text: str) -> tuple[bool, str]:
    """(whether the reply starts with NOT_IN_SOURCES, the reply without it)."""
    match = _SENTINEL_AT_START.match(text.lstrip())
    if match is None:
        return False, text
    return True, text.lstrip()[match.end() :].strip()


def neutralise_delimiters(text: str) -> str:
    """Make ``<source>``/``<history>`` tags inside data harmless, so data cannot close its wrapper."""
    return _DELIMITER_TAG.sub(r"‹\1", text)


def render_sources(sources: Sequence[NumberedSource]) -> str:
    """The numbered sources block of the answer prompt, every field neutralised."""

    def attribute(value: str) -> str:
        return neutralise_delimiters(" ".join(value.split())).replace('"', "'")

    return "\n\n".join(
        prompts.SOURCE_TEMPLATE.format(
            n=s.n,
            title=attribute(s.title),
            date=attribute(s.date),
            outlet=attribute(s.source),
            text=neutralise_delimiters(s.text.strip()),
        )
        for s in sources
    )


def render_history(history: Sequence[Turn]) -> str:
    """The last few turns for the condense prompt, long answers cut short."""
    lines = []
    for turn in list(history)[-CONDENSE_TURNS:]:
        answer = " ".join(turn.answer.split())
        if len(answer) > CONDENSE_ANSWER_CHARS:
            answer = answer[:CONDENSE_ANSWER_CHARS].rstrip() + " …"
        lines.append(
            prompts.HISTORY_TURN_TEMPLATE.format(
                question=neutralise_delimiters(" ".join(turn.question.split())),
                answer=neutralise_delimiters(answer),
            )
        )
    return "\n\n".join(lines)


def looks_like_garbage(text: str) -> bool:
    """True for text that is mostly control characters, replacement characters or unassigned code points."""
    if not text.strip():
        return True
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in "\n\r\t")
    )
    return bad > max(2, len(text) // 10)


def language_name(language: str) -> str:
    try:
        return prompts.LANGUAGE_NAMES[language]
    except KeyError:
        raise ValueError(
            f"language must be one of {sorted(prompts.LANGUAGE_NAMES)}, not {language!r}"
        ) from None


# --- errors ----------------------------------------------------------------------------------


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _class_names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cause in _causes(exc) for cls in type(cause).__mro__}


def reason_for(exc: BaseException, timeout: float) -> str:
    """A short user-facing reason for a failed call (never containing the exception's text)."""
    names = _class_names(exc)
    statuses = [getattr(c, "status_code", None) for c in _causes(exc)]
    status = next((s for s in statuses if isinstance(s, int)), None)
    if names & {"ModelTimeoutError", "APITimeoutError", "TimeoutException", "TimeoutError"}:
        return f"the language model did not answer in {timeout:g} s"
    if any(isinstance(c, ConnectionRefusedError) for c in _causes(exc)):
        return "the language model endpoint refused the connection"
    if names & {"ModelConnectionError", "APIConnectionError", "ConnectError", "ConnectionError"}:
        return "the language model endpoint could not be reached"
    if "ContextOverflowError" in names:
        return "the question and its sources are too long for the language model"
    if status in (401, 403):
        return f"the language model endpoint rejected the API key (HTTP {status})"
    if status == 404:
        return "the language model endpoint does not know this model or URL (HTTP 404)"
    if status == 429:
        return "the language model endpoint is rate-limiting requests (HTTP 429)"
    if isinstance(status, int):
        return f"the language model endpoint failed (HTTP {status})"
    return "the language model endpoint did not return a chat answer"


# --- the backend -----------------------------------------------------------------------------


class GenerativeBackend:
    """Answers from numbered sources with an OpenAI-compatible chat model (or any injected one)."""

    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self._timeout = settings.llm_timeout
        self._secret = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        self._model_name = settings.llm_model or type(chat_model).__name__
        model = chat_model if chat_model is not None else self._openai_model(settings)
        self._answer_chain = self._chain(model, prompts.ANSWER_SYSTEM, prompts.ANSWER_USER)
        self._condense_chain = self._chain(model, prompts.CONDENSE_SYSTEM, prompts.CONDENSE_USER)

    @staticmethod
    def _openai_model(settings: Settings) -> BaseChatModel:
        if not settings.llm_base_url:
            raise ConfigError("NEWSBOT_LLM_BASE_URL is not set (an OpenAI-compatible /v1 URL)")
        if not settings.llm_model:
            raise ConfigError("NEWSBOT_LLM_MODEL is not set (e.g. gpt-4o-mini, or an Ollama model name)")
        try:
            from langchain_openai import ChatOpenAI
        except ImportError:
            raise ConfigError(
                "the generative backend needs langchain-openai: pip install langchain-openai "
                "(or unset NEWSBOT_LLM_BASE_URL to use the offline extractive answers)"
            ) from None
        return ChatOpenAI(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key or SecretStr(PLACEHOLDER_API_KEY),
            model=settings.llm_model,
            timeout=settings.llm_timeout,
            max_retries=0,
            # "max_tokens", not langchain's "max_completion_tokens": llama.cpp's and Ollama's
            # servers know only the older name, and OpenAI still accepts it for chat models.
            extra_body={"max_tokens": settings.llm_max_tokens},
            temperature=0,
        )

    @staticmethod
    def _chain(model: BaseChatModel, system: str, user: str) -> Runnable[dict[str, Any], str]:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        prompt = ChatPromptTemplate.from_messages([("system", system), ("human", user)])
        return prompt | model | StrOutputParser()

    # --- public API ----------------------------------------------------------------------
    @property
    def model_name(self) -> str:
        """The configured model (or the injected model's class), e.g. for ``Answer.backend``."""
        return self._model_name

    def generate(
        self,
        question: str,
        language: str,
        sources: Sequence[NumberedSource],
        on_partial: Callable[[str], None] | None = None,
    ) -> GeneratedText:
        """Stream an answer citing ``sources``; ``on_partial`` gets the cleaned text so far."""
        name = language_name(language)
        valid = {s.n for s in sources}
        inputs = {
            "language_name": name,
            "not_in_sources": prompts.NOT_IN_SOURCES,
            "sources": render_sources(sources),
            "question": question.strip(),
        }
        text = shown = ""
        for piece in self._stream(self._answer_chain, inputs):
            text += piece
            if on_partial is not None:
                view = self._partial_view(text, valid)
                if view and view != shown:  # never the same text twice (Telegram rejects such edits)
                    shown = view
                    on_partial(view)
        if looks_like_garbage(text):
            log.warning("LLM %s returned %s", self._model_name, "nothing" if not text.strip() else "garbage")
            raise LLMUnavailableError(
                "the language model returned an empty answer"
                if not text.strip()
                else "the language model returned an unreadable answer"
            )
        not_in_sources, body = split_sentinel(text)
        if not_in_sources:
            cleaned, removed = clean_citations(body, ())
        else:
            cleaned, removed = clean_citations(body, valid)
        if removed:
            log.warning(
                "removed citation(s) %s pointing to no source (sources: %s)",
                ", ".join(f"[{n}]" for n in removed),
                ", ".join(str(n) for n in sorted(valid)) or "none",
            )
        return GeneratedText(cleaned, not_in_sources, removed)

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        """Rewrite a follow-up into a standalone question; without history, the question itself."""
        if not history:
            return question
        inputs = {"history": render_history(history), "question": question.strip()}
        text = "".join(self._stream(self._condense_chain, inputs))
        if looks_like_garbage(text):
            raise LLMUnavailableError("the language model returned an unreadable answer")
        line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
        for prefix in ("Standalone question:", "Question:"):
            if line.lower().startswith(prefix.lower()):
                line = line[len(prefix) :].strip()
        return line.strip("\"'«»“”") or question

    # --- internals -----------------------------------------------------------------------
    def _stream(self, chain: Runnable[dict[str, Any], str], inputs: dict[str, Any]) -> Iterator[str]:
        """Chain output pieces; every failure becomes LLMUnavailableError with a clean reason."""
        try:
            yield from chain.stream(inputs)
        except LLMUnavailableError:
            raise
        except Exception as exc:  # any endpoint or parsing failure is "LLM unavailable"
            reason = reason_for(exc, self._timeout)
            log.warning(
                "LLM %s failed: %s (%s: %s)", self._model_name, reason, type(exc).__name__, self._scrub(exc)
            )
            raise LLMUnavailableError(reason) from None

    def _partial_view(self, text: str, valid: Collection[int]) -> str:
        """What the user may see of a reply in progress: nothing while it may be the sentinel."""
        head = text.lstrip()
        if prompts.NOT_IN_SOURCES.startswith(head[: len(prompts.NOT_IN_SOURCES)].lstrip("*_`\"' ")):
            return ""
        return clean_citations(text, valid)[0]

    def _scrub(self, exc: BaseException) -> str:
        detail = " ".join(str(exc).split())[:200]
        if self._secret:
            detail = detail.replace(self._secret, "***")
        return detail
