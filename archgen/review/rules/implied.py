"""Implied-model rules: what the summary promises is carried by records, every record others rely on has a maker,
and a server-side fetch of an address a person gives is guarded on the security page."""

from __future__ import annotations

import re

from archgen.common.english import join, plural
from archgen.common.naming import words_of
from archgen.design import creation
from archgen.design.duties import carriers_of, promised
from archgen.design.fetches import answers_fetch, fetching
from archgen.design.makers import natural_maker
from archgen.design.model import EntityDesign
from archgen.design.sourcing import brought_in
from archgen.knowledge.capabilities import capabilities
from archgen.knowledge.duties import duty_words
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.owners import _carried

_REF = re.compile(r"^ref\[(\w+)\]$")


def _refs(entity: EntityDesign) -> set[str]:
    return {m.group(1) for f in entity.fields if (m := _REF.match(f.type))}


def _unplaced_plans(subject: Subject) -> list[tuple[str, EntityDesign]]:
    """Plans the summary names whose record places nothing: it refers to no other record and none refers to it."""
    said = f" {' '.join(re.findall(r'[a-z0-9]+', subject.req.system.summary.lower()))} "
    features = {f.name: f for f in duty_words().features}
    out: list[tuple[str, EntityDesign]] = []
    for shape in (s for s in capabilities().shapes if s.plan is not None and s.feature in features):
        feature = features[shape.feature]
        if not any(f" {w} " in said for w in feature.words):
            continue
        for entity in subject.design.entities:
            if not set(words_of(entity.name).lower().split()) & feature.carriers:
                continue
            referred = any(entity.name in _refs(e) for e in subject.design.entities if e is not entity)
            if not (_refs(entity) - {entity.name}) and not referred:
                out.append((shape.feature, entity))
    return out


@rule("DAT099", "error", "data", "A capability the summary promises that no record carries")
def promised_without_records(subject: Subject) -> Found:
    """The summary names a capability (tagging, a plan of meals, a shopping list, importing from the web) and no
    record, field or use case the design runs carries it, or the record that carries a plan places nothing on it:
    the product the summary describes is not designed, and asking about it defers the model to the reader. Propose
    the records the capability implies (a tag and a link keyed by both, plan entries with a date and a reference, a
    list with its item lines, an import job), state them as assumptions and ask only for confirmation."""
    design = subject.design
    entities = [(e.name, [f.name for f in e.fields]) for e in design.entities]
    cases = [u for u in subject.req.use_cases if _carried(subject, u.name)]
    req = subject.req.model_copy(update={"use_cases": cases})
    for feature in promised(subject.req.system.summary, carriers_of(req, entities, [])):
        yield Problem(
            element=feature.name,
            at=("entities",),
            message=f"the summary names {feature.name}, and no record, field or use case the design runs carries it",
            fix=f"propose the records and use cases {feature.name} implies, stated as an assumption to confirm",
        )
    for name, entity in _unplaced_plans(subject):
        yield Problem(
            element=entity.name,
            at=("entities", design.entities.index(entity)),
            message=f"the summary names {name}, and {entity.name} refers to no record and no record refers to "
            "it: the plan places nothing",
            fix=f"give {entity.name} entries that each hold a date, a slot and a reference to what is planned",
        )


@rule("API183", "error", "api", "A record others rely on, or a role owns, that nothing creates")
def makerless_records(subject: Subject) -> Found:
    """Other records refer to an entity, or the questionnaire says whose it is (the people whose account it is, a
    role named after it or whose description calls it its own), yet no operation, job, import or event brings one
    into being: every record that refers to it dangles, and the role that owns it cannot start. Give the maker its
    operation (sign-up for a person's own account, create and edit for an owner's records), or name the seed or
    import that loads it; only where the questionnaire names no maker may an open question stand in."""
    design = subject.design
    endpoints = [e for _, _, e in subject.endpoints()]
    for i, entity in enumerate(design.entities):
        if not creation.unmade(subject.req, entity, endpoints, lambda u: _carried(subject, u)):
            continue
        if brought_in(design.jobs, design.entities, subject.req.use_cases, entity.name):
            continue
        maker = natural_maker(subject.req, entity.name)
        referring = sorted(e.name for e in design.entities if e is not entity and entity.name in _refs(e))
        # a question about the entity (its records: how many, and which use case creates them) stands in
        asked = any(q.raised_by.startswith(f"data.entities[{entity.name}]") for q in design.open_questions)
        if maker is None and (not referring or asked):
            continue
        why = f"the questionnaire says whose it is ({maker.because})" if maker else f"{join(referring)} refer to it"
        yield Problem(
            element=entity.name,
            at=("entities", i),
            message=f"{why}, yet no operation, job, import or event creates {plural(entity.name)}",
            fix=f"give {' or '.join(maker.roles)} the create and edit on {entity.owner}"
            if maker
            else f"name the operation, seed or import that makes {plural(entity.name)}, or ask who does",
        )


@rule("SEC073", "error", "security", "A server-side fetch of a user's address with no forgery control")
def unguarded_fetch(subject: Subject) -> Found:
    """A use case has the server fetch a web address a person gives (importing a page, clipping a link), and no
    threat on the security page names server-side request forgery and its control: the address can point the
    server at the cloud's metadata endpoint, private addresses or the system's own services. List the threat with
    a fetcher that allows only http and https, refuses private, loopback, link-local and metadata addresses after
    resolving and after each redirect, caps size and time, and has egress to the public internet only."""
    threats = subject.design.security.threats
    if any(answers_fetch(t) for t in threats):
        return
    for use_case, holder in fetching(subject.req):
        if not _carried(subject, use_case.name):
            continue
        yield Problem(
            element=use_case.name,
            at=("security", "threats"),
            message=f"{use_case.name} fetches the address a person gives in {holder}, and no threat names "
            "server-side request forgery or its control",
            fix="add the threat with an egress-restricted fetcher that refuses private and metadata addresses",
        )
