"""The generated pages of the documentation site, and keeping the committed copies in `site/docs` current."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen import DOCS, ROOT
from sitegen.markdown import MARKER, page

# The README sections the getting-started page repeats, so the two cannot disagree.
README_SECTIONS = ("A five-minute tour", "Commands")


def generated_pages() -> dict[str, str]:
    """Every generated page, by its path under site/docs."""
    from archgen.cli import app
    from sitegen.commands import cli_reference
    from sitegen.gallery import gallery_page
    from sitegen.models import design_reference, questionnaire_reference
    from sitegen.rules import rules_reference

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {
        "getting-started.md": getting_started(readme),
        "reference/questionnaire.md": questionnaire_reference(),
        "reference/design.md": design_reference(),
        "reference/cli.md": cli_reference(app, exit_codes=readme_line(readme, "Exit codes:")),
        "reference/rules.md": rules_reference(),
        "gallery/index.md": gallery_page(),
    }


def getting_started(readme: str) -> str:
    """The README's introduction and its tour of the commands, as a page."""
    parts = re.split(r"^## +(.+)$", readme, flags=re.MULTILINE)
    intro = re.sub(r"\A# .*\n", "", parts[0]).strip()
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    missing = [name for name in README_SECTIONS if name not in sections]
    if missing:
        raise KeyError(f"README.md has no section {missing[0]!r}; update README_SECTIONS in {__name__}")
    return page("Getting started", intro, *(f"## {name}\n\n{sections[name].strip()}" for name in README_SECTIONS))


def readme_line(readme: str, start: str) -> str:
    """The README's sentence that starts a line with `start` (the exit codes are stated there once), whole even
    when it runs over several lines."""
    match = re.search(rf"^{re.escape(start)}(?:.|\n(?!\n))*?\.(?=\s|$)", readme, flags=re.MULTILINE)
    if match is None:
        raise KeyError(f"README.md has no sentence starting {start!r}; update {__name__}")
    return " ".join(match.group(0).split())


def committed_pages(docs: Path = DOCS) -> dict[str, str]:
    """The generated pages as committed: every page under `docs` that starts with the generated-page marker."""
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        content = path.read_text(encoding="utf-8")
        if content.startswith(MARKER):
            pages[path.relative_to(docs).as_posix()] = content
    return pages


def write_pages(docs: Path = DOCS) -> list[str]:
    """Bring the committed pages up to date with the code; returns the paths written or removed."""
    fresh, committed = generated_pages(), committed_pages(docs)
    changed = []
    for name in sorted(set(committed) - set(fresh)):
        (docs / name).unlink()
        changed.append(name)
    for name, content in fresh.items():
        if committed.get(name) != content:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_text(content, encoding="utf-8")
            changed.append(name)
    return changed
