"""Serving layer: a read someone waits for whose share of the use case's p99 is below the latency floor of the
store it queries (a warehouse answers in seconds) reads rollups pre-aggregated from that store into a low-latency
store the service already uses, refreshed by a job; the warehouse keeps the facts and the analysts' scans."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import slug
from archgen.design import model as m
from archgen.design.read_models import nested
from archgen.design.serving import (
    asks_unseen,
    conversation,
    counts_unseen,
    groups_by,
    ranked_group,
    ranked_nouns,
    read_position,
)
from archgen.knowledge.serving import serving


def plan_serving(draft: Draft) -> None:
    """Point every waited-for read of a store slower than its budget at the serving rollups of what it reads, and
    name those rollups, their source and staleness where the low-latency store is described."""
    known = serving()
    stores = {s.name: s for s in draft.stores}
    services = {s.name for s in draft.services}
    served: dict[str, dict[str, str]] = {}  # low-latency store -> rollup -> the store it is copied from
    for flow in draft.flows:
        for step in flow.steps:
            if step.kind != "sync" or step.budget_ms <= 0:
                continue
            slow = stores.get(step.target)
            if slow is not None and step.budget_ms < known.floor(slow.kind):
                name = next((n for n in slow.entities if step.message.startswith(f"query {n}")), None)
                fast = _serving_store(draft, step.source)
                if fast is None or name is None:
                    continue
                table = _table(name)
                served.setdefault(fast.name, {})[table] = slow.name
                if step.source not in fast.services:
                    fast.services.append(step.source)  # it reads its own rollup there
                step.target = fast.name
                step.message = f"read {table}, the rollup of {name} kept in {fast.name}"
            elif step.target in services:
                _call_served(draft, step, stores, served)
    for store in draft.stores:
        if store.name in served:
            store.purpose += _said(served[store.name])


def _call_served(
    draft: Draft, step: m.FlowStep, stores: dict[str, m.DataStore], served: dict[str, dict[str, str]]
) -> None:
    """A module asked for records of a slow store answers from their rollup in a low-latency store it uses."""
    known = serving()
    for entity in draft.entities:
        slow = stores.get(entity.store)
        if entity.owner != step.target or slow is None or step.budget_ms >= known.floor(slow.kind):
            continue
        if f" {entity.name} " not in f" {step.message} ":
            continue
        fast = _serving_store(draft, step.target)
        if fast is None:
            return
        table = _table(entity.name)
        served.setdefault(fast.name, {})[table] = slow.name
        head, paren, rest = step.message.partition(" (")
        step.message = f"{head} from {table} in {fast.name}{paren}{rest}"
        return


def _table(entity: str) -> str:
    return f"{slug(entity).replace('-', '_')}_serving"


def _said(tables: dict[str, str]) -> str:
    """The serving rollups a store keeps, where from and how stale, as its description goes on."""
    minutes = serving().refresh_minutes
    sources = sorted(set(tables.values()))
    names = ", ".join(sorted(tables))
    return (
        f"; also the serving rollups {names}, pre-aggregated from {' and '.join(sources)} by a refresh job every "
        f"{minutes} minutes (at most {minutes} minutes stale), so dashboards never wait on a warehouse query"
    )


def _serving_store(draft: Draft, service: str) -> m.DataStore | None:
    """A low-latency store the service already uses, else any in the design."""
    fast = [s for s in draft.stores if s.kind in serving().serving_kinds]
    return next((s for s in fast if service in s.services), None) or next(iter(fast), None)


def plan_ranked(draft: Draft) -> None:
    """A read that ranks things (top and bottom products) groups by them: through its own record's reference, or a
    composed record's that references both (a sale line's product under a sale)."""
    entities = {e.name: e for e in draft.entities}
    names = list(entities)
    for case in draft.req.use_cases:
        if case.writes or not case.reads:
            continue
        for endpoint in (e for s in draft.services for e in s.endpoints if case.name in e.use_cases):
            lead = entities.get(endpoint.entity or "")
            if endpoint.method != "GET" or lead is None:
                continue
            for ranked in ranked_nouns(case, names):
                field = None if groups_by(endpoint, entities, ranked) else ranked_group(case, lead, entities, ranked)
                if field is None:
                    continue
                owner, _, name = field.rpartition(".")
                composed = next((n for n in entities if nested(n) == owner), None)
                if composed is not None and composed not in endpoint.includes:
                    endpoint.includes.append(composed)
                endpoint.filters.append(m.Filter(name=name, field=field, kind="eq"))


def plan_unseen(draft: Draft) -> None:
    """A read that shows unread counts answers the member's read position with the conversation's head position
    beside it (the count is their difference), the head taken on read from the counter its messages are numbered
    from."""
    entities = {e.name: e for e in draft.entities}
    head = serving().head_position
    for case in draft.req.use_cases:
        if case.writes or not asks_unseen(case):
            continue
        for endpoint in (e for s in draft.services for e in s.endpoints if case.name in e.use_cases):
            lead = entities.get(endpoint.entity or "")
            word = read_position(lead) if lead else None
            talk = conversation(lead, entities, word) if lead and word else None
            carried = [entities[n] for n in [endpoint.entity or "", *endpoint.includes] if n in entities]
            if endpoint.method != "GET" or talk is None or word is None or counts_unseen(carried):
                continue
            if not any(f.name == f"{head}_{word}" for f in talk.fields):
                talk.fields.append(
                    m.StoredField(
                        name=f"{head}_{word}",
                        type="int",
                        required=False,
                        minimum=0,
                        set_by="server",
                        # a write per message on the conversation's row would be a hot second writer: the
                        # counter each message's number is drawn from already holds it
                        source=f"the {word} of the newest message stored in the conversation, taken on read from "
                        f"the counter each message's {word} is drawn from (no write per message reaches this "
                        "record); it only moves forward",
                        description=f"unread counts: the head {word} less a member's {serving().read_position}_{word}",
                    )
                )
            if talk.name not in endpoint.includes:
                endpoint.includes.append(talk.name)
