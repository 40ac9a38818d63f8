"""English titles, roles and kinds of named things, with the Greek stems news writes them with.

An English question over a Greek article names what it asks for in English ("Who is the president of
…", "Which newspaper …"); the Greek text names it before the answer («ο πρόεδρος …», «η εφημερίδα …»).
These tables join the two for ``asked`` (which roles ask a person) and the short answer (the asked noun
just before a name favours it). General vocabulary of news, not words of any evaluation question;
stems are folded (``index.text.fold``) prefixes of Greek words.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.text import fold, is_greek

# English titles and roles and the Greek stems news writes them with (folded): a role asked in English
# ("chief of staff") is found before a name in a Greek text («Αρχηγός του Γενικού Επιτελείου»). General
# vocabulary of news titles, the English half of ``_PERSON_TITLE`` with its Greek.
ROLE_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "president": ("προεδρ",), "chairman": ("προεδρ",), "chairwoman": ("προεδρ",),
    "minister": ("υπουργ", "πρωθυπουργ"), "secretary": ("γραμματε", "υπουργ"), "senator": ("γερουσιαστ",),
    "mayor": ("δημαρχ",), "governor": ("κυβερνητ",), "general": ("στρατηγ", "αντιστρατηγ"),
    "colonel": ("συνταγματαρχ",), "captain": ("λοχαγ", "αρχηγ", "πλοιαρχ"), "admiral": ("ναυαρχ",),
    "marshal": ("στραταρχ",), "chief": ("αρχηγ", "επικεφαλ"), "head": ("επικεφαλ", "αρχηγ"),
    "leader": ("ηγετ", "αρχηγ", "επικεφαλ"), "coach": ("προπονητ",), "manager": ("προπονητ", "διευθυντ", "μανατζερ"),
    "player": ("παικτ",), "striker": ("επιθετικ",), "goalkeeper": ("τερματοφυλακ",), "actor": ("ηθοποι",),
    "actress": ("ηθοποι",), "singer": ("τραγουδιστ",), "musician": ("μουσικ",),
    "director": ("διευθυντ", "σκηνοθετ"), "designer": ("σχεδιαστ",), "writer": ("συγγραφε",),
    "author": ("συγγραφε",), "journalist": ("δημοσιογραφ",), "reporter": ("δημοσιογραφ", "ρεπορτερ"),
    "host": ("παρουσιαστ",), "presenter": ("παρουσιαστ",), "anchor": ("παρουσιαστ",),
    "professor": ("καθηγητ",), "doctor": ("γιατρ", "ιατρ"), "judge": ("δικαστ",), "lawyer": ("δικηγορ",),
    "attorney": ("δικηγορ", "εισαγγελε"), "prosecutor": ("εισαγγελε",), "officer": ("αξιωματικ", "αστυνομικ"),
    "spokesman": ("εκπροσωπ",), "spokeswoman": ("εκπροσωπ",), "spokesperson": ("εκπροσωπ",),
    "king": ("βασιλ",), "queen": ("βασιλισσ",), "prince": ("πριγκιπ",), "princess": ("πριγκιπισσ",),
    "pope": ("παπασ",), "pilot": ("πιλοτ",), "founder": ("ιδρυτ",), "ceo": ("διευθυνων", "ceo"),
    "wife": ("συζυγ",), "husband": ("συζυγ",), "daughter": ("κορη",), "son": ("γιοσ", "γιου"),
    "mother": ("μητερα",), "father": ("πατερα",), "brother": ("αδελφ",), "sister": ("αδελφ",),
    "ambassador": ("πρεσβ",), "mp": ("βουλευτ",), "lawmaker": ("βουλευτ",),
    "scholar": ("μελετητ", "λογι"), "expert": ("ειδικ", "εμπειρογνωμ"), "analyst": ("αναλυτ",),
    "researcher": ("ερευνητ",), "scientist": ("επιστημον",), "economist": ("οικονομολογ",), "historian": ("ιστορικ",),
    "engineer": ("μηχανικ",), "architect": ("αρχιτεκτον",), "artist": ("καλλιτεχν",), "poet": ("ποιητ",),
    "composer": ("συνθετ",), "producer": ("παραγωγ",), "editor": ("συντακτ", "αρχισυντακτ"),
    "photographer": ("φωτογραφ",), "soldier": ("στρατιωτ",), "victim": ("θυμα",), "witness": ("μαρτυρ",),
    "friend": ("φιλοσ", "φιλη", "φιλου"), "colleague": ("συναδελφ",), "teacher": ("δασκαλ", "εκπαιδευτικ"),
    "student": ("φοιτητ", "μαθητ"), "driver": ("οδηγ",), "surgeon": ("χειρουργ",), "nurse": ("νοσηλευτ",),
    "referee": ("διαιτητ",), "peer": ("λορδ",), "candidate": ("υποψηφι",), "chancellor": ("καγκελαρι",),
    "commissioner": ("επιτροπ",), "deputy": ("αναπληρωτ", "υφυπουργ", "βουλευτ"),
}
# English nouns for kinds of named things and the Greek stems news writes before such a name (folded): "which
# newspaper" favours the name after «η εφημερίδα». General vocabulary, as ``ROLE_TRANSLATIONS``.
THING_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "newspaper": ("εφημεριδ",), "paper": ("εφημεριδ",), "magazine": ("περιοδικ",), "website": ("ιστοσελιδ", "ιστοτοπ"),
    "agency": ("πρακτορει", "υπηρεσι"), "station": ("σταθμ",), "channel": ("καναλ",), "network": ("δικτυ",),
    "company": ("εταιρ",), "firm": ("εταιρ",), "bank": ("τραπεζ",), "party": ("κομμα",), "club": ("συλλογ", "ομαδ"),
    "team": ("ομαδ",), "stadium": ("γηπεδ", "σταδι", "σταντιο"), "ground": ("γηπεδ",),
    "airport": ("αεροδρομ", "αερολιμεν"),
    "airline": ("αεροπορικ",), "hospital": ("νοσοκομ",), "university": ("πανεπιστημ",), "school": ("σχολει",),
    "court": ("δικαστηρ",), "committee": ("επιτροπ",), "organisation": ("οργανωσ", "οργανισμ"),
    "organization": ("οργανωσ", "οργανισμ"), "body": ("φορε", "οργανισμ", "επιτροπ"), "union": ("ενωσ", "συνδικα"),
    "ministry": ("υπουργει",), "department": ("τμημα", "υπουργει"), "album": ("αλμπουμ", "δισκ"), "film": ("ταινι",),
    "movie": ("ταινι",), "book": ("βιβλι",), "song": ("τραγουδ",), "show": ("εκπομπ", "σοου"),
    "programme": ("προγραμμα", "εκπομπ"), "festival": ("φεστιβαλ",), "conference": ("διασκεψ", "συνεδρι"),
    "summit": ("συνοδ",), "ship": ("πλοι",), "flight": ("πτησ",), "river": ("ποταμ",), "island": ("νησι", "νησο"),
    "region": ("περιοχ", "περιφερει"), "province": ("επαρχι",), "state": ("πολιτει",), "city": ("πολη", "πολε"),
    "town": ("πολη", "κωμοπολ"), "village": ("χωρι",), "country": ("χωρα",), "street": ("οδο", "δρομ"),
    "road": ("δρομ", "οδο"), "highway": ("αυτοκινητοδρομ", "οδο"), "league": ("πρωταθλημα", "λιγκ"),
    "tournament": ("τουρνουα", "διοργανωσ"), "competition": ("διοργανωσ", "διαγωνισμ"), "award": ("βραβει",),
    "prize": ("βραβει",), "case": ("υποθεσ",), "law": ("νομο",), "bill": ("νομοσχεδι",), "operation": ("επιχειρησ",),
    "campaign": ("εκστρατει",), "vaccine": ("εμβολι",), "drug": ("φαρμακ",), "disease": ("ασθενει", "νοσο"),
    "group": ("ομαδ", "ομιλ"), "army": ("στρατ",), "institute": ("ινστιτουτ",), "museum": ("μουσει",),
    "hotel": ("ξενοδοχει",), "building": ("κτιρι",), "bridge": ("γεφυρ",), "park": ("παρκο",), "play": ("εργο",),
}


def _singulars(noun: str) -> tuple[str, str, str]:
    """An English noun as written and with a plural's -s / -es taken off."""
    return noun, noun.removesuffix("s"), noun.removesuffix("es")


def greek_stems_of_noun(noun: str) -> tuple[str, ...]:
    """The Greek stems of an English role or kind of thing (folded, singular or plural), or ()."""
    for key in _singulars(noun):
        found = ROLE_TRANSLATIONS.get(key) or THING_TRANSLATIONS.get(key)
        if found:
            return found
    return ()


# Kinds of place and institution whose names carry the kind ("Mutiara Sis Al Jufri Airport", «Νοσοκομείο
# Ευαγγελισμός», «Στάντιο Σαν Πάολο»): such a name is of its own kind, and answers no question asking another.
NAMED_WITH_THEIR_KIND: frozenset[str] = frozenset({
    "stadium", "ground", "airport", "hospital", "university", "school", "hotel", "museum", "bridge", "park",
    "station", "street", "road", "highway", "court", "ministry", "team", "club", "river", "island", "institute"})


def thing_kinds(word: str) -> frozenset[str]:
    """The English kinds of thing ``word`` names, in either language ("Airport", «νοσοκομείου» → hospital)."""
    folded = fold(word)
    kinds = {key for key in _singulars(folded) if key in THING_TRANSLATIONS}
    if is_greek(folded):
        kinds |= {kind for kind, stems in THING_TRANSLATIONS.items() if folded.startswith(stems)}
    return frozenset(kinds)


def names_another_kind(asked_noun: str, words: Sequence[str]) -> bool:
    """Is a name made of ``words`` headed by a kind of place or institution other than the one asked
    ("... Airport" for "which hospital", «Στάντιο ...» for «ποια ομάδα»)? The head is the last word in
    English, the first in Greek; a kind inside the name ("Vanderbilt University Medical Center") is not its own."""
    wanted = thing_kinds(asked_noun) & NAMED_WITH_THEIR_KIND
    if not wanted or not words:
        return False
    carried = (thing_kinds(words[0]) | thing_kinds(words[-1])) & NAMED_WITH_THEIR_KIND
    return bool(carried) and not carried & wanted
