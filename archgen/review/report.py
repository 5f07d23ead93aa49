"""Findings written out for people (a table), for scripts (JSON) and for code-scanning tools (SARIF 2.1.0)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archgen import __version__
from archgen.common.english import count
from archgen.review.engine import Finding, Rule, all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FORMATS = ("table", "json", "sarif")


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings there are of each severity (waived ones apart: they do not fail a review)."""
    out = {
        level: sum(f.severity == level and f.waived is None for f in findings) for level in ("error", "warning", "info")
    }
    out["waived"] = sum(f.waived is not None for f in findings)
    return out


def report(findings: list[Finding], design: Path, fmt: str = "table") -> str:
    """The findings about the design file `design` in one of FORMATS."""
    if fmt == "json":
        return _json(
            {"design": str(design), "summary": counts(findings), "findings": [f.model_dump() for f in findings]}
        )
    if fmt == "sarif":
        return _json(sarif(findings, design))
    return table(findings, design)


def table(findings: list[Finding], design: Path) -> str:
    """One line per finding, located like a compiler message, then a summary line."""
    lines = [
        f"{design}{f':{f.line}' if f.line else ''}: "
        + (f"waived ({f.waived}) " if f.waived is not None else "")
        + f"{f.severity} {f.rule} {f.element}: {f.message} (fix: {f.hint})"
        for f in findings
    ]
    n = counts(findings)
    lines.append(
        f"{count(len(findings), 'finding')}: {count(n['error'], 'error')}, {count(n['warning'], 'warning')}, "
        f"{count(n['info'], 'note')}" + (f", {n['waived']} waived" if n["waived"] else "")
    )
    return "\n".join(lines)


def sarif(findings: list[Finding], design: Path) -> dict[str, Any]:
    """A SARIF 2.1.0 log: every rule archgen checks, and one result per finding located in the design file."""
    rules = all_rules()
    index = {r.id: i for i, r in enumerate(rules)}
    uri = design.as_uri() if design.is_absolute() else design.as_posix()
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "archgen",
                        "version": __version__,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                "artifacts": [{"location": {"uri": uri}}],
                "results": [_sarif_result(f, index[f.rule], uri) for f in findings],
            }
        ],
    }


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.title.replace("-", " ").split()),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.help},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"area": rule.area},
    }


def _sarif_result(finding: Finding, rule_index: int, uri: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": 0}}
    if finding.line:
        physical["region"] = {"startLine": finding.line}
    logical = {"name": finding.element, "kind": "element"}
    if finding.path:
        logical["fullyQualifiedName"] = finding.path
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": f"{finding.element}: {finding.message}. Fix: {finding.hint}."},
        "locations": [{"physicalLocation": physical, "logicalLocations": [logical]}],
    }
    if finding.waived is not None:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": finding.waived}]
    return result


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
