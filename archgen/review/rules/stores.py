"""Store and key rules: a key never holds what use cases overwrite; a big edge table read by one key sits in the
wide-column store the team runs, or a decision says why not; stores that outgrow a node or the budget within the
horizon have a plan (archgen/knowledge/store_fit.yaml, archgen/capacity/storage_years.py)."""

from __future__ import annotations

import re

from archgen.capacity import constants as c
from archgen.capacity.load import entity_rows
from archgen.capacity.storage_years import first_over_budget, first_past_node, growing, store_bytes, tier_driver
from archgen.common.formatting import quantity, usd
from archgen.design.edges import known_wide_column, wide_column_edge
from archgen.design.model import EntityDesign
from archgen.knowledge.store_fit import store_fit
from archgen.review.engine import Found, Problem, Subject, rule

KEY_KINDS = ("primary", "table")  # the indexes that are a copy of the row under its own key


@rule("DAT107", "error", "data", "A key holds a field that use cases overwrite")
def mutable_key(subject: Subject) -> Found:
    """A record's key, or the key of a query table that copies it, is built from a value the use cases keep
    changing (a last-read time, a status, a score), or from a bucket computed from one. A key cannot be updated in
    place: every change becomes a delete and an insert, moves the row to another partition, and a conditional
    update on it cannot be written. Key the record by what never changes (its id, or the pair it links) and keep
    the changing field as a plain column."""
    fit = store_fit()
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        if store is None:
            continue
        changing = _changing(entity, fit.mutable)
        keys = [("primary key", entity.primary_key)]
        if store.kind != "relational":
            keys += [(ix.name, [*ix.partition, *ix.fields]) for ix in entity.indexes if ix.kind in KEY_KINDS]
        for where, fields in keys:
            held = next((f for f in fields if f in changing), None)
            if held is not None:
                yield Problem(
                    element=f"{entity.name}.{held}",
                    at=("entities", i, "primary_key"),
                    message=f"is in the {where} of {entity.name}, yet use cases overwrite "
                    f"{changing[held]}: each change deletes and re-inserts the row under a new key",
                    fix=f"key {entity.name} by its id or by the records it links, and keep {changing[held]} as a "
                    "plain column",
                )
                break


def _changing(entity: EntityDesign, mutable: object) -> dict[str, str]:
    """The fields use cases overwrite, and the ones computed from them (a bucket of a last-read time), each with
    the field that changes."""
    named = {f.name: f.name for f in entity.fields if mutable(f.name)}  # type: ignore[operator]
    if entity.state_machine is not None:
        named[entity.state_machine.field] = entity.state_machine.field
    for f in entity.fields:
        base = next((n for n in list(named) if re.search(rf"\b{re.escape(n)}\b", f.source)), None)
        if base is not None and f.name not in named:
            named[f.name] = base
    return named


@rule("DAT108", "error", "data", "A big edge table kept in relational primaries beside a wide-column skill")
def edge_in_relational(subject: Subject) -> Found:
    """A record that links two others (a like, a membership), read only by the records it links, grows past what
    one relational primary holds or writes, and sits in a relational store (often sharded by hand) while the team
    already runs a wide-column store, and no decision weighs the two with the figures. Reads by the second key
    become a scatter over every shard, and resharding is an application migration. Keep it in the wide-column
    store, one table per key it is read by and its counts in counter rows, or record why not."""
    skill = known_wide_column(subject.req)
    if skill is None:
        return
    for i, entity in enumerate(subject.design.entities):
        store = subject.stores.get(entity.store)
        asked = next((e for e in subject.req.data.entities if e.name == entity.name), None)
        if store is None or store.kind != "relational" or asked is None or not wide_column_edge(subject.req, asked):
            continue
        if _weighed(subject, entity.name, skill):
            continue
        yield Problem(
            element=entity.name,
            at=("entities", i, "store"),
            message=f"is an edge table of {entity_rows(subject.req, asked, 3):,.0f} rows after 3 years read by "
            f"its links, kept in relational {store.name} while the team runs {skill}, and no decision weighs it",
            fix=f"keep {entity.name} in a wide-column store (one table per key it is read by, counts in counter "
            f"rows), or record a decision that weighs {skill} against {store.name} with the write and row figures",
        )


def _weighed(subject: Subject, entity: str, skill: str) -> bool:
    """Whether a decision driven by the entity weighs a wide-column option."""
    for decision in subject.design.decisions:
        if f"data.entities[{entity}]" not in decision.drivers:
            continue
        said = " ".join(f"{o.name} {o.summary}" for o in decision.options).lower()
        if skill.lower() in said or "wide-column" in said:
            return True
    return False


@rule("CAP047", "error", "capacity", "A store outgrows its nodes within the horizon with no plan")
def past_node_limit(subject: Subject) -> Found:
    """A store whose data sits on the nodes the design runs holds more on one node (or shard) than a node takes
    in some year of the horizon, and no decision plans for it: restores, upgrades and index builds on that node
    run for hours, and adding a shard later is a migration under load. Plan the year it happens: more shards,
    or history moved to a cold tier, recorded in a decision driven by the store's growth."""
    planned = _planned(subject)
    for i, store in enumerate(subject.measured.stores):
        year = first_past_node(subject.req, store)
        if year is None or store.name in planned:
            continue
        yield Problem(
            element=store.name,
            at=("stores", i, "size_bytes_3y"),
            message=f"holds {quantity(store_bytes(subject.req, store, year), 'bytes')} in year {year} "
            + (f"over its {store.shards} shards" if store.shards > 1 else "on one primary")
            + f", above the {quantity(c.NODE_STORAGE_LIMIT.value * 1e12, 'bytes')} a node takes, and no decision "
            "plans for it",
            fix="shard it or move its history to a cold tier from that year, and record the plan in a decision "
            f"driven by {tier_driver(store.name)}",
        )


@rule("COST032", "error", "cost", "Stored data pushes the estimate over budget with no tiering")
def storage_over_budget(subject: Subject) -> Found:
    """The estimate is priced for one year, but its storage grows with the data kept: projected with each
    entity's growth and retention, the bill passes the budget in some year of the horizon, and no decision moves
    history to a cheaper tier or compacts it. Say the year it happens and tier the stores that grow most (the
    newest months hot, the rest in object storage) or compact them."""
    over = first_over_budget(subject.measured, subject.req)
    if over is None:
        return
    planned = _planned(subject)
    left = [s for s, _ in growing(subject.measured, subject.req) if s.name not in planned]
    if not left:
        return
    yield Problem(
        element="cost",
        at=("cost", "total_usd_per_month"),
        message=f"grows with the data it stores to {usd(over.monthly_usd)} a month in year {over.year}, over the "
        f"{usd(subject.req.constraints.budget_usd_per_month or 0)} budget, and no decision tiers "
        f"{', '.join(s.name for s in left)}",
        fix="move the history of the stores that grow most to a cold tier (or compact it) from that year, in a "
        "decision driven by their growth",
    )


def _planned(subject: Subject) -> set[str]:
    """The stores a decision plans the growth of."""
    return {
        name[len("stores[") : -len("].growth")]
        for d in subject.design.decisions
        for name in d.drivers
        if name.startswith("stores[") and name.endswith("].growth")
    }
