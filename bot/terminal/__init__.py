"""The terminal front end: the REPL and how answers, sources and hits are written as text or JSON.

May import: ``bot.types`` and ``index`` (errors, hits). Never ``bot.answering``, ``bot.question``,
``bot.app`` or ``bot.cli``.
"""
