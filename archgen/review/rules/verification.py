"""Verification rules: a value set by a verification step (a payout account, an identifier) has a record its
holder registers, a step that proves it, and every use of it accepts only a verified one
(archgen/knowledge/verification.yaml)."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.model import EntityDesign
from archgen.knowledge.provenance import provenance
from archgen.knowledge.verification import verification
from archgen.review.engine import Found, Problem, Subject, rule


def _by_verification(source: str) -> bool:
    return source.lower().startswith("a verification step")


def verified_kind(entity: EntityDesign) -> str | None:
    """The verification kind of a record that is proved before use: one named as the kind's record, or one with a
    verified state that keeps a value of that kind."""
    known = verification()
    machine = entity.state_machine
    if machine is None or known.verified not in machine.states:
        return None
    for name, kind in known.kinds.items():
        if entity.name == kind.record or any(provenance().authority(f.name) == name for f in entity.fields):
            return name
    return None


def _records(subject: Subject) -> Iterator[tuple[int, EntityDesign, str]]:
    for i, entity in enumerate(subject.design.entities):
        kind = verified_kind(entity)
        if kind is not None:
            yield i, entity, kind


def _registered(subject: Subject, entity: str) -> list[str]:
    """The roles of the signed-in callers who make an entity's records."""
    return [
        r
        for _, _, e in subject.endpoints()
        if e.entity == entity and e.action == "create" and e.auth == "user"
        for r in e.roles or ["any user"]
    ]


@rule("DAT089", "error", "data", "Verified value with no way to register it")
def unregistered_verified_value(subject: Subject) -> Found:
    """A field is set by a verification step (the account payouts go to, an identifier), yet no operation lets its
    holder propose the value: nothing is ever verified, so the use case that needs it cannot run. Keep the record
    that is verified (pending until proved, then verified or failed) and give its holder an operation to register
    it."""
    records = {kind: e.name for _, e, kind in _records(subject)}
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field.set_by != "server" or not _by_verification(field.source):
                continue
            kind = provenance().authority(field.name) or "account"
            record = records.get(kind)
            if record is not None and _registered(subject, record):
                continue
            noun = verification().kinds[kind].noun if kind in verification().kinds else "value"
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "source"),
                message=f"it is set by a verification step, but no operation registers the {noun} to verify"
                + ("" if record is None else f" ({record} has no create operation for its holder)"),
                fix=f"keep the {noun} as a record of its own (pending, verified, failed) and let its holder "
                "register one",
            )


@rule("DAT090", "error", "data", "Registered value that nothing verifies")
def unverified_record(subject: Subject) -> Found:
    """A record that must be proved before use (a registered bank account) has no transition into its verified
    state made by someone other than its holder: no provider's result, job or staff review moves it, so it stays
    pending for ever, or its holder vouches for it alone."""
    verified = verification().verified
    for i, entity, kind in _records(subject):
        machine = entity.state_machine
        assert machine is not None
        holders = set(_registered(subject, entity.name))
        moves = [t for t in machine.transitions if t.target == verified]
        if any(set(t.roles) - holders for t in moves):
            continue
        noun = verification().kinds[kind].noun
        yield Problem(
            element=entity.name,
            at=("entities", i, "state_machine", "transitions"),
            message=f"no provider, job or staff step moves {entity.name} to {verified}"
            + (f"; only its holders ({', '.join(sorted(holders))}) do" if moves else ""),
            fix=f"add the transition to {verified} made by the provider that checks the {noun} (its webhook or a "
            "job that polls it) or by a staff review, and the one to failed",
        )


@rule("API172", "error", "api", "Verified record used without checking it is verified")
def unguarded_use(subject: Subject) -> Found:
    """A record refers to a value that must be proved first (the registered account a payout goes to) and says
    nothing of its state: an account still pending, or one whose check failed, is paid all the same. Say that only
    a verified one is accepted and that others are refused."""
    known = verification()
    records = {e.name for _, e, _ in _records(subject)}
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            target = field.type[4:-1] if field.type.startswith("ref[") else ""
            if target not in records or entity.name == target or known.guarded(f"{field.description} {field.source}"):
                continue
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j, "description"),
                message=f"it takes {target} records whatever their state, so a {target} not yet verified, or "
                "failed, is used",
                fix=f"accept only a {target} whose status is {known.verified}, and refuse any other (409)",
            )
