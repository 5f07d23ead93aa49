"""Keeping rules: every record use cases depend on is made by someone, and the people whose work makes a record
can make it."""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.design import creation
from archgen.design.produced import producer
from archgen.design.sourcing import brought_in
from archgen.requirements.intent import audit_trail, write_kind
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.owners import CREATE_WORDS, _carried, _flow_writes

ON_RECORDS = ("transition", "update", "command")  # what acts on records that exist already


def _brought_in(subject: Subject, entity: str) -> bool:
    return brought_in(subject.design.jobs, subject.design.entities, subject.req.use_cases, entity)


@rule("API167", "error", "api", "A record use cases rely on that nothing creates")
def unmade_records(subject: Subject) -> Found:
    """Use cases read an entity the design keeps, or a record they touch refers to it, yet no operation, job,
    provider's webhook or event consumer brings one into being and no open question asks who does: the staff who
    should enter the records can only read them, and everything that reads them reads an empty table. Give the
    people who record them an operation that adds one (and one that corrects it), name the feed or job that makes
    them, or ask who adds and corrects them."""
    endpoints = [e for _, _, e in subject.endpoints()]
    for i, entity in enumerate(subject.design.entities):
        used = creation.used(subject.req, entity.name)
        asked = any(q.raised_by == f"data.entities[{entity.name}]" for q in subject.design.open_questions)
        if used is None or asked or _brought_in(subject, entity.name):
            continue
        if not creation.unmade(subject.req, entity, endpoints, lambda u: _carried(subject, u)):
            continue
        if _flow_writes(subject, entity, CREATE_WORDS):
            continue
        yield Problem(
            element=entity.name,
            at=("entities", i),
            message=f"{entity.name} records are {used}, yet no operation, job, integration or event creates one",
            fix=f"give the staff who record {english.plural(entity.name)} a create (and an edit) on "
            f"{entity.owner}, have a feed or job make them, or ask who adds and corrects them",
        )


@rule("API171", "error", "api", "People whose use case makes a record can only act on existing ones")
def made_only_by_moves(subject: Subject) -> Found:
    """A person's request makes a record (its first write is a create), yet the operations that carry it for that
    record only move, edit or act on records that already exist and no operation lets its actor create one: the
    use case cannot start. The record's collection takes a create the actor may call, and the moves follow it."""
    req = subject.req
    endpoints = list(subject.endpoints())
    for use_case in req.use_cases:
        if use_case.interaction != "request" or not use_case.writes or audit_trail(use_case.writes[0]):
            continue
        lead = use_case.writes[0]
        entity = subject.entities.get(lead)
        source = next((e for e in req.data.entities if e.name == lead), None)
        if entity is None or source is None or actor_kind(req, use_case) != "person":
            continue
        if write_kind(use_case, source).kind != "create" or producer(req, lead) is not None:
            continue  # a record a worker produces is made by the worker, asked for on the record it belongs to
        carrying = [(path, e) for path, _, e in endpoints if e.entity == lead and use_case.name in e.use_cases]
        mine = [e for _, _, e in endpoints if e.entity == lead and use_case.actor in e.roles]
        if not carrying or any(creation.makes(e) for _, e in carrying) or any(creation.makes(e) for e in mine):
            continue
        if not all("{" in e.path and e.action in ON_RECORDS for _, e in carrying):
            continue
        path, first = carrying[0]
        yield Problem(
            element=use_case.name,
            at=path,
            message=f"{use_case.name} makes {english.a(lead)}, yet {first.method} {first.path} and the other "
            f"operations that carry it act only on {english.plural(lead)} that exist, and the {use_case.actor} can "
            "create none",
            fix=f"give the {use_case.actor} the create on the {lead} collection, and keep the moves for after it",
        )
