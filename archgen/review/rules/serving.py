"""Serving rules: a read use case's answer carries each thing it names (top and bottom products, unread counts),
what it is compared against is kept by some record, and a read someone waits for does not query a store slower
than its share of the budget (archgen/knowledge/serving.yaml)."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.common.naming import slug
from archgen.design import views
from archgen.design.model import Endpoint, EntityDesign, Service
from archgen.design.serving import asks_unseen, counts_unseen, groups_by, ranked_nouns, served_tables
from archgen.knowledge.serving import serving
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule


def _reading(subject: Subject) -> Iterator[tuple[KeyPath, Service, Endpoint, UseCase]]:
    for path, service, endpoint in subject.endpoints():
        if endpoint.method != "GET":
            continue
        for case in subject.req.use_cases:
            if case.name in endpoint.use_cases and case.reads and not case.writes:
                yield path, service, endpoint, case


def _carried(subject: Subject, endpoint: Endpoint) -> list[EntityDesign]:
    names = [endpoint.entity or "", *endpoint.includes]
    return [subject.entities[n] for n in names if n in subject.entities]


@rule("API190", "error", "api", "A thing a read names that its answer does not carry")
def unnamed_in_answer(subject: Subject) -> Found:
    """A read use case names something its answer must show (top and bottom products, unread counts) and the
    operation carrying it neither groups by that thing nor returns a field for it: a dashboard promising the
    best-selling products that can only total by payment method, a connect view with no unread count. Group by
    the thing ranked, and carry each count with the positions it is computed from."""
    names = list(subject.entities)
    for path, service, endpoint, case in _reading(subject):
        label = f"{service.name}: {endpoint.method} {endpoint.path}"
        for entity in ranked_nouns(case, names):
            if not groups_by(endpoint, subject.entities, entity):
                yield Problem(
                    element=label,
                    at=(*path, "filters"),
                    message=f"carries {case.name!r}, which ranks {entity} records, and cannot group by {entity}",
                    fix=f"answer from a record that references {entity} and take it as a group to rank by",
                )
        if asks_unseen(case) and not counts_unseen(_carried(subject, endpoint)):
            yield Problem(
                element=label,
                at=(*path, "includes"),
                message=f"carries {case.name!r}, which shows unread counts, and answers neither a count nor the "
                "conversation's head position beside the member's read position",
                fix="keep each conversation's head position and answer it with the member's read position (the "
                "unread count is their difference), or keep the count itself",
            )


@rule("API191", "error", "api", "Compared against a value no record keeps")
def compared_against_nothing(subject: Subject) -> Found:
    """A read use case sets its figures against a value (a target, a budget, a quota) that no record keeps, and no
    open question asks who sets it: the comparison cannot be answered and nobody is asked to supply it. Keep the
    value as a record its owner maintains, or ask where it comes from."""
    words = set(serving().compared_against)
    parts = {p for e in subject.entities.values() for f in e.fields for p in f.name.split("_")}
    parts |= {p for e in subject.entities.values() for p in slug(e.name).split("-")}
    asked = " ".join(f"{q.raised_by} {q.question}" for q in subject.design.open_questions).lower()
    for i, case in enumerate(subject.req.use_cases):
        named = sorted(words & set(views.said(case)))
        if case.writes or not case.reads or not named or words & parts:
            continue
        if f"use_cases[{case.name.lower()}]" in asked and any(w in asked for w in named):
            continue
        yield Problem(
            element=case.name,
            at=("requirements", "use_cases", i, "description"),
            message=f"is set against a {named[0]}, which no record keeps and no question asks about",
            fix=f"keep the {named[0]} as a record (per what it is set for) or ask who sets it and where from",
        )


@rule("CAP046", "error", "capacity", "Waited-for read of a store slower than its budget")
def below_store_floor(subject: Subject) -> Found:
    """A step someone waits for queries a store whose engine takes longer to answer any query than the step's
    share of the budget (a warehouse job takes a second or more before it reads a block): the use case's p99
    cannot hold. Read rollups pre-aggregated into a low-latency store by a refresh job, and keep analysts' scans
    off that path."""
    known = serving()
    stores = {s.name: s for s in subject.design.stores}
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            store = stores.get(step.target)
            floor = known.floor(store.kind) if store else 0
            if step.kind == "sync" and store is not None and 0 < step.budget_ms < floor:
                yield Problem(
                    element=f"{flow.use_case}: {step.source} → {step.target}",
                    at=("flows", i, "steps", j, "budget_ms"),
                    message=f"queries the {store.kind} {store.name} within {step.budget_ms} ms, while one of its "
                    f"queries takes {floor} ms at p99",
                    fix="read a rollup a job refreshes into a low-latency store, named with its staleness on the "
                    "data page",
                )


@rule("DAT106", "error", "data", "Dashboard priced as a raw scan while it reads rollups")
def served_but_priced_raw(subject: Subject) -> Found:
    """A use case's waited-for reads cannot reach the warehouse within their budget, so its flow reads rollups
    from a serving layer, yet the capacity page still prices each of its calls as a scan of the raw fact
    partitions (or prices no refresh of those rollups at all). The bill and the read path then describe two
    different systems. Price the job that refreshes the rollups, and drop the per-call scans."""
    served = served_tables(subject.design)
    figures = subject.design.capacity.figures
    for i, figure in enumerate(figures):
        case = figure.label.removesuffix(": bytes one query scans")
        if figure.group == "Warehouse scans" and case != figure.label and case in served:
            yield Problem(
                element=case,
                at=("capacity", "figures", i),
                message=f"reads rollups from a serving layer, yet is priced as {figure.value / 1e6:,.0f} MB of raw "
                "partitions scanned a call",
                fix="price the refresh job's scans of the rows added since its last run instead of each call",
            )
