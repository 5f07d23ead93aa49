"""Money sent out in order (archgen/knowledge/reversals.yaml): a flow hands money to a bank or a provider only
after the ledger has posted its sending from the payee's available balance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from archgen.design.ledger_chart import posted_kinds
from archgen.design.model import Flow
from archgen.knowledge.reversals import reversals


def sent_too_early(flow: Flow, postings: Iterable[str], outside: Iterable[str]) -> Iterator[tuple[int, int, str]]:
    """(send step, posting step, kind) of each step that hands something to an outside system before the flow
    posts the money it sends (a payout sent): the money leaves before the balance is checked and debited."""
    outside = set(outside)
    if flow.actor in outside:
        return  # the outside party's own notification: it reports what already happened
    sent = reversals().sent
    for j, kind in posted_kinds(flow.steps, list(postings)):
        if kind not in sent:
            continue
        for i, step in enumerate(flow.steps[:j]):
            if step.target in outside and step.kind != "reply" and not step.message.startswith("fetch "):
                yield i, j, kind
