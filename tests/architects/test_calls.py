"""Calls between services name real operations, and jobs over many records move them in bulk."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from archgen.architects.rules import RulesArchitect
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review import review
from tests.conftest import example


def test_a_service_reads_another_through_an_operation_that_accepts_services(designs: dict[str, Design]) -> None:
    design = designs["telemetry"]
    services = {s.name: s for s in design.services}
    calls = [
        s
        for f in design.flows
        for s in f.steps
        if s.kind == "sync"
        and s.source in services
        and s.target in services
        and services[s.source].deployable != services[s.target].deployable
    ]
    assert calls
    for step in calls:
        method, path = step.message.split(" ")[:2]
        path = path.split("?")[0]  # a list read names its filter: GET /v1/readings?device={id}
        endpoint = next(e for e in services[step.target].endpoints if (e.method, e.path) == (method, path))
        # a person's read takes the mutual-TLS identity of the services that depend on its owner
        by_mtls = endpoint.method == "GET" and step.target in services[step.source].depends_on
        assert by_mtls or "service" in (endpoint.auth, *endpoint.other_callers)
    assert not [f for f in review(design) if f.rule in ("FLOW040", "FLOW041")]


def test_a_nightly_export_reads_stores_and_hands_over_one_file(tmp_path: Path) -> None:
    yaml = YAML()
    data = yaml.load(example("telemetry").read_text(encoding="utf-8"))
    data["integrations"].append({"name": "Billing", "kind": "billing system", "direction": "outbound"})
    data["use_cases"].append(
        {
            "name": "Export daily readings",
            "interaction": "scheduled",
            "reads": ["Reading", "Device"],
            "writes": ["Alert"],
            "calls": ["Billing"],
            "frequency_per_user_per_day": 1,
        }
    )
    path = tmp_path / "requirements.yaml"
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    design = RulesArchitect().design(load_requirements(path))
    flow = next(f for f in design.flows if f.use_case == "Export daily readings")
    services = {s.name for s in design.services}
    carrier = flow.steps[0].target
    asked = [s for s in flow.steps if s.source == carrier and s.target in services - {carrier} and s.kind == "sync"]
    assert asked == []  # no other service's API is paged for a day's readings
    reads = [s.message for s in flow.steps if s.source == carrier and "not readings' API" in s.message]
    assert any("Reading" in m for m in reads)  # read from the owner's store, in bulk or from its rollup
    handed = [s.message for s in flow.steps if s.target == "Billing"]
    assert len(handed) == 1 and "file" in handed[0]
    assert not [f for f in review(design) if f.rule.startswith("FLOW04")]
