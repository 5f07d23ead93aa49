"""The built design sites in a real browser: every page loads cleanly from 127.0.0.1 alone, the navigation reaches
every page, and the features a reader relies on work (search, palette, tabs, code copy, permalinks, diagrams).

Any request that is not to the local server is refused and fails the test (see conftest.open_tab)."""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from archgen.design.files import fingerprint
from archgen.render.pages import SiteMap, navigation
from tests.browser.conftest import VIEWPORT, Site, Tab, per_example, screenshot

pytestmark = pytest.mark.slow

# what a person would see on a page: the links the navigation shows, broken images, and layout that spills sideways
INSPECT = r"""() => ({
  nav: [...document.querySelectorAll('.md-tabs a[href], .md-sidebar--primary a.md-nav__link[href]')]
    .filter(a => a.checkVisibility()).map(a => a.href),
  links: [...document.querySelectorAll('article a[href]')].map(a => a.href),
  brokenImages: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  tablesThatCannotScroll: [...document.querySelectorAll('.md-typeset table')].filter(table => {
    for (let box = table; box; box = box.parentElement)
      if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return false
    return true
  }).length,
  rawMarkdown: [...document.querySelectorAll('.md-typeset p')].filter(p => /\|\s*-{3}/.test(p.textContent)).length,
  diagramsWithoutFullSize: [...document.querySelectorAll('.archgen-diagram img')]
    .filter(i => i.closest('a')?.href !== i.src).map(i => i.src),
})"""


# the pages whose tables are widest (the full walk at desktop size covers every page)
PAGES_WITH_WIDE_TABLES = ["index.html", "requirements.html", "capacity.html", "data.html", "review/traceability.html"]


def html(docs_path: str) -> str:
    """The built page of a docs/ Markdown path."""
    return docs_path.removesuffix(".md") + ".html"


@pytest.mark.parametrize("name", per_example())
def test_every_page_loads_cleanly_and_the_navigation_reaches_it(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    tab = open_tab(site.url)
    queue, reached, linked = ["index.html"], {"index.html"}, set()
    while queue:
        seen = inspect(tab, site, queue.pop())
        for target in within(site, seen["nav"]) - reached:
            reached.add(target)
            queue.append(target)
        linked |= within(site, seen["links"])
    assert reached == site.pages() - {"404.html"}
    # pages copied as they are (the API explorers) are not in the navigation: the pages link to them
    assert site.documents() <= linked
    for page in [*sorted(site.documents()), "404.html"]:
        inspect(tab, site, page)


def inspect(tab: Tab, site: Site, page: str) -> dict[str, Any]:
    """Open a page and check what a reader would notice; return what it shows."""
    seen: dict[str, Any] = tab.open(site.url + page).evaluate(INSPECT)
    assert seen["brokenImages"] == [], f"{page}: images that did not load"
    assert seen["overflow"] <= 0, f"{page}: the page scrolls sideways by {seen['overflow']} px"
    assert seen["tablesThatCannotScroll"] == 0, f"{page}: a table would be cut off instead of scrolling"
    assert seen["rawMarkdown"] == 0, f"{page}: a table shows as Markdown source instead of a table"
    assert seen["diagramsWithoutFullSize"] == [], f"{page}: diagrams that do not link to their full-size image"
    assert tab.errors == [] and tab.blocked == [], page
    return seen


def within(site: Site, links: list[str]) -> set[str]:
    """The site's HTML pages among `links`, relative to its root."""
    targets = {link.split("#")[0].split("?")[0] for link in links}
    return {t.removeprefix(site.url) for t in targets if t.startswith(site.url) and t.endswith(".html")}


@pytest.mark.parametrize("name", per_example())
def test_first_screen_shows_summary_key_figures_and_overview_diagram(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    page = open_tab(site.url).open(site.url + "index.html")
    header = page.locator(".md-header").bounding_box()
    assert header is not None
    parts = {
        "summary": page.locator(".archgen-overview-summary > p").first,
        "key figures": page.locator(".archgen-overview-summary table"),
        "overview diagram": page.locator(".archgen-overview-diagram img"),
    }
    expect(parts["summary"]).to_have_text(site.design.system.summary)
    expect(parts["overview diagram"]).to_have_attribute("src", re.compile(r"overview\.svg$"))
    for part, locator in parts.items():
        box = locator.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 10, part
        assert box["y"] >= header["y"] + header["height"], f"{part} is hidden under the header"
        assert box["y"] + box["height"] <= VIEWPORT["height"], f"{part} needs scrolling to be seen"
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORT["width"], f"{part} is cut off at the side"
    assert _png_size(screenshot(page, f"{name}-home")) == (VIEWPORT["width"], VIEWPORT["height"])


@pytest.mark.parametrize("name", per_example())
def test_search_finds_a_service_by_name(name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]) -> None:
    site = sites(name)
    service = site.design.services[-1].name
    target = html(SiteMap(site.design).service(service))
    page = open_tab(site.url).open(site.url + "index.html")
    search(page, service, target).click()
    expect(page).to_have_url(re.compile(re.escape(site.url + target)))
    expect(page.locator("article h1")).to_have_text(re.compile(rf"^{re.escape(service)}\W*$"))


@pytest.mark.xdist_group("shop")
def test_search_works_when_the_site_is_opened_from_disk(
    sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites("shop")
    service = site.design.services[0].name
    folder = site.html.as_uri() + "/"
    page = open_tab(folder).open(folder + "index.html")
    expect(search(page, service, html(SiteMap(site.design).service(service)))).to_be_visible()


def search(page: Page, text: str, target: str) -> Locator:
    """Type `text` into the search box as a person would; return the first result that links to `target`."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(text)
    return page.locator(f'.md-search-result__item a[href*="{target}"]').first


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_palette_toggle_switches_to_dark_and_is_remembered(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    page = open_tab(site.url).open(site.url + "index.html")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("form[data-md-component=palette] label:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(site.url + "capacity.html")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_tabs_sections_permalinks_and_footer(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    page = open_tab(site.url).open(site.url + "architecture/index.html")
    sections = [next(iter(entry)) for entry in navigation(site.design, SiteMap(site.design))]
    tabs = [text.strip() for text in page.locator(".md-tabs__link").all_inner_texts()]
    assert tabs[: len(sections)] == sections  # plugins may add tabs after the design's own
    expect(page.locator(".md-tabs__item--active")).to_have_text("Architecture")
    expect(page.locator(".md-sidebar--primary .md-nav__item--section").first).to_be_visible()

    heading = page.locator("article h2").first
    permalink = heading.locator("a.headerlink")
    expect(permalink).to_have_attribute("href", f"#{heading.get_attribute('id')}")
    permalink.click()
    expect(page).to_have_url(re.compile(f"#{heading.get_attribute('id')}$"))

    version = fingerprint((site.folder / "design.yaml").read_text(encoding="utf-8"))
    expect(page.locator(".md-copyright")).to_contain_text(f"{site.design.system.name} · design {version}")


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_code_blocks_copy_to_the_clipboard(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    tab = open_tab(site.url, permissions=["clipboard-read", "clipboard-write"])
    page = tab.open(site.url + "index.html")
    code = page.locator(".md-typeset pre > code").first
    code.hover()
    page.locator(".md-typeset pre button[data-clipboard-target]").first.click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == code.inner_text().strip()
    assert copied.startswith("archgen render design.yaml --build")


# The smallest text of each diagram as the page shows it: the <img> scales the SVG's viewBox into its box.
LABEL_SIZES = r"""async (img) => {
  const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
  const [, , width, height] = svg.documentElement.getAttribute('viewBox').split(/\s+/).map(Number);
  const box = img.getBoundingClientRect();
  const scale = Math.min(box.width / width, box.height / height);
  const sizes = [...svg.querySelectorAll('text')].map(t => Number(t.getAttribute('font-size')) * scale);
  return {smallest: Math.min(...sizes), texts: sizes.length, width: box.width};
}"""


@pytest.mark.parametrize("name", per_example())
def test_the_overview_pictures_labels_are_legible_on_the_page(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    page = open_tab(site.url).open(site.url + "index.html")
    assert page.evaluate("devicePixelRatio") == 1  # 100 % zoom
    measured = page.locator(".archgen-overview-diagram img").evaluate(LABEL_SIZES)
    assert measured["texts"] > 0
    assert measured["smallest"] >= 9, f"the smallest label shows at {measured['smallest']:.1f} CSS px"


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_a_diagram_opens_full_size_in_the_page_with_zoom_and_pan(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    page = open_tab(site.url).open(site.url + "architecture/index.html")
    diagram = page.locator(".archgen-diagram img[src$='container.svg']")
    shown = diagram.bounding_box()
    natural = diagram.evaluate("i => i.naturalWidth")
    assert shown is not None and natural > shown["width"]  # scaled down to fit the page
    diagram.click()
    # it opens in the page (no navigation), in a lightbox over it
    assert page.url == site.url + "architecture/index.html"
    opened = page.locator(".glightbox-container .gslide.current img")
    expect(opened).to_be_visible()
    assert opened.evaluate("i => i.src") == site.url + "images/container.svg"
    # words too small fitted to the window: it opens at its own size, where they read, and dragging pans it
    expect(page.locator(".glightbox-container .gslide.current")).to_have_class(re.compile(r"\bzoomed\b"))
    page.wait_for_function(  # once the opening animation has run
        "n => document.querySelector('.glightbox-container .gslide.current img').getBoundingClientRect().width > n - 1",
        arg=natural,
    )
    zoomed = opened.bounding_box()
    assert zoomed is not None and zoomed["width"] == pytest.approx(natural, abs=1)
    assert opened.evaluate(LABEL_SIZES)["smallest"] >= 9
    middle = (VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
    page.mouse.move(*middle)
    page.mouse.down()
    page.mouse.move(middle[0] - 200, middle[1] - 100, steps=10)
    page.mouse.up()
    page.wait_for_function(  # the drag moves it on the next animation frames, which a busy machine delays
        "x => document.querySelector('.glightbox-container .gslide.current img').getBoundingClientRect().x < x - 40",
        arg=zoomed["x"],
    )
    panned = opened.bounding_box()
    assert panned is not None and panned["x"] < zoomed["x"] - 40
    # the wheel zooms further in, past its own size, and back out to it
    page.mouse.move(*middle)
    for _ in range(5):
        page.mouse.wheel(0, -100)
    page.wait_for_function(  # each step is a quarter larger: past its own size by half at least, at most 4×
        "n => document.querySelector('.glightbox-container .gslide.current img').getBoundingClientRect().width > n",
        arg=natural * 1.5,
    )
    closer = opened.bounding_box()
    assert closer is not None and natural * 1.5 < closer["width"] <= natural * 4 + 1
    for _ in range(10):
        page.keyboard.press("-")
    back = opened.bounding_box()
    assert back is not None and back["width"] == pytest.approx(natural, abs=1)
    # a click fits the whole picture to the window
    opened.click()
    expect(page.locator(".glightbox-container .gslide.current")).not_to_have_class(re.compile(r"\bzoomed\b"))
    fitted = opened.bounding_box()
    assert fitted is not None and fitted["width"] < natural
    screenshot(page, f"{name}-lightbox")
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0)


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_every_diagram_opens_in_the_lightbox(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    tab = open_tab(site.url)
    pages = sorted(
        {
            p
            for p in site.pages()
            if p != "print_page.html" and '<figure class="archgen-diagram' in (site.html / p).read_text()
        }
    )
    assert pages
    for path in pages:
        page = tab.open(site.url + path)
        links = page.locator(".archgen-diagram a.glightbox")
        images = page.locator(".archgen-diagram img")
        assert links.count() == images.count() > 0, path
        for href, src in zip(
            links.evaluate_all("links => links.map(a => a.href)"),
            images.evaluate_all("images => images.map(i => i.src)"),
            strict=True,
        ):
            assert href == src, path


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_long_tables_scroll_on_a_phone_instead_of_widening_the_page(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    tab = open_tab(site.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sitemap, service = SiteMap(site.design), site.design.services[0].name
    scrolled = []
    for page in [*PAGES_WITH_WIDE_TABLES, html(sitemap.service(service)), html(sitemap.api(service))]:
        tab.open(site.url + page)
        assert tab.page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, f"{page} spills sideways"
        scrolled += tab.page.evaluate(
            """() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
              .filter(box => box.scrollWidth > box.clientWidth + 1)
              .map(box => { box.scrollLeft = 60; return box.scrollLeft > 0 })"""
        )
    assert scrolled and all(scrolled), "wide tables must scroll inside their box"


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_main_pages_are_captured_for_review(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    tab = open_tab(site.url)
    service = site.design.services[0].name
    pages = {
        "architecture": ("architecture/index.html", "Architecture"),
        "service": (html(SiteMap(site.design).service(service)), service),
    }
    for label, (path, title) in pages.items():
        page = tab.open(site.url + path)
        expect(page.locator("article h1")).to_have_text(re.compile(rf"^{re.escape(title)}\W*$"))
        width, height = _png_size(screenshot(page, f"{name}-{label}", full_page=True))
        assert width == VIEWPORT["width"] and height > VIEWPORT["height"]


@pytest.mark.parametrize("name", per_example(["shop"]))
def test_swagger_ui_renders_the_operations(
    name: str, sites: Callable[[str], Site], open_tab: Callable[..., Tab]
) -> None:
    site = sites(name)
    swagger_pages = sorted(p for p in site.pages() | site.documents() if _loads_swagger_ui(site.html / p))
    if not swagger_pages:
        pytest.skip(
            f"the {name} site has no Swagger UI page (no page loads swagger-ui); the interactive API page is missing"
        )
    documents = _openapi_operations(site.html / "openapi")
    tab = open_tab(site.url)
    for path in swagger_pages:
        page = tab.open(site.url + path)
        expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
        shown = set(
            page.locator(".swagger-ui .opblock").evaluate_all(
                """blocks => blocks.map(b => b.querySelector('.opblock-summary-method').textContent.toLowerCase()
                  + ' ' + b.querySelector('.opblock-summary-path').dataset.path)"""
            )
        )
        assert shown in documents, f"{path}: shows {sorted(shown)}, not the operations of one OpenAPI document"


def _loads_swagger_ui(page: Path) -> bool:
    text = page.read_text(encoding="utf-8")
    return bool(re.search(r'<script[^>]+src="[^"]*swagger-ui[^"]*"|id="swagger-ui"', text))


def _openapi_operations(folder: Path) -> list[set[str]]:
    """The operations ("get /orders/{id}") of each OpenAPI document in `folder`."""
    import yaml

    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    documents = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))]
    return [
        {f"{method} {path}" for path, item in doc.get("paths", {}).items() for method in item if method in methods}
        for doc in documents
    ]


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height
