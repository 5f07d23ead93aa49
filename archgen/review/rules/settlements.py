"""Settlement: a ledger that pays out only from an available part has a posting that fills it from the
provider's settlement report."""

from __future__ import annotations

from archgen.design import settling as found
from archgen.design.postings import keeper
from archgen.knowledge.settling import settling
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM025", "error", "claims", "A pending balance nothing settles")
def pending_never_settled(subject: Subject) -> Found:
    """Captured money lands in the payee's pending balance and payouts draw only on the available part, yet no
    flow posts the provider's settlement that moves money from one to the other. Payouts then pay nothing, or pay
    from a balance the design never names, and the provider's receivable grows for good while its fees never
    reach the books. Post the settlement from the provider's report, net of its fees, keyed on the report."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    name = found.provider(subject.req)
    if kept is None or name is None or found.posted(design.flows):
        return
    if settling().pending not in found.accounts(subject.req, design.services, design.entities):
        return
    i = next(i for i, s in enumerate(design.services) if s.name == kept[0])
    yield Problem(
        element=kept[0],
        at=("services", i),
        message=f"{kept[0]} keeps the payee's pending balance, and no flow posts {name}'s settlement that moves it "
        "to the available part a payout draws on",
        fix=f"post the settlement where {name}'s settlement report comes in: the pending part debited and the "
        "available part credited by what it settled, its fees debited to the provider fees account",
    )
