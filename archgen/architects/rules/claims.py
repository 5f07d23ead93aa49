"""The last pass over text written before the elements it speaks of: a security control's clause or a decision's
consequence that relies on an element the later steps did not add (an alert that pages on-call, an outbox where no
event leaves the process) is left out, so the text promises only what the design contains (the vocabulary:
archgen/knowledge/claims.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft


def settle_claims(draft: Draft) -> None:
    """Leave out the control clauses and decision consequences that no element backs."""
    if draft.security is not None:
        for control in draft.security.controls:
            control.measure = draft.backed(control.measure)
    for decision in draft.decisions:
        # a consequence is one promise: when its claim fails, the whole line goes, not a clause of it
        decision.consequences = [c for c in decision.consequences if draft.backed(c) == c]
