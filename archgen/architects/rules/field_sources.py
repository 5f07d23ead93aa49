"""Who sets each field of an entity: the client in its input, or the server, and from what.

Only the field that names the acting party comes from the caller's token; a reference to anyone else (the
recipient of a transfer, the member followed) is the caller's input. Amounts the caller chooses are input; prices
the server computes (quotes, totals, fees, surge) are not. A time the client observed is input; the time the
server stored the record is its clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.lifecycle import record_subjects
from archgen.architects.rules.provenance import vouched_source
from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.design import model as m
from archgen.design.counters import counters
from archgen.design.later import set_later
from archgen.design.produced import producer
from archgen.design.series import SEQUENCE
from archgen.design.work_requests import requests_of
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.knowledge.work_requests import work_requests
from archgen.requirements.intent import is_role_record, verbs, words, write_kind
from archgen.requirements.model import Entity, FileSet, Requirements, UseCase

WORKER = "the worker that runs"  # how a field a request's worker produces names its setter


# records the system writes about what happened: every time on them is the server's
AUDIT_RECORDS = ("audit", "accesslog", "journal")
CONNECTION_FIELDS = ("ip_address", "ip", "user_agent", "client_ip")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def role_entity(req: Requirements, role: str) -> str | None:
    """The entity that records the members of a role (rider → Rider, staff → StaffMember), if there is one."""
    return next((e.name for e in req.data.entities if is_role_record(role, e.name)), None)


def is_file_key(req: Requirements, field: str) -> bool:
    """Whether a field holds the key of a stored file: a storage key, or a key named after one of the
    questionnaire's file sets (photo_key beside item-photos, avatar_key beside avatars)."""
    if not req.data.files:
        return False
    name = field.lower()
    if name in operation_words().fields.file_keys:
        return True
    if not name.endswith(("_key", "_keys")):
        return False
    stem = name.rsplit("_", 1)[0]
    sets = {english.singular(w) for f in req.data.files for w in re.split(r"[^a-z0-9]+", f.name.lower()) if w}
    return english.singular(stem) in sets or stem in sets


def files_of(req: Requirements, entity: Entity) -> bool:
    """Whether an entity's records have files: a field keys one, or a file set is named after the entity."""
    if any(is_file_key(req, f) for f in entity.fields):
        return True
    own = {w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+", entity.name)}
    return any(english.singular(w) in own for f in req.data.files for w in re.split(r"[^a-z0-9]+", f.name.lower()) if w)


def _set_words(name: str) -> set[str]:
    return {english.singular(w) for w in re.split(r"[^a-z0-9]+", name.lower()) if w}


def keeps_private_file(req: Requirements, entity: str, fields: Iterable[str]) -> bool:
    """Whether a record keys a stored file that is not served to anonymous users: a key named after a private file
    set (photo_key beside item-photos), or a plain storage key beside a private set named like the record (a
    Document's storage_key beside claim-documents). When no set is named like either, only a questionnaire whose
    sets are all private says the file is."""
    keys = [f for f in fields if is_file_key(req, f)]
    if not keys:
        return False
    own = {english.singular(w.lower()) for w in re.findall(r"[A-Z]?[a-z0-9]+", entity)}
    named = [s for s in req.data.files if _set_words(s.name) & own]
    sets: list[FileSet] = []
    for key in keys:
        stem = english.singular(key.lower().rsplit("_", 1)[0])
        sets += [s for s in req.data.files if stem in _set_words(s.name)] or named
    if not sets:
        return all(not s.public for s in req.data.files)
    return any(not s.public for s in sets)


def files_record(req: Requirements, use_case: UseCase, entity: Entity) -> bool:
    """Whether a person's request puts a file record: it makes the record, or attaches one beside its own (an
    assessment filed with its report)."""
    if actor_kind(req, use_case) != "person" or use_case.interaction != "request" or entity.name not in use_case.writes:
        return False
    return use_case.writes[0] != entity.name or write_kind(use_case, entity).kind == "create"


def acting_field(req: Requirements, entity: Entity) -> tuple[str, str] | None:
    """The field that names who makes an entity's records, and their role, when one role makes them all: the only
    reference to that role's record, or among several the one named like the role or like an actor (sender,
    author, follower). Every other reference is the caller's input."""
    writers = [u for u in req.use_cases if entity.name in u.writes and actor_kind(req, u) in ("person", "device")]
    makers = [u for u in writers if write_kind(u, entity).kind == "create"] or writers
    roles = {u.actor for u in makers if u.actor}
    if len(roles) != 1:
        return None
    role = roles.pop()
    own = role_entity(req, role)
    refs = [name for name, kind in entity.fields.items() if kind.kind == "ref" and kind.target == own]
    if len(refs) == 1:
        return refs[0], role
    actor_words = operation_words().fields.actor
    named = [r for r in refs if _norm(r) == _norm(role) or r.removesuffix("_id") in actor_words]
    return (named[0], role) if named else None


def unattributed(req: Requirements, entity: Entity) -> bool:
    """Whether people make records of an entity that would name nobody: no reference to another record and no
    field for who made it (a recipe in a personal notebook). No check could then tell whose record it is."""
    makers = [
        u
        for u in req.use_cases
        if entity.name in u.writes[:1]
        and u.interaction == "request"
        and actor_kind(req, u) == "person"
        and write_kind(u, entity).kind == "create"
    ]
    if not makers or any(is_role_record(u.actor or "", entity.name) for u in makers):
        return False  # (signing up makes the record of the person themselves)
    actor = operation_words().fields.actor
    return not any(k.kind == "ref" or n.removesuffix("_id") in actor for n, k in entity.fields.items())


def mark_server_owned(draft: Draft, entity: m.EntityDesign, uploaded: set[str]) -> None:
    """Mark the fields no client may set, and say who sets each (`uploaded`: the entities created with an upload
    URL, whose file keys the server names)."""
    owner = _Owner(draft, entity, entity.name in uploaded)
    for stored in entity.fields:
        said = owner.source(stored.name)
        if said is not None:
            stored.set_by, stored.source = "server", said
            _signed_in_or_none(draft, entity, stored)
        elif (vouched := vouched_source(draft, entity, stored)) is not None:
            stored.set_by, stored.source, stored.writers = "server", vouched, []
    # what a later transition (or the worker of a request) sets is empty until it happens
    later = set_later(entity)
    for stored in entity.fields:
        if stored.name in later or stored.source.startswith(WORKER):
            stored.required = False


def _signed_in_or_none(draft: Draft, entity: m.EntityDesign, stored: m.StoredField) -> None:
    """A field taken from the signed-in person that records made by a caller who is no such person (another system,
    a scheduled job) cannot fill: it is optional, and says what it holds then."""
    said = stored.source
    if "signed-in" not in said or "token" not in said or "transition" in said or "when they act" in said:
        return
    if entity.name not in {e.name for e in draft.req.data.entities}:
        return
    held = draft.req.entity(entity.name)
    others = [
        u
        for u in draft.req.use_cases
        if entity.name in u.writes[:1]
        and write_kind(u, held).kind == "create"
        and actor_kind(draft.req, u) not in ("person", "device")
    ]
    if others:
        stored.required = False
        stored.source = f"{said}; none when {others[0].name} makes the record (no signed-in person)"


class _Owner:
    """What decides who sets the fields of one entity."""

    def __init__(self, draft: Draft, entity: m.EntityDesign, uploaded: bool) -> None:
        self.draft = draft
        self.uploaded = uploaded
        self.entity = entity
        self.fields = draft.req.entity(entity.name).fields
        self.known = operation_words().fields
        machine = entity.state_machine
        self.status = machine.field if machine else None
        self.moves, self.agents = _movers(machine)
        self.acting = acting_field(draft.req, draft.req.entity(entity.name))
        self.by_transition = _transition_refs(draft.req, draft.req.entity(entity.name), machine)
        name_words = set(re.findall(r"[a-z0-9]+", re.sub(r"(?<!^)(?=[A-Z])", " ", entity.name).lower()))
        self.quote = bool(name_words & self.known.quotes)
        self.audit = _norm(entity.name).endswith(AUDIT_RECORDS) or bool(name_words & set(AUDIT_RECORDS))
        self.expires = machine is not None and any(t.target.lower() == "expired" for t in machine.transitions)
        writers = [u for u in draft.req.use_cases if entity.name in u.writes]
        # use cases that change it beside the record they make (a booking takes rooms from a night's inventory)
        self.tallied_by = [u.name for u in writers if u.writes[0] != entity.name]
        self.only_background = bool(writers) and all(u.interaction != "request" for u in writers)
        # records copied in from another system (a till's sales, a feed): their amounts are that system's
        self.reported = bool(writers) and all(u.interaction in ("stream", "batch", "webhook") for u in writers)
        self.made_at = _made_times(draft.req, draft.req.entity(entity.name), machine)
        self.calls = list(dict.fromkeys(c for u in writers for c in u.calls))
        self.providers = {w for c in self.calls for w in re.findall(r"[a-z0-9]+", c.lower())}
        self.measured_by = _measuring_move(machine)
        # a request for work done later (an import): what the worker produces is its, never the client's
        self.requested = next(iter(requests_of(draft.req, entity.name)), None)
        # a record a worker produces from another (a video's renditions): every field of it is the worker's
        self.produced_by = producer(draft.req, entity.name)

    def assigned(self, field: str) -> str | None:
        """Who must act on a record, when the data says who (a leave request's approver is its employee's manager):
        set at creation from that relationship, so the record waits in that person's list before they act."""
        move = self.agents.get(field.lower().removesuffix("_id"))
        machine = self.entity.state_machine
        kind = self.fields.get(field)
        if move is None or machine is None or kind is None or kind.kind != "ref":
            return None
        roles = next((t.roles for t in machine.transitions if t.name == move), [])
        entity = self.draft.req.entity(self.entity.name)
        for subject in record_subjects(self.draft.req, entity):
            person = entity.fields[subject].target or ""
            held = self.draft.req.entity(person).fields
            relation = next((n for n, k in held.items() if k.kind == "ref" and k.target == person and n in roles), None)
            if relation is not None and kind.target == person:
                return lifecycle_knowledge().assignment.from_relation.format(
                    subject=subject, relation=relation, entity=person
                )
        return None

    def countersigns(self, field: str) -> bool:
        """Whether a field records the second person of a two-person rule, who countersigns by a transition."""
        machine = self.entity.state_machine
        second = money_words().second_move
        moved = machine is not None and any(t.name == second for t in machine.transitions)
        return moved and bool(name_words(field) & set(money_words().second_person))

    def source(self, field: str) -> str | None:
        """Who sets a field when the server does (None: the client does)."""
        known, owner = self.known, self.entity.owner
        kind = self.fields.get(field)
        name = field.lower()
        parts = name.split("_")
        stem = name.removesuffix("_id")
        timestamp = kind is not None and kind.kind in ("timestamp", "date")
        priced = kind is not None and kind.kind == "decimal" and bool(set(parts) & known.money)
        moved = self.moves.get("_".join(parts[:-1])) if name.endswith(("_at", "_by", "_on")) else None
        if timestamp and field in self.entity.primary_key and SEQUENCE in self.entity.primary_key:
            return None  # a device's series is keyed by when the device took each reading (series_keys.py)
        rules: list[tuple[bool, str]] = [
            (name == "id", "a UUID v7 it generates"),
            (field == self.status, "the state machine: changed only by its transitions"),
            (is_tenant_key(self.draft, field), "the tenant claim of the caller's token"),
            (name in known.clock or (self.audit and timestamp), "its clock"),
            (name in ("version", "etag"), "a counter it increments on every write"),
            (name in known.heartbeat, f"the {owner} service each time it hears from the record's subject"),
            (name in CONNECTION_FIELDS, "the connection the request arrives on"),
            (moved is not None and name.endswith("_by"), f"the {moved} transition (its caller, from the token)"),
            (moved is not None, f"the {moved} transition"),
            (self.assigned(field) is not None, self.assigned(field) or ""),
            (stem in self.agents, f"the {self.agents.get(stem)} transition (its caller, from the token)"),
            (
                self.acting is not None and field == self.acting[0],
                f"the signed-in {self.acting[1] if self.acting else ''} (from the token)",
            ),
            (field in self.by_transition, self.by_transition.get(field, "")),
            (self.countersigns(field), f"the {money_words().second_move} transition (its caller, from the token)"),
            (
                stem in known.actor or "_".join(parts[-2:]) in known.actor or parts[-1] in known.actor,
                "the signed-in caller (from the token)",
            ),
            (name in known.stamped, "its clock, when it stores the record"),
            (self._produced(field), f"{WORKER} {self.requested.name if self.requested else ''}, once it has run"),
            (
                self.produced_by is not None,
                f"{WORKER} {self.produced_by.use_case.name if self.produced_by else ''} on the "
                f"{self.produced_by.parent if self.produced_by else ''} it belongs to",
            ),
            (
                timestamp and name in self.made_at and name not in known.scheduled,
                "its clock, when it stores the record",
            ),
            (
                name.endswith("_by")
                and name not in known.named_by_caller
                and kind is not None
                and kind.kind not in ("timestamp", "date"),
                "the signed-in caller (from the token), when they act on it",
            ),
            (timestamp and self._acted(name), "its clock, when the caller's act is stored"),
            (
                bool(self.providers)
                and len(parts) > 1
                and parts[-1] in known.provider_answers
                and (parts[0] in known.provider or parts[0] in self.providers),
                f"the answer of {english.join(self.calls)}, when it calls the provider",
            ),
            (
                self.measured_by is not None
                and bool(set(parts) & known.measured)
                and kind is not None
                and kind.kind in ("int", "decimal"),
                f"measured while the work happens; set by the {self.measured_by} transition",
            ),
            (name in known.edits, "its clock, when an update applies an edit"),
            (name in known.tombstones, "the delete operation (the record is kept as a tombstone)"),
            (bool(set(parts) & known.policy), f"decided by the {owner} service's rules"),
            (
                self.uploaded and is_file_key(self.draft.req, field),
                "the object key it names when it hands out the upload URL",
            ),
            (
                self.quote and (name == "expires_at" or priced),
                f"computed by the {owner} service when it quotes",
            ),
            (any(p in known.computed for p in parts), f"computed by the {owner} service"),
            (
                priced and not self.reported and self._beside_computed(field) and not set(parts) & known.chosen,
                f"computed by the {owner} service from the same rates as the total",
            ),
            (name == "expires_at" and self.expires, f"the {owner} service's expiry policy"),
            (parts[-1] == "count", self._counted(field)),
            (
                bool(self.tallied_by) and kind is not None and kind.kind == "int" and bool(set(parts) & known.counters),
                f"the operations of {english.join(self.tallied_by[:3])} (in the transaction that changes it)",
            ),
            (name in ("rating", "score") and self.only_background, f"maintained by the {owner} service"),
        ]
        return next((said for holds, said in rules if holds), None)

    def _produced(self, field: str) -> bool:
        """Whether a field of a request for later work holds what the work produces: the record it makes, or a
        time of the run (when the page was fetched)."""
        kind = self.fields.get(field)
        if self.requested is None or kind is None or field in self.made_at:
            return False
        made = kind.kind == "ref" and kind.target in self.requested.writes[1:]
        errors = set(work_requests().error_words)
        failed = field.lower() in errors or bool(set(field.lower().split("_")) & errors)  # why the work failed
        return (
            made
            or failed
            or (kind.kind in ("timestamp", "date") and not field.lower().startswith(("requested", "created")))
        )

    def _counted(self, field: str) -> str:
        """Who keeps a count and from what: the owner of the counted records in the same transaction, else from
        their owner's events."""
        owner = self.entity.owner
        found = next(
            (c for c in counters(self.draft.entities) if c.entity.name == self.entity.name and c.field == field), None
        )
        if found is None:
            return f"maintained by the {owner} service"
        counted = found.counted
        if counted.owner == owner:
            return f"maintained by the {owner} service as it adds or removes each {counted.name}"
        events = f"{english.possessive(counted.owner)} events"
        return f"maintained by the {owner} service from {events} of each {counted.name} added or removed"

    def _acted(self, name: str) -> bool:
        """Whether a time is when someone did what a field beside it names them for (acknowledged_at beside
        acknowledged_by): the same act stamps both."""
        stem = name.rsplit("_", 1)[0]
        return name.endswith(("_at", "_on")) and any(f == stem + "_by" for f in self.fields)

    def _beside_computed(self, field: str) -> bool:
        """Whether an amount with a qualifier (deposit_amount) sits beside a total the server computes: it is
        derived by the same rules."""
        known = self.known
        parts = field.lower().split("_")
        if not set(parts) - known.money:
            return False  # a bare amount is what the caller chooses (what a transfer sends)
        return any(
            n != field and k.kind == "decimal" and any(p in known.computed for p in n.lower().split("_"))
            for n, k in self.fields.items()
        )


def _movers(machine: m.StateMachine | None) -> tuple[dict[str, str], dict[str, str]]:
    """What fields a transition sets, each to the transition's verb: times and callers named after its target or
    its verb's participle (paid_at, decided_by) and agent nouns of its verb (approver)."""
    moves: dict[str, str] = {}
    agents: dict[str, str] = {}
    if machine is None:
        return moves, agents
    lexicon = verbs().states
    for move in machine.transitions:
        target = move.target.lower()
        for word in (target, target.split("_")[0]):
            moves.setdefault(word, move.name)
        base = move.name.replace("-", "_")
        for word in (base + "ed", base + "d", base + base[-1:] + "ed"):
            moves.setdefault(word, move.name)
        for word in (base + "r", base + "er", base + "or"):
            agents.setdefault(word, move.name)
        # a verb whose states include the target: decided_at is stamped by the moves into approved or rejected
        for verb, reached in lexicon.items():
            if move.target in reached:
                for word in (verb + "d", verb + "ed"):
                    moves.setdefault(word.replace("-", "_"), move.name)
    return moves, agents


def _made_times(req: Requirements, entity: Entity, machine: m.StateMachine | None) -> set[str]:
    """The times of the act that makes a record, stamped when the server stores it: named after its first state
    (requested_at on a record born requested) or after the verb of a request that makes it (placed_at, booked_at)."""
    out: set[str] = set()
    if machine is not None:
        out.add(f"{machine.initial.lower()}_at")
    for use_case in req.use_cases:
        if entity.name not in use_case.writes[:1] or use_case.interaction != "request":
            continue
        if write_kind(use_case, entity).kind != "create":
            continue
        first = words(use_case.name)[:1]
        for verb in first:
            out.update(f"{w}_at" for w in (verb + "ed", verb + "d", verb + verb[-1:] + "ed", verb[:-1] + "ied"))
    return out


def _measuring_move(machine: m.StateMachine | None) -> str | None:
    """The move that ends work a record goes through (a trip driven, a job run): it sets what was measured while
    the work happened. None when the record has no state of work under way."""
    if machine is None:
        return None
    under_way = set(verbs().states.get("start", ()))
    ends = operation_words().states.cancel
    started = [i for i, s in enumerate(machine.states) if s.lower() in under_way]
    if not started:
        return None
    for move in machine.transitions:
        later = machine.states.index(move.target) > started[0] if move.target in machine.states else False
        if later and move.target in machine.terminal and move.target.lower() not in ends:
            return move.name
    return None


def _transition_refs(req: Requirements, entity: Entity, machine: m.StateMachine | None) -> dict[str, str]:
    """References to the record of a role that moves the entity (a trip's driver, set when a driver accepts it):
    the transition takes them from the caller's token."""
    out: dict[str, str] = {}
    if machine is None:
        return out
    for move in machine.transitions:
        # the first move after creation by someone else claims the record for them (a driver accepts a trip)
        if move.source != [machine.initial] or move.target.lower() in operation_words().states.cancel:
            continue
        for role in move.roles:
            own = role_entity(req, role)
            refs = [n for n, k in entity.fields.items() if k.kind == "ref" and own is not None and k.target == own]
            if len(refs) == 1:
                out.setdefault(refs[0], f"the {role} who performs the {move.name} transition (from the token)")
                # what the performer's own record names (their vehicle) comes with them, not from the requester
                mine = req.entity(own).fields if own is not None else {}
                for theirs, kind in mine.items():
                    same = [n for n, k in entity.fields.items() if k.kind == "ref" and k.target == kind.target]
                    if kind.kind == "ref" and kind.target != entity.name and len(same) == 1:
                        out.setdefault(same[0], f"the {theirs} of the {role} who performs the {move.name} transition")
    return out


def is_tenant_key(draft: Draft, field: str) -> bool:
    """Whether a field names the tenant of a multi-tenant system (taken from the token, never from a client)."""
    tenancy = draft.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return False
    return any(w in field.lower() for w in ("tenant", "organisation", "organization")) or field == "workspace"
