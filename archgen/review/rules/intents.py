"""Intent first: a money record is committed before the journal is asked to post its movement, so a crash between
the two leaves a record a sweeper can finish or reverse, never a posting nothing owns."""

from __future__ import annotations

from archgen.design.ledger_chart import ledger_writes
from archgen.design.postings import holds_money
from archgen.design.reversals import posted_before_intent
from archgen.knowledge.money import is_posting
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM023", "error", "claims", "Money posted before its intent is durable")
def posted_before_intent_rule(subject: Subject) -> Found:
    """A flow asks the journal to post money (a wallet debited) and only afterwards writes the record that owns the
    movement. A crash or a failed commit between the two leaves a debited balance with no payment or transfer to
    show for it, and the reversal the flow promises has nobody to run it. Commit the record first, in its first
    state, key the posting on its id, then move it to its outcome; a sweeper finishes or reverses what is left."""
    design = subject.design
    calls = [f"{e.method} {e.path}" for _, _, e in ledger_writes(design.services)]
    if not calls:
        return
    owned = {
        e.name: e.owner for e in design.entities if not is_posting(e.name) and holds_money(f.name for f in e.fields)
    }
    for i, flow in enumerate(design.flows):
        for c, w, name in posted_before_intent(flow, calls, owned):
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "steps", c),
                message=f"step {c + 1} has the journal post before step {w + 1} writes the {name} that owns the "
                "movement, so a crash between them leaves a posting no record owns",
                fix=f"write the {name} first in its first state, key the posting on its id, then move it to its "
                "outcome",
            )
