"""The review rules, grouped by area. Each yields (element, message, fix hint)."""

from __future__ import annotations

from collections.abc import Iterator

from archgen.design.model import Design
from archgen.review.engine import rule

Found = Iterator[tuple[str, str, str]]


@rule("AVL001", "error", "availability", "Single zone against a high availability target")
def single_zone(design: Design) -> Found:
    r = design.reliability
    if r.availability_slo >= 99.9 and r.zones_per_region < 2:
        yield (
            "reliability",
            f"{r.availability_slo:g} % availability with one zone: a zone outage breaks the SLO",
            "run across at least two zones (three for quorum-based stores)",
        )


@rule("AVL002", "error", "availability", "Single instance against a high availability target")
def single_instance(design: Design) -> Found:
    if design.reliability.availability_slo < 99.9:
        return
    for d in design.deployables:
        if d.kind == "web" and d.scaling.min_instances < 2:
            yield (
                d.name,
                f"runs a single instance under a {design.reliability.availability_slo:g} % target",
                "set scaling.min_instances to at least 2, spread across zones",
            )


@rule("AVL003", "error", "availability", "Backups do not meet the RPO")
def backups_meet_rpo(design: Design) -> Found:
    for b in design.reliability.backups:
        if not b.meets_rpo:
            yield (
                b.store,
                f"its backup plan cannot meet an RPO of {design.reliability.rpo_minutes:g} minutes",
                "add continuous replication or log shipping with a lag below the RPO",
            )


@rule("DAT001", "error", "data", "Entity without an owner")
def entity_owner(design: Design) -> Found:
    services = {s.name for s in design.services}
    for e in design.entities:
        if e.owner not in services:
            yield (e.name, "has no owning service", "assign it to the service that writes it")


@rule("DAT002", "warning", "data", "Access pattern without an index")
def access_index(design: Design) -> Found:
    for e in design.entities:
        served = {i.serves.split(" ")[0] for i in e.indexes}
        for pattern in e.access:
            if pattern.startswith(("by_", "range_")) and pattern not in served and pattern != "by_id":
                yield (e.name, f"access pattern {pattern} has no index", "add an index on the field it filters by")


@rule("DAT003", "error", "data", "Personal data without encryption")
def pii_encryption(design: Design) -> Found:
    for e in design.entities:
        store = next((s for s in design.stores if s.name == e.store), None)
        if e.pii and store is not None and not store.encryption_at_rest:
            yield (
                e.name,
                f"holds personal data in {store.name}, which is not encrypted at rest",
                "enable encryption at rest with managed keys",
            )


@rule("SEC001", "error", "security", "Compliance regime without controls")
def regime_controls(design: Design) -> Found:
    from archgen.requirements.model import KNOWN_REGIMES

    mapped = {c.regime for c in design.security.controls}
    for regime in design.requirements.compliance.regimes:
        if regime.lower() in KNOWN_REGIMES and regime.lower() not in mapped:
            yield (regime, "no control in the design answers this regime", "map its requirements to design elements")


@rule("COST001", "warning", "cost", "Estimated cost over budget")
def over_budget(design: Design) -> Found:
    budget = design.cost.budget_usd_per_month
    if budget is not None and design.cost.total_usd_per_month > budget:
        yield (
            "cost",
            f"${design.cost.total_usd_per_month:,.0f}/month exceeds the ${budget:,.0f} budget",
            "reduce the largest cost lines or agree a larger budget",
        )
