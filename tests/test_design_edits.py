"""A design.yaml a person edited stays theirs through every command, and the site shows what the edit implies:
every figure, instance count and cost line recomputed, and the review pointing at prose the edit left behind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archgen.common import yamlio
from archgen.common.formatting import number
from archgen.design.files import HEADER, dump_design, load_design
from archgen.pipeline import generate, rerender
from tests.conftest import ROOT, example

pytestmark = pytest.mark.xdist_group("design-edits")


def grown(write_yaml, name: str = "minimal") -> Path:  # type: ignore[no-untyped-def]
    text = example(name).read_text()
    replaced = text.replace("daily_active: 100\n", "daily_active: 5000\n").replace(
        "daily_active: 300_000", "daily_active: 450_000"
    )
    assert replaced != text
    return write_yaml(replaced, "grown.yaml")  # type: ignore[no-any-return]


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text, old
    edited = text.replace(old, new)
    path.write_text(edited)
    return edited


def test_an_edit_rendered_in_place_survives_the_next_new(cli, write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "minimal"
    assert cli("new", "-r", example("minimal"), "-o", out).exit_code == 0
    design = out / "design.yaml"
    edit(design, "  zones_per_region: 3", "  zones_per_region: 2")
    assert cli("render", design).exit_code == 0
    edited = design.read_text()  # the edit, with the cost it implies
    assert "zones_per_region: 2" in edited
    assert load_design(design) == load_design(out / ".archgen" / "design.yaml")  # the file is what the pages show

    again = cli("new", "-r", grown(write_yaml), "-o", out)
    assert again.exit_code == 0, again.output
    assert design.read_text() == edited  # the person's design is still there, byte for byte
    offered = (out / "design.yaml.new").read_text()
    assert "daily_active: 5000" in offered and "zones_per_region: 3" in offered
    assert "kept your edited design.yaml; archgen's design is in design.yaml.new" in again.stdout

    forced = cli("new", "-r", grown(write_yaml), "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert design.read_text() == offered and not (out / "design.yaml.new").exists()


def test_rendering_the_kept_design_leaves_archgens_offer_to_read(cli, write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "minimal"
    assert cli("new", "-r", example("minimal"), "-o", out).exit_code == 0
    design = out / "design.yaml"
    edit(design, "  zones_per_region: 3", "  zones_per_region: 2")
    assert cli("new", "-r", grown(write_yaml), "-o", out).exit_code == 0
    offered = (out / "design.yaml.new").read_text()

    shown = cli("render", design)
    assert shown.exit_code == 0, shown.output
    assert (out / "design.yaml.new").read_text() == offered  # not deleted behind the person's back
    assert "left design.yaml.new as it was: archgen's design from the last `archgen new`" in shown.stdout
    assert "0 removed" in shown.stdout


def test_an_unedited_design_stays_archgens_after_render(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "minimal"
    generate(example("minimal"), out)
    rerender(out / "design.yaml")
    result = generate(grown(write_yaml), out)
    assert "design.yaml" in result.report.updated and not result.report.kept
    assert "daily_active: 5000" in (out / "design.yaml").read_text()


def test_an_edited_design_rendered_elsewhere_is_the_users_there_too(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "source"
    generate(example("minimal"), source)
    edit(source / "design.yaml", "  zones_per_region: 3", "  zones_per_region: 2")
    copy = tmp_path / "copy"
    rerender(source / "design.yaml", copy)
    edited = (copy / "design.yaml").read_text()
    assert "zones_per_region: 2" in edited
    result = generate(grown(write_yaml), copy)
    assert result.report.kept == ["design.yaml"] and (copy / "design.yaml").read_text() == edited


def test_rendering_an_edit_recomputes_every_figure_instance_and_cost_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    before = load_design(out / "design.yaml")
    design = out / "design.yaml"
    edited = edit(design, "    daily_active: 300000\n", "    daily_active: 3000000\n")

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert "recomputed from the design: " in result.stdout
    assert re.search(r"\d+ figures \(\S+\.\S+, ", result.stdout)  # which values changed, named
    assert "design.yaml now holds them with your edits" in result.stdout
    assert f"written to {out} (from the design file)" in result.stdout  # no architect designed it again

    shown = load_design(out / ".archgen" / "design.yaml")  # the design the pages were rendered from
    assert load_design(design) == shown  # design.yaml agrees with the pages, the edit included
    assert "daily_active: 3000000" in design.read_text() and edited != design.read_text()
    peak = before.capacity.value("traffic.peak_rps.now")
    assert shown.capacity.value("traffic.peak_rps.now") == pytest.approx(peak * 10, rel=1e-6)
    assert shown.deployables[0].scaling.max_instances > before.deployables[0].scaling.max_instances
    assert shown.cost.total_usd_per_month > before.cost.total_usd_per_month
    budgeted = [line.monthly_usd for line in shown.cost.lines if line.category != "transaction fees"]
    assert shown.cost.total_usd_per_month == pytest.approx(sum(budgeted))
    instances = next(line for line in shown.cost.lines if line.item == "acme-shop-app instances")
    assert instances.quantity > next(line for line in before.cost.lines if line.item == instances.item).quantity

    index = (out / "docs" / "index.md").read_text()
    assert f"| Peak inbound calls | {number(peak * 10)} req/s |" in index
    cost_page = (out / "docs" / "cost.md").read_text()
    assert f"{shown.cost.total_usd_per_month:,.0f}" in cost_page.replace("$", "")
    capacity = (out / "docs" / "capacity.md").read_text()
    assert "daily\\_active = 3 million users" in capacity


def test_instance_counts_a_person_sets_are_kept_and_every_figure_and_cost_follows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    made = load_design(design)
    app = made.deployables[0]
    low, high = app.scaling.min_instances, app.scaling.max_instances
    edit(
        design,
        f"    min_instances: {low}\n    max_instances: {high}\n",
        f"    min_instances: 9\n    max_instances: {high}\n",
    )

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert (
        "kept the sizes you set; the figures and cost follow them: "
        f"{app.name} min_instances 9 (archgen's: {low})" in result.stdout
    )
    shown = load_design(design)
    assert shown == load_design(out / ".archgen" / "design.yaml")  # design.yaml and the pages agree
    assert shown.deployables[0].scaling.min_instances == 9
    assert shown.capacity.value(f"compute.{app.name}.instances.now") == 9  # figures start from the person's minimum
    line = next(x for x in shown.cost.lines if x.item == f"{app.name} instances")
    assert line.quantity > next(x for x in made.cost.lines if x.item == line.item).quantity
    assert f"| {app.name} | {app.runtime} | 9 | {high} |" in (out / "docs" / "deployment.md").read_text()

    # the count stays the person's in later renders, while what it does not fix follows the load
    edit(design, "    daily_active: 300000\n", "    daily_active: 3000000\n")
    again = cli("render", design)
    assert again.exit_code == 0, again.output
    grown = load_design(design)
    assert grown.deployables[0].scaling.min_instances == 9 and grown.deployables[0].scaling.max_instances > high

    edit(
        design,
        f"    min_instances: 9\n    max_instances: {grown.deployables[0].scaling.max_instances}\n",
        "    min_instances: 9\n    max_instances: 10\n",
    )
    short = cli("render", design)
    assert short.exit_code == 0, short.output
    assert f"{app.name}: scaling.max_instances 10 is below the" in short.stderr
    # the bill counts what the autoscaler may start, not what the load would need
    capped = next(x for x in load_design(design).cost.lines if x.item == f"{app.name} instances")
    assert "instances at peak after 1 year (10) (scaling.max_instances: the load needs more)" in capped.formula


def test_an_unedited_design_renders_exactly_as_it_was_made(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    first = generate(example("shop"), out)
    docs = {p: p.read_bytes() for p in sorted((out / "docs").rglob("*")) if p.is_file()}
    result = rerender(out / "design.yaml")
    assert result.measured is not None and not result.measured.changed
    assert not result.report.changed and first.design == result.design
    assert docs == {p: p.read_bytes() for p in sorted((out / "docs").rglob("*")) if p.is_file()}


def test_the_review_flags_prose_that_names_what_an_edit_replaced(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    edit(design, "  technology: Amazon OpenSearch Service\n", "  technology: Elastic Cloud\n")
    result = rerender(design)
    # a technology archgen has no figures for is taken, and said; a near miss of a known name would be refused
    assert any("'Elastic Cloud' is not in archgen's catalog for cloud 'aws'" in str(w) for w in result.summary.warnings)
    findings = (out / "docs" / "review" / "findings.md").read_text()
    row = "| warning | `CON009` | ADR-003 | names Amazon OpenSearch Service, which no element of the design uses |"
    assert row in findings


def test_the_review_flags_a_store_whose_decision_chose_another_technology(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    # the job table still names the old engine, so only the store's own decision record can tell
    was, now = "Amazon RDS for PostgreSQL", "Amazon RDS for MySQL"
    edit(design, f"  technology: {was}\n  purpose:", f"  technology: {now}\n  purpose:")
    rerender(design)
    findings = (out / "docs" / "review" / "findings.md").read_text()
    row = f"| error | `CON008` | acme-shop-db | runs on {now}, but ADR-002 chose {was} |"
    assert row in findings


def test_an_edit_that_leaves_records_only_in_memory_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "chat"
    generate(ROOT / "tests" / "domains" / "08-team-chat.yaml", out)
    design = out / "design.yaml"
    made = load_design(design)
    memory = next(s for s in made.stores if s.kind == "in-memory")
    index, channel = next((i, e) for i, e in enumerate(made.entities) if e.name == "Channel")
    text = design.read_text()
    start = text.index("- name: Channel\n", text.index("\nentities:\n"))
    at = text.index(f"  store: {channel.store}\n", start)
    design.write_text(text[:at] + f"  store: {memory.name}\n" + text[at + len(f"  store: {channel.store}\n") :])

    result = cli("render", design)
    assert result.exit_code == 2
    line = text[:at].count("\n") + 1
    assert result.stderr.splitlines() == [
        f"error: {design}:{line}: entities[{index}].store: Channel would be kept only in {memory.name} "
        f"({memory.technology}), an in-memory store that is not backed up, so a restart loses it; keep it in a "
        "database and cache it there (caches[].entities)"
    ]


def test_a_maximum_that_follows_the_persons_minimum_stays_archgens_through_a_new(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    app = load_design(design).deployables[0]
    design.write_text(
        design.read_text().replace(f"    min_instances: {app.scaling.min_instances}\n", "    min_instances: 20\n", 1)
    )
    first = rerender(design).measured
    assert first is not None and first.set_by_you == {app.name: {"min_instances": 20}}
    assert load_design(design).deployables[0].scaling.max_instances == 40  # archgen's maximum, following the minimum

    assert generate(example("shop"), out).report.kept == ["design.yaml"]  # the pages show archgen's design now
    again = rerender(design).measured
    assert again is not None and again.set_by_you == {app.name: {"min_instances": 20}}
    assert again.bounds == [f"{app.name} min_instances 20 (archgen's: {app.scaling.min_instances})"]


def test_comments_stay_in_the_file_a_render_rewrites(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    written = edit(
        design, "    daily_active: 300000\n", "    # raised after the marketing plan\n    daily_active: 600000\n"
    )
    result = rerender(design)
    rewritten = design.read_text()
    assert "    # raised after the marketing plan\n    daily_active: 600000\n" in rewritten
    assert load_design(design).capacity.value("traffic.peak_rps.now") > 0  # the recomputed figures are in it too
    assert rewritten != written  # the figures that follow the users changed around the comment
    assert not any("design-as-you-wrote-it" in str(w) for w in result.summary.warnings)
    # and the file as written is kept all the same, in case
    assert (out / ".archgen" / "design-as-you-wrote-it.yaml").read_text() == written
    # a second render with a new comment keeps both
    edit(design, "  cloud: aws\n", "  cloud: aws  # the company's account\n")
    rerender(design)
    assert "# raised after the marketing plan" in design.read_text() and "# the company's account" in design.read_text()


def _store_block(text: str, name: str) -> tuple[int, int]:
    """Where the store `name` starts and ends in a design file's text."""
    start = text.index(f"- name: {name}\n  kind:", text.index("\nstores:\n"))
    end = text.index("\n- name:", start + 1)
    return start, end


def edit_store(design: Path, name: str, old: str, new: str) -> None:
    text = design.read_text()
    start, end = _store_block(text, name)
    block = text[start:end]
    assert old in block, old
    design.write_text(text[:start] + block.replace(old, new, 1) + text[end:])


def test_store_sizes_a_person_sets_drive_the_cost_and_data_pages(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    made = load_design(design)
    store = next(s for s in made.stores if s.kind == "relational")
    assert store.read_replicas == 0 and store.node_class != "large"
    edit_store(design, store.name, "read_replicas: 0\n", "read_replicas: 2\n")
    edit_store(design, store.name, f"node_class: {store.node_class}\n", "node_class: large\n")

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert f"{store.name} read_replicas 2 (archgen's: 0), {store.name} node_class large" in result.stdout
    shown = load_design(design)
    assert shown == load_design(out / ".archgen" / "design.yaml")  # design.yaml and the pages agree
    kept = next(s for s in shown.stores if s.name == store.name)
    assert (kept.read_replicas, kept.node_class) == (2, "large")
    line = next(x for x in shown.cost.lines if x.component == store.name and x.item.endswith("(large)"))
    assert "+ 2 replicas" in line.formula and line.price == "db_node_large_month"
    assert shown.cost.total_usd_per_month > made.cost.total_usd_per_month
    cost_page = (out / "docs" / "cost.md").read_text()
    assert f"| {store.name} nodes (large) |" in cost_page and f"{shown.cost.total_usd_per_month:,.0f}" in cost_page
    data_page = (out / "docs" / "data.md").read_text()
    assert any(
        row.startswith(f"| {store.name} |") and row.endswith("| 2 |")  # its backups are said once, on reliability
        for row in data_page.splitlines()
    )

    # the capacity page shows what the reads need, named as a need, beside the replicas the store has
    assert "| Reads at peak | Read replicas needed |" in (out / "docs" / "capacity.md").read_text()

    # the sizes stay the person's through a later edit of the load
    edit(design, "    daily_active: 300000\n", "    daily_active: 600000\n")
    assert cli("render", design).exit_code == 0
    again = next(s for s in load_design(design).stores if s.name == store.name)
    assert (again.read_replicas, again.node_class) == (2, "large")


def test_a_computed_value_written_by_hand_is_recomputed_and_said_in_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    store = next(s for s in load_design(design).stores if s.kind == "relational")
    edit_store(
        design, store.name, f"write_capacity_per_s: {store.write_capacity_per_s}\n", "write_capacity_per_s: 99\n"
    )

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if "render recomputed what you wrote" in line]
    assert warned == [
        f"warning: {design}: this value is computed from the design and its load, so render recomputed what you "
        f"wrote: stores[{store.name}].write_capacity_per_s 99.0 → {store.write_capacity_per_s} (size a store by its "
        "shards, read_replicas or node_class, a deployable by its min_instances or max_instances)"
    ]
    assert f"1 other computed value (stores[{store.name}].write_capacity_per_s)" in result.stdout
    assert load_design(design) == load_design(out / ".archgen" / "design.yaml")  # no silent disagreement


def test_a_node_class_archgen_cannot_price_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    store = next(s for s in load_design(design).stores if s.kind == "relational")
    edit_store(design, store.name, f"node_class: {store.node_class}\n", "node_class: xlarge\n")
    before = sorted(p.read_bytes() for p in (out / "docs").rglob("*.md"))

    result = cli("render", design)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert (
        "node_class: 'xlarge' is not a node class archgen can price; write one of large, medium, micro, small" in line
    )
    assert sorted(p.read_bytes() for p in (out / "docs").rglob("*.md")) == before


def test_a_maximum_a_person_set_survives_their_later_minimums(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    app = load_design(design).deployables[0]
    low, high = app.scaling.min_instances, app.scaling.max_instances
    bounds = "    min_instances: {}\n    max_instances: {}\n"
    mine = high + 2
    edit(design, bounds.format(low, high), bounds.format(low, mine))
    assert cli("render", design).exit_code == 0
    # a minimum whose own maximum would be exactly the person's, then one whose maximum would be larger
    for minimum in (mine // 2, mine - 1):
        text = design.read_text()
        current = load_design(design).deployables[0].scaling.min_instances
        design.write_text(text.replace(bounds.format(current, mine), bounds.format(minimum, mine), 1))
        result = cli("render", design)
        assert result.exit_code == 0, result.output
        scaling = load_design(design).deployables[0].scaling
        assert (scaling.min_instances, scaling.max_instances) == (minimum, mine)
        assert f"| {app.name} | {app.runtime} | {minimum} | {mine} |" in (out / "docs" / "deployment.md").read_text()

    design.write_text(design.read_text().replace(bounds.format(mine - 1, mine), bounds.format(mine + 1, mine), 1))
    conflict = cli("render", design)
    assert conflict.exit_code == 2
    (line,) = conflict.stderr.splitlines()
    assert line.endswith(
        f"max_instances: {mine} is below min_instances {mine + 1}; raise max_instances or lower min_instances"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    daily_active: 300000\n", "    daily_active: 600000  # raised after the marketing plan\n"),
        ("    daily_active: 300000\n", "    # raised after the marketing plan\n    daily_active: 600000\n"),
    ],
    ids=["end-of-line", "whole-line"],
)
def test_any_comment_stays_through_a_rewrite(cli, tmp_path: Path, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    edit(design, old, new)
    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert new in design.read_text()
    assert "design-as-you-wrote-it" not in result.stderr


def test_a_hash_inside_a_value_is_no_comment(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    edit(design, "    daily_active: 300000\n", "    daily_active: 600000\n")
    store = next(s for s in load_design(design).stores if s.kind == "relational")
    edit_store(design, store.name, f"  purpose: {store.purpose}\n", "  purpose: 'orders, issue #12 and C# clients'\n")
    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert "design-as-you-wrote-it" not in result.stderr
    assert not (out / ".archgen" / "design-as-you-wrote-it.yaml").exists()


def test_every_page_quotes_the_recomputed_cost_after_an_edit(cli, write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = example("shop").read_text()
    tight = write_yaml(text.replace("budget_usd_per_month: 30_000", "budget_usd_per_month: 3_000"), "tight.yaml")
    out = tmp_path / "shop"
    made = generate(tight, out).design
    assert made is not None and made.cost.total_usd_per_month > 3_000  # the budget risk and question quote it
    old = f"${made.cost.total_usd_per_month:,.0f}"
    pages = [p for p in (out / "docs").rglob("*.md") if old in p.read_text()]
    assert any("risks" in p.name for p in pages) and any("questions" in p.name for p in pages)
    design = out / "design.yaml"
    edit(design, "    daily_active: 300000\n", "    daily_active: 600000\n")

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    now = load_design(design).cost.total_usd_per_month
    assert now != made.cost.total_usd_per_month
    stale = [
        p.relative_to(out).as_posix()
        for p in (out / "docs").rglob("*.md")
        if old in p.read_text() and p.name != "changes.md"  # the page of changes quotes the old cost as the old one
    ]
    assert stale == []
    assert f"${now:,.0f} a month" in (out / "docs" / "review" / "risks.md").read_text()
    assert f"about ${now:,.0f} a month" in (out / "docs" / "review" / "questions.md").read_text()


def _merged(design: Path, gone: str, into: str) -> None:
    """Fold one service into another as a person would by hand: its entities, operations and every reference to it
    move, and the prose is left as it was."""
    data = yaml.safe_load(design.read_text())
    services = {s["name"]: s for s in data["services"]}
    services[into]["entities"] += services[gone]["entities"]
    services[into]["endpoints"] += services[gone]["endpoints"]
    data["services"] = [s for s in data["services"] if s["name"] != gone]
    for part in ("services", "deployables", "stores", "entities", "caches", "channels"):
        for item in data[part]:
            for key in ("depends_on", "services"):
                if key in item:
                    moved = [into if x == gone else x for x in item[key]]
                    item[key] = list(dict.fromkeys(x for x in moved if x != item["name"]))
            if item.get("owner") == gone:
                item["owner"] = into
    for integration in data["integrations"]:
        integration["used_by"] = list(dict.fromkeys(into if x == gone else x for x in integration["used_by"]))
    for job in data["jobs"]:
        job["service"] = into if job["service"] == gone else job["service"]
    for event in data["events"]:
        event["producer"] = into if event["producer"] == gone else event["producer"]
        event["consumers"] = list(dict.fromkeys(into if x == gone else x for x in event["consumers"]))
    design.write_text(yamlio.dump(data))


def test_text_that_still_names_a_removed_service_is_found(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    _merged(design, "catalog", "ordering")

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    findings = (out / "docs" / "review" / "findings.md").read_text()
    assert "the architecture text still names catalog, which an earlier version had" in findings
    assert "the observability text still names catalog" in findings
    # said where the person looks, with the line, by render and by review alike
    assert "architecture.summary: the architecture text still names catalog" in result.stderr
    assert "(CON010;" in result.stderr
    reviewed = cli("review", example("shop"), design)
    assert reviewed.exit_code == 1, reviewed.output  # the flows still go through catalog (FLOW013)
    assert "CON010" in reviewed.stdout and "still names catalog" in reviewed.stdout
    # and it stays said through later renders until the text is changed, not only while the changes page shows it
    edit(design, "purpose: a short-lived copy per pull request", "purpose: a short-lived copy for each pull request")
    again = cli("render", design)
    assert "architecture.summary: the architecture text still names catalog" in again.stderr
    assert "still names catalog" in (out / "docs" / "review" / "findings.md").read_text()


def test_new_counts_the_assumptions_the_site_lists(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    result = cli("new", "-r", example("shop"), "-o", out)
    assert result.exit_code == 0, result.output
    listed = load_design(out / "design.yaml").assumptions  # what the requirements page lists
    assert f"  {len(listed)} assumptions (listed on the site's requirements page):" in result.stdout
    shown = [a for a in listed if f"    {a.key} = {a.value} ({a.reason})" in result.stdout]
    assert shown == listed[:10] and f"    and {len(listed) - 10} more, on that page" in result.stdout


def test_a_render_changes_only_the_lines_whose_values_changed_and_says_which_commented_value_it_recomputed(
    tmp_path: Path,
) -> None:
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    store = next(s for s in load_design(design).stores if s.size_bytes_3y)
    size = yamlio.dump({"size_bytes_3y": store.size_bytes_3y}).strip()
    text = design.read_text()
    start = text.index(f"- name: {store.name}\n", text.index("\nstores:\n"))
    at = text.index(size, start)
    edited = (
        "# our notes on the shop\n"
        + text[:at].replace("    daily_active: 300000\n", "    daily_active: 400000  # after the campaign\n")
        + "# sized by hand\n  size_bytes_3y: 50000000000  # we think 50 GB"
        + text[at + len(size) :]
    )
    design.write_text(edited)
    rerender(design)
    rewritten = design.read_text()
    # the file is in archgen's own layout, comments apart: a long text wrapped as archgen wraps it stays as it was
    uncommented = re.sub(r"  # [^\n]*|\n *# (our notes|sized)[^\n]*", "", "\n" + rewritten.split("\n", 2)[2])
    assert HEADER + uncommented.lstrip("\n") == dump_design(load_design(design))
    assert "# our notes on the shop\n" in rewritten and "    daily_active: 400000  # after the campaign\n" in rewritten
    recomputed = yamlio.dump({"size_bytes_3y": load_design(design).stores[0].size_bytes_3y}).strip()
    said = "# we think 50 GB (archgen recomputed this value; you wrote 50000000000)"
    assert f"  # sized by hand\n  {recomputed}  {said}" in rewritten


def test_a_database_moved_to_another_engine_takes_its_job_table_along(tmp_path: Path) -> None:
    out = tmp_path / "expenses"
    generate(example("expenses"), out)
    design = out / "design.yaml"
    was = next(s for s in load_design(design).stores if s.kind == "relational").technology
    edit(design, f"technology: {was}\n", "technology: Azure SQL Database\n")
    result = rerender(design)
    queue = next(c for c in load_design(design).channels if "job table" in c.technology)
    assert queue.technology.startswith("Azure SQL Database job table") and was not in queue.technology
    assert not any(line.startswith("CON024") for line in result.summary.review_error_lines)
    assert "Azure SQL Database job table" in (out / "docs" / "events.md").read_text()


def test_fewer_instances_than_zones_are_said_to_lose_more_with_a_zone(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    design = out / "design.yaml"
    app = load_design(design).deployables[0]
    low, high = app.scaling.min_instances, app.scaling.max_instances
    assert low == 3
    edit(
        design,
        f"    min_instances: {low}\n    max_instances: {high}\n",
        f"    min_instances: 2\n    max_instances: {high}\n",
    )
    result = cli("render", design)
    assert result.exit_code == 0, result.output
    zone = next(m for m in load_design(design).reliability.failure_modes if m.kind == "zone")
    assert "capacity drops by half" in zone.degraded  # two instances in three zones: the zone with one takes half
    assert "CLM015" not in result.stdout
