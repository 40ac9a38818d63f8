"""The followers' SQLite state: follows per chat, notices queued once per chat and article, claims
that let one replica send each notice, sent notices never sent again, failed sends retried a few times."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.telegram.follow_store import CLAIM_SECONDS, MAX_ATTEMPTS, FollowResult, FollowStore, Notice
from index.errors import ConfigError


def notice(chat_id: int = 7, doc_id: str = "port") -> Notice:
    return Notice(chat_id, doc_id, "λιμάνι Βόλου", "Λιμάνι", "2026-03-02", "ertnews.gr", "https://e.gr/a", "Πρόταση.")


def test_follows_are_per_chat_case_blind_and_limited(tmp_path: Path) -> None:
    store = FollowStore(tmp_path / "state.sqlite")
    assert store.follow(7, "Λιμάνι Βόλου", 2) is FollowResult.ADDED
    assert store.follow(7, "λιμάνι   ΒΌΛΟΥ", 2) is FollowResult.ALREADY
    assert store.follow(7, "Brexit", 2) is FollowResult.ADDED
    assert store.follow(7, "σεισμός", 2) is FollowResult.TOO_MANY
    assert store.follow(8, "σεισμός", 2) is FollowResult.ADDED
    assert store.topics(7) == ["Λιμάνι Βόλου", "Brexit"]
    assert store.all_follows() == [(7, "Λιμάνι Βόλου"), (7, "Brexit"), (8, "σεισμός")]
    assert store.unfollow(7, "brexit") and not store.unfollow(7, "brexit")
    assert store.unfollow_all(7) == 1 and store.topics(7) == [] and store.topics(8) == ["σεισμός"]


def test_a_notice_is_queued_once_and_sent_by_one_replica_only(tmp_path: Path) -> None:
    first, second = FollowStore(tmp_path / "state.sqlite"), FollowStore(tmp_path / "state.sqlite")
    assert first.queue([notice(), notice(), notice(8)]) == 2
    assert second.queue([notice()]) == 0  # the other replica matched the same article: nothing new
    now = time.time()
    claimed = first.claim("a", 10, now)
    assert sorted(n.chat_id for n in claimed) == [7, 8] and claimed[0] == notice(claimed[0].chat_id)
    assert second.claim("b", 10, now + 1) == []  # the first replica's claim holds
    first.mark_sent(claimed[0])
    # The first replica dies before sending the second notice: after the lease another sends it.
    [taken_over] = second.claim("b", 10, now + CLAIM_SECONDS + 1)
    assert taken_over == claimed[1]
    second.mark_sent(taken_over)
    assert first.claim("a", 10, now + 10 * CLAIM_SECONDS) == []  # sent ones never again, however late
    assert first.status(7, "port") == "sent"


def test_failed_sends_are_retried_a_few_times_and_blocked_chats_never(tmp_path: Path) -> None:
    store = FollowStore(tmp_path / "state.sqlite")
    store.queue([notice(7), notice(9)])
    attempts = 0
    while claimed := store.claim("a", 10):
        for n in claimed:
            if n.chat_id == 9:
                store.mark_undeliverable(n)  # the user blocked the bot
            else:
                attempts += 1
                store.release(n)  # a network error: try again later
        assert attempts <= MAX_ATTEMPTS
    assert attempts == MAX_ATTEMPTS
    assert store.status(7, "port") == "failed" and store.status(9, "port") == "undeliverable"


def test_an_unusable_path_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="followers"):
        FollowStore(tmp_path / "file" / "state.sqlite")


def test_a_damaged_file_is_set_aside_and_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a header, then garbage
    store = FollowStore(path)
    assert store.follow(7, "σεισμός", 5) is FollowResult.ADDED and store.topics(7) == ["σεισμός"]
    assert len(list(tmp_path.glob("state.sqlite*"))) >= 2  # the damaged file is kept beside the new one
