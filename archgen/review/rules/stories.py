"""One story per concern: the pages say one thing about how people authenticate, whom records are about, and what
mechanisms carry a promise, and the design has what they name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.common.english import count
from archgen.design.credentials import carrier
from archgen.design.drills import decided
from archgen.design.kept import kept_for
from archgen.design.model import Design
from archgen.design.person_keys import person_keys
from archgen.knowledge.credentials import credentials
from archgen.knowledge.drills import drills
from archgen.review.engine import Found, Problem, Subject, rule

PEOPLE_CLAUSE = "Signed-in people:"


def people_texts(design: Design) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every sentence that says what a person's request carries: the API's people clause and each client's."""
    for part in design.api.authentication.split("; "):
        if part.startswith(PEOPLE_CLAUSE):
            yield ("api", "authentication"), "api", design.api.authentication
            break
    for i, client in enumerate(design.clients):
        yield ("clients", i, "credentials"), client.name, client.credentials


@rule("CON019", "error", "security", "Pages tell callers of one audience to authenticate in different ways")
def one_way_to_authenticate(subject: Subject) -> Found:
    """How people sign in (the platform's sign-in in front of the application, the application's session cookie, or
    a bearer token) decides what a request carries, and so what the OpenAPI scheme documents. A client or the API
    conventions naming another way leaves the builder three incompatible designs: different session owners, CSRF
    exposure and trust boundaries. Word every client and the API's people clause from the same sign-in."""
    design = subject.design
    expected = carrier(design.security.callers, design.clients)
    known = credentials().carriers
    for at, element, text in people_texts(design):
        if known[expected].named_in(text):
            continue
        others = [name for name, spec in known.items() if name != expected and spec.named_in(text)]
        if others:
            yield Problem(
                element=element,
                at=at,
                message=f"says people authenticate with {known[others[0]].name} ({text[:90]}), but the design's "
                f"sign-in makes it {known[expected].name}",
                fix=f"say what people send as the sign-in decides it: {known[expected].says[:120]}",
            )


@rule("SEC068", "error", "security", "No personal data said while records are keyed to people")
def personal_data_denied(subject: Subject) -> Found:
    """The security page says no entity holds personal data, yet records name the person who made them (a
    created_by set from the signed-in caller, a reference to a person's record) and the logs keep the caller's id.
    Those ids are personal data: access, erasure and retention apply to them. List the records keyed to people and
    say how long their ids are kept."""
    design = subject.design
    if design.security.pii or any(e.pii for e in design.entities):
        return
    keyed = person_keys(subject.req, design.entities)
    if keyed:
        entity, fields = next(iter(keyed.items()))
        yield Problem(
            element=entity,
            at=("security", "pii"),
            message=f"the security page says no entity holds personal data, but {entity}.{fields[0]} names the "
            "person who made it",
            fix="list each record keyed to a person under personal data, with how long the id is kept and what an "
            "erasure does to it",
        )


OPERATION = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) (/[\w/{}\-.]+)")
NAMED_JOB = re.compile(r"\b(?:an?|the) ([a-z]+) job\b")
QUEUES = re.compile(r"\bqueues? an?\b")


def control_texts(design: Design) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """The security page's measures and personal-data controls, where mechanisms are promised."""
    for i, control in enumerate(design.security.controls):
        yield ("security", "controls", i, "measure"), f"{control.regime}: {control.requirement}", control.measure
    for i, handling in enumerate(design.security.pii):
        yield ("security", "pii", i, "controls"), handling.entity, "; ".join(handling.controls)


def _missing_mechanisms(design: Design, text: str) -> Iterator[str]:
    """What a sentence names that the design does not have: an operation, a job, a queue."""
    served = {(e.method, e.path) for s in design.services for e in s.endpoints}
    for method, path in OPERATION.findall(text):
        if (method, path.rstrip(".")) not in served:
            yield f"the operation {method} {path}"
    said = " ".join(
        [*(f"{j.name} {j.description}" for j in design.jobs)]
        + [f"{e.summary} {e.path} {e.link or ''}" for s in design.services for e in s.endpoints]
    ).lower()
    for word in NAMED_JOB.findall(text):
        if word not in said:
            yield f"an {word} job" if word[0] in "aeiou" else f"a {word} job"
    if QUEUES.search(text) and not design.channels:
        yield "a queue"


@rule("CON020", "error", "claims", "Text names a job, queue, operation or outbox the design lacks")
def mechanism_named_but_absent(subject: Subject) -> Found:
    """A compliance measure or a guarantee rests on a mechanism no part of the design has: an export job nobody
    schedules, an operation no service serves, a queue with no channel, or an outbox in a producer that keeps no
    database. Whoever builds it finds nothing to build, and the promise is void. Name what the design does (the
    owning services' reads and a runbook step, a request recorded and carried out) or add the mechanism."""
    design = subject.design
    for at, element, text in control_texts(design):
        missing = list(dict.fromkeys(_missing_mechanisms(design, text)))
        if missing:
            yield Problem(
                element=element,
                at=at,
                message=f"names {missing[0]}, which the design does not have",
                fix="say what the design does instead, or add the job, operation or queue it names",
            )
    stores = {s.name: bool(s.stores) for s in design.services}
    for i, event in enumerate(design.events):
        if event.outbox and not stores.get(event.producer, True):
            yield Problem(
                element=event.name,
                at=("events", i, "outbox"),
                message=f"is published through an outbox, but its producer {event.producer} keeps no database to "
                "hold one",
                fix="publish it before answering the request (and fail the request when the broker refuses), or "
                "give the producer the store its outbox lives in",
            )


# a control that states the record's own retention begins with it (a backup's "kept 35 days" is the backup's)
KEPT_WHILE = re.compile(r"^kept (while the account exists|forever)\b")
KEPT_DAYS = re.compile(r"^(?:kept|deleted after) ([\d,]+) days?\b")


@rule("CON021", "error", "consistency", "Two pages give one policy different values")
def one_value_per_policy(subject: Subject) -> Found:
    """One policy has one value: an entity's retention on the security page is the one the data model gives it,
    and the restore drill in the backups table runs as often as the decision that chose it says. Two values
    leave the operator to guess which one an auditor will hold them to. State the policy once and word every page
    from it."""
    design = subject.design
    entities = {e.name: e for e in design.entities}
    for i, handling in enumerate(design.security.pii):
        entity = entities.get(handling.entity)
        if entity is None:
            continue
        stated = kept_for(entity.name, entity.retention_days)
        said = [m.group(1) for c in handling.controls if (m := KEPT_WHILE.match(c))]
        said += [count(int(m.group(1).replace(",", "")), "day") for c in handling.controls if (m := KEPT_DAYS.match(c))]
        other = next((s for s in said if s != stated), None)
        if other is not None:
            yield Problem(
                element=entity.name,
                at=("security", "pii", i, "controls"),
                message=f"the security page keeps it {other}, while the data model keeps it {stated}",
                fix="state the retention once (the entity's retention_days) and word the personal-data controls "
                "from it",
            )
    chosen = list(decided(design.decisions))
    if not chosen:
        return
    index, where, cadence = chosen[0]
    for j, backup in enumerate(design.reliability.backups):
        drill = drills().cadence(f"restore {backup.restore_drill.partition(':')[0]}")
        if drill is not None and drill != cadence:
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", j, "restore_drill"),
                message=f"the restore drill runs {drill}, but {design.decisions[index].id} ({where}) says {cadence}",
                fix="give the drill the cadence the decision chose, or change the decision",
            )
            return
