"""What a question says: its time expressions (periods, "latest", "when") read into typed values.

May import: ``index`` (text folding, month and weekday names). Nothing else of ``bot`` but ``bot.types``.
"""
