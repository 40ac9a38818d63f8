"""Does a generated answer say what the question asks, or only restate it?

Small models answer "how many people…?" with a sentence that holds no number, or "who held the
post before?" with the question turned into a statement. Such a sentence cites its source and
states nothing unsupported, so the grounding check passes it; this check does not: the answer
must state something of the asked kind (bot.question.analysis.Question.answer_kind) that the question does not
already hold, and any other answer must add words of its own.
"""

from __future__ import annotations

from bot.answering.citations import without_citations
from bot.answering.claims import facts_of, names_match
from bot.answering.extractive import has_new_number
from bot.answering.short_answer import content_stems
from bot.question.analysis import Question, as_question

# An answer adds at least this many content words (folded 5-letter stems) the question lacks.
MIN_NEW_WORDS = 2


def _name_keys(text: str) -> set[str]:
    return {key for keys in facts_of(text, claim=True).names.values() for _word, key in keys if key}


def states_what_is_asked(question: Question | str, answer: str) -> bool:
    """Does ``answer`` state a fact of the kind ``question`` asks for, beyond the question itself?"""
    asked = as_question(question)
    question = asked.text
    text = without_citations(answer)
    kind = asked.answer_kind
    if kind == "number":
        return has_new_number(asked, text)
    if kind == "date":
        said = facts_of(text, claim=True)
        years = {w for w, values in said.numbers.items() if any(1000 <= v <= 2999 for v in values)}
        return bool(said.day_months or said.months or said.weekdays or years - {n.text for n in asked.numbers})
    if kind in ("name", "place"):
        asked_names = asked.name_keys
        return any(not any(names_match(key, other) for other in asked_names) for key in _name_keys(text))
    return len(content_stems(text) - content_stems(question)) >= MIN_NEW_WORDS
