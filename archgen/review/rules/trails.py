"""Money trail rules: a design that keeps a ledger posts every movement of money to it in the flow that makes the
movement, something posts to it at all, a record holding money that only another party moves on ends by a timer
in its default outcome, and a timer that moves money says how it posts."""

from __future__ import annotations

from archgen.design.chart import posting_use_case
from archgen.design.postings import SYSTEM, default_state, keeper, left_by_others, movement, movements, posts, timed_out
from archgen.knowledge.money import is_posting
from archgen.knowledge.postings import postings
from archgen.review.engine import Found, Problem, Subject, rule


def _postings(subject: Subject) -> list[str]:
    return [e.name for e in subject.design.entities if is_posting(e.name)]


@rule("FLOW105", "error", "flows", "Money moves without a posting")
def movement_not_posted(subject: Subject) -> Found:
    """A transition moves money (a payment captured, a refund, a chargeback, a payout sent or settled) while the
    design keeps a ledger, and the flow that makes it never posts: the balances the ledger answers and every
    reconciliation against the bank are wrong from that movement on. Post a balanced transaction in that flow."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    if kept is None:
        return
    names = _postings(subject)
    flows = {f.use_case: (i, f) for i, f in enumerate(design.flows)}
    seen: set[tuple[str, str]] = set()
    for entity, move, found in movements(design.entities):
        if move.use_case not in flows or (move.use_case, found.kind) in seen:
            continue
        seen.add((move.use_case, found.kind))
        i, flow = flows[move.use_case]
        # a movement the provider confirms may be posted from the flow that takes its confirmation instead
        confirmed = flows.get(posting_use_case(subject.req, entity, move, found.kind) or "", (i, flow))[1]
        if any(posts(s, names) for f in (flow, confirmed) for s in f.steps):
            continue
        yield Problem(
            element=flow.use_case,
            at=("flows", i),
            message=f"the {move.name} transition moves {entity.name} to {move.target} (a {found.kind}) in this "
            f"flow, and no step posts it to the ledger {kept[0]} keeps",
            fix=f"add a step that posts the {found.kind} ({found.debit} debited, {found.credit} credited), in the "
            f"same transaction when the ledger shares the {entity.name}'s store, else by a call to {kept[0]} "
            "inside the move, keyed on the record's id and the posting kind",
        )


@rule("FLOW106", "error", "flows", "Money waiting on a party that may not act")
def waits_without_timer(subject: Subject) -> Found:
    """A record holding money (a dispute, a chargeback) rests in a state that only another party leaves (the
    merchant, the card scheme) while its lifecycle has an outcome for not acting (lost): nothing moves it if they
    stay silent, so the money is never posted or released. Give that state a timer to the default outcome."""
    staff = [r.name for r in subject.req.users.roles if r.internal and r.kind == "person"]
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        for state in left_by_others(machine, [f.name for f in entity.fields], staff):
            if timed_out(machine, state):
                continue
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"{entity.name} waits in {state} for another party, holding its amount, and no timer "
                f"moves it to {default_state(machine)} when they do not act",
                fix=f"add a transition `{postings().timer}` from {state} to {default_state(machine)}, moved by the "
                "system at the record's deadline, and post its outcome like the move it stands in for",
            )


@rule("DAT092", "error", "data", "A ledger nothing posts to")
def ledger_never_posted(subject: Subject) -> Found:
    """The design keeps a double-entry ledger (its records, or a service that says it keeps the journal), yet no
    flow posts to it: the journal is decorative, and the balances and payouts said to be computed from it have no
    source. Post every movement of money in the flow that makes it."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    names = _postings(subject)
    if kept is None or not movements(design.entities):
        return
    if any(posts(s, names) for f in design.flows for s in f.steps):
        return
    yield Problem(
        element=kept[0],
        at=("services", next(i for i, s in enumerate(design.services) if s.name == kept[0])),
        message=f"{kept[0]} keeps the ledger ({kept[2]}), and no flow posts to it",
        fix="post each movement of money (a capture, a refund, a payout) as a balanced transaction in the flow "
        "that makes it",
    )


@rule("CLM018", "error", "claims", "A timer moves money and says nothing of its posting")
def timer_unposted(subject: Subject) -> Found:
    """A transition the system makes on a timer (a dispute lost by its deadline) moves money in a design that keeps
    a ledger, and neither a flow nor its guard says it posts: no use case carries it, so the movement is never
    recorded. Say in its guard that its outcome is posted like the move it stands in for, and post it so."""
    design = subject.design
    if keeper(design.services, design.entities) is None:
        return
    for i, entity in enumerate(design.entities):
        machine = entity.state_machine
        for move in machine.transitions if machine is not None else []:
            found = movement(entity, move.target)
            timer = move.roles == [SYSTEM] and move.use_case is None
            if found is None or not timer or "post" in move.guard.lower():
                continue
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"{entity.name}'s timer `{move.name}` moves it to {move.target} (a {found.kind}) and "
                "nothing says it is posted",
                fix="say in its guard that the outcome is posted, on the record's id and the posting kind, as the "
                "move it stands in for is",
            )
