"""What the Telegram bot says outside answers, in Greek and English (answers render in telegram_format)."""

from __future__ import annotations

START_TEXT = (
    "Γεια σας! Είμαι το <b>newsbot</b>: απαντώ σε ερωτήσεις για ελληνικά ειδησεογραφικά άρθρα "
    "και παραθέτω τις πηγές μου με αριθμημένες παραπομπές [1], [2]…\n"
    "Γράψτε μου μια ερώτηση, ή «Τι νέα;» για τα πιο πρόσφατα άρθρα. /help για τις εντολές.\n\n"
    "Hello! I am <b>newsbot</b>: I answer questions about Greek news articles and cite my "
    "sources with numbered references [1], [2]…\n"
    "Just send me a question, or \"What's new?\" for the newest articles. /help lists the commands."
)
HELP_TEXT = (
    "<b>Εντολές / Commands</b>\n"
    "/start – τι κάνει το bot / what this bot does\n"
    "/help – αυτή η βοήθεια / this help\n"
    "/news – τα πιο πρόσφατα άρθρα / the newest articles\n"
    "/sources – πλήρεις πηγές της τελευταίας απάντησης / full sources of the last answer\n"
    "/reset – νέα συζήτηση / forget the conversation\n"
    "/reindex – ενημέρωση ευρετηρίου (διαχειριστές) / rebuild the index (admins)\n"
    "/status – έλεγχος ευρετηρίου (διαχειριστές) / check the index (admins)\n"
    "/follow &lt;θέμα&gt; – ειδοποίηση για νέα άρθρα / be told of new articles on a topic\n"
    "/following – τα θέματά σας / your topics\n"
    "/unfollow [n|all] – διακοπή / stop following\n"
    "/feeds, /fetch – πηγές, λήψη τώρα (διαχειριστές) / sources, fetch now (admins)\n\n"
    "Σε ομάδες απαντώ όταν με αναφέρετε (@) ή απαντάτε σε μήνυμά μου.\n"
    "In groups I answer when mentioned (@) or when you reply to my message."
)
REFUSAL_TEXT = "Συγγνώμη, δεν έχετε πρόσβαση σε αυτό το bot. / Sorry, you are not allowed to use this bot."
SLOW_DOWN_TEXT = "Πολλές ερωτήσεις· περιμένετε λίγο. / Slow down a little, please: too many questions."
EMPTY_TEXT = "Γράψτε μου μια ερώτηση. / Please send me a question."
TOO_LONG_TEXT = (
    "Η ερώτηση είναι πολύ μεγάλη (έως {n} χαρακτήρες). / "
    "That question is too long (at most {n} characters)."
)
NON_TEXT_TEXT = (
    "Καταλαβαίνω μόνο γραπτές ερωτήσεις. / I can only answer text questions, "
    "not photos, stickers, voice or files."
)
UNKNOWN_COMMAND_TEXT = "Άγνωστη εντολή· δείτε /help. / Unknown command, see /help."
NO_SOURCES_TEXT = "Δεν υπάρχουν ακόμη πηγές· κάντε πρώτα μια ερώτηση. / No sources yet: ask a question first."
RESET_TEXT = "Η συζήτηση ξεχάστηκε. / The conversation is forgotten."
ADMINS_ONLY_TEXT = "Μόνο οι διαχειριστές μπορούν να το κάνουν. / Only admins can do that."
REINDEX_STARTED_TEXT = "Ενημέρωση ευρετηρίου… / Reindexing…"
REINDEX_FAILED_TEXT = "Η ενημέρωση απέτυχε. / Reindex failed:"
REINDEX_BUSY_TEXT = "Η ενημέρωση τρέχει ήδη. / A reindex is already running."
STATUS_UNAVAILABLE_TEXT = "Ο έλεγχος δεν είναι διαθέσιμος. / The index check is not available here."
STATUS_FAILED_TEXT = "Ο έλεγχος απέτυχε. / The index check failed:"
INDEX_UNAVAILABLE_TEXT = (
    "Το ευρετήριο των άρθρων δεν είναι διαθέσιμο αυτή τη στιγμή· δοκιμάστε ξανά αργότερα. / "
    "The article index is unavailable right now, please try again later (admins: /status)."
)
FOLLOW_USAGE_TEXT = (
    "Γράψτε το θέμα μετά την εντολή, π.χ. /follow σεισμός στην Τουρκία / "
    "Name the topic after the command, e.g. /follow Brexit negotiations"
)
FOLLOW_TOO_LONG_TEXT = (
    "Το θέμα είναι πολύ μεγάλο (έως {n} χαρακτήρες). / That topic is too long (at most {n} characters)."
)
FOLLOW_ADDED_TEXT = (
    "Θα σας ειδοποιώ για νέα άρθρα για: <b>{topic}</b> / "
    "I will tell you about new articles on: <b>{topic}</b>"
)
FOLLOW_ALREADY_TEXT = "Ήδη ακολουθείτε: <b>{topic}</b> / You already follow: <b>{topic}</b>"
FOLLOW_TOO_MANY_TEXT = (
    "Ακολουθείτε ήδη {n} θέματα, το όριο· δείτε /following. / "
    "You follow {n} topics already, the limit: see /following."
)
FOLLOWING_NONE_TEXT = "Δεν ακολουθείτε κανένα θέμα· /follow &lt;θέμα&gt;. / You follow no topic: /follow &lt;topic&gt;."
FOLLOWING_HEADER_TEXT = "<b>Θέματα / Topics</b>"
UNFOLLOW_USAGE_TEXT = "/unfollow &lt;αριθμός&gt; ή /unfollow all / /unfollow &lt;number&gt; or /unfollow all"
UNFOLLOW_BAD_NUMBER_TEXT = "Δεν υπάρχει θέμα {n}· δείτε /following. / There is no topic {n}: see /following."
UNFOLLOWED_TEXT = "Σταμάτησα να ακολουθώ: <b>{topic}</b> / Stopped following: <b>{topic}</b>"
UNFOLLOWED_ALL_TEXT = "Σταμάτησα να ακολουθώ όλα τα θέματα ({n}). / Stopped following every topic ({n})."
NOTICE_TOPIC_TEXT = "Θέμα / Topic: {topic} · /following"
NO_INTAKE_TEXT = (
    "Η λήψη ειδήσεων δεν είναι ρυθμισμένη σε αυτό το bot. / News intake is not set up on this bot."
)
FETCH_STARTED_TEXT = "Λήψη ειδήσεων… / Fetching the news…"
FETCH_BUSY_TEXT = "Η λήψη τρέχει ήδη. / A fetch is already running."
FETCH_FAILED_TEXT = "Η λήψη απέτυχε: / The fetch failed:"
FEEDS_NONE_TEXT = "Δεν υπάρχουν πηγές (NEWSBOT_FEEDS). / No sources are configured (NEWSBOT_FEEDS)."
FEED_OK_TEXT = "✅ <b>{name}</b>: ok · {last_success}"
FEED_FAILING_TEXT = (
    "⚠️ <b>{name}</b>: αποτυγχάνει / failing ({failures}×) · {error} · "
    "επόμενη δοκιμή / next try {next_try}"
)
FEED_NEVER_TEXT = "⏳ <b>{name}</b>: δεν έχει ληφθεί ακόμη / not fetched yet"
ERROR_TEXT = "Κάτι πήγε στραβά· δοκιμάστε ξανά. / Something went wrong, please try again."

# What /news asks, in the user's language (Telegram's language_code): a request for the headlines.
NEWS_REQUEST = {"en": "What's new?", "el": "Τι νέα;"}
# (command, description) pairs published to Telegram's command menu.
COMMANDS_EN: list[tuple[str, str]] = [
    ("start", "What this bot does"),
    ("help", "Commands and usage"),
    ("news", "The newest articles"),
    ("sources", "Full sources of the last answer"),
    ("reset", "Forget the conversation"),
    ("reindex", "Rebuild the index (admins)"),
    ("status", "Check the index (admins)"),
    ("follow", "Be told of new articles on a topic"),
    ("following", "Your topics"),
    ("unfollow", "Stop following a topic"),
]
COMMANDS_EL: list[tuple[str, str]] = [
    ("start", "Τι κάνει το bot"),
    ("help", "Εντολές και χρήση"),
    ("news", "Τα πιο πρόσφατα άρθρα"),
    ("sources", "Πλήρεις πηγές της τελευταίας απάντησης"),
    ("reset", "Νέα συζήτηση"),
    ("reindex", "Ενημέρωση ευρετηρίου (διαχειριστές)"),
    ("status", "Έλεγχος ευρετηρίου (διαχειριστές)"),
    ("follow", "Ειδοποίηση για νέα άρθρα σε ένα θέμα"),
    ("following", "Τα θέματά σας"),
    ("unfollow", "Διακοπή ενός θέματος"),
]
