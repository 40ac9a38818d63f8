"""Secrets (the bot token) never reach a log line, whatever logger or handler writes it."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import quote


class TokenRedactingFilter(logging.Filter):
    """Replaces registered secrets in a record's message and traceback text with a placeholder."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, secret: str) -> None:
        for variant in (secret, quote(secret, safe="")):
            if len(variant) >= 6:
                self._secrets.add(variant)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "<redacted-token>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not ours
            return True
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACTOR = TokenRedactingFilter()
_factory_lock = threading.Lock()
_factory_installed = False


def redact_in_logs(secret: str) -> None:
    """Redact ``secret`` from every log record created from now on, whatever logger or handler."""
    global _factory_installed
    REDACTOR.add(secret)
    with _factory_lock:
        if _factory_installed:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            REDACTOR.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        _factory_installed = True
    for handler in logging.getLogger().handlers:
        if REDACTOR not in handler.filters:
            handler.addFilter(REDACTOR)
