"""Settlement: captured money waits in the payee's pending balance until the provider's settlement report moves
it, net of the provider's fees, to the available part a payout draws on; the ledger's keeper posts that move where
the report comes in, with the day's safeguarding posting where the regime asks for one
(archgen/knowledge/settling.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import settling as found
from archgen.design.model import FlowStep
from archgen.design.postings import keeper
from archgen.knowledge.settling import settling


def plan_settlement(draft: Draft) -> None:
    """Post the settlement (and the day's safeguarding) from the flow that takes in the provider's report."""
    kept = keeper(draft.services, draft.entities)
    name = found.provider(draft.req)
    words = settling()
    if kept is None or name is None or found.posted(draft.flows):
        return
    accounts = found.accounts(draft.req, draft.services, draft.entities)
    if words.pending not in accounts:
        return
    at = found.place(draft.flows, name)
    if at is None:
        heard = found.notified(draft.flows, name, (s.name for s in draft.services))
        if heard is None:
            return
        at = (heard[0], len(heard[0].steps), heard[1])
    flow, index, carrier = at
    service, store, rows = kept
    steps: list[FlowStep] = []
    if carrier != service:
        # the keeper alone writes the journal: the report's lines reach it as a message, not a call into its store
        steps.append(
            FlowStep(
                source=carrier,
                target=service,
                message=words.handoff.format(provider=name, keeper=service),
                kind="async",
            )
        )
    kind = "async" if carrier != service else "sync"
    steps.append(
        FlowStep(source=service, target=store, message=words.settlement.format(provider=name, rows=rows), kind=kind)
    )
    if words.safeguarded in accounts:
        steps.append(FlowStep(source=service, target=store, message=words.safeguarding.format(rows=rows), kind=kind))
    flow.steps[index:index] = steps
