"""Records that become final stay final: a signed, issued or sent record is not edited in place, a correction of it
keeps what it corrects, every refusal a provider can answer has its move, a state the text names exists, and an
admin site does not edit a lifecycle's state field by hand."""

from __future__ import annotations

import re
from collections.abc import Iterator

from archgen.common.naming import words_of
from archgen.design import finality as fin
from archgen.design.model import Decision
from archgen.knowledge.finality import finality_words
from archgen.review.engine import Found, Problem, Subject, rule


def _at(subject: Subject, entity: str) -> tuple[str | int, ...]:
    i = next(k for k, e in enumerate(subject.design.entities) if e.name == entity)
    return ("entities", i, "state_machine")


@rule("DAT097", "error", "data", "A final record still edited in place")
def final_still_editable(subject: Subject) -> Found:
    """A record's lifecycle has a state that signs, issues or sends it, yet an update of the record names no state
    it is limited to: the signed note or the sent prescription is rewritten after others relied on it. Allow the
    update only in the states before (409 after) and correct the record afterwards through its transitions."""
    endpoints = [e for s in subject.design.services for e in s.endpoints]
    for entity in subject.design.entities:
        machine = entity.state_machine
        final = fin.final_states(machine)
        if machine is None or not final or not fin.before_final(machine):
            continue
        for endpoint in fin.updates(endpoints, entity.name):
            if not fin.limited(endpoint, machine):
                yield Problem(
                    element=f"{endpoint.method} {endpoint.path}",
                    at=_at(subject, entity.name),
                    message=f"{entity.name} becomes final when it is {' or '.join(final)}, yet this update is "
                    "allowed in any state",
                    fix=f"allow it while it is {' or '.join(fin.before_final(machine))} and answer 409 after; a "
                    "change to a final record goes through a correcting move that keeps the prior value",
                )


@rule("DAT098", "error", "data", "A correction overwrites the final record")
def correction_overwrites(subject: Subject) -> Found:
    """A move corrects a record that was already final (amend a signed note, correct a final result) and says
    nothing of keeping what it corrects: the row is rewritten, the signed text is lost and a second correction has
    nowhere to go. Append the correction as a revision linked to the original, with its author, reason and time."""
    for entity in subject.design.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        for move in fin.corrections(machine):
            if not fin.keeps_prior(move, entity):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {move.name}",
                    at=_at(subject, entity.name),
                    message=f"{move.name} corrects a {' or '.join(move.source)} {entity.name} in place",
                    fix="append the correction as a revision linked to the original (who, when, why) and keep the "
                    "original readable; let it be corrected again",
                )


def _parties(subject: Subject) -> tuple[set[str], dict[str, list[str]]]:
    parties = {i.name for i in subject.req.integrations}
    return parties, {u.name: [c for c in u.calls if c in parties] for u in subject.req.use_cases}


def _named_states(decision: Decision) -> Iterator[tuple[str, str]]:
    for text in (decision.rationale, *decision.consequences):
        yield from re.findall(r"\b([a-z]+) (?:is |are )?marked ([a-z_]+)", text.lower())


@rule("FLOW109", "error", "flows", "A provider's answer with no move")
def provider_answer_unmodelled(subject: Subject) -> Found:
    """A provider is asked to act on a record (a card authorised, a transfer sent) and the lifecycle has a state
    for its refusal, but no move the provider's answer makes leads there from the state it was asked in: a
    declined top-up stays pending and holds its money for ever. The same goes for a state the decisions say a
    record is marked with that its lifecycle lacks."""
    parties, calls = _parties(subject)
    for entity in subject.design.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        moves = fin.provider_moves(machine, calls, parties)
        for state in fin.unrefused(machine, parties, moves):
            yield Problem(
                element=f"{entity.name}.{machine.field}: {state}",
                at=_at(subject, entity.name),
                message=f"the provider is asked while {entity.name} is {state}, and no move by its answer leads "
                f"from there to {' or '.join(fin.refusal_states(machine))}",
                fix=f"add the refusal move out of {state}, made by the provider's answer, releasing what it held",
            )
    machines = {words_of(e.name).split()[-1]: e for e in subject.design.entities if e.state_machine is not None}
    for i, decision in enumerate(subject.design.decisions):
        for noun, state in _named_states(decision):
            found = machines.get(noun)
            if found is not None and found.state_machine is not None and state not in found.state_machine.states:
                yield Problem(
                    element=decision.id,
                    at=("decisions", i),
                    message=f"says a {noun} is marked {state}, a state {found.name} does not have",
                    fix=f"name a state of {found.name} ({', '.join(found.state_machine.states)}) or add the "
                    "state with the move that reaches it",
                )


@rule("API175", "error", "api", "An admin site edits a lifecycle's state by hand")
def admin_edits_state(subject: Subject) -> Found:
    """Staff manage records with a lifecycle in a framework's admin site, and nothing says the state field is
    read-only there: a row edit moves a loan or a payment without its guard, its event or its audit entry. Keep the
    state field read-only in the admin and move it only by actions that run the same transitions as the API."""
    words = finality_words()
    machines = {e.name: e for e in subject.design.entities if e.state_machine is not None}
    for i, decision in enumerate(subject.design.decisions):
        # the decision as a whole: one sentence may offer the screens and another keep their state read-only
        said = (decision.rationale, *decision.consequences)
        texts = [t for t in said if any(m in t.lower() for m in words.admin_marks)]
        if not texts or any(s in t.lower() for t in texts for s in words.admin_safe):
            continue
        named = [n for n in machines if any(re.search(rf"\b{re.escape(n)}\b", t) for t in texts)]
        if named:
            yield Problem(
                element=decision.id,
                at=("decisions", i),
                message=f"staff edit {', '.join(named)} in the admin site, whose state changes only by transitions",
                fix="make the state field read-only in the admin and offer admin actions that run the same "
                "transitions as the API",
            )
