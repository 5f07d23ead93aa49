"""How the audit log is written, in words that are true of the design's stores: in the transaction of the change
only where the audit record lives in the changed record's database, else from the change's event, else a gap."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import slug
from archgen.design.claims import audit_apart, audit_entities
from archgen.design.model import EntityDesign, Index, StoredField


@dataclass(frozen=True)
class AuditWords:
    """The audit log's description, where it is kept and how an entry is written relative to its change."""

    log: str  # "AccessLog in access-logs-db" or "the audit log"
    written: str  # "in the same transaction as the change" or how else
    description: str  # the security page's audit line


def audit_needed(draft: Draft) -> bool:
    """Whether the design keeps an audit log: the questionnaire asks for one, or a regime that requires one applies."""
    req = draft.req
    return req.compliance.audit_log or bool({"hipaa", "sox"} & {r.lower() for r in req.compliance.regimes})


def audit_words(draft: Draft) -> AuditWords:
    """The audit log as the design's elements make it: asks an open question when nothing writes it."""
    audits = audit_entities(draft)
    apart = audit_apart(draft, draft.commits_together)
    kept_apart = "kept apart from operational logs with restricted access"
    if audits:
        log = english.join(f"{a.name} in {a.store}" for a in audits)
        owners = {a.owner for a in audits}
        fed = any(s.consumes for s in draft.services if s.name in owners)
        if not apart:
            written = "in the same transaction as the change"
        elif fed:
            for audit in audits:
                _keyed_by_event(draft, audit)
            written = (
                f"by {english.join(sorted(owners))} from the change's event after it commits (at least once, "
                "de-duplicated on the event id), not in the change's transaction"
            )
        else:
            written = "by what the open question on its writer decides (no flow or event carries the changes to it yet)"
            draft.ask(
                question=f"What writes {log} when a record changes?",
                context=f"{apart}, and no event or flow carries the changes there: write the audit row in each "
                "service's own database in the change's transaction, or publish every change to the audit service",
                raised_by="compliance.audit_log",
            )
        return AuditWords(
            log, written, f"append-only {log}: who did what to which record and when, written {written}; {kept_apart}"
        )
    if not apart:
        written = "in the same transaction as the change"
    else:
        stores = sorted({e.store for e in draft.entities})
        kept = [s for s in stores if draft.commits_together(s)]
        alone = [s for s in stores if s not in kept]
        written = (
            "by the service that makes the change, into an audit table of its own database"
            + (f", committed with the change in {english.join(kept)}" if kept else "")
            + f"; {english.join(alone)} commit one record at a time, so there the entry is appended right after the "
            "change and retried until stored"
        )
    return AuditWords(
        "the audit log",
        written,
        # after several clauses a semicolon, so that "kept apart" is not read as part of the last
        f"append-only audit log of who did what to which record and when, written {written}"
        + ("; " if apart else ", ")
        + kept_apart,
    )


def _keyed_by_event(draft: Draft, audit: EntityDesign) -> None:
    """An audit record written from the change's event keeps the event's id, unique, so a redelivered event
    conflicts instead of writing the entry twice."""
    if not any(f.name == "event_id" for f in audit.fields):
        audit.fields.append(
            StoredField(name="event_id", type="uuid", set_by="server", source="the id of the change's event")
        )
    if any(i.fields[:1] == ["event_id"] for i in audit.indexes):
        return
    name = slug(audit.name, "entity")
    if draft.catalog.engine(draft.store(audit.store).technology).keyed:  # unique only by key: a claim row
        audit.indexes.append(
            Index(
                name=f"{name}_event_id_claim",
                fields=["event_id", "id"],
                kind="claim",
                serves="unique event_id: claimed with a conditional insert, so a redelivered event conflicts",
                partition=["event_id"],
            )
        )
    else:
        audit.indexes.append(
            Index(
                name=f"{name}_event_id_key", fields=["event_id"], kind="unique", serves="a redelivered event conflicts"
            )
        )
