"""What every page template is given: the names a template (archgen's own or a user's, through `--templates`) may
use, each with what it holds. This is the interface user templates are written against."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from archgen.capacity.constants import Constant
from archgen.design.diff import Changelog
from archgen.design.model import Design
from archgen.render.capacity_view import Matrix
from archgen.render.diagrams import Diagram
from archgen.render.openapi.components import ProblemKind
from archgen.render.openapi.reference import Reference
from archgen.render.pages import SiteMap
from archgen.review.checklist import Area
from archgen.review.engine import Finding, Rule


class PageContext(TypedDict):
    """The names every page template sees (a page adds its own, such as `service` or `decision`)."""

    design: Design  # the whole design, as design.yaml holds it
    sitemap: SiteMap  # where each page of the site lives
    href: Callable[..., str]  # href(target): a link from the current page to another page, relative
    findings: list[Finding]  # the review engine's findings on this design (waived ones marked)
    rules: list[Rule]  # every review rule, for the findings page's index
    checklist: list[Area]  # the review checklist: each area's checks, passed or not
    constants: tuple[Constant, ...]  # the planning constants the capacity figures use
    matrices: dict[str, Matrix]  # the capacity page's tables (figure × now / after 1 year / after 3 years)
    changelog: Changelog | None  # what changed since the previous design written to the same folder
    figures: dict[str, list[Diagram]]  # the diagrams by section: context, container, deployment, er, sequence, ...
    sequence_figures: dict[str, Diagram]  # a use case's name → its sequence diagram
    state_figures: dict[str, Diagram]  # an entity's name → its state-machine diagram
    asyncapi: dict[str, str]  # a realtime channel's name → its AsyncAPI document's path under docs/
    api_references: dict[str, Reference]  # a service's name → its API reference (operations, schemas)
    api_problems: dict[str, ProblemKind]  # the problem types every API shares (RFC 9457), by status
