"""Who makes each record the design keeps when no use case says it makes one.

Staff whose requests write a record without making it (front-desk staff who check a patient in and confirm the
patient's details; nurses who reconcile a patient's allergies beside the medications) are the people who record
it: they get the operation that adds one and the one that corrects it. A record no use case writes is kept by the
role whose description says it maintains that kind of record. Reference data people read that no one is said to
keep (hotels, clinics, meters) goes to the staff role that runs things, as the back office, and an open question
asks the owner to confirm it or name the system the records come from: a system nobody can set up cannot go live.
A record only the system writes (an audit trail, a ledger posting, what a job or a provider's webhook makes) gets
no operation, and any other record nobody is evidently the maker of is asked about (`creators.plan_creators`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archgen.common import english
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import creation
from archgen.design import lifecycle_needs as needs
from archgen.design import model as m
from archgen.design.binding import assigned
from archgen.design.makers import natural_maker
from archgen.design.sourcing import source_of
from archgen.knowledge.natural_makers import natural_makers
from archgen.knowledge.provenance import provenance
from archgen.knowledge.record_makers import record_makers
from archgen.requirements.intent import anonymous_role
from archgen.requirements.model import Entity, Requirements, Role

if TYPE_CHECKING:
    from archgen.architects.rules.operations import _Planner

EDITS = ("update", "replace")


@dataclass(frozen=True)
class Keepers:
    """The roles that add and correct an entity's records, and why they do (a use case, or their description);
    `assumed` when nothing said so and the staff role that runs things was taken to keep them."""

    roles: list[str]
    because: str
    assumed: bool = False


def keepers(req: Requirements, entity: m.EntityDesign, ops: list[m.Endpoint]) -> Keepers | None:
    """Who records an entity nothing makes: the staff (internal roles) whose requests write it without moving it
    along its lifecycle, not the person it is about, who edits only their own; else the roles whose description
    says they maintain such records."""
    if req.entity(entity.name).mutability == "append_only":
        return None
    people = {r.name for r in req.users.roles if r.kind == "person" and not anonymous_role(req, r.name)}
    others = people - set(needs.person_entities(req).get(entity.name, []))
    staff = {r.name for r in req.users.roles if r.internal and r.name in others}
    # a set that does not grow (a hotel's rooms) is kept by whoever's work names it; staff who only change a
    # room's state beside their own work (checking a guest in) do not add rooms
    grows = req.entity(entity.name).growth_per_day > 0
    writers = [
        u
        for u in req.use_cases
        if entity.name in u.writes
        and u.interaction == "request"
        and u.actor in staff
        and creation.edits_only(u, entity, ops)
        and (grows or _names(u.name, entity.name))
    ]
    if writers:
        roles = sorted({u.actor for u in writers if u.actor})
        return Keepers(roles, english.join(f"{u.name} writes them" for u in writers[:2]))
    maintaining = [r for r in req.users.roles if r.name in others and _maintains(r.description, entity.name)]
    if maintaining:
        said = "; ".join(f"{(r.description or '')[:1].lower()}{(r.description or '')[1:]}" for r in maintaining)
        return Keepers(sorted(r.name for r in maintaining), said)
    return None


def back_office(req: Requirements, entity: m.EntityDesign) -> Keepers | None:
    """Who keeps reference data people read that no use case, role or natural maker makes: the staff role that
    runs things (or a customer's own administrator), as the back office, assumed and put to the owner; None for a
    record nothing waits on, one the questionnaire's system of record supplies, or one holding what another
    system must vouch for."""
    if creation.used(req, entity.name) is None or not _plain_reference(req, entity):
        return None  # nothing waits on them, or what they hold must come from the system that vouches for it
    if source_of(req.integrations, entity.name) is not None:
        return None  # the system of record the questionnaire names supplies them (an import job)
    people = {r.name for r in req.users.roles if r.kind == "person" and not anonymous_role(req, r.name)}
    # our staff, and a customer's own administrators, who run their organisation's set-up as staff do ours
    runners = {r.name for r in req.users.roles if r.name in people and (r.internal or "admin" in r.name.split("_"))}
    running = _running_staff(req, runners)
    return Keepers([running.name], _runs(running), assumed=True) if running is not None else None


def _plain_reference(req: Requirements, entity: m.EntityDesign) -> bool:
    """Whether a back office may type an entity's records in: they are no person's own record (people come from
    sign-up or the directory), and no field is a number another system issues or a classification that decides
    what is allowed (a policy number, an approval limit: those come from the system that vouches for them)."""
    if needs.person_entities(req).get(entity.name):
        return False
    known = provenance()
    return not any(known.authority(f.name) or assigned(entity.name, f) for f in entity.fields)


def _running_staff(req: Requirements, staff: set[str]) -> Role | None:
    """The staff role whose name or description says it runs things (an administrator, a manager, an office), the
    earliest such word first: the back office that keeps reference data no one is said to keep."""
    words = record_makers().keeper_words

    def rank(role: Role) -> int:
        said = re.findall(r"[a-z]+", f"{role.name} {role.description or ''}".lower())
        return min((words.index(w) for w in said if w in words), default=len(words))

    ranked = sorted((r for r in req.users.roles if r.name in staff), key=rank)
    return ranked[0] if ranked and rank(ranked[0]) < len(words) else None


def _runs(role: Role) -> str:
    """What a role runs, in a few words (its description), as a parenthesis; nothing without one."""
    said = role.description or ""
    return f" ({said[:1].lower()}{said[1:]})" if said else ""


def _names(use_case: str, entity: str) -> bool:
    """Whether a use case's name names an entity (Manage rooms, Check in patient)."""
    said = [english.singular(w) for w in re.findall(r"[a-z0-9]+", use_case.lower())]
    name = words_of(entity).lower().split()
    return any(said[j : j + len(name)] == name for j in range(len(said) - len(name) + 1))


def _maintains(description: str | None, entity: str) -> bool:
    """Whether a role's description says it keeps records of an entity: a maintaining verb whose object names the
    entity (keeps the tenant's employee records, manages members and channels; not sets rates per hotel)."""
    words = record_makers()
    said = re.findall(r"[a-z0-9]+", (description or "").lower())
    name = words_of(entity).lower().split()
    for i, word in enumerate(said):
        if word not in words.maintains:
            continue
        rest = list(itertools.takewhile(lambda w: w not in words.object_ends, said[i + 1 :]))
        for j in range(len(rest) - len(name) + 1):
            found = rest[j : j + len(name)]
            if found[:-1] == name[:-1] and english.singular(found[-1]) == name[-1]:
                return True
    return False


def plan_record_makers(planner: _Planner) -> None:
    """Give the people who record each entity nothing makes the operations that add and correct it."""
    from archgen.architects.rules.operations import collection

    texts = record_makers()
    req = planner.req
    for entity in req.data.entities:
        ops = [e for group in planner.ops.values() for e in group if e.entity == entity.name]
        stored = planner.draft.entity(entity.name)
        if not creation.unmade(req, stored, ops):
            continue
        found = keepers(req, stored, ops)
        create, edit = texts.create, texts.edit
        if found is None and entity.mutability != "append_only":
            # nobody keeps it as staff work: the people whose account it is, or whose own it is, make it
            maker = natural_maker(req, entity.name)
            if maker is not None:
                found = Keepers(maker.roles, maker.because)
                words = natural_makers()
                create, edit = (words.sign_up, words.edit_own) if maker.sign_up else (words.create, words.edit)
        if found is None and entity.mutability != "append_only":
            found = back_office(req, stored)
        if found is None:
            continue
        noun = words_of(entity.name)
        roles = english.join(r.replace("_", " ") for r in found.roles)
        base = collection(entity.name)
        paths = [f"POST {base}"]
        edited = not any(e.action in EDITS and set(found.roles) <= set(e.roles) for e in ops)
        if edited:
            paths.append(f"PATCH {base}/{{id}}")
        because = found.because
        if found.assumed:
            # the back office is the design's assumption: the owner confirms it or names the system of record
            question = planner.draft.ask(
                question=texts.assumed_question.format(
                    does="Does" if len(found.roles) == 1 else "Do", roles=roles, entity=entity.name
                ),
                context=texts.assumed_context.format(
                    entity=entity.name,
                    used=creation.used(req, entity.name),
                    roles=roles,
                    paths=english.join(f"`{p}`" for p in paths),
                    runs=found.because,
                ),
                raised_by=f"data.entities[{entity.name}]",
            )
            because = texts.assumed.format(runs=found.because, question=question)
        said = {"noun": noun, "a": english.article(noun), "roles": roles, "because": because}
        owner = planner.owner(entity.name)
        planner.add(owner, _endpoint(entity, "POST", base, "create", create.format(**said), found.roles))
        if edited:
            planner.add(owner, _endpoint(entity, "PATCH", f"{base}/{{id}}", "update", edit.format(**said), found.roles))


def _endpoint(entity: Entity, method: str, path: str, action: str, summary: str, roles: list[str]) -> m.Endpoint:
    return m.Endpoint(
        method=method,
        path=path,
        operation_id=identifier(f"{action} {pascal(entity.name)}"),
        summary=summary[:1].upper() + summary[1:],
        action=action,
        entity=entity.name,
        auth="user",
        roles=list(roles),
        idempotency_key=method == "POST",
        use_cases=[],
    )
