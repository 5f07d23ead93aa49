"""The API pages: a readable reference per service, the raw documents, and a Swagger UI explorer that needs no
network and shows exactly the published document."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from archgen.common import yamlio
from archgen.design.model import Design
from archgen.render.explorer import ASSETS
from archgen.render.site import render_site

Files = dict[str, bytes]


@pytest.fixture(scope="module")
def shop_site(designs: dict[str, Design]) -> Files:
    return render_site(designs["shop"])


def embedded_document(html: str) -> dict[str, object]:
    match = re.search(r'<script id="openapi" type="application/json">(.*?)</script>', html, flags=re.S)
    assert match, "the explorer embeds its document"
    document: dict[str, object] = json.loads(match.group(1))
    return document


def test_the_explorer_shows_the_published_document_with_local_assets(
    designs: dict[str, Design], shop_site: Files
) -> None:
    for service in designs["shop"].services:
        published = yamlio.parse(shop_site[f"docs/openapi/{service.slug}.yaml"].decode(), "yaml").data
        page = f"docs/apis/explorer/{service.slug}.html"
        html = shop_site[page].decode()
        assert embedded_document(html) == published
        links = re.findall(r'(?:src|href)="([^"#]+)"', html)
        assert links and not [link for link in links if "//" in link]  # nothing from a CDN or another host
        for link in links:  # each resolves to a file of the site; pages are linked by their built .html name
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
            assert target in shop_site or target.removesuffix(".html") + ".md" in shop_site, link
    from swagger_ui_bundle import swagger_ui_path

    assert shop_site[f"docs/{ASSETS}/swagger-ui-bundle.js"] == (swagger_ui_path / "swagger-ui-bundle.js").read_bytes()
    assert b"Apache License" in shop_site[f"docs/{ASSETS}/LICENSE.txt"]


def test_text_from_the_design_cannot_break_out_of_the_explorer_script(designs: dict[str, Design]) -> None:
    design = designs["minimal"].model_copy(deep=True)
    design.entities[0].description = "</script><script>alert(1)</script> & more"
    files = render_site(design)
    html = files["docs/apis/explorer/notes.html"].decode()
    assert "<script>alert(1)" not in html
    [tag] = [t for t in embedded_document(html)["tags"] if t["name"] == "Note"]  # type: ignore[attr-defined]
    assert tag["description"] == "</script><script>alert(1)</script> & more"


def test_the_reference_page_documents_every_operation_and_schema(designs: dict[str, Design], shop_site: Files) -> None:
    for service in designs["shop"].services:
        page = shop_site[f"docs/apis/{service.slug}.md"].decode()
        document = yamlio.parse(shop_site[f"docs/openapi/{service.slug}.yaml"].decode(), "yaml").data
        for path, item in document["paths"].items():
            for method in ("get", "put", "post", "patch", "delete"):
                if method in item:
                    assert f"### {method.upper()} `{path}`" in page
        for name in document["components"]["schemas"]:
            assert f"### {name} " in page
        assert f"](../openapi/{service.slug}.yaml){{ download=" in page
        assert f"](explorer/{service.slug}.html)" in page
    conventions = shop_site["docs/apis/index.md"].decode()
    for status in ("400", "401", "403", "404", "409", "412", "422", "428", "429", "500"):
        assert f"| {status} " in conventions


@pytest.mark.slow
def test_swagger_ui_renders_every_operation_from_disk(designs: dict[str, Design], tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed")
    files = render_site(designs["telemetry"])
    for name, content in files.items():
        if name.startswith(("docs/apis/explorer/", f"docs/{ASSETS}/")):
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_bytes(content)
    page = tmp_path / "docs" / "apis" / "explorer" / "readings.html"
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom",
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    shown = set(re.findall(r'opblock opblock-(\w+).*?data-path="([^"]+)"', dom))
    document = yamlio.parse(files["docs/openapi/readings.yaml"].decode(), "yaml").data
    expected = {(m, p) for p, item in document["paths"].items() for m in item if m != "parameters"}
    assert shown == expected


def test_a_service_with_no_operations_has_no_api_pages_and_the_index_says_why() -> None:
    from tests.conftest import corpus_design

    design = corpus_design("02-smart-meter-telemetry")
    quiet = [s for s in design.services if not s.endpoints]
    assert quiet
    site = render_site(design)
    for service in quiet:
        assert f"docs/openapi/{service.slug}.yaml" not in site
        assert f"docs/apis/explorer/{service.slug}.html" not in site
        assert f"docs/apis/{service.slug}.md" not in site
    index = site["docs/apis/index.md"].decode()
    assert "no API to document" in index and quiet[0].name in index
    served = next(s for s in design.services if s.endpoints)
    assert f"docs/openapi/{served.slug}.yaml" in site
