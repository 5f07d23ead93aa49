"""The lightbox every diagram opens in: GLightbox's script and styles, from the mkdocs-glightbox package.

The site links them itself instead of running that package's MkDocs plugin: the plugin rewrites every page as a
whole HTML document, and the print view, built from those pages, then runs its table of contents once per page.
A click on a diagram opens it full size in the page; a click on it there zooms it to its own size, and dragging
pans it. Nothing is loaded from the network.
"""

from __future__ import annotations

ASSETS = "assets/glightbox"
ASSET_FILES = ("glightbox.min.js", "glightbox.min.css")


def lightbox_assets() -> dict[str, bytes]:
    """GLightbox's script, style sheet and licence, keyed by their path under docs/."""
    from importlib import metadata, resources

    folder = resources.files("mkdocs_glightbox").joinpath("glightbox")
    files = {f"{ASSETS}/{name}": folder.joinpath(name).read_bytes() for name in ASSET_FILES}
    notice = f"GLightbox, from the mkdocs-glightbox {metadata.version('mkdocs-glightbox')} package.\n\n"
    # a .txt, not the package's .md: MkDocs would take a Markdown file for a page of the site
    files[f"{ASSETS}/LICENSE.txt"] = notice.encode("utf-8") + folder.joinpath("LICENSE.md").read_bytes()
    return files
