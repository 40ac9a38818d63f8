"""The query batcher (index/embedding.py): questions that arrive together are embedded in one call."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest
from fakes import CountingEmbedder

from index.embedding import QueryBatcher


class SlowEmbed:
    """The counting embedder's query vectors, taking ``seconds`` a call; records each call's texts."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.model = CountingEmbedder()
        self.batches: list[list[str]] = []
        self.inside = threading.Event()
        self.fail = False

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.batches.append(list(texts))
        self.inside.set()
        time.sleep(self.seconds)
        if self.fail:
            raise RuntimeError("the model failed")
        return self.model.embed_queries(texts)


def _ask_all(batcher: QueryBatcher, questions: list[str]) -> dict[str, np.ndarray]:
    results: dict[str, np.ndarray] = {}

    def ask(question: str) -> None:
        results[question] = batcher([question])[0]

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_questions_arriving_while_one_is_embedded_go_together_and_each_gets_its_own_vector() -> None:
    embed = SlowEmbed(0.3)
    batcher = QueryBatcher(embed, window=0.0)
    first = threading.Thread(target=batcher, args=(["πρώτη ερώτηση"],))
    first.start()
    assert embed.inside.wait(10)  # the first question is being embedded: the next ones queue
    questions = [f"ερώτηση {i} για τις εκλογές" for i in range(8)] + ["ερώτηση 0 για τις εκλογές"]
    results = _ask_all(batcher, questions)
    first.join(timeout=30)
    assert embed.batches[0] == ["πρώτη ερώτηση"]  # a lone first question was not held back
    assert len(embed.batches) == 2 and sorted(embed.batches[1]) == sorted(set(questions))  # one call, once each
    for question in questions:
        assert np.allclose(results[question], embed.model.embed_queries([question])[0]), question
    assert batcher.calls == 2


def test_a_lone_question_waits_at_most_its_window() -> None:
    embed = SlowEmbed(0.0)
    batcher = QueryBatcher(embed, window=1.0)
    started = time.perf_counter()
    batcher(["μόνη ερώτηση"])
    assert time.perf_counter() - started < 0.5  # after a quiet spell: no window at all
    embed.seconds = 0.3
    first = threading.Thread(target=batcher, args=(["α ερώτηση"],))
    first.start()
    assert embed.inside.wait(10)
    _ask_all(batcher, ["β ερώτηση", "γ ερώτηση"])  # these two go together...
    first.join(timeout=30)
    embed.seconds = 0.0
    started = time.perf_counter()
    vector = batcher(["δ ερώτηση"])  # ...so the next one waits for company, one window and no more
    waited = time.perf_counter() - started
    assert 0.9 < waited < 1.9, waited
    assert np.allclose(vector[0], embed.model.embed_queries(["δ ερώτηση"])[0])


def test_a_failed_call_reaches_every_caller_it_carried_and_the_next_call_works() -> None:
    embed = SlowEmbed(0.3)
    batcher = QueryBatcher(embed, window=0.0)
    errors: list[BaseException] = []

    def ask(question: str) -> None:
        try:
            batcher([question])
        except RuntimeError as exc:
            errors.append(exc)

    first = threading.Thread(target=ask, args=("πρώτη",))
    first.start()
    assert embed.inside.wait(10)
    embed.fail = True
    threads = [threading.Thread(target=ask, args=(f"ερώτηση {i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in [first, *threads]:
        thread.join(timeout=30)
    assert len(errors) == 4 and len(embed.batches) == 2
    embed.fail, embed.seconds = False, 0.0
    assert batcher(["ξανά"]).shape == (1, embed.model.dim)
    with pytest.raises(RuntimeError):
        embed.fail = True
        batcher(["πάλι"])
