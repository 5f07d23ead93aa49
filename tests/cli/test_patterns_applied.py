"""A workload pattern applies only when the questionnaire asks for what it does: positions streamed and a record
with a status do not make a schedule planned by hand into real-time matching and dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.design.files import load_design

FIELD_SERVICE = """
version: 1
system:
  name: Crews
  summary: Dispatchers plan each technician's day by hand; customers follow their technician on a map.
users:
  daily_active: 2000
  roles:
    - {name: dispatcher, active_per_day: 200}
    - {name: technician, active_per_day: 1200}
    - {name: customer, active_per_day: 600}
data:
  entities:
    - name: Technician
      fields: {id: uuid, name: string, phone: string}
      records: 1_000
      access: [by_id]
    - name: Job
      fields: {id: uuid, technician: "ref[Technician]", title: string, status: "enum[new, scheduled, done]"}
      records: 100_000
      growth_per_day: 500
      access: [by_id, by_technician, by_status]
    - name: Position
      fields: {id: uuid, technician: "ref[Technician]", lat: decimal, lon: decimal, recorded_at: timestamp}
      growth_per_day: 500_000
      retention_days: 30
      mutability: append_only
      access: [by_technician, geo]
use_cases:
  - {name: Plan day, actor: dispatcher, reads: [Job, Technician, Position], writes: [Job]}
  - {name: Post position, actor: technician, interaction: stream, writes: [Position], frequency_per_user_per_day: 600}
  - {name: Track technician, actor: customer, interaction: push, reads: [Position, Job]}
"""

OFFERS = """
  - {name: Offer job to a technician, actor: technician, interaction: push, reads: [Job]}
"""


@pytest.mark.parametrize(("offers", "applied"), [(False, False), (True, True)], ids=["planned-by-hand", "offers"])
def test_matching_and_dispatch_applies_only_when_asked_for(  # type: ignore[no-untyped-def]
    cli, write_yaml, tmp_path: Path, offers: bool, applied: bool
) -> None:
    questionnaire = write_yaml(FIELD_SERVICE + (OFFERS if offers else ""), "crews.yaml")
    out = tmp_path / "crews"
    result = cli("new", "-r", questionnaire, "-o", out)
    assert result.exit_code == 0, result.output
    design = load_design(out / "design.yaml")
    assert ("dispatch" in {s.name for s in design.services}) is applied
    fields = {f.name for e in design.entities if e.name == "Job" for f in e.fields}
    assert ("offer_expires_at" in fields) is applied
    patterns = (out / "docs" / "patterns.md").read_text()
    missing = (
        "| Real-time geo matching and dispatch | a use case that asks for a match or candidates are pushed offers |"
    )
    assert (missing in patterns) is not applied
