"""Every view of a design, in a stable order: the overview, context, containers, deployment, data, then one per
flow."""

from __future__ import annotations

from archgen.design.model import Design
from archgen.render.diagrams.containers import container_views
from archgen.render.diagrams.context import context_view
from archgen.render.diagrams.deployment import deployment_view
from archgen.render.diagrams.er import er_views
from archgen.render.diagrams.overview import overview_view
from archgen.render.diagrams.sequence import sequence_view
from archgen.render.diagrams.states import state_view
from archgen.render.diagrams.view import View

__all__ = ["View", "views"]


def views(design: Design) -> list[View]:
    """Every view of a design, each with a unique file stem."""
    out = [overview_view(design), context_view(design), *container_views(design), deployment_view(design)]
    out += er_views(design)
    out += [sequence_view(design, flow, i) for i, flow in enumerate(design.flows)]
    machines = [e for e in design.entities if e.state_machine is not None]
    out += [v for i, entity in enumerate(machines) if (v := state_view(entity, i)) is not None]
    return out
