"""Ways out of every state a record can rest in: a record one person makes and another must take up ends by a
timer when nobody does, the party who took it up may abandon it too, work that must happen in the end (a payout,
a delivery) is issued again after it fails, and a record that lapsed under its unique natural key comes back when
that key does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.common.naming import pascal
from archgen.design import model as m
from archgen.design.exits import must_happen
from archgen.knowledge.exits import exits
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import write_kind
from archgen.requirements.model import Entity, Requirements, UseCase

if TYPE_CHECKING:
    from archgen.architects.rules.lifecycle import _Plan

SYSTEM = "system"


def complete_exits(plan: _Plan) -> None:
    """Give every state a record can rest in its ways out, in the order they depend on one another."""
    _time_out(plan)
    _other_party(plan)
    _reissue(plan)
    _reactivate(plan)
    _out_of_service(plan)
    _cycle(plan)


def _people(req: Requirements) -> set[str]:
    return {r.name for r in req.users.roles if r.kind == "person" and not r.internal}


def _makers(plan: _Plan) -> list[UseCase]:
    """The use cases that make the record."""
    entity = plan.entity
    return [u for u in plan.req.use_cases if entity.name in u.writes and write_kind(u, entity).kind == "create"]


def _taker(plan: _Plan) -> tuple[str, list[str]] | None:
    """The person who takes up a record another person made (a driver accepting a ride), and the states they hold
    it in; none when the maker's own or staff's work moves it on."""
    first = plan.lifecycle[0]
    makers = {u.actor for u in _makers(plan)}
    people = _people(plan.req)
    taken = set(exits().timeouts.taken)
    onward = [t for t in plan.moves.values() if first in t.source and t.target.lower() in taken]
    takers = [r for t in onward for r in t.roles if r in people and r not in makers]
    if not makers & people or not takers:
        return None
    taker = takers[0]
    held = [t.target for t in plan.moves.values() if taker in t.roles and t.target not in plan.terminal]
    return taker, held


def _cancel_state(plan: _Plan) -> str | None:
    cancels = operation_words().states.cancel
    return next((s for s in plan.lifecycle if s in plan.terminal and s.lower() in cancels), None)


def _time_out(plan: _Plan) -> None:
    """A record waiting in its first state for another person to take it up ends by the system's timer."""
    ending = _cancel_state(plan)
    first = plan.lifecycle[0]
    if ending is None or _taker(plan) is None:
        return
    if any(first in t.source and SYSTEM in t.roles for t in plan.moves.values()):
        return
    words = exits().timeouts
    plan.moves[words.name] = m.Transition(
        name=words.name,
        source=[first],
        target=ending,
        roles=[SYSTEM],
        emits=f"{pascal(plan.entity.name)}TimedOut",
        guard=words.guard,
    )


def _other_party(plan: _Plan) -> None:
    """The person who took a record up may abandon it as well as who made it (a driver who bails, a no-show): a
    move of their own, since the maker's cancel is the maker's operation."""
    found = _taker(plan)
    ending = _cancel_state(plan)
    if found is None or ending is None:
        return
    taker, held = found
    cancel = next((t for t in plan.moves.values() if t.target == ending and t.roles and SYSTEM not in t.roles), None)
    if cancel is None or taker in cancel.roles:
        return
    states = [s for s in cancel.source if s in held]
    words = exits().other_party
    name = words.name.format(role=taker.replace("_", "-"))
    if not states or name in plan.moves:
        return
    plan.moves[name] = m.Transition(
        name=name,
        source=states,
        target=ending,
        roles=[taker],
        emits=f"{pascal(plan.entity.name)}{pascal(ending)}",
        guard=words.guard.format(roles=taker, states=", ".join(states)),
    )


def _reissue(plan: _Plan) -> None:
    """A failure of work that must happen leads back to its first state, issued again by who issued it."""
    if not must_happen(plan.entity.name, plan.entity.fields):
        return
    words = exits().reissue
    first = plan.lifecycle[0]
    people = {r.name for r in plan.req.users.roles if r.kind == "person"}
    known = operation_words().states
    ends = set(words.failures) | known.cancel
    issue = next((t for t in plan.moves.values() if first in t.source and t.target.lower() not in ends | {first}), None)
    for state in [s for s in plan.terminal if s.lower() in words.failures]:
        if any(state in t.source for t in plan.moves.values()):
            continue
        plan.terminal.remove(state)
        move = plan.moves.setdefault(
            words.name,
            m.Transition(
                name=words.name,
                source=[state],
                target=first,
                # a person's reissue is an operation of its own; the job that issues it issues it again, and so
                # does the system for what a provider moved (a refund the provider submitted)
                use_case=issue.use_case if issue is not None and issue.roles == [SYSTEM] else None,
                roles=list(issue.roles) if issue is not None and set(issue.roles) <= people | {SYSTEM} else [SYSTEM],
                emits=f"{pascal(plan.entity.name)}Reissued",
                guard=words.guard,
            ),
        )
        if state not in move.source:
            move.source.append(state)
        if move.use_case is not None and words.name not in plan.carried.setdefault(move.use_case, []):
            plan.carried[move.use_case].append(words.name)


def natural_keys(entity: Entity) -> list[str]:
    """The strings its makers give a record that other systems know it by (a seller's SKU): its natural key."""
    words = operation_words().fields.natural_keys
    named = [f for f in entity.fields if f.lower() in words or any(f.lower().endswith(f"_{w}") for w in words)]
    return [f for f in named if entity.fields[f].kind == "string"]


def _reactivate(plan: _Plan) -> None:
    """A record that lapsed under its natural key (a listing expired) comes back when the key does."""
    words = exits().reactivate
    if not natural_keys(plan.entity):
        return
    for state in [s for s in plan.terminal if s.lower() in words.lapsed]:
        into = [t for t in plan.moves.values() if t.target == state]
        if not into or any(set(t.roles) - {SYSTEM} for t in into) or words.name in plan.moves:
            continue  # a person's decision to end it stands
        maker = next(iter(_makers(plan)), None)
        plan.terminal.remove(state)
        plan.moves[words.name] = m.Transition(
            name=words.name,
            source=[state],
            target=plan.lifecycle[0],  # it starts over (a lapsed verification is checked again)
            use_case=maker.name if maker is not None else None,
            roles=[maker.actor if maker is not None and maker.actor else SYSTEM],
            emits=f"{pascal(plan.entity.name)}Reactivated",
            guard=words.guard.format(first=plan.lifecycle[0]),
        )
        if maker is not None:
            plan.carried.setdefault(maker.name, []).append(words.name)


def _keepers(plan: _Plan) -> list[str]:
    """The staff who work on the record in their use cases: who takes it out of service and brings it back."""
    staff = {r.name for r in plan.req.users.roles if r.internal and r.kind == "person"}
    found = [u.actor for u in plan.req.use_cases if plan.entity.name in u.writes and u.actor in staff]
    return list(dict.fromkeys(a for a in found if a))


def _out_of_service(plan: _Plan) -> None:
    """Staff take a resource out of service (out of order): not the side work of another record's step, which
    never decides that; the move is theirs, from any state of its own, and their move brings it back."""
    keepers = _keepers(plan)
    out = set(exits().back_in_service.states)
    lapsed = set(exits().reactivate.lapsed) | set(exits().reissue.failures)
    for move in list(plan.moves.values()):
        carrier = next((u for u in plan.req.use_cases if u.name == move.use_case), None)
        side = carrier is not None and carrier.writes[:1] != [plan.entity.name]
        if move.target.lower() not in out or move.roles != [SYSTEM] or not side or not keepers:
            continue
        if move.use_case is not None and move.name in plan.carried.get(move.use_case, []):
            plan.carried[move.use_case].remove(move.name)
        move.use_case = None
        move.roles = list(keepers)
        held = plan.locked()
        live = [s for s in plan.lifecycle if s not in plan.terminal and s.lower() not in lapsed]
        move.source = [s for s in live if s != move.target and s not in held]
        for back in plan.moves.values():
            if move.target in back.source and back.roles == [SYSTEM] and len(back.source) > 1:
                back.source.remove(move.target)  # another record's step does not repair it
        words = exits().back_in_service
        if not any(move.target in t.source for t in plan.moves.values()) and words.name not in plan.moves:
            plan.moves[words.name] = m.Transition(
                name=words.name,
                source=[move.target],
                target=plan.lifecycle[0],
                roles=list(keepers),
                emits=f"{pascal(plan.entity.name)}Reinstated",
                guard=words.guard,
            )


def _cycle(plan: _Plan) -> None:
    """A resource's condition that never ends (clean, dirty, inspected) comes back to where it starts: nothing
    else makes a room clean again."""
    first = plan.lifecycle[0]
    known = operation_words().states
    rest = [s for s in plan.lifecycle[1:] if s.lower() not in known.paused | known.retired | known.enforcement]
    if plan.terminal or any(t.target == first and set(t.source) & set(rest) for t in plan.moves.values()):
        return
    keepers = _keepers(plan)
    if not rest or not keepers:
        return
    from archgen.architects.rules.lifecycle import verb_for  # the lifecycle module calls this one

    name = verb_for(first)
    if name in plan.moves:
        return
    plan.moves[name] = m.Transition(
        name=name, source=rest, target=first, roles=keepers, emits=f"{pascal(plan.entity.name)}{pascal(first)}"
    )
