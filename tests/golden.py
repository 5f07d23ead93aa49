"""The golden output: the site tree one example generates, minus the SVGs (their bytes depend on Graphviz's
version) and Swagger UI's assets (they depend on the installed swagger-ui-bundle-v2), and the DOT sources of every
example's diagrams (which depend on neither); and what archgen says about each broken questionnaire."""

from __future__ import annotations

import contextlib
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from archgen.architects.rules import RulesArchitect
from archgen.cli import app
from archgen.render.diagrams.views import views
from archgen.render.explorer import ASSETS
from archgen.render.site import render_site
from archgen.requirements import load_requirements

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "expenses"
GOLDEN_EXAMPLE = "expenses"
GOLDEN_DIAGRAMS = ROOT / "tests" / "golden" / "diagrams"
CORPUS = ROOT / "tests" / "corpus"
CORPUS_CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


def golden_files(requirements: Path) -> dict[str, bytes]:
    """The files compared against tests/golden/expenses: the rendered tree without SVGs and Swagger UI."""
    design = RulesArchitect().design(load_requirements(requirements))
    return {
        name: content
        for name, content in render_site(design).items()
        if not name.endswith(".svg") and not name.startswith(f"docs/{ASSETS}/")
    }


def golden_diagrams() -> dict[str, bytes]:
    """The files compared against tests/golden/diagrams: `<example>/<view>.dot` for every example."""
    files = {}
    for requirements in sorted((ROOT / "examples").glob("*/requirements.yaml")):
        design = RulesArchitect().design(load_requirements(requirements))
        for view in views(design):
            source = view.source.replace(_icon_root(), "<icons>")
            files[f"{requirements.parent.name}/{view.name}.dot"] = source.encode("utf-8")
    return files


def _icon_root() -> str:
    import diagrams

    return str(Path(diagrams.__file__).resolve().parent.parent / "resources")


def run_corpus_case(name: str, out: Path) -> Result:
    """`archgen new` on one broken questionnaire, run from the corpus folder so messages name the file as written."""
    with contextlib.chdir(CORPUS):
        args = ["new", "--requirements", f"{name}.yaml", "--out", str(out)]
        return CliRunner().invoke(app, args, catch_exceptions=False)
