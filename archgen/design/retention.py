"""When a record's retention ends: the moment its period is counted from and what must go before it, derived from
the entities alone, so the architect states it and the review checks any design against it.

A period runs from the moment that ends a record's use, not from its creation: the final state of its lifecycle,
or the newest record that refers to it (a person's last visit), never before the person it is about comes of age.
A record that belongs to another (no lifecycle of its own, kept at least as long) goes together with it; a record
another kept record refers to stays while that one is kept; an audit trail is counted from when each entry is
written (the period its auditors test), and goes by time partitions where it is partitioned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from archgen.common import english
from archgen.design.model import DataStore, EntityDesign
from archgen.design.postings import holds_money
from archgen.knowledge.compliance import record_kinds
from archgen.knowledge.jobs import job_words
from archgen.knowledge.operations import operation_words

REF = re.compile(r"ref\[(\w+)\]")


@dataclass(frozen=True)
class Ending:
    """When one entity's records may go."""

    entity: str
    days: int
    parent: str | None  # goes together with this record, children first
    closes: tuple[str, ...]  # counted from reaching one of these final states
    activity: tuple[str, ...]  # counted from the newest of these records that refers to it
    held_by: tuple[str, ...]  # stays while one of these kept records refers to it
    children: tuple[str, ...]  # the records that belong to it, deleted first
    audit: bool  # stays while the record it audits is kept
    audits: tuple[str, ...]  # the kept records an audit trail names
    birth: str | None  # the field of the person's birth date: no clock starts before they come of age
    partitioned: bool  # counted from creation in time partitions, which are dropped whole
    carries: tuple[str, ...] = ()  # kept records whose balance sums these: carried forward before they go


def refs(entity: EntityDesign) -> list[str]:
    """The entities an entity's fields refer to, in field order."""
    return [m for f in entity.fields for m in REF.findall(f.type) if m != entity.name]


def is_audit(entity: EntityDesign) -> bool:
    """Whether an entity is an audit trail (who did what to which record)."""
    return "audit" in record_kinds(entity.name, [f.name for f in entity.fields])


def _closes(entity: EntityDesign) -> tuple[str, ...]:
    """The states that end a record's use: its final states, and the settled ones it leaves only to give money
    back, contest, correct or withdraw it (a payment that succeeded is done with, although a refund may still
    follow; a signed note, although it may be amended)."""
    machine = entity.state_machine
    if machine is None:
        return ()
    reversals = {*operation_words().states.reversals, *job_words().retention.corrections}
    settled = [
        s
        for s in machine.states
        if s not in machine.terminal
        and s != machine.initial
        and (leaving := [t.target for t in machine.transitions if s in t.source])
        and all(target.lower() in reversals for target in leaving)
    ]
    return tuple(s for s in machine.states if s in machine.terminal or s in settled)


def parent_of(entity: EntityDesign, entities: Sequence[EntityDesign]) -> str | None:
    """The record an entity belongs to: one it refers to that is kept at least as long (the longest kept first),
    when it has no lifecycle of its own and is no audit trail; it is deleted together with that record. A record
    that moves money through states (a payout) is kept for its own period and never goes with the party it names."""
    if _closes(entity) or is_audit(entity) or _moves_money(entity):
        return None
    by = {e.name: e for e in entities}
    mine = entity.retention_days or 10**9  # no limit given: it lives as long as what it belongs to
    kept = [by[n] for n in dict.fromkeys(refs(entity)) if n in by and (by[n].retention_days or 0) > 0]
    fits = [p for p in kept if (p.retention_days or 0) <= mine and entity.name not in refs(p)]
    # of two it refers to, the one that names the other is the closer owner (a reading of a visit, not of the person)
    fits = [p for p in fits if not any(p.name in refs(q) for q in fits)] or fits
    return max(fits, key=lambda p: p.retention_days or 0).name if fits else None


def _moves_money(entity: EntityDesign) -> bool:
    return entity.state_machine is not None and holds_money(f.name for f in entity.fields)


def _partitioned(entity: EntityDesign, store: DataStore | None) -> bool:
    if store is not None and store.kind == "time-series":
        return True  # a time-series store keeps its rows in time partitions
    said = f"{entity.partition_key or ''} {store.partitioning if store else ''}".lower()
    return any(w in said for w in job_words().retention.time_partition_words)


def endings(entities: Sequence[EntityDesign], stores: Sequence[DataStore] = ()) -> dict[str, Ending]:
    """Every entity that is deleted when its retention ends (a period of its own, or its parent's), by name."""
    by_store = {s.name: s for s in stores}
    by_name = {e.name: e for e in entities}
    parents = {e.name: parent_of(e, entities) for e in entities}
    words = job_words().retention
    out: dict[str, Ending] = {}
    for e in entities:
        parent = parents[e.name]
        if not e.retention_days and parent is None:
            continue
        referrers = [r for r in entities if e.name in refs(r) and r.name != e.name]
        held = tuple(
            r.name
            for r in referrers
            if parents[r.name] != e.name
            and not is_audit(r)
            and (r.retention_days is None or (e.retention_days or 0) <= r.retention_days)
            and r.name not in refs(e)  # two records that name each other cannot each wait for the other
        )
        activity = (
            () if _closes(e) else tuple(r.name for r in referrers if not is_audit(r) and parents[r.name] != e.name)
        )
        birth = next((f.name for f in e.fields if f.name in words.birth_fields), None)
        plain = not (_closes(e) or activity or held or birth or parent)  # an audit entry ages from when written
        out[e.name] = Ending(
            entity=e.name,
            days=e.retention_days or 0,
            parent=parent,
            closes=_closes(e),
            activity=activity,
            held_by=held,
            children=tuple(r.name for r in referrers if parents[r.name] == e.name),
            audit=is_audit(e),
            audits=tuple(n for n in dict.fromkeys(refs(e)) if any(x.name == n and x.retention_days for x in entities))
            if is_audit(e)
            else (),
            birth=birth,
            partitioned=plain and _partitioned(e, by_store.get(e.store)),
        )
    for name, ending in out.items():  # a kept balance that sums these records needs them carried forward first
        out[name] = replace(ending, carries=_carried(by_name[name], out, entities))
    for name, ending in out.items():  # rows partitioned by time like the record they belong to go with its partitions
        entity = next(e for e in entities if e.name == name)
        mine = _partitioned(entity, by_store.get(entity.store)) and not (ending.closes or ending.held_by)
        if ending.parent and ending.parent in out and out[ending.parent].partitioned and mine:
            out[name] = replace(ending, partitioned=True)
    return out


def _carried(entity: EntityDesign, ends: dict[str, Ending], entities: Sequence[EntityDesign]) -> tuple[str, ...]:
    """The records an entity refers to that keep a balance of it and outlive it (an account kept without limit whose
    balance is the sum of its entries): deleting the entries alone would break that sum."""
    words = job_words().retention.balance_fields
    mine = ends[entity.name].days or next(
        (e.days for e in ends.values() if e.children and entity.name in e.children), 0
    )
    return tuple(
        r.name
        for r in entities
        if r.name in refs(entity)
        and any(f.name in words for f in r.fields)
        and (r.name not in ends or (r.retention_days or 0) > mine)
    )


def carry(ending: Ending) -> str:
    """How a job keeps a balance its deleted records add up to, e.g. "each LedgerAccount's balance first carried
    forward …"; '' when nothing sums them."""
    if not ending.carries:
        return ""
    return (
        f"each {english.join(ending.carries, 'or')}'s balance first carried forward as one opening-balance "
        f"{ending.entity} at the cut-off, so the balance still equals the sum of its {ending.entity} records"
    )


def clause(ending: Ending) -> str:
    """How a job says when an entity's records go, e.g. 'Claim 3,650 days after it reaches closed or withdrawn'."""
    name = ending.entity
    if ending.partitioned:
        together = f" with its {ending.parent}'s" if ending.parent else ""
        dropped = f"{name}'s time partitions once all their rows are past {ending.days:,} days, dropped whole{together}"
        return ", ".join(p for p in (dropped, carry(ending)) if p)
    if ending.parent:  # the parent's clause waits for it
        return ", ".join(p for p in (f"{name} together with its {ending.parent}, before it", carry(ending)) if p)
    if ending.closes:
        start = f"after its last change of state once it reaches {english.join(ending.closes, 'or')}"
    elif ending.activity:
        start = (
            f"after its last activity, when it was written or the newest {english.join(ending.activity, 'or')} "
            "that refers to it was"
        )
    else:
        start = "after it is written"
    parts = [f"{name} {ending.days:,} days {start}"]
    if ending.birth:
        years = job_words().retention.coming_of_age_years
        parts.append(f"never from before the person turns {years} by {ending.birth}")
    if ending.held_by:
        parts.append(f"only once no kept {english.join(ending.held_by, 'or')} still points to it")
    if ending.carries:
        parts.append(carry(ending))
    if ending.children and not ending.partitioned:
        parts.append(f"its {english.join(ending.children)} deleted first")
    return ", ".join(parts)


def said_of(text: str, name: str) -> str:
    """What a text says of deleting an entity, from each mention that starts a period ('Claim after 3,650 days',
    'Claim 3,650 days', 'ClaimEvent together with …', "Order's time partitions …") to the end of its clause (';', '.'
    or a bracket); '' when it deletes no such record. A list of periods gives B only what follows B, and a record
    named as what another waits for or belongs to is not deleted by that mention."""
    start = re.compile(
        rf"\b{re.escape(name)}\b(?:'s time partitions)?\s+(?:\d|after\b|together\b|with\b|once\b|older\b|past\b)"
    )
    return " ".join(
        part[m.start() :] for part in re.split(r"[;.()]", text) for m in [start.search(part)] if m is not None
    )
