"""Settlement postings (archgen/knowledge/settling.yaml): whether a design's ledger pays out from an available part
that only the provider's settlement fills, which integration settles, where the posting goes and whether a flow
makes it."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.design.ledger_chart import needed
from archgen.design.model import EntityDesign, Flow, Service
from archgen.knowledge.ledger_chart import ledger_chart
from archgen.knowledge.money import name_words
from archgen.knowledge.settling import settling
from archgen.requirements.model import Requirements


def accounts(req: Requirements, services: Iterable[Service], entities: Iterable[EntityDesign]) -> set[str]:
    """The accounts the design's ledger needs beyond its movements' own."""
    return {n.need.account for n in needed(req, services, entities)}


def provider(req: Requirements) -> str | None:
    """The integration that captures card money and settles it, net of its fees."""
    fees = next((n for n in ledger_chart().needs if n.account == settling().fees), None)
    if fees is None:
        return None
    for integration in req.integrations:
        kind = f" {' '.join(name_words(integration.kind))} "
        if any(f" {' '.join(name_words(w))} " in kind for w in fees.integration):
            return integration.name
    return None


def place(flows: Iterable[Flow], name: str) -> tuple[Flow, int, str] | None:
    """(flow, index, carrier) where the settlement is posted: after the step that fetches the provider's records,
    else at the end of the flow that takes the provider's own notifications."""
    flows = list(flows)
    for flow in flows:
        for j, step in enumerate(flow.steps):
            if step.target == name and step.message.startswith("fetch "):
                return flow, j + 1, step.source
    return None


def notified(flows: Iterable[Flow], name: str, services: Iterable[str]) -> tuple[Flow, str] | None:
    """(flow, carrier) of the flow that takes the provider's notifications, and the service that receives them."""
    names = set(services)
    for flow in flows:
        if flow.actor != name:
            continue
        carrier = next((s.target for s in flow.steps if s.target in names), None)
        if carrier is not None:
            return flow, carrier
    return None


def posted(flows: Iterable[Flow]) -> bool:
    """Whether a flow posts the settlement."""
    marker = settling().marker
    return any(s.message.startswith(marker) for f in flows for s in f.steps)
