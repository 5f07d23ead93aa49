"""Records agree: a stream one record keys is keyed the same way by every later record that speaks of it."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.design.model import EntityDesign
from archgen.knowledge.decisions import decision_words


def settle_keys(draft: Draft) -> None:
    """A stream is keyed once: the first record that keys it decides, and later records follow its key (patterns
    decide apart: matching keys positions by place, tracking by the watched record)."""
    pattern = re.compile(decision_words().key_statement, re.IGNORECASE)
    keyed: dict[str, tuple[str, str]] = {}  # stream → (key, the record that chose it)

    def follow(decision_id: str, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            stream, key = m.group("subject").lower(), m.group("key").lower()
            first = keyed.setdefault(stream, (key, decision_id))
            if first[0] == key or first[1] == decision_id:
                return m.group(0)
            return f"the {m.group('subject')} {m.group('what')} keeps the key {first[1]} gives it (by {first[0]})"

        return pattern.sub(one, text)

    for decision in draft.decisions:
        decision.rationale = follow(decision.id, decision.rationale)
        decision.consequences = [follow(decision.id, c) for c in decision.consequences]
    # the events about a record carry the key its records say: events.md and the contract name what decisions do
    for stream, (key, _) in keyed.items():
        entity = named_entity(draft.entities, stream)
        if entity is not None and any(f.name == key for f in entity.fields):
            for event in (e for e in draft.events if e.entity == entity.name):
                event.ordering_key = key


def named_entity(entities: list[EntityDesign], stream: str) -> EntityDesign | None:
    """The entity a record's stream or topic is named after ('the driverlocation topic' is DriverLocation's)."""
    wanted = re.sub(r"[\s_-]", "", stream.lower())
    return next((e for e in entities if e.name.lower() == wanted), None)
