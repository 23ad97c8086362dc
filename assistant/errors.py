"""One family of errors whose messages are meant for users.

Anything raised as a :class:`BmmError` is shown as a single line at the edge
(CLI, TUI notification); everything else is a bug and shows a traceback only
with ``--debug``.
"""

from __future__ import annotations


class BmmError(Exception):
    """An error with a message a user can act on."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(BmmError):
    """The command line itself is wrong."""

    exit_code = 2


class FrameworkError(BmmError):
    """A question tree failed to load or validate; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        head = problems[0] if problems else "invalid framework"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(head + more)


class NotFound(BmmError):
    """An assessment, framework or file that does not exist."""


class StoreError(BmmError):
    """The assessment store cannot be read or written."""


class DamagedFile(StoreError):
    """An assessment file exists but cannot be read; it is never overwritten."""

    def __init__(self, path: object, reason: str, backup: object | None = None) -> None:
        hint = (
            f"; a previous good copy exists: `bmm restore {_stem(path)}` brings it back"
            if backup
            else "; it was left untouched"
        )
        super().__init__(f"{path}: damaged assessment file ({reason}){hint}")
        self.path = path
        self.backup = backup


class Locked(StoreError):
    """Another process has the assessment open for writing."""


class InvalidAnswer(BmmError):
    """An answer that does not fit its question; the message says what would."""


def _stem(path: object) -> str:
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".json") else name
