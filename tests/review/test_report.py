"""`archgen review` on files: located findings, the three output formats, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from archgen.design.files import dump_design
from archgen.design.model import Design
from tests.conftest import example

# The OASIS SARIF 2.1.0 schema, as published with Microsoft's SARIF tooling (npm: @microsoft/jest-sarif).
SARIF_SCHEMA = Path(__file__).with_name("sarif-schema-2.1.0.json")


def broken_shop(tmp_path: Path, design: Design) -> tuple[Path, int]:
    """The shop's design with its first web deployable unable to reach the peak; returns the file and that line."""
    text = dump_design(design).replace("    max_instances: 28\n", "    max_instances: 3\n", 1)
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if row == "    max_instances: 3")
    return path, line


def test_table_locates_findings_by_line_and_exits_1_on_errors(cli, tmp_path: Path, designs) -> None:  # type: ignore[no-untyped-def]
    path, line = broken_shop(tmp_path, designs["shop"])
    result = cli("review", example("shop"), path)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{path}:{line}: error CAP003 acme-shop-app: at most 3 instances")
    assert "(fix: raise scaling.max_instances to at least" in first
    assert result.stdout.splitlines()[-1] == "1 finding: 1 error, 0 warnings, 0 notes"


def test_json_lists_findings_with_their_key_paths(cli, tmp_path: Path, designs) -> None:  # type: ignore[no-untyped-def]
    path, line = broken_shop(tmp_path, designs["shop"])
    result = cli("review", example("shop"), path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0, "waived": 0}
    [finding] = data["findings"]
    assert finding["rule"] == "CAP003" and finding["line"] == line
    assert finding["path"] == "deployables[0].scaling.max_instances"


def test_sarif_is_valid_sarif_2_1_0(cli, tmp_path: Path, designs) -> None:  # type: ignore[no-untyped-def]
    path, line = broken_shop(tmp_path, designs["shop"])
    result = cli("review", example("shop"), path, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) >= 25 and all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    [res] = run["results"]
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == "CAP003" and res["level"] == "error"
    location = res["locations"][0]
    assert location["physicalLocation"]["region"]["startLine"] == line
    assert location["logicalLocations"][0]["name"] == "acme-shop-app"


def test_a_broken_reference_is_a_finding_not_a_refusal(cli, tmp_path: Path, designs) -> None:  # type: ignore[no-untyped-def]
    text = dump_design(designs["shop"]).replace("  depends_on:\n  - catalog\n", "  depends_on:\n  - billing\n")
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("review", example("shop"), path)
    assert result.exit_code == 1
    assert "error CON001 ordering: refers to the service 'billing', which the design does not define" in result.stdout


def test_review_judges_by_the_questionnaire_given(cli, write_yaml, designs) -> None:  # type: ignore[no-untyped-def]
    """A design made for 300,000 daily users, reviewed against a questionnaire that now says 900,000."""
    grown = write_yaml(example("shop").read_text().replace("daily_active: 300_000", "daily_active: 900_000"))
    result = cli("review", grown, example("shop").parent / "design.yaml")
    assert result.exit_code == 1
    assert "error CAP001 capacity: sized for peak inbound rate after 3 years of 2,430 req/s" in result.stdout
    assert "warning CON007 requirements: the design was made for other answers: users.daily_active" in result.stdout


def test_a_bad_design_file_gives_located_one_line_errors(cli, tmp_path: Path, designs) -> None:  # type: ignore[no-untyped-def]
    text = dump_design(designs["minimal"]).replace("  style: monolith", "  style: mainframe")
    path = tmp_path / "design.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "style: mainframe" in row)
    result = cli("review", example("minimal"), path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"error: {path}:{line}: architecture.style: must be one of")
    assert "Traceback" not in result.output and result.stdout == ""
