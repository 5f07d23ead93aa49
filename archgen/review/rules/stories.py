"""One story per concern: the pages say one thing about how people authenticate, whom records are about, and what
mechanisms carry a promise, and the design has what they name."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.credentials import carrier
from archgen.design.model import Design
from archgen.design.person_keys import person_keys
from archgen.knowledge.credentials import credentials
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
