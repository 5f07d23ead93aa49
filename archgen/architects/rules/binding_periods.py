"""Claims on the period that binds: a record whose dates are proposals gets the dates its deciding step binds, a
claim live past its end keeps its period (being late is a label), a unit sold by count is claimed only once
assigned, and a resource reported damaged goes to repair (the words: archgen/knowledge/claim_periods.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import claim_periods as cp
from archgen.design import holds
from archgen.design import model as m
from archgen.knowledge.claim_periods import claim_periods


def bind_periods(draft: Draft) -> None:
    """Give a record whose period is proposed the field for each end its deciding step binds, when it has none."""
    words = claim_periods()
    people = {r.name for r in draft.req.users.roles if r.kind == "person"}
    for entity in draft.entities:
        asked = cp.proposals(entity)
        step = cp.deciding_step(entity, draft.req) if len(asked) >= 2 else None
        if step is None:
            continue
        roles = sorted(set(step.roles) & people)
        have = cp.bound_ends(entity)
        for end, proposal in zip(("start", "end"), asked[:2], strict=True):
            if end in have:
                continue
            added = words.bound_fields[end]
            said = added.says.format(roles=" or ".join(roles), step=step.name, proposed=proposal.name)
            entity.fields.append(
                m.StoredField(name=added.name, type=proposal.type, required=False, writers=roles, description=said)
            )


def assignment(draft: Draft, claim: holds.Claim) -> tuple[str, list[str], str] | None:
    """For a unit a later step assigns on a record sold by count: that step, the states from it on, and the record
    whose counts guard the sale until then."""
    move = cp.assigned_by(claim.entity, claim.resource, draft.req)
    count = cp.counter(claim.entity, draft.entities, draft.req) if move is not None else None
    if move is None or count is None:
        return None
    return move.name, cp.from_step(claim.entity, move), count.name


def settle_assigned(claim: holds.Claim, assigned: tuple[str, list[str], str]) -> None:
    """The unit's reference is empty until the step that assigns it: never required of the request making it."""
    move, _, count = assigned
    said = claim_periods().assigned_says.format(move=move, counter=count)
    for field in (f for f in claim.entity.fields if f.name == claim.resource):
        field.required = False
        if said not in field.description:
            field.description = " ".join(p for p in (field.description, said) if p)


def hold_past_end(claim: holds.Claim, index: m.Index) -> None:
    """The clock's move that takes a claim past its end only labels it: the claim keeps its period, and a later
    claim of the same resource that starts before it is back is told, never cancelled."""
    machine = claim.entity.state_machine
    past = [s for s in cp.past_end(claim.entity) if s in claim.states]
    if machine is None or not past:
        return
    # a later claim waits in a state before the hand-over: not past its end, and not one the clock moves past it
    held = {s for t in machine.transitions if t.target in past for s in t.source}
    later = [s for s in claim.states if s not in past and s not in held]
    let_go = cp.letting_go(claim.entity, later)
    if not later or let_go is None:
        return
    said = claim_periods().past_end_guard.format(
        entity=claim.entity.name,
        resource=claim.resource,
        index=index.name,
        start=index.fields[1],
        end=index.fields[-1],
        later=", ".join(later),
    )
    for move in (t for t in machine.transitions if t.target in past and said not in t.guard):
        move.guard = "; ".join(g for g in (move.guard, said) if g)


def repair_returns(draft: Draft) -> None:
    """A resource that comes back reported damaged goes to repair, not back to the shelf."""
    words = claim_periods().repair
    for link in holds.links(draft.entities):
        machine = link.parent.state_machine
        state = cp.repair_state(link.parent)
        if machine is None or state is None:
            continue
        fields = {f.name: f for f in link.child.fields}
        for child_field, _ in holds.reported(link):
            values = cp.damaged_values(fields[child_field])
            if not values:
                continue
            said = " or ".join(values)
            for move in [t for t in machine.transitions if t.name != words.move]:
                back = move.target.lower() in cp.free_states() and set(move.source) != {state}
                if not back or link.child.name not in move.guard or move.target == state:
                    continue
                if any(t.name == words.move for t in machine.transitions):
                    continue
                kw = {"child": link.child.name, "field": child_field, "values": said, "state": state}
                move.guard = "; ".join((move.guard, words.otherwise.format(**kw)))
                machine.transitions.append(
                    m.Transition(
                        name=words.move,
                        source=list(move.source),
                        target=state,
                        use_case=move.use_case,
                        roles=list(move.roles),
                        guard=words.guard.format(free=move.target, **kw),
                    )
                )
