"""The design changelog: items matched by what they are, every kind of change listed, readable as Markdown."""

from __future__ import annotations

from pathlib import Path

from archgen.design.diff import Changelog, diff_designs
from archgen.design.files import dump_design
from archgen.design.model import Design, Endpoint, Risk, StoredField


def section(changelog: Changelog, title: str) -> dict[str, list[str]]:
    """{item: [kind, detail lines...]} of one section."""
    found = next((s for s in changelog.sections if s.title == title), None)
    assert found is not None, f"no section {title}: {[s.title for s in changelog.sections]}"
    return {c.item: [c.kind, *(f"{d.kind} {d.path}: {d.old} -> {d.new}" for d in c.details)] for c in found.changes}


def edited(design: Design) -> Design:
    """The shop's design after a review meeting: a new field, endpoint and risk, a bigger cache, a store gone."""
    new = design.model_copy(deep=True)
    order = new.entity("Order")
    order.fields.append(StoredField(name="discount", type="decimal"))
    order.fields = [f for f in order.fields if f.name != "status"]
    ordering = new.service("ordering")
    ordering.endpoints.append(
        Endpoint(method="POST", path="/v1/refunds", operation_id="createRefund", summary="Refund", action="create")
    )
    next(e for e in ordering.endpoints if e.path == "/v1/orders/{id}").auth = "public"
    new.caches[0].ttl_seconds = 60
    new.stores = [s for s in new.stores if s.name != "acme-shop-search"]
    new.risks.insert(
        0,
        Risk(
            id="R-001",
            title="Refund fraud",
            description="Refunds without review.",
            likelihood="low",
            impact="high",
            mitigation="Review refunds above a limit.",
            owner="product owner",
        ),
    )
    for i, risk in enumerate(new.risks):
        risk.id = f"R-{i + 1:03d}"  # every later risk is renumbered
    new.capacity.figures[1].value *= 2
    return new


def test_changes_are_listed_by_section_and_item(designs: dict[str, Design]) -> None:
    old = designs["shop"]
    changelog = diff_designs(old, edited(old))
    entities = section(changelog, "Entities")
    assert entities["Order"] == [
        "changed",
        "removed fields[status]: None -> None",
        "added fields[discount]: None -> None",
    ]
    endpoints = section(changelog, "Endpoints")
    assert endpoints["ordering: POST /v1/refunds"] == ["added"]
    assert endpoints["ordering: GET /v1/orders/{id}"] == ["changed", "changed auth: user -> public"]
    assert section(changelog, "Data stores")["acme-shop-search"] == ["removed"]
    assert section(changelog, "Caches")["app-cache"] == ["changed", "changed ttl_seconds: 300 -> 60"]
    figure = old.capacity.figures[1]
    assert section(changelog, "Capacity figures")[figure.label][0] == "changed"
    assert next(s for s in changelog.sections if s.title == "Capacity figures").changes[0].note == "+100 %"


def test_renumbered_records_are_matched_by_title(designs: dict[str, Design]) -> None:
    old = designs["shop"]
    risks = section(diff_designs(old, edited(old)), "Risks")
    assert risks["R-001 Refund fraud"] == ["added"]
    # the risks that moved down a number are the same risks: only their number changed
    assert all(
        kind == ["changed", f"changed id: {kind[1].split(': ')[1]}"]
        for item, kind in risks.items()
        if item != "R-001 Refund fraud"
    )
    assert not any(v[0] == "removed" for v in risks.values())


def test_identical_designs_have_no_changes(designs: dict[str, Design]) -> None:
    changelog = diff_designs(designs["shop"], designs["shop"].model_copy(deep=True))
    assert changelog.sections == [] and changelog.count("changed") == 0


def test_cli_diff_prints_markdown_and_json(cli, tmp_path: Path, designs: dict[str, Design]) -> None:  # type: ignore[no-untyped-def]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(dump_design(designs["shop"]), encoding="utf-8")
    new.write_text(dump_design(edited(designs["shop"])), encoding="utf-8")
    result = cli("diff", old, new)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"# Design changes\n\nFrom `{old}` to `{new}`.\n")
    endpoints = text[text.index("## Endpoints") : text.index("## Data stores")]
    assert "- Added **ordering: POST /v1/refunds**\n" in endpoints
    assert "- Changed **ordering: GET /v1/orders/\\{id\\}**:\n    - `auth`: user → public\n" in endpoints
    assert "- Changed **Order**:\n    - `fields[status]` removed\n    - `fields[discount]` added\n" in text
    assert "| Figure | Before | After | Change |" in text
    data = cli("diff", old, new, "--format", "json").stdout
    assert Changelog.model_validate_json(data) == diff_designs(
        designs["shop"], edited(designs["shop"]), str(old), str(new)
    )


def test_cli_diff_of_a_bad_design_is_a_located_error(cli, tmp_path: Path, designs: dict[str, Design]) -> None:  # type: ignore[no-untyped-def]
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(dump_design(designs["minimal"]), encoding="utf-8")
    bad.write_text(dump_design(designs["minimal"]).replace("  zones_per_region: 3", "  zones_per_region: many"))
    result = cli("diff", good, bad)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {bad}:")
    assert "reliability.zones_per_region: must be a whole number" in result.stderr
