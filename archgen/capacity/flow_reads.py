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
    """Where a flow reads `entity`: its own store when the flow calls its owner, else a copy the path holds, else
    its store when a step queries it directly, else nowhere (None)."""
    called, reached = on_path(design, flow)
    if entity.owner in called:
        return entity.store
    copy = next((s for s in copies if s in reached), None)
    if copy is not None:
        return copy
    queried = {s.target for s in flow.steps if s.kind != "async"}
    return entity.store if entity.store in queried else None
