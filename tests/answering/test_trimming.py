"""Quotes cut to the clauses that answer: verbatim pieces, the answer kept, «…» at each cut."""

from __future__ import annotations

import pytest

from bot.answering.trimming import CUT, clauses, pieces, trimmed
from bot.question.analysis import analyse

CRASH = (
    "Στις 23 Δεκεμβρίου συνετρίβη το αεροσκάφος που μετέφερε τον πρώην Αρχηγό του Γενικού Επιτελείου στρατάρχη "
    "Μοχάμεντ αλ Χαντάντ με αποτέλεσμα να χάσει τη ζωή του μαζί με τη στρατιωτική αντιπροσωπεία και τους άλλους "
    "επιβαίνοντες."
)
VISIT = (
    "Δύο μήνες μετά, ο νέος Αρχηγός του Γενικού Επιτελείου του Λιβυκού Στρατού, αντιστράτηγος Σαλάχ αλ Ναμρούς "
    "επισκέφθηκε την Άγκυρα, και συζήτησε με τον Αρχηγό του Τουρκικού Γενικού Επιτελείου, στρατηγό Σελτσούκ "
    "Μπαϊρακτάρογλου τους τρόπους επέκτασης της αμυντικής συνεργασίας μεταξύ των δύο χωρών."
)
TARIFFS = (
    "Ο Αμερικανός Πρόεδρος Ντόναλντ Τραμπ έριξε την πρώτη προειδοποιητική βολή νωρίτερα φέτος, φορολογώντας "
    "βασικά κινεζικά εξαγώγιμα προϊόντα, μεταξύ των οποίων ηλιακά πάνελ, χάλυβας και αλουμίνιο."
)


def _assert_verbatim(shown: str, sentence: str) -> None:
    for piece in pieces(shown):
        assert piece in sentence, piece


def test_a_when_quote_keeps_the_date_and_drops_the_clause_after() -> None:
    shown = trimmed(analyse("Πότε συνετρίβη το αεροσκάφος του Χαντάντ;"), CRASH)
    assert shown.startswith("Στις 23 Δεκεμβρίου συνετρίβη")
    assert shown.endswith(f" {CUT}")
    assert "επιβαίνοντες" not in shown
    assert len(shown) < len(CRASH)
    _assert_verbatim(shown, CRASH)


def test_a_cut_in_the_middle_is_marked_and_each_piece_is_the_article_s_words() -> None:
    shown = trimmed(analyse("Πότε επισκέφθηκε ο Ναμρούς την Άγκυρα;"), VISIT)
    assert f" {CUT} " in shown
    assert "Δύο μήνες μετά" in shown  # the answer
    assert "συζήτησε με τον Αρχηγό" not in shown
    assert len(pieces(shown)) == 2
    _assert_verbatim(shown, VISIT)


@pytest.mark.parametrize(
    "question",
    [
        "Πώς έχασε τη ζωή του ο στρατάρχης Χαντάντ;",  # how: the answer may be in any clause
        "Γιατί συνετρίβη το αεροσκάφος;",  # why: quoted whole
    ],
)
def test_questions_without_an_asked_kind_of_span_are_quoted_whole(question: str) -> None:
    assert trimmed(analyse(question), CRASH) == CRASH


def test_a_short_sentence_is_quoted_whole() -> None:
    sentence = "Στις 23 Δεκεμβρίου συνετρίβη το αεροσκάφος, σύμφωνα με το υπουργείο."
    assert trimmed(analyse("Πότε συνετρίβη το αεροσκάφος;"), sentence) == sentence


def test_a_relative_after_a_preposition_stays_with_its_clause() -> None:
    texts = [TARIFFS[c.start : c.end] for c in clauses(TARIFFS)]
    assert any(t.strip().startswith("μεταξύ των οποίων ηλιακά πάνελ") for t in texts)
    assert "".join(texts) == TARIFFS  # clauses cover the sentence, nothing lost between them


def test_pieces_of_an_uncut_quote_is_the_quote() -> None:
    assert pieces(CRASH) == [CRASH]
