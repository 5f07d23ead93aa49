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
        for spec in contributes.decisions:
            options = [
                Option(name=text(draft, found, o.name), summary=text(draft, found, o.summary),
                       pros=[text(draft, found, p) for p in o.pros], cons=[text(draft, found, c) for c in o.cons])
                for o in spec.options
            ]  # fmt: skip
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
        for spec in contributes.risks:
            draft.risk(title=text(draft, found, spec.title), description=text(draft, found, spec.description),
                       likelihood=spec.likelihood, impact=spec.impact, mitigation=text(draft, found, spec.mitigation),
                       owner=spec.owner)  # fmt: skip
        for spec in contributes.questions:
            draft.ask(question=text(draft, found, spec.question), context=text(draft, found, spec.context),
                      raised_by=found.signals[0].key if found.signals else found.pattern.id)  # fmt: skip


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
