"""Durations in settings (NEWSBOT_FETCH_EVERY): parsed once into seconds, bad ones named."""

from __future__ import annotations

import pytest

from index.errors import ConfigError
from index.settings import load_settings, parse_duration


@pytest.mark.parametrize(("text", "seconds"), [
    ("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("900", 900), (" 1H ", 3600), ("0.25s", 0.25),
])
def test_durations_are_read(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15x", "15 minutes", "-5m", "0m"])
def test_a_bad_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_the_setting_is_parsed_once_and_a_bad_one_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().fetch_every is None
    monkeypatch.setenv("NEWSBOT_FETCH_EVERY", "15m")
    assert load_settings().fetch_every == 900
    monkeypatch.setenv("NEWSBOT_FETCH_EVERY", "soon")
    with pytest.raises(ConfigError, match=r"NEWSBOT_FETCH_EVERY.*'soon' is not a duration"):
        load_settings()
