"""Run archgen's command line in this process and press Ctrl-C (send SIGINT) at a chosen moment.

    python tests/interrupted_run.py FOLDER WHEN N archgen-arguments...

WHEN is `op:PATTERN`: the Nth rename or deletion whose path lies inside FOLDER and matches the regular
expression PATTERN (as tests/killed_run.py counts them), `call:MODULE:NAME`: the Nth call of the function
MODULE.NAME (NAME may be Class.method), `import:MODULE`: Python starting to load MODULE, or `exit:`: the console
script exiting once the command is done. SIGINT is sent just before it; the run goes through the console script's
entry point, as a user's would, and exits with its code. With N = 0 nothing is interrupted and the counted file
operations are printed to stderr, one `operation: path` a line.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any


def main() -> None:
    folder, when, limit, args = Path(sys.argv[1]).resolve(), sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    # as in a terminal, even when the tests run as a background job (which starts with SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    seen: list[str] = []

    def press_ctrl_c_at(event: str) -> None:
        seen.append(event)
        if len(seen) == limit:
            signal.raise_signal(signal.SIGINT)

    kind, _, what = when.partition(":")
    if kind == "op":
        pattern = re.compile(what)

        def watch(name: str, real: Any) -> Any:
            def operation(*positional: Any, **keywords: Any) -> Any:
                path = Path(positional[-1])  # the destination of a rename, the file of a deletion
                if path.is_absolute() and folder in path.resolve().parents and pattern.search(path.as_posix()):
                    press_ctrl_c_at(f"{name}: {path}")
                return real(*positional, **keywords)

            return operation

        os.replace = watch("replace", os.replace)
        os.rename = watch("rename", os.rename)
        os.unlink = watch("unlink", os.unlink)
    elif kind == "import":

        class Loading:
            """Sees each module Python starts to load and loads none itself."""

            def find_spec(self, name: str, *_: Any) -> None:
                if name == what:
                    press_ctrl_c_at(f"import: {name}")

        sys.meta_path.insert(0, Loading())
    elif kind == "exit":
        real_exit = sys.exit

        def exit_(code: Any = None) -> None:
            press_ctrl_c_at("exit")
            real_exit(code)

        sys.exit = exit_
    else:
        module_name, _, name = what.partition(":")
        owner: Any = importlib.import_module(module_name)
        *parents, attribute = name.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        real = getattr(owner, attribute)

        @functools.wraps(real)
        def call(*positional: Any, **keywords: Any) -> Any:
            press_ctrl_c_at(f"call: {what}")
            return real(*positional, **keywords)

        setattr(owner, attribute, call)

    from archgen import console

    sys.argv = ["archgen", *args]
    try:
        console.main()
    finally:
        if limit == 0:
            print("\n".join(seen), file=sys.stderr)


if __name__ == "__main__":
    main()
