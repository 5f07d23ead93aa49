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


def posted_before_intent(flow: Flow, calls: Iterable[str], owned: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(call step, write step, record) of each flow that asks the journal to post before the caller writes the
    record whose money it moves: a crash between the two leaves a posting no record owns. `calls` are the
    journal's write operations (METHOD /path), `owned` maps each money record to its owner."""
    calls = tuple(calls)
    for c, step in enumerate(flow.steps):
        if step.kind != "sync" or not step.message.startswith(calls):
            continue
        for w in range(c + 1, len(flow.steps)):
            later = flow.steps[w]
            first = later.message.split(" ", 2)
            if later.source != step.source or first[0] != "write" or len(first) < 2:
                continue
            if owned.get(first[1]) == step.source:
                yield c, w, first[1]
                break
