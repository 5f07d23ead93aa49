"""Ways out of every state a record rests in: a deadline the flows speak of has the system's move that carries it,
a fact that may be found wrong is corrected by a row that supersedes it, and neither a lapsed record's unique key
nor a failed payout is the end of it."""

from __future__ import annotations

from archgen.common import english
from archgen.design.exits import correctable, must_happen
from archgen.design.model import EntityDesign
from archgen.knowledge.exits import exits
from archgen.knowledge.finality import finality_words
from archgen.requirements.intent import names_entity, words
from archgen.review.engine import Found, Problem, Subject, rule

SYSTEM = "system"


def _at(i: int, part: str = "state_machine") -> tuple[str | int, ...]:
    return ("entities", i, part)


@rule("FLOW113", "error", "flows", "A deadline the flows speak of that no move carries")
def deadline_without_move(subject: Subject) -> Found:
    """A flow says a record ends by a deadline or an exhausted search (no driver is near after the last offer, an
    offer expires), and the record's lifecycle has no move of the system's: the record stays where it was for ever,
    and whatever it holds stays held. Add the timer's move into the lifecycle's cancel or expiry state."""
    marks = exits().timeouts.marks
    done: set[str] = set()
    for flow in subject.design.flows:
        said = [s.message for s in flow.steps if any(mark in s.message.lower() for mark in marks)]
        if not said:
            continue
        named = words(flow.use_case)
        for i, entity in enumerate(subject.design.entities):
            machine = entity.state_machine
            if machine is None or entity.name in done or not names_entity(entity.name, named, set()):
                continue
            if any(SYSTEM in t.roles for t in machine.transitions):
                continue
            done.add(entity.name)
            yield Problem(
                element=f"{entity.name}.{machine.field}",
                at=_at(i),
                message=f'{flow.use_case} says "{said[0][:90]}", yet no move of the system leaves any state of '
                f"{entity.name}: a {english.join(machine.states[:1])} record nobody takes up stays there for ever",
                fix=f"add the system's timer move from {machine.initial} into the lifecycle's cancel or expiry state, "
                "and tell who made the record",
            )


def _self_ref(entity: EntityDesign) -> bool:
    return any(f.type == f"ref[{entity.name}]" for f in entity.fields)


def _correction_status(entity: EntityDesign) -> bool:
    marks = set(finality_words().corrections)
    return any(
        f.type.startswith("enum[") and {v.strip() for v in f.type[5:-1].split(",")} & marks for f in entity.fields
    )


@rule("FLOW114", "error", "data", "An append-only fact that cannot be corrected")
def uncorrectable_fact(subject: Subject) -> Found:
    """A record kept append-only states a fact that may be found wrong (a measurement, a lab value, a reading), and
    it has no status saying whether a row is final, corrected or entered in error, or no reference to the row a
    correction supersedes: a corrected value is appended beside the wrong one, and charts and trends show both."""
    for i, entity in enumerate(subject.design.entities):
        if not correctable(entity):
            continue
        missing = [
            what
            for what, has in (
                ("status (final, corrected, entered in error)", _correction_status(entity)),
                (f"reference to the {entity.name} it supersedes", _self_ref(entity)),
            )
            if not has
        ]
        if missing:
            yield Problem(
                element=entity.name,
                at=_at(i, "fields"),
                message=f"{entity.name} is append-only and records what may be found wrong, with no "
                f"{english.join(missing, 'or')}",
                fix="add a status (final, corrected, entered_in_error) and a supersedes reference; a correction is a "
                "new row superseding the old, and reads show only rows nothing supersedes",
            )


def _keyed(entity: EntityDesign) -> list[str]:
    """The unique keys on a client's string (a seller's SKU) that hold in every state, not only the live ones."""
    strings = {f.name for f in entity.fields if f.type == "string" and f.set_by == "client"}
    return [
        i.name
        for i in entity.indexes
        if i.kind in ("unique", "claim") and set(i.fields) & strings and "where" not in i.serves.lower()
    ]


@rule("FLOW115", "error", "data", "An end that blocks its own key or leaves owed work undone")
def dead_end(subject: Subject) -> Found:
    """A record ends where it cannot stay: a listing that lapsed (expired) keeps its unique natural key, so the same
    SKU can never be listed again; or work that must happen in the end (a payout, a payment to a payee) ends
    failed or returned with no way to issue it again, and the money stays owed for ever."""
    lapsed = set(exits().reactivate.lapsed)
    failures = set(exits().reissue.failures)
    for i, entity in enumerate(subject.design.entities):
        machine = entity.state_machine
        if machine is None:
            continue
        keys = _keyed(entity)
        for state in machine.terminal:
            if state.lower() in lapsed and keys:
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=_at(i),
                    message=f"{state} ends {entity.name} while its unique key ({keys[0]}) still holds, so the same "
                    "key can never be made again",
                    fix=f"add a move out of {state} back to a live state when the key comes back, or make the key "
                    "unique only among the live states (a partial unique index)",
                )
            if state.lower() in failures and must_happen(entity.name, [f.name for f in entity.fields]):
                yield Problem(
                    element=f"{entity.name}.{machine.field}: {state}",
                    at=_at(i),
                    message=f"{entity.name} must happen in the end, yet {state} is final: nothing issues it again",
                    fix=f"add a reissue move from {state} back to {machine.initial}, by who issued it, once the cause "
                    "is fixed",
                )
