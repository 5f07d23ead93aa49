"""The review pack prints: headless Chromium saves the built site's print view as one PDF with every page in it."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from archgen.pipeline import generate
from tests.conftest import example

pytestmark = pytest.mark.slow

# Flags for a sandboxed, offline run: no GPU, no background traffic, no first-run or update checks.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium() -> str | None:
    """The system's Chromium (scripts/setup --test installs it); None means Playwright's own browser."""
    for candidate in (os.environ.get("ARCHGEN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


class _Recording(SimpleHTTPRequestHandler):
    """Serves the site quietly, noting each path asked for and the status it got."""

    served: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.served.append((self.path, int(code)))

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output to the test's own."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, list[tuple[str, int]], Path]]:
    """The shop's built site, served on a free loopback port for the test's duration, and the requests it got."""
    result = generate(example("shop"), tmp_path / "shop", build=True)
    assert result.site is not None
    handler = type("Handler", (_Recording,), {"served": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(result.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.served, result.site
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_the_print_view_saves_as_one_pdf_with_every_page(
    served: tuple[str, list[tuple[str, int]], Path], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    base, requests, site = served
    pdf = tmp_path / "review-pack.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base}/review/index.html")
            # the review pack links its print view; follow it as a reader would
            page.click("text=the print view")
            page.wait_for_url("**/print_page.html")
            page.wait_for_load_state("networkidle")
            page.pdf(path=str(pdf), format="A4", print_background=True)
        finally:
            browser.close()
    reader = PdfReader(str(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) >= 40, f"only {len(reader.pages)} pages"
    # the cover, the architecture, a decision record and every part of the review pack are in it
    for heading in ("Acme Shop", "Capacity", "Architecture style", "Risk register", "Open questions", "Checklist"):
        assert heading in text, f"{heading!r} is missing from the PDF"
    assert "Traceability" in text and "Findings" in text
    # every diagram was loaded into the print view before it was printed, none missing
    loaded = {path for path, status in requests if path.endswith(".svg") and status == 200}
    diagrams = {"/" + p.relative_to(site).as_posix() for p in site.rglob("*.svg") if "assets" not in p.parts}
    assert len(diagrams) >= 4 and diagrams <= loaded, sorted(diagrams - loaded)
    assert all(status < 400 for _, status in requests), [r for r in requests if r[1] >= 400]
