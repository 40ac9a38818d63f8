"""The shipped list of common English words: lookups, and the fallback when the list is missing or broken."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from index.common_words import DATA_PATH, MIN_ZIPF, english_zipf, load


def test_the_shipped_list_tells_common_words_from_rare_names() -> None:
    assert english_zipf("Labour's") == pytest.approx(4.7)  # the possessive is not part of the word
    assert english_zipf("Treasury") == pytest.approx(4.2)
    assert english_zipf("Rabat") == 0.0  # under the list's floor: a rare word
    assert english_zipf("TurkStream") == 0.0
    assert english_zipf("Ραμπάτ") is None  # not Latin-script: not looked up


def test_the_shipped_list_is_small_sorted_and_above_its_floor() -> None:
    words = load()
    assert words is not None and 20_000 < len(words) < 40_000
    assert DATA_PATH.stat().st_size < 400_000
    assert min(words.values()) >= MIN_ZIPF
    zipfs = list(words.values())
    assert zipfs == sorted(zipfs, reverse=True)


def test_no_list_means_unknown_said_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "none.tsv"
    with caplog.at_level(logging.WARNING, logger="index.common_words"):
        assert english_zipf("Labour", missing) is None
        assert english_zipf("Rabat", missing) is None
    assert len([r for r in caplog.records if "common English words" in r.getMessage()]) == 1


def test_a_broken_list_is_ignored(tmp_path: Path) -> None:
    broken = tmp_path / "broken.tsv"
    broken.write_text("# header\nlabour\t4.7\ntreasury\tmany\n", encoding="utf-8")
    assert load(broken) is None
    assert english_zipf("labour", broken) is None
    good = tmp_path / "good.tsv"
    good.write_text("# header\nlabour\t4.7\n", encoding="utf-8")
    assert english_zipf("Labour", good) == pytest.approx(4.7)
    assert english_zipf("Rabat", good) == 0.0
