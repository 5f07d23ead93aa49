"""End to end: every example (and the smallest questionnaire) becomes a site that `mkdocs build --strict` accepts,
generated twice with byte-identical files, and one example matches its golden tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.pipeline import generate
from archgen.site.build import build_site
from tests.conftest import EXAMPLES, MINIMAL, example
from tests.golden import GOLDEN, GOLDEN_DIAGRAMS, GOLDEN_EXAMPLE, golden_diagrams, golden_files

pytestmark = pytest.mark.slow


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(root).parts[:1] and ".archgen" not in p.parts
    }


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_builds_strict_and_regenerates_identically(name: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    result = generate(example(name), first, build=True)
    assert result.site is not None and (result.site / "index.html").is_file()
    assert (result.site / "search" / "search_index.js").is_file() or (result.site / "search").is_dir()
    generate(example(name), second)
    assert files_of(first) == files_of(second)
    # a no-change re-run into the same folder rewrites nothing
    again = generate(example(name), first)
    assert not again.report.changed and again.report.unchanged


def test_required_keys_only_builds(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    generate(write_yaml(MINIMAL), out)
    assert (build_site(out) / "index.html").is_file()


@pytest.mark.parametrize(
    ("folder", "files"),
    [(GOLDEN, lambda: golden_files(example(GOLDEN_EXAMPLE))), (GOLDEN_DIAGRAMS, golden_diagrams)],
    ids=["site", "diagrams"],
)
def test_golden_tree(folder: Path, files: Callable[[], dict[str, bytes]]) -> None:
    expected = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    actual = files()
    assert sorted(actual) == sorted(expected), "run scripts/refresh-golden and review the diff"
    for name, content in actual.items():
        assert content == expected[name], f"{name} differs from the golden tree; run scripts/refresh-golden"
