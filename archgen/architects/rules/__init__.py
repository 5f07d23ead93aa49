"""The offline rules architect: deterministic planning steps from requirements to a complete Design."""

from __future__ import annotations

from pathlib import Path

from archgen.architects.rules.accountability import plan_accountability
from archgen.architects.rules.agreement import settle_keys
from archgen.architects.rules.backing import settle_backing
from archgen.architects.rules.budget import fit_budget
from archgen.architects.rules.caching import cache_replicated_reads, plan_caching
from archgen.architects.rules.caller_keys import scope_caller_keys
from archgen.architects.rules.callers import plan_callers, settle_caller_kinds
from archgen.architects.rules.captures import capture_in_flows
from archgen.architects.rules.claims import settle_claims, without_unfilled
from archgen.architects.rules.clients import plan_clients
from archgen.architects.rules.completion import settle_bound_bodies
from archgen.architects.rules.contributions import pattern_records, plan_pattern_records
from archgen.architects.rules.corrections import plan_corrections
from archgen.architects.rules.counter_rows import plan_counter_rows
from archgen.architects.rules.couplings import plan_couplings
from archgen.architects.rules.creators import plan_creators
from archgen.architects.rules.decision_bodies import plan_decision_bodies
from archgen.architects.rules.delivery import plan_deployment
from archgen.architects.rules.deployables import plan_deployables
from archgen.architects.rules.domains import plan_domains
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.duties import ask_promised
from archgen.architects.rules.edge import plan_edge
from archgen.architects.rules.engagements import settle_engagements
from archgen.architects.rules.error_budget import face_error_budget
from archgen.architects.rules.essentials import plan_essential_fields, plan_essential_filters, plan_essential_order
from archgen.architects.rules.finality import plan_finality
from archgen.architects.rules.fitting import plan_pipeline, weigh_alternatives
from archgen.architects.rules.flows import plan_flows
from archgen.architects.rules.governance import plan_governance
from archgen.architects.rules.history import plan_time_partitions
from archgen.architects.rules.holds import plan_holds
from archgen.architects.rules.hotspots import plan_hotspots
from archgen.architects.rules.intents import write_intent_first
from archgen.architects.rules.invariants import plan_invariants
from archgen.architects.rules.jobs import plan_jobs, plan_kept_figures, plan_splits
from archgen.architects.rules.live_contracts import plan_live_contracts
from archgen.architects.rules.media_access import plan_private_media
from archgen.architects.rules.media_records import plan_media_records
from archgen.architects.rules.messaging import plan_messaging
from archgen.architects.rules.money_holds import release_holds
from archgen.architects.rules.observability import plan_observability
from archgen.architects.rules.one_path import plan_one_path
from archgen.architects.rules.operations import plan_endpoints, settle_pages
from archgen.architects.rules.outside_channels import plan_channel_pushes, plan_outside_channels
from archgen.architects.rules.own_content import own_content_operations
from archgen.architects.rules.patterns import plan_patterns
from archgen.architects.rules.payment_batches import gathered_by_job
from archgen.architects.rules.periods import plan_periods
from archgen.architects.rules.queues import plan_worked_filters
from archgen.architects.rules.reach import plan_reach
from archgen.architects.rules.read_models import settle_read_models
from archgen.architects.rules.references import settle_references
from archgen.architects.rules.reliability import plan_reliability
from archgen.architects.rules.reservations import plan_reservation_timers
from archgen.architects.rules.reserving import reserve_before_sending
from archgen.architects.rules.restores import ask_slow_restores, time_index_restores
from archgen.architects.rules.returns import plan_returns
from archgen.architects.rules.runtimes import plan_runtime_record
from archgen.architects.rules.scheduling import plan_schedulers
from archgen.architects.rules.scope_paths import carry_owners, carry_tenants, hold_lists
from archgen.architects.rules.security import plan_security
from archgen.architects.rules.series_keys import plan_series_keys
from archgen.architects.rules.served import plan_served_indexes
from archgen.architects.rules.services import plan_services
from archgen.architects.rules.serving import plan_ranked, plan_serving, plan_unseen
from archgen.architects.rules.settlement import plan_ledger_access
from archgen.architects.rules.settling import plan_settlement
from archgen.architects.rules.slices import plan_slices
from archgen.architects.rules.sources import plan_sources
from archgen.architects.rules.steps import plan_steps, settle_later_fields
from archgen.architects.rules.stores import plan_stores
from archgen.architects.rules.style import plan_style
from archgen.architects.rules.support import plan_support
from archgen.architects.rules.tiering import plan_tiering
from archgen.architects.rules.topology import plan_topology
from archgen.capacity.load import load_figures
from archgen.capacity.measure import measure
from archgen.capacity.prices import load_prices
from archgen.common.naming import slug
from archgen.design.checks import validated
from archgen.design.model import Capacity, Cost, Design, SystemInfo
from archgen.knowledge.catalog import Catalog, Knowledge
from archgen.requirements import Loaded

# The planning steps in order; each reads what the steps before it decided.
STEPS = (
    plan_domains,
    plan_patterns,
    plan_services,
    plan_style,
    plan_stores,
    gathered_by_job,
    plan_series_keys,
    plan_served_indexes,
    plan_time_partitions,
    plan_accountability,
    plan_essential_fields,
    plan_corrections,
    plan_kept_figures,
    plan_endpoints,
    plan_media_records,
    plan_couplings,
    plan_holds,
    plan_invariants,
    plan_reservation_timers,
    plan_periods,
    plan_outside_channels,
    plan_finality,
    plan_returns,
    plan_jobs,
    plan_channel_pushes,
    plan_callers,
    plan_reach,
    plan_steps,
    plan_decision_bodies,
    plan_counter_rows,
    plan_messaging,
    plan_sources,
    plan_creators,
    settle_read_models,
    settle_references,
    plan_essential_order,
    plan_essential_filters,
    plan_worked_filters,
    plan_slices,
    plan_ranked,
    plan_unseen,
    plan_caching,
    plan_deployables,
    plan_topology,
    plan_reliability,
    plan_edge,
    carry_owners,
    hold_lists,
    carry_tenants,
    own_content_operations,  # a record that names its maker only once its sources settle: its owner deletes it too
    plan_security,
    plan_private_media,
    plan_ledger_access,
    plan_clients,
    plan_observability,
    plan_support,
    plan_deployment,
    plan_schedulers,
    plan_flows,
    plan_settlement,
    release_holds,
    capture_in_flows,
    reserve_before_sending,
    plan_live_contracts,
    plan_one_path,
    write_intent_first,
    plan_hotspots,
    plan_splits,
    plan_pattern_records,
    settle_backing,
    plan_pipeline,
    settle_keys,
    scope_caller_keys,
    settle_caller_kinds,
    settle_claims,
    settle_bound_bodies,
    settle_engagements,
    settle_pages,
    plan_runtime_record,
    plan_serving,
)


class RulesArchitect:
    """Designs by explicit thresholds and formulas; the same input always gives the same design."""

    name = "rules"

    def __init__(self, prices: Path | None = None, catalog: Path | None = None) -> None:
        self.prices = prices
        self.catalog = catalog

    def design(self, loaded: Loaded) -> Design:
        """Run every planning step, measure the result, fit the budget, and assemble the validated Design."""
        req = loaded.requirements
        knowledge = Knowledge.load(self.catalog)
        draft = Draft(
            req=req,
            assumptions=list(loaded.assumptions),
            catalog=Catalog(
                req.constraints.cloud,
                req.constraints.must_use,
                req.constraints.avoid,
                knowledge,
                req.constraints.team.skills,
            ),
            prices=load_prices(req.constraints.cloud, self.prices),
        )
        load_figures(req, draft.ledger)
        for step in STEPS:
            step(draft)
        draft.cost = Cost(price_table=draft.prices.name)
        measured = measure(assemble(draft, self.name), draft.prices, draft.req, draft.catalog.knowledge)
        measured = cache_replicated_reads(draft, measured)
        measured = fit_budget(draft, measured)
        plan_tiering(draft, measured)
        draft.cost = measured.cost
        draft.ledger = type(draft.ledger)(measured.capacity.figures)
        ask_slow_restores(draft, measured)
        time_index_restores(draft, measured)
        face_error_budget(draft, measured)
        weigh_alternatives(draft, measured.cost.total_usd_per_month)
        plan_governance(draft)
        settle_later_fields(draft)
        ask_promised(draft)  # last: a question asked before may already carry it
        final = assemble(draft, self.name)
        final = final.model_copy(
            update={"capacity": measured.capacity, "cost": measured.cost, **_measured_parts(measured)}
        )
        return validated(without_unfilled(final))


def _measured_parts(measured: Design) -> dict[str, object]:
    """The parts `measure` sized: they carry their demand and provisioned capacity."""
    return {
        "services": measured.services,
        "deployables": measured.deployables,
        "stores": measured.stores,
        "channels": measured.channels,
        "caches": measured.caches,
        "realtime": measured.realtime,
    }


def assemble(draft: Draft, generator: str) -> Design:
    """The Design from a draft whose every step has run."""
    req = draft.req
    assert draft.architecture and draft.gateway and draft.api and draft.security and draft.reliability
    assert draft.observability and draft.deployment and draft.cost
    applied, considered = pattern_records(draft)
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
        realtime=draft.realtime,
        jobs=draft.jobs,
        gateway=draft.gateway,
        integrations=draft.integrations,
        api=draft.api,
        clients=draft.clients,
        flows=draft.flows,
        security=draft.security,
        tenancy=draft.tenancy,
        topology=draft.topology,
        reliability=draft.reliability,
        observability=draft.observability,
        deployment=draft.deployment,
        cost=draft.cost,
        decisions=draft.decisions,
        risks=draft.risks,
        open_questions=draft.questions,
        traceability=draft.traces,
        waivers=draft.waivers,
        patterns=applied,
        patterns_considered=considered,
    )
