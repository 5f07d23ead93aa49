"""A movement only the bank or the provider can confirm (a payout settled, a payout returned) is made by their
notification, never by the job or request that sent the money: the record moves to settled, and its posting is
made, when the confirming party says so (archgen/knowledge/ledger_chart.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import actor_kind
from archgen.design.chart import confirmation
from archgen.design.ledger_chart import exposed, internal, ledger_writes
from archgen.design.postings import SYSTEM, movements
from archgen.knowledge.ledger_chart import ledger_chart


def confirm_settlements(draft: Draft) -> None:
    """Hand each settling transition the system's own work makes to the notification that reports its outcome."""
    req = draft.req
    settled = set(ledger_chart().settled)
    for entity, move, found in movements(draft.entities):
        use_case = next((u for u in req.use_cases if u.name == move.use_case), None)
        if found.kind not in settled or use_case is None or actor_kind(req, use_case) == "integration":
            continue
        by = confirmation(req, entity, move, found.kind)
        machine = entity.state_machine
        if by is None or machine is None:
            continue
        if any(t.target == move.target and t.use_case == by for t in machine.transitions if t is not move):
            machine.transitions.remove(move)  # the notification already makes it
            continue
        notifier = next(u for u in req.use_cases if u.name == by)
        move.use_case = by
        move.roles = [notifier.actor or SYSTEM]


def no_refund_under_dispute(draft: Draft) -> None:
    """A refund is not offered from a state a chargeback leads to: the scheme already returns the money to the
    payer, so a refund there pays it back twice."""
    found = movements(draft.entities)
    for entity, move, movement in found:
        if movement.kind != "refund":
            continue
        machine = entity.state_machine
        assert machine is not None
        disputed = {t.target for e, t, m in found if e is entity and m.kind == "chargeback"}
        # only where the dispute has its own way out (won, lost), else the record would wait there for good
        left = {s for t in machine.transitions if t is not move for s in t.source if t.target != s}
        kept = [s for s in move.source if s not in disputed or s not in left]
        if kept and len(kept) < len(move.source):
            move.source = kept


def plan_ledger_access(draft: Draft) -> None:
    """The journal's write operations are internal: the services that post call them with their own workload
    identity over mutual TLS, and no public scheme (a merchant's client credentials, a person's token) reaches
    them."""
    marker = ledger_chart().internal
    for _, _, endpoint in ledger_writes(draft.services):
        if exposed(endpoint) or endpoint.auth != "service":
            endpoint.auth = "service"
            endpoint.other_callers = []
            endpoint.roles = []
        if not internal(endpoint):
            endpoint.summary = f"{marker}{endpoint.summary}"
