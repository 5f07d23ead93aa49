"""The strict build catches what a reader would trip over: links to missing pages or anchors, absolute links,
and pages left out of the navigation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archgen.common.errors import BuildError
from archgen.pipeline import generate
from archgen.site.build import build_site
from tests.conftest import example

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    generate(example("minimal"), out)
    return out


@pytest.mark.parametrize(
    ("edit", "complaint"),
    [
        ("[capacity](capacity.md#no-such-section)", "'#no-such-section'"),
        ("[capacity](nowhere.md)", "'nowhere.md'"),
        ("[home](/index.md)", "absolute link '/index.md'"),
        ("[capacity](capacity)", "unrecognized relative link 'capacity'"),
    ],
)
def test_a_broken_link_fails_the_build(generated: Path, tmp_path: Path, edit: str, complaint: str) -> None:
    out = shutil.copytree(generated, tmp_path / "out")
    page = out / "docs" / "cost.md"
    page.write_text(page.read_text() + f"\nSee {edit}.\n")
    with pytest.raises(BuildError) as failure:
        build_site(out)
    assert any(complaint in line and "cost.md" in line for line in failure.value.problems), failure.value.problems


def test_a_page_missing_from_the_navigation_fails_the_build(generated: Path, tmp_path: Path) -> None:
    out = shutil.copytree(generated, tmp_path / "out")
    (out / "docs" / "notes.md").write_text("# Notes\n")
    with pytest.raises(BuildError) as failure:
        build_site(out)
    assert any("notes.md" in line and 'not included in the "nav"' in line for line in failure.value.problems)


def test_the_generated_site_builds(generated: Path, tmp_path: Path) -> None:
    out = shutil.copytree(generated, tmp_path / "out")
    assert (build_site(out) / "index.html").is_file()


def test_the_built_site_is_as_readable_as_the_folders_the_user_makes(generated: Path, tmp_path: Path) -> None:
    # `rsync -a site/ host:/var/www/` carries the mode along: a private site/ is a 403 for the web server
    out = shutil.copytree(generated, tmp_path / "out")
    site = build_site(out)
    (tmp_path / "theirs").mkdir()
    assert site.stat().st_mode & 0o777 == (tmp_path / "theirs").stat().st_mode & 0o777


def test_a_deleted_diagram_fails_the_build_until_render_puts_it_back(generated: Path, tmp_path: Path) -> None:
    from archgen.pipeline import rerender

    out = shutil.copytree(generated, tmp_path / "out")
    (out / "docs" / "images" / "er.svg").unlink()
    with pytest.raises(BuildError) as failure:
        build_site(out)
    assert failure.value.problems == [
        f"{out}: docs/images/er.svg is missing (deleted after archgen wrote it); regenerate with "
        f"`archgen render {out / 'design.yaml'}`, then build"
    ]
    assert rerender(out / "design.yaml").report.created == ["docs/images/er.svg"]
    assert (build_site(out) / "images" / "er.svg").is_file()
