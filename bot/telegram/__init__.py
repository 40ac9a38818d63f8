"""The Telegram front end: app wiring, handlers, formatting, streaming, texts, chat memory, the
state replicas share, log redaction.

May import: ``bot.types`` and ``index`` (settings, errors). It is handed an answer function and a
reindex function; it never imports ``bot.answering``, ``bot.question``, ``bot.app``, ``bot.cli`` or ``intake``:
news intake (fetch, sources' states, topic matching) is handed over as ``bot.types.IntakeTools``.
"""
