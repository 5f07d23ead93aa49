"""The review pack prints: headless Chromium saves the built site's print view as one A4 portrait PDF with every
page in it, in a page count a review meeting accepts, with tables that wrap instead of losing columns and each
diagram on a page of its own, as large as the page lets it be, or in parts a page each where one page would print
its text too small to read."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from archgen.pipeline import generate
from archgen.render.diagrams.render import (
    LEGIBLE_ON_ONE_PAGE,
    PRINTED_TURNED_PT,
    PRINTED_UPRIGHT_PT,
    UPRIGHT_ENOUGH,
)
from tests.chromium import CHROMIUM_ARGS, chromium
from tests.conftest import example
from tests.local_server import running

pytestmark = pytest.mark.slow

A4_PT = (595.28, 841.89)
MAX_PAGES = 100  # the shop printed on 140 pages before the print view was laid out for paper; 70 with its
# lifecycles, patterns and realtime pages; 78 once operations carry their field sources, flows their owners and
# stores their engines' keys; 83 once reads answer the composed views their use cases read; 91 once every
# entity's lifecycle operations and every view's own operation are listed; 97 with the 291 review rules listed;
# 79 once the catalogue of rules stays on the site (the findings still print); 87 once the pictures too large to
# read on one page print in parts, 82 once a part no longer leaves its heading alone on a page
# the width between the print view's page margins (186 mm), at 96 CSS px to the inch
PRINTED_WIDTH_PX = 186 / 25.4 * 96


class _Recording(SimpleHTTPRequestHandler):
    """Serves the site quietly, noting each path asked for and the status it got."""

    served: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.served.append((self.path, int(code)))

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output to the test's own."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[tuple[str, int]], Path]]:
    """The shop's built site, served on a free loopback port, and the requests it got."""
    result = generate(example("shop"), tmp_path_factory.mktemp("print") / "shop", build=True)
    assert result.site is not None
    handler = type("Handler", (_Recording,), {"served": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(result.site)))
    with running(server) as url:
        yield url, handler.served, result.site


@pytest.fixture(scope="module")
def printed(
    served: tuple[str, list[tuple[str, int]], Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[PdfReader, dict[str, Any]]:
    """The print view saved as PDF the way a reader gets there, and what its layout for paper measures."""
    from playwright.sync_api import sync_playwright

    base, _, _ = served
    pdf = tmp_path_factory.mktemp("pdf") / "review-pack.pdf"
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
            # the same page laid out for paper, at the width the PDF's pages give it
            page.set_viewport_size({"width": round(PRINTED_WIDTH_PX), "height": 1000})
            page.emulate_media(media="print")
            layout = page.evaluate(MEASURE)
        finally:
            browser.close()
    return PdfReader(str(pdf)), layout


# For the layout on paper: tables wider than the page, and each diagram's printed box and smallest text.
MEASURE = r"""async () => {
  const article = document.querySelector('#print-site-page').getBoundingClientRect();
  const tables = [...document.querySelectorAll('#print-site-page table')];
  const cut = tables
    .filter(t => t.getBoundingClientRect().right > article.right + 1 || t.scrollWidth > t.clientWidth + 1)
    .map(t => t.closest('section[id]')?.id + ': ' + t.innerText.slice(0, 60));
  const diagrams = [];
  const parts = [];
  for (const part of document.querySelectorAll('#print-site-page .archgen-part')) {
    const img = part.querySelector('img');
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    const [, , width] = svg.documentElement.getAttribute('viewBox').split(/\s+/).map(Number);
    const scale = img.offsetWidth / (width * 4 / 3);
    const smallest = Math.min(...[...svg.querySelectorAll('text')].map(t => Number(t.getAttribute('font-size'))));
    const window = part.querySelector('.archgen-part-window');
    const caption = part.querySelector('figcaption').innerText.trim();
    const captionWidth = part.querySelector('figcaption').getBoundingClientRect().width;
    parts.push({src: img.getAttribute('src'), text_pt: smallest * scale, caption, caption_width: captionWidth,
                shown: window.offsetWidth > 0 && window.offsetHeight > 0});
  }
  for (const figure of document.querySelectorAll('#print-site-page .archgen-diagram:not(.archgen-tiled)')) {
    const img = figure.querySelector('img');
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    const [, , width, height] = svg.documentElement.getAttribute('viewBox').split(/\s+/).map(Number);
    const box = {width: img.offsetWidth, height: img.offsetHeight};  // its box before it is turned
    const turned = figure.classList.contains('archgen-wide');
    const style = getComputedStyle(img);
    // the room the page gives it, in CSS px: the turned box, or the figure's width and the height limit
    const room = turned ? [parseFloat(style.width), parseFloat(style.height)]
                        : [figure.clientWidth, parseFloat(style.maxHeight)];
    const px = 4 / 3;  // CSS px per point at the picture's own size
    // an <img> scales the picture's viewBox into its box, keeping its shape: printed points per picture point
    const scale = Math.min(box.width / width, box.height / height) / px;
    const largest = Math.min(room[0] / (width * px), room[1] / (height * px), turned ? Infinity : 1);
    const smallest = Math.min(...[...svg.querySelectorAll('text')].map(t => Number(t.getAttribute('font-size'))));
    diagrams.push({src: img.getAttribute('src'), width, height, turned, scale, largest, text_pt: smallest * scale,
                   caption: figure.querySelector('figcaption').innerText.trim()});
  }
  return {cut, diagrams, parts};
}"""


def test_the_print_view_is_one_a4_portrait_pdf_a_meeting_can_read(
    printed: tuple[PdfReader, dict[str, Any]], record_property: Any
) -> None:
    reader, _ = printed
    record_property("print", f"shop: the review pack prints on {len(reader.pages)} A4 portrait pages")
    assert len(reader.pages) <= MAX_PAGES, f"{len(reader.pages)} pages"
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4_PT, abs=1), f"page {number} is {width:.0f} × {height:.0f} pt"
    text = "\n".join(p.extract_text() for p in reader.pages)
    # the cover, the architecture, a decision record and every part of the review pack are in it
    for heading in ("Acme Shop", "Capacity", "Architecture style", "Risk register", "Open questions", "Checklist"):
        assert heading in text, f"{heading!r} is missing from the PDF"
    assert "Traceability" in text and "Findings" in text


def test_every_diagram_is_loaded_and_printed_on_a_page_of_its_own(
    served: tuple[str, list[tuple[str, int]], Path], printed: tuple[PdfReader, dict[str, Any]]
) -> None:
    _, requests, site = served
    reader, layout = printed
    # every diagram was loaded into the print view before it was printed, none missing
    loaded = {path for path, status in requests if path.endswith(".svg") and status == 200}
    diagrams = {"/" + p.relative_to(site).as_posix() for p in site.rglob("*.svg") if "assets" not in p.parts}
    assert len(diagrams) >= 4 and diagrams <= loaded, sorted(diagrams - loaded)
    assert all(status < 400 for _, status in requests), [r for r in requests if r[1] >= 400]
    # each caption is on exactly one page, and no page has two
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    # a picture too large to read on one page prints in parts instead, each part on a page of its own
    tiled = {p["src"] for p in layout["parts"]}
    captions = [d["caption"] for d in layout["diagrams"]] + [p["caption"] for p in layout["parts"]]
    assert len(layout["diagrams"]) + len(tiled) == len(diagrams)
    where = []
    for caption in captions:
        # a part's caption is the picture's name and which part it is: its end tells the parts apart
        said = re.sub(r"\s+", " ", caption)
        start = said[-60:] if ": part " in said else said[:50]
        found = [number for number, text in enumerate(pages) if start in text]
        assert len(found) == 1, f"{start!r} is on pages {found}"
        where += found
    assert len(set(where)) == len(where), "two diagrams share a page"


def test_every_diagram_prints_as_large_as_its_page_allows(
    printed: tuple[PdfReader, dict[str, Any]], record_property: Any
) -> None:
    _, layout = printed
    for d in layout["diagrams"]:
        # as large as its room on the page allows (never above its own size upright), in the direction that prints
        # it larger: turned along the page's long side only when that prints it clearly larger
        assert d["scale"] == pytest.approx(d["largest"], rel=0.02), d
        upright = min(PRINTED_UPRIGHT_PT[0] / d["width"], PRINTED_UPRIGHT_PT[1] / d["height"], 1)
        turned = min(PRINTED_TURNED_PT[0] / d["width"], PRINTED_TURNED_PT[1] / d["height"], 1)
        assert d["turned"] == (upright < UPRIGHT_ENOUGH and turned > upright * 1.15), d
    sizes = ", ".join(f"{Path(d['src']).stem} {d['text_pt']:.1f}" for d in layout["diagrams"] + layout["parts"])
    record_property("print", f"shop: smallest printed diagram text, in points: {sizes}")
    assert min(d["text_pt"] for d in layout["diagrams"] if "overview" in d["src"]) >= 7
    # no picture prints its 9-point text under 6 points: the whole on one page, or its parts at 6.5
    assert all(d["text_pt"] >= 9 * LEGIBLE_ON_ONE_PAGE - 0.05 for d in layout["diagrams"]), sizes
    assert layout["parts"] and all(p["shown"] and p["text_pt"] >= 9 * UPRIGHT_ENOUGH - 0.05 for p in layout["parts"])
    # each part's caption runs across the page, never a letter a line
    assert all(p["caption_width"] > PRINTED_WIDTH_PX / 2 for p in layout["parts"]), layout["parts"]


def test_wide_tables_wrap_on_the_page_instead_of_losing_columns(printed: tuple[PdfReader, dict[str, Any]]) -> None:
    _, layout = printed
    assert layout["cut"] == []


def test_the_print_view_opened_from_the_folder_prints_every_folded_block_open(
    served: tuple[str, list[tuple[str, int]], Path], printed: tuple[PdfReader, dict[str, Any]]
) -> None:
    from playwright.sync_api import sync_playwright

    _, _, site = served
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto((site / "print_page.html").as_uri(), wait_until="load")
            folded = page.evaluate("[...document.querySelectorAll('details')].map(d => d.open)")
        finally:
            browser.close()
    # the formulas behind each figure are folded on the site, and a reader printing from disk gets them all
    assert len(folded) >= 10 and all(folded), folded
    reader, _ = printed
    assert "How the" in "\n".join(p.extract_text() for p in reader.pages)
