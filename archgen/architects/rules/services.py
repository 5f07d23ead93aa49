"""Logical services: one per domain, owning its entities; their responsibilities and dependencies."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.model import Service
from archgen.naming import unique_slugs


def plan_services(draft: Draft) -> None:
    """One service per domain, the only writer of the domain's entities."""
    req = draft.req
    slugs = unique_slugs(draft.domains, fallback="service")
    for domain, entity_names in draft.domains.items():
        described = [f"{n} ({d})" if (d := req.entity(n).description) else n for n in entity_names]
        draft.services.append(
            Service(
                name=domain,
                slug=slugs[domain],
                domain=domain,
                responsibility=f"Owns {', '.join(described)}: the only writer of this data and its API.",
                deployable="",
                entities=list(entity_names),
            )
        )
    _dependencies(draft)


def home_service(draft: Draft, use_case_name: str) -> Service:
    """The service that leads a use case: the owner of what it writes first, else of what it reads first."""
    use_case = next(u for u in draft.req.use_cases if u.name == use_case_name)
    lead = (use_case.writes or use_case.reads or [draft.req.data.entities[0].name])[0]
    return draft.service_of(lead)


def _dependencies(draft: Draft) -> None:
    """A service depends on another when its use cases read the other's data or its entities refer to it."""
    depends: dict[str, set[str]] = {s.name: set() for s in draft.services}
    integrations: dict[str, set[str]] = {s.name: set() for s in draft.services}
    for use_case in draft.req.use_cases:
        home = home_service(draft, use_case.name)
        for name in [*use_case.reads, *use_case.writes]:
            owner = draft.service_of(name)
            if owner.name != home.name:
                depends[home.name].add(owner.name)
        integrations[home.name].update(use_case.calls)
    for service in draft.services:
        for entity_name in service.entities:
            for field_type in draft.req.entity(entity_name).fields.values():
                target = field_type.references
                if target and (owner := draft.service_of(target)).name != service.name:
                    depends[service.name].add(owner.name)
    order = [s.name for s in draft.services]
    integration_order = [i.name for i in draft.req.integrations]
    for service in draft.services:
        service.depends_on = sorted(depends[service.name], key=order.index)
        service.integrations = sorted(integrations[service.name], key=integration_order.index)
