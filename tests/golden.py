"""The golden site tree: what one example generates, minus the SVGs (their bytes depend on Graphviz's version)
and Swagger UI's assets (they depend on the installed swagger-ui-bundle-v2), plus the DOT sources of its diagrams."""

from __future__ import annotations

from pathlib import Path

from archgen.architects.rules import RulesArchitect
from archgen.render.diagrams.views import views
from archgen.render.explorer import ASSETS
from archgen.render.site import render_site
from archgen.requirements import load_requirements

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "expenses"
GOLDEN_EXAMPLE = "expenses"


def golden_files(requirements: Path) -> dict[str, bytes]:
    """The files compared against tests/golden: the rendered tree without SVGs, and each diagram's DOT source."""
    design = RulesArchitect().design(load_requirements(requirements))
    files = {
        name: content
        for name, content in render_site(design).items()
        if not name.endswith(".svg") and not name.startswith(f"docs/{ASSETS}/")
    }
    for view in views(design):
        source = view.source.replace(_icon_root(), "<icons>")
        files[f"diagrams/{view.name}.dot"] = source.encode("utf-8")
    return files


def _icon_root() -> str:
    import diagrams

    return str(Path(diagrams.__file__).resolve().parent.parent / "resources")
