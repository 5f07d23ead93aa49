"""The wheel carries its templates and data: install it into a fresh virtualenv and render a site from it."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT, example

pytestmark = pytest.mark.slow


def test_installed_wheel_renders_a_site(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)  # fmt: skip
    [wheel] = dist.glob("archgen-*.whl")
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    # the test environment's packages supply the dependencies (no network needed); archgen comes only from the wheel
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    Path(site_packages, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], check=True)
    out = tmp_path / "out"
    run = subprocess.run(
        [str(env / "bin" / "archgen"), "new", "--requirements", str(example("minimal")), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    located = subprocess.run([str(python), "-c", "import archgen; print(archgen.__file__)"],
                             capture_output=True, text=True, cwd=tmp_path, check=True)  # fmt: skip
    assert str(env) in located.stdout  # the wheel's copy ran, not the checkout
    assert (out / "docs" / "index.md").is_file() and (out / "docs" / "assets" / "archgen.css").is_file()
