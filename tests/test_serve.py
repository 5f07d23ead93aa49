"""`archgen serve` says where the site is, serves it there, and stops on Ctrl-C without a traceback."""

from __future__ import annotations

import select
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from archgen.pipeline import generate
from tests.conftest import ROOT, example

pytestmark = pytest.mark.slow
BUILD_LIMIT_S = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _like_a_terminal() -> None:
    """Ctrl-C reaches the server as it would in a terminal, even when the tests run as a background job (which
    starts with SIGINT ignored, and a child inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_prints_its_url_serves_there_and_stops_cleanly(tmp_path: Path) -> None:
    site = tmp_path / "minimal"
    generate(example("minimal"), site)
    port = free_port()
    command = [sys.executable, "-m", "archgen", "serve", str(site), "--address", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_like_a_terminal
    )
    try:
        assert server.stdout is not None
        # the site is built before the server listens; a server that never says so fails the test, not hangs it
        ready, _, _ = select.select([server.stdout], [], [], BUILD_LIMIT_S)
        assert ready, f"no URL after {BUILD_LIMIT_S} s"
        first = server.stdout.readline()
        url = f"http://127.0.0.1:{port}/"
        assert first == f"serving {site} at {url} (Ctrl-C to stop)\n"
        # the URL is printed once the site is built and the server listens
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode("utf-8")
        assert "<title>Tiny" in page or "Minimal" in page, page[:300]
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Traceback" not in err
