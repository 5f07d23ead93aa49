"""Every maker of a record can supply what its create input requires.

A required reference names a record its maker must get hold of first. Where a maker cannot: a record of the
catalogue the others pick from (a hotel, a clinician) becomes readable to it; a step of another caller's journey
(a guest's hold, which the front desk never makes) becomes optional and theirs alone to send. A record about
either of two things, one a part of the other (a report of a post or of one of its comments), requires only the
whole: the part is sent when the record is about it.
"""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.english import a, join
from archgen.common.naming import words_of
from archgen.design import model as m
from archgen.design.obtaining import part_and_whole, unobtainable

READS = ("get", "list")  # the operations through which a caller picks a record of a catalogue


def settle_references(draft: Draft) -> None:
    """Let each maker of a record supply its required references, and require only the whole of a part and its
    whole."""
    entities = {e.name: e for e in draft.entities}
    for entity in draft.entities:
        for whole, part in part_and_whole(entities, entity):
            part.required = False
            part.description = _said(
                part.description,
                f"Sent when the {words_of(entity.name).lower()} is about one {part.name} of the {whole.name}, which "
                "it names either way.",
            )
        for found in list(unobtainable(draft.services, entities, entity)):
            target = entities[found.target]
            reads = [e for s in draft.services for e in s.endpoints if e.entity == target.name and e.action in READS]
            if target.state_machine is None:  # a catalogue: its makers read it to pick one
                _open_reads(draft, target.name, reads, found.lacking)
                continue
            field = found.field
            field.required = False
            field.writers = list(found.able)
            made = words_of(entity.name).lower()
            if found.able:
                said = f"The {join(found.able)} makes {a(found.target)} first and names it here"
            else:
                said = f"No caller that makes {a(made)} can make or read {a(found.target)} to name here"
            lacking = f"{a(made)} the {join(found.lacking)} makes has none"
            field.description = _said(field.description, f"{said}; {lacking}.")


def _open_reads(draft: Draft, entity: str, reads: list[m.Endpoint], roles: list[str]) -> None:
    """Let `roles` list and fetch a catalogue's records, adding the operations where it has none."""
    from archgen.architects.rules.operations import _read_endpoint

    for action in READS:
        if not any(e.action == action for e in reads):
            added = _read_endpoint(draft.req.entity(entity), action, "", "user", [])
            draft.service_of(entity).endpoints.append(added)
            reads.append(added)
    for endpoint in reads:
        endpoint.roles += [r for r in roles if r not in endpoint.roles]


def _said(description: str, sentence: str) -> str:
    return f"{description.rstrip('.')}. {sentence}" if description else sentence
