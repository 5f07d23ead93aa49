"""The browser suite's fixtures: every example's site built once, served on 127.0.0.1, and a Chromium tab that
refuses (and records) every request to anywhere else.

Chromium is the system's (`scripts/setup --test` installs it; see tests/chromium.py).
Screenshots go to test-artifacts/ (or ARCHGEN_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, Route, sync_playwright

from archgen.design.files import load_design
from archgen.design.model import Design
from archgen.pipeline import generate
from tests.chromium import CHROMIUM_ARGS, chromium
from tests.conftest import EXAMPLES, ROOT, example
from tests.local_server import LocalServer, running

ARTIFACTS = Path(os.environ.get("ARCHGEN_TEST_ARTIFACTS", ROOT / "test-artifacts"))
VIEWPORT = {"width": 1280, "height": 800}


def per_example(names: list[str] = EXAMPLES) -> list[Any]:
    """Parameters for one test per example; an example's tests run in one worker, so its site is built once."""
    return [pytest.param(name, marks=pytest.mark.xdist_group(name)) for name in names]


@dataclass
class Site:
    """A built example site and where the server shows it."""

    name: str
    folder: Path
    url: str
    design: Design

    @property
    def html(self) -> Path:
        """The built HTML folder."""
        return self.folder / "site"

    def pages(self) -> set[str]:
        """Every page MkDocs built, relative to the site's root."""
        return {name for name, built in self._html().items() if built}

    def documents(self) -> set[str]:
        """HTML files copied into the site as they are (the API explorers), relative to its root."""
        return {name for name, built in self._html().items() if not built}

    def _html(self) -> dict[str, bool]:
        return {
            p.relative_to(self.html).as_posix(): '<meta name="generator" content="mkdocs-' in p.read_text("utf-8")
            for p in self.html.rglob("*.html")
        }


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` at the root of 127.0.0.1 on a free port, as a static host would; yield its URL."""
    with running(LocalServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))) as url:
        yield url + "/"


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Site]]:
    """The site of an example, generated, built (mkdocs build --strict) and served the first time it is asked for."""
    built: dict[str, Site] = {}
    with ExitStack() as servers:

        def site(name: str) -> Site:
            if name not in built:
                result = generate(example(name), tmp_path_factory.mktemp(name), build=True)
                assert result.site is not None
                url = servers.enter_context(serve(result.site))
                built[name] = Site(name, result.out, url, load_design(result.out / "design.yaml"))
            return built[name]

        yield site


# Module scope, not session: while Playwright's sync API runs, its event loop counts as running in this thread,
# and tests elsewhere that call asyncio.run() would fail if they shared a worker with a live browser.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """The system's Chromium, headless (Playwright's own build where the system has none)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Tab:
    """A browser tab that may only reach `allowed`; it records what it refused and every error it saw."""

    page: Page
    allowed: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.context.route(lambda url: not url.startswith(self.allowed), self._refuse)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("response", self._response)

    def _refuse(self, route: Route) -> None:
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> Page:
        """Go to `url` and wait for it (and its images) to load; it must answer 200."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == 200, f"{url}: {response.status if response else 'none'}"
        return self.page


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """Opens tabs confined to one origin (or folder); after the test, none may have been refused or seen errors."""
    tabs: list[Tab] = []

    def open_tab(allowed: str, **options: Any) -> Tab:
        context = browser.new_context(**{"viewport": VIEWPORT, "color_scheme": "light", **options})
        tab = Tab(context.new_page(), allowed)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.page.context.close()
    for tab in tabs:
        assert tab.blocked == [], "requests left the site"
        assert tab.errors == [], "the browser saw errors"


def screenshot(page: Page, name: str, full_page: bool = False) -> Path:
    """Save a screenshot as a test artefact and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path
