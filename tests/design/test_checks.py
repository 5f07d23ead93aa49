"""Cross-checks catch a hand-edited design whose names no longer resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.design.checks import check
from archgen.design.files import dump_design, load_design
from archgen.design.model import Design


def test_dangling_references_are_found(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    design.services[0].depends_on.append("billing")
    design.entities[0].store = "nowhere-db"
    found = dict(check(design))
    assert found[("services", 0, "depends_on")] == "refers to the service 'billing', which the design does not define"
    assert found[("entities", 0, "store")] == "refers to the store 'nowhere-db', which the design does not define"


def test_a_broken_design_file_reports_file_line_and_key(tmp_path: Path, designs: dict[str, Design]) -> None:
    text = dump_design(designs["minimal"]).replace("  style: monolith", "  style: mainframe")
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_design(path)
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "style: mainframe" in row)
    assert info.value.problems[0].startswith(f"{path}:{line}: architecture.style: must be one of")


def test_a_saved_design_loads_back_identically(tmp_path: Path, designs: dict[str, Design]) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(dump_design(designs["shop"]), encoding="utf-8")
    assert load_design(path) == designs["shop"]
