"""Money that left and came back: every exit by which money sent towards a bank did not arrive (a refused file, a
failed or returned transfer) posts the movement that reverses the sending."""

from __future__ import annotations

from archgen.design.ledger_chart import posted_kinds
from archgen.design.postings import keeper, movement, movements
from archgen.design.reversals import sent_too_early
from archgen.knowledge.money import is_posting
from archgen.knowledge.reversals import reversals
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM024", "error", "claims", "Money sent out unchecked, or with an exit that reverses nothing")
def failure_without_reversal(subject: Subject) -> Found:
    """Money is sent towards the bank before the ledger posts its sending, or a sent record can end failed,
    rejected or returned with no flow posting the movement that undoes the sending. In the first case the money
    leaves before anyone checks that the payee's available balance covers it, and a refund landing meanwhile leaves
    the payee owing; in the second the amount sits in transit for good and the record cannot be issued again. Post
    the sending from the available balance before the bank is handed anything, and a reversing movement on every
    such exit, from the bank's or the provider's notification."""
    design = subject.design
    if keeper(design.services, design.entities) is None:
        return
    words = reversals()
    names = [e.name for e in design.entities if is_posting(e.name)]
    posted = {kind for flow in design.flows for _, kind in posted_kinds(flow.steps, names)}
    outside = {i.name for i in subject.req.integrations}
    for i, flow in enumerate(design.flows):
        for j, k, kind in sent_too_early(flow, names, outside):
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1} hands the money to {flow.steps[j].target} before step {k + 1} posts the "
                f"{kind}, so nothing checks or reserves the payee's available balance first",
                fix=f"post the {kind} from the payee's available balance first, and hand over only what it covers",
            )
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
