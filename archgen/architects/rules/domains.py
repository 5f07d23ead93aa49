"""Bounded contexts: the questionnaire's own, or groups derived from which entities change together."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import slug
from archgen.requirements.intent import status_field
from archgen.requirements.model import Requirements
from archgen.requirements.resolve import Assumption


def plan_domains(draft: Draft) -> None:
    """Fill `draft.domains` (domain name → entity names, in questionnaire order)."""
    req = draft.req
    if req.data.domains:
        draft.domains = {d.name: list(d.entities) for d in req.data.domains}
        return
    draft.domains = derive_domains(req)
    names = ", ".join(f"{name} ({', '.join(entities)})" for name, entities in draft.domains.items())
    draft.assumptions.append(
        Assumption(
            key="data.domains",
            value=names,
            reason="derived: entities written by the same use case, or referred to by only one other entity",
        )
    )


def derive_domains(req: Requirements) -> dict[str, list[str]]:
    """Aggregates: an entity with a lifecycle or a life of its own is the root of a domain; a part joins the root
    it belongs to (written only together with it, or referred to by it alone)."""
    order = [e.name for e in req.data.entities]
    parent = {name: name for name in order}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            # the earlier entity in the questionnaire stays the root, so names are stable
            first, second = sorted((root_a, root_b), key=order.index)
            parent[second] = first

    writers: dict[str, list[set[str]]] = {name: [] for name in order}
    for use_case in req.use_cases:
        for name in use_case.writes:
            writers[name].append(set(use_case.writes))
    for use_case in req.use_cases:
        lead = use_case.writes[0] if use_case.writes else None
        for other in use_case.writes[1:]:
            part = status_field(req.entity(other)) is None and all(lead in w for w in writers[other])
            if lead is not None and part:
                union(lead, other)
    referrers: dict[str, set[str]] = {name: set() for name in order}
    for entity in req.data.entities:
        for field_type in entity.fields.values():
            if field_type.references and field_type.references != entity.name:
                referrers[field_type.references].add(entity.name)
    for name, refs in referrers.items():
        own_access = [a for a in req.entity(name).access if a != "by_id"]
        if len(refs) == 1 and not own_access:
            union(next(iter(refs)), name)
    groups: dict[str, list[str]] = {}
    for name in order:
        groups.setdefault(find(name), []).append(name)
    return {slug(plural(root), "domain"): members for root, members in groups.items()}


def plural(name: str) -> str:
    """A readable English plural for a domain or collection name."""
    return english.plural(name)
