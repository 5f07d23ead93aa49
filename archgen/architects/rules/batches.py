"""Batches: every batch taken for later processing (202) can be read back with each item's outcome, and a batch
whose records carry files hands out where each file goes in its receipt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.architects.rules.field_sources import is_file_key
from archgen.common import english
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import model as m
from archgen.design.batches import is_batch, receipt, status, status_path

if TYPE_CHECKING:
    from archgen.architects.rules.operations import _Planner


def follow_batches(planner: _Planner) -> None:
    """A GET of one batch beside every batch operation; upload URLs in the receipt of records that key a file."""
    req = planner.req
    entities = {e.name: e for e in req.data.entities}
    for service, ops in list(planner.ops.items()):
        for batch in [e for e in ops if is_batch(e) and e.entity in entities]:
            entity = entities[batch.entity or ""]
            if batch.response is None and any(is_file_key(req, f) for f in entity.fields):
                batch.response = receipt(entity.name)
            planner.add(
                service,
                m.Endpoint(
                    method="GET",
                    path=status_path(batch),
                    operation_id=identifier(f"get {pascal(entity.name)} batch"),
                    summary=f"Read a batch of {english.plural(words_of(entity.name))} back: each record's outcome",
                    action="get",
                    entity=entity.name,
                    auth=batch.auth,
                    roles=list(batch.roles),
                    response=status(entity.name),
                    # the batch's use case is carried by the upload; this reads its outcome
                    use_cases=[],
                ),
            )
