"""What a step must carry: the value a use case's transitions take from their caller (a capture its final amount,
a reply to a dispute its evidence), read from the words of archgen/knowledge/provenance.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.money import name_words
from archgen.knowledge.provenance import StepNeed, provenance
from archgen.requirements.model import Requirements


def carried_by_step(entity: EntityDesign, move: str, needs: frozenset[str]) -> list[StoredField]:
    """The client-set fields a transition takes that hold one of the values it needs: those named for the step
    (capture_amount, submit_evidence), as its request body carries them."""
    verb = move.replace("-", "_")
    named = {verb, verb + "ed", verb + "d"}
    return [
        f for f in entity.fields if f.set_by == "client" and name_words(f.name) & named and name_words(f.name) & needs
    ]


def needy_steps(req: Requirements, entity: EntityDesign) -> Iterator[tuple[int, list[int], StepNeed]]:
    """Each use case's steps of a machine that must carry a value, where a caller asks for them through the API on
    this very record (a merchant captures a payment; not a provider's notification, nor a ride's completion that
    captures by the fare the server computes): the index of the step that should take it (one named for the value,
    else the latest whose target names it, else the first), the steps of that use case, and what they need."""
    machine = entity.state_machine
    if machine is None:
        return
    cases = {u.name: u for u in req.use_cases}
    groups: dict[str, list[int]] = {}
    for k, move in enumerate(machine.transitions):
        case = cases.get(move.use_case or "")
        if case is not None and case.interaction == "request" and case.writes[:1] == [entity.name]:
            groups.setdefault(case.name, []).append(k)
    known = provenance()
    for moves in groups.values():
        steps = [machine.transitions[k] for k in moves]
        needs = [n for t in steps if (n := known.step_need(t.name, t.use_case)) is not None]
        if not needs:
            continue
        need = needs[0]
        own = [k for k in moves if machine.transitions[k].name.replace("-", "_") in known.step_needs]
        naming = [k for k in moves if name_words(machine.transitions[k].target) & need.carries]
        yield (own or naming[-1:] or moves)[0], moves, need
