"""What each use case does to each entity it writes: create, update, a state transition, delete, or append.

Read from the use case's name and interaction and the entity's lifecycle (its status enum and mutability), with
the verbs kept as data (archgen/knowledge/verbs.yaml). The load model counts new rows from it; the architect
chooses operations and state machines from it, so both read a use case the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from ruamel.yaml import YAML

from archgen.common import english
from archgen.common.naming import words_of
from archgen.knowledge.operations import operation_words
from archgen.requirements.model import Entity, Requirements, UseCase

WriteKind = Literal["create", "update", "transition", "delete"]
STATUS_FIELDS = ("status", "state", "stage", "phase", "lifecycle")


@dataclass(frozen=True)
class Verbs:
    """The verb lists of verbs.yaml."""

    create: frozenset[str]
    update: frozenset[str]
    delete: frozenset[str]
    read: frozenset[str]
    search: frozenset[str]
    states: dict[str, tuple[str, ...]]
    inverse: dict[str, str]
    manage: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    on_existing: frozenset[str] = frozenset()
    fetch_from: frozenset[str] = frozenset()


@functools.cache
def verbs() -> Verbs:
    """The shipped verb lists."""
    text = resources.files("archgen.knowledge").joinpath("verbs.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    return Verbs(
        frozenset(data["create"]),
        frozenset(data["update"]),
        frozenset(data["delete"]),
        frozenset(data["read"]),
        frozenset(data["search"]),
        {verb: tuple(states) for verb, states in data["states"].items()},
        dict(data["inverse"]),
        frozenset(data.get("manage", ())),
        frozenset(data.get("people", ())),
        frozenset(data.get("on_existing", ())),
        frozenset(data.get("fetch_from", ())),
    )


@dataclass(frozen=True)
class Write:
    """How a use case writes one entity."""

    kind: WriteKind
    target: str | None = None  # the state a transition moves to (a create: the state it is moved to at once)
    source: tuple[str, ...] = ()  # the states it may start from


def words(name: str) -> list[str]:
    """The lower-case words of a use case's name."""
    return [w for w in re.split(r"[^a-z0-9-]+", name.lower()) if w]


def names_entity(entity: str, text: list[str], recipient: set[str]) -> bool:
    """Whether the words of an entity's name appear in the text, in order; the last word may be left out of a long
    name ("time off" names TimeOffRequest). An entity that names the recipient is not what it is told of."""
    parts = [english.singular(w) for w in words_of(entity).lower().split()]
    if set(parts) <= recipient:
        return False
    phrases = [parts] + ([parts[:-1]] if len(parts) > 2 else [])
    return any(text[i : i + len(p)] == p for p in phrases for i in range(len(text) - len(p) + 1))


def told_entities(use_case: UseCase, written: Iterable[str]) -> list[str]:
    """The written entities a push use case's name or description names in the plural (messages "with reactions",
    "likes, comments and followers"): a stream of their changes it promises to carry. A record named once ("when
    the driver arrives") is whose change it is, not a change of its own; nor are those that name its recipient."""
    raw = words(f"{use_case.name} {use_case.description or ''}")
    text = [english.singular(w) for w in raw]
    plural = [t if t != w else "" for t, w in zip(text, raw, strict=True)]
    recipient = set(words(use_case.actor or ""))
    out = []
    for name in written:
        parts = [english.singular(w) for w in words_of(name).lower().split()]
        ends = [
            plural[i + len(parts) - 1] for i in range(len(text) - len(parts) + 1) if text[i : i + len(parts)] == parts
        ]
        if any(ends) and names_entity(name, text, recipient):
            out.append(name)
    return out


def searches(use_case: UseCase) -> bool:
    """Whether a use case queries by free text (its name has a search verb): it reads a search index."""
    return use_case.interaction != "push" and bool(verbs().search & set(words(use_case.name)))


def carried_by(req: Requirements, name: str) -> list[str]:
    """The use cases an external system carries without their calling it: their description names it as the way
    their content reaches the user ("segments then come from the CDN"), so its outage stops them."""
    word = re.compile(rf"\b{re.escape(name.lower())}\b")
    return [
        u.name for u in req.use_cases if name not in u.calls and u.description and word.search(u.description.lower())
    ]


def status_field(entity: Entity) -> str | None:
    """The enum field that holds an entity's lifecycle state, if it has one."""
    enums = [name for name, t in entity.fields.items() if t.kind == "enum"]
    for candidate in STATUS_FIELDS:
        for name in enums:
            if name.lower() == candidate or name.lower().endswith("_" + candidate):
                return name
    return None


def states(entity: Entity) -> list[str]:
    """The states of an entity's lifecycle, in the order its enum lists them (empty without one)."""
    field = status_field(entity)
    return list(entity.fields[field].values) if field else []


def _stems(word: str) -> list[str]:
    """Spellings a state named after `word` may have: accept → accepted, approve → approved, ship → shipped."""
    base = word.removesuffix("s") if word.endswith(("ts", "ps", "ks", "es", "ns", "ls", "rs")) else word
    out = [base, base + "ed", base + "d", base + "ing"]
    if len(base) > 2 and base[-1] not in "aeiouwy" and base[-2] in "aeiou":
        out.append(base + base[-1] + "ed")  # ship → shipped, cancel → cancelled
    if base.endswith("y"):
        out.append(base[:-1] + "ied")
    return out


def phrases(text: str) -> list[str]:
    """The words of a text and each pair of neighbours joined by a hyphen ('check in' → check-in), in order."""
    said = words(text)
    return [p for i, w in enumerate(said) for p in (w, f"{w}-{said[i + 1]}" if i + 1 < len(said) else "") if p]


def named_states(text: str, entity: Entity, skip_initial: bool = False) -> list[str]:
    """The states of an entity's lifecycle a text names, by a verb that moves there or the state's own word, in
    the order the text names them ('Go online or offline' → available, offline)."""
    lifecycle = states(entity)
    known = verbs().states
    found: list[str] = []
    for phrase in phrases(text):
        candidates = [*known.get(phrase, ()), *_stems(phrase)]
        for state in lifecycle[1:] if skip_initial else lifecycle:
            # a state of several words (driver_arrived) is named by the phrase of them ("the driver arrives")
            if {state.lower(), state.lower().replace("_", "-")} & set(candidates) and state not in found:
                found.append(state)
                break
    return found


def notified_states(use_case: UseCase, entity: Entity, shown: Iterable[str]) -> list[str]:
    """The states of an entity a notification tells people of: those its name or description names ('when an
    outage is confirmed and when it is restored'), else the states where the record is out there for them."""
    named = named_states(f"{use_case.name}. {use_case.description or ''}", entity, skip_initial=True)
    if named:
        return named
    wanted = {s.lower() for s in shown}
    return [s for s in states(entity)[1:] if s.lower() in wanted]


def transition_targets(use_case: UseCase, entity: Entity) -> list[str]:
    """The states a use case moves an entity to, judged from its name; empty when it names none."""
    if len(states(entity)) < 2:
        return []
    # the first state is where a record is born: a verb that creates lands there, any other moves it back
    creating = bool(set(words(use_case.name)[:1]) & verbs().create)
    return named_states(use_case.name, entity, skip_initial=creating)


def transition_target(use_case: UseCase, entity: Entity) -> str | None:
    """The first state a use case moves an entity to, judged from its name; None when it names none."""
    targets = transition_targets(use_case, entity)
    return targets[0] if targets else None


def write_kind(use_case: UseCase, entity: Entity) -> Write:
    """How `use_case` writes `entity`."""
    lexicon = verbs()
    said = words(use_case.name)
    if entity.mutability == "append_only":
        return Write("create")
    target = transition_target(use_case, entity)
    lead = use_case.writes[0] if use_case.writes else entity.name
    lifecycle = states(entity)
    first = said[0] if said else ""
    # a record a use case neither reads nor reaches through another is one it makes: it is created, then moved
    # (the actor's own record exists already, unless the use case says it creates it: sign up)
    own = is_role_record(use_case.actor or "", entity.name) and first not in lexicon.create
    made = lead == entity.name and entity.name not in use_case.reads and use_case.interaction != "scheduled"
    made = made and not own
    streamed = use_case.interaction in ("stream", "batch")
    if target is not None and target == lifecycle[0] and (made or streamed):
        return Write("create")
    if target is not None and made and not streamed:
        return Write("create", target, (lifecycle[0],))
    if target is not None:
        return Write("transition", target, tuple(s for s in lifecycle if s != target))
    if any(w in lexicon.delete for w in said[:2]):
        return Write("delete")
    if use_case.interaction in ("stream", "batch"):
        return Write("create")
    if first in lexicon.update or (first in lexicon.read and entity.name in use_case.reads):
        return Write("update")  # 'Open notifications' marks the notifications it reads
    if lead != entity.name and (first not in lexicon.create or entity.name in use_case.reads):
        return Write("update")  # a record the use case's main record refers to (or one it reads) changes beside it
    if first in lexicon.on_existing and entity.name in use_case.reads:
        return Write("update")  # 'Request more information' asks about the claim it reads; it makes none
    if first in lexicon.create and first in lexicon.states and entity.name in use_case.reads:
        return Write("update")  # 'Review flagged payment' acts on the payment it read; it makes none
    if first in lexicon.create:
        return Write("create")
    if entity.name in use_case.reads:
        return Write("update")
    return Write("create")


def acts_on_existing(req: Requirements, use_case: UseCase) -> str | None:
    """The record a use case acts on without saying so, when its verb acts on what exists (request, escalate),
    its name does not name the record it writes first, and another use case creates that record: 'Request more
    information' writes the claim someone reported, it reports none."""
    said = words(use_case.name)
    if not said or said[0] not in verbs().on_existing or not use_case.writes:
        return None
    lead = use_case.writes[0]
    if names_entity(lead, [english.singular(w) for w in said], set()):
        return None
    entity = next((e for e in req.data.entities if e.name == lead), None)
    makers = [
        u
        for u in req.use_cases
        if u is not use_case and u.writes[:1] == [lead] and entity is not None and _makes(u, entity)
    ]
    return lead if makers else None


def _makes(use_case: UseCase, entity: Entity) -> bool:
    """Whether the use case brings the record into being (not moves one it reaches some other way)."""
    first = (words(use_case.name) or [""])[0]
    return write_kind(use_case, entity).kind == "create" and first in verbs().create


def anonymous_role(req: Requirements, role: str | None) -> bool:
    """Whether members of a person role use the system without signing in: its name says so (a visitor, a guest)
    or its description does ("Anonymous person searching", "many are not signed in")."""
    found = next((r for r in req.users.roles if r.name == role), None)
    if found is None or found.kind != "person" or found.internal:
        return False
    known = operation_words().reads
    name = re.sub(r"[^a-z0-9]+", " ", found.name.lower()).split()
    said = " " + re.sub(r"[^a-z0-9-]+", " ", (found.description or "").lower()) + " "
    return bool(set(name) & known.anonymous_roles) or any(f" {p} " in said for p in known.anonymous_said)


def audit_trail(entity: str) -> bool:
    """Whether an entity is a trail of who did what (AuditEvent, AccessLog): the server writes it from the acting
    call, so no client ever creates or changes one."""
    parts = re.findall(r"[a-z0-9]+", re.sub(r"(?<!^)(?=[A-Z])", " ", entity).lower())
    return "audit" in parts or parts[-2:] == ["access", "log"]


def acted_writes(use_case: UseCase) -> list[str]:
    """What a caller's request asks to write: a request that does anything else records its audit trail on the
    server, from the acting call, so the trail is no part of what the client sends."""
    trail = [w for w in use_case.writes if audit_trail(w)]
    if not trail or use_case.interaction != "request" or not (use_case.reads or len(trail) < len(use_case.writes)):
        return list(use_case.writes)
    return [w for w in use_case.writes if w not in trail]


def peers(req: Requirements, entity: str) -> bool:
    """Whether the questionnaire relates the people an entity is about to each other: some record refers to two of
    them (a follow's follower and followee, a message's author and the members it mentions)."""
    for other in req.data.entities:
        kinds = [k.item if k.kind == "list" and k.item else k for k in other.fields.values()]
        if sum(1 for k in kinds if k.kind == "ref" and k.target == entity) >= 2:
            return True
    return False


def is_role_record(role: str, entity: str) -> bool:
    """Whether an entity records the members of a role (rider → Rider, staff → StaffMember)."""
    parts = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", entity)
    key = re.sub(r"[^a-z0-9]", "", role.lower())
    return bool(key) and (re.sub(r"[^a-z0-9]", "", entity.lower()) == key or (bool(parts) and parts[0].lower() == key))


def creates(req: Requirements, entity: Entity) -> list[UseCase]:
    """The use cases that add rows of `entity`."""
    return [u for u in req.use_cases if entity.name in u.writes and write_kind(u, entity).kind == "create"]


def device_token_holder(req: Requirements) -> str | None:
    """The record phones register their push address in: one a push use case reads that keeps a device token."""
    from archgen.knowledge.notifications import holds_device_token

    for use_case in req.use_cases:
        if use_case.interaction != "push":
            continue
        for name in use_case.reads:
            if holds_device_token(req.entity(name).fields):
                return name
    return None
