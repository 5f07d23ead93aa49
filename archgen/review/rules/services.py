"""Service rules: every deployable and database beyond the first has a force behind it (teams, load, a workload of its
own), a style's name matches its shape, and no saga stands in for a transaction one database could run."""

from __future__ import annotations

from archgen.capacity.constants import constant
from archgen.capacity.split import SplitForces
from archgen.common import english
from archgen.common.formatting import number
from archgen.design.model import Deployable, Design, Flow
from archgen.review.engine import Found, Problem, Subject, rule

SPLIT_STYLES = ("microservices", "event-driven")
APART_KINDS = ("realtime", "ingest")  # services with a load of their own: connections held, device streams taken


def _forces(subject: Subject) -> SplitForces:
    domains = {s.domain for s in subject.design.services if s.kind not in APART_KINDS}
    return SplitForces(subject.req.constraints.team.engineers, len(domains), subject.load.value("traffic.peak_rps.y3"))


def _domain_units(design: Design) -> list[tuple[int, Deployable]]:
    """The web deployables that package domain services only: the units a split by domain creates."""
    kinds = {s.name: s.kind for s in design.services}
    return [
        (i, d)
        for i, d in enumerate(design.deployables)
        if d.kind == "web" and d.services and all(kinds.get(n, "domain") not in APART_KINDS for n in d.services)
    ]


def _own_load(design: Design, deployable: Deployable) -> float:
    """Requests and messages a second its services take at peak: a load of its own sets a unit apart."""
    services = [s for s in design.services if s.name in deployable.services]
    return max(
        deployable.demand.requests_per_s + deployable.demand.messages_per_s,
        *(s.demand.requests_per_s + s.demand.messages_per_s for s in services),
    )


@rule("SVC002", "error", "services", "Domains deployed apart with no force behind the split")
def unforced_split(subject: Subject) -> Found:
    """Several web deployables split by domain, while the team is too small and the load too modest to own and scale
    them apart, and none of the extra ones carries a load of its own."""
    forces = _forces(subject)
    if forces.justified:
        return
    limit = constant("split_load_rps").value
    units = _domain_units(subject.design)
    if len(units) < 2:
        return
    core = max(units, key=lambda unit: len(unit[1].services))[1]  # the unit the others were split from
    for i, deployable in units:
        load = _own_load(subject.design, deployable)
        if deployable is core or load >= limit:
            continue
        yield Problem(
            element=deployable.name,
            at=("deployables", i),
            message=f"{deployable.name} is deployed apart from {core.name} with no force behind it: "
            f"{forces.missing()}, and it takes {number(load)} req/s",
            fix="package its modules with the others in one deployable, or name the force (team ownership, load, "
            "release cadence, availability or compliance) that sets it apart",
        )


@rule("SVC003", "error", "services", "More databases than the team and the load call for")
def too_many_databases(subject: Subject) -> Found:
    """More than one relational database, while the team is too small and the load too modest for a database per
    service, and none of the extra ones takes a write load of its own."""
    forces = _forces(subject)
    if forces.justified:
        return
    limit = constant("ingest_write_rps").value
    relational = [(i, s) for i, s in enumerate(subject.design.stores) if s.kind == "relational"]
    unforced = [(i, s) for i, s in relational if s.demand.writes_per_s < limit]
    if len(unforced) < 2:
        return
    names = ", ".join(s.name for _, s in unforced)
    for i, store in unforced[1:]:
        yield Problem(
            element=store.name,
            at=("stores", i),
            message=f"{len(unforced)} relational databases ({names}) for {forces.engineers} engineers and "
            f"{number(forces.peak_rps_y3)} req/s at peak after 3 years: {forces.missing()}, and {store.name} takes "
            f"{number(store.demand.writes_per_s)} writes/s",
            fix="keep the modules' tables as schemas of one database, so a change across them is one transaction; "
            "give a database of its own only to data whose load, availability or compliance differs",
        )


@rule("SVC004", "error", "services", "A monolith deployed as separate services or databases")
def monolith_in_pieces(subject: Subject) -> Found:
    """The style is a (modular) monolith, yet the domains run in several web deployables or several relational
    databases: the decision and the shape disagree."""
    design = subject.design
    if design.architecture.style in SPLIT_STYLES:
        return
    units = _domain_units(design)
    databases = [s.name for s in design.stores if s.kind == "relational"]
    if len(units) > 1:
        yield Problem(
            element=design.architecture.style,
            at=("architecture", "style"),
            message=f"the style is {design.architecture.style}, yet the domains run in {len(units)} deployables "
            f"({', '.join(d.name for _, d in units)})",
            fix="package every module in one deployable, or record the style that was built and why",
        )
    if len(databases) > 1:
        yield Problem(
            element=design.architecture.style,
            at=("architecture", "style"),
            message=f"the style is {design.architecture.style}, yet its modules keep {len(databases)} databases "
            f"({', '.join(databases)}): a change across modules can no longer commit in one transaction",
            fix="give each module a schema in one database",
        )


@rule("SVC005", "error", "services", "A saga where one database could commit the change")
def needless_saga(subject: Subject) -> Found:
    """A flow compensates or runs a saga across modules although every write it makes lands in one relational
    database: one transaction would keep the invariant without compensations."""
    stores = {s.name: s.kind for s in subject.design.stores}
    for i, flow in enumerate(subject.design.flows):
        if not _saga(flow):
            continue
        written = {s.target for s in flow.steps if stores.get(s.target) == "relational"}
        others = {s.target for s in flow.steps if s.target in stores and stores[s.target] != "relational"}
        if len(written) == 1 and not others:
            database = next(iter(written))
            yield Problem(
                element=flow.use_case,
                at=("flows", i),
                message=f"{flow.use_case} runs a saga with compensations, yet every write it makes lands in {database}",
                fix="write the modules' parts in one transaction of that database, and drop the compensations",
            )


def _saga(flow: Flow) -> bool:
    return any("saga" in s.message or "compensat" in s.message for s in flow.steps)


@rule("SVC006", "warning", "services", "A deployable that carries nothing")
def idle_deployable(subject: Subject) -> Found:
    """A deployable has no requests, messages or connections routed to it and runs no job: a unit to build, ship and
    watch for nothing."""
    jobs = {j.service for j in subject.design.jobs}
    for i, deployable in enumerate(subject.design.deployables):
        demand = deployable.demand
        if demand.requests_per_s or demand.messages_per_s or demand.connections:
            continue
        if jobs & set(deployable.services):
            continue
        yield Problem(
            element=deployable.name,
            at=("deployables", i),
            message=f"{deployable.name} ({deployable.kind}) carries no requests, messages or connections at peak "
            "and runs no job",
            fix="remove it, or route to it the work it was meant for",
        )


@rule("SVC007", "error", "services", "A copy kept beside the original")
def copy_beside_original(subject: Subject) -> Found:
    """A module keeps a copy of another's entity, fed by events, in the very database that holds the entity: a
    query of the owner's tables (through its interface) reads it fresh, without the events, lag and replays."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            for name, entity in subject.entities.items():
                if f"copy of {name}" in step.message and step.target == entity.store and step.source != entity.owner:
                    yield Problem(
                        element=flow.use_case,
                        at=("flows", i, "steps", j),
                        message=f"{step.source} keeps a copy of {name} in {entity.store}, the database that "
                        f"already holds {name} for {entity.owner}",
                        fix=f"read {name} through {english.possessive(entity.owner)} module interface in the same "
                        "database, and drop "
                        "the copy and the events that feed it",
                    )
