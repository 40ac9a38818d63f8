"""The bot: everything between a question and the reply a user reads.

Rooms (the import rules are kept by tests/test_layers.py):

- ``bot.question``  what a question says (its time expressions); imports only ``index``.
- ``bot.answering`` the Answerer and everything an answer needs; imports ``bot.question``,
  ``bot.types`` and ``index``, never a front end.
- ``bot.telegram``, ``bot.terminal`` the front ends; they import ``bot.types`` and ``index``
  (settings, errors, hits), never ``bot.answering`` or ``bot.question``: they are handed an answer
  function.
- ``bot.types`` the values that cross between rooms (Answer, Citation, Turn); imports nothing of
  the project.
- ``bot.app`` and ``bot.cli`` sit on top: the only modules that know every room.
"""
