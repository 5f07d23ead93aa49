"""Render a Design into the files of an MkDocs-Material site: {relative path: bytes}, nothing written."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from archgen import __version__
from archgen.capacity import constants
from archgen.common import yamlio
from archgen.common.timings import stage
from archgen.design.diff import Changelog, removed_elements
from archgen.design.files import dump_design, fingerprint
from archgen.design.model import Design
from archgen.render.asyncapi import asyncapi_documents, channel_slugs
from archgen.render.capacity_view import matrices
from archgen.render.context import PageContext
from archgen.render.diagrams import Diagram, render_diagrams
from archgen.render.environment import environment, user_template_errors
from archgen.render.explorer import ASSETS, explorer_assets, explorer_page
from archgen.render.lightbox import lightbox_assets
from archgen.render.openapi import openapi_documents
from archgen.render.openapi.components import PROBLEMS
from archgen.render.openapi.reference import reference
from archgen.render.pages import SiteMap, href, navigation, pages
from archgen.review import review
from archgen.review.checklist import checklist
from archgen.review.engine import Finding, all_rules
from archgen.write import notes

Files = dict[str, bytes]
STATIC = (
    "docs/assets/archgen.css",
    "docs/assets/iframe-worker.js",
    "docs/assets/lightbox.js",
    "docs/assets/print.js",
    "overrides/main.html",
    "print_cover.tpl",
)


def render_site(
    design: Design,
    templates: Path | None = None,
    changelog: Changelog | None = None,
    design_text: str | None = None,
    removed: frozenset[str] | None = None,
    findings: list[Finding] | None = None,
) -> Files:
    """Every file of the design site: mkdocs.yml, docs/** (pages, diagrams, OpenAPI), design.yaml and .gitignore.

    With the `changelog` since the previous version of the design, the site also gets a page of the changes.
    `design_text` is the design as `dump_design` writes it, when the caller has it already. `removed` names the
    elements earlier versions had (default: those the changelog removes), for the review of stale text;
    `findings` are the design's review, when the caller has it already.
    """
    with user_template_errors(templates):
        if findings is None:
            findings = review(design, removed=removed_elements(changelog) if removed is None else removed)
        return _render_site(design, templates, changelog, design_text, findings)


def _render_site(
    design: Design,
    templates: Path | None,
    changelog: Changelog | None,
    design_text: str | None,
    findings: list[Finding],
) -> Files:
    env = environment(templates)
    design_text = dump_design(design) if design_text is None else design_text
    sitemap = SiteMap(design)
    with stage("diagrams"):
        diagrams = render_diagrams(design)
    figures: dict[str, list[Diagram]] = {}
    for diagram in diagrams:
        figures.setdefault(diagram.group, []).append(diagram)
    with stage("openapi"):
        documents = openapi_documents(design)
    context = PageContext(
        design=design,
        sitemap=sitemap,
        href=href,
        findings=findings,
        rules=all_rules(),
        checklist=checklist(design, findings),
        constants=constants.ALL,
        matrices=matrices(design),
        changelog=changelog,
        figures=figures,
        sequence_figures={d.title: d for d in figures.get("sequence", [])},
        state_figures={d.title: d for d in figures.get("states", [])},
        asyncapi={
            c.name: f"asyncapi/{stem}.yaml"
            for c, stem in zip(design.realtime, channel_slugs(design).values(), strict=True)
        },
        api_references={s.name: reference(documents[s.slug]) for s in design.services if s.slug in documents},
        api_problems=PROBLEMS,
    )
    files: Files = {"design.yaml": design_text.encode("utf-8")}
    for page in pages(design, sitemap, changelog):
        text = render_page(page.template, {**context, **page.context, "page_path": page.path}, templates)
        if notes.MARKER.search(text) is None:
            text += "\n" + notes.block()  # every page has room for the reader's own notes
        files[f"docs/{page.path}"] = text.encode("utf-8")
    for diagram in diagrams:
        files[f"docs/{diagram.path}"] = diagram.svg
    with stage("openapi"):
        for service in (s for s in design.services if s.slug in documents):
            document = documents[service.slug]
            files[f"docs/{sitemap.openapi(service.name)}"] = yamlio.dump(document).encode("utf-8")
            explorer = sitemap.explorer(service.name)
            files[f"docs/{explorer}"] = explorer_page(
                env,
                document,
                document["info"]["title"],
                assets=posixpath.relpath(ASSETS, posixpath.dirname(explorer)),
                # the explorer is copied as it is, so it links to the reference page's built name
                reference=posixpath.relpath(sitemap.api(service.name), posixpath.dirname(explorer)).removesuffix(".md")
                + ".html",
            )
        files.update({f"docs/{name}": content for name, content in explorer_assets().items()})
        for stem, asyncapi in asyncapi_documents(design).items():
            files[f"docs/asyncapi/{stem}.yaml"] = yamlio.dump(asyncapi).encode("utf-8")
    files.update({f"docs/{name}": content for name, content in lightbox_assets().items()})
    footer = (
        f"{design.system.name} · design {fingerprint(design_text)} · "
        f"generated by archgen {__version__} ({design.generator} architect)"
    )
    nav = yamlio.dump(navigation(design, sitemap, changelog is not None))
    files["mkdocs.yml"] = (
        env.get_template("site/mkdocs.yml.jinja")
        .render({**context, "footer": footer, "nav_yaml": _indent(nav, 2)})
        .encode("utf-8")
    )
    for name in STATIC:
        files[name] = (_templates_root(templates, name)).read_bytes()
    files[".gitignore"] = _templates_root(templates, "gitignore").read_bytes()  # shipped undotted: git would obey it
    return dict(sorted(files.items()))


def render_page(template: str, context: dict[str, Any], templates: Path | None = None) -> str:
    """One page template of the site rendered with `context` (also used on its own, e.g. for a changelog)."""
    return _tidy(environment(templates).get_template(f"site/docs/{template}").render(context))


def _templates_root(user: Path | None, name: str) -> Path:
    """A static file from the user's template folder when it has one, else the shipped one."""
    from archgen.common.shipped import builtin_templates

    relative = Path("site") / name.removeprefix("docs/")
    if user is not None and (user / relative).is_file():
        return user / relative
    return builtin_templates() / relative


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(keepends=True))


def _tidy(text: str) -> str:
    """Collapse runs of blank lines that template blocks leave behind; end with one newline."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() == "" and lines and lines[-1].strip() == "":
            continue
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"
