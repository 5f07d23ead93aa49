"""The print view and the overview, as a new user opened them from the folder: no script the page cannot load, a
cover that says what made the design, and key figures that fit their column."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.pipeline import generate
from tests.chromium import CHROMIUM_ARGS, chromium

STREETLIGHT = Path(__file__).with_name("streetlight.yaml")

# every key-figures table: how far it reaches past the column it sits in, and how far its scroll box hides it
MEASURE = r"""() => [...document.querySelectorAll('.archgen-overview-summary table')].map(t => {
  const column = t.closest('.archgen-overview-summary').getBoundingClientRect();
  const box = t.closest('.md-typeset__scrollwrap') || t;
  return {past: t.getBoundingClientRect().right - column.right, hidden: box.scrollWidth - box.clientWidth};
})"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = generate(STREETLIGHT, tmp_path_factory.mktemp("print-view") / "streetlight", build=True)
    assert result.site is not None
    return result.site


def test_the_print_view_from_disk_loads_every_script_and_the_key_figures_fit(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            said: list[str] = []
            page.on("console", lambda message: said.append(message.text))
            page.goto((site / "print_page.html").as_uri(), wait_until="load")
            page.wait_for_timeout(0)
            in_print_view = page.evaluate(MEASURE)
            cover = page.inner_text("#print-site-page")
            page.goto((site / "index.html").as_uri(), wait_until="load")
            on_index = page.evaluate(MEASURE)
        finally:
            browser.close()
    assert not [line for line in said if "Invalid script" in line or "search_index" in line], said
    assert "Copyright" not in cover.split("Table of Contents", 1)[0] and "Generated" in cover
    assert in_print_view and all(t["hidden"] <= 1 for t in in_print_view), in_print_view
    assert on_index and all(t["past"] <= 1 and t["hidden"] <= 1 for t in on_index), on_index
