"""What a question says, read once into a typed value: ``analysis.analyse`` makes the ``Question``
(what it asks, its names, numbers, time expressions with their role, follow-up, search text);
``asked`` reads the kind of span that answers it (a person for "which designer", the noun of "how
many X"); ``role_words`` gives the Greek of English roles and kinds of things; ``names`` finds names
across scripts; ``time_expressions`` reads periods, "latest" and "when"; ``intent`` tells a question
from small talk and a request for the headlines.

May import: ``index`` (text folding, month and weekday names). Nothing else of ``bot`` but ``bot.types``.
"""
