"""Authorise, then capture: a record a provider has only authorised is captured by the event that completes it.
One that the one who made it never captures (a consumer's top-up, where only merchants capture) is captured by
the system at once, through the service that alone calls the provider (archgen/knowledge/captures.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.common import english
from archgen.design.captures import SYSTEM, authorising, capture_move, uncaptured
from archgen.design.postings import entity_noun
from archgen.knowledge.captures import captures

if TYPE_CHECKING:
    from archgen.architects.rules.draft import Draft
    from archgen.architects.rules.lifecycle import _Plan


def capture_at_once(plan: _Plan) -> None:
    """Give the capture move to the system for the records nobody who makes them captures."""
    move = capture_move(plan.moves.values(), plan.lifecycle)
    if move is None:
        return
    found = uncaptured(plan.req, plan.entity, move)
    if not found:
        return
    providers = list(dict.fromkeys(p for _, p in found))
    said = captures().guard.format(
        cases=english.join([f"'{u}'" for u, _ in found]),
        provider=english.join(providers, "or"),
        target=move.target,
    )
    move.roles.append(SYSTEM)
    move.guard = "; ".join(g for g in (move.guard, said) if g)


def capture_in_flows(draft: Draft) -> None:
    """The flow of each use case whose records the system captures at once says so where it calls the provider."""
    known = captures()
    for entity in draft.entities:
        machine = entity.state_machine
        move = capture_move(machine.transitions, machine.states) if machine is not None else None
        if move is None or SYSTEM not in move.roles or not any(w in move.guard for w in known.marks):
            continue
        for use_case in draft.req.use_cases:
            provider = authorising(draft.req, use_case.calls)
            if provider is None or f"'{use_case.name}'" not in move.guard:
                continue
            said = known.step.format(provider=provider, entity=entity_noun(entity.name), target=move.target)
            for flow in (f for f in draft.flows if f.use_case == use_case.name):
                step = next((s for s in flow.steps if s.target == provider), None)
                if step is not None and said not in step.message:
                    step.message = f"{step.message.rstrip('; ')}; {said}"
