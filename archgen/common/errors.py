"""User-facing errors: one clear line per problem, an exit code, never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Line breaks and other control characters would split a problem over several lines or drive the terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
QUOTE_LIMIT = 60


def one_line(text: str) -> str:
    """`text` on one printable line: control characters are shown as escapes, never passed to the terminal."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def quoted(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A value the user wrote, quoted for a message and cut short so a hostile value cannot flood it."""
    text = str(value)
    if len(text) <= limit:
        return f"'{text}'"
    return f"'{text[: limit - 1]}…' ({len(text):,} characters)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know: file, line and key path."""

    message: str
    key: str = ""
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.file and self.line else "")
        return one_line(": ".join(part for part in (where, self.key, self.message) if part))


class ArchgenError(Exception):
    """A failure the user can act on. The CLI prints one line per problem and exits with `exit_code`."""

    exit_code = 2
    label = "error"  # what the CLI prints before each line

    def __init__(self, *problems: str | Problem) -> None:
        self.problems = [one_line(str(p)) for p in problems]
        super().__init__("\n".join(self.problems))


class InputError(ArchgenError):
    """Bad input: a questionnaire, a design file, a flag or a folder (exit code 2)."""


class ArchitectError(ArchgenError):
    """The architect could not produce a design, e.g. the Claude API failed (exit code 1)."""

    exit_code = 1


class BuildError(ArchgenError):
    """The generated site did not build (exit code 1)."""

    exit_code = 1


class PublishError(ArchgenError):
    """The site could not be pushed, e.g. the remote rejected it (exit code 1)."""

    exit_code = 1


class Interrupted(ArchgenError):
    """Ctrl-C stopped a command; the line says exactly what its folder holds at that moment (exit code 130)."""

    exit_code = 130
    label = "interrupted"
