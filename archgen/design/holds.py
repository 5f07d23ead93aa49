"""How one record holds another, read from a design's entities (the words: archgen/knowledge/holds.yaml).

A step that moves two linked records is one command on the record the actor acts on; a record another record's
step took (an item handed out with its loan) is let go when that record ends; a resource claimed by one record at a
time is claimed in the store, not only in code; a field a job reads is set by the step that arms it. The rules
architect plans by these and the review checks any design against them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from archgen.common.english import plural
from archgen.design.model import Endpoint, EntityDesign, Event, Index, Job, Service, StoredField, Transition
from archgen.design.step_calls import leading
from archgen.knowledge.holds import hold_words
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import name_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import Requirements

SYSTEM = "system"
_GENERIC = frozenset({"on", "at", "date", "time", "by", "the", "of"})  # words of a field's name that name no fact


def _refs(child: EntityDesign, parent: str) -> list[str]:
    return [f.name for f in child.fields if f.type == f"ref[{parent}]"]


def _moves(entity: EntityDesign, use_case: str) -> list[Transition]:
    machine = entity.state_machine
    return [t for t in machine.transitions if t.use_case == use_case] if machine is not None else []


def _people_move(move: Transition, people: set[str] | None = None) -> bool:
    """A move people start (only the people's roles given, when they are)."""
    mine = bool(set(move.roles) & people) if people is not None else bool(move.roles) and SYSTEM not in move.roles
    return mine and move.target not in move.source


@dataclass(frozen=True)
class Link:
    """A record (the child: a loan) that names another with a lifecycle (the parent: its item)."""

    child: EntityDesign
    parent: EntityDesign
    field: str


def links(entities: list[EntityDesign]) -> Iterator[Link]:
    """Each pair of records with lifecycles where one names the other."""
    by_name = {e.name: e for e in entities}
    for child in entities:
        for field in child.fields:
            parent = by_name.get(field.type[4:-1]) if field.type.startswith("ref[") else None
            if parent is None or parent is child or child.state_machine is None or parent.state_machine is None:
                continue
            yield Link(child, parent, field.name)


def double_steps(entities: list[EntityDesign], req: Requirements) -> Iterator[tuple[Link, Transition, Transition]]:
    """Each use-case step people take through a command on both records of a link (a loan's hand-out and its item's
    hand-out, named alike): the parent's move, which cannot say which child it serves, and the child's move, on the
    record the use case acts on (the one it writes first)."""
    people = {r.name for r in req.users.roles if r.kind == "person"}
    leads = {u.name: u.writes[0] for u in req.use_cases if u.writes and u.interaction == "request"}
    for link in links(entities):
        machine = link.parent.state_machine
        for move in machine.transitions if machine is not None else []:
            if not move.use_case or leads.get(move.use_case) != link.child.name or not _people_move(move, people):
                continue
            mine = [t for t in _moves(link.child, move.use_case) if t.name == move.name and _people_move(t, people)]
            if mine:
                yield link, move, mine[0]


def taken(link: Link) -> list[tuple[Transition, str]]:
    """The parent's states a step of the child's use cases takes it into from a state of being free (an item on
    loan once its loan is handed out), each with the move that does it."""
    parent = link.parent.state_machine
    if parent is None:
        return []
    free = operation_words().states.free  # it is taken from a state of being free to take (available)
    machine = link.child.state_machine
    # the child's timers (use case none) take nothing: a parent's staff move without a use case is not the child's
    child_cases = {t.use_case for t in machine.transitions if t.use_case} if machine else set()
    return [
        (t, t.target)
        for t in parent.transitions
        if t.use_case in child_cases
        and any(s.lower() in free for s in t.source)
        and t.target not in t.source
        and t.target != parent.initial
        and t.target not in parent.terminal
    ]


def stranded(link: Link) -> list[tuple[Transition, str]]:
    """The parent's states a child's step took it into that nothing moves it out of when the child ends: an item
    left on loan for ever once its loan is returned."""
    parent = link.parent.state_machine
    child = link.child.state_machine
    if parent is None or child is None:
        return []
    ending = {t.use_case for t in child.transitions if t.target in child.terminal and t.use_case}
    out = []
    for move, state in taken(link):
        leaving = [t for t in parent.transitions if state in t.source and t.target != state]
        freed = [t for t in leaving if t.use_case in ending or link.child.name in t.guard]
        if not freed:
            out.append((move, state))
    return out


@dataclass(frozen=True)
class Claim:
    """A record that holds a resource (another record) while in some states, or for a period."""

    entity: EntityDesign
    resource: str  # the reference field
    states: list[str]
    period: tuple[str, str] | None  # the required start and end fields, when the claim is for a span of time


def _ends_in(field: str, terms: tuple[str, ...]) -> bool:
    low = field.lower()
    return any(low == t or low.endswith("_" + t) for t in terms)


def _period(entity: EntityDesign) -> tuple[str, str] | None:
    """The start and end fields of the span a record covers: the ones a later step binds where the record's own
    dates are proposals, else its required ones first (a stay's dates, a loan's)."""
    from archgen.design.claim_periods import bound_period

    bound = bound_period(entity)
    if bound is not None:
        return bound
    words = hold_words()
    dated = sorted((f for f in entity.fields if f.type in ("date", "timestamp")), key=lambda f: not f.required)
    starts = [f.name for f in dated if _ends_in(f.name, words.starts)]
    ends = [f.name for f in dated if _ends_in(f.name, words.ends) and f.name not in starts]
    lengths = [f.name for f in entity.fields if f.type == "int" and f.name in words.durations]
    if starts and not ends and lengths:
        return starts[0], lengths[0]  # a start and a length: the store keeps the end they make (see `spanned`)
    if not starts or not ends:
        return None
    paired = [e for e in ends if e.split("_")[0] == starts[0].split("_")[0]]
    return starts[0], (paired or ends)[0]


def claims(entities: list[EntityDesign], said: str) -> list[Claim]:
    """The exclusive claims: a child whose step takes its parent out of circulation (a loan handing out its item)
    holds it from its first decided state until it ends; a record named for a claim (a booking) with a required
    span of time holds what it names for that span, when the questionnaire speaks of such claims."""
    words = hold_words()
    text = f" {said.lower()} "
    spoken = any(f" {w} " in text or f" {w}s " in text for w in words.exclusive)
    out: list[Claim] = []
    for link in links(entities):
        machine = link.child.state_machine
        if machine is None or not taken(link):
            continue
        # it holds from its first decided state (a loan once approved), for its period when it has one
        live = [s for s in machine.states if s not in machine.terminal and s != machine.initial]
        out.append(Claim(link.child, link.field, live, _period(link.child)))
    if not spoken:
        return out
    claimed = {c.entity.name for c in out}
    for entity in entities:
        period = _period(entity)
        named = name_words(entity.name) & set(words.exclusive)
        if entity.name in claimed or period is None or not named or entity.mutability == "append_only":
            continue
        resource = _resource(entity, entities)
        if resource is not None:
            out.append(Claim(entity, resource, _live(entity), period))
    return out


def _resource(entity: EntityDesign, entities: list[EntityDesign]) -> str | None:
    """The reference a claim holds: the record its description names (a reservation of rooms), else the finest of
    its references (a room, not the hotel a room belongs to); none when that is not one record."""
    by_name = {e.name: e for e in entities}
    refs = {
        f.name: by_name[f.type[4:-1]]
        for f in entity.fields
        if f.type.startswith("ref[") and f.type[4:-1] in by_name and not _person(f, entities)
    }
    said = name_words(entity.description)
    named = [n for n, t in refs.items() if all(w in said or w + "s" in said for w in name_words(t.name))]
    inner = {f.type[4:-1] for t in refs.values() for f in t.fields if f.type.startswith("ref[")}
    finest = [n for n, t in refs.items() if t.name not in inner]
    found = named or finest
    return found[0] if len(found) == 1 else None


def _live(entity: EntityDesign) -> list[str]:
    machine = entity.state_machine
    return [s for s in machine.states if s not in machine.terminal] if machine is not None else []


def _person(field: StoredField, entities: list[EntityDesign]) -> bool:
    """Whether a reference names a person's record (who booked), not the thing claimed."""
    from archgen.knowledge.keys import names_owner

    target = next((e for e in entities if f"ref[{e.name}]" == field.type), None)
    return names_owner(field.name) or (target is not None and bool(name_words(target.name) & set(hold_words().people)))


def claiming(index: Index) -> bool:
    """Whether an index enforces an exclusive claim (limited to the live states, so not unique over all rows)."""
    return any(m.lower() in index.serves.lower() for m in hold_words().claim_marks)


def enforcing(claim: Claim) -> Index | None:
    """The index or constraint that enforces a claim in the store, if the entity has one."""
    found = [i for i in claim.entity.indexes if claim.resource in i.fields and (i.kind == "exclusion" or claiming(i))]
    return next((i for i in found if covers(claim, i)), found[0] if found else None)


def covers(claim: Claim, index: Index) -> bool:
    """Whether an index enforces a claim for its period (not only by state): it names the period's fields."""
    return claim.period is None or all(f in index.fields for f in claim.period)


def claim_index(claim: Claim, engine: str | None, assigned: tuple[str, list[str], str] | None = None) -> Index:
    """The index or constraint that enforces a claim on an engine: an exclusion constraint over the period where
    the engine has one, else a unique index limited to the live states, else a conditional write. A unit a later
    step assigns (`assigned`: that step, the states from it on, the record whose counts guard the sale before it)
    is claimed only from then."""
    from archgen.knowledge.holds import ways

    words = hold_words()
    can = ways(engine)
    states = ", ".join(f"'{s}'" for s in claim.states)
    name = claim.entity.name.lower()
    status = claim.entity.state_machine.field if claim.entity.state_machine is not None else "status"
    values = {"resource": claim.resource, "states": states, "entity": claim.entity.name, "status": status}
    if claim.period is not None and can.exclusion:
        start, end = claim.period
        dated = {f.name: f.type for f in claim.entity.fields}
        days = dated.get(start) == "date" and dated.get(end) == "date"
        ranged = "daterange" if days else "tstzrange"
        bounds = ", '[]'" if days and _ends_in(end, words.inclusive_ends) else ""
        spans = {"start": start, "end": end, "range": ranged, "bounds": bounds}
        return Index(
            name=f"{name}_{claim.resource}_no_overlap",
            fields=[claim.resource, start, end],
            kind="exclusion",
            serves=_exclusion_serves(claim, spans, values, assigned),
        )
    if claim.period is not None:
        start, end = claim.period
        days = all(f.type == "date" for f in claim.entity.fields if f.name in claim.period)
        return Index(
            name=f"{name}_{claim.resource}_{'day_claim' if days else 'overlap_idx'}",
            fields=[claim.resource, start, end],
            kind="btree",
            serves=(words.daily_serves if days else words.serialised_serves).format(start=start, end=end, **values),
        )
    if can.partial_unique:
        return Index(
            name=f"{name}_{claim.resource}_held_key",
            fields=[claim.resource],
            kind="unique",
            serves=words.partial_serves.format(**values),
        )
    return Index(
        name=f"{name}_{claim.resource}_claim",
        fields=[claim.resource],
        kind="btree",
        serves=words.conditional_serves.format(**values),
    )


def _exclusion_serves(
    claim: Claim, spans: dict[str, str], values: dict[str, str], assigned: tuple[str, list[str], str] | None
) -> str:
    """What an exclusion constraint says: over the period (which a state past its end, a business label, keeps), or
    only from the step that assigns the unit."""
    from archgen.design.claim_periods import past_end
    from archgen.knowledge.claim_periods import claim_periods

    words = claim_periods()
    if assigned is not None:
        move, states, count = assigned
        quoted = ", ".join(f"'{s}'" for s in states)
        return words.assigned_serves.format(move=move, assigned=quoted, counter=count, **spans, **values)
    past = [s for s in past_end(claim.entity) if s in claim.states]
    if past:
        return words.past_serves.format(past_names=", ".join(past), **spans, **values)
    return hold_words().exclusion_serves.format(**spans, **values)


def resource_of(claim: Claim, entities: list[EntityDesign]) -> EntityDesign | None:
    """The record a claim holds (the item of a loan)."""
    field = next((f for f in claim.entity.fields if f.name == claim.resource), None)
    target = field.type[4:-1] if field is not None and field.type.startswith("ref[") else ""
    return next((e for e in entities if e.name == target), None)


def out_of_service(claim: Claim, entities: list[EntityDesign]) -> list[Transition]:
    """The people's moves that take a claimed resource out of service from a state of being free (retire, send to
    repair): a claim for a later period may still hold it."""
    resource = resource_of(claim, entities)
    machine = resource.state_machine if resource is not None else None
    if machine is None:
        return []
    free = operation_words().states.free
    return [
        t
        for t in machine.transitions
        if _people_move(t)
        and any(s.lower() in free for s in t.source)
        and t.target.lower() not in free
        and t.target != machine.initial
    ]


def release_timers(claim: Claim) -> list[Transition]:
    """The clock's moves that end a claim (an approved loan nobody collected lapses): from a held state out of
    them all."""
    machine = claim.entity.state_machine
    if machine is None:
        return []
    marks = lifecycle_knowledge().couplings.timer_marks
    return [
        t
        for t in machine.transitions
        if t.roles == [SYSTEM]
        and any(t.guard.lower().startswith(m) for m in marks)
        and set(t.source) & set(claim.states)
        and t.target not in claim.states
    ]


def carried(entity: EntityDesign, move: Transition, jobs: list[Job], events: list[Event], req: Requirements) -> bool:
    """Whether a job or a delayed message carries a timer's move: the job of its scheduled use case, a job whose
    name or description names the record and the move, or an event that says it is delivered later."""
    scheduled = {u.name for u in req.use_cases if u.interaction == "scheduled"}
    if move.use_case in scheduled and any(j.use_case == move.use_case for j in jobs):
        return True
    names = {entity.name.lower(), plural(entity.name).lower()}
    for job in jobs:
        text = f" {job.name} {job.description} ".lower()
        if any(n in text for n in names) and (f" {move.name} " in text or f" {move.target} " in text):
            return True
    marks = hold_words().periods.delayed_marks
    return any(
        e.entity == entity.name and move.name in e.trigger.lower() and any(m in e.trigger.lower() for m in marks)
        for e in events
    )


def browsing(claim: Claim, services: list[Service], req: Requirements) -> list[Endpoint]:
    """The reads people find or browse a claimed resource by (a list or search of items whose use case also reads
    the loans, to see what is free): they answer for a period."""
    resource = claim.entity.fields
    target = next((f.type[4:-1] for f in resource if f.name == claim.resource), "")
    looking = {
        u.name
        for u in req.use_cases
        if u.actor and claim.entity.name in u.reads and target in u.reads and claim.entity.name not in u.writes
    }
    return [
        e
        for s in services
        for e in s.endpoints
        if e.entity == target and e.action in ("list", "search") and set(e.use_cases) & looking
    ]


def spanned(claim: Claim) -> Claim:
    """A claim whose period is a start and a length, with the end they make kept as a server-set field of its own
    (an exclusion constraint cannot compute it: a timestamp with a time zone plus an interval is not immutable)."""
    words = hold_words()
    if claim.period is None or claim.period[1] not in words.durations:
        return claim
    start, length = claim.period
    end = words.derived_end
    if all(f.name != end for f in claim.entity.fields):
        said = words.derived_end_says.format(start=start, duration=length, unit=words.durations[length])
        claim.entity.fields.append(
            StoredField(name=end, type="timestamp", set_by="server", source=f"{start} + {length}", description=said)
        )
    return Claim(claim.entity, claim.resource, claim.states, (start, end))


def said_of(req: Requirements) -> str:
    """What the questionnaire says of what its people do: its summary and its use cases."""
    parts = [req.system.summary or "", *(f"{u.name}. {u.description or ''}" for u in req.use_cases)]
    return " ".join(parts)


def timer_fields(req: Requirements, entity: EntityDesign) -> list[tuple[StoredField, Transition]]:
    """The date fields a job reads to move a record (a loan past its due date goes overdue), each with the job's
    move: found by the words of the field's name that the job's name or description says."""
    machine = entity.state_machine
    if machine is None:
        return []
    jobs = {u.name: u for u in req.use_cases if u.interaction == "scheduled"}
    out = []
    for move in machine.transitions:
        job = jobs.get(move.use_case or "")
        if job is None or move.roles != [SYSTEM]:
            continue
        said = name_words(f"{job.name} {job.description or ''}")
        for field in entity.fields:
            named = name_words(field.name) - _GENERIC
            if field.type in ("date", "timestamp") and named and named <= said and field.set_by == "client":
                out.append((field, move))
    return out


def leading_moves(entities: list[EntityDesign], use_case: str) -> list[tuple[EntityDesign, Transition]]:
    """The steps of a use case that move a linked record with them (the loan's hand-out, which hands out its
    item), each with its record: the child's people's move named as the parent's, else its last in the use case."""
    out: list[tuple[EntityDesign, Transition]] = []
    for link in links(entities):
        moved = [t for t in _moves(link.parent, use_case) if t.roles == [SYSTEM] and t.target not in t.source]
        mine = [t for t in _moves(link.child, use_case) if _people_move(t)]
        for move in moved if mine else []:
            said = leading(mine, use_case) or mine[-1]
            lead = next((t for t in mine if t.name == move.name), said)
            if (link.child, lead) not in out:
                out.append((link.child, lead))
    return out


def reported(link: Link) -> list[tuple[str, str]]:
    """The child's fields that report a fact of its parent (a loan's return_condition, of its item's condition):
    the same type, named as the parent's field with a step's word before it. Each as (child field, parent field)."""
    mine = {f.name: f.type for f in link.child.fields if f.set_by == "client"}
    out = []
    for field in link.parent.fields:
        if field.set_by != "client" or field.name in ("id", "name"):
            continue
        for name, kind in mine.items():
            if name.endswith("_" + field.name) and kind == field.type:
                out.append((name, field.name))
    return out
