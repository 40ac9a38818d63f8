"""Plain-text and JSON renderings of answers and hits, shared by the terminal front ends."""

from __future__ import annotations

from typing import Any

from bot.types import Answer, Citation
from index.retrieval import Hit


def citation_line(c: Citation) -> str:
    parts = [c.title or c.doc_id, c.date, c.source]
    line = f"[{c.n}] " + " · ".join(p for p in parts if p) + f"  ({c.doc_id})"
    return line + (f"\n    {c.url}" if c.url else "")


BOLD, PLAIN = "\033[1m", "\033[0m"


def answer_text(answer: Answer, bold: bool = False) -> str:
    """The answer with a short sources list beneath, as a terminal shows it (short answer first)."""
    lines = [answer.text, *sources_list(answer)]
    if answer.short_answer:
        lines.insert(0, f"{BOLD}{answer.short_answer}{PLAIN}" if bold else answer.short_answer)
    if answer.notice:
        lines.insert(0, f"({answer.notice})")
    return "\n".join(lines)


def sources_list(answer: Answer) -> list[str]:
    """The lines below an answer's text: a blank line, then one line per citation."""
    if not answer.citations:
        return []
    heading = "Sources:" if answer.language == "en" else "Πηγές:"
    return ["", heading, *(citation_line(c) for c in answer.citations)]


def sources_text(answer: Answer | None) -> str:
    """The full sources of an answer: each citation with its quote."""
    if answer is None or not answer.citations:
        return "No sources yet: ask a question first."
    blocks = []
    for c in answer.citations:
        blocks.append(f"{citation_line(c)}\n    «{c.quote}»")
    return "\n\n".join(blocks)


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "language": answer.language,
        "short_answer": answer.short_answer,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "title": c.title, "date": c.date, "source": c.source,
             "url": c.url, "quote": c.quote}
            for c in answer.citations
        ],
        "backend": answer.backend,
        "seconds": round(answer.seconds, 4),
        **({"notice": answer.notice} if answer.notice else {}),
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    return {
        "rank": hit.rank, "doc_id": hit.doc_id, "chunk_id": hit.chunk_id, "score": hit.score,
        "title": hit.title, "date": hit.date, "source": hit.source, "url": hit.url, "text": hit.text,
    }


def hit_text(hit: Hit) -> str:
    head = f"{hit.rank}. {hit.doc_id}  score {hit.score:.3f}  {hit.title}"
    return f"{head}\n   {hit.text[:300]}{'…' if len(hit.text) > 300 else ''}"
