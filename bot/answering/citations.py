"""The `[n]` marks answers cite their numbered sources with, read the same way by every check."""

from __future__ import annotations

import re

# Between the quotes of one article in its citation («…» [1] … «…» [1] cite one source, quoting both).
QUOTE_SEPARATOR = " … "
# One source number in brackets; the generative backend writes "[1, 2]" as "[1][2]" before any check reads it.
CITATION_MARKER = re.compile(r"\[(\d+)\]")


def cited_numbers(text: str) -> list[int]:
    """The source numbers ``text`` cites, in order of appearance (repeats kept)."""
    return [int(n) for n in CITATION_MARKER.findall(text)]


def without_citations(text: str, replacement: str = " ") -> str:
    """``text`` with its `[n]` marks replaced (a space by default, so the words around stay apart)."""
    return CITATION_MARKER.sub(replacement, text)
