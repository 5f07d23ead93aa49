"""Regenerating into a folder that already holds a design: a changes page, notes and hand edits kept."""

from __future__ import annotations

from pathlib import Path

from archgen.pipeline import generate, rerender
from tests.conftest import example

CHANGES = Path("docs/review/changes.md")


def grown_shop(write_yaml) -> Path:  # type: ignore[no-untyped-def]
    text = example("shop").read_text().replace("daily_active: 300_000", "daily_active: 450_000")
    return write_yaml(text, "grown.yaml")  # type: ignore[no-any-return]


def test_a_new_design_into_an_existing_folder_adds_a_changes_page(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    assert not (out / CHANGES).exists()
    assert "review/changes.md" not in (out / "mkdocs.yml").read_text()
    generate(grown_shop(write_yaml), out)
    page = (out / CHANGES).read_text()
    assert page.startswith("# Changes since the previous version\n")
    assert "- `users.daily_active`: 300,000 → 450,000" in page
    assert "| Peak inbound rate now | 417 req/s | 625 req/s | +50 % |" in page
    assert "Changes since the previous version: review/changes.md" in (out / "mkdocs.yml").read_text()
    assert "[changes](changes.md)" in (out / "docs/review/index.md").read_text()
    # the same design again changes nothing, and the page still says what changed last time
    again = generate(grown_shop(write_yaml), out)
    assert not again.report.changed
    assert (out / CHANGES).read_text() == page


def test_rendering_a_hand_edited_design_in_place_shows_the_edit(tmp_path: Path) -> None:
    out = tmp_path / "minimal"
    generate(example("minimal"), out)
    design = out / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    result = rerender(design)
    assert result.report.updated and "docs/review/changes.md" in result.report.created
    assert "`zones_per_region`: 3 → 2" in (out / CHANGES).read_text()


def test_notes_survive_and_hand_edits_are_kept_beside_the_new_version(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "shop"
    generate(example("shop"), out)
    capacity, index = out / "docs/capacity.md", out / "docs/index.md"
    end = "<!-- archgen:notes:end -->"
    capacity.write_text(capacity.read_text().replace(end, "We measured 350 req/s at peak in March.\n" + end))
    edited_index = index.read_text().replace("## Key figures", "## Key figures (as agreed on Monday)")
    index.write_text(edited_index)
    mine = out / "docs/meeting-minutes.md"
    mine.write_text("# Minutes\n")
    result = generate(grown_shop(write_yaml), out)
    assert "docs/capacity.md" in result.report.updated
    assert "625 req/s" in capacity.read_text()
    assert "We measured 350 req/s at peak in March.\n" + end in capacity.read_text()
    assert result.report.kept == ["docs/index.md"] and index.read_text() == edited_index
    assert "625 req/s" in (out / "docs/index.md.new").read_text()
    assert mine.read_text() == "# Minutes\n"


def test_an_unusable_previous_design_skips_the_page_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "minimal"
    out.mkdir()
    (out / "design.yaml").write_text("format_version: 7\n")
    result = generate(example("minimal"), out)
    assert not (out / CHANGES).exists()
    assert any("no changes page: the previous design is unusable" in w for w in result.summary.warnings)
    assert result.report.kept == ["design.yaml"]  # and the file that was there is kept, not overwritten
