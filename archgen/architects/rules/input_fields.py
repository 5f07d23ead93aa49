"""What a create input asks for: only what its caller knows when it makes the record, and must say.

A reference most records lack, or one chosen by a kind field of the record (a payout to a merchant or to a
consumer), is optional. A time a later step stamps, what a run produces and what the server measures from an
uploaded file are the server's. The party a system calls as comes from its credential. What staff decide about a
record after someone else made it (its severity, its reserve, who handles it) is set only by them. Nobody sets what
binds them: the reference a record is quoted by is issued by the server, the channel a request came by is its
credential's, and a deadline or a limit on the party that makes a record is set by those who decide it.
"""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.design import model as m
from archgen.design.binding import assigned, is_channel, is_deadline, placement, terms
from archgen.design.supplied import chosen_by, keeps_file, optional_reference, parts, produced_later, target_word
from archgen.knowledge.binding import binding_words
from archgen.knowledge.operations import operation_words
from archgen.requirements.contents import optional_contents
from archgen.requirements.intent import is_role_record, write_kind
from archgen.requirements.model import Requirements
from archgen.requirements.personal import name_words


def settle_inputs(draft: Draft, entity: m.EntityDesign) -> None:
    """Make optional, hand to the server or to the roles that decide them the fields no maker of `entity` can
    supply; each keeps one supplier, stated."""
    req = draft.req
    held = next((e for e in req.data.entities if e.name == entity.name), None)
    lacking = optional_contents(draft.assumptions, held) if held is not None else set()
    for field in entity.fields:
        if field.set_by != "client":
            continue
        if field.name in lacking:  # proposed contents a record may lack (a recipe typed in has no source)
            field.required = False
            continue
        if _bound(draft, entity, field):
            continue
        later = later_source(req, entity, field)
        own = own_party(req, entity, field)
        if later:  # (empty until that step happens)
            field.set_by, field.source, field.required = "server", later, False
        elif own is not None and own[1]:
            field.required, field.writers = False, own[1]
            field.description = _said(field.description, f"A {own[0]} calling with its credential names itself.")
        elif own is not None:
            field.set_by, field.source = "server", f"the credential of the calling {own[0]}: the {_target(field)} "
            field.source += "it calls as"
        elif (chooser := chosen_by(entity, field)) is not None:
            field.required = False
            field.description = _said(field.description, f"Sent when {chooser[0]} is {chooser[1]}.")
        elif optional_reference(field):
            field.required = False
        elif (activity := streamed_activity(draft, entity, field)) is not None:
            field.required = False
            field.description = _said(field.description, f"Sent while the sender has {activity} under way.")
        elif not field.writers and (deciders := decided_later(req, entity, field)):
            field.required, field.writers = False, deciders


def streamed_activity(draft: Draft, entity: m.EntityDesign, field: m.StoredField) -> str | None:
    """The record with a lifecycle a continuously streamed record names (a driver's fix, its trip): a sender streams
    before, between and after such records, so most of what it sends names none. None for any other field."""
    target = field.type[4:-1] if field.type.startswith("ref[") else ""
    lifecycle = next((e for e in draft.entities if e.name == target and e.state_machine is not None), None)
    streams = [u for u in draft.req.use_cases if entity.name in u.writes and u.interaction == "stream"]
    if lifecycle is None or not streams or any(is_role_record(u.actor or "", target) for u in streams):
        return None
    return english.a(" ".join(name_words(target)))


def _bound(draft: Draft, entity: m.EntityDesign, field: m.StoredField) -> bool:
    """Settle a field that binds a party when it is one: an identifier the server issues for what people make, the
    channel a request came by, a deadline or a limit on the party making the record."""
    req = draft.req
    makers = [
        u for u in req.use_cases if entity.name in u.writes and write_kind(u, req.entity(entity.name)).kind == "create"
    ]
    people = [u for u in makers if u.actor and actor_kind(req, u) == "person" and u.interaction == "request"]
    # a record's own number comes with the records another system or a file brings; what people make, we number
    issued = assigned(entity.name, field)
    if (issued == "named" and people) or (issued == "own" and people and len(people) == len(makers)):
        field.set_by, field.required = "server", True
        field.source = f"the {entity.owner} service, which issues it when it makes the record (what people quote)"
        return True
    if is_channel(field) and len({u.actor for u in makers if u.actor}) > 1:
        field.set_by, field.required = "server", True
        field.source = "the credential the request arrives with: the app a person signs in to, their role, or the "
        field.source += "system that calls"
        return True
    said = binding_words().said
    if field.name in placement(entity) + terms(entity):
        field.description = _said(field.description, said["placement" if field.name in placement(entity) else "terms"])
        return True
    if not is_deadline(field) or field.writers:
        return False
    field.description = _said(field.description, said["deadline"])
    bound = [u.actor for u in people if u.actor and _names_caller(req, entity, u.actor)]
    if not bound:
        return False
    deciders = _deciders(req, entity, set(bound))
    if deciders:
        field.required, field.writers = False, deciders
    else:
        field.set_by, field.required = "server", True
        field.source = f"decided by the {entity.owner} service's rules, never by the party it binds"
    return True


def _names_caller(req: Requirements, entity: m.EntityDesign, role: str) -> bool:
    """Whether a record names the role that makes it (a loan its borrower): a deadline on it binds that role."""
    return any(is_role_record(role, _target(f)) for f in entity.fields if _target(f))


def _deciders(req: Requirements, entity: m.EntityDesign, bound: set[str]) -> list[str]:
    """The person roles, other than those bound, that move a record on from its first state (who approves it)."""
    machine = entity.state_machine
    if machine is None:
        return []
    people = {role.name for role in req.users.roles}
    undo = operation_words().states.cancel
    return sorted(
        {
            r
            for t in machine.transitions
            if machine.initial in t.source and t.target.lower() not in undo
            for r in t.roles
            if r in people and r not in bound
        }
    )


def _said(description: str, sentence: str) -> str:
    return f"{description.rstrip('.')}. {sentence}" if description else sentence


def _target(field: m.StoredField) -> str:
    found = re.match(r"^ref\[([A-Za-z0-9_]+)\]$", field.type)
    return found.group(1) if found else ""


def later_source(req: Requirements, entity: m.EntityDesign, field: m.StoredField) -> str:
    """Who sets a field a later step produces, or '' when the maker supplies it: a time named after a later step
    (finished_at, last_alerted_at), what a run produces (its output key) and what the server measures from the file
    the record keeps (its width, its blurhash)."""
    writers = [u for u in req.use_cases if entity.name in u.writes]
    reported = bool(writers) and all(u.interaction in ("stream", "batch", "webhook") for u in writers)
    found = produced_later(entity, field, reported, keeps_file(entity))
    owner = entity.owner
    first = field.name.lower().split("_")[0]
    said = {
        "time": f"its clock, when the later step it is named after happens ({first}), never the request making it",
        "output": f"the {owner} service, from what the run produces when it finishes",
        "measure": f"measured by the {owner} service when it processes the uploaded file",
    }
    return said.get(found, "")


def own_party(req: Requirements, entity: m.EntityDesign, field: m.StoredField) -> tuple[str, list[str]] | None:
    """The role a reference names as the caller itself (a seller's feed naming its seller, a store's server its
    store, a policyholder the claimant) and the other makers' roles, who name it in their input; None when no maker
    of `entity` calls as that record."""
    target = _target(field)
    if not target:
        return None
    own_word = target_word(target)
    makers = [
        u
        for u in req.use_cases
        if entity.name in u.writes and u.actor and write_kind(u, req.entity(entity.name)).kind == "create"
    ]
    calling = [
        u.actor
        for u in makers
        if u.actor
        and (
            is_role_record(u.actor, target)
            or (actor_kind(req, u) in ("device", "service") and u.actor.lower().split("_")[0] == own_word)
        )
    ]
    # one reference to the caller's kind of record, and none the server already fills (a transfer's sender, set
    # from the token, beside its recipient): it is the caller itself
    same = [f for f in entity.fields if f.type == field.type]
    if not calling or len(same) > 1:
        return None
    others = sorted({u.actor for u in makers if u.actor and u.actor not in calling})
    return calling[0], others


def decided_later(req: Requirements, entity: m.EntityDesign, field: m.StoredField) -> list[str]:
    """The roles that decide a field about a record someone else made (its severity, its reserve, who handles
    it): those that move it on from its first state, when its maker is not among them."""
    machine = entity.state_machine
    if machine is None or not parts(field.name) & operation_words().fields.assessed:
        return []
    # the use case that brings the record into being (later ones may make more, as staff do)
    maker = next(
        (
            u.actor
            for u in req.use_cases
            if u.writes[:1] == [entity.name] and u.actor and write_kind(u, req.entity(entity.name)).kind == "create"
        ),
        None,
    )
    people = {role.name for role in req.users.roles}
    undo = operation_words().states.cancel  # (a maker withdrawing what it asked for decides nothing about it)
    movers = {
        r
        for t in machine.transitions
        if machine.initial in t.source and t.target.lower() not in undo
        for r in t.roles
        if r in people
    }
    return sorted(movers - {maker}) if maker is not None and maker not in movers else []
