"""The REPL streams an answer as it grows and prints it once, with its notice and sources."""

from __future__ import annotations

import io

from bot.terminal.repl import run_repl
from bot.types import Answer, Citation, PartialTextCallback, Turn


def test_repl_prints_a_streamed_answer_once_then_its_notice_and_sources() -> None:
    citation = Citation(1, "doc", "Title", "2031-03-14", "outlet", "", "quote")

    def streaming(question: str, history: tuple[Turn, ...] = (), on_partial: PartialTextCallback | None = None
                  ) -> Answer:
        assert on_partial is not None
        on_partial("First sentence [1].")
        on_partial("First sentence [1]. Second [1].")
        if question == "replaced":  # the final answer is not a continuation: printed anew
            return Answer(question, "«quote» [1]", False, "en", (citation,), notice="fell back")
        return Answer(question, "First sentence [1]. Second [1]. Third [1].", False, "en", (citation,),
                      notice="Left out 1 sentence(s)")

    stdout = io.StringIO()
    run_repl(streaming, lambda: "", stdin=io.StringIO("ask\nreplaced\n"), stdout=stdout)
    out = stdout.getvalue()
    assert "First sentence [1]. Second [1]. Third [1].\n(Left out 1 sentence(s))\n\nSources:\n[1] Title" in out
    assert out.count("First sentence") == 2  # once per question, never repeated by the final print
    assert "Second [1].\n«quote» [1]\n(fell back)" in out


def test_the_news_command_asks_for_the_newest_articles() -> None:
    asked: list[str] = []

    def answer(question: str, history: tuple[Turn, ...] = (), on_partial: PartialTextCallback | None = None
               ) -> Answer:
        asked.append(question)
        return Answer(question, "The newest articles:\n[1] Title", False, "en")

    stdout = io.StringIO()
    run_repl(answer, lambda: "", stdin=io.StringIO("/news\n/help\n"), stdout=stdout)
    assert asked == ["What's new?"]
    assert "/news" in stdout.getvalue()  # /help lists it
