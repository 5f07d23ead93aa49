"""The last pass over text written before the elements it speaks of: a security control's clause or a decision's
consequence that relies on an element the later steps did not add (an alert that pages on-call, an outbox where no
event leaves the process) is left out, so the text promises only what the design contains (the vocabulary:
archgen/knowledge/claims.yaml)."""

from __future__ import annotations

import re
from typing import Any

from archgen.architects.rules.draft import Draft
from archgen.design.claims import UNFILLED, unfilled
from archgen.design.model import Design


def settle_claims(draft: Draft) -> None:
    """Leave out the control clauses and decision consequences that no element backs."""
    if draft.security is not None:
        for control in draft.security.controls:
            control.measure = draft.backed(control.measure)
    for decision in draft.decisions:
        # a consequence is one promise: when its claim fails, the whole line goes, not a clause of it
        decision.consequences = [c for c in decision.consequences if draft.backed(c) == c]


_SENTENCES = re.compile(r"(?<=[.;])\s+")


def without_unfilled(design: Design) -> Design:
    """The design with every sentence (or list item) that still holds an unfilled pattern placeholder left out: a
    number the load cannot give is not printed as `{param:…}`; the requirements, the person's own words, stay."""
    for path, text in reversed(list(unfilled(design))):  # last first, so removing a list item keeps the others' place
        *parents, last = path
        holder: Any = design
        for key in parents:
            holder = holder[key] if isinstance(key, int) or isinstance(holder, dict) else getattr(holder, key)
        if isinstance(last, int):
            del holder[last]  # a line of a list is one statement: it goes whole
            continue
        kept = [s for s in _SENTENCES.split(text) if not UNFILLED.search(s)]
        value = " ".join(kept) if kept else UNFILLED.sub("(not computed)", text)
        if isinstance(holder, dict):
            holder[last] = value
        else:
            setattr(holder, last, value)
    return design
