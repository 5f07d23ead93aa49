"""Money trails (archgen/knowledge/postings.yaml): the transitions of a design that move money, the service that
keeps its ledger, the flow steps that post to it, and the states only another party leaves, which a timer must end
in their default outcome."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.design.model import EntityDesign, FlowStep, Service, StateMachine, Transition
from archgen.knowledge.engagements import engagements
from archgen.knowledge.money import is_posting, money_words, name_words
from archgen.knowledge.postings import Movement, postings
from archgen.knowledge.reserves import reserves

SYSTEM = "system"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _phrase(name: str, phrases: Iterable[str]) -> bool:
    return any(re.search(rf"(^|_){re.escape(p)}(_|$)", _snake(name)) for p in phrases)


def holds_money(fields: Iterable[str]) -> bool:
    """Whether a record with these fields has an amount of its own (a payment's amount, a payout's net), not only
    figures about one (a claim's estimated amount)."""
    return any(f in postings().own_amounts for f in fields)


def outflow(entity: EntityDesign) -> bool:
    """Whether a record sends money out (a payout): its name says so, or a field says where the money goes."""
    words = money_words()
    return bool(name_words(entity.name) & set(words.outflow)) or any(
        _phrase(f.name, words.destination) for f in entity.fields
    )


def carries_reserve(entity: EntityDesign) -> bool:
    """Whether a record carries a case reserve (a claim's reserve amount) that its lifecycle posts."""
    return not is_posting(entity.name) and any(f.name in reserves().fields for f in entity.fields)


def movement(entity: EntityDesign, target: str) -> Movement | None:
    """The movement a transition into `target` makes in a record that holds money, or sets or releases the
    reserve a case carries, or None."""
    if is_posting(entity.name):
        return None
    if not holds_money(f.name for f in entity.fields):
        if not carries_reserve(entity):
            return None
        return next((m for m in reserves().movements if target.lower() in m.states), None)
    flow = "outflow" if outflow(entity) else "inflow"
    return next(
        (m for m in postings().movements if target.lower() in m.states and m.records in (flow, "any")),
        None,
    )


def movements(entities: Iterable[EntityDesign]) -> list[tuple[EntityDesign, Transition, Movement]]:
    """Every transition of the design that moves money, with its record and movement."""
    out = []
    for entity in entities:
        machine = entity.state_machine
        for move in machine.transitions if machine is not None else []:
            found = movement(entity, move.target)
            # the way back from a wait on someone outside moves no money: the state was reached once already
            back = set(move.source) <= {engagements().waits.state}
            if found is not None and move.target not in move.source and not back:
                out.append((entity, move, found))
    return out


def keeper(services: Iterable[Service], entities: Iterable[EntityDesign]) -> tuple[str, str, str] | None:
    """(service, store, what it posts) of the design's ledger: the owner of its posting records, else a service
    whose responsibility says it keeps the journal in its own database. None for a design without a ledger."""
    entities = list(entities)
    posted = [e for e in entities if is_posting(e.name)]
    if posted:
        return posted[0].owner, posted[0].store, " and ".join(e.name for e in posted)
    for service in services:
        said = service.responsibility.lower()
        if service.stores and any(p in said for p in postings().keeps):
            return service.name, service.stores[0], postings().rows
    return None


def posts(step: FlowStep, posting_names: Iterable[str]) -> bool:
    """Whether a flow step posts to a ledger: it says it posts, or it writes one of the ledger's records."""
    message = step.message.strip()
    if step.kind == "reply":
        return False
    if message.startswith("post ") and not message.startswith("post /"):
        return True  # the verb, not an HTTP POST /path
    first = message.split(" ", 1)[0].lower()
    named = any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", message) for n in posting_names)
    return first in ("write", "insert", "append") and named


def entity_noun(name: str) -> str:
    """An entity's name in lower-case words (ClaimPayment → claim payment)."""
    return " ".join(sorted(name_words(name), key=name.lower().index))


def default_state(machine: StateMachine) -> str | None:
    """The outcome a party who does not act gets (lost), when the lifecycle has one."""
    return next((s for d in postings().defaults for s in machine.states if s.lower() == d), None)


def left_by_others(machine: StateMachine | None, fields: Iterable[str], staff: Iterable[str]) -> list[str]:
    """The states of a record holding money (with these fields), before its default outcome, that only another party
    leaves (a merchant, a provider): no move out is the system's or the staff's own, so without a timer the money
    waits on them."""
    if machine is None or not holds_money(fields):
        return []
    ending = default_state(machine)
    if ending is None:
        return []
    ours = {SYSTEM, *staff}
    out = []
    for state in machine.states[: machine.states.index(ending)]:
        if state in machine.terminal:
            continue
        leaving = [t for t in machine.transitions if state in t.source and t.target != state]
        if leaving and not any(set(t.roles) & ours for t in leaving):
            out.append(state)
    return out


def timed_out(machine: StateMachine, state: str) -> bool:
    """Whether a timer (a move by the system alone) leaves a state."""
    return any(state in t.source and t.target != state and t.roles == [SYSTEM] for t in machine.transitions)


def deadline(fields: Iterable[tuple[str, str]]) -> str:
    """What the timer waits for, from a record's (name, kind) fields: its own deadline field (respond_by), else the
    deadline the other party sets."""
    words = set(postings().deadline_words)
    field = next((n for n, kind in fields if name_words(n) & words and kind in ("date", "datetime", "timestamp")), None)
    return f"its {field}" if field else "the deadline the other party sets"
