"""The short answer that opens a factoid reply, and ELOT 743 romanisation of Greek names."""

from __future__ import annotations

import pytest

from bot.answering.short_answer import Quote, asked_kind, find_short_answer, short_answer
from bot.answering.short_confidence import threshold as short_threshold
from index.text import romanise

VISIT = ("Δύο μήνες μετά, ο νέος Αρχηγός του Γενικού Επιτελείου του Λιβυκού Στρατού, αντιστράτηγος "
         "Σαλάχ αλ Ναμρούς επισκέφθηκε την Άγκυρα, και συζήτησε με τον Αρχηγό του Τουρκικού Επιτελείου.")
AID = "Στις 29 Σεπτεμβρίου 2016 η κυβέρνηση έδωσε 5 εκατ. ευρώ σε 300 οικογένειες του νησιού."


@pytest.mark.parametrize(
    ("greek", "latin"),
    [("Σαλάχ αλ Ναμρούς", "Salach al Namrous"), ("Ευάγγελος Βενιζέλος", "Evangelos Venizelos"),
     ("Θεσσαλονίκη", "Thessaloniki"), ("Μπαϊρακτάρογλου", "Bairaktaroglou"), ("Άγκυρα", "Agkyra"),
     ("Ευρώπη", "Evropi"), ("Ευθύμιος", "Efthymios"), ("Ψυχικό", "Psychiko"), ("ΑΘΗΝΑ", "ATHINA"),
     ("Ντόχα και Pro Bowl", "Ntocha kai Pro Bowl")],
)
def test_romanise_follows_elot_743(greek: str, latin: str) -> None:
    assert romanise(greek) == latin


@pytest.mark.parametrize(
    ("question", "kind"),
    [("Who is Libya's new chief of staff?", "name"), ("Ποιος είναι ο νέος αρχηγός;", "name"),
     ("How many families got help?", "number"), ("Πόσα χρήματα δόθηκαν;", "number"),
     ("When was the aid given?", "date"), ("Πότε δόθηκε η βοήθεια;", "date"),
     ("Where did he travel?", "place"), ("Πού ταξίδεψε ο αρχηγός;", "place"),
     ("Why did the talks fail?", None), ("Τι συζητήθηκε στην Άγκυρα;", None),
     ("Ποιος είναι ο άνθρωπος που μίλησε;", "name")],  # "που" without an accent is "that", not "where"
)
def test_the_kind_of_answer_a_question_asks_for(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def test_a_who_question_gets_the_name_not_the_office_and_in_latin_script_in_english() -> None:
    assert short_answer("Ποιος είναι ο νέος αρχηγός του Λιβυκού Στρατού;", VISIT) == "Σαλάχ αλ Ναμρούς"
    assert short_answer("Who is Libya's new chief of staff?", VISIT) == "Σαλάχ αλ Ναμρούς (Salach al Namrous)"


def test_a_countrys_initials_before_a_name_are_the_office_not_the_name() -> None:
    met = ("Ο Ρώσος Υπουργός Ενέργειας Αλεξάντρ Νόβακ μίλησε κατόπιν συνάντησης με τον Υπουργό Ενέργειας των ΗΠΑ "
           "Ρικ Πέρι στη Μόσχα.")
    assert short_answer("Με ποιον Αμερικανό υπουργό συναντήθηκε στη Μόσχα ο Αλεξάντρ Νόβακ;", met) == "Ρικ Πέρι"


def test_another_person_of_the_same_surname_is_not_the_one_asked_about() -> None:
    rose = "Η ηθοποιός Ρόουζ Λέσλι είναι 31 ετών."
    chris = "Ο βουλευτής Κρις Λέσλι είναι 46 ετών."
    assert short_answer("Πόσων ετών είναι ο Κρις Λέσλι;", rose) is None
    assert short_answer("Πόσων ετών είναι ο Κρις Λέσλι;", chris) == "46 ετών"
    assert short_answer("How old is Chris Leslie?", chris) == "46 ετών"  # "Chris" and «Κρις» are one first name


def test_a_title_and_what_it_is_of_come_before_the_name() -> None:
    said = "Τα είπε ο Ρώσος Υπουργός Ενέργειας Αλεξάντρ Νόβακ στη Μόσχα."
    assert short_answer("Which Russian energy minister spoke in Moscow?", said) == "Αλεξάντρ Νόβακ (Alexantr Novak)"
    assert short_answer("Ποιος Ρώσος υπουργός μίλησε στη Μόσχα;", said) == "Αλεξάντρ Νόβακ"


def test_the_asked_title_of_another_country_does_not_name_the_holder() -> None:
    trade = ("Ο Πρόεδρος των ΗΠΑ Ντόναλντ Τραμπ κατηγόρησε την Κίνα για αθέμιτο εμπόριο. Το Πεκίνο απάντησε "
             "με νέους δασμούς.")
    found = find_short_answer("Who is the president of China?", [Quote(trade, 1.0)])
    # the only person there, but not named as the president asked: its confidence keeps it from bold
    assert found is not None and found.features["short_named_as_asked"] == 0.0
    assert found.confidence < short_threshold("en")


def test_a_where_question_gets_the_place() -> None:
    assert short_answer("Πού πήγε ο Ναμρούς;", VISIT) == "Άγκυρα"


def test_numbers_come_with_what_they_count_and_dates_are_not_amounts() -> None:
    assert short_answer("Πόσες οικογένειες πήραν βοήθεια;", AID) == "300 οικογένειες"
    assert short_answer("Πόσα χρήματα έδωσε η κυβέρνηση;", AID) == "5 εκατ. ευρώ"
    assert short_answer("How many points did the defence give up?", "Η άμυνα παρέδωσε μόνο 308 πόντους.") == (
        "308 πόντους")


def test_a_when_question_gets_the_fullest_date() -> None:
    assert short_answer("Πότε δόθηκε η βοήθεια;", AID) == "29 Σεπτεμβρίου 2016"


def test_no_short_answer_without_a_span_of_the_asked_kind_or_for_other_questions() -> None:
    assert short_answer("How many ships were sent?", "Η κυβέρνηση έστειλε πλοία στο νησί.") is None
    assert short_answer("Why did the government act?", AID) is None
    # What the question already names is not its answer.
    assert short_answer("Who met Salah al Namroush?", "Ο Σαλάχ αλ Ναμρούς συναντήθηκε με αξιωματούχους.") is None


def test_a_follow_up_does_not_answer_with_a_name_from_the_question_before() -> None:
    searched = "What did Namroush do in Ankara? and who did he meet?"
    sentence = "Ο Σαλάχ αλ Ναμρούς συναντήθηκε με τον στρατηγό Μετίν Γκιουράκ."
    assert short_answer("and who did he meet?", sentence, searched) == "Μετίν Γκιουράκ (Metin Gkiourak)"


def test_an_article_opening_the_sentence_is_not_part_of_the_name() -> None:
    sentence = "Ο Σαλάχ αλ Ναμρούς συναντήθηκε με αξιωματούχους."
    assert short_answer("Ποιος συναντήθηκε με αξιωματούχους;", sentence) == "Σαλάχ αλ Ναμρούς"


def test_who_wants_a_person_not_an_institution() -> None:
    sentence = "Το Γενικό Επιτελείο ανακοίνωσε ότι νέος αρχηγός είναι ο Σαλάχ αλ Ναμρούς."
    assert short_answer("Who is the new chief?", sentence) == "Σαλάχ αλ Ναμρούς (Salach al Namrous)"


def test_with_several_quotes_the_best_fitting_name_wins() -> None:
    quotes = ["Σε δήλωση στο Facebook, η επίσκεψη στην Άγκυρα εντάσσεται στη συνεργασία των δύο χωρών.", VISIT]
    assert short_answer("Who is Libya's new chief of staff?", quotes) == "Σαλάχ αλ Ναμρούς (Salach al Namrous)"
    assert short_answer("Πότε δόθηκε η βοήθεια;", ["Η βοήθεια δόθηκε γρήγορα.", AID]) == "29 Σεπτεμβρίου 2016"


def test_the_name_the_quotes_keep_returning_to_wins() -> None:
    quotes = ["Σε δήλωση στο Facebook, η επίσκεψη εντάσσεται στη συνεργασία των δύο χωρών.",
              "Ο Ναμρούς ξεκίνησε επίσημη επίσκεψη τη Δευτέρα.", "Προσθέτει ότι ο Ναμρούς συζήτησε την εκπαίδευση."]
    assert short_answer("Who is the new chief of staff?", quotes) == "Ναμρούς (Namrous)"


# An invented article: the follow-up's "he" is who the first answer named, "there" a place.
_VISIT = [
    "Ο νέος υπουργός, ο Νίκος Παπαδάκης, επισκέφθηκε τη Λευκωσία και συναντήθηκε με τον "
    "στρατηγό Ανδρέα Κωνσταντίνου.",
    "Ο Παπαδάκης έμεινε δύο ημέρες στη Λευκωσία.",
]


def test_a_pronoun_follow_up_is_not_answered_with_the_previous_answer() -> None:
    first = "Who is the new defence minister?"
    assert short_answer(first, _VISIT, first) == "Νίκος Παπαδάκης (Nikos Papadakis)"
    follow_up = "and who did he meet there?"
    assert short_answer(follow_up, _VISIT, f"{first} {follow_up}") == "Ανδρέα Κωνσταντίνου (Andrea Konstantinou)"


def test_a_who_question_is_not_answered_with_a_name_the_quotes_use_as_a_place() -> None:
    quotes = ["Ο Παπαδάκης πήγε στη Λευκωσία.", "Η Λευκωσία υποδέχθηκε τον Παπαδάκη με τιμές."]
    assert short_answer("Who was welcomed with honours?", quotes) != "Λευκωσία (Lefkosia)"


def test_an_amount_keeps_its_range_and_a_repeated_number_in_words_is_not_the_answer() -> None:
    losses = "Η επιδημία σκότωσε 30 έως 50 χιλιάδες κατοίκους της πόλης μέσα σε δύο χρόνια."
    assert short_answer("Πόσοι κάτοικοι πέθαναν;", losses) == "30 έως 50 χιλιάδες κατοίκους"
    levels = "Το σύστημα ξεκίνησε με τρία επίπεδα αλλά σήμερα έχει επτά επίπεδα ελέγχου."
    assert short_answer("Το σύστημα είχε 3 επίπεδα· πόσα επίπεδα έχει σήμερα;", levels) == "επτά επίπεδα ελέγχου"


def test_the_indefinite_article_and_a_percentage_are_not_a_count() -> None:
    survey = "Μια νέα έρευνα βρήκε ότι το 8,1% των νοικοκυριών, δηλαδή 1.388 νοικοκυριά, ζουν μόνα."
    assert short_answer("Πόσα νοικοκυριά ζουν μόνα;", survey) == "1.388 νοικοκυριά"
    assert short_answer("Τι ποσοστό των νοικοκυριών ζει μόνο;", survey) == "8,1%"
    school = "Ένα νέο σχολείο άνοιξε και δέχτηκε 350."
    assert short_answer("Πόσους μαθητές δέχτηκε το σχολείο;", school) == "350"


def test_a_number_stops_before_a_genitive_article() -> None:
    contract = "Η εταιρεία υπέγραψε το 2024 συμβόλαιο με 12 της περιοχής προμηθευτές."
    assert short_answer("Με πόσους προμηθευτές υπέγραψε;", contract) == "12"


def test_who_is_not_answered_with_an_office() -> None:
    team = "Στον τελικό ο Εκτελεστικός Αντιπρόεδρος Ποδοσφαίρου συνεχάρη τον Γιάννη Παπαδόπουλο για τη νίκη."
    assert short_answer("Ποιον συνεχάρη ο αντιπρόεδρος;", team) == "Γιάννη Παπαδόπουλο"


# --- Issue 19: typed, checked short answers (invented text) ---------------------------------------


def test_never_a_word_of_the_question_in_another_script_or_case() -> None:
    sentence = "Μετά τις εκλογές της Τουρκίας, ο Μεχμέτ Γιλμάζ αντικατέστησε τον Ερντογάν ως πρόεδρος."
    assert short_answer("Who replaced Erdogan as president of Turkey?", sentence) == "Μεχμέτ Γιλμάζ (Mechmet Gilmaz)"
    assert short_answer("Who replaced Erdogan as president of Turkey?",
                        "Ο Ερντογάν έφυγε από την προεδρία της Τουρκίας.") is None


def test_a_which_team_question_is_not_answered_with_the_stadium() -> None:
    sentence = "Στο Στάντιο Ριβέρα η Ατλέτικο Σαντα Φε κέρδισε το κύπελλο με 2-1."
    assert short_answer("Ποια ομάδα κέρδισε το κύπελλο;", sentence) == "Ατλέτικο Σαντα Φε"


def test_a_name_headed_by_another_kind_of_place_does_not_answer_which_place() -> None:
    # the only name is an airport's (its head, the last word in English): no hospital is named
    airport = "Ο ελεγκτής εργαζόταν στο Mutiara Sis Al Jufri Airport, όπου πέθανε αργότερα."
    assert short_answer("What was the name of the hospital where he died?", airport) is None
    # the only name is a stadium's (its head, the first word in Greek): no team is named
    stadium = "Ο τελικός έγινε στο Στάντιο Ριβέρα, μπροστά σε 40.000 θεατές."
    assert short_answer("Ποια ομάδα κέρδισε τον τελικό;", stadium) is None
    # a kind inside the name is not its head: a university's medical centre is a hospital
    centre = "Χειρουργήθηκε στο Vanderbilt University Medical Center το Σάββατο."
    assert short_answer("In which hospital was he operated on?", centre) == "Vanderbilt University Medical Center"


def test_a_count_is_not_answered_with_a_measurement() -> None:
    sentence = "Η έκταση των βοσκοτόπων αυξήθηκε από 415.000 σε 587.000 τετραγωνικά χιλιόμετρα."
    assert short_answer("Πόσα βοοειδή βόσκουν στον Αμαζόνιο;", sentence) is None
    # a count of the unit itself is asked: the measurement answers it, its change read whole
    assert short_answer("Πόσα τετραγωνικά χιλιόμετρα έφτασαν οι βοσκότοποι;", sentence) == (
        "415.000 σε 587.000 τετραγωνικά χιλιόμετρα")


def test_a_who_question_is_not_answered_with_a_country_or_an_office() -> None:
    sentence = "Η Γαλλία έστειλε τον Υπουργό Εξωτερικών, Πιερ Μορό, στη σύνοδο."
    assert short_answer("Who did France send to the summit?", sentence) == "Πιερ Μορό (Pier Moro)"


def test_how_old_wants_an_age_not_a_stretch_of_time() -> None:
    sentence = "Δύο μήνες μετά, ο 58χρονος Γιώργος Λάμπρου ανέλαβε τη διοίκηση."
    assert short_answer("How old is Giorgos Lambrou?", sentence) == "58χρονος"
    assert short_answer("How old is Giorgos Lambrou?", "Δύο μήνες μετά, ο Λάμπρου ανέλαβε τη διοίκηση.") is None


def test_which_year_wants_the_year() -> None:
    sentence = "Ο σύλλογος παίζει στο γήπεδο από τον Μάιο του 1998."
    assert short_answer("Since which year has the club played at the ground?", sentence) == "1998"


def test_a_number_from_a_sentence_about_something_else_is_not_the_answer() -> None:
    quotes = ["Στον κόσμο ζουν 135 είδη καρχαρία.",
              "Στην Καλιφόρνια ο καρχαρίας σκότωσε 2 ανθρώπους το καλοκαίρι."]
    assert short_answer("How many people were killed by the shark in California?", quotes) == "2 ανθρώπους"
    assert short_answer("How many people were killed by the shark in California?", quotes[:1]) is None


def test_the_number_s_own_noun_may_be_the_question_s() -> None:
    assert short_answer("Πόσοι άνθρωποι σκοτώθηκαν;", "Στον σεισμό σκοτώθηκαν 800 άνθρωποι.") == "800 άνθρωποι"


def test_the_question_s_subject_may_stand_in_the_sentence_before() -> None:
    from bot.answering.short_answer import Quote, find_short_answer

    quote = Quote("Εκεί συνάντησε τον στρατηγό Ανδρέα Κωνσταντίνου.", before="Ο Παπαδάκης πήγε στη Λευκωσία.")
    found = find_short_answer("Ποιον συνάντησε ο Παπαδάκης;", [quote])
    assert found is not None and found.span == "Ανδρέα Κωνσταντίνου" and found.features["short_subject"] == 1.0


_TALKS = [
    "Ο υπουργός Νίκος Παπαδάκης επισκέφθηκε τη Λευκωσία και συζήτησε με τον Αρχηγό του Επιτελείου, "
    "στρατηγό Ανδρέα Κωνσταντίνου, τη συνεργασία των δύο χωρών.",
    "Ο Παπαδάκης ξεκίνησε την επίσκεψη στη Λευκωσία τη Δευτέρα.",
    "Προσθέτει ότι ο Παπαδάκης συζήτησε την εκπαίδευση και την ανταλλαγή εμπειρίας.",
]


def test_after_a_summary_question_he_is_who_the_quotes_keep_returning_to() -> None:
    first = "Τι συζητήθηκε στη Λευκωσία;"
    follow_up = "and who did he meet there?"
    assert short_answer(follow_up, _TALKS, f"{first} {follow_up}") == "Ανδρέα Κωνσταντίνου (Andrea Konstantinou)"
    greek = "και ποιον συνάντησε εκεί;"  # no pronoun: the Greek verb's subject is unsaid
    assert short_answer(greek, _TALKS, f"{first} {greek}") == "Ανδρέα Κωνσταντίνου"


def test_a_figure_in_digits_is_marked_so_that_english_questions_can_trust_it_as_greek_ones() -> None:
    from bot.answering.short_answer import Quote, find_short_answer

    quotes = [Quote("Στην πυρκαγιά στο λιμάνι τραυματίστηκαν 14 λιμενεργάτες, ανακοίνωσε η Πυροσβεστική.")]
    found = find_short_answer("How many dock workers were injured in the fire at the port?", quotes)
    assert found is not None and found.span.startswith("14") and found.features["short_digits"] == 1.0


def test_the_confidence_features_are_named_and_the_fallback_rule_reads_them() -> None:
    from bot.answering.short_answer import Quote, find_short_answer
    from bot.answering.short_confidence import fallback

    found = find_short_answer("Ποιος επισκέφθηκε τη Λευκωσία;", [Quote(s, score=0.9) for s in _TALKS])
    assert found is not None and found.span == "Νίκος Παπαδάκης"
    assert set(found.features) == {"short_match", "short_sentence_score", "short_overlap", "short_margin",
                                   "short_subject", "short_rank", "short_near", "short_unheld", "short_agree",
                                   "short_greek", "short_named_as_asked", "short_beside_question_name",
                                   "short_latin_in_greek", "short_digits"}
    assert found.features["short_sentence_score"] == 0.9
    assert found.features["short_digits"] == 0.0  # a name: checked across scripts, not read the same
    assert fallback(found.features) == 1.0
    assert fallback({**found.features, "short_match": 0.5}) == 0.0


def test_both_or_all_three_is_not_a_count() -> None:
    denied = "Ο Κάβανο αρνήθηκε τις κατηγορίες της Φορντ για την εποχή που ήταν και οι δύο έφηβοι."
    assert short_answer("Από πόσες γυναίκες κατηγορήθηκε ο Κάβανο;", denied) is None
    accused = "Ο Κάβανο κατηγορήθηκε από τρεις γυναίκες, και οι δύο πρώτες μίλησαν στη Γερουσία."
    assert short_answer("Από πόσες γυναίκες κατηγορήθηκε ο Κάβανο;", accused) == "τρεις γυναίκες"
