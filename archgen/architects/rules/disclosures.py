"""Disclosures accounted for: a use case that releases a person's records to a party outside the system writes a
disclosure record (to whom, why, when and what) where a regime asks for an accounting of disclosures."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.design.model import FlowStep
from archgen.design.subject_rights import releases
from archgen.knowledge.subject_rights import subject_rights
from archgen.requirements.model import UseCase


def disclosure_steps(draft: Draft, use_case: UseCase, steps: list[FlowStep]) -> list[tuple[int, FlowStep]]:
    """The step that writes the disclosure record, in the service's own store once the records are read and before
    the answer goes back."""
    regime = releases(draft.req).get(use_case.name)
    if regime is None:
        return []
    know = subject_rights()
    rule = know.disclosures[regime]
    stores = {s.name for s in draft.stores}
    edge = next((i for i, s in enumerate(steps) if s.source == "gateway" and s.kind == "sync"), None)
    service = steps[edge].target if edge is not None else (steps[0].source if steps else "")
    read = next((s for s in steps if s.source == service and s.target in stores), None)
    if read is None:
        return []
    reply = next((i for i, s in enumerate(steps) if s.kind == "reply" and s.source == service), len(steps))
    fields = english.join(know.disclosure_fields)
    message = (
        f"write a disclosure record ({fields}) of each person whose records are released, kept "
        f"{rule.kept_years} years ({rule.basis})"
    )
    return [(reply, FlowStep(source=service, target=read.target, message=message))]
