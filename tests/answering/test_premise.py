"""The premise check: what the question names must be in the article an answer would cite."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import REPO_ROOT

from bot.answering import premise
from bot.answering.premise import check_article, check_articles, missing_everywhere, missing_text
from bot.question.analysis import analyse

TODAY = date(2026, 12, 5)
LIBYA = (
    "Ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης, Σαλάχ αλ Ναμρούς, επισκέφθηκε την Άγκυρα, όπου "
    "συναντήθηκε με τον Σελτσούκ Μπαϊρακτάρογλου. Συζητήθηκαν η εκπαίδευση και η ανταλλαγή εμπειρογνωμοσύνης."
)
FLOODS = "Πλημμύρες στη Θεσσαλία: 17 άνθρωποι έχασαν τη ζωή τους στον Βόλο και στη Λάρισα."
EXONYMS = (
    "Η Γερμανία και η Αίγυπτος υπέγραψαν συμφωνία στο Μόναχο. Ο Ισπανός υπουργός δήλωσε ότι η αιγυπτιακή "
    "κυβέρνηση συμφωνεί."
)


def missing(question: str, text: str) -> tuple[str, ...]:
    """What the article surely lacks, then what it may lack (a name in the other script, unknown to CLDR)."""
    check = check_article(analyse(question, (), TODAY), "doc", text)
    return check.missing + check.uncertain


def test_names_are_found_across_script_and_inflection() -> None:
    assert missing("Who is Libya's new chief of staff?", LIBYA) == ()
    assert missing("What did Salah al-Namroush discuss in Ankara?", LIBYA) == ()
    assert missing("Ποιον συνάντησε ο Ναμρούς στην Άγκυρα;", LIBYA) == ()


def test_a_name_the_article_lacks_is_missing() -> None:
    assert missing("Who did Salah al-Namroush meet in Cairo?", LIBYA) == ("Cairo",)
    assert missing("When did Libya's chief of staff visit Athens?", LIBYA) == ("Athens",)
    assert missing("How many people died in the floods in Thessaly?", LIBYA) == ("Thessaly",)
    assert missing("How many people died in the floods in Thessaly?", FLOODS) == ()


def test_three_consonants_alike_do_not_make_a_name_found() -> None:
    # "Torquay" and «Ιατρικό» (a sentence's first word) share the skeleton t-r-k: chance, not the name
    medical = "Ιατρικό κέντρο άνοιξε στο Πλίμουθ. Ο διευθυντής του μίλησε στους δημοσιογράφους."
    assert missing("In which area of Torquay was the man shot?", medical) == ("Torquay",)
    assert missing("In which area of Plymouth was the man shot?", medical) == ()


def test_exonyms_come_from_cldr() -> None:
    assert missing("What did Germany and Egypt sign?", EXONYMS) == ()
    assert missing("What did the Spanish minister say about the Egyptian government?", EXONYMS) == ()
    assert missing("What did France and Egypt sign?", EXONYMS) == ("France",)


def test_numbers_must_be_in_the_article() -> None:
    assert missing("Did 17 people die in the floods in Thessaly?", FLOODS) == ()
    assert missing("Did 800 people die in the floods in Thessaly?", FLOODS) == ("800 people",)  # said with its noun
    assert "2030" in missing("Who won the 2030 World Cup?", FLOODS)


def test_a_period_the_search_filters_to_is_not_checked_again() -> None:
    question = analyse("What happened in Thessaly in April 2014?", (), TODAY)
    assert question.time_role == "period"
    assert check_article(question, "doc", FLOODS).holds


def test_what_no_article_holds_is_what_is_said() -> None:
    question = analyse("How many died in Volos in Thessaly in the Libya talks?", (), TODAY)
    checks = check_articles(question, {"libya": LIBYA, "floods": FLOODS})
    # Volos and Thessaly: English names CLDR does not know, not found by sound: only uncertain
    assert checks[0].missing == () and checks[0].uncertain == ("Volos", "Thessaly")
    assert checks[1].missing == ("Libya",)  # CLDR knows Libya: surely missing
    greek = check_articles(analyse("Πόσοι πέθαναν στον Βόλο στις συνομιλίες για τη Λιβύη;", (), TODAY),
                           {"libya": LIBYA, "floods": FLOODS})
    assert greek[0].missing == ("Βόλο",) and greek[1].missing == ("Λιβύη",)
    # each is in some article, none in all: what the best article lacks is said
    assert missing_everywhere(greek) == ("Βόλο",)
    only_libya = check_articles(analyse("What happened in Cairo after the talks?", (), TODAY),
                                {"libya": LIBYA, "floods": FLOODS})
    assert missing_everywhere(only_libya) == ("Cairo",)


def test_a_question_without_names_or_numbers_always_holds() -> None:
    checks = check_articles(analyse("Πόσοι άνθρωποι σκοτώθηκαν;", (), TODAY), {"a": LIBYA})
    assert checks[0].holds and checks[0].checked == 0


def test_the_abstention_says_what_is_missing_in_the_question_language() -> None:
    assert missing_text(["Thessaly"], "How many died in Thessaly?", "en") == "The articles don't mention Thessaly."
    greek = missing_text(["Θεσσαλία"], "Πόσοι πέθαναν στη Θεσσαλία;", "el")
    assert greek == "Τα άρθρα δεν αναφέρουν τη Θεσσαλία."
    assert missing_text(["Cairo", "2030"], "q", "en") == "The articles don't mention Cairo or 2030."
    assert missing_text(["Labour"], "q", "en", sure=False) == "I could not find Labour in the articles."
    unsure = missing_text(["Θεσσαλία"], "Πόσοι πέθαναν στη Θεσσαλία;", "el", sure=False)
    assert unsure == "Δεν βρήκα τη Θεσσαλία στα άρθρα."


@pytest.mark.parametrize(("question", "said"), [
    ("Who scored Ayr's try in the 52nd minute against Melrose?", "The articles don't mention the 52nd minute."),
    ("Which TV station found that 64 percent of respondents would vote?", "The articles don't mention 64 percent."),
    ("Ποιος σκόραρε στο 71ο λεπτό για τη Λίβερπουλ;", "Τα άρθρα δεν αναφέρουν το 71ο λεπτό."),
])
def test_a_missing_number_is_said_with_its_noun(question: str, said: str) -> None:
    asked = analyse(question, (), TODAY)
    article = "Ο Στάριτζ σκόραρε στο 89ο λεπτό για τη Λίβερπουλ και την Άιρ. Το 57 τοις εκατό θα ψηφίσει στο TV."
    check = check_article(asked, "doc", article)
    assert missing_text(check.missing, asked.text, asked.language) == said


FOOTBALL = (
    "Ο Ντάνιελ Στάριτζ σκόραρε στο 89ο λεπτό για τη Λίβερπουλ απέναντι στην Τσέλσι στο Στάμφορντ Μπριτζ. "
    "Ο Νάιτζελ Φάρατζ σχολίασε τον αγώνα."
)


def test_sound_closeness_trades_voicing_and_allows_an_inflected_ending() -> None:
    from bot.answering.premise import sound_closeness

    assert sound_closeness("mlrs", "mlrz") > 0.85  # Melrose / «Μέλροουζ»: s ~ z
    assert sound_closeness("strdg", "strtz") >= 0.7  # Sturridge / «Στάριτζ»
    assert sound_closeness("bnfk", "lbrpl") < 0.5
    assert sound_closeness("frg", "frgs") == 1.0  # one more final consonant: a Greek case ending
    assert sound_closeness("", "frg") == 0.0


def test_a_latin_name_nothing_in_the_greek_article_sounds_like_is_far() -> None:
    far = check_article(analyse("Who scored for Benfica against Liverpool?", (), TODAY), "doc", FOOTBALL).far
    assert far == ("Benfica",)
    # Names the article writes in Greek letters are found, or at least close in sound: never far.
    for question in ("Who scored for Liverpool?", "What did Nigel Farage say?", "Did Sturridge score?"):
        assert check_article(analyse(question, (), TODAY), "doc", FOOTBALL).far == ()
    # English soft c and g: "Grace" / «Γκρέις», "Giants" / «Τζάιαντς».
    asylum = "Η Γκρέις κρατήθηκε στο Τέξας. Οι Μπέλφαστ Τζάιαντς έχασαν."
    for question in ("Where was Grace held?", "Did the Giants lose?"):
        assert check_article(analyse(question, (), TODAY), "doc", asylum).far == ()
    # A Greek adjective is not capitalised: "Britain" begins «βρετανικός».
    brexit = "Ο βρετανικός στρατός αποσύρθηκε."
    assert check_article(analyse("Did Britain withdraw?", (), TODAY), "doc", brexit).far == ()
    # A name the check is sure of (same script) is missing, not far.
    assert check_article(analyse("Σκόραρε η Μπενφίκα;", (), TODAY), "doc", FOOTBALL).far == ()


def test_a_name_too_short_for_its_sound_is_compared_letter_by_letter() -> None:
    # "Abbott" has two consonants: sound cannot tell, its letters can («Άμποτ» is "abot" as "Abbott" is)
    labour = "Η βουλευτής Νταϊάν Άμποτ μίλησε στο συνέδριο του Λιντς."
    assert check_article(analyse("Which constituency does Diane Abbott represent?", (), TODAY), "doc", labour).far == ()
    assert check_article(analyse("Which constituency does Diane Abbott represent?", (), TODAY), "doc",
                         FOOTBALL).far == ("Diane Abbott",)
    # «Άιρ» is two vowels before the r, as "Ayr" is
    rugby = "Η Άιρ νίκησε τη Μέλροουζ με 38-17."
    assert check_article(analyse("Who scored for Ayr against Melrose?", (), TODAY), "doc", rugby).far == ()


SEED = (REPO_ROOT / "corpus" / "000_1ed5aa9ce87cdf07.txt").read_text(encoding="utf-8")


def test_a_rare_name_far_in_sound_is_far_rare_a_translated_common_one_only_far() -> None:
    rabat = check_article(analyse("Whom did Namroush meet on his trip to Rabat?", (), TODAY), "seed", SEED)
    assert rabat.holds and rabat.far == ("Rabat",) and rabat.far_rare == ("Rabat",)
    # «επίσημη επίσκεψη»: Greek translates the common words, so nothing sounds like them, yet they are there
    official = analyse("Who did Namroush meet during his Official Visit to Ankara?", (), TODAY)
    visit = check_article(official, "seed", SEED)
    assert visit.far == ("Official Visit",) and visit.far_rare == ()
    # ... and how far they sound from the article says nothing, so they add no distance; a rare one does
    assert visit.distance == 0.0
    rabat = analyse("Whom did Namroush meet on his trip to Rabat?", (), TODAY)
    assert check_article(rabat, "seed", SEED).distance > 0.3


def test_without_the_list_of_common_words_no_name_is_far_rare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(premise, "english_zipf", lambda word: None)
    rabat = check_article(analyse("Whom did Namroush meet on his trip to Rabat?", (), TODAY), "seed", SEED)
    assert rabat.far == ("Rabat",) and rabat.far_rare == ()
    # unknown words are not common ones: the distance is measured as before
    assert check_article(analyse("Who did Namroush meet during his Official Visit to Ankara?", (), TODAY),
                         "seed", SEED).distance > 0.0


def test_the_distance_grades_how_far_the_least_found_name_is() -> None:
    def distance(question: str) -> float:
        return check_article(analyse(question, (), TODAY), "doc", FOOTBALL).distance

    # a name the article writes in Greek letters: close (Sturridge ~ «Στάριτζ»), little distance
    assert distance("Did Sturridge score?") < 0.35
    # a name nothing there sounds like is further, and further than the close one
    assert distance("Who scored for Benfica?") > 0.35 > distance("Did Sturridge score?")
    # nothing uncertain (no name, or a Greek name checked for sure): no distance at all
    assert distance("Who scored?") == 0.0
    assert distance("Σκόραρε η Μπενφίκα;") == 0.0


INSTITUTE = "Ο Τζέι Μπερζόφσκι του Εθνικού Ινστιτούτου Καρκίνου των ΗΠΑ χαρακτήρισε το εμβόλιο πολλά υποσχόμενο."


def test_the_word_for_a_kind_of_institution_does_not_find_the_institution() -> None:
    # «Ινστιτούτου» is any institute's: "Karolinska" must be there for the Karolinska Institute.
    karolinska = check_article(analyse("Which professor at the Karolinska Institute praised the vaccine?", (), TODAY),
                               "doc", INSTITUTE)
    assert "Karolinska Institute" in karolinska.uncertain and karolinska.far == ("Karolinska Institute",)
    # The institution word alone, or beside the name the article has, is found as before.
    assert missing("Which professor at the National Cancer Institute praised the vaccine?", INSTITUTE) == ()
    assert missing("Ποιος καθηγητής του Ινστιτούτου Καρκίνου επαίνεσε το εμβόλιο;", INSTITUTE) == ()


def test_an_institution_not_found_is_said_whole() -> None:
    question = "Ποιος είναι ο πρόεδρος του Center for New American Security;"
    asked = analyse(question, (), TODAY)
    check = check_article(asked, "doc", LIBYA)
    said = missing_text(check.missing + check.uncertain, asked.text, asked.language, sure=False)
    assert said == "Δεν βρήκα «Center for New American Security» στα άρθρα."
