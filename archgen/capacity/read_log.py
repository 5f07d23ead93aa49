"""The entries a read-access log takes: where a design records every record it returns to a person, each call of a
person's read adds one entry per record returned (or one per call, naming the records, where the design says so),
so the log grows by the reads, not by the changes. Its store, its partitions and its cost follow from that number."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.capacity import constants as c
from archgen.capacity.load import actor_kind, use_case_rate
from archgen.design import accountability as acc
from archgen.design import model as m
from archgen.requirements.model import Requirements


@dataclass(frozen=True)
class ReadEntries:
    """One use case's share of a read log: its calls a day and the records each call returns."""

    use_case: str
    calls_per_day: float
    records_per_call: float

    @property
    def per_day(self) -> float:
        return self.calls_per_day * self.records_per_call


def design_text(design: m.Design) -> str:
    """What a design says about its audit trail: its decisions' consequences, the audit line and the controls."""
    parts = [design.security.audit, *(c.measure for c in design.security.controls)]
    parts += [q for d in design.decisions for q in d.consequences]
    return "\n".join(parts)


def read_log(design: m.Design) -> m.EntityDesign | None:
    """The audit record that takes the read entries, when the design says it logs reads (an access log before
    another audit record)."""
    said = design_text(design)
    if not (acc.logs_reads(said) or acc.logs_requests(said)):
        return None
    audits = acc.audit_entities_of(design.entities)
    return next((a for a in audits if "access" in a.name.lower()), audits[0] if audits else None)


def read_entries(design: m.Design, req: Requirements) -> list[ReadEntries]:
    """Per use case in which a person reads records: calls a day × entries per call (one per request, or one per
    record returned: a page of each entity a list operation returns, one of each otherwise)."""
    log = read_log(design)
    if log is None:
        return []
    audits = {a.name for a in acc.audit_entities_of(design.entities)}
    page = c.PAGE_RECORDS.value
    per_request = acc.logs_requests(design_text(design))
    out: list[ReadEntries] = []
    for use_case in req.use_cases:
        read = [n for n in use_case.reads if n not in audits]
        if not read or use_case.interaction != "request" or actor_kind(req, use_case) != "person":
            continue
        listed = any(use_case.name in e.use_cases and e.action == "list" for s in design.services for e in s.endpoints)
        calls = use_case_rate(req, use_case).avg * c.SECONDS_PER_DAY
        if calls > 0:
            each = 1.0 if per_request else len(read) * (page if listed else 1.0)
            out.append(ReadEntries(use_case.name, calls, each))
    return out


def sized_for_reads(design: m.Design, req: Requirements) -> Requirements:
    """The requirements with the read log's daily rows raised to the entries its reads make, when the stated
    growth is less: what the storage, the store and the cost are sized by."""
    log = read_log(design)
    entries = sum(r.per_day for r in read_entries(design, req))
    if log is None or not entries:
        return req
    stated = next((e for e in req.data.entities if e.name == log.name), None)
    if stated is None or stated.growth_per_day >= entries:
        return req
    raised = stated.model_copy(update={"growth_per_day": round(entries)})
    entities = [raised if e.name == log.name else e for e in req.data.entities]
    return req.model_copy(update={"data": req.data.model_copy(update={"entities": entities})})
