"""Derived-field rules: a value a record defines from other records (the newest message's seq) has a writer."""

from __future__ import annotations

import re

from archgen.knowledge.single_writer import single_writer
from archgen.review.engine import Found, Problem, Subject, rule


@rule("DAT115", "error", "data", "A derived field nothing writes")
def unkept_derived_field(subject: Subject) -> Found:
    """A record defines a field from other records (the seq of the newest message in a conversation, the latest
    reading of a meter), yet its source names no consumer, transaction or job that keeps it, no flow step writes
    it, and it does not say it is taken on read: every answer built on it (an unread count) reads a value nothing
    sets. Name the step or consumer that keeps it and size that write, or compute it on read and say where from."""
    flows = " ".join(step.message for flow in subject.design.flows for step in flow.steps)
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field.set_by != "server" or not single_writer().unkept(field.source):
                continue
            if re.search(rf"(?<![\w-]){re.escape(field.name)}(?![\w-])", flows):
                continue
            yield Problem(
                element=f"{entity.name}.{field.name}",
                at=("entities", i, "fields", j),
                message=f"{entity.name}.{field.name} is {field.source.split(';')[0]}, but no flow, consumer or job "
                f"of {entity.owner} writes it",
                fix="name the consumer or the transaction that keeps it (and size that write), or take it on read "
                "from the records it comes from and say so",
            )
