"""Questions and risks a record's lifecycle leaves to policy: a timer with no period, and the open records of staff
who leave. Raised from the design's state machines, so they speak of this system's records and states."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.english import format_with_articles
from archgen.design.policy_gaps import person_words, staff_references, unperiodic_timers
from archgen.knowledge.lifecycle_questions import lifecycle_questions


def lapse_key(entity: str, transition: str) -> str:
    """What a question about a timer's period is raised by."""
    return f"data.entities[{entity}].lifecycle.{transition}"


def leaver_key(person: str) -> str:
    """What a question about the open records of one of the staff who leaves is raised by."""
    return f"data.entities[{person}].leaving"


def said(states: list[str]) -> str:
    """States as words: checked_out → checked out."""
    return english.join([s.replace("_", " ") for s in states], "or")


def ask_about_lifecycles(draft: Draft) -> None:
    """Ask how long a timer waits where nobody said, and who takes over a leaver's open records."""
    known = lifecycle_questions()
    for entity, move in unperiodic_timers(draft.entities):
        values = {"record": entity.name, "states": said(move.source), "target": move.target.replace("_", " ")}
        draft.ask(
            question=format_with_articles(known.lapse.question, **values),
            context=format_with_articles(known.lapse.context, **values),
            raised_by=lapse_key(entity.name, move.name),
        )
    for person, named in staff_references(draft.req, draft.entities).items():
        records = list(dict.fromkeys(english.plural(e.name) for e, _ in named))
        values = {
            "person": person_words(person),
            "records": english.join(records),
            "fields": english.join(f"{e.name}.{field}" for e, field in named),
            "refer": "refers" if len(named) == 1 else "refer",
        }
        draft.ask(
            question=format_with_articles(known.leaver.question, **values),
            context=format_with_articles(known.leaver.context, **values),
            raised_by=leaver_key(person),
        )
        risk = known.leaver.risk or {}
        draft.risk(
            title=format_with_articles(risk["title"], **values),
            description=format_with_articles(risk["description"], **values),
            likelihood="medium",
            impact="medium",
            mitigation=format_with_articles(risk["mitigation"], **values),
            owner=risk["owner"],
        )
