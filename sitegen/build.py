"""Build the documentation site in one go: the generated pages, every example's design site, mkdocs --strict."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from archgen.common.errors import InputError
from archgen.common.progress import Progress, quiet
from archgen.common.shipped import builtin_templates
from sitegen import SITE
from sitegen.gallery import build_gallery
from sitegen.pages import generated_pages


def build_docs(out: Path, progress: Progress = quiet) -> Path:
    """Build `site/` with pages fresh from the code and the gallery's sites into `out`; returns `out`.

    The build works on a copy of `site/`, so the examples' sites never land among the sources.
    """
    from archgen.site.build import build_site

    if out.exists() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise InputError(f"{out}: not empty and not a previous documentation build; choose another --out folder")
    with tempfile.TemporaryDirectory(prefix="archgen-docs-") as tmp:
        stage = Path(tmp) / "site"
        shutil.copytree(SITE, stage)
        for name, content in generated_pages().items():
            (stage / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (stage / "docs" / name).write_text(content, encoding="utf-8")
        build_gallery(stage / "docs" / "gallery", Path(tmp) / "examples", progress)
        # the same local shim the design sites ship, so the offline plugin loads nothing from a CDN
        shutil.copy(builtin_templates() / "site" / "assets" / "iframe-worker.js", stage / "docs" / "assets")
        progress("building the documentation site with mkdocs --strict")
        built = build_site(stage)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(built, out)
    return out
