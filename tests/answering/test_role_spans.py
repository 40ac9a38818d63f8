"""What a named person is: "Who is X?" and "What post does X hold?" answered by the title beside the name."""

from __future__ import annotations

import pytest

from bot.answering.role_spans import roles_beside
from bot.answering.short_answer import Quote, find_short_answer
from bot.question.asked import FORMER, asked_for
from index.text import name_key

MISSION = ("Δύο μήνες μετά, ο νέος Αρχηγός του Γενικού Επιτελείου του Λιβυκού Στρατού, αντιστράτηγος Σαλάχ αλ "
           "Ναμρούς επισκέφθηκε την Άγκυρα, και συζήτησε με τον Αρχηγό του Τουρκικού Γενικού Επιτελείου, στρατηγό "
           "Σελτσούκ Μπαϊρακτάρογλου τους τρόπους επέκτασης της αμυντικής συνεργασίας.")


def _named(*words: str):  # type: ignore[no-untyped-def]
    keys = {name_key(w) for w in words}
    return lambda word: name_key(word) in keys


@pytest.mark.parametrize(("sentence", "name", "role"), [
    (MISSION, "Ναμρούς", "νέος Αρχηγός του Γενικού Επιτελείου του Λιβυκού Στρατού, αντιστράτηγος"),
    (MISSION, "Μπαϊρακτάρογλου", "Αρχηγό του Τουρκικού Γενικού Επιτελείου, στρατηγό"),
    # the first name the question left out is still the name, not the title
    ("Όπως αποκάλυψε ο Υπουργός Εσωτερικών των ΗΠΑ, Ράιαν Ζίνκε, σύμφωνα με την εφημερίδα.", "Ζίνκε",
     "Υπουργός Εσωτερικών των ΗΠΑ"),
    ("Ο Ζαν Γκέλφαντ, πρόεδρος του Διεθνούς Ερυθρού Σταυρού στην Ινδονησία, δήλωσε στο CNN ότι …", "Γκέλφαντ",
     "πρόεδρος του Διεθνούς Ερυθρού Σταυρού στην Ινδονησία"),
    ("Είπε ο Γκάι Σεσίλ, διευθυντής της ομάδας Priorities USA που βοηθά στην εκλογή των Δημοκρατικών.", "Σεσίλ",
     "διευθυντής της ομάδας Priorities USA"),
    ("Interior Secretary Ryan Zinke said on Monday that exports would grow.", "Zinke", "Interior Secretary"),
    ("Dave Schwartz, the senior vice president of marketing, said the show was moved.", "Schwartz",
     "senior vice president of marketing"),
])
def test_the_title_before_a_name_or_in_apposition_after_it(sentence: str, name: str, role: str) -> None:
    assert [r.text for r in roles_beside(sentence, _named(name))] == [role]


@pytest.mark.parametrize(("sentence", "name"), [
    ("Ο Ναμρούς ξεκίνησε επίσημη επίσκεψη στην Άγκυρα τη Δευτέρα.", "Ναμρούς"),  # no title at all
    ("Είπε ότι έπρεπε να είχε απονεμηθεί τίτλος ευγενείας στον κ. Φάρατζ.", "Φάρατζ"),  # «κ.» is Mr, not a post
    ("Ο Τζακ Ρος, 42 ετών, δηλώνει ότι η φιλοδοξία του είναι μεγάλη.", "Ρος"),  # an age, and speech
    ("Ο Τζακ Ρος, δηλώνει ότι η φιλοδοξία του είναι να γίνει προπονητής.", "Ρος"),
])
def test_no_role_where_the_sentence_gives_none(sentence: str, name: str) -> None:
    assert roles_beside(sentence, _named(name)) == []


@pytest.mark.parametrize(("question", "kind", "noun"), [
    ("Who is Salah al-Namroush?", "role", ""),
    ("Ποιος είναι ο Σαλάχ αλ Ναμρούς;", "role", ""),
    ("What post does Karine Jean-Pierre hold at MoveOn?", "role", ""),
    ("Ποια θέση κατέχει η Χόλι Σνάιντερ στη Nationwide;", "role", ""),
    ("What rank does Salah al-Namroush hold?", "role", ""),
    ("Τι δουλειά έκανε ο Ζόραν Ζάεφ πριν γίνει πρωθυπουργός;", "role", FORMER),
    ("What post did Ryan Zinke hold before becoming Interior Secretary?", "role", FORMER),
    # not what a named person is
    ("What position were Sunderland in in League One?", "name", "position"),
    ("Who is Kit Harington's wife?", "person", "wife"),
    ("Ποιος είναι ο Πρόεδρος;", "person", "προεδροσ"),
    ("Who is the president of Bellator?", "person", "president"),
])
def test_questions_about_what_a_named_person_is(question: str, kind: str, noun: str) -> None:
    asked = asked_for(question)
    assert asked is not None and (asked.kind, asked.noun) == (kind, noun)


def test_who_is_a_named_person_is_answered_with_the_title_beside_the_name() -> None:
    found = find_short_answer("Ποιος είναι ο Σελτσούκ Μπαϊρακτάρογλου;", [Quote(MISSION, score=1.0)])
    assert found is not None and found.kind == "role"
    assert found.span == "Αρχηγό του Τουρκικού Γενικού Επιτελείου, στρατηγό"


def test_a_role_leaves_out_what_the_question_already_says() -> None:
    sentence = ("Η Καρίν Ζαν-Πιέρ, ανώτερη σύμβουλος και εθνική εκπρόσωπος Τύπου του MoveOn, είπε ότι η ψηφοφορία "
                "θα κριθεί στις πόλεις.")
    at_moveon = find_short_answer("What post does Karine Jean-Pierre hold at MoveOn?", [Quote(sentence)])
    assert at_moveon is not None and at_moveon.span == "ανώτερη σύμβουλος και εθνική εκπρόσωπος Τύπου"
    # "besides adviser": the other of the two posts
    besides = find_short_answer("Ποια άλλη θέση κατέχει η Καρίν Ζαν-Πιέρ εκτός από σύμβουλος;", [Quote(sentence)])
    assert besides is not None and besides.span == "εθνική εκπρόσωπος Τύπου του MoveOn"


def test_a_former_post_must_be_said_to_be_former() -> None:
    present = Quote("Ο Υπουργός Εσωτερικών των ΗΠΑ, Ράιαν Ζίνκε, μίλησε για τις εξαγωγές.")
    past = Quote("Ο πρώην βουλευτής της Μοντάνα Ράιαν Ζίνκε μίλησε για τις εξαγωγές.")
    question = "What post did Ryan Zinke hold before becoming Interior Secretary?"
    assert find_short_answer(question, [present]) is None
    found = find_short_answer(question, [past])
    assert found is not None and found.span == "πρώην βουλευτής της Μοντάνα"


@pytest.mark.parametrize(("question", "name"), [
    ("Ποιος είναι ο νέος αρχηγός του επιτελείου της Λιβύης;", "Σαλάχ αλ Ναμρούς"),
    ("Ποιος είναι ο αρχηγός του τουρκικού επιτελείου;", "Σελτσούκ Μπαϊρακτάρογλου"),
])
def test_the_title_beside_a_name_tells_which_holder_of_the_asked_role_is_meant(question: str, name: str) -> None:
    found = find_short_answer(question, [Quote(MISSION, score=1.0)])
    assert found is not None and found.span == name and found.features["short_named_as_asked"] == 1.0


def test_a_title_in_apposition_names_the_holder_of_the_asked_role() -> None:
    sentence = ("Ο Πρόεδρος της Ινδονησίας Τζόκο Ουιντόντο επισκέφθηκε το Παλού, και ο Ζαν Γκέλφαντ, πρόεδρος του "
                "Διεθνούς Ερυθρού Σταυρού στην Ινδονησία, δήλωσε ότι η κατάσταση είναι τραγική.")
    found = find_short_answer("Ποιος είναι ο πρόεδρος του Διεθνούς Ερυθρού Σταυρού στην Ινδονησία;", [Quote(sentence)])
    assert found is not None and found.span == "Ζαν Γκέλφαντ"


def test_a_list_of_people_is_no_apposition() -> None:
    sentence = "Ο Τζακ Ρος συνάντησε τον Πρόεδρο της ομάδας, Τζον Σμιθ, και τον προπονητή της Άιρ, Πίτερ Μούρτσι."
    assert [r.text for r in roles_beside(sentence, _named("Σμιθ"))] == ["Πρόεδρο της ομάδας"]


def test_the_asked_role_at_another_place_than_the_questions_is_not_the_holder() -> None:
    # "the head of the Turkish General Staff": not the Libyan one, whose title is of the same role
    found = find_short_answer("Who is the head of the Turkish General Staff?", [Quote(MISSION, score=1.0)])
    assert found is not None and found.span == "Σελτσούκ Μπαϊρακτάρογλου"
    sentence = "Η Άνα Μπαλαρίν, εκτελεστική δημιουργική διευθύντρια της Ogilvy, υπερασπίστηκε τη διαφήμιση."
    # "Saatchi", in no quote nor article, may be a translated name: the quote is not ruled out by it
    quote = Quote(sentence, article=sentence)
    elsewhere = find_short_answer("Who is the executive creative director at Saatchi?", [quote])
    assert elsewhere is not None and elsewhere.features["short_named_as_asked"] == 0.0
    here = find_short_answer("Who is the executive creative director at Ogilvy?", [quote])
    assert here is not None and here.features["short_named_as_asked"] == 1.0
    # an agency whose name is an English word for a person is still a name in a Greek title
    mother = "Η Άνα Μπαλαρίν, εκτελεστική δημιουργική διευθύντρια της Mother, υπερασπίστηκε τη διαφήμιση."
    other = find_short_answer("Who is the executive creative director at Saatchi?", [Quote(mother, article=mother)])
    assert other is not None and other.features["short_named_as_asked"] == 0.0


def test_a_post_is_dropped_only_when_all_its_titles_are_the_questions() -> None:
    # "minister" is «υπουργός» and, in "prime minister", «πρωθυπουργός»: the deputy prime minister's post
    # has a title the question does not name, so it is another post
    sentence = "Ο Σύρος υπουργός Εξωτερικών και αναπληρωτής πρωθυπουργός Ουαλίντ αλ Μουάλεμ μίλησε στη Συνέλευση."
    found = find_short_answer("What other post does Walid al-Muallem hold besides foreign minister?",
                              [Quote(sentence, article=sentence)])
    assert found is not None and found.span == "αναπληρωτής πρωθυπουργός"


def test_and_who_is_he_asks_what_the_person_the_previous_answer_named_is() -> None:
    from bot.question.analysis import analyse
    from bot.types import Turn

    history = [Turn("Με ποιον συναντήθηκε ο Ναμρούς στην Άγκυρα;", "…")]
    found = find_short_answer(analyse("Και ποιος είναι αυτός;", history), [Quote(MISSION, score=1.0)])
    assert found is not None and found.span == "Αρχηγό του Τουρκικού Γενικού Επιτελείου, στρατηγό"
    # after a follow-up, whose own "he" is not known here, no guess
    history.append(Turn("και τι συζήτησαν;", "…"))
    assert find_short_answer(analyse("Και ποιος είναι αυτός;", history), [Quote(MISSION, score=1.0)]) is None


def test_a_full_name_is_found_by_its_last_word_and_a_title_ends_before_the_full_stop() -> None:
    sentence = "Μίλησε ο Πίτερ Μπόουν, συντηρητικός βουλευτής. Ο Ρομπέρτο Καλζαντίλα, Βολιβιανός διπλωμάτης."
    assert find_short_answer("Who is Peter Murchie?", [Quote(sentence, article=sentence)]) is None
    found = find_short_answer("Ποιος είναι ο Ρομπέρτο Καλζαντίλα;", [Quote(sentence)])
    assert found is not None and found.span == "Βολιβιανός διπλωμάτης"


@pytest.mark.parametrize(("english", "greek"), [
    ("Wallace", "Γουάλας"), ("Chelsea", "Τσέλσι"), ("Chris", "Κρις"), ("Jakubowski", "Γιακουμπόφσκι"),
    ("Selcuk", "Σελτσούκ"), ("Charles", "Τσαρλς"),
])
def test_a_name_is_met_in_the_spellings_it_has_across_scripts(english: str, greek: str) -> None:
    from bot.answering.name_keys import same_word
    from index.text import name_readings

    assert any(same_word(a, b) for a in name_readings(english) for b in name_readings(greek))
    assert not any(same_word(a, b) for a in name_readings(english) for b in name_readings("Παπαδόπουλος"))


def test_who_is_a_person_the_greek_text_spells_otherwise_gets_their_title() -> None:
    said = "Ο παρουσιαστής Κρις Γουάλας ρώτησε τη Σάρα Σάντερς για τις ενημερώσεις."
    found = find_short_answer("Who is Chris Wallace?", [Quote(said, 1.0)])
    assert found is not None and found.text == "παρουσιαστής"
