"""Records that become final stay final. An update of a record with a signing, issuing or sending state is allowed
only before it; a correction afterwards appends a revision and keeps what it corrects; a result an outside party
sends in sequence (preliminary, final, corrected) is applied by its sequence number; and every refusal a provider
can answer (a declined card) has its move out of the state the provider was asked in."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import words_of
from archgen.design import finality as fin
from archgen.design.model import Endpoint, EntityDesign, StateMachine, Transition
from archgen.knowledge.finality import finality_words


def plan_finality(draft: Draft) -> None:
    """Keep each final record final, and give each provider's refusal its move."""
    req = draft.req
    people = {r.name for r in req.users.roles if r.kind == "person"}
    parties = {i.name for i in req.integrations}
    calls = {u.name: [c for c in u.calls if c in parties] for u in req.use_cases}
    endpoints = [e for s in draft.services for e in s.endpoints]
    for entity in draft.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        if fin.final_states(machine):
            _limit_updates(entity, machine, endpoints)
            _append_corrections(entity, machine)
        _sequence(machine, people)
        _refusals(machine, calls, parties)


def _limit_updates(entity: EntityDesign, machine: StateMachine, endpoints: list[Endpoint]) -> None:
    """An update names the states before the record is final; after, it answers 409."""
    before = fin.before_final(machine)
    if not before:
        return
    after = set(fin.after_final(machine))
    moves = sorted({t.name for t in machine.transitions if set(t.source) & after})
    said = finality_words().edit_guard.format(
        states=" or ".join(before),
        final=" or ".join(fin.final_states(machine)),
        moves=f"its {', '.join(moves)} {'move' if len(moves) == 1 else 'moves'}" if moves else "nothing: it is kept",
    )
    for endpoint in fin.updates(endpoints, entity.name):
        if not fin.limited(endpoint, machine):
            endpoint.summary = f"{endpoint.summary.rstrip('.')}: {said}"


def _append_corrections(entity: EntityDesign, machine: StateMachine) -> None:
    """A correction of a final record appends a revision, and may be made again."""
    words = finality_words()
    final = " or ".join(fin.final_states(machine))
    for move in fin.corrections(machine):
        if not fin.keeps_prior(move, entity):
            said = words.amend_guard.format(final=final, noun=words_of(entity.name))
            move.guard = "; ".join(g for g in (move.guard, said) if g)
        if move.target not in move.source:
            move.source.append(move.target)


def _sequence(machine: StateMachine, people: set[str]) -> None:
    """A result sent in sequence is applied by its sequence number, and corrected as often as it is sent."""
    words = finality_words()
    for move in fin.sequenced_moves(machine, people):
        if not fin.sequence_said(move):
            party = next(r for r in move.roles if r not in people)
            said = words.sequence_guard.format(party=party)
            move.guard = "; ".join(g for g in (move.guard, said) if g)
        if move.target.lower() in words.corrections and move.target not in move.source:
            move.source.append(move.target)


def _refusals(machine: StateMachine, calls: dict[str, list[str]], parties: set[str]) -> None:
    """Each state a provider is asked in can end in its refusal: the refusal move takes the state and the party."""
    ends = fin.refusal_states(machine)
    provider = fin.provider_moves(machine, calls, parties)
    missing = fin.unrefused(machine, parties, provider)
    if not ends or not missing:
        return
    asked = next(t for t in provider if set(t.source) & set(missing))
    party = fin.party_of(asked, calls, parties)
    role = party if party in parties and party in asked.roles else fin.SYSTEM
    refusal = next((t for t in machine.transitions if t.target == ends[0]), None)
    if refusal is None:
        from archgen.architects.rules.lifecycle import verb_for

        refusal = Transition(name=verb_for(ends[0]), source=[], target=ends[0], roles=[])
        machine.transitions.append(refusal)
    refusal.source += [s for s in missing if s not in refusal.source]
    if role not in refusal.roles:
        refusal.roles.append(role)
    said = finality_words().refusal_guard.format(party=party)
    refusal.guard = "; ".join(g for g in (refusal.guard, said) if g)
