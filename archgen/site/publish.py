"""Publish a design site: build it strictly, commit `site/` as the whole tree of a branch, and push that branch.

Only git plumbing is used, with a private index file, so the user's working tree, index and current branch are
never touched; the only local traces are the new objects and FETCH_HEAD. Publishing an unchanged site pushes
nothing. Only the built site is published, never a `.new` file archgen offered beside an edited page, and a folder
whose edited pages lag behind its design is not published unless the user says so (`allow_stale`).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archgen.common.errors import ArchgenError, InputError, Interrupted, PublishError

# GitHub Pages runs Jekyll unless this file exists, and Jekyll would hide files whose names start with "_".
NO_JEKYLL = ".nojekyll"


@dataclass(frozen=True)
class Published:
    """What a publish did: the commit the branch now points at, and whether it is new."""

    remote: str
    branch: str
    commit: str
    pushed: bool


def publish_site(
    folder: Path, remote: str = "origin", branch: str = "gh-pages", message: str = "", allow_stale: bool = False
) -> Published:
    """`archgen publish`: build the site in `folder` and push it as the content of `branch` on `remote`."""
    from archgen.site.build import build_site, config_file

    config_file(folder)  # a folder without a site fails before git is asked anything
    if not allow_stale:
        _check_current(folder)
    git = _Git(_git_dir(folder))
    target = _remote_target(git, remote)
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        git("var", ident)  # git can commit: fail before the build, not after it
    try:
        site = build_site(folder)
    except Interrupted as exc:
        raise Interrupted(f"nothing was pushed; {exc.problems[0]}") from None
    try:
        parent = _branch_tip(git, target, remote, branch)
        tree = _site_tree(git, site)
        if parent is not None and git("rev-parse", f"{parent}^{{tree}}") == tree:
            return Published(remote, branch, parent, pushed=False)
        commit = git(
            "commit-tree", tree, *(("-p", parent) if parent else ()), "-m", message or _default_message(folder)
        )
    except KeyboardInterrupt:
        raise Interrupted(f"nothing was pushed; {site} holds the new build") from None
    try:
        pushed = git.run("push", "--quiet", target, f"{commit}:refs/heads/{branch}")
    except KeyboardInterrupt:
        raise Interrupted(
            f"stopped during the push: {branch} on {remote} may or may not hold the new site yet; run "
            f"`archgen publish {folder}` again (it pushes nothing when {branch} already holds this site)"
        ) from None
    if pushed.returncode != 0:
        raise PublishError(f"{remote}: the push to {branch} was rejected: {_reason(pushed.stderr)}")
    return Published(remote, branch, commit, pushed=True)


def _check_current(folder: Path) -> None:
    """Refuse, in one line, a folder whose pages or design file lag behind the design its site shows."""
    from archgen.write.history import LAST
    from archgen.write.writer import STATE_DIR, offered

    for offer in offered(folder):
        if offer.name == "design.yaml":
            raise InputError(
                f"{folder / offer.name}: holds your edits, but the pages show archgen's newer design (in "
                f"{offer.name}.new); run `archgen render {folder / offer.name}` to publish yours, `archgen new "
                "--force` to take archgen's, or pass --allow-stale"
            )
        if offer.stale:
            raise InputError(
                f"{folder / offer.name}: your edited page is stale: the design changed since (archgen's version is "
                f"{offer.name}.new); merge what you need and delete the .new file, or pass --allow-stale"
            )
    design, shown = folder / "design.yaml", folder / STATE_DIR / LAST
    if design.is_file() and shown.is_file() and not _same_design(design, shown):
        raise InputError(
            f"{design}: edited since the pages were written, so they do not show it; run `archgen render {design}` "
            "first, or pass --allow-stale"
        )


def _same_design(design: Path, shown: Path) -> bool:
    """Whether the design file says what the pages show: comments and layout a person added change nothing."""
    from archgen.common import yamlio

    if design.read_bytes() == shown.read_bytes():
        return True
    try:
        limits = (yamlio.DESIGN_FILE_BYTES, yamlio.DESIGN_NODES)
        return bool(yamlio.load(design, "design", *limits).data == yamlio.load(shown, "design", *limits).data)
    except ArchgenError:  # a design file that no longer parses is not what the pages show
        return False


class _Git:
    """Runs git against one repository, in the C locale so its messages can be recognised."""

    def __init__(self, git_dir: str, env: dict[str, str] | None = None) -> None:
        self.git_dir = git_dir
        self.env = {**os.environ, "LC_ALL": "C", **(env or {})}

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a git command and return its result, whatever the exit code."""
        return _run(["git", "-c", "core.autocrlf=false", "--git-dir", self.git_dir, *args], env=self.env)

    def __call__(self, *args: str) -> str:
        """Run a git command that must succeed; return its output."""
        result = self.run(*args)
        if result.returncode != 0:
            if "Please tell me who you are" in result.stderr or "empty ident" in result.stderr:
                raise InputError(
                    "git does not know who is committing; set it with "
                    '`git config user.name "Your Name"` and `git config user.email you@example.com`'
                )
            raise PublishError(f"git {args[0]} failed: {_reason(result.stderr)}")
        return result.stdout.strip()


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        # no stdin: git must not wait for input (hash-object --stdin reads the empty blob from it)
        return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("git: command not found; install git to publish the site") from None


def _git_dir(folder: Path) -> str:
    """The git directory of the repository that holds `folder`."""
    found = _run(["git", "-C", str(folder), "rev-parse", "--absolute-git-dir"], env={**os.environ, "LC_ALL": "C"})
    if found.returncode != 0:
        raise InputError(
            f"{folder}: not inside a git repository; publishing pushes a branch of one "
            "(create it with `git init` and `git remote add origin URL`)"
        )
    return found.stdout.strip()


def _remote_target(git: _Git, remote: str) -> str:
    """What to fetch from and push to: a configured remote's name, or a URL or path given as is."""
    if git.run("remote", "get-url", remote).returncode == 0:
        return remote
    if any(mark in remote for mark in "/:\\"):  # a URL, scp-like address or path: git will say if it is wrong
        return remote
    raise InputError(
        f"{remote}: no such git remote; add it with `git remote add {remote} URL` or pass --remote a URL or path"
    )


def _branch_tip(git: _Git, target: str, remote: str, branch: str) -> str | None:
    """The commit `branch` points at on the remote (fetched, so it can be the parent), or None when it is new."""
    fetched = git.run("fetch", "--quiet", "--no-tags", target, f"refs/heads/{branch}")
    if fetched.returncode == 0:
        return git("rev-parse", "--verify", "FETCH_HEAD^{commit}")
    if "couldn't find remote ref" in fetched.stderr:
        return None
    raise PublishError(f"{remote}: cannot fetch {branch}: {_reason(fetched.stderr)}")


def _site_tree(git: _Git, site: Path) -> str:
    """Store every file of `site` (and .nojekyll) in the repository; return the tree that holds them."""
    with tempfile.TemporaryDirectory(prefix="archgen-publish-") as scratch:
        private = _Git(
            git.git_dir, {"GIT_INDEX_FILE": str(Path(scratch) / "index"), "GIT_WORK_TREE": str(site.absolute())}
        )
        # --force: the user's ignore rules are about their sources, not about the built site; never a `.new`
        # archgen offered beside an edited page, whatever copied it into the site
        private("add", "--all", "--force", "--", ":/", ":(exclude,glob)**/*.new")
        empty = private("hash-object", "-w", "--stdin")
        private("update-index", "--add", "--cacheinfo", f"100644,{empty},{NO_JEKYLL}")
        return private("write-tree")


def _default_message(folder: Path) -> str:
    """A commit message naming the system and the design version shown in the site's footer: the design the pages
    were rendered from, which archgen records beside them (re-measured, when design.yaml was edited)."""
    from archgen.design.files import dump_design, fingerprint, load_design
    from archgen.write.writer import STATE_DIR

    rendered = folder / STATE_DIR / "design.yaml"
    design = load_design(rendered if rendered.is_file() else folder / "design.yaml")
    return f"Publish the design site of {design.system.name} (design {fingerprint(dump_design(design))})"


def _reason(stderr: str) -> str:
    """The one line of git's output that says why it failed."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("remote: ") or "[rejected]" in line or "[remote rejected]" in line:
            return line
    return lines[0].removeprefix("fatal: ").removeprefix("error: ") if lines else "no details from git"
