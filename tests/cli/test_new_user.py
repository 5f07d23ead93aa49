"""What a new user met trying archgen on a system of their own: leftovers after --force, hand-set sizes named in
the summary, findings printed once, commands whose help shows whole."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import example

STREETLIGHT = Path(__file__).with_name("streetlight.yaml")


def test_new_force_removes_the_design_offered_before(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "minimal"
    assert cli("new", "-r", example("minimal"), "-o", out).exit_code == 0
    design = out / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    grown = tmp_path / "grown.yaml"
    grown.write_text(example("minimal").read_text().replace("daily_active: 100\n", "daily_active: 5000\n"))
    assert cli("new", "-r", grown, "-o", out).exit_code == 0
    assert cli("render", design).exit_code == 0  # the offer is handed over: left to read, no longer tracked
    assert (out / "design.yaml.new").is_file()

    forced = cli("new", "-r", grown, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert not (out / "design.yaml.new").exists()  # archgen's design taken: its old offer goes
    assert "daily_active: 5000" in design.read_text()


def test_render_names_the_sizes_set_by_hand(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from archgen.design.files import load_design
    from archgen.pipeline import generate

    out = tmp_path / "streetlight"
    generate(STREETLIGHT, out)
    design = out / "design.yaml"
    app = load_design(design).deployables[0]
    low, high = app.scaling.min_instances, app.scaling.max_instances
    assert low > 2 and high > 5  # both below archgen's (a maximum of twice the minimum would read as derived)
    text = design.read_text()
    was = f"    min_instances: {low}\n    max_instances: {high}\n"
    assert was in text
    design.write_text(text.replace(was, "    min_instances: 2\n    max_instances: 5\n", 1))

    result = cli("render", design)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "kept the sizes you set" in x)
    assert f"{app.name} min_instances 2 (archgen's: {low})" in line, line
    assert f"{app.name} max_instances 5 (archgen's: {high})" in line, line


def test_review_prints_a_finding_once(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from archgen.pipeline import generate

    out = tmp_path / "minimal"
    generate(example("minimal"), out)
    design = out / "design.yaml"
    text = design.read_text()
    assert "  stores:\n  - minimal-db\n" in text
    design.write_text(
        text.replace("  stores:\n  - minimal-db\n", "  stores:\n  - minimal-db\n  - ghost\n  - ghost\n", 1)
    )
    result = cli("review", example("minimal"), design)
    assert result.exit_code == 1, result.output
    lines = [x for x in result.stdout.splitlines() if "refers to the store 'ghost'" in x]
    assert len(lines) == 1, result.stdout  # the same line, rule and message, printed once
