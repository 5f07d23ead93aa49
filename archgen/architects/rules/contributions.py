"""What the matched patterns add beyond components: their decision records, risks and open questions, and the
record of every pattern applied or considered for the Patterns page."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.patterns import text
from archgen.design.model import AppliedPattern, ConsideredPattern, Option, Signal


def plan_pattern_records(draft: Draft) -> None:
    """Decisions, risks and questions from each pattern, with its text filled in from what it matched."""
    for found in draft.patterns:
        contributes = found.pattern.contributes
        for spec in (d for d in contributes.decisions if found.allows(d)):
            options = [
                Option(
                    name=text(draft, found, o.name),
                    summary=text(draft, found, o.summary),
                    pros=[text(draft, found, p) for p in o.pros],
                    cons=[text(draft, found, c) for c in o.cons],
                )
                for o in spec.options
            ]
            decision_id = draft.decide(
                title=text(draft, found, spec.title),
                context=" ".join(text(draft, found, spec.context).split()),
                options=options,
                decision=text(draft, found, spec.choose),
                rationale=" ".join(text(draft, found, spec.rationale).split()),
                consequences=[text(draft, found, c) for c in spec.consequences],
                drivers=list(spec.drivers) or [s.key for s in found.signals[:3]],
            )
            draft.credit(found.pattern.id, f"decision {decision_id}")
        for risk in (r for r in contributes.risks if found.allows(r)):
            title = text(draft, found, risk.title)
            draft.risk(
                title=title,
                description=text(draft, found, risk.description),
                likelihood=risk.likelihood,
                impact=risk.impact,
                mitigation=text(draft, found, risk.mitigation),
                owner=risk.owner,
            )
            draft.credit(found.pattern.id, f"risk {next(r.id for r in draft.risks if r.title == title)}")
        for question in (q for q in contributes.questions if found.allows(q)):
            asked = text(draft, found, question.question)
            draft.ask(
                question=asked,
                context=text(draft, found, question.context),
                raised_by=found.signals[0].key if found.signals else found.pattern.id,
            )
            draft.credit(found.pattern.id, f"question {next(q.id for q in draft.questions if q.question == asked)}")


def pattern_records(draft: Draft) -> tuple[list[AppliedPattern], list[ConsideredPattern]]:
    """The patterns applied with their signals and contributions, and those considered with what was missing."""
    applied = [
        AppliedPattern(
            id=found.pattern.id,
            name=found.pattern.name,
            summary=" ".join(found.pattern.summary.split()),
            signals=[Signal(key=s.key, value=s.value) for s in found.signals],
            contributions=draft.contributed.get(found.pattern.id, []),
        )
        for found in draft.patterns
    ]
    considered = [ConsideredPattern(id=m.pattern.id, name=m.pattern.name, missing=m.missing) for m in draft.missed]
    return applied, considered
