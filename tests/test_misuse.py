"""Every way a new user is likely to misuse the command line ends in one line that says what to do, a documented
exit code and no traceback: usage mistakes, missing and wrong files, a design and a questionnaire mixed up,
folders archgen cannot write, a busy port.

The cases run `archgen.cli.run`, the entry point of the console script, in this process: an exception escaping it
is the traceback a user would see, and fails the case.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from archgen.cli import run
from archgen.pipeline import generate
from tests.conftest import MINIMAL, example

EXIT_CODES = {1, 2}  # documented: 1 review errors, failed builds, designs or pushes; 2 bad input or usage


@dataclass(frozen=True)
class Paths:
    """Files and folders the cases point the commands at."""

    root: Path
    req: Path  # a valid questionnaire
    site: Path  # a generated design folder (no git repository around it)
    design: Path  # its design.yaml
    empty: Path  # an empty file
    binary: Path  # bytes that are not text
    folder: Path  # an empty folder
    future: Path  # a design file from a newer archgen
    broken_site: Path  # a generated folder whose mkdocs.yml does not build
    bad_prices: Path  # a price table with an unknown price
    typo: Path  # a design whose first store names a technology with a typo
    holed: Path  # a generated folder whose context diagram was deleted
    inverted: Path  # a design whose first deployable's minimum is above its maximum
    cut_short: Path  # a design whose first store names a known technology cut short and mistyped
    worded: Path  # a questionnaire with a number written as a word
    colonless: Path  # a questionnaire with a key that lost its colon

    nothing = ""  # an empty argument, as an unset shell variable gives

    def __getitem__(self, key: str) -> str:
        return str(getattr(self, key))


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = tmp_path_factory.mktemp("misuse")
    req = root / "requirements.yaml"
    req.write_text(MINIMAL.lstrip())
    site = root / "site"
    generate(example("minimal"), site)
    (root / "empty.yaml").write_bytes(b"")
    (root / "binary.yaml").write_bytes(bytes(range(256)))
    (root / "folder").mkdir()
    (root / "mapping.yaml").write_text("{}\n")
    (root / "page.html").write_text("<!doctype html>\n<html><body><p>a: b</p></body></html>\n")
    future = root / "future.yaml"
    future.write_text("format_version: 99\n")
    broken = root / "broken"
    shutil.copytree(site, broken)
    (broken / "mkdocs.yml").write_text((broken / "mkdocs.yml").read_text().replace("nav:", "nav:\n  - Gone: gone.md"))
    prices = root / "prices.yaml"
    prices.write_text("prices:\n  unicorn_month: {usd: 1, per: unicorn}\n")
    typo = root / "typo" / "design.yaml"
    typo.parent.mkdir()
    text = (site / "design.yaml").read_text()
    typo.write_text(text.replace("technology: PostgreSQL (managed)", "technology: PostgreSQL (manged)", 1))
    cut_short = root / "cut_short" / "design.yaml"
    cut_short.parent.mkdir()
    cut_short.write_text(text.replace("technology: PostgreSQL (managed)", "technology: TimescalDB", 1))
    holed = root / "holed"
    shutil.copytree(site, holed)
    (holed / "docs" / "images" / "context.svg").unlink()
    inverted = root / "inverted" / "design.yaml"
    inverted.parent.mkdir()
    inverted.write_text(re.sub(r"(?m)^    min_instances: \d+$", "    min_instances: 9", text, count=1))
    worded = root / "worded.yaml"
    worded.write_text(MINIMAL.lstrip() + "quality:\n  rpo_minutes: fifteen\n")
    colonless = root / "colonless.yaml"
    colonless.write_text(MINIMAL.lstrip() + "load:\n  pattern: diurnal\n   peak_factor 4\n")
    return Paths(
        root, req, site, site / "design.yaml", root / "empty.yaml", root / "binary.yaml", root / "folder", future,
        broken, prices, typo, holed, inverted, cut_short, worded, colonless,
    )  # fmt: skip


# (case, command line with {placeholders} for `Paths`, exit code, what the line must say)
CASES = [
    ("unknown command", "frobnicate", 2, "no such command 'frobnicate'; see `archgen --help`"),
    ("unknown option", "new -r {req} --fast", 2, "no such option: --fast"),
    ("new without a questionnaire", "new", 2, "missing option '--requirements' / '-r'; see `archgen new --help`"),
    ("unknown architect", "new -r {req} --agent gpt", 2, "'gpt' is not one of 'rules', 'anthropic'"),
    ("option without its value", "new -r", 2, "option '-r' requires an argument"),
    ("review without arguments", "review", 2, "missing argument 'requirements'; see `archgen review --help`"),
    ("review with one argument", "review {req}", 2, "missing argument 'design'"),
    ("unknown review format", "review {req} {design} -f pdf", 2, "'pdf' is not one of 'table', 'json', 'sarif'"),
    ("diff with one design", "diff {design}", 2, "missing argument 'new'"),
    ("unknown diff format", "diff {design} {design} -f html", 2, "'html' is not one of 'markdown', 'json'"),
    ("schema of nothing", "schema", 2, "missing argument 'kind'"),
    ("schema of an unknown model", "schema widgets", 2, "'widgets' is not one of 'requirements', 'design'"),
    ("render without a design", "render", 2, "missing argument 'design'"),
    ("build without a folder", "build", 2, "missing argument 'folder'"),
    ("serve without a folder", "serve", 2, "missing argument 'folder'"),
    ("publish without a folder", "publish", 2, "missing argument 'folder'"),
    ("init with two paths", "init a.yaml b.yaml", 2, "got unexpected extra argument(s) (b.yaml)"),
    ("validate a missing file", "validate {root}/nope.yaml", 2, "nope.yaml: no such file; check the path"),
    ("validate a folder", "validate {folder}", 2, "is a folder; give the path of the questionnaire"),
    ("validate an empty file", "validate {empty}", 2, "empty.yaml"),
    ("validate bytes that are not text", "validate {binary}", 2, "binary.yaml"),
    ("validate a design file", "validate {design}", 2, "this is a design file (it has format_version), not a"),
    ("new from a missing file", "new -r {root}/nope.yaml -o {root}/out1", 2, "no such file"),
    ("new from a design file", "new -r {design} -o {root}/out2", 2, "regenerate its site with `archgen render"),
    ("new into a file", "new -r {req} -o {empty}", 2, "is a file; give --out a folder"),
    ("new under a file", "new -r {req} -o {empty}/out", 2, "cannot write there (Not a directory)"),
    ("new with missing templates", "new -r {req} -o {root}/out3 --templates {root}/nope", 2, "no such folder"),
    ("new with a file as templates", "new -r {req} -o {root}/out3 --templates {req}", 2, "is a file, not a folder"),
    ("new with a file as catalog", "new -r {req} -o {root}/out3 --catalog {req}", 2, "is a file, not a folder"),
    ("new with a missing price table", "new -r {req} -o {root}/out4 --prices {root}/nope.yaml", 2, "no such file"),
    ("new with an unknown price", "new -r {req} -o {root}/out5 --prices {bad_prices}", 2, "unknown price"),
    ("new priced by a questionnaire", "new -r {req} -o {root}/out6 --prices {req}", 2, "is a questionnaire, not a"),
    ("render a missing file", "render {root}/nope.yaml", 2, "no such file"),
    ("render a folder", "render {site}", 2, "is a folder; give the path of the design file"),
    ("render a questionnaire", "render {req}", 2, "this is a questionnaire, not a design file; use `archgen new -r"),
    ("render an empty file", "render {empty}", 2, "empty.yaml"),
    ("render a design from a newer archgen", "render {future}", 2, "upgrade archgen"),
    ("render into a file", "render {design} -o {empty}", 2, "is a file; give --out a folder"),
    (
        "render a mistyped technology",
        "render {typo}",
        2,
        "stores[0].technology: unknown technology 'PostgreSQL (manged)'",
    ),
    (
        "render a technology cut short and mistyped",
        "render {cut_short}",
        2,
        "stores[0].technology: unknown technology 'TimescalDB' for cloud 'any'; closest known: 'TimescaleDB (managed)'",
    ),
    ("render a minimum above the maximum", "render {inverted}", 2, "is below min_instances 9; raise max_instances"),
    ("review a mistyped technology", "review {req} {typo}", 2, "closest known: 'PostgreSQL (managed)'"),
    ("review arguments swapped", "review {design} {req}", 2, "is a design file and"),
    ("review two questionnaires", "review {req} {req}", 2, "this is a questionnaire, not a design file"),
    ("review two designs", "review {design} {design}", 2, "this is a design file (it has format_version)"),
    ("review a missing design", "review {req} {root}/nope.yaml", 2, "no such file"),
    ("diff a questionnaire", "diff {req} {design}", 2, "this is a questionnaire, not a design file"),
    ("diff a missing design", "diff {design} {root}/nope.yaml", 2, "no such file"),
    ("build a missing folder", "build {root}/nope", 2, "no such folder; give the folder archgen generated"),
    ("build a file", "build {design}", 2, "is a file; give the folder archgen generated"),
    ("build a folder without a site", "build {folder}", 2, "no mkdocs.yml here; generate a site first"),
    ("build with a diagram deleted", "build {holed}", 1, "docs/images/context.svg is missing (deleted after archgen"),
    ("build a broken site", "build {broken_site}", 1, "mkdocs build --strict failed"),
    ("serve a missing folder", "serve {root}/nope", 2, "no such folder"),
    ("serve at no address", "serve {site} --address localhost", 2, "not an address to serve on; give HOST:PORT"),
    ("serve on port 0", "serve {site} --address 127.0.0.1:0", 2, "give HOST:PORT"),
    ("serve on a host of another machine", "serve {site} --address 192.0.2.1:8000", 2, "cannot listen there"),
    ("publish outside a git repository", "publish {site}", 2, "not inside a git repository"),
    ("publish a folder without a site", "publish {folder}", 2, "no mkdocs.yml here"),
    ("init over a file", "init {req}", 2, "already exists; choose another path or pass --force"),
    ("init into a folder", "init {folder} --force", 2, "is a folder; give the path of the file to write"),
    ("init under a file", "init {empty}/requirements.yaml", 2, "is a file"),
    ("init in a missing folder", "init {root}/nope/deeper/r.yaml", 2, "nope/deeper: no such folder; create it first"),
    ("render an empty mapping", "render {root}/mapping.yaml", 2, "not a design file (it has no format_version)"),
    ("new from a page of the site", "new -r {root}/page.html", 2, "is an HTML or XML page, not a YAML questionnaire"),
    ("an option far from any", "new -r {req} --colour", 2, "no such option: --colour; see `archgen new --help`"),
    ("an option one letter off", "new -r {req} --foce", 2, "no such option: --foce (did you mean --force?)"),
    ("new into an empty path", "new -r {req} -o {nothing}", 2, "an empty path; give the folder to write"),
    ("an option missing its value", "review {req} {design} -f", 2, "requires an argument; see `archgen review --help`"),
    ("new given its questionnaire without -r", "new {req}", 2, "(did you mean `archgen new -r "),
    (
        "validate a number written as a word",
        "validate {worded}",
        2,
        "rpo_minutes: must be a number, e.g. 15, not 'fift",
    ),
    (
        "validate a key that lost its colon",
        "validate {colonless}",
        2,
        "load.pattern: must be one of 'steady', 'diurnal', 'spiky' or 'batch', not 'diurnal peak_factor 4'; a line",
    ),
    ("publish a missing folder", "publish {root}/nope", 2, "nope: no such folder; give the folder archgen generated"),
]


def one_line(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    """Run the command line; return its exit code and its one line of error output (it must print exactly one)."""
    code = run(args)
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{err}"
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return code, lines[0]


def test_the_sweep_covers_forty_misuses() -> None:
    assert len(CASES) >= 40 and len({case for case, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "line", "code", "says"), CASES, ids=[c[0] for c in CASES])
def test_misuse_is_one_line_with_a_documented_exit_code(
    case: str, line: str, code: int, says: str, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [word.format_map(paths) for word in line.split()]  # `{nothing}` stays an argument, as ""
    exit_code, error = one_line(capsys, args)
    assert exit_code == code and exit_code in EXIT_CODES, error
    assert says in error, error


def test_a_busy_port_names_a_free_one(paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, error = one_line(capsys, ["serve", str(paths.site), "--address", f"127.0.0.1:{port}"])
    assert code == 2
    assert error.startswith(f"error: 127.0.0.1:{port}: the port is in use (another server?); serve on a free one")
    suggested = int(error.rsplit(":", 1)[1])
    assert suggested != port
    with socket.socket() as free:
        free.bind(("127.0.0.1", suggested))  # the port it names is one a server can take


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` and everything in it read-only, as a copy on a read-only disk or a shared folder would be."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if not p.is_symlink()}
        for path in sorted(modes, reverse=True):
            path.chmod(modes[path] & ~0o222)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    # permissions do not stop root: mount the folder over itself, read-only
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def unwritable(paths: Paths, tmp_path: Path) -> Iterator[Path]:
    folder = shutil.copytree(paths.site, tmp_path / "shared")
    with read_only(folder):
        yield folder


def test_render_in_a_read_only_folder(unwritable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, error = one_line(capsys, ["render", str(unwritable / "design.yaml")])
    assert code == 2
    assert error.startswith(f"error: {unwritable}: cannot write there (")
    assert error.endswith("; choose another --out folder")


def test_build_in_a_read_only_folder(unwritable: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, error = one_line(capsys, ["build", str(unwritable)])
    assert code == 2
    assert error.startswith(f"error: {unwritable}: cannot write there (")
    assert error.endswith("copy the folder somewhere you can write")


def test_a_read_only_folder_can_still_be_rendered_elsewhere_and_reviewed(
    unwritable: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["render", str(unwritable / "design.yaml"), "-o", str(tmp_path / "copy")]) == 0
    assert (tmp_path / "copy" / "docs" / "index.md").is_file()
    assert run(["review", str(example("minimal")), str(unwritable / "design.yaml")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    from archgen import __version__

    assert run(["--version"]) == 0
    assert capsys.readouterr().out == f"archgen {__version__}\n"
    assert run([]) == 0
    assert "Usage: archgen [OPTIONS] COMMAND" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command", ["new", "render", "validate", "review", "diff", "build", "serve", "publish", "schema", "init"]
)
def test_every_commands_help_shows_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run([command, "--help"]) == 0
    shown = capsys.readouterr().out
    examples = [line.strip() for line in shown.split("Examples:\n", 1)[1].splitlines() if line.strip()]
    assert examples and all(line.startswith(f"archgen {command} ") for line in examples)


def test_a_reader_that_stops_early_does_not_fail_the_command(tmp_path: Path) -> None:
    # `archgen ... | head`: the reader goes away; the command still does its work and exits with its own code
    import sys

    read_end, write_end = os.pipe()
    os.close(read_end)
    out = tmp_path / "shop"
    done = subprocess.run(
        [sys.executable, "-m", "archgen", "new", "-r", str(example("minimal")), "-o", str(out)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        text=True,
    )
    os.close(write_end)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "Broken pipe" not in done.stderr, done.stderr
    assert (out / "design.yaml").is_file() and (out / "docs" / "index.md").is_file()


def test_a_mistyped_store_is_offered_stores_only(
    paths: Paths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from archgen.knowledge.catalog import Catalog

    shop = tmp_path / "shop"
    generate(example("shop"), shop)
    design = shop / "design.yaml"
    before = design.read_text()
    first = re.search(r"(?m)^  technology: (.+)$", before.split("\nstores:", 1)[1])
    assert first is not None
    design.write_text(before.replace(f"technology: {first[1]}", "technology: Amazon Timestrem", 1))
    edited = design.read_text()
    code, error = one_line(capsys, ["render", str(design)])
    assert code == 2 and "unknown technology 'Amazon Timestrem' for cloud 'aws'" in error, error
    offered = re.findall(r"'([^']+)'", error.split("closest known: ", 1)[1])
    catalog = Catalog("aws", [], [])
    kinds = ("relational", "key-value", "document", "wide-column", "time-series", "search", "object", "warehouse")
    # the names offered are stores and caches, never an e-mail service or a container platform
    assert all(str(catalog.role_of(name)).startswith((*kinds, "cache")) for name in offered), offered
    assert offered[0] == "Amazon Timestream for InfluxDB", offered
    assert design.read_text() == edited  # nothing written


def test_init_in_a_missing_folder_makes_no_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, error = one_line(capsys, ["init", str(tmp_path / "nonexistent" / "dir" / "r.yaml")])
    assert code == 2 and "no such folder" in error
    assert not (tmp_path / "nonexistent").exists()


def test_the_command_list_shows_each_description_whole(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    listed = capsys.readouterr().out.split("Commands:\n", 1)[1].splitlines()
    assert len(listed) == 10 and not [line for line in listed if line.rstrip().endswith("...")], listed
    assert run(["init", "--help"]) == 0
    assert "With -i it asks the main questions first, checking each answer" in capsys.readouterr().out


def test_the_readme_lists_each_command_once() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    rows = re.findall(r"(?m)^\| `archgen (\w+)", readme)
    assert rows and len(rows) == len(set(rows)), rows
