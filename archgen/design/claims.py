"""Whether the elements of a design back what its prose claims (the vocabulary: archgen/knowledge/claims.yaml).

Both the rules architect (which leaves out a sentence nothing backs) and the review (which reports one in any
design) ask this module, so the two cannot disagree. It reads elements only, from a Design or a draft of one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal, Protocol

from pydantic import BaseModel

from archgen.design.model import (
    Cache,
    Channel,
    DataStore,
    EntityDesign,
    Event,
    Job,
    Observability,
    RealtimeChannel,
    Topology,
)
from archgen.knowledge import compliance
from archgen.knowledge.claims import Need, asserts, claim_words, sentences


class Elements(Protocol):
    """The parts of a design (or of a draft) that claims are checked against."""

    @property
    def stores(self) -> Sequence[DataStore]: ...
    @property
    def entities(self) -> Sequence[EntityDesign]: ...
    @property
    def caches(self) -> Sequence[Cache]: ...
    @property
    def channels(self) -> Sequence[Channel]: ...
    @property
    def events(self) -> Sequence[Event]: ...
    @property
    def realtime(self) -> Sequence[RealtimeChannel]: ...
    @property
    def jobs(self) -> Sequence[Job]: ...
    @property
    def topology(self) -> Topology | None: ...
    @property
    def observability(self) -> Observability | None: ...


def present(design: Elements) -> dict[Need, bool]:
    """Which of the claimable elements the design has."""
    standby = design.topology is not None and any(r.role == "standby" for r in design.topology.regions)
    return {
        "cache": any(c.placement in ("distributed", "in-process") for c in design.caches),
        "cdn": any(c.placement == "cdn" for c in design.caches),
        "replica": standby or any(s.read_replicas for s in design.stores),
        "outbox": any(e.outbox for e in design.events),
        "queue": bool(design.channels),
        "push": bool(design.realtime),
        "job": bool(design.jobs),
        "search": any(s.kind == "search" for s in design.stores) or any(e.search_index for e in design.entities),
        "page": design.observability is not None and any(a.severity == "page" for a in design.observability.alerts),
    }


Kind = Literal["element", "unique", "dedupe", "audit", "region"]


def unbacked(design: Elements, text: str, together: Callable[[str], bool]) -> list[tuple[Kind, str]]:
    """What `text` claims that no element of the design backs: (kind of claim, in words); empty when all hold.

    `together` tells whether a store's engine commits several rows in one transaction."""
    words = claim_words()
    have = present(design)
    out: list[tuple[Kind, str]] = []
    for sentence in sentences(text):
        for need, needed in words.needs.items():
            phrase = asserts(sentence, needed.phrases)
            if phrase is not None and not have[need]:
                out.append(("element", f'says "{phrase}", which needs {needed.says}, and the design has none'))
        if asserts(sentence, words.recovery) and not recovery_regions(design):
            out.append(
                ("region", "names a region a region loss is recovered into, and the topology has no other region")
            )
        if asserts(sentence, words.unique):
            out.extend(("unique", said_) for said_ in _unique(design, sentence))
        if asserts(sentence, words.dedupe):
            out.extend(("dedupe", said_) for said_ in _dedupe(design, sentence))
        audits = audit_entities(design)
        audited = asserts(sentence, words.audit) or any(_names(sentence, a.name) for a in audits)
        if audited and asserts(sentence, words.together):
            # a sentence that names stores or records claims it of those only; one that names audit records alone
            # speaks of writing them, not of a change
            entities = [e for e in design.entities if _names(sentence, e.name)]
            named = {s.name for s in design.stores if _names(sentence, s.name)} | {
                e.store for e in entities if e not in audits
            }
            apart = audit_apart(design, together, named or None) if named or not entities else ""
            if apart:
                out.append(("audit", f"says the audit record is written in the change's transaction, but {apart}"))
    return out


def recovery_regions(design: Elements) -> list[str]:
    """The regions that can take over from a lost one: every region holding data when there are several."""
    regions = design.topology.regions if design.topology is not None else []
    holding = [r.name for r in regions if r.personal_data or r.role == "standby" or r.recovers]
    return holding if len(holding) > 1 else []


def _names(sentence: str, name: str) -> bool:
    """Whether a sentence names an element (as a whole word)."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence) is not None


def _unique(design: Elements, sentence: str) -> list[str]:
    """A unique key claimed on an entity the sentence names, which has no unique index."""
    named = [e for e in design.entities if _names(sentence, e.name)]
    return [
        f"claims a unique key on {e.name}, which has no unique index"
        for e in named
        if not any(i.kind == "unique" or (i.kind == "primary" and len(i.fields) > 1) for i in e.indexes)
    ]


def natural_unique(entity: EntityDesign) -> bool:
    """Whether the entity is unique on something other than its random id: a key without `id`."""
    keys = [entity.primary_key] + [i.fields for i in entity.indexes if i.kind in ("primary", "unique", "claim")]
    return any(key and "id" not in key for key in keys)


def _dedupe(design: Elements, sentence: str) -> list[str]:
    """De-duplication claimed for an entity the sentence names, which is unique on nothing but its random id."""
    return [
        f"says {e.name} is de-duplicated, but it has no unique key besides its random id, so a resend has nothing "
        "to conflict on"
        for e in design.entities
        if _names(sentence, e.name) and not natural_unique(e)
    ]


def audit_entities(design: Elements) -> list[EntityDesign]:
    """The entities that are audit records (by their names, as compliance.yaml recognises them)."""
    return [e for e in design.entities if "audit" in compliance.record_kinds(e.name, [f.name for f in e.fields])]


def audit_apart(design: Elements, together: Callable[[str], bool], only: set[str] | None = None) -> str:
    """Why an audit record cannot be committed in the transaction of every change, in words ('' when it can).

    With audit entities, every store whose records change must hold one; without, each such store keeps its own
    audit rows, which needs an engine that commits several rows together. `only` limits the changed stores."""
    audits = audit_entities(design)
    changed = sorted({e.store for e in design.entities if e not in audits and (only is None or e.store in only)})
    if audits:
        kept = {a.store for a in audits}
        apart = [s for s in changed if s not in kept]
        if apart:
            where = ", ".join(sorted(f"{a.name} in {a.store}" for a in audits))
            return f"{where} is apart from the records changed in {', '.join(apart)}"
        return ""
    alone = [s for s in changed if not together(s)]
    return f"{', '.join(alone)} cannot commit an audit row with the change" if alone else ""


UNFILLED = re.compile(r"\{[a-z_]+:[^{}\s]+\}")  # a pattern's `{kind:arg}` the design gave nothing to fill


def unfilled(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(key path, text) of every string under `value` (a Design or a part of it) that still holds a placeholder."""
    if isinstance(value, str):
        if UNFILLED.search(value):
            yield path, value
    elif isinstance(value, BaseModel):
        for name, item in value:
            if name != "requirements":  # the person's own words
                yield from unfilled(item, (*path, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from unfilled(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unfilled(item, (*path, str(key)))
