"""The design under construction: each planning step reads the requirements and what earlier steps decided."""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.capacity.ledger import Ledger
from archgen.capacity.prices import PriceTable
from archgen.common.english import join
from archgen.design import model as m
from archgen.design.claims import unbacked
from archgen.knowledge.catalog import Catalog, Features
from archgen.knowledge.patterns import Match, Miss
from archgen.requirements.model import Requirements
from archgen.requirements.personal import Personal
from archgen.requirements.resolve import Assumption


@dataclass
class Draft:
    """Mutable working state of the rules architect; `RulesArchitect.design` turns it into a validated Design."""

    req: Requirements
    assumptions: list[Assumption]
    catalog: Catalog
    prices: PriceTable
    ledger: Ledger = field(default_factory=Ledger)
    patterns: list[Match] = field(default_factory=list)
    missed: list[Miss] = field(default_factory=list)
    domains: dict[str, list[str]] = field(default_factory=dict)
    architecture: m.Architecture | None = None
    # the services that share one deployable and one relational database (the modular core); the style sets it
    core: set[str] = field(default_factory=set)
    deployables: list[m.Deployable] = field(default_factory=list)
    services: list[m.Service] = field(default_factory=list)
    stores: list[m.DataStore] = field(default_factory=list)
    entities: list[m.EntityDesign] = field(default_factory=list)
    channels: list[m.Channel] = field(default_factory=list)
    events: list[m.Event] = field(default_factory=list)
    caches: list[m.Cache] = field(default_factory=list)
    realtime: list[m.RealtimeChannel] = field(default_factory=list)
    jobs: list[m.Job] = field(default_factory=list)
    gateway: m.Gateway | None = None
    integrations: list[m.ExternalSystem] = field(default_factory=list)
    api: m.ApiConventions | None = None
    clients: list[m.ClientApp] = field(default_factory=list)
    flows: list[m.Flow] = field(default_factory=list)
    security: m.Security | None = None
    tenancy: m.TenancyDesign | None = None
    topology: m.Topology | None = None
    reliability: m.Reliability | None = None
    observability: m.Observability | None = None
    deployment: m.Deployment | None = None
    cost: m.Cost | None = None
    decisions: list[m.Decision] = field(default_factory=list)
    risks: list[m.Risk] = field(default_factory=list)
    questions: list[m.OpenQuestion] = field(default_factory=list)
    traces: list[m.Trace] = field(default_factory=list)
    waivers: list[m.Waiver] = field(default_factory=list)
    contributed: dict[str, list[str]] = field(default_factory=dict)  # pattern id → elements it added
    credited_subjects: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # grouped credits, by kind
    personal: set[str] = field(default_factory=set)  # entities found to hold personal data the questionnaire missed
    personal_found: dict[str, Personal] = field(default_factory=dict)  # every entity the data model shows personal

    # --- lookups ---------------------------------------------------------------------------------------

    def figure(self, key: str, default: float | None = None) -> float:
        """A capacity figure computed so far (`default` when there is none, if given)."""
        if default is not None:
            return self.ledger.values.get(key, default)
        return self.ledger.values[key]

    def service(self, name: str) -> m.Service | None:
        """The service called `name`, if there is one."""
        return next((s for s in self.services if s.name == name), None)

    def service_of(self, entity: str) -> m.Service:
        """The service that owns `entity`."""
        return next(s for s in self.services if entity in s.entities)

    def entity(self, name: str) -> m.EntityDesign:
        """The designed entity called `name`."""
        return next(e for e in self.entities if e.name == name)

    def store(self, name: str) -> m.DataStore:
        """The store called `name`."""
        return next(s for s in self.stores if s.name == name)

    def commits_together(self, store: str) -> bool:
        """Whether a store's engine commits several rows (a record and its outbox or audit row) in one transaction."""
        kept = next((s for s in self.stores if s.name == store), None)
        return kept is not None and self.catalog.engine(kept.technology).has(Features(transactions="multi-row"))

    def backed(self, text: str) -> str:
        """`text` without the clauses whose claims no element of the design backs (a cache it lacks, a unique key
        the data model does not have): template text promises only what the design contains."""
        clauses = text.split("; ")
        return "; ".join(c for c in clauses if not unbacked(self, c, self.commits_together))

    def applied(self, pattern_id: str) -> Match | None:
        """The match of a pattern, when it applies."""
        return next((p for p in self.patterns if p.pattern.id == pattern_id), None)

    @property
    def small(self) -> bool:
        """A monolithic style: one web deployable and one relational database serve every domain."""
        assert self.architecture is not None
        return self.architecture.style in ("monolith", "modular-monolith")

    @property
    def tiny(self) -> bool:
        """Proportionate small system: little load and a tiny team (thresholds in the knowledge constants)."""
        from archgen.capacity.constants import constant

        return (
            self.figure("traffic.peak_rps.y3") < constant("small_system_rps").value
            and self.req.constraints.team.engineers <= constant("small_system_engineers").value
            and not self.realtime_needed
        )

    @property
    def realtime_needed(self) -> bool:
        """Some use case streams in or pushes out."""
        return any(u.interaction in ("stream", "push") for u in self.req.use_cases)

    # --- records ---------------------------------------------------------------------------------------

    def decide(
        self,
        *,
        title: str,
        context: str,
        options: list[m.Option],
        decision: str,
        rationale: str,
        consequences: list[str],
        drivers: list[str],
    ) -> str:
        """Record a decision and return its id (ADR-001, ADR-002, ... in the order decided)."""
        decision_id = f"ADR-{len(self.decisions) + 1:03d}"
        assert decision in {o.name for o in options}, f"{title}: '{decision}' is not one of its options"
        chosen = self.catalog.technology(decision)
        passed_over = [t for o in options if o.name != decision and (t := self.catalog.technology(o.name)) is not None]
        if chosen is not None and self.catalog.known(chosen) is False and any(map(self.catalog.known, passed_over)):
            # chosen over one the team knows: learning it is a cost the record states, so it is weighed
            consequences = [
                *consequences,
                f"{decision} is new to the team (its skills: {', '.join(self.req.constraints.team.skills)}): "
                "training, a runbook and a rehearsed failure before launch",
            ]
        self.decisions.append(
            m.Decision(
                id=decision_id,
                title=title,
                status="proposed",
                context=context,
                drivers=drivers,
                options=options,
                decision=decision,
                rationale=rationale,
                consequences=consequences,
            )
        )
        return decision_id

    def risk(
        self,
        *,
        title: str,
        description: str,
        likelihood: m.Level,
        impact: m.Level,
        mitigation: str,
        owner: str,
    ) -> None:
        """Record a risk (once per title)."""
        if any(r.title == title for r in self.risks):
            return
        self.risks.append(
            m.Risk(
                id=f"R-{len(self.risks) + 1:03d}",
                title=title,
                description=description,
                likelihood=likelihood,
                impact=impact,
                mitigation=mitigation,
                owner=owner,
            )
        )

    def ask(self, *, question: str, context: str, raised_by: str) -> str:
        """Record an open question (once per question); its id."""
        asked = next((q for q in self.questions if q.question == question), None)
        if asked is not None:
            return asked.id
        self.questions.append(
            m.OpenQuestion(
                id=f"Q-{len(self.questions) + 1:03d}", question=question, context=context, raised_by=raised_by
            )
        )
        return self.questions[-1].id

    def trace(self, *, requirement: str, statement: str, elements: list[str], decisions: list[str]) -> None:
        """Link a requirement to the elements and decisions that answer it."""
        self.traces.append(
            m.Trace(requirement=requirement, statement=statement, elements=elements, decisions=decisions)
        )

    def credit(self, pattern_id: str, element: str) -> None:
        """Note that a pattern contributed an element (for the Patterns page); several of one kind are said once
        ("failure modes of ingest and the broker", not "failure mode of" again and again)."""
        items = self.contributed.setdefault(pattern_id, [])
        one, many = next(((o, p) for o, p in GROUPED_CREDITS.items() if element.startswith(o)), ("", ""))
        if not one:
            if element not in items:
                items.append(element)
            return
        subjects = self.credited_subjects.setdefault((pattern_id, one), [])
        said = (one + subjects[0]) if len(subjects) == 1 else (many + join(subjects)) if subjects else None
        subject = element.removeprefix(one)
        if subject in subjects:
            return
        subjects.append(subject)
        grouped = (one + subject) if len(subjects) == 1 else many + join(subjects)
        if said in items:
            items[items.index(said)] = grouped
        else:
            items.append(grouped)


GROUPED_CREDITS = {"failure mode of ": "failure modes of "}  # credits of one kind, said once with their subjects


def option(name: str, summary: str, pros: list[str], cons: list[str]) -> m.Option:
    """A decision option (a short constructor for the planning steps)."""
    return m.Option(name=name, summary=summary, pros=pros, cons=cons)
