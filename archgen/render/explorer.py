"""The API explorer: a Swagger UI page per service, its assets copied from the swagger-ui-bundle-v2 package.

The document is embedded in the page rather than fetched, so the explorer also works when the site is opened
straight from disk (browsers refuse to fetch files from file:// pages). "Try it out" is off: the servers are
placeholders and the site never calls the network.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

ASSETS = "assets/swagger-ui"
ASSET_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")


def explorer_assets() -> dict[str, bytes]:
    """Swagger UI's script and style sheet, and its licence, keyed by their path under docs/."""
    from importlib import metadata

    from swagger_ui_bundle import swagger_ui_path

    files = {f"{ASSETS}/{name}": (swagger_ui_path / name).read_bytes() for name in ASSET_FILES}
    licence = metadata.distribution("swagger-ui-bundle-v2").read_text("licenses/LICENSE")
    notice = f"Swagger UI {metadata.version('swagger-ui-bundle-v2')}, from the swagger-ui-bundle-v2 package.\n"
    files[f"{ASSETS}/LICENSE.txt"] = (notice + "\n" + (licence or "Apache License 2.0\n")).encode("utf-8")
    return files


def explorer_page(env: Environment, document: dict[str, Any], title: str, assets: str, reference: str) -> bytes:
    """The Swagger UI page of one document; `assets` and `reference` are links relative to the page."""
    # Inside <script> only "</" could end the element early; escaping <, > and & keeps the JSON inert.
    spec = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    spec = spec.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    html = env.get_template("site/explorer.html.jinja").render(
        title=title, spec=Markup(spec), assets=assets, reference=reference
    )
    return html.encode("utf-8")
