"""User-facing errors: one clear line per problem, an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know: file, line and key path."""

    message: str
    key: str = ""
    file: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.file and self.line else "")
        return ": ".join(part for part in (where, self.key, self.message) if part)


class ArchgenError(Exception):
    """A failure the user can act on. The CLI prints one line per problem and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, *problems: str | Problem) -> None:
        self.problems = [str(p) for p in problems]
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
