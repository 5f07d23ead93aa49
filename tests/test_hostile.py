"""Hostile text end to end: a questionnaire full of markup, template syntax, scripts, quotes, pipes, brackets and
Graphviz escapes becomes a site that `mkdocs build --strict` accepts and where all of it shows as literal text."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from archgen.design.files import load_design
from archgen.pipeline import Result, generate
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

HOSTILE = ROOT / "tests" / "hostile" / "requirements.yaml"
LITERALS = [
    "<script>alert(1)</script> {{ 7*7 }} Shop",
    "{% include 'x' %} [x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "\"quotes\" 'single' `backticks` | pipes | [brackets] <b>bold</b> &amp; \\N \\G",
    "# not a heading",
    "- not a list",
    "`code` | pipe | {% raw %} \\N",
    'Stripe "pay" | `cards` \\G',
    "<b>Billing</b> \\G & co",
    "place-order!",
]


class Page(HTMLParser):
    """The parts of an HTML page that matter here: elements with their attributes, and the visible text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []  # the code of scripts a browser runs
        self.data: list[str] = []  # the content of data blocks (<script type="application/json">)
        self.text: list[str] = []
        self._in: list[str] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            attrs = next(a for tag, a in reversed(self.elements) if tag == "script")
            (self.data if attrs.get("type") == "application/json" else self.scripts).append(data)
        elif not (self._in and self._in[-1] == "style"):
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Result:
    return generate(HOSTILE, tmp_path_factory.mktemp("hostile") / "out", build=True)


def test_no_markup_or_script_from_input_reaches_the_built_pages(hostile_site: Result) -> None:
    assert hostile_site.site is not None
    pages = sorted(hostile_site.site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        page = Page(path.read_text("utf-8"))
        where = path.relative_to(hostile_site.site)
        for tag, attrs in page.elements:
            assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
            for name in ("href", "src", "action", "formaction"):
                assert not attrs.get(name, "").strip().lower().startswith("javascript:"), (where, tag, attrs)
            assert tag != "b" and not (tag == "img" and attrs.get("src") == "x"), (where, tag, attrs)
            if tag == "script":
                assert "alert" not in attrs.get("src", ""), where
        assert not [s for s in page.scripts if "alert" in s], where
        # an embedded document (the API explorer's) holds the text only JSON-escaped, so it cannot end its element
        assert not [d for d in page.data if "<" in d], where
        # Jinja never evaluated the user's text: 7*7 stayed text
        assert "49 Shop" not in page.visible, where


def test_no_script_from_input_runs_in_a_browser(hostile_site: Result) -> None:
    # the questionnaire holds scripts and an image whose onerror would mark the page; the API explorer renders its
    # document's Markdown in the browser, so it is checked after its scripts have run, like the pages around it
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed")
    assert hostile_site.site is not None
    pages = sorted((hostile_site.site / "apis" / "explorer").glob("*.html"))
    pages += [hostile_site.site / name for name in ("index.html", "data.html", "requirements.html")]
    for path in pages:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000"]
        try:
            dom = subprocess.run(
                [*command, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=60, check=True
            ).stdout
        except subprocess.TimeoutExpired:  # an alert() from input blocks a headless page for good
            pytest.fail(f"{path} never finished loading: did a script from the input open a dialog?")
        assert "</body>" in dom, path
        rendered = Page(dom)
        assert "data-pwned" not in dom, path
        assert not [a for tag, a in rendered.elements if tag == "img" and a.get("src") == "x"], path
        assert not [a for _, a in rendered.elements if a.get("href", "").strip().lower().startswith("javascript:")]


def test_every_hostile_string_shows_literally(hostile_site: Result) -> None:
    assert hostile_site.site is not None
    text = " ".join(Page(p.read_text("utf-8")).visible for p in sorted(hostile_site.site.rglob("*.html")))
    for literal in LITERALS:
        assert " ".join(literal.split()) in text, literal
    index = Page((hostile_site.site / "index.html").read_text("utf-8"))
    title = next(i for i, (tag, _) in enumerate(index.elements) if tag == "title")
    assert index.elements[title + 1][0] != "script"  # the site name did not open an element inside <title>
    assert "<script>alert(1)</script> {{ 7*7 }} Shop" in index.visible


def test_diagrams_show_names_literally(hostile_site: Result) -> None:
    labels: set[str] = set()
    for svg in sorted((hostile_site.out / "docs" / "images").glob("*.svg")):
        source = svg.read_text("utf-8")
        assert "<script" not in source
        labels.update(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", source))
    # Graphviz reads \N and \G as "node name" and "graph name" unless they are escaped
    for name in ("[x](javascript:alert(1)) \\N", "<b>Billing</b> \\G & co", 'Stripe "pay" | `cards` \\G'):
        assert name in labels, name


def test_names_that_collide_as_slugs_get_distinct_safe_files(hostile_site: Result) -> None:
    files = sorted(str(p.relative_to(hostile_site.out)) for p in hostile_site.out.rglob("*") if p.is_file())
    # every name from the questionnaire became a lowercase slug (the few fixed names archgen ships are capitalised)
    unsafe = [f for f in files if not re.fullmatch(r"[a-z0-9][a-z0-9._/-]*", f.removesuffix("LICENSE.txt"))]
    unsafe = [f for f in unsafe if not f.startswith(".archgen/") and f != ".gitignore"]  # archgen's own state
    assert not unsafe
    services = sorted(Path(f).name for f in files if f.startswith("docs/services/"))
    assert services == ["b-billing-b-g-co.md", "place-order-2.md", "place-order.md"]


def test_names_that_collide_as_slugs_keep_distinct_figures_and_events(hostile_site: Result) -> None:
    design = hostile_site.design
    keys = [f.key for f in design.capacity.figures]
    assert len(keys) == len(set(keys))
    assert {"use_case.place-order.peak_rps.now", "use_case.place-order-2.peak_rps.now"} <= set(keys)
    events = [e.name for e in design.events]
    assert len(events) == len(set(events))
    started = {u: [e.name for e in design.events if u in e.use_cases] for u in ("Place order", "place-order!")}
    assert started == {"Place order": ["PlaceOrderRequested"], "place-order!": ["PlaceOrderRequested2"]}


def test_yaml_outputs_keep_hostile_text_exactly(hostile_site: Result) -> None:
    out = hostile_site.out
    assert load_design(out / "design.yaml") == hostile_site.design
    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert config["site_name"] == html.escape("<script>alert(1)</script> {{ 7*7 }} Shop — architecture design")
    architecture = next(section["Architecture"] for section in config["nav"] if "Architecture" in section)
    assert {"place-order!": "services/place-order-2.md"} in architecture
    assert {html.escape("<b>Billing</b> \\G & co"): "services/b-billing-b-g-co.md"} in architecture
    for document in sorted((out / "docs" / "openapi").glob("*.yaml")):
        assert yaml.safe_load(document.read_text("utf-8"))["openapi"].startswith("3.")
