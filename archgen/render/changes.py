"""The changelog between two designs as Markdown (for a review meeting and the site) or as JSON (for scripts)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from archgen.design.diff import Changelog
from archgen.render.environment import code
from archgen.render.site import render_page

TEMPLATE = "changes.md.jinja"
FORMATS = ("markdown", "json")


def changes_report(changelog: Changelog, fmt: str = "markdown", templates: Path | None = None) -> str:
    """The changelog in one of FORMATS."""
    if fmt == "json":
        return changelog.model_dump_json(indent=2)
    context = {
        "changelog": changelog,
        "title": "Design changes",
        "intro": Markup(f"From {code(changelog.old)} to {code(changelog.new)}."),
    }
    return render_page(TEMPLATE, context, templates)
