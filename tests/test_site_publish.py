"""`archgen publish`: the built site becomes the content of a branch on a remote (here a local bare repository),
and the user's working tree, index and current branch stay exactly as they were."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from archgen.pipeline import generate
from tests.conftest import example

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its output."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@dataclass
class Project:
    """A repository with one commit on main, a generated design folder in it, and a bare repository as origin."""

    work: Path
    design: Path
    remote: Path

    def state(self) -> tuple[str, str, str, str]:
        """What the user would notice changing: current branch and commit, index, and working tree status."""
        return (
            git(self.work, "symbolic-ref", "HEAD"),
            git(self.work, "rev-parse", "HEAD"),
            git(self.work, "ls-files", "--stage"),
            git(self.work, "status", "--porcelain", "--untracked-files=all"),
        )

    def clone(self, branch: str, into: Path) -> dict[str, bytes]:
        """The files of `branch` on the remote, as a fresh clone sees them."""
        git(into.parent, "clone", "--quiet", "--branch", branch, str(self.remote), str(into))
        return {
            str(p.relative_to(into)): p.read_bytes() for p in into.rglob("*") if p.is_file() and ".git" not in p.parts
        }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    # git sees only this test's configuration: no user or system settings
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Ada Architect")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "ada@example.com")
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(tmp_path, "init", "--quiet", "--initial-branch", "main", str(work))
    (work / "README.md").write_text("notes\n")
    git(work, "add", "README.md")
    git(work, "commit", "--quiet", "-m", "start")
    git(work, "remote", "add", "origin", str(remote))
    design = work / "design"
    generate(example("minimal"), design)
    (work / "README.md").write_text("notes, edited and not committed\n")  # a dirty tree must stay dirty
    return Project(work, design, remote)


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_publish_pushes_the_built_site_and_leaves_the_working_tree_alone(cli, project: Project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = project.state()
    result = cli("publish", project.design)
    assert result.exit_code == 0, result.output
    head = git(project.remote, "rev-parse", "gh-pages")
    assert result.stdout.strip() == f"published {project.design / 'site'} to gh-pages on origin (commit {head[:12]})"
    assert project.state() == before
    assert git(project.work, "branch", "--list", "gh-pages") == ""  # no local branch appears either

    published = project.clone("gh-pages", tmp_path / "clone")
    assert published == {**site_files(project.design / "site"), ".nojekyll": b""}
    message = git(project.remote, "log", "-1", "--format=%s", "gh-pages")
    version = re.fullmatch(r"Publish the design site of Minimal \(design ([0-9a-f]{12})\)", message)
    assert version, message
    assert f"design {version[1]}" in published["index.html"].decode()  # the version the site's footer names


def test_publishing_an_unchanged_site_pushes_nothing_and_a_changed_one_adds_a_commit(
    cli, project: Project, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    assert cli("publish", project.design).exit_code == 0
    first = git(project.remote, "rev-parse", "gh-pages")
    again = cli("publish", project.design)
    assert again.exit_code == 0
    assert again.stdout.strip() == f"gh-pages on origin already holds this site (commit {first[:12]}); nothing pushed"
    assert git(project.remote, "rev-parse", "gh-pages") == first

    design_file = project.design / "design.yaml"
    design_file.write_text(design_file.read_text().replace("The smallest questionnaire archgen accepts.", "Edited."))
    assert cli("render", design_file).exit_code == 0
    assert cli("publish", project.design).exit_code == 0
    assert git(project.remote, "rev-parse", "gh-pages^") == first
    assert "Edited." in project.clone("gh-pages", tmp_path / "clone")["index.html"].decode()


def test_remote_branch_and_message_can_be_chosen(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    result = cli("publish", project.design, "--remote", project.remote, "--branch", "docs", "--message", "Design v2")
    assert result.exit_code == 0, result.output
    assert git(project.remote, "log", "-1", "--format=%s", "docs") == "Design v2"
    assert git(project.remote, "branch", "--list", "gh-pages") == ""


def test_a_folder_outside_git_is_refused_in_one_line(cli, project: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    generate(example("minimal"), outside)
    result = cli("publish", outside)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {outside}: not inside a git repository; publishing pushes a branch of one "
        "(create it with `git init` and `git remote add origin URL`)"
    )
    assert not (outside / "site").exists()  # refused before building anything


def test_an_unknown_remote_is_refused_in_one_line(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    result = cli("publish", project.design, "--remote", "upstream")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: upstream: no such git remote; add it with `git remote add upstream URL` or pass --remote a URL or path"
    )


def test_a_rejected_push_says_why_and_publishes_nothing(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    hook = project.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the pages are frozen until the review' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = project.state()
    result = cli("publish", project.design)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: origin: the push to gh-pages was rejected: remote: the pages are frozen until the review"
    )
    assert git(project.remote, "branch", "--list", "gh-pages") == ""
    assert project.state() == before


def test_an_unknown_committer_is_told_how_to_configure_git(cli, project: Project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{role}_NAME")
        monkeypatch.delenv(f"GIT_{role}_EMAIL")
    git(project.work, "config", "user.useConfigOnly", "true")  # no guessing from the host name
    result = cli("publish", project.design)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: git does not know who is committing; set it with "
        '`git config user.name "Your Name"` and `git config user.email you@example.com`'
    )
    assert not (project.design / "site").exists()  # refused before building anything


def grown(project: Project) -> Path:
    """The project's questionnaire with more users, so every page archgen makes for it changes."""
    path = project.work.parent / "grown.yaml"
    path.write_text(example("minimal").read_text().replace("daily_active: 100\n", "daily_active: 5000\n"))
    return path


def test_a_stale_edited_page_stops_the_publish_unless_allowed(cli, project: Project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = project.design / "docs" / "index.md"
    index.write_text(index.read_text() + "\nAgreed on Monday: launch in Europe first.\n")
    assert cli("new", "-r", grown(project), "-o", project.design).exit_code == 0
    assert (project.design / "docs" / "index.md.new").is_file()

    refused = cli("publish", project.design)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: {index}: your edited page is stale: the design changed since (archgen's version is "
        "docs/index.md.new); merge what you need and delete the .new file, or pass --allow-stale\n"
    )
    assert git(project.remote, "branch", "--list", "gh-pages") == ""

    allowed = cli("publish", project.design, "--allow-stale")
    assert allowed.exit_code == 0, allowed.output
    published = project.clone("gh-pages", tmp_path / "clone")
    assert "Agreed on Monday" in published["index.html"].decode()
    assert [name for name in published if name.endswith(".new")] == []  # only the site, never an offered page


def test_deleting_the_new_version_marks_the_edit_current(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    index = project.design / "docs" / "index.md"
    index.write_text(index.read_text() + "\nAgreed on Monday: launch in Europe first.\n")
    assert cli("new", "-r", grown(project), "-o", project.design).exit_code == 0
    (project.design / "docs" / "index.md.new").unlink()  # taken what was wanted from it
    assert cli("publish", project.design).exit_code == 0
    # the next run offers archgen's version again, but the edit started from it: not stale
    assert cli("new", "-r", grown(project), "-o", project.design).exit_code == 0
    assert (project.design / "docs" / "index.md.new").is_file()
    assert cli("publish", project.design).exit_code == 0


def test_an_edited_design_the_pages_do_not_show_stops_the_publish(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    design = project.design / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    assert cli("new", "-r", grown(project), "-o", project.design).exit_code == 0  # the pages show archgen's design
    refused = cli("publish", project.design)
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"error: {design}: holds your edits, but the pages show archgen's newer design")
    assert cli("render", design).exit_code == 0  # the pages show the edited design again
    assert cli("publish", project.design).exit_code == 0


def test_a_design_edited_after_the_pages_were_written_stops_the_publish(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    design = project.design / "design.yaml"
    design.write_text(design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 2"))
    refused = cli("publish", project.design)  # no render since the edit: the pages show the design before it
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: {design}: edited since the pages were written, so they do not show it; run `archgen render "
        f"{design}` first, or pass --allow-stale\n"
    )
    assert cli("publish", project.design, "--allow-stale").exit_code == 0
    assert cli("render", design).exit_code == 0
    assert cli("publish", project.design).exit_code == 0


def test_comments_added_to_the_design_do_not_stop_the_publish(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    design = project.design / "design.yaml"
    design.write_text(
        "# reviewed on Tuesday\n" + design.read_text().replace("  zones_per_region: 3", "  zones_per_region: 3  # ops")
    )
    assert cli("render", design).exit_code == 0
    # the pages show what the design says: comments are the person's own and change nothing the site shows
    published = cli("publish", project.design)
    assert published.exit_code == 0, published.stderr
    assert "# ops" in design.read_text()


def test_an_offered_page_is_left_out_of_the_built_site(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    index = project.design / "docs" / "index.md"
    index.write_text(index.read_text() + "\nMine.\n")
    assert cli("new", "-r", grown(project), "-o", project.design, "--build").exit_code == 0
    assert (project.design / "docs" / "index.md.new").is_file()
    assert [p.name for p in (project.design / "site").rglob("*.new")] == []


def test_the_design_folder_commits_its_sources_and_not_its_built_site(cli, project: Project) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", project.design).exit_code == 0
    git(project.work, "add", "--all", "design")
    staged = git(project.work, "diff", "--cached", "--name-only").splitlines()
    # the design, its pages and archgen's record of what it wrote travel with the repository; the built site and
    # a run's lock do not
    assert {"design/design.yaml", "design/mkdocs.yml", "design/.gitignore", "design/.archgen/manifest.json"} <= set(
        staged
    )
    assert any(name.startswith("design/docs/") for name in staged)
    assert not [name for name in staged if name.startswith("design/site/") or name.endswith("/lock")]
