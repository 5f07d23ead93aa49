"""Postings made inside the move: a ledger another service keeps is posted by a call the moving service waits on,
never by a consumer of its events; a job that sends money out learns what the ledger posted; and a return posts
only from a state in which its money has arrived."""

from __future__ import annotations

from archgen.design.holding import received
from archgen.design.ledger_chart import posted_kinds
from archgen.design.postings import keeper, posts
from archgen.design.returns import early_returns
from archgen.knowledge.money import is_posting
from archgen.knowledge.postings import postings
from archgen.knowledge.reversals import reversals
from archgen.review.engine import Found, Problem, Subject, rule


@rule("SVC019", "error", "services", "A ledger posted by a consumer of another service's events")
def posted_from_events(subject: Subject) -> Found:
    """The service that keeps the ledger posts money another service moved only when that service's event
    reaches it. The record already says the money
    moved while the posting waits in a queue, arrives out of order and, after a few failed attempts, lands in a
    dead-letter queue: the balances the ledger answers lag or contradict the records. Have the moving service call
    the ledger inside the move, keyed on the move, and commit only once the posting is made."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    if kept is None:
        return
    names = [e.name for e in design.entities if is_posting(e.name)]
    producers = {e.name: e.producer for e in design.events}
    same = postings().same_transaction.split("{", 1)[0]
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            own = same in step.message  # the keeper's own record moved on the event, posted in its transaction
            event = received(flow, j) if step.source == kept[0] and posts(step, names) and not own else None
            producer = producers.get(event or "")
            if producer is None or producer == kept[0]:
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", j),
                message=f"step {j + 1}: {kept[0]} posts the money {producer} moved when {event} reaches it, "
                "after the move has committed",
                fix=f"call {kept[0]} inside the move, keyed on the record's id and the posting kind, and commit "
                "only once it answers posted",
            )


@rule("CLM033", "error", "claims", "A payout the ledger never answers, or a return from money in transit")
def payout_loop_open(subject: Subject) -> Found:
    """A job hands the bank money whose sending the ledger posts from the job's event, and the ledger tells the
    job nothing back: the file goes out for payouts the ledger refused, or the job waits for good. Or a returned
    payment is reached from a state in which its money is still in transit, so its posting debits cash at the
    bank that no settlement credited, while a return after settlement, the usual case, cannot happen at all. Call
    the ledger and send only what it answers posted, and let the return start from the settled state."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    if kept is None:
        return
    names = [e.name for e in design.entities if is_posting(e.name)]
    outside = {i.name for i in subject.req.integrations}
    told = {c for e in design.events if e.producer == kept[0] for c in e.consumers}
    for i, flow in enumerate(design.flows):
        sent = [(j, k) for j, k in posted_kinds(flow.steps, names) if k in reversals().sent]
        for j, kind in sent:
            step = flow.steps[j]
            if step.source != kept[0] or step.kind != "async":
                continue
            senders = [s for s in flow.steps[j:] if s.target in outside and s.source not in (kept[0], *told)]
            if senders:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"{senders[0].source} hands {senders[0].target} the money whose {kind} {kept[0]} "
                    "posts from an event, and never learns which postings it made",
                    fix=f"call {kept[0]} for each payout and send only those it answers posted, or have "
                    f"{kept[0]} publish each posting's outcome to {senders[0].source}",
                )
    for i, entity in enumerate(design.entities):
        for t, move, early in early_returns(entity):
            where = f"from {', '.join(early)}, before its money arrived" if early else "from no settled state"
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine", "transitions", t),
                message=f"{entity.name}'s `{move.name}` is reached {where}, while its posting debits cash the "
                "settlement credits",
                fix=f"let {move.name} start from the state the payment settles into, where the bank can still "
                "return it days later",
            )
