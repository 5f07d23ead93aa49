"""Which stores a use case's reads reach, from the flow that traces it: a store is read when the flow queries it
or calls the service that owns it; a record another service on the path keeps a copy of is read from that copy;
a record the flow reaches neither way (served from a timeline, a read model or a cache of another service) is not
read from its own store at all."""

from __future__ import annotations

from archgen.design import model as m


def flow_of(design: m.Design, use_case: str) -> m.Flow | None:
    return next((f for f in design.flows if f.use_case == use_case), None)


def on_path(design: m.Design, flow: m.Flow) -> tuple[set[str], set[str]]:
    """The services a flow calls while its caller waits, and the stores it queries directly (or through them)."""
    services = {s.name for s in design.services}
    stores = {s.name for s in design.stores}
    waited = [s for s in flow.steps if s.kind != "async"]
    called = {n for s in waited for n in (s.source, s.target) if n in services}
    queried = {s.target for s in waited if s.target in stores}
    owned = {e.store for e in design.entities if e.owner in called}
    return called, queried | owned


def read_store(design: m.Design, flow: m.Flow, entity: m.EntityDesign, copies: list[str]) -> str | None:
    """Where a flow reads `entity`: its own store when the path reaches it, else a copy the path holds, else
    nowhere (None)."""
    called, reached = on_path(design, flow)
    if entity.owner in called:
        return entity.store
    copy = next((s for s in copies if s in reached), None)
    if copy is not None:
        return copy
    if entity.store in reached:
        return entity.store
    return None


def read_by_flows(design: m.Design, store: str) -> bool:
    """Whether any flow reaches `store` while its caller waits: a step queries it, or the flow calls its owner."""
    return any(store in on_path(design, flow)[1] for flow in design.flows)
