"""design.yaml migrations: every earlier format loads, and a model change cannot slip in without a new version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.design.files import load_saved, read_design
from archgen.design.migrations import CURRENT, MIGRATIONS, supported, upgrade
from archgen.design.model import FORMAT_VERSION, Design

HERE = Path(__file__).parent
VERSIONS = HERE / "versions"
SCHEMAS = HERE / "schemas"


def test_the_migrations_lead_to_the_models_version() -> None:
    assert CURRENT == FORMAT_VERSION
    assert [m.source for m in MIGRATIONS] == list(range(1, FORMAT_VERSION))


@pytest.mark.parametrize("saved", sorted(VERSIONS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_earlier_design_file_loads_through_the_migrations(saved: Path) -> None:
    design, source = load_saved(saved)
    version = int(saved.stem.split("-")[0].removeprefix("v"))
    assert design.format_version == FORMAT_VERSION
    assert len(source.notes) == FORMAT_VERSION - version
    assert all(note.startswith("format ") for note in source.notes)


def test_a_file_of_every_past_version_is_kept() -> None:
    kept = {int(p.stem.split("-")[0].removeprefix("v")) for p in VERSIONS.glob("*.yaml")}
    assert kept == set(range(1, FORMAT_VERSION))


def test_a_current_file_is_not_touched() -> None:
    data = {"format_version": FORMAT_VERSION, "anything": 1}
    assert upgrade(data) == (data, [])


def test_a_file_from_a_newer_archgen_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "design.yaml"
    path.write_text(f"format_version: {FORMAT_VERSION + 1}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_design(path)
    message = info.value.problems[0]
    assert message.startswith(f"{path}:1: format_version: design format {FORMAT_VERSION + 1} is not supported")
    assert f"known: {', '.join(map(str, supported()))}" in message and "upgrade archgen" in message


def test_the_design_model_matches_the_schema_recorded_for_its_version() -> None:
    """Changing the Design model means a new format_version and a migration step (archgen.design.migrations).

    Record the new version's schema with scripts/refresh-golden, which writes it only when it is missing.
    """
    recorded = SCHEMAS / f"design-v{FORMAT_VERSION}.json"
    assert recorded.exists(), f"no schema recorded for format {FORMAT_VERSION}: run scripts/refresh-golden"
    current = Design.model_json_schema(by_alias=True)
    assert json.loads(recorded.read_text("utf-8")) == current, (
        f"the Design model changed but format_version is still {FORMAT_VERSION}: bump it, add a migration step, "
        "keep a design.yaml of the old version in tests/design/versions, and record the new schema"
    )


def test_a_format_6_file_gains_only_its_version() -> None:
    data, notes = upgrade({"format_version": 6, "entities": [{"name": "Loan", "indexes": []}]})
    assert data == {"format_version": 9, "entities": [{"name": "Loan", "indexes": []}]}
    assert notes[0] == f"format 6 → 7: {MIGRATIONS[5].change}" and "exclusion constraint" in notes[0]


def test_a_format_7_file_gains_only_its_version() -> None:
    data, notes = upgrade({"format_version": 7, "services": [{"name": "clicks", "endpoints": []}]})
    assert data == {"format_version": 9, "services": [{"name": "clicks", "endpoints": []}]}
    assert notes[0] == f"format 7 → 8: {MIGRATIONS[6].change}" and "303 See Other" in notes[0]


def test_a_format_8_file_gains_only_its_version() -> None:
    data, notes = upgrade({"format_version": 8, "reliability": {"topology": "warm-standby"}})
    assert data == {"format_version": 9, "reliability": {"topology": "warm-standby"}}
    assert notes == [f"format 8 → 9: {MIGRATIONS[7].change}"] and "hot standby" in notes[0]
