"""Spectral, with its OpenAPI rules and the OWASP API Security ruleset, finds no error in any example's documents."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archgen.common import yamlio
from archgen.common.english import count
from archgen.design.model import Design
from archgen.render.openapi import openapi_documents
from tests.conftest import DOMAINS, EXAMPLES, ROOT, corpus_design

pytestmark = pytest.mark.slow

TOOLS = ROOT / ".tools" / "spectral" / "node_modules"
RULESET = ROOT / "tests" / "spectral" / "ruleset.yaml"
SEVERITIES = ("error", "warning", "info", "hint")


def spectral(paths: list[Path], ruleset: Path = RULESET) -> list[dict[str, Any]]:
    """Spectral's findings for `paths`, with the project's ruleset (or `ruleset`)."""
    binary = TOOLS / ".bin" / "spectral"
    if not binary.is_file():
        pytest.fail("Spectral is not installed; run scripts/setup --test")
    run = subprocess.run(
        [str(binary), "lint", "--ruleset", str(ruleset), "--format", "json", "--quiet", *map(str, paths)],
        # the ruleset names the OWASP package, which lives in .tools rather than beside the ruleset
        env={**os.environ, "NODE_PATH": str(TOOLS)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode in (0, 1), run.stderr  # 1 means errors were found; anything else is a crash
    findings: list[dict[str, Any]] = json.loads(run.stdout)
    return findings


def write_documents(design: Design, folder: Path) -> list[Path]:
    paths = []
    for slug, document in openapi_documents(design).items():
        path = folder / f"{slug}.yaml"
        path.write_text(yamlio.dump(document), encoding="utf-8")
        paths.append(path)
    return paths


def summary(findings: list[dict[str, Any]]) -> str:
    counts = Counter(SEVERITIES[f["severity"]] for f in findings)
    return ", ".join(count(counts[s], s) for s in SEVERITIES[:2])


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_spectral_errors_in_any_document(
    designs: dict[str, Design], name: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    paths = write_documents(designs[name], tmp_path)
    findings = spectral(paths)
    record_property("spectral", f"{name}, {count(len(paths), 'document')}: {summary(findings)}")
    for finding in findings:
        if finding["severity"] > 0:  # warnings are reported in the run's summary, not failures
            record_property("spectral", f"  {Path(finding['source']).name}: {finding['code']}: {finding['message']}")
    errors = [
        f"{Path(f['source']).name}: {f['code']}: {f['message']} at {f['path']}" for f in findings if f["severity"] == 0
    ]
    assert not errors, "\n".join(errors)


def test_no_spectral_error_or_warning_in_any_corpus_design(tmp_path: Path) -> None:
    """Every kind of system the corpus holds (device ingest, provider webhooks, push, ledgers) lints clean: the
    examples alone never sent a phone's push token through a URL or a client-credentials scheme through the gate."""
    paths = []
    for name in DOMAINS:
        folder = tmp_path / name
        folder.mkdir()
        paths += write_documents(corpus_design(name), folder)
    findings = spectral(paths)
    problems = [
        f"{Path(f['source']).parent.name}/{Path(f['source']).name}: {f['code']}: {f['message']} at {f['path']}"
        for f in findings
        if f["severity"] <= 1
    ]
    assert not problems, "\n".join(problems)


def test_the_gate_catches_an_unbounded_string(designs: dict[str, Design], tmp_path: Path) -> None:
    """The ruleset really is loaded: a schema without maxLength is an OWASP error."""
    [path, *_] = write_documents(designs["minimal"], tmp_path)
    document = yamlio.parse(path.read_text(encoding="utf-8"), str(path)).data
    document["components"]["parameters"]["Id"]["schema"].pop("maxLength")
    path.write_text(yamlio.dump(document), encoding="utf-8")
    codes = {f["code"] for f in spectral([path]) if f["severity"] == 0}
    assert codes == {"owasp:api4:2023-string-limit"}


def test_stated_bodies_lint_clean(designs: dict[str, Design], tmp_path: Path) -> None:
    """Bodies and statuses an architect states by hand are published as strictly as derived ones."""
    from tests.render.test_openapi_bodies import stated

    findings = spectral(write_documents(stated(designs["shop"]), tmp_path))
    problems = [f"{Path(f['source']).name}: {f['code']}: {f['message']} at {f['path']}" for f in findings]
    assert not problems, "\n".join(problems)
