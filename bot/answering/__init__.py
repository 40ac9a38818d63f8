"""Answering: the Answerer and everything an answer needs.

Holds the one answer function (``answerer.Answerer``), the extractive scorer and quote picker,
short answers, the trained reader (``reader/``) and its rerank, answers that use time, the
generative (LLM) backend with its prompts and context, and the checks between any answer and the
user: citations, grounding, claims, the answer-kind check; and the followers' topic matcher
(``topic_match``: does a new article match a followed topic), which scores with the same search and
sentence scorer; and the replies to messages that are not questions (``small_talk``: a greeting,
a thank-you, "What's new?" with the newest articles).

May import: ``bot.types``, ``bot.question``, ``index``. Never a front end, ``bot.app`` or ``bot.cli``.
"""
