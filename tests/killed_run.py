"""Run archgen's command line in this process and SIGKILL the process just before one of its file operations.

    python tests/killed_run.py FOLDER PATTERN N archgen-arguments...

Counts the renames and deletions whose destination lies inside FOLDER and matches the regular expression
PATTERN, and kills the process with SIGKILL just before the Nth of them; with N = 0 it lets the run finish and
prints every counted operation to stderr, one `operation: path` a line. The tests use it to interrupt a real run
at a chosen point, without any hook inside archgen.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    folder, pattern, limit, args = Path(sys.argv[1]).resolve(), re.compile(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    seen: list[str] = []

    def watch(name: str, real: Any) -> Any:
        def operation(*positional: Any, **keywords: Any) -> Any:
            path = Path(positional[-1])  # the destination of a rename, the file of a deletion
            if path.is_absolute() and folder in path.resolve().parents and pattern.search(path.as_posix()):
                seen.append(f"{name}: {path}")
                if len(seen) == limit:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*positional, **keywords)

        return operation

    os.replace = watch("replace", os.replace)
    os.rename = watch("rename", os.rename)
    os.unlink = watch("unlink", os.unlink)
    from archgen.cli import app

    try:
        app(args, prog_name="archgen")
    finally:
        if limit == 0:
            print("\n".join(seen), file=sys.stderr)


if __name__ == "__main__":
    main()
