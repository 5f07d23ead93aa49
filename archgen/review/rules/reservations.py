"""Reservations that cannot oversell: one timer from hold to paid booking, units sold only on the payment's
success, events for outside systems delivered to them, and decisions that promise only what the design does."""

from __future__ import annotations

import re

from archgen.design.awaited import awaited_event, awaited_move
from archgen.design.channels import told
from archgen.design.invariants import consumptions
from archgen.design.model import Design
from archgen.knowledge.money import awaits_payment
from archgen.knowledge.reservations import reservation_words
from archgen.review.engine import Found, Problem, Subject, rule

# the words a flow step that calls an outside system once a change is committed carries
AFTER_COMMIT = "(after the commit"


@rule("FLOW126", "error", "flows", "A reservation kept past its hold, or sold before it is paid")
def reservation_timers(subject: Subject) -> Found:
    """A record made from a hold waits for its payment on a timer of its own, so the hold's period and this
    second one run back to back and the units stay off sale far longer than the stated hold time; or the step
    that makes it already moves the units from held to sold while the payment is still running, so unpaid units
    are published as sold. Let the record take over the hold's expiry, and sell the units only in the
    transaction that records the provider's success."""
    design, words = subject.design, reservation_words()
    for found in consumptions(design.entities):
        machine, name, hold = found.entity.state_machine, found.entity.name, found.hold.name
        if machine is None:
            continue
        at = ("entities", design.entities.index(found.entity), "state_machine")
        for move in machine.transitions:
            period = re.search(words.fresh_timer, move.guard)
            if period is not None and any(awaits_payment(name, s) for s in move.source):
                yield Problem(
                    element=f"{name}.{move.name}",
                    at=at,
                    message=f"{name} is made from a {hold} and then waits for its payment on a timer of its own "
                    f"({period.group(1)} minutes): the two periods run back to back, and the units stay off sale "
                    f"longer than the {hold}'s stated time",
                    fix=f"let {name} take over the {hold}'s expiry (one timer for the reservation), or make the "
                    f"{name} only once the payment has succeeded",
                )
        if found.move is None or found.move.use_case is None or not awaits_payment(name, machine.initial):
            continue
        for i, flow in enumerate(design.flows):
            if flow.use_case != found.move.use_case:
                continue
            for j, step in enumerate(flow.steps):
                if any(m in step.message.lower() for m in words.sold_marks):
                    yield Problem(
                        element=f"{flow.use_case} step {j + 1}",
                        at=("flows", i, "steps", j),
                        message=f"step {j + 1} of {flow.use_case} sells what the {hold} held while the {name} it "
                        f"makes is still {machine.initial.replace('_', ' ')}: units are sold before the payment "
                        "that confirms them succeeds",
                        fix=f"keep the units held under the {hold}'s expiry and move them to sold in the "
                        "transaction that records the provider's success; a refusal or the expiry releases them",
                    )


@rule("FLOW129", "error", "flows", "The outside world told of a record that still waits")
def told_before_the_wait_ends(subject: Subject) -> Found:
    """A use case makes a record that is not yet what was promised until a provider answers (a booking awaiting its
    payment), and tells the outside world of it (the confirmation e-mail) from the event of its creation: the guest
    is told of a booking that may never be paid. Tell from the event of the move that ends the wait."""
    events = {e.name for e in subject.design.events}
    for i, flow in enumerate(subject.design.flows):
        use_case = next((u for u in subject.req.use_cases if u.name == flow.use_case), None)
        waited = awaited_move(subject.req, subject.design.entities, use_case) if use_case else None
        if waited is None:
            continue
        entity, move = waited
        heard = ""
        for j, step in enumerate(flow.steps):
            if step.message in events:
                heard = step.message
            elif step.message.startswith("call ") and AFTER_COMMIT in step.message and heard != awaited_event(*waited):
                yield Problem(
                    element=f"{flow.use_case} step {j + 1}",
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1} {step.message.split(' (', 1)[0]} on {heard or 'the request'}, while the "
                    f"{entity.name} it tells of is still {move.source[0].replace('_', ' ')} until its {move.name} "
                    "move",
                    fix=f"make the call on the event of the {move.name} move ({awaited_event(*waited)}), once the "
                    "wait is over",
                )


@rule("FLOW127", "error", "flows", "An event for an outside system that nothing delivers")
def undelivered_event(subject: Subject) -> Found:
    """An event says an outside system is told of a change (a stop-sell pushed to a channel manager), yet no flow
    has a consumer of it call that system: often its only consumer is the service that publishes it, and the
    system keeps acting on stale facts. Give the event to the adapter that talks to the system, and draw the
    call it makes in every flow that publishes the event."""
    design = subject.design
    for i, event in enumerate(design.events):
        for system in told(event, subject.req):
            delivered = any(
                s.source in event.consumers and s.target == system.name for f in design.flows for s in f.steps
            )
            if delivered:
                continue
            alone = " (its only consumer is its producer)" if event.consumers == [event.producer] else ""
            yield Problem(
                element=event.name,
                at=("events", i),
                message=f"{event.name} says {system.name} is told, and no flow step of a consumer of it calls "
                f"{system.name}{alone}",
                fix=f"make the service that talks to {system.name} consume {event.name} and show its call to "
                f"{system.name} in the flows that publish it",
            )


@rule("CON022", "error", "consistency", "A decision promises behaviour the design does not have")
def unkept_promise(subject: Subject) -> Found:
    """A chosen decision's rationale or consequences promise a behaviour (a hold extended while the payer
    authenticates, an expired hold re-checked, a change pushed to a channel at once) that no transition, flow
    step or job carries out: engineers build one thing and readers trust another. Derive the decision's text
    from the lifecycle and flows it chose, or add the move or step it promises."""
    design = subject.design
    done = _done(design)
    for i, decision in enumerate(design.decisions):
        text = " ".join([decision.rationale, *decision.consequences]).lower()
        for promise in reservation_words().promises:
            said = next((w for w in promise.said if w in text), None)
            if said is None or any(k in done for k in promise.kept):
                continue
            yield Problem(
                element=decision.id,
                at=("decisions", i, "consequences"),
                message=f"{decision.id} promises {promise.name} ('{said}'), and no transition, flow step or job "
                "of the design does it",
                fix=f"say what the chosen lifecycle and flows do instead, or add the move or step that gives "
                f"{promise.name}",
            )


def _done(design: Design) -> str:
    """Everything the design's lifecycles, flows and jobs say they do, in lower case."""
    moves = [f"{t.name} {t.guard}" for e in design.entities if e.state_machine for t in e.state_machine.transitions]
    steps = [s.message for f in design.flows for s in f.steps]
    jobs = [j.description for j in design.jobs]
    return " ".join([*moves, *steps, *jobs]).lower()
