"""The command line: exit codes, one-line errors, and nothing written on failure."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL, ROOT, example


def test_new_writes_a_site_and_summarises(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site-out"
    result = cli("new", "--requirements", example("expenses"), "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Design of Expense Claims written to {out}" in result.stdout
    assert "peak 0.0521 req/s now" in result.stdout
    assert re.search(r"^  \d+ assumptions? \(listed on the site's requirements page\):$", result.stdout, re.MULTILINE)
    # ten are named; the rest are counted, so the lines about what the run did are not buried under them
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "(listed on the site's requirements page):" in line) + 1
    listed = [line for line in lines[start:] if line.startswith("    ") and not line.startswith("    and ")]
    assert len(listed) == 10 and re.search(r"^    and \d+ more, on that page$", result.stdout, re.MULTILINE)
    assert (out / "mkdocs.yml").is_file() and (out / "design.yaml").is_file()
    assert (out / "docs" / "index.md").is_file()


def test_bad_questionnaire_exits_2_with_located_lines_and_writes_nothing(cli, write_yaml, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(MINIMAL.replace("daily_active: 50", "daily_active: lots").replace("title: string", "t: strng"))
    out = tmp_path / "never"
    result = cli("new", "--requirements", path, "--out", out)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: {path}:6: users.daily_active: must be a whole number, e.g. 2_000_000, not 'lots'"
    assert lines[1].startswith(f"error: {path}:10: data.entities[0].fields.t: unknown field type 'strng'")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_file_and_directory_given_as_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = cli("validate", tmp_path / "nope.yaml")
    assert missing.exit_code == 2
    expected = f"error: {tmp_path / 'nope.yaml'}: no such file; check the path of the questionnaire"
    assert missing.stderr.strip() == expected
    folder = cli("validate", tmp_path)
    assert folder.exit_code == 2 and "is a folder" in folder.stderr


def test_out_pointing_at_a_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "taken"
    target.write_text("x")
    result = cli("new", "-r", example("minimal"), "-o", target)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {target}: is a file; give --out a folder (it will be created if missing)"


def test_validate_lists_assumptions(cli, write_yaml) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", write_yaml(MINIMAL))
    assert result.exit_code == 0
    assert "is a valid questionnaire (1 entity, no use cases (3 assumed)" in result.stdout
    assert "assumed use_cases = Create note, Find notes and Update note (none given:" in result.stdout
    assert "assumed load.peak_factor = 3 (typical for diurnal traffic)" in result.stdout


def test_schema_prints_json_schema(cli) -> None:  # type: ignore[no-untyped-def]
    schema = json.loads(cli("schema", "requirements").stdout)
    assert schema["title"] == "Requirements" and "system" in schema["properties"]
    assert schema["additionalProperties"] is False
    design = json.loads(cli("schema", "design").stdout)
    assert "services" in design["properties"]


def test_init_writes_a_questionnaire_that_validates(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "req.yaml"
    assert cli("init", path).exit_code == 0
    assert cli("validate", path).exit_code == 0
    again = cli("init", path)
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_init_interactive_uses_the_answers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "req.yaml"
    answers = ["Pet Clinic", "Vets book visits", "health", "800", "europe", "owner, vet", "", "", "n"]
    answers += ["pet, visit", "visit: vet", "", "", "", "", "", "99.5", "gcp", "3", ""]
    result = cli("init", path, "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert 'name: "Pet Clinic"' in text and "daily_active: 800" in text and '- name: "Visit"' in text
    assert 'name: "Create Visit"\n    actor: "vet"' in text
    assert cli("validate", path).exit_code == 0


def test_render_reuses_a_hand_edited_design(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert cli("new", "-r", example("minimal"), "-o", out).exit_code == 0
    design = out / "design.yaml"
    edited = design.read_text().replace("summary: The smallest questionnaire archgen accepts.",
                                        "summary: Edited by hand.")  # fmt: skip
    design.write_text(edited)
    result = cli("render", design)
    assert result.exit_code == 0, result.output
    assert "Edited by hand." in (out / "docs" / "index.md").read_text()
    assert design.read_text() == edited  # the design file itself is left exactly as written
    assert "kept" not in result.stdout.split("files:")[1].split("\n")[0].replace("0 kept", "")


def test_review_exits_0_on_a_clean_design(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    cli("new", "-r", example("shop"), "-o", out)
    result = cli("review", example("shop"), out / "design.yaml")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout


def test_python_dash_m_and_help_work() -> None:
    result = subprocess.run([sys.executable, "-m", "archgen", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "new" in result.stdout and "render" in result.stdout


def test_help_does_not_import_inflect() -> None:
    # inflect takes tens of milliseconds to import: it is loaded when English is first written, not with archgen
    code = (
        "import sys\n"
        "import archgen.common.english, archgen.common.formatting, archgen.render.environment\n"
        "from archgen.console import main\n"
        "sys.argv = ['archgen', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('inflect' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.splitlines()[-1] == "False"


def test_unusable_output_folders_are_one_line_errors(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    under_a_file = cli("new", "-r", example("minimal"), "-o", blocker / "out")
    assert under_a_file.exit_code == 2
    expected = f"error: {blocker / 'out'}: cannot write there (Not a directory); choose another --out folder\n"
    assert under_a_file.stderr == expected
    out = tmp_path / "out"
    out.mkdir()
    (out / "docs").write_text("my notes")
    blocked = cli("new", "-r", example("minimal"), "-o", out)
    assert blocked.exit_code == 2
    expected = f"error: {out / 'docs'}: is a file where archgen needs a folder; move it away and run again\n"
    assert blocked.stderr == expected
    assert (out / "docs").read_text() == "my notes" and not (out / "mkdocs.yml").exists()


def test_an_unwritable_output_folder_is_a_one_line_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if os.geteuid() == 0:
        # permissions do not stop root, but sysfs refuses new folders to everyone
        out, reason = Path("/sys/archgen-unwritable/out"), "Operation not permitted"
    else:
        out, reason = tmp_path / "out", "Permission denied"
        out.mkdir(mode=0o555)
    result = cli("new", "-r", example("minimal"), "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: cannot write there ({reason}); choose another --out folder\n"


def test_paths_that_are_not_what_the_command_needs(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder_as_file = cli("new", "-r", tmp_path, "-o", tmp_path / "out")
    assert folder_as_file.exit_code == 2
    assert folder_as_file.stderr == f"error: {tmp_path}: is a folder; give the path of the questionnaire\n"
    missing_templates = cli("new", "-r", example("minimal"), "-o", tmp_path / "out", "--templates", tmp_path / "nope")
    assert missing_templates.exit_code == 2 and not (tmp_path / "out").exists()
    assert "nope: no such folder; --templates takes a folder of templates" in missing_templates.stderr
    missing_site = cli("build", tmp_path / "nope")
    assert missing_site.exit_code == 2
    assert missing_site.stderr == (
        f"error: {tmp_path / 'nope'}: no such folder; give the folder archgen generated (it holds mkdocs.yml)\n"
    )
    design_folder = cli("render", tmp_path)
    assert design_folder.exit_code == 2 and "is a folder; give the path of the design file\n" in design_folder.stderr


def test_a_hostile_file_name_cannot_break_the_error_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", tmp_path / "evil\n\x1b[31mname.yaml")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "evil\\n\\x1b[31mname.yaml: no such file" in result.stderr


def test_build_into_a_relative_folder_puts_the_site_inside_it(cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli("new", "-r", example("minimal"), "-o", "out", "--build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert not (tmp_path / "out" / "out").exists()


def test_regenerating_summarises_changes_and_kept_edits(cli, write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert cli("new", "-r", example("minimal"), "-o", out).exit_code == 0
    index = out / "docs" / "index.md"
    index.write_text(index.read_text() + "\nMy own paragraph.\n")
    grown = write_yaml(example("minimal").read_text().replace("daily_active: 100", "daily_active: 5000"))
    result = cli("new", "-r", grown, "-o", out)
    assert result.exit_code == 0, result.output
    assert "kept your edits to docs/index.md; archgen's version is in docs/index.md.new" in result.stdout
    assert "  since the previous version: " in result.stdout and "(see review/changes)" in result.stdout
