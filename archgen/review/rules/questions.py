"""Review-pack rules: what the design guessed is put to the people who know."""

from __future__ import annotations

import re

from archgen.common.english import a, join, plural
from archgen.design.policy_gaps import person_words, staff_references, unperiodic_timers
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


_LEAVING = re.compile(r"\b(leaves?|leaving|leavers?|left the|departs?|offboard\w*)\b", re.IGNORECASE)
_HOW_LONG = re.compile(r"\bhow long\b|\bperiod\b|\bafter how\b", re.IGNORECASE)


def _pack(subject: Subject) -> list[str]:
    """The review pack's questions and risks, as text."""
    design = subject.design
    return [f"{q.question} {q.context}" for q in design.open_questions] + [
        f"{r.title} {r.description} {r.mitigation}" for r in design.risks
    ]


@rule("QST002", "warning", "review pack", "Open records of staff who leave, with nobody asked who takes them over")
def leavers_unasked(subject: Subject) -> Found:
    """Records still open name one of the organisation's own staff (an assigned adjuster, a clinician, a borrower),
    and neither a question nor a risk says what happens to them when that person leaves: their account closes and
    those records are left with nobody responsible for them."""
    pack = _pack(subject)
    for person, named in staff_references(subject.req, subject.design.entities).items():
        names = {person_words(person), *(e.name.lower() for e, _ in named), *(plural(e.name).lower() for e, _ in named)}
        if any(_LEAVING.search(text) and any(n in text.lower() for n in names) for text in pack):
            continue
        records = join(dict.fromkeys(plural(e.name) for e, _ in named))
        yield Problem(
            element=person,
            at=("open_questions",),
            message=f"open {records} name a {person_words(person)}, and nothing in the review pack asks who takes "
            "them over when that person leaves",
            fix=f"ask what happens to the open {records} of a {person_words(person)} who leaves, and who is told",
        )


@rule("QST003", "warning", "review pack", "A timer with no period that nobody is asked about")
def lapse_unasked(subject: Subject) -> Found:
    """The system moves a record on by itself (a grant lapses, a hold expires) at a moment no figure fixes, and no
    question asks for the period: the job's window and what people are told hang on a number nobody gave."""
    pack = _pack(subject)
    for entity, move in unperiodic_timers(subject.design.entities):
        if any(_HOW_LONG.search(text) and entity.name.lower() in text.lower() for text in pack):
            continue
        yield Problem(
            element=f"{entity.name}.{move.name}",
            at=("entities", subject.design.entities.index(entity), "state_machine", "transitions"),
            message=f"the system moves {entity.name} from {join(move.source, 'or')} to {move.target} by a timer whose "
            "period nobody gave, and no question asks for it",
            fix=f"state the period in the transition's guard, or ask how long {a(entity.name)} may stay "
            f"{join(move.source, 'or')}",
        )
