"""Every compliance control speaks only of what the design holds: a sentence about an element it lacks (a flag on
content, an operation anyone may call, a statement-of-reasons record, a phone's secure element) is said the way
the design can keep it, or the control becomes an open question that names what is missing
(archgen/design/backing.py decides, for the review too)."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.design import backing
from archgen.design.model import Control


def settle_backing(draft: Draft) -> None:
    """Rewrite or open each control whose measure claims an element the design lacks."""
    if draft.security is None:
        return
    draft.security.controls = [_settled(draft, c) for c in draft.security.controls]


def _settled(draft: Draft, control: Control) -> Control:
    measure = control.measure
    for _, carrier in backing.unbacked(measure, draft):
        if carrier.instead is None:
            continue
        for phrase in carrier.said:
            said = re.escape(phrase)
            if carrier.instead:
                measure = re.sub(said, carrier.instead, measure, flags=re.IGNORECASE)
                continue
            # a dropped phrase takes its joining words with it (", and …" after a clause, "…; " before one)
            measure = re.sub(rf"(,? and |; ){said}", "", measure, flags=re.IGNORECASE)
            measure = re.sub(rf"{said}(; |, )?", "", measure, flags=re.IGNORECASE)
    missing = [c.says for _, c in backing.unbacked(measure, draft)]
    if not missing:
        return control.model_copy(update={"measure": measure})
    them = "them" if len(missing) > 1 else "it"
    needs = "; ".join(missing)
    question = f"What will carry {control.regime} {control.requirement}?"
    draft.ask(
        question=question,
        context=f"The obligation asks that {measure.rstrip('.')}. The design lacks {needs}: add {them}, or record "
        "why the obligation does not apply.",
        raised_by="security",
    )
    asked = next(q.id for q in draft.questions if q.question == question)
    return control.model_copy(
        update={"measure": f"not yet designed: it needs {needs}, which the design lacks ({asked} asks for {them})"}
    )
