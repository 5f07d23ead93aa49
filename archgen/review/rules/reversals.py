"""Money that left and came back: every exit by which money sent towards a bank did not arrive (a refused file, a
failed or returned transfer) posts the movement that reverses the sending."""

from __future__ import annotations

from archgen.design.ledger_chart import posted_kinds
from archgen.design.postings import keeper, movement, movements
from archgen.knowledge.money import is_posting
from archgen.knowledge.reversals import reversals
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM024", "error", "claims", "Money sent out with an exit that reverses nothing")
def failure_without_reversal(subject: Subject) -> Found:
    """A record whose sending posted money towards the bank (a payout sent) can end failed, rejected or returned,
    and no flow posts the movement that undoes the sending. The amount sits in transit for good: the payee is owed
    it but its balance no longer shows it, and the record cannot be issued again. Post a reversing movement on
    every such exit, from the bank's or the provider's notification, keyed on the record's id and the kind."""
    design = subject.design
    if keeper(design.services, design.entities) is None:
        return
    words = reversals()
    names = [e.name for e in design.entities if is_posting(e.name)]
    posted = {kind for flow in design.flows for _, kind in posted_kinds(flow.steps, names)}
    seen: set[tuple[str, str]] = set()
    for entity, _, found in movements(design.entities):
        if found.kind not in words.sent or found.kind not in posted or (entity.name, found.kind) in seen:
            continue
        seen.add((entity.name, found.kind))
        machine = entity.state_machine
        assert machine is not None
        sent = {t.target for t in machine.transitions if (m := movement(entity, t.target)) and m.kind == found.kind}
        i = design.entities.index(entity)
        for move in machine.transitions:
            if not set(move.source) & sent or move.target.lower() not in words.exits:
                continue
            back = movement(entity, move.target)
            if back is not None and back.kind in posted:
                continue
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"{entity.name} posts the {found.kind} on leaving for the bank, but its {move.name} to "
                f"{move.target} posts nothing back, so the amount stays in transit",
                fix=f"post a reversing movement on {move.name} from the confirming party's notification, so the "
                "amount is owed to the payee again and can be issued once more",
            )
