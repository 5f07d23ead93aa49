"""Money sent out in order: a job that pays out hands the run to the bank only after the ledger has posted each
record's sending from the payee's available balance, so nothing leaves that the balance does not cover and a
refusal has a posting to reverse (archgen/knowledge/reversals.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.reversals import sent_too_early
from archgen.knowledge.money import is_posting
from archgen.knowledge.reversals import reversals


def reserve_before_sending(draft: Draft) -> None:
    """Move each step that hands money to the bank after the posting that reserves it."""
    names = [e.name for e in draft.entities if is_posting(e.name)]
    outside = {i.name for i in draft.req.integrations}
    for flow in draft.flows:
        early = list(sent_too_early(flow, names, outside))
        while early:
            i, j, kind = early[0]
            step = flow.steps.pop(i)
            said = reversals().after_reserve.format(kind=kind)
            if said not in step.message:
                step.message = f"{step.message.rstrip('; ')}; {said}"
            flow.steps.insert(j, step)  # j moved up by one with the pop: the step lands right after the posting
            early = list(sent_too_early(flow, names, outside))
