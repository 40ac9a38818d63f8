"""Short answers: names across scripts, the asked noun, the question's own names, clock times (issue 19)."""

from __future__ import annotations

import pytest

from bot.answering.short_answer import Quote, find_short_answer, short_answer
from bot.question.analysis import analyse
from bot.question.asked import asked_for, is_title, time_unit
from index.text import fold


def test_a_name_run_ends_where_the_script_changes() -> None:
    # "Tennessee State" is the question's own team; «Ροντ Ριντ» beside it is the coach.
    sentence = "Ο βασικός προπονητής της Tennessee State Ροντ Ριντ είπε ότι ο τραυματισμός συνέβη πριν από το ημίχρονο."
    assert short_answer("Who is Tennessee State's head coach?", sentence) == "Ροντ Ριντ (Ront Rint)"


def test_an_english_name_is_found_in_its_greek_spelling_for_the_sentence_check() -> None:
    # "Trump" is «Τραμπ»: the sentence is about the question's subject, so its number may answer.
    found = find_short_answer("How many people did Trump say were sitting outside the hall?", [
        Quote("Αντί να είχαμε 10.000 ανθρώπους έξω από την αίθουσα, θα είχαμε 200 άτομα εδώ\" δήλωσε ο Τραμπ.")])
    assert found is not None and found.features["short_subject"] == 1.0 and found.features["short_unheld"] == 0.0


def test_a_demonym_of_the_question_counts_near_a_greek_span() -> None:
    found = find_short_answer("Who heads the Turkish army?", [
        Quote("Συναντήθηκε με τον Αρχηγό του Τουρκικού Επιτελείου, στρατηγό Σελτσούκ Μπαϊρακτάρογλου, στην πόλη.")])
    assert found is not None and found.span == "Σελτσούκ Μπαϊρακτάρογλου" and found.features["short_near"] >= 1


def test_a_name_no_quote_holds_does_not_rule_every_quote_out() -> None:
    # "Treasury" is translated, not transliterated: neither the quote nor its article shows it, so it
    # tells nothing (the shark in California, whose article is not known here, still must be there).
    found = find_short_answer("How much does the Treasury expect the surcharge to raise each year?", [
        Quote("Το Υπουργείο Οικονομικών προσδοκά ότι θα συγκεντρώνει έως και 120 εκατομμύρια λίρες ανά έτος.",
              article="Οι ξένοι αγοραστές θα πληρώνουν υψηλότερο τέλος χαρτοσήμου. Το Υπουργείο Οικονομικών ...")])
    assert found is not None and "120" in found.span
    assert found.features["short_unheld"] == 1.0


def test_a_name_joined_by_and_to_the_questions_own_is_its_partner_not_the_answer() -> None:
    found = find_short_answer("Ποιον τερματοφύλακα νίκησε ο Σέρχιο Αγουέρο;", [
        Quote("Ο Σέρχιο Αγουέρο και ο Ραχίμ Στέρλινγκ πέτυχαν νίκη 2-0 για τη Σίτι το Σάββατο.")])
    assert found is None or found.features["short_beside_question_name"] == 1.0


def test_an_english_role_is_found_in_its_greek_title_before_a_name() -> None:
    quote = Quote("Ο Τζακ Ρος συνάντησε τον Πρόεδρο της ομάδας, Τζον Σμιθ, και τον προπονητή της Άιρ, Πίτερ Μούρτσι.")
    coach = find_short_answer("Who is the team's coach?", [quote])
    president = find_short_answer("Who is the president of the club?", [quote])
    assert coach is not None and coach.span == "Πίτερ Μούρτσι" and coach.features["short_named_as_asked"] == 1.0
    assert president is not None and president.span == "Τζον Σμιθ"


def test_the_noun_a_which_question_asks_for_before_a_name_favours_it() -> None:
    found = find_short_answer("Ποιος μουσικός έπαιξε πρώτος καριγιόν;", [
        Quote("Ο αιδεσιμότατος Τζον Χάουαρντ Τζόνσον είπε ότι το πρώτο καριγιόν παίχτηκε από μαύρο μουσικό, "
              "τον Ντιονίσιο Α. Λιντ, πριν από χρόνια.")])
    assert found is not None and found.span.startswith("Ντιονίσιο") and found.features["short_named_as_asked"] == 1.0


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    ("At what time did the crash happen?", "Το ατύχημα συνέβη στο Ντέτφορτ περίπου στις 10:15 BST.", "10:15"),
    ("Τι ώρα άλλαξε η μετάδοση;", "Στις 6:00 πμ η εκπομπή άλλαξε στην Πέππα το Γουρουνάκι.", "6:00 πμ"),
])
def test_a_question_about_the_time_of_day_gets_a_clock_time(question: str, sentence: str, expected: str) -> None:
    assert short_answer(question, sentence) == expected


@pytest.mark.parametrize(("question", "kind"), [
    ("Which organisation hosted the event where Ryan Zinke spoke?", "name"),  # not the relative "where"
    ("Which Syrian foreign minister called on foreign forces to leave Syria?", "person"),  # a title third
    ("Which player scored when the match was over?", "person"),  # not the relative "when"
    ("In which year did it happen?", "year"),
    ("Ποιος είναι ο προπονητής της ομάδας;", "person"),
    ("Σε ποια πόλη έγινε η συγκέντρωση;", "place"),
])
def test_the_first_question_word_and_its_noun_phrase_decide_what_is_asked(question: str, kind: str) -> None:
    asked = asked_for(question)
    assert asked is not None and asked.kind == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("Ποιας χρονιάς απόφαση ανέτρεψε η νέα πολιτική;", "year"),
    ("Πόσο είναι το ποσοστό ανεργίας στη χώρα;", "percent"),
    ("How high was the unemployment rate?", "percent"),
])
def test_a_year_in_the_genitive_and_a_share_asked_with_how_much(question: str, kind: str) -> None:
    asked = analyse(question).asked_span  # read once, with the rest of the question
    assert asked is not None and asked.kind == kind


def test_a_title_with_a_demonym_names_no_one() -> None:
    sentence = "Ο Ναμρούς συναντήθηκε με τον Τούρκο Αρχηγό στην πόλη και με τον στρατηγό Σελτσούκ Μπαϊρακτάρογλου."
    assert short_answer("Ποιον συνάντησε ο Ναμρούς;", sentence) == "Σελτσούκ Μπαϊρακτάρογλου"


def test_an_article_is_neither_the_end_of_a_name_nor_after_a_quote_mark_a_name() -> None:
    assert short_answer("Για ποιον σκοπό θα χρησιμοποιηθούν τα χρήματα;",
                        "Σύμφωνα με τα σχέδια των Τόρις Το μέτρο θα βοηθήσει τους άστεγους.") == "Τόρις"
    assert short_answer("Ποιο σύνθημα φώναζαν οι διαδηλωτές;",
                        "Οι διαδηλωτές φώναζαν «Ο Νοέμβριος έρχεται» στον διάδρομο.") is None


def test_the_question_s_own_name_before_a_full_name_is_left_off_it() -> None:
    sentence = "Ο Πάτρικ Ντουάιερ έβαλε δύο γκολ για τους Τζάιαντς, είπε ο προπονητής των Τζάιαντς Άνταμ Κιφ."
    assert short_answer("Ποιος είναι ο προπονητής των Μπέλφαστ Τζάιαντς;", sentence) == "Άνταμ Κιφ"


@pytest.mark.parametrize(("question", "role"), [
    ("Ποιος είναι ο προπονητής των Μπέλφαστ Τζάιαντς;", "προπονητησ"),
    ("Who is the president of Bellator?", "president"),
    ("Who is Libya's new chief of staff?", "chief"),  # past a possessive and an adjective; before "of"
    ("Who is Tennessee State's head coach?", "coach"),  # the last of the phrase
    ("Who led the team?", ""),
])
def test_who_is_the_x_keeps_the_role_it_asks_about(question: str, role: str) -> None:
    asked = asked_for(question)
    assert asked is not None and (asked.kind, asked.noun) == ("person", role)


def test_a_latin_script_name_a_greek_text_keeps_answers_which_x() -> None:
    sentence = ("Σύμφωνα με τον Νίκο Παπαδάκη του Νοσοκομείου Στρατού, ο Χάρις δήλωσε στο Associated Press "
                "ότι η οικογένειά του ήταν στην πόλη.")
    found = find_short_answer("Which news agency did Haris speak to?", [Quote(sentence)])
    assert found is not None and found.span == "Associated Press" and found.features["short_latin_in_greek"] == 1.0


def test_a_latin_name_may_end_in_its_number_and_a_greek_one_in_a_latin_word() -> None:
    assert short_answer("Ποιο κανάλι μετέδιδε τον αγώνα;",
                        "Ο αγώνας μεταδόθηκε ζωντανά από το Channel 5 στη νυχτερινή ζώνη.") == "Channel 5"
    sentence = "Ο παίκτης χειρουργήθηκε στο Ιατρικό Κέντρο Vanderbilt το βράδυ."
    assert short_answer("Σε ποιο νοσοκομείο χειρουργήθηκε ο παίκτης;", sentence) == "Ιατρικό Κέντρο Vanderbilt"


def test_an_amount_ends_before_per() -> None:
    sentence = "Το Υπουργείο Οικονομικών προσδοκά ότι θα συγκεντρώνει έως και 120 εκατομμύρια λίρες Αγγλίας ανά έτος."
    question = "Πόσα χρήματα θα συγκεντρώνει το Υπουργείο Οικονομικών;"
    assert short_answer(question, sentence) == "120 εκατομμύρια λίρες Αγγλίας"


def test_a_demonym_in_a_lowercase_greek_adjective_holds_the_question_s_subject() -> None:
    sentence = "Ο νέος αρχηγός του λιβυκού στρατού είναι ο αντιστράτηγος Σαλάχ αλ Ναμρούς."
    found = find_short_answer("Who is the new chief of the Libyan army?", [Quote(sentence)])
    assert found is not None and found.span == "Σαλάχ αλ Ναμρούς" and found.features["short_subject"] == 1.0


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    # a result counts nothing: "5-3" is not how many fans watched
    ("Πόσοι φίλαθλοι παρακολούθησαν τον αγώνα;", "Οι Σταρς νίκησαν 5-3 τους Τζάιαντς στο Νταντί.", None),
    ("Πόσοι φίλαθλοι παρακολούθησαν τον αγώνα;", "Οι Σταρς νίκησαν 5-3 μπροστά σε 4.000 φιλάθλους.", "4.000 φιλάθλους"),
    # an ordinal answers "which one", never "how many"
    ("How many universities did he promise to open?", "Στην 50ή επέτειο της σφαγής υποσχέθηκε νέα πανεπιστήμια.",
     None),
    ("In which minute did Daniel Sturridge score?",
     "Ο Ντάνιελ Στέριτζ έσωσε τη Λίβερπουλ με γκολ στο 89ο λεπτό το Σάββατο.", "89"),
    # «13χρονο» is an age, read whole: not a count of 13
    ("How many people did the shark kill?", "Καρχαρίας επιτέθηκε και τραυμάτισε 13χρονο αγόρι το Σάββατο.", None),
    ("How old was the boy the shark attacked?", "Καρχαρίας επιτέθηκε και τραυμάτισε 13χρονο αγόρι το Σάββατο.",
     "13χρονο"),
    # a number after an article and a noun names something: «η πτήση 6321» is no count of people
    ("How many people were on board the plane?", "Έμεινε για να απογειωθεί η πτήση 6321 της Batik Air.", None),
    ("How many people were on board the plane?", "Στο αεροπλάνο επέβαιναν 120 άνθρωποι.", "120 άνθρωποι"),
    # a length is no sum of money
    ("Πόσο μήκος θα έχει ο αγωγός Nord Stream 2;", "Ο αγωγός Nord Stream 2 θα κοστίσει 11 δισεκατομμύρια δολάρια.",
     None),
    ("Πόσο μήκος θα έχει ο αγωγός Nord Stream 2;",
     "Ο αγωγός Nord Stream 2 θα έχει μήκος 1.200 χιλιόμετρα και θα κοστίσει 11 δισεκατομμύρια δολάρια.",
     "1.200 χιλιόμετρα"),
    # the asked noun, where it shares the text's script, decides what is counted: species, not trees
    ("Πόσα είδη δέντρων υπάρχουν στο δάσος του Αμαζονίου;",
     "Το δάσος του Αμαζονίου έχει 390 δισεκατομμύρια δέντρα που ανήκουν σε 16.000 είδη.", "16.000 είδη"),
])
def test_a_number_of_another_kind_or_of_another_noun_does_not_answer(
    question: str, sentence: str, expected: str | None
) -> None:
    assert short_answer(question, sentence) == expected


@pytest.mark.parametrize(("question", "measure"), [
    ("Πόσο μήκος θα έχει ο αγωγός;", True),
    ("How far from the goal was he?", True),
    ("Πόσο κόστισε ο αγωγός;", False),
    ("How much did the pipeline cost?", False),
])
def test_a_size_or_a_distance_is_asked_as_a_measure_not_a_sum(question: str, measure: bool) -> None:
    asked = asked_for(question)
    assert asked is not None and asked.kind == "amount" and asked.measure is measure


def test_a_kind_of_thing_gets_no_name_as_its_short_answer() -> None:
    sentence = "Η γυναίκα με καρκίνο των ωοθηκών έλαβε το εμβόλιο HER2 στο Εθνικό Ινστιτούτο Καρκίνου."
    assert short_answer("What type of cancer did the woman have?", sentence) is None
    assert short_answer("Ποιος τύπος καρκίνου αντιμετωπίστηκε με το εμβόλιο;", sentence) is None
    assert analyse("Ποιος τύπος καρκίνου αντιμετωπίστηκε;").asked_span is None


def test_the_greek_indefinite_article_is_no_count_of_one() -> None:
    sentence = "Η Πελόζι έδωσε μια συνέντευξη στο φεστιβάλ, όπου μίλησε για τον Κάβανο."
    assert short_answer("How many people attended the festival?", sentence) is None
    assert short_answer("Πόσοι άνθρωποι παρακολούθησαν το φεστιβάλ;", sentence) is None


@pytest.mark.parametrize(("question", "kind"), [
    ("Ποιος σύλλογος κέρδισε το πρωτάθλημα;", "name"),  # «ποιος» + a noun: "which club", not "who"
    ("Ποιος είναι ο τίτλος της βιογραφίας;", "name"),  # masculine, as «ποιο είναι το όνομα»
    ("Ποιος αναλυτής του υπουργείου κατέθεσε;", "person"),  # a Greek agent noun is a person
    ("Και με ποια συμπρωταγωνίστρια παντρεύτηκε;", "person"),
    ("Ποιος είναι ο νικητής του διαγωνισμού;", "person"),
    ("Ποιος είναι ο Σαλάχ αλ Ναμρούς;", "role"),  # only a name after it: what that person is (role_spans)
    ("Ποιος σκόραρε;", "person"),  # a verb after it, the question mark aside
    ("Ποιος ήταν ο λόγος της επίσκεψης;", None),  # "what was the reason": no span
    ("Ποιες σχέσεις είχε με την κυβέρνηση;", "name"),  # «-εις» is a plural of «σχέση», not an agent noun
    ("Ποια είναι η πρωτεύουσα της Λιβύης;", None),  # a thing, not a person
])
def test_the_greek_word_for_who_also_asks_which_and_what(question: str, kind: str | None) -> None:
    asked = analyse(question).asked_span
    assert (asked.kind if asked else None) == kind


def test_a_count_of_years_with_a_scale_word_is_a_duration() -> None:
    sentence = "Οι δεινόσαυροι εξαφανίστηκαν πριν από 66 εκατομμύρια χρόνια, σύμφωνα με μια μελέτη."
    for question in ("Πριν από πόσα εκατομμύρια χρόνια εξαφανίστηκαν οι δεινόσαυροι;",
                     "How many million years ago did the dinosaurs die out?"):
        asked = analyse(question).asked_span
        assert asked is not None and asked.kind == "duration"
        assert short_answer(question, sentence) == "66 εκατομμύρια χρόνια"  # not "μια", not "66"


@pytest.mark.parametrize("question", ["Πόση ήταν η έκταση του δάσους;", "Πόσο είναι το ύψος του κτιρίου;"])
def test_a_measure_named_after_the_verb_is_a_measure(question: str) -> None:
    asked = analyse(question).asked_span
    assert asked is not None and asked.measure
    sentence = "Το δάσος έχει έκταση 5.000 στρέμματα και η αποκατάστασή του κόστισε 3 εκατομμύρια ευρώ."
    assert short_answer(question, sentence) != "3 εκατομμύρια ευρώ"  # a sum never answers a measure


@pytest.mark.parametrize(("question", "kind", "noun"), [
    ("Which news agency did he speak to?", "name", "agency"),  # the head of an English noun phrase
    ("Which Syrian foreign minister called on foreign forces to leave?", "person", "minister"),
    ("Which senator from Arizona asked for an investigation?", "person", "senator"),  # not past "from"
    ("Which TV station found that most planned to vote?", "name", "station"),  # not the verb "found"
    ("Ποια εφημερίδα της Αϊόβα δημοσίευσε το ένθετο;", "name", "εφημεριδα"),
])
def test_which_x_keeps_the_head_noun_it_asks_for(question: str, kind: str, noun: str) -> None:
    asked = asked_for(question)
    assert asked is not None and (asked.kind, asked.noun) == (kind, noun)


def test_an_english_kind_of_thing_is_found_in_its_greek_noun_before_a_name() -> None:
    quote = Quote("Ο ηθοποιός θα εμφανιστεί στο Λονδίνο, στο θεατρικό έργο True West, μαζί με τον Ντέιβιντ Μπάρνετ.")
    found = find_short_answer("Which stage play is the actor due to star in?", [quote])
    assert found is not None and found.span == "True West" and found.features["short_named_as_asked"] == 1.0


def test_a_country_in_the_genitive_before_a_name_is_whose_office_not_the_name() -> None:
    sentence = "Την Κυριακή έφτασε στο Παλού ο Πρόεδρος της Ινδονησίας Τζόκο Ουιντόντο για να δει τους πληγέντες."
    assert short_answer("Which president arrived in Palu on Sunday?", sentence) == "Τζόκο Ουιντόντο (Tzoko Ouintonto)"
    quote = Quote("Ο Ρος είχε προσεγγιστεί από ομάδες της Σκωτίας, όπως η Χιμπέρνιαν, πριν πάει στη Σάντερλαντ.")
    found = find_short_answer("Which clubs had approached Ross?", [quote])
    assert found is None or found.span != "Σκωτίας" or found.features["short_named_as_asked"] == 0.0


@pytest.mark.parametrize(("question", "kind", "noun"), [
    ("What is the name of Ayr's coach?", "person", "coach"),  # a role: a person's name
    ("What is the name of the spokesman for the agency?", "person", "spokesman"),
    ("Ποιο είναι το όνομα της συζύγου του Ζόραν Ζάεφ;", "person", "συζυγου"),
    ("What is the name of the hotel where he stayed?", "name", "hotel"),  # a thing's name
    ("What is the name of the character Kit Harington plays?", "name", "character"),
    ("Ποιο είναι το όνομα του γηπέδου της ομάδας;", "name", "γηπεδου"),
])
def test_the_name_of_a_role_asks_a_person_and_of_a_thing_its_name(question: str, kind: str, noun: str) -> None:
    asked = analyse(question).asked_span
    assert asked is not None and (asked.kind, asked.noun) == (kind, noun)


def test_a_capitalised_title_before_a_name_is_left_off_it_but_an_office_stays_an_office() -> None:
    sentence = "Ο Πρόεδρος Τζορτζ Ιβάνοβ δήλωσε ότι δεν θα συμμετάσχει στο δημοψήφισμα."
    assert short_answer("Who said he would not take part?", sentence) == "Τζορτζ Ιβάνοβ (Tzortz Ivanov)"
    office = "Ο Υπουργός Ενέργειας μίλησε στη Βουλή για το σχέδιο."
    assert short_answer("Ποιος μίλησε στη Βουλή;", office) != "Ενέργειας"  # the office's, not a name
    assert not is_title("Γιοχάνες")  # «γιος» (son) is a title; a name that starts like it is not


def test_a_question_that_names_a_unit_of_time_is_answered_in_it() -> None:
    sentence = "Ο Ρος πέρασε τρία χρόνια στη Χαρτς και έξι μήνες στο προπονητικό προσωπικό της ομάδας."
    assert short_answer("Πόσους μήνες πέρασε στο προπονητικό προσωπικό;", sentence) == "έξι μήνες"
    assert short_answer("Πόσα χρόνια πέρασε στη Χαρτς;", sentence) == "τρία χρόνια"
    only_years = "Ο Ρος πέρασε τρία χρόνια στη Χαρτς."
    assert short_answer("Πόσους μήνες πέρασε στη Χαρτς;", only_years) is None  # not years for months


@pytest.mark.parametrize(("text", "unit"), [
    ("μετά από 15 μηνών παραμονή", "month"),  # every case of a unit: the genitive plural too
    ("για δύο εβδομάδες", "week"),
    ("σε ένα χρονικό διάστημα", None),  # «χρονικό» is no year
    ("ένας ωραίος αγώνας", None),  # «ωραίος» is no hour
    ("for three decades", "decade"),
])
def test_one_table_of_time_units_reads_whole_words(text: str, unit: str | None) -> None:
    assert time_unit(fold(text)) == unit


def test_a_duration_in_the_genitive_answers_how_many_months() -> None:
    sentence = "Ο Ρος είχε προηγουμένως πίσω του 15 μηνών θητεία στο προπονητικό προσωπικό της Χαρτς."
    assert short_answer("Πόσους μήνες πέρασε ο Ρος στο προπονητικό προσωπικό της Χαρτς;", sentence) == "15 μηνών"


def test_an_english_role_beyond_the_titles_asks_a_person_and_is_found_in_greek() -> None:
    asked = asked_for("Which modern scholar holds that geology began in Persia?")
    assert asked is not None and (asked.kind, asked.noun) == ("person", "scholar")
    quote = Quote("Μερικοί σύγχρονοι μελετητές, όπως ο Φίλντινγκ Γκάρισον, το υποστηρίζουν, όπως έγραψε ο Τζον Σμιθ.")
    found = find_short_answer("Which modern scholar holds that?", [quote])
    assert found is not None and found.span == "Φίλντινγκ Γκάρισον" and found.features["short_named_as_asked"] == 1.0
