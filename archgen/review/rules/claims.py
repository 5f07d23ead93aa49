"""Rules about claims with nothing behind them: prose that promises what no element of the design contains (an
audit entry in the change's transaction while the audit log lives in another database, reads served from a cache
that does not exist, a unique key the data model lacks). The elements decide (archgen/design/claims.py), with the
claim vocabulary of archgen/knowledge/claims.yaml."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from archgen.design.claims import UNFILLED, Kind, unbacked, unfilled
from archgen.knowledge.catalog import Catalog, Features
from archgen.review.engine import Found, KeyPath, Problem, Subject, rule


def _texts(subject: Subject) -> Iterator[tuple[KeyPath, str, str]]:
    """(key path, element, text) for every sentence-bearing part that states how the design works."""
    design = subject.design
    security = design.security
    yield ("security", "audit"), "security", security.audit
    for i, control in enumerate(security.controls):
        yield ("security", "controls", i, "measure"), f"{control.regime}: {control.requirement}", control.measure
    for i, threat in enumerate(security.threats):
        yield ("security", "threats", i, "mitigation"), threat.target, threat.mitigation
    for i, handling in enumerate(security.pii):
        for j, line in enumerate(handling.controls):
            yield ("security", "pii", i, "controls", j), handling.entity, line
    reliability = design.reliability
    yield ("reliability", "strategy"), "reliability", reliability.strategy
    for i, mode in enumerate(reliability.failure_modes):
        yield ("reliability", "failure_modes", i, "mitigation"), mode.component, mode.mitigation
        yield ("reliability", "failure_modes", i, "degraded"), mode.component, mode.degraded
    for i, line in enumerate(reliability.degradation):
        yield ("reliability", "degradation", i), "reliability", line
    for i, line in enumerate(reliability.resilience):
        yield ("reliability", "resilience", i), "reliability", line
    for i, line in enumerate(design.observability.dashboards):
        yield ("observability", "dashboards", i), "observability", line
    for i, decision in enumerate(design.decisions):
        yield ("decisions", i, "rationale"), decision.id, decision.rationale
        for j, consequence in enumerate(decision.consequences):
            yield ("decisions", i, "consequences", j), decision.id, consequence
    for i, risk in enumerate(design.risks):
        yield ("risks", i, "mitigation"), risk.id, risk.mitigation
    for i, flow in enumerate(design.flows):
        for j, step in enumerate(flow.steps):
            yield ("flows", i, "steps", j, "message"), flow.use_case, step.message


def unbacked_claims(subject: Subject, kind: Kind) -> Iterator[tuple[KeyPath, str, str]]:
    catalog = Catalog(subject.design.deployment.cloud, [], [])

    @functools.cache
    def together(store: str) -> bool:
        kept = subject.stores.get(store)
        entry = catalog.technology(kept.technology) if kept is not None else None
        return entry is not None and catalog.engine(entry).has(Features(transactions="multi-row"))

    for path, element, text in _texts(subject):
        for found, words in unbacked(subject.design, text, together):
            if found == kind:
                yield path, element, words


@rule("CLM001", "error", "claims", "Audit entry said to share the change's transaction")
def audit_transaction(subject: Subject) -> Found:
    """A text says the audit entry is written in the same transaction as the change, and the audit log lives in
    another database than the records that change (or a database cannot commit two rows together)."""
    for path, element, words in unbacked_claims(subject, "audit"):
        yield Problem(
            element=element,
            at=path,
            message=words,
            fix="keep an audit table in each database that takes writes, or say the audit service writes the "
            "entry from the change's event after it commits (and design that event and its consumer)",
        )


@rule("CLM002", "error", "claims", "Text relies on an element the design lacks")
def absent_element(subject: Subject) -> Found:
    """A mitigation, degraded mode, control, decision or flow relies on a cache, CDN, replica, outbox, queue, push
    channel, scheduled job or search index the design does not have."""
    for path, element, words in unbacked_claims(subject, "element"):
        yield Problem(
            element=element,
            at=path,
            message=words,
            fix="say what the design really does there, or add the element the sentence relies on",
        )


@rule("CLM003", "error", "claims", "Unique key claimed that the data model lacks")
def unique_claim(subject: Subject) -> Found:
    """A decision, control or flow says an entity has a unique key, and the entity has no unique index."""
    for path, element, words in unbacked_claims(subject, "unique"):
        yield Problem(
            element=element,
            at=path,
            message=words,
            fix="add the unique index to the entity, or drop the claim",
        )


@rule("CLM004", "error", "claims", "Recovery into a region the topology lacks")
def recovery_region(subject: Subject) -> Found:
    """A decision or the reliability text names the region a region loss is recovered into, and the topology has
    one region: the region lost is the only one it names."""
    for path, element, words in unbacked_claims(subject, "region"):
        yield Problem(
            element=element,
            at=path,
            message=words,
            fix="name the recovery region in the topology (a standby inside the residency), or say it is still open",
        )


@rule("CLM005", "error", "claims", "Text with a placeholder nothing filled")
def placeholder_left(subject: Subject) -> Found:
    """A sentence still holds a template's `{kind:arg}`: a number or name the design could not give is printed as
    code instead of being said or left out."""
    for path, text in unfilled(subject.design):
        found = UNFILLED.search(text)
        yield Problem(
            element=str(path[0]),
            at=path,
            message=f"says {found.group(0) if found else 'a placeholder'} where a value belongs",
            fix="write the value, or leave out the sentence that needs it",
        )
