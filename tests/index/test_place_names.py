"""CLDR's country, language and city names join what transliteration cannot."""

from __future__ import annotations

import pytest

from index.place_names import greek_stems, initials_name, is_place, is_place_name, place_stem, stems_in
from index.text import fold


def words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    split = text.replace(".", " ").split()
    return frozenset(fold(w) for w in split), frozenset(fold(w) for w in split if w[:1].isupper())


def test_countries_languages_demonyms_and_cities() -> None:
    assert "γερμαν" in greek_stems("Germany") and "γερμαν" in greek_stems("Germans")
    assert "αιγυπτ" in greek_stems("Egypt") and "αιγυπτ" in greek_stems("Egyptian")
    assert "ισπαν" in greek_stems("Spanish")
    assert "τουρκ" in greek_stems("Turkey")  # CLDR's English name is "Türkiye"; the language joins it
    assert greek_stems("Cairo") and greek_stems("Athens")
    assert greek_stems("Namroush") == frozenset()


def test_stems_are_found_in_inflected_greek() -> None:
    folded, capitalised = words("Ο Ισπανός πρέσβης στην Αίγυπτο και η γερμανική κυβέρνηση στο Κάιρο.")
    for english in ("Spanish", "Egypt", "Germany", "Cairo"):
        assert stems_in(greek_stems(english), folded, capitalised), english
    assert not stems_in(greek_stems("France"), folded, capitalised)
    # a short stem ("καιρ") counts only capitalised: "ο καιρός" is the weather, not Cairo
    folded, capitalised = words("Ο καιρός ήταν καλός.")
    assert not stems_in(greek_stems("Cairo"), folded, capitalised)


def test_is_place() -> None:
    assert is_place("Αιγύπτου") and is_place("Λιβύης") and is_place("Germany")
    assert not is_place("Ναμρούς") and not is_place("Namroush")


@pytest.mark.parametrize("word", ["Λονδίνο", "Λονδίνου", "Τουρκίας", "Τουρκία", "Αιγύπτου", "Egypt", "Λος Άντζελες",
                                  "Los Angeles", "Ηνωμένες Πολιτείες"])
def test_cldr_places_in_any_greek_case_or_in_english(word: str) -> None:
    assert is_place_name(word)


# «Πέρι» (Perry) is no case of «Περού»: a Greek place name's cases never end in a bare «ι»
@pytest.mark.parametrize("word", ["Παπαδάκης", "Κωνσταντίνου", "Facebook", "Μάρτιο", "Επιτελείο", "Πέρι"])
def test_names_and_words_that_are_not_places(word: str) -> None:
    assert not is_place_name(word)


def test_a_place_stem_drops_the_greek_case_ending_only() -> None:
    assert place_stem("Αθήνας") == place_stem("Αθήνα") == "αθην"
    assert place_stem("Paris's") == "paris"


def test_a_countrys_initials_stand_for_it() -> None:
    assert initials_name("ΗΠΑ", "US") and initials_name("UK", "GB") and initials_name("ΗΒ", "GB")
    assert not initials_name("ΗΠΑ", "CN") and not initials_name("ΟΗΕ", "US")
