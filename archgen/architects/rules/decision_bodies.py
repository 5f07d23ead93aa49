"""What the step that decides a reported record takes: the action it chooses among those its use case may take
on the content (block the video, remove the comment), the reason, and, where a regime asks for a statement of
reasons (the DSA), its parts. Without the choice a moderator cannot say what to do."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import identifier
from archgen.design import decisions
from archgen.design import model as m
from archgen.knowledge.decision_records import decision_records
from archgen.knowledge.system_records import Part, system_records


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
        if owed:
            for name in decided:
                _keep_statement(draft.entity(name), [draft.entity(n) for n, _ in taken], owed, use_case.name)
        for endpoint in endpoints:
            if (endpoint.entity, endpoint.transition) in acting:
                endpoint.request = m.Body(
                    description="The decision: the action it takes on the content and why"
                    + (", with the statement of reasons the author receives." if owed else "."),
                    fields=fields,
                )


def _keep_statement(decided: m.EntityDesign, content: list[m.EntityDesign], owed: list[Part], use_case: str) -> None:
    """The decision record keeps the statement of reasons its request carries, and names the author of the content
    acted on: the person the statement is owed to, who is then a party to the decision and may appeal it."""
    names = {f.name for f in decided.fields}
    for part in owed:
        if part.name not in names:
            decided.fields.append(
                m.StoredField(
                    name=part.name,
                    type=part.type,
                    required=False,
                    set_by="server",
                    source=f"the decision of {use_case} (its statement of reasons)",
                    description=part.description,
                )
            )
    field = decision_records().author_field
    authors = {ref for c in content if (ref := _author(decided, c))}
    if field not in names and len(authors) == 1:
        decided.fields.append(
            m.StoredField(
                name=field,
                type=f"ref[{authors.pop()}]",
                required=False,
                set_by="server",
                source="the author of the reported content, copied when the record is filed",
                description="The person the decision affects: they receive its statement of reasons and may appeal it.",
            )
        )


def _author(decided: m.EntityDesign, content: m.EntityDesign) -> str | None:
    """The person entity that wrote the content, when the decision record refers to that content."""
    if not any(f.type == f"ref[{content.name}]" for f in decided.fields):
        return None
    words = decision_records().author_fields
    found = next((f.type for f in content.fields if f.name in words and f.type.startswith("ref[")), None)
    return found[4:-1] if found else None
