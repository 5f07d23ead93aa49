"""The documentation builds in one go with mkdocs --strict, with every example's design site in its gallery."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common.errors import InputError
from sitegen import example_names
from sitegen.build import build_docs


@pytest.mark.slow
def test_the_documentation_builds_strict_with_every_example_in_the_gallery(tmp_path: Path) -> None:
    out = build_docs(tmp_path / "docs")
    for page in ("index", "getting-started", "guide/templates", "reference/questionnaire", "reference/cli"):
        assert (out / f"{page}.html").is_file(), page
    gallery = (out / "gallery" / "index.html").read_text(encoding="utf-8")
    for name in example_names():
        assert (out / "gallery" / name / "index.html").is_file()
        assert (out / "gallery" / name / "review" / "index.html").is_file()
        assert f'href="{name}/index.html"' in gallery


def test_the_build_never_replaces_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a previous documentation build"):
        build_docs(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
