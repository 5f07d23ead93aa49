"""Authorise, then capture (archgen/knowledge/captures.yaml): the move that captures a record a provider has only
authorised, and the use cases that make such records while nobody who makes them ever captures them."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.design.model import Transition
from archgen.knowledge.captures import captures
from archgen.knowledge.money_moves import money_moves
from archgen.knowledge.payment_channels import channel_of
from archgen.knowledge.postings import postings
from archgen.requirements.intent import write_kind
from archgen.requirements.model import Entity, Requirements

SYSTEM = "system"


def authorised_states(states: Iterable[str]) -> list[str]:
    """The states in which a provider has only authorised the money."""
    return [s for s in states if s.lower() in money_moves().authorised]


def capture_move(moves: Iterable[Transition], states: Iterable[str]) -> Transition | None:
    """The move out of an authorised state into a captured one, or None."""
    held = set(authorised_states(states))
    kinds = {s for m in postings().movements if m.kind == "capture" for s in m.states}
    return next((t for t in moves if set(t.source) & held and t.target.lower() in kinds), None)


def authorising(req: Requirements, calls: Iterable[str]) -> str | None:
    """The first integration among `calls` that authorises money before capturing it (a card provider)."""
    for name in calls:
        found = next((i for i in req.integrations if i.name == name), None)
        channel = channel_of(found.kind, found.name) if found is not None else None
        if channel is not None and channel.authorises:
            return name
    return None


def uncaptured(req: Requirements, entity: Entity, move: Transition) -> list[tuple[str, str]]:
    """(use case, provider) of each use case that makes the record through an authorising provider while its
    actor never takes the capture move and the system does not either."""
    if SYSTEM in move.roles or (move.guard and any(w in move.guard for w in captures().marks)):
        return []
    out: list[tuple[str, str]] = []
    for use_case in req.use_cases:
        if entity.name not in use_case.writes or use_case.actor in move.roles:
            continue
        if write_kind(use_case, entity).kind != "create":
            continue
        provider = authorising(req, use_case.calls)
        if provider is not None:
            out.append((use_case.name, provider))
    return out
