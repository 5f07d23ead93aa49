"""What a read use case names that its answer must carry: the things it ranks (top and bottom products), which the
operation groups by through the record it reads or one that references the ranked thing; and its counts of what a
person has not seen (archgen/knowledge/serving.yaml). The architect plans by it, the review checks by it."""

from __future__ import annotations

from archgen.design.model import DataStore, Design, Endpoint, EntityDesign, FlowStep
from archgen.design.read_models import nested
from archgen.design.views import named_entity, said
from archgen.knowledge.serving import serving
from archgen.requirements.model import UseCase

_FILLER = ("and", "or", "the", "5", "10", "20", "n")


def ranked_nouns(case: UseCase, names: list[str]) -> list[str]:
    """The entities a use case asks ranked lists of (top and bottom products names Product)."""
    known = serving()
    text = said(case)
    out: list[str] = []
    for at, word in enumerate(text):
        if word not in known.ranked:
            continue
        tail = [w for w in text[at + 1 : at + 6] if w not in (*known.ranked, *_FILLER)]
        entity, _, start, _ = named_entity(tail, names)
        if entity is not None and start == 0 and entity not in out:
            out.append(entity)
    return out


def _ref(entity: EntityDesign, ranked: str) -> str | None:
    return next((f.name for f in entity.fields if f.type == f"ref[{ranked}]"), None)


def groups_by(endpoint: Endpoint, entities: dict[str, EntityDesign], ranked: str) -> bool:
    """Whether an answer is keyed by records of the ranked entity or groups by a reference to them (its own, or
    one of a record it composes)."""
    if endpoint.entity == ranked:
        return True
    by_nested = {nested(n): e for n, e in entities.items()}
    lead = entities.get(endpoint.entity or "")
    for f in endpoint.filters:
        if f.kind != "eq":
            continue
        owner, _, field = f.field.rpartition(".")
        holder = by_nested.get(owner) if owner else lead
        if holder is not None and field == _ref(holder, ranked):
            return True
    return False


def ranked_group(case: UseCase, lead: EntityDesign, entities: dict[str, EntityDesign], ranked: str) -> str | None:
    """The filter field that groups an answer by the ranked entity: the lead's reference to it, else that of a
    record the use case reads which references both the lead and the ranked thing (a sale line's product)."""
    own = _ref(lead, ranked)
    if own is not None:
        return own
    for name in case.reads:
        other = entities.get(name)
        if other is not None and other is not lead and _ref(other, lead.name) and (ref := _ref(other, ranked)):
            return f"{nested(name)}.{ref}"
    return None


def asks_unseen(case: UseCase) -> bool:
    """Whether a use case shows counts of what a person has not seen (unread counts)."""
    return bool(set(serving().unseen) & set(said(case)))


def read_position(entity: EntityDesign) -> str | None:
    """The position a member's record keeps of how far they read (last_read_seq), by its position word (seq)."""
    prefix = f"{serving().read_position}_"
    found = next((f.name for f in entity.fields if f.name.startswith(prefix) and f.type == "int"), None)
    return found.removeprefix(prefix) if found else None


def conversation(entity: EntityDesign, entities: dict[str, EntityDesign], word: str) -> EntityDesign | None:
    """The conversation a member's record reads in: one it references whose children are numbered by the same
    position word (a channel whose messages carry a seq)."""
    for f in entity.fields:
        other = entities.get(f.type[4:-1]) if f.type.startswith("ref[") else None
        if other is None:
            continue
        children = [e for e in entities.values() if any(g.type == f"ref[{other.name}]" for g in e.fields)]
        if any(g.name == word and g.type == "int" for c in children for g in c.fields):
            return other
    return None


def counts_unseen(carried: list[EntityDesign]) -> bool:
    """Whether an answer carries an unread count, or both positions it is the difference of (the member's read
    position and the conversation's head position)."""
    known = serving()
    names = {f.name for e in carried for f in e.fields}
    if any(set(n.split("_")) & set(known.unseen) for n in names):
        return True
    words = {read_position(e) for e in carried} - {None}
    return any(f"{known.head_position}_{w}" in names for w in words)


def served_tables(design: Design) -> dict[str, set[str]]:
    """The slow-store tables each use case reads through serving rollups: its flow is waited for, and every
    waited-for read of those tables (a query of their store, a call of their owner naming them) has a share of the
    budget below the store's latency floor, so it cannot read the store itself."""
    known = serving()
    stores = {s.name: s for s in design.stores}
    slow = {e.name: e for e in design.entities if known.floor(stores[e.store].kind if e.store in stores else "")}
    out: dict[str, set[str]] = {}
    for flow in design.flows:
        case = next((u for u in design.requirements.use_cases if u.name == flow.use_case), None)
        waited = [s for s in flow.steps if s.kind == "sync" and s.budget_ms > 0]
        tables = {n for n in (case.reads if case else []) if n in slow}
        if case is None or not waited or not tables:
            continue
        if all(_under_floor(step, slow, stores) for step in waited):
            out[case.name] = tables
    return out


def _under_floor(step: FlowStep, slow: dict[str, EntityDesign], stores: dict[str, DataStore]) -> bool:
    """Whether a waited-for step reads no slow store within a budget its floor allows."""
    for entity in slow.values():
        store = stores[entity.store]
        named = f" {entity.name} " in f" {step.message} "
        reaches = step.target == store.name or (step.target == entity.owner and named)
        if reaches and step.budget_ms >= serving().floor(store.kind):
            return False
    return True
