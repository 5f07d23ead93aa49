"""A user's template that does not compile or fails while rendering stops `new` and `render` with one line naming
its file and line, exit 2, and leaves the output folder as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.pipeline import generate
from tests.conftest import example

BROKEN = {
    "syntax": ("# Cost {{ oops\n", 1, "unexpected end of template, expected 'end of print statement'"),
    "undefined": (
        "# Cost\n\nThe total:\n{{ design.nonexistent.attr }}\n",
        4,
        "'archgen.design.model.Design object' has no attribute 'nonexistent'",
    ),
}


def _override(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "tpl" / "site" / "docs" / "cost.md.jinja"
    page.parent.mkdir(parents=True)
    page.write_text(text)
    return page


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_new_with_a_broken_template_says_where_and_writes_nothing(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    text, line, message = BROKEN[kind]
    page = _override(tmp_path, text)
    out = tmp_path / "shop"
    result = cli("new", "-r", example("shop"), "-o", out, "--templates", page.parents[2])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {page}:{line}: {message}; fix it, or delete the file to use the shipped template"
    ]
    assert not out.exists()


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_render_with_a_broken_template_leaves_the_folder_as_it_was(cli, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    text, line, message = BROKEN[kind]
    page = _override(tmp_path, text)
    result = cli("render", out / "design.yaml", "--templates", page.parents[2])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {page}:{line}: {message}; fix it, or delete the file to use the shipped template"
    ]
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
