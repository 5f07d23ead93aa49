"""Ledger rules one level deeper: one movement posts from one path under one key, the chart holds every account
the design's money needs, a settled movement waits for the party that confirms it, and the journal's write
operations stay internal."""

from __future__ import annotations

import re

from archgen.capacity.load import actor_kind
from archgen.design.ledger_chart import exposed, ledger_writes, missing, posted_kinds, second_paths
from archgen.design.postings import keeper
from archgen.knowledge.ledger_chart import ledger_chart
from archgen.knowledge.money import is_posting
from archgen.review.engine import Found, Problem, Subject, rule


def _key(message: str) -> str:
    """The idempotency scheme a posting step states (what follows 'idempotent on')."""
    found = re.search(r"idempotent on (.*)$", message)
    return found.group(1).strip() if found else ""


@rule("CLM021", "error", "claims", "One movement posted by two paths")
def movement_by_two_paths(subject: Subject) -> Found:
    """A movement is posted twice: a flow calls the journal's write operation under the request's key while the
    ledger's keeper posts the same money from the record's event under the record's id and posting kind, or one
    kind of movement is keyed one way in one flow and another way in the next. A retry through either path cannot
    see the other's key, so the balance is debited twice. Post each movement from the confirmed fact alone, keyed
    on the source, the record's id and the posting kind."""
    design = subject.design
    for i, j, call in second_paths(design.services, design.entities, design.flows):
        yield Problem(
            element=design.flows[i].use_case,
            at=("flows", i, "steps", j),
            message=f"this flow calls {call} under the request's key while the ledger's keeper posts its "
            "movement from the record's event under another key",
            fix=f"drop the call to {call} and let the keeper's posting, keyed on the record's id and the posting "
            "kind, be the only one",
        )
    names = [e.name for e in design.entities if is_posting(e.name)]
    keys: dict[str, tuple[str, str]] = {}
    for i, flow in enumerate(design.flows):
        for j, kind in posted_kinds(flow.steps, names):
            key = _key(flow.steps[j].message)
            first = keys.setdefault(kind, (key, flow.use_case))
            if key and first[0] and key != first[0]:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"the {kind} is keyed on {key} here and on {first[0]} in {first[1]}",
                    fix=f"key every posting of the {kind} the same way: the source, the record's id and the kind",
                )


@rule("CLM022", "error", "claims", "A chart of accounts missing what the money needs")
def chart_missing_account(subject: Subject) -> Found:
    """The design keeps a ledger and its money needs an account the keeper never names: stored value with no
    wallet liability, a commission or fee with no revenue account (the payee is credited the gross), a card
    provider with no fee expense, a reserve nobody credits. The balances cannot be reconciled with the provider,
    the bank or the general ledger. Name the account and say which movements post to it."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    if kept is None:
        return
    i = next(i for i, s in enumerate(design.services) if s.name == kept[0])
    for need in missing(design, subject.req):
        yield Problem(
            element=kept[0],
            at=("services", i),
            message=f"{need.because}, and the chart {kept[0]} keeps has no account for {need.need.account}",
            fix=f"add {need.need.account} ({need.need.type}): {need.need.posts}",
        )


@rule("FLOW110", "error", "flows", "A settled posting before the confirming fact")
def settled_before_confirmation(subject: Subject) -> Found:
    """A flow the system starts (its own job, a person's request) posts a movement only the bank or the provider
    can confirm, such as a payout settled or returned: cash is shown leaving the bank before it has, and a
    rejected transfer leaves the journal wrong. Post the sent movement on submission and the settled one from
    the confirming party's notification."""
    design = subject.design
    req = subject.req
    names = [e.name for e in design.entities if is_posting(e.name)]
    settled = set(ledger_chart().settled)
    for i, flow in enumerate(design.flows):
        use_case = next((u for u in req.use_cases if u.name == flow.use_case), None)
        if use_case is None or actor_kind(req, use_case) == "integration":
            continue
        for j, kind in posted_kinds(flow.steps, names):
            if kind in settled:
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"{flow.use_case} posts the {kind} itself, before the bank or the provider confirms it",
                    fix=f"post the sent movement here and the {kind} from the confirming party's notification",
                )


@rule("DAT095", "error", "data", "A ledger write on a public scheme")
def ledger_write_in_public(subject: Subject) -> Found:
    """An operation that writes the journal's postings accepts a public scheme (an anonymous caller, a device, or
    the client credentials other organisations hold): anyone granted that scope can post money. Make it internal,
    callable only by the posting services with their own workload identity over mutual TLS."""
    design = subject.design
    for i, j, endpoint in ledger_writes(design.services):
        if exposed(endpoint):
            yield Problem(
                element=design.services[i].name,
                at=("services", i, "endpoints", j),
                message=f"{endpoint.method} {endpoint.path} writes {endpoint.entity} and accepts "
                f"{', '.join(sorted({endpoint.auth, *endpoint.other_callers}))} callers",
                fix="mark it internal: only the services that post call it, by their mutual-TLS identity",
            )
