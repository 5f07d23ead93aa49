"""Lifecycles that cannot drift apart: a child record (a claim's payment) runs only while its parent permits it and
the parent cannot leave that state under a child in flight; a timer racing an outside confirmation has a defined
winner and a handled loser; a step the questionnaire bars from people who did a step of another record says so in
its guard."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.design import couplings as c
from archgen.design.model import Transition
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words


def _add(move: Transition, guard: str) -> None:
    if guard not in move.guard:
        move.guard = "; ".join(g for g in (move.guard, guard) if g)


def plan_couplings(draft: Draft) -> None:
    """Write the guards that tie children to parents, settle timer races and carry stated separations."""
    words = lifecycle_knowledge().couplings
    people = {r.name for r in draft.req.users.roles if r.kind == "person"}
    for link in c.couplings(draft.entities, people):
        parent, child = link.parent.name, link.child.name
        apart = link.parent.owner != link.child.owner  # another service owns it: asked, never joined
        states = english.join(link.permit, "or")
        for move in link.executing:
            said = words.child_remote if apart else words.child_guard
            _add(move, said.format(parent=parent, states=states, owner=link.parent.owner))
        busy, opened = english.join(link.busy, "or"), english.join(link.open, "or")
        for move in link.abandoning:
            if link.busy:
                said = words.refused_remote if apart else words.refused_guard
                _add(move, said.format(child=child, busy=busy, owner=link.child.owner))
            if link.open:
                said = words.cancels_remote if apart else words.cancels_guard
                _add(move, said.format(child=child, open=opened, owner=link.child.owner))
        if link.cancel is not None and link.abandoning:
            moves = english.join([t.name for t in link.abandoning], "or")
            steps = english.join([t.name for t in link.executing], "or") or "its own next step"
            _add(link.cancel, words.follows_guard.format(parent=parent, states=states, moves=moves, steps=steps))
    for entity in draft.entities:
        machine = entity.state_machine
        for timer, other, state in c.races(machine, people) if machine is not None else []:
            _add(timer, words.conditional.format(state=state, other=f"the {other.name}"))
            _add(other, words.late.format(late=timer.target))
    for use_case in draft.req.use_cases:
        for entity in draft.entities:
            machine = entity.state_machine
            barred = c.prior_steps(use_case.description or "", draft.entities, entity.name)
            carried = [t for t in machine.transitions if t.use_case == use_case.name] if machine else []
            # calling the step off (cancel) is no sign-off: anyone who may take it may stop it
            for move in (t for t in carried if t.target.lower() not in operation_words().states.cancel):
                for parent in dict.fromkeys(e.name for e, _ in barred):
                    steps = english.join([t.name for e, t in barred if e.name == parent], "or")
                    _add(move, words.prior_guard.format(step=steps, parent=parent))
