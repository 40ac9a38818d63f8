"""The terminal chat: questions in, answers with numbered sources out; works piped too."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot.terminal.render import answer_text, sources_list, sources_text
from bot.types import Answer, AnswerFunction, Turn
from index.errors import NewsbotError

HISTORY_TURNS = 4
HELP = """Ask a question about the news articles, in Greek or English ("What's new?" lists the newest).
Commands:
  /news      the newest articles (as "What's new?")
  /sources   the full sources (with quotes) of the last answer
  /reset     forget the conversation (follow-ups start afresh)
  /reindex   bring the index up to date with the corpus
  /help      this list
  /quit      leave (or Ctrl-D); Ctrl-C cancels a question"""


def _enable_line_editing(history_file: Path | None) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    if history_file is not None:
        try:
            history_file.parent.mkdir(parents=True, exist_ok=True)
            if history_file.exists():
                readline.read_history_file(history_file)
            import atexit

            atexit.register(readline.write_history_file, history_file)
        except OSError:
            pass


def run_repl(
    answer_fn: AnswerFunction,
    reindex_fn: Callable[[], str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    history_file: Path | None = None,
) -> int:
    """Chat until end of input or /quit; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        _enable_line_editing(history_file)
        print("newsbot: ask about the news (Greek or English). /help for commands, Ctrl-D to quit.",
              file=stdout)
    history: list[Turn] = []
    last: Answer | None = None
    while True:
        try:
            line = input("» ") if interactive and stdin is sys.stdin else stdin.readline()
        except EOFError:
            line = ""
        except KeyboardInterrupt:
            print(file=stdout)
            continue
        if not line:
            if interactive:
                print(file=stdout)
            return 0
        question = line.strip()
        if not question:
            continue
        command = question.lower()
        if command in ("/quit", "/exit", "/q"):
            return 0
        if command in ("/help", "/?"):
            print(HELP, file=stdout)
            continue
        if command == "/sources":
            print(sources_text(last), file=stdout)
            continue
        if command == "/reset":
            history.clear()
            last = None
            print("Conversation reset.", file=stdout)
            continue
        if command == "/reindex":
            try:
                print(reindex_fn(), file=stdout)
            except NewsbotError as exc:
                print(f"reindex failed: {exc}", file=stdout)
            continue
        if command == "/news":
            question = "What's new?"
        elif command.startswith("/"):
            print(f"Unknown command {question.split()[0]}; /help lists them.", file=stdout)
            continue
        stream = StreamPrinter(stdout, bold=stdout.isatty())
        try:
            answer = answer_fn(question, tuple(history[-HISTORY_TURNS:]), stream)
        except KeyboardInterrupt:
            stream.end_line()
            print("(cancelled)", file=stdout)
            continue
        except NewsbotError as exc:
            stream.end_line()
            print(f"Sorry, I cannot answer right now: {exc}", file=stdout)
            continue
        last = answer
        history.append(Turn(question, answer.text))
        stream.finish(answer)
        print(file=stdout)
        stdout.flush()


class StreamPrinter:
    """Prints a generated answer as it grows, then whatever the final answer adds to it."""

    def __init__(self, stdout: TextIO, bold: bool = False) -> None:
        self._stdout = stdout
        self._bold = bold  # the short answer in bold on a terminal, plain when piped
        self._printed = ""

    def __call__(self, text: str) -> None:
        if text.startswith(self._printed):  # text that was shown cannot be taken back
            self._stdout.write(text[len(self._printed) :])
            self._stdout.flush()
            self._printed = text

    def end_line(self) -> None:
        if self._printed:
            print(file=self._stdout)

    def finish(self, answer: Answer) -> None:
        """The rest of the answer's text, its notice and its sources (the whole answer if nothing streamed)."""
        if not self._printed:
            print(answer_text(answer, bold=self._bold), file=self._stdout)
            return
        if answer.text.startswith(self._printed):
            print(answer.text[len(self._printed) :], file=self._stdout)
        else:  # the final answer replaced what streamed (e.g. quotes instead of the model's text)
            print("\n" + answer.text, file=self._stdout)
        lines = ([f"({answer.notice})"] if answer.notice else []) + sources_list(answer)
        if lines:
            print("\n".join(lines), file=self._stdout)
