"""The `archgen` console script. It loads the command line itself, so a Ctrl-C that falls while Python is still
loading it ends with a true line too, and once the command has said what it did a late Ctrl-C changes nothing."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (128 + SIGINT)


def main() -> None:
    """Run the command line on the process's arguments and exit with its code."""
    sys.stdout = _ReaderMayLeave(sys.stdout)
    code = run_command(sys.argv[1:])
    # the command has finished and said so: a Ctrl-C from here on would only hide its exit code behind a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def run_command(args: list[str]) -> int:
    """The command line's exit code for `args`; a Ctrl-C before a command starts its work says nothing was written
    (each command says what its folder holds when stopped during its work)."""
    try:
        from archgen.cli import run  # typer, click and archgen's modules: long enough to press Ctrl-C in
    except KeyboardInterrupt:
        return _interrupted("interrupted while starting: nothing was written")
    try:
        return run(args)
    except KeyboardInterrupt:  # before click took the Ctrl-C over (while the command line is assembled)
        return _interrupted("interrupted: nothing was written")


def _interrupted(line: str) -> int:
    print(line, file=sys.stderr)
    return INTERRUPTED


class _ReaderMayLeave:
    """Standard output whose reader may stop reading (`archgen new | head`): what is left to print is dropped, and
    the command still finishes its work and exits with its own code, not as a failure."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self._drop()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._drop()

    def _drop(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())  # the buffer left, and Python's own flush at exit, go nowhere
        os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
