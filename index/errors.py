"""The project's exceptions: one base, a few kinds a front end reports in the user's words."""


class NewsbotError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(NewsbotError):
    """A setting is missing or malformed."""


class ModelError(NewsbotError):
    """The embedding model cannot be built or loaded."""


class CorpusError(NewsbotError):
    """The corpus folder cannot be read at all (single bad articles are skipped, not raised)."""


class StoreError(NewsbotError):
    """The vector store cannot be reached or written."""


class IndexBusyError(NewsbotError):
    """Another reindex holds the lock."""


class IndexMissingError(NewsbotError):
    """No complete index exists yet."""


class FetchBusyError(NewsbotError):
    """Another news fetch (`newsbot fetch`, the Telegram job) is running."""


REPAIR_COMMAND = "newsbot reindex"


def damage_line(what: str, affected: str, repair: str = REPAIR_COMMAND) -> str:
    """The one line every damage is reported as: what is wrong; what it affects: the command that repairs it."""
    return f"{what}; {affected}: run `{repair}`"


class IndexDamagedError(StoreError):
    """A part of the index is damaged or lost: the message names it, what it affects, and the repair."""
