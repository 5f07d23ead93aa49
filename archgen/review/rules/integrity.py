"""Integrity the data model enforces (uniqueness its text states, a link unique on its pair, a natural key that
keeps apart what its fields tell apart, a claim a status move leaves alone) and records their owners can remove."""

from __future__ import annotations

from archgen.common import english
from archgen.design import claim_periods as cp
from archgen.design import own_content
from archgen.design.natural_keys import distinguishing, enforced, link_key, natural_key, stated_key
from archgen.knowledge.claim_periods import claim_periods
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.data import _unique_engine
from archgen.review.rules.holds import enforced_claims, index_at


@rule("DAT113", "error", "data", "Uniqueness the design states that no unique index enforces")
def stated_uniqueness(subject: Subject) -> Found:
    """A record's description says a value is unique within something (a tag unique per owner), or the record only
    links two others (a recipe filed under a tag), and no unique index holds it: a double click files the same
    tag twice, and a second tag of one name splits what its owner filed under it. Add a unique index on what
    the text names, or on the pair the link joins."""
    for i, entity in enumerate(subject.design.entities):
        if _unique_engine(subject, entity) is None:
            continue
        stated, link = stated_key(entity), link_key(entity)
        for key, why in ((stated, "its description says"), (link, "it only links the two")):
            if key and not enforced(entity, key):
                yield Problem(
                    element=entity.name,
                    at=("entities", i, "indexes"),
                    message=f"one {entity.name} per ({', '.join(key)}), as {why}, and no unique index enforces it",
                    fix=f"add a unique index on ({', '.join(key)})",
                )


@rule("DAT114", "error", "data", "A key or claim that loses what tells records apart")
def lost_distinction(subject: Subject) -> Found:
    """A unique key over a record's date leaves out the enum beside it that tells two records of one day apart
    (a slot, a kind), so the same dish for lunch and for dinner is refused; or an exclusion claim widens when a
    status moves (an overdue loan's range made open-ended), so every later booking of the item overlaps it and
    the move itself is refused. Put the enum in the key, and let a status that is only a label keep the claim's
    period as it was."""
    for entity in subject.design.entities:
        if _unique_engine(subject, entity) is None or subject.stores[entity.store].kind == "time-series":
            continue
        key = natural_key(entity, False)
        time = next((f for f in entity.fields if key and f.name in key and f.type == "date"), None)
        apart = [f.name for f in distinguishing([f for f in entity.fields if f.name in key], time)] if time else []
        for index in entity.indexes:
            fields = set(index.fields)
            if index.kind not in ("unique", "primary") or not apart or time is None or time.name not in fields:
                continue
            left = [f for f in apart if f not in fields]
            if left and fields < set(key):
                yield Problem(
                    element=f"{entity.name}.{index.name}",
                    at=index_at(subject, entity.name, index),
                    message=f"{index.name} is unique on ({', '.join(index.fields)}) without {', '.join(left)}: two "
                    f"{entity.name} records of one {time.name} that differ only in it are refused",
                    fix=f"make the key ({', '.join(key)})",
                )
    marks = claim_periods().open_marks
    for claim, index in enforced_claims(subject):
        past = [s for s in cp.past_end(claim.entity) if s in claim.states]
        if past and index.kind == "exclusion" and any(m.lower() in index.serves.lower() for m in marks):
            yield Problem(
                element=f"{claim.entity.name}.{index.name}",
                at=index_at(subject, claim.entity.name, index),
                message=f"{index.name} widens a {claim.entity.name}'s range when it moves to {', '.join(past)}: "
                f"every later claim of its {claim.resource} then overlaps it, and the move is refused",
                fix=f"keep the range's end in {', '.join(past)}; tell the later holder when the {claim.resource} "
                "is not back",
            )


@rule("API194", "error", "api", "A person's own records that they cannot delete")
def undeletable_content(subject: Subject) -> Found:
    """People make records as their own content (a recipe, a tag, a shopping list: each names its maker, has no
    lifecycle and holds no money), and the API offers no delete of them: a mistyped tag or an old list stays
    forever. Give the owner a delete (or an archive) that says what goes with the record."""
    ops = [(e.entity, e.action) for s in subject.design.services for e in s.endpoints]
    for i, entity in enumerate(subject.design.entities):
        roles = own_content.makers(subject.req, entity)
        if roles and (entity.name, "delete") not in ops:
            yield Problem(
                element=entity.name,
                at=("entities", i),
                message=f"{english.join(english.plural(r) for r in roles)} make {entity.name} records as their own, "
                "and nothing deletes one",
                fix=f"add DELETE on the {entity.name} record for its owner, with what points at it going too",
            )
