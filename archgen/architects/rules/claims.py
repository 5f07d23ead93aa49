"""The last pass over text written before the elements it speaks of: a security control's clause that relies on
an element the later steps did not add (an alert that pages on-call) is left out, so the text promises only what
the design contains (the vocabulary: archgen/knowledge/claims.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft


def settle_claims(draft: Draft) -> None:
    """Leave out the clauses of the security controls that no element backs."""
    if draft.security is not None:
        for control in draft.security.controls:
            control.measure = draft.backed(control.measure)
