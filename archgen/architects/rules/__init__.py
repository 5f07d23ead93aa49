"""The offline rules architect: deterministic planning steps from requirements to a complete Design."""

from __future__ import annotations

from pathlib import Path

from archgen.architects.rules.apis import plan_endpoints
from archgen.architects.rules.caching import plan_caching
from archgen.architects.rules.catalog import Catalog
from archgen.architects.rules.databases import plan_databases
from archgen.architects.rules.deployables import plan_deployables
from archgen.architects.rules.domains import plan_domains
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.flows import plan_flows
from archgen.architects.rules.governance import plan_governance
from archgen.architects.rules.messaging import plan_messaging
from archgen.architects.rules.operations import plan_deployment, plan_edge, plan_observability
from archgen.architects.rules.reliability import plan_reliability
from archgen.architects.rules.security import plan_security
from archgen.architects.rules.services import plan_services
from archgen.architects.rules.stores import plan_stores
from archgen.architects.rules.style import plan_style
from archgen.capacity.cost import estimate_cost
from archgen.capacity.load import load_figures
from archgen.capacity.prices import load_prices
from archgen.design.checks import validated
from archgen.design.model import Capacity, Cost, Design, SystemInfo
from archgen.naming import slug
from archgen.requirements import Loaded

# The planning steps in order; each reads what the steps before it decided.
STEPS = (
    plan_domains,
    plan_style,
    plan_services,
    plan_stores,
    plan_endpoints,
    plan_messaging,
    plan_caching,
    plan_deployables,
    plan_databases,
    plan_reliability,
    plan_edge,
    plan_security,
    plan_observability,
    plan_deployment,
    plan_flows,
)


class RulesArchitect:
    """Designs by explicit thresholds and formulas; the same input always gives the same design."""

    name = "rules"

    def __init__(self, prices: Path | None = None) -> None:
        self.prices = prices

    def design(self, loaded: Loaded) -> Design:
        """Run every planning step and assemble the validated Design."""
        req = loaded.requirements
        draft = Draft(
            req=req,
            assumptions=list(loaded.assumptions),
            catalog=Catalog(req),
            prices=load_prices(req.constraints.cloud, self.prices),
        )
        load_figures(req, draft.ledger)
        for step in STEPS:
            step(draft)
        assert draft.reliability is not None
        lines = estimate_cost(
            req,
            draft.ledger,
            draft.prices,
            draft.deployables,
            draft.stores,
            draft.caches,
            draft.channels,
            draft.reliability,
        )
        draft.cost = Cost(
            price_table=draft.prices.name,
            lines=lines,
            total_usd_per_month=round(sum(line.monthly_usd for line in lines), 2),
            budget_usd_per_month=req.constraints.budget_usd_per_month,
        )
        plan_governance(draft)
        return validated(assemble(draft, self.name))


def assemble(draft: Draft, generator: str) -> Design:
    """The Design from a finished draft."""
    req = draft.req
    assert draft.architecture and draft.gateway and draft.api and draft.security and draft.reliability
    assert draft.observability and draft.deployment and draft.cost
    return Design(
        generator=generator,
        system=SystemInfo(
            name=req.system.name,
            slug=slug(req.system.name, "system"),
            summary=req.system.summary.strip(),
            domain=req.system.domain,
        ),
        requirements=req,
        assumptions=draft.assumptions,
        capacity=Capacity(figures=draft.ledger.figures),
        architecture=draft.architecture,
        deployables=draft.deployables,
        services=draft.services,
        stores=draft.stores,
        entities=draft.entities,
        channels=draft.channels,
        events=draft.events,
        caches=draft.caches,
        gateway=draft.gateway,
        integrations=draft.integrations,
        api=draft.api,
        flows=draft.flows,
        security=draft.security,
        reliability=draft.reliability,
        observability=draft.observability,
        deployment=draft.deployment,
        cost=draft.cost,
        decisions=draft.decisions,
        risks=draft.risks,
        open_questions=draft.questions,
        traceability=draft.traces,
    )
