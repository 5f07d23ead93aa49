"""A payment's reference to its batch is set by the job that gathers it at the cut-off, never by the request that
makes the payment, and it is empty until then (archgen/knowledge/payment_batches.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import pascal
from archgen.knowledge.payment_batches import payment_batches


def gathered_by_job(draft: Draft) -> None:
    """Set each reference to a batch record the rules added from the job that gathers its payments."""
    known = payment_batches()
    for job in draft.req.use_cases:
        if job.interaction != "scheduled" or not job.writes:
            continue
        batch = job.writes[0]
        if known.draft_case.format(noun="").split()[0].lower() != job.name.split()[0].lower():
            continue
        for entity in draft.entities:
            for stored in entity.fields:
                if stored.type == f"ref[{batch}]" and pascal(batch) != entity.name:
                    stored.set_by = "server"
                    stored.source = known.gathered.format(job=job.name)
                    stored.required = False
