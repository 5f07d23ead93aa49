"""Spectral's AsyncAPI rules find nothing to fault in the documents of every realtime channel: the corpus designs
that hold connections (live updates over WebSockets, devices over MQTT, mobile push) validate as AsyncAPI 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.common import yamlio
from archgen.render.asyncapi import asyncapi_documents
from archgen.requirements import load_requirements
from tests.conftest import ROOT
from tests.render.test_openapi_lint import SEVERITIES, spectral

pytestmark = pytest.mark.slow

RULESET = ROOT / "tests" / "spectral" / "asyncapi.yaml"
DOMAINS = ROOT / "tests" / "domains"
# the corpus systems with realtime channels of each protocol
LIVE = ["01-ride-hailing", "02-smart-meter-telemetry", "08-team-chat"]


@pytest.mark.parametrize("name", LIVE)
def test_every_channel_document_is_valid_asyncapi(name: str, tmp_path: Path) -> None:
    design = RulesArchitect().design(load_requirements(DOMAINS / f"{name}.yaml"))
    documents = asyncapi_documents(design)
    assert documents, f"{name} holds no realtime channel"
    paths = []
    for stem, document in documents.items():
        path = tmp_path / f"{stem}.yaml"
        path.write_text(yamlio.dump(document), encoding="utf-8")
        paths.append(path)
    findings = spectral(paths, RULESET)
    problems = [
        f"{Path(f['source']).name}: {SEVERITIES[f['severity']]} {f['code']}: {f['message']} at {f['path']}"
        for f in findings
        if f["severity"] <= 1
    ]
    assert not problems, "\n".join(problems)


def test_the_gate_catches_a_document_that_breaks_the_schema(tmp_path: Path) -> None:
    """The AsyncAPI schema really is checked: an operation without its channel is an error."""
    design = RulesArchitect().design(load_requirements(DOMAINS / "08-team-chat.yaml"))
    stem, document = next(iter(asyncapi_documents(design).items()))
    next(iter(document["operations"].values())).pop("channel")
    path = tmp_path / f"{stem}.yaml"
    path.write_text(yamlio.dump(document), encoding="utf-8")
    assert "asyncapi-3-document-resolved" in {f["code"] for f in spectral([path], RULESET) if f["severity"] == 0}
