"""`python -m sitegen pages` rewrites the pages generated from the code; `build` also builds the whole site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archgen.common.english import count
from archgen.common.errors import ArchgenError
from sitegen import ROOT
from sitegen.pages import write_pages


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit code."""
    parser = argparse.ArgumentParser(prog="python -m sitegen", description="archgen's documentation site")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("pages", help="rewrite the pages generated from the code in site/docs")
    build = commands.add_parser("build", help="rewrite the generated pages, then build the site with its gallery")
    build.add_argument("--out", type=Path, default=ROOT / "build" / "docs", help="default: build/docs")
    args = parser.parse_args(argv)

    changed = write_pages()
    for name in changed:
        print(f"updated site/docs/{name}")
    if args.command == "pages":
        print(f"{count(len(changed), 'generated page')} changed")
        return 0
    from sitegen.build import build_docs

    try:
        out = build_docs(args.out, lambda message: print(f"… {message}", file=sys.stderr))
    except ArchgenError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return exc.exit_code
    print(f"built {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
