"""`newsbot` with the counting fake embedder: ``python tests/fake_cli.py [newsbot arguments]``.

Runs the real command line (bot.cli.main: settings, store, retriever, answerer, exit codes) in a
subprocess without loading the embedding model, so tests can start several processes cheaply.
"""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_helpers import SlowCountingEmbedder

from bot.app import Newsbot
from bot.cli import main


def _fake_embedder(self: Newsbot) -> SlowCountingEmbedder:
    return SlowCountingEmbedder()


if __name__ == "__main__":
    fake = cached_property(_fake_embedder)
    fake.__set_name__(Newsbot, "embedder")
    Newsbot.embedder = fake  # type: ignore[assignment,method-assign]
    sys.exit(main(sys.argv[1:]))
