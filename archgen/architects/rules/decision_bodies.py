"""What the step that decides a reported record takes: the action it chooses among those its use case may take
on the content (block the video, remove the comment), the reason, and, where a regime asks for a statement of
reasons (the DSA), its parts. Without the choice a moderator cannot say what to do."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import identifier
from archgen.design import decisions
from archgen.design import model as m
from archgen.knowledge.system_records import system_records


def plan_decision_bodies(draft: Draft) -> None:
    """Give each acting outcome of a decision its choice, its reason and the statement of reasons it owes."""
    known = system_records()
    regimes = {r.lower() for r in draft.req.compliance.regimes}
    owed = list(known.statement_parts) if regimes & set(known.statement_regimes) else []
    endpoints = [e for s in draft.services for e in s.endpoints if e.action == "transition"]
    for use_case in draft.req.use_cases:
        acting = decisions.acting(draft.entities, use_case.name)
        decided = {name for name, _ in acting}
        taken = [(n, t) for n, t in decisions.enforcing(draft.entities, use_case.name) if n not in decided]
        if not acting or not taken:
            continue
        choices = [f"{t.name}_{identifier(n).lower()}" for n, t in taken]
        fields = [
            m.BodyField(
                name="action",
                type=f"enum[{', '.join(dict.fromkeys(choices))}]",
                required=True,
                description="The action the decision takes on the content; only this one is applied.",
            ),
            m.BodyField(name="reason", type="text", required=True, description="Why, kept in the record's history."),
            *(m.BodyField(name=p.name, type=p.type, required=True, description=p.description) for p in owed),
        ]
        for endpoint in endpoints:
            if (endpoint.entity, endpoint.transition) in acting:
                endpoint.request = m.Body(
                    description="The decision: the action it takes on the content and why"
                    + (", with the statement of reasons the author receives." if owed else "."),
                    fields=fields,
                )
