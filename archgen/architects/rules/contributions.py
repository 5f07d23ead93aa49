"""What the matched patterns add beyond components: their decision records, risks and open questions, and the
record of every pattern applied or considered for the Patterns page."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.patterns import text
from archgen.design.claims import unbacked
from archgen.design.drills import drill_cadence
from archgen.design.model import AppliedPattern, ConsideredPattern, Option, Signal, Waiver
from archgen.knowledge.drills import drills


def plan_pattern_records(draft: Draft) -> None:
    """Decisions, risks, questions and accepted findings from each pattern, with its text filled in from what it
    matched."""
    for found in draft.patterns:
        contributes = found.pattern.contributes
        draft.waivers += [
            Waiver(rule=w.rule, element=w.element, reason=" ".join(text(draft, found, w.reason).split()))
            for w in contributes.waivers
            if found.allows(w)
        ]
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
            chosen = text(draft, found, spec.choose)
            rationale = " ".join(text(draft, found, spec.rationale).split())
            # a consequence promises only what the elements hold (no unique key the data model lacks)
            consequences = [
                c
                for c in (text(draft, found, c) for c in spec.consequences)
                if not unbacked(draft, c, draft.commits_together)
            ]
            unkept = _unkept(draft, next((o.summary for o in options if o.name == chosen), ""))
            kept = [o for o in options if not _unkept(draft, o.summary)]
            if unkept and kept:
                # the pattern's choice relies on what the system of record's engine lacks: the next option that
                # does not is chosen, and the choice's own consequences go with it
                rationale = f"{chosen} is not possible here: {'; '.join(unkept)}. {kept[0].summary}"
                chosen, consequences = kept[0].name, []
            dropped = [c for c in consequences if _unkept(draft, c)]
            consequences = [c for c in consequences if c not in dropped] + [
                f"not kept by the engine, so done by the services or given up: {c} ({'; '.join(_unkept(draft, c))})"
                for c in dropped
            ]
            decision_id = draft.decide(
                title=text(draft, found, spec.title),
                context=" ".join(text(draft, found, spec.context).split()),
                options=options,
                decision=chosen,
                rationale=rationale,
                consequences=consequences
                or ["load tests before launch measure what the choice costs on the busiest records"],
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
                mitigation=draft.backed(text(draft, found, risk.mitigation)),
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
    _settle_drills(draft)


def _settle_drills(draft: Draft) -> None:
    """The backups' restore drill runs as often as a decision chose (a small tool's drill twice a year), so the
    reliability page and the decision give one cadence."""
    if draft.reliability is None:
        return
    cadence = drill_cadence(draft.decisions)
    for backup in draft.reliability.backups:
        _, colon, rest = backup.restore_drill.partition(":")
        if colon:
            backup.restore_drill = f"{cadence}:{rest}"
    # the failover rehearsal is the same drill: one cadence on every page
    default, chosen = f"rehearsed {drills().default}", f"rehearsed {cadence}"
    for decision in draft.decisions:
        decision.consequences = [c.replace(default, chosen) for c in decision.consequences]
    for mode in draft.reliability.failure_modes:
        mode.mitigation = mode.mitigation.replace(default, chosen)


def _unkept(draft: Draft, words: str) -> list[str]:
    """What a text promises that the engines of the stores its features belong to (the system of record for a
    transaction, the time-series store for rollups) lack, in words."""
    out = []
    for claim in draft.catalog.promised(words):
        engines = {
            e.name: e
            for s in draft.stores
            if s.kind in claim.kinds and s.entities
            for e in [draft.catalog.engine(s.technology)]
        }
        out += [f"{engine.name} has no {claim.feature}" for engine in engines.values() if not engine.has(claim.needs)]
    return out


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
