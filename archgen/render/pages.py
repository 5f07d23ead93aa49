"""The site's pages: which template renders which file, and the navigation that links them."""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from archgen.common.naming import slug, unique_slugs
from archgen.design.chart import chart, posting_table
from archgen.design.diff import Changelog
from archgen.design.ledger_chart import needed
from archgen.design.model import Decision, Design, Service
from archgen.knowledge.accounts import Account
from archgen.render.environment import code


@dataclass(frozen=True)
class Page:
    """One Markdown page: its template, where it is written under docs/, its title, and extra context."""

    template: str
    path: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class SiteMap:
    """Paths of every page, so templates link to pages and anchors without guessing."""

    design: Design
    service_slugs: dict[str, str] = field(default_factory=dict)
    decision_slugs: dict[str, str] = field(default_factory=dict)
    entity_slugs: dict[str, str] = field(default_factory=dict)
    flow_slugs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.service_slugs = {s.name: s.slug for s in self.design.services}
        self.decision_slugs = {d.id: f"{d.id.lower()}-{slug(d.title, 'decision')}" for d in self.design.decisions}
        self.entity_slugs = unique_slugs((e.name for e in self.design.entities), "entity")
        self.flow_slugs = unique_slugs((f.use_case for f in self.design.flows), "flow")

    def service(self, name: str) -> str:
        """The page of a service."""
        return f"services/{self.service_slugs[name]}.md"

    def api(self, name: str) -> str:
        """The API reference page of a service."""
        return f"apis/{self.service_slugs[name]}.md"

    def openapi(self, name: str) -> str:
        """The OpenAPI document of a service."""
        return f"openapi/{self.service_slugs[name]}.yaml"

    def explorer(self, name: str) -> str:
        """The Swagger UI page of a service (plain HTML, copied as it is by MkDocs)."""
        return f"apis/explorer/{self.service_slugs[name]}.html"

    def decision(self, decision_id: str) -> str:
        """The page of a decision record."""
        return f"decisions/{self.decision_slugs[decision_id]}.md"

    def entity(self, name: str) -> str:
        """The anchor of an entity on the data page."""
        return f"data.md#entity-{self.entity_slugs[name]}"

    def flow(self, use_case: str) -> str:
        """The anchor of a flow on the flows page."""
        return f"flows.md#flow-{self.flow_slugs[use_case]}"


def _postings(design: Design) -> dict[str, object]:
    """The data page's posting table and the accounts it uses."""
    rows = posting_table(design)
    accounts = chart(rows)
    named = {a.account for a in accounts}
    for need in needed(design.requirements, design.services, design.entities):
        if need.need.account not in named:
            n = need.need
            accounts.append(Account(account=n.account, type=n.type, holds=f"{n.holds}; {n.posts}"))
    return {"postings": rows, "accounts": accounts}


CHANGES, CHANGES_TITLE = "review/changes.md", "Changes since the previous version"


HOW_MADE = "review/how-made.md"
HOW_MADE_TITLE = "How this design was made"


def pages(design: Design, sitemap: SiteMap, changelog: Changelog | None = None) -> list[Page]:
    """Every page of the site, in navigation order (with the changes page when there is a changelog)."""
    out = [
        Page("index.md.jinja", "index.md", "Overview"),
        Page("requirements.md.jinja", "requirements.md", "Requirements"),
        Page("capacity.md.jinja", "capacity.md", "Capacity"),
        Page("architecture.md.jinja", "architecture/index.md", "Architecture"),
    ]
    out += [Page("service.md.jinja", sitemap.service(s.name), s.name, {"service": s}) for s in design.services]
    out += [
        Page("patterns.md.jinja", "patterns.md", "Workload patterns"),
        Page("data.md.jinja", "data.md", "Data", _postings(design)),
        Page("apis.md.jinja", "apis/index.md", "APIs"),
    ]
    out += [Page("api.md.jinja", sitemap.api(s.name), s.name, {"service": s}) for s in design.services if s.endpoints]
    out += [
        Page("flows.md.jinja", "flows.md", "Flows"),
        Page("events.md.jinja", "events.md", "Async and events"),
        Page("caching.md.jinja", "caching.md", "Caching and CDN"),
        Page("security.md.jinja", "security.md", "Security"),
        Page("reliability.md.jinja", "reliability.md", "Reliability"),
        Page("observability.md.jinja", "observability.md", "Observability"),
        Page("deployment.md.jinja", "deployment.md", "Deployment"),
        Page("cost.md.jinja", "cost.md", "Cost"),
        Page("decisions.md.jinja", "decisions/index.md", "Decisions"),
    ]
    out += [
        Page("decision.md.jinja", sitemap.decision(d.id), f"{d.id} {d.title}", {"decision": d})
        for d in design.decisions
    ]
    out.append(Page("review.md.jinja", "review/index.md", "Review pack"))
    if changelog is not None:
        intro = Markup(f"What changed from {code(changelog.old)} to {code(changelog.new)}, the design this site shows.")
        context = {"changelog": changelog, "title": CHANGES_TITLE, "intro": intro}
        out.append(Page("changes.md.jinja", CHANGES, CHANGES_TITLE, context))
    out += [
        Page("risks.md.jinja", "review/risks.md", "Risk register"),
        Page("questions.md.jinja", "review/questions.md", "Open questions"),
        Page("checklist.md.jinja", "review/checklist.md", "Checklist"),
        Page("traceability.md.jinja", "review/traceability.md", "Traceability"),
        Page("findings.md.jinja", "review/findings.md", "Findings"),
        Page("how-made.md.jinja", HOW_MADE, HOW_MADE_TITLE),
    ]
    return out


def navigation(design: Design, sitemap: SiteMap, changes: bool = False) -> list[Any]:
    """The mkdocs `nav`, titles escaped: MkDocs and the theme insert nav titles into pages as HTML, unescaped."""
    return _escape_titles(_sections(design, sitemap, changes))


def _escape_titles(items: list[Any]) -> list[Any]:
    return [
        {html.escape(title): _escape_titles(v) if isinstance(v, list) else v for title, v in item.items()}
        if isinstance(item, dict)
        else item
        for item in items
    ]


def _sections(design: Design, sitemap: SiteMap, changes: bool) -> list[Any]:
    """The navigation's sections in order: top-level entries become tabs (the overview has no sidebar, so its
    neighbours are tabs)."""
    services: list[Service] = design.services
    decisions: list[Decision] = design.decisions
    return [
        {"Overview": "index.md"},
        {"Requirements": "requirements.md"},
        {"Capacity": "capacity.md"},
        {
            "Architecture": [
                "architecture/index.md",
                {"Workload patterns": "patterns.md"},
                *({s.name: sitemap.service(s.name)} for s in services),
                {"Data": "data.md"},
                {"Flows": "flows.md"},
                {"Async and events": "events.md"},
                {"Caching and CDN": "caching.md"},
            ]
        },
        {"APIs": ["apis/index.md", *({s.name: sitemap.api(s.name)} for s in services if s.endpoints)]},
        {
            "Operations": [
                {"Security": "security.md"},
                {"Reliability": "reliability.md"},
                {"Observability": "observability.md"},
                {"Deployment": "deployment.md"},
                {"Cost": "cost.md"},
            ]
        },
        {"Decisions": ["decisions/index.md", *({f"{d.id} {d.title}": sitemap.decision(d.id)} for d in decisions)]},
        {
            "Review": [
                "review/index.md",
                *([{CHANGES_TITLE: CHANGES}] if changes else []),
                {"Risk register": "review/risks.md"},
                {"Open questions": "review/questions.md"},
                {"Checklist": "review/checklist.md"},
                {"Traceability": "review/traceability.md"},
                {"Findings": "review/findings.md"},
                {HOW_MADE_TITLE: HOW_MADE},
            ]
        },
    ]


@pass_context
def href(context: Context, target: str) -> str:
    """A link from the page being rendered to `target` (a docs-relative path, with an optional #anchor)."""
    current = str(context.get("page_path", "index.md"))
    path, _, anchor = target.partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(current) or ".") if path else ""
    return relative + (f"#{anchor}" if anchor else "")
