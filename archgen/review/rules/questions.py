"""Review-pack rules: what the design guessed is put to the people who know."""

from __future__ import annotations

from archgen.knowledge.questions import questions_for
from archgen.review.engine import Found, Problem, Subject, rule


@rule("QST001", "warning", "review pack", "Shaping assumption nobody is asked to confirm")
def unasked_assumptions(subject: Subject) -> Found:
    """An assumption that shapes the design (no use cases, an entity without fields, no user regions, default quality
    targets, no cloud, no budget) has no open question raised by it: the review pack hides what was guessed."""
    raised = {q.raised_by for q in subject.design.open_questions}
    for asked in questions_for(subject.design.assumptions):
        if asked.assumption.key not in raised:
            yield Problem(
                element=asked.assumption.key,
                at=("open_questions",),
                message=f"the design assumes {asked.assumption.key} = {asked.assumption.value}, and no open "
                "question asks",
                fix=f"add the open question '{asked.question}', raised by {asked.assumption.key}",
            )
