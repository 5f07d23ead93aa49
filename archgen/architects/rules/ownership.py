"""Who does what to each entity a use case touches, so that only an owner ever writes its data.

The service that carries a use case writes what it owns in one transaction. What other services own is written by
those owners: inside the same transaction when it lives in the same database (modules of one deployable), through
the owner's operation when the caller's answer depends on the owner's check, and from an event the owner consumes
when the change may follow. What others own is read through their operations, or from a copy the reader keeps from
their events when calling them would close a cycle of dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.capacity.measure import after_commit, side_effect
from archgen.common import english
from archgen.design.chart import posting_use_case
from archgen.design.model import Transition
from archgen.design.postings import keeper, movements
from archgen.knowledge.money import is_posting
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import names_entity, notified_states, told_entities, words, write_kind
from archgen.requirements.model import UseCase

SYSTEMS = ("service", "integration")  # callers that are other organisations' systems, not people or devices
WriteMode = Literal["own", "together", "call", "event"]
ReadMode = Literal["own", "call", "copy", "shared", "reference"]


@dataclass(frozen=True)
class Part:
    """The entities of one owner a use case writes, and how: by the carrier itself (own), by the owner inside the
    carrier's transaction (together), by the owner's operation during the request (call), or by the owner after it
    consumes the carrier's event (event)."""

    owner: str
    entities: tuple[str, ...]
    mode: WriteMode


@dataclass(frozen=True)
class Read:
    """How the carrier of a use case reads one entity: from its own store, through the owner's operation, from the
    copy it keeps from the owner's events, from the owner's tables in the database they share, or from a copy of
    reference data nothing in the design changes (so no event can feed it: where it comes from is asked)."""

    entity: str
    mode: ReadMode


def home(draft: Draft, use_case: UseCase) -> str:
    """The service that carries a use case: its job's, its realtime channel's or its operation's; else the owner of
    what it writes (or reads) first."""
    if use_case.interaction == "scheduled":
        job = next((j for j in draft.jobs if j.use_case == use_case.name), None)
        if job is not None and draft.service(job.service) is not None:
            return job.service
    if use_case.interaction == "push" and use_case.writes and actor_kind(draft.req, use_case) in SYSTEMS:
        return draft.service_of(use_case.writes[0]).name  # calls to another organisation's system: its deliverer
    if use_case.interaction in ("push", "stream"):
        channel = next((c for c in draft.realtime if use_case.name in c.use_cases), None)
        if channel is not None and draft.service(channel.service) is not None:
            return channel.service
    for service in draft.services:
        if any(use_case.name in e.use_cases for e in service.endpoints):
            return service.name
    lead = (use_case.writes or use_case.reads or [draft.req.data.entities[0].name])[0]
    return draft.service_of(lead).name


def writes(draft: Draft, use_case: UseCase, carrier: str) -> list[Part]:
    """The use case's writes grouped by owner, the carrier's own first, each with how it is written."""
    groups: dict[str, list[str]] = {}
    for name in use_case.writes:
        groups.setdefault(draft.entity(name).owner, []).append(name)
    own = groups.pop(carrier, [])
    base = transaction_store(draft, carrier, own)
    parts = [Part(carrier, tuple(own), "own")] if own else []
    for owner, names in groups.items():
        if owner == called_keeper(draft, use_case.name) and any(is_posting(n) for n in names):
            continue  # the flow posts each of its movements by its own call to the ledger, by kind
        parts.append(Part(owner, tuple(names), _mode(draft, use_case, carrier, owner, names, base)))
    return parts


def called_keeper(draft: Draft, use_case: str) -> str | None:
    """The ledger's keeper when a use case's flow posts movements of records another service owns by calling it."""
    kept = keeper(draft.services, draft.entities)
    if kept is None:
        return None
    for entity, move, found in movements(draft.entities):
        if entity.owner != kept[0] and posting_use_case(draft.req, entity, move, found.kind) == use_case:
            return kept[0]
    return None


def transaction_store(draft: Draft, carrier: str, own: list[str] | tuple[str, ...]) -> str | None:
    """The database the carrier's transaction runs in: where its own written entities live, else its first store."""
    if own:
        return draft.entity(own[0]).store
    service = draft.service(carrier)
    if service is None or not service.entities:
        return None
    return draft.entity(service.entities[0]).store


def _mode(draft: Draft, use_case: UseCase, carrier: str, owner: str, names: list[str], base: str | None) -> WriteMode:
    stores = {draft.entity(n).store for n in names}
    if base is not None and stores == {base} and draft.store(base).kind == "relational":
        return "together"  # one database: the owner's module writes inside the same transaction
    if any(is_posting(n) for n in names) and any(
        not is_posting(n) and draft.entity(n).owner == carrier for n in use_case.writes
    ):
        # a move of money is posted inside the move: the carrier commits only once the ledger has answered, so no
        # posting waits in a queue, out of order, for a consumer that may dead-letter it
        return "call"
    checked = any(n in use_case.reads for n in names)  # the answer depends on the owner's data: it decides now
    service = draft.service(carrier)
    # what the owner checks it also writes in the same transaction (funds held, stock taken): a check now and a
    # write later from an event lets concurrent requests all pass the check
    if checked and service is not None and owner in service.depends_on:
        return "call"
    return "event"


def reads(draft: Draft, use_case: UseCase, carrier: str) -> list[Read]:
    """How the carrier reads each entity the use case reads."""
    service = draft.service(carrier)
    base = transaction_store(draft, carrier, [])
    out = []
    for name in use_case.reads:
        entity = draft.entity(name)
        if entity.owner == carrier:
            mode: ReadMode = "own"
        elif service is not None and entity.owner in service.depends_on:
            mode = "call"
        elif draft.small or entity.store == base:
            mode = "shared"  # one database: a read-only query of the owner's tables
        elif base is not None and changed(draft, name):
            mode = "copy"  # calling the owner would close a cycle: it keeps a copy fed by the owner's events
        elif base is not None:
            mode = "reference"  # nothing changes it, so no event could feed a copy: loaded as reference data
        else:
            mode = "call"
        out.append(Read(name, mode))
    return out


def changed(draft: Draft, entity: str) -> bool:
    """Whether anything in the design changes an entity: a use case that writes it (a notification only reads)
    or an operation of its owner that creates, edits or deletes it."""
    if any(entity in u.writes for u in draft.req.use_cases if u.interaction != "push"):
        return True
    return bool(changing_operations(draft, entity))


def changing_operations(draft: Draft, entity: str) -> list[str]:
    """The operations of an entity's owner that change it ("POST /v1/meters")."""
    owner = draft.service(draft.entity(entity).owner)
    if owner is None:
        return []
    return [
        f"{e.method} {e.path}"
        for e in owner.endpoints
        if e.entity == entity and e.method in ("POST", "PUT", "PATCH", "DELETE")
    ]


def copy_keepers(draft: Draft) -> dict[str, list[str]]:
    """Entity → the services that keep a copy of it fed by its owner's events, because they read it without
    depending on the owner."""
    out: dict[str, list[str]] = {}
    for use_case in draft.req.use_cases:
        carrier = home(draft, use_case)
        for read in reads(draft, use_case, carrier):
            keepers = out.setdefault(read.entity, [])
            if read.mode == "copy" and carrier not in keepers:
                keepers.append(carrier)
    return {k: v for k, v in out.items() if v}


def after_commit_calls(draft: Draft, use_case: UseCase) -> list[str]:
    """The integrations a use case only tells of its change (e-mail, push, purge): called after the commit, from the
    outbox, never inside the request."""
    if use_case.interaction in ("push", "scheduled"):
        return []
    return telling_calls(draft, use_case)


def telling_calls(draft: Draft, use_case: UseCase) -> list[str]:
    """The integrations a use case that changes data only tells of the change: they wait for its commit."""
    kinds = {i.name: i.kind for i in draft.req.integrations}
    if not use_case.writes:
        return []
    return [n for n in use_case.calls if after_commit(kinds.get(n, ""), n)]


def repeats_harm(draft: Draft, name: str) -> bool:
    """Whether calling an integration again changes something again (a second charge, a second message)."""
    kind = next((i.kind for i in draft.req.integrations if i.name == name), "")
    return side_effect(kind, name)


def subjects(draft: Draft, use_case: UseCase) -> list[str]:
    """What a push use case tells of: the entities whose changes trigger it. The entities it reads that other use
    cases write and that its name or description names; else the first of them; else the written entities its
    text names (a webhook to customers names the changes it carries); and every other written entity its text
    names in the plural (live messages "with reactions"). Streamed entities it reads are pushed too."""
    written = {n for u in draft.req.use_cases if u.interaction != "push" for n in u.writes}
    text = [english.singular(w) for w in words(f"{use_case.name} {use_case.description or ''}")]
    recipient = set(words(use_case.actor or ""))
    readable = [n for n in use_case.reads if n in written]
    entities = [e.name for e in draft.req.data.entities if e.name in written]
    found = [n for n in readable if names_entity(n, text, recipient)] or readable[:1]
    if not found:
        found = [n for n in entities if names_entity(n, text, recipient)]
    found += [n for n in told_entities(use_case, entities) if n not in found]
    streamed = {n for u in draft.req.use_cases if u.interaction == "stream" for n in u.writes}
    return found + [n for n in use_case.reads if n in streamed and n not in found]


def notifiers(draft: Draft) -> dict[str, list[tuple[UseCase, str]]]:
    """Entity → the push use cases that tell of its changes, with the service that pushes them."""
    out: dict[str, list[tuple[UseCase, str]]] = {}
    for use_case in draft.req.use_cases:
        if use_case.interaction != "push":
            continue
        carrier = home(draft, use_case)
        for name in subjects(draft, use_case):
            out.setdefault(name, []).append((use_case, carrier))
    return out


def tells(draft: Draft, push: UseCase, use_case: UseCase, entity: str) -> bool:
    """Whether a use case's change to an entity is what a push tells of: a phone is told of news (a record added
    or moved on, not one the use case only handles); a live screen sees every change."""
    channel = next((c for c in draft.realtime if push.name in c.use_cases), None)
    if channel is None or channel.protocol != "mobile-push":
        return True
    if told_transitions(draft, push, entity):
        return False  # the push hears the event of the transition it tells of, not every change
    change = write_kind(use_case, draft.req.entity(entity))
    if change.kind in ("update", "delete"):
        return False  # an edit, a hide or a removal changes the inbox when it is next opened, not the lock screen
    # a record made unseen (uploading, draft) and shown later tells people when it is shown, not when it is made
    shown = set(operation_words().reads.published_states)
    machine = next((e.state_machine for e in draft.entities if e.name == entity and e.state_machine), None)
    if machine is not None and shown & {s.lower() for s in machine.states}:
        moves = [t.target for t in machine.transitions if t.use_case == use_case.name]
        made = change.kind == "create" and entity not in use_case.reads
        return any(t.lower() in shown for t in moves) or (made and machine.initial.lower() in shown)
    return change.kind == "transition" or (change.kind == "create" and entity not in use_case.reads)


def told_transitions(draft: Draft, push: UseCase, entity: str) -> list[Transition]:
    """The transitions of an entity's lifecycle a phone notification tells of (into the states it names, else
    into the states where the record is out there for people), each with the event it emits and the use case that
    performs it; empty for a live screen, which sees every change."""
    channel = next((c for c in draft.realtime if push.name in c.use_cases), None)
    machine = next((e.state_machine for e in draft.entities if e.name == entity and e.state_machine), None)
    if channel is None or channel.protocol != "mobile-push" or machine is None:
        return []
    shown = operation_words().reads.published_states
    targets = set(notified_states(push, draft.req.entity(entity), shown))
    return [t for t in machine.transitions if t.target in targets and t.emits and t.use_case]
