"""Each review rule fires on a design crafted to break it, and stays quiet on the rules architect's designs."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archgen.design.model import Design, Endpoint
from archgen.requirements.model import Requirements
from archgen.review.engine import all_rules, review
from tests.conftest import EXAMPLES

Craft = Callable[[Design, Requirements], None]


def endpoint(design: Design, operation_id: str) -> Endpoint:
    return next(e for s in design.services for e in s.endpoints if e.operation_id == operation_id)


def entity_of(req: Requirements, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in req.data.entities if e.name == name)


def scale_users(factor: float) -> Craft:
    def craft(design: Design, req: Requirements) -> None:
        req.users.daily_active = int(req.users.daily_active * factor)

    return craft


def no_erase_endpoints(design: Design, req: Requirements) -> None:
    for service in design.services:
        service.endpoints = [e for e in service.endpoints if e.method != "DELETE"]


def kept_pii_without_regime(design: Design, req: Requirements) -> None:
    req.compliance.regimes = []
    no_erase_endpoints(design, req)


def new_entity(design: Design, req: Requirements) -> None:
    req.data.entities.append(entity_of(req, "Order").model_copy(update={"name": "Refund"}))


def unindexed(design: Design, req: Requirements) -> None:
    order = design.entity("Order")
    order.indexes = order.indexes[:1]


def drop_use_case(design: Design, req: Requirements) -> None:
    for service in design.services:
        for e in service.endpoints:
            e.use_cases = [u for u in e.use_cases if u != "Search products"]


def four_nines_one_region(design: Design, req: Requirements) -> None:
    req.quality.availability = 99.99
    design.reliability.regions = design.reliability.regions[:1]


def bigger_orders(design: Design, req: Requirements) -> None:
    entity_of(req, "Order").record_bytes = 40_000


# (rule, example, how to break the example's design or the questionnaire it is judged against)
CRAFTED: list[tuple[str, str, Craft]] = [
    ("CAP001", "shop", scale_users(3)),
    ("CAP002", "shop", scale_users(0.3)),
    ("CAP003", "shop", lambda d, r: setattr(d.deployables[0].scaling, "max_instances", 2)),
    ("CAP004", "shop", scale_users(50)),
    ("CAP005", "shop", scale_users(30)),
    ("CAP006", "shop", bigger_orders),
    ("CAP007", "shop", lambda d, r: setattr(d.caches[0], "size_bytes", 1_000)),
    ("CAP008", "shop", lambda d, r: setattr(d.flows[0], "latency_budget_ms", 10_000)),
    ("AVL001", "shop", lambda d, r: setattr(d.reliability, "zones_per_region", 1)),
    ("AVL002", "shop", lambda d, r: setattr(d.deployables[0].scaling, "min_instances", 1)),
    ("AVL003", "shop", lambda d, r: setattr(d.reliability.backups[0], "frequency", "daily")),
    ("AVL004", "shop", lambda d, r: setattr(d.reliability, "backups", d.reliability.backups[1:])),
    ("AVL005", "shop", lambda d, r: setattr(d.reliability, "topology", "backup-restore")),
    ("AVL006", "shop", lambda d, r: setattr(d.reliability, "regions", d.reliability.regions[:1])),
    ("AVL007", "shop", four_nines_one_region),
    ("AVL008", "shop", lambda d, r: setattr(d.reliability, "failure_modes", [])),
    ("AVL009", "shop", lambda d, r: setattr(d.integrations[0], "failure_handling", "")),
    ("DAT001", "shop", new_entity),
    ("DAT002", "shop", unindexed),
    ("DAT003", "shop", lambda d, r: setattr(d.stores[0], "encryption_at_rest", False)),
    ("DAT004", "shop", kept_pii_without_regime),
    ("DAT005", "shop", lambda d, r: setattr(d.services[1], "deployable", "acme-shop-worker")),
    ("DAT006", "shop", lambda d, r: setattr(d.security, "pii", [])),
    ("DAT007", "shop", lambda d, r: [setattr(f, "pii", False) for f in d.entity("Customer").fields]),
    ("DAT008", "shop", lambda d, r: setattr(d.entity("Order"), "mutability", "append_only")),
    ("DAT009", "shop", lambda d, r: setattr(d.entity("Product"), "store", "acme-shop-search")),
    ("API001", "shop", lambda d, r: setattr(endpoint(d, "createOrder"), "public", True)),
    ("API002", "shop", lambda d, r: setattr(endpoint(d, "getCustomer"), "public", True)),
    ("API003", "shop", lambda d, r: setattr(endpoint(d, "listProducts"), "paginated", False)),
    ("API004", "shop", lambda d, r: setattr(endpoint(d, "createOrder"), "idempotency_key", False)),
    ("API005", "shop", lambda d, r: setattr(endpoint(d, "createProduct"), "idempotency_key", False)),
    ("API006", "shop", lambda d, r: setattr(endpoint(d, "getProduct"), "path", "/products/{id}")),
    ("API007", "shop", drop_use_case),
    ("API008", "shop", lambda d, r: setattr(endpoint(d, "updateOrder"), "async_", False)),
    ("SEC001", "shop", lambda d, r: setattr(d.security, "controls", d.security.controls[:1])),
    ("SEC002", "shop", no_erase_endpoints),
    ("SEC003", "shop", lambda d, r: setattr(d.reliability, "regions", ["us-east-1", "eu-west-1"])),
    ("SEC004", "shop", lambda d, r: setattr(d.security, "audit", "")),
    ("SEC005", "shop", lambda d, r: setattr(d.stores[2], "encryption_at_rest", False)),
    ("SEC006", "shop", lambda d, r: setattr(d.security, "threats", d.security.threats[:3])),
    ("COST001", "shop", lambda d, r: setattr(r.constraints, "budget_usd_per_month", 1_000)),
    ("COST002", "shop", lambda d, r: setattr(r.constraints, "budget_usd_per_month", d.cost.total_usd_per_month / 0.9)),
    ("COST003", "shop", lambda d, r: setattr(d.cost, "lines", [x for x in d.cost.lines if "worker" not in x.item])),
    ("CON001", "shop", lambda d, r: d.services[0].depends_on.append("billing")),
    ("CON002", "shop", lambda d, r: setattr(d.cost, "total_usd_per_month", d.cost.total_usd_per_month + 100)),
    ("CON003", "shop", lambda d, r: setattr(d.entity("Order").indexes[1], "fields", ["nope"])),
    ("CON004", "shop", lambda d, r: setattr(d.decisions[0], "decision", "mainframe")),
    ("CON005", "shop", lambda d, r: setattr(d.deployables[0].scaling, "min_instances", 50)),
    ("CON006", "shop", lambda d, r: d.stores[0].entities.remove("Order")),
    ("CON007", "shop", lambda d, r: setattr(r.quality, "availability", 99.9)),
    ("CON008", "shop", lambda d, r: setattr(d.store("acme-shop-search"), "technology", "Elastic Cloud")),
    ("OPS001", "shop", lambda d, r: [setattr(a, "severity", "ticket") for a in d.observability.alerts]),
    ("OPS002", "shop", lambda d, r: setattr(d.channels[0], "dead_letter", None)),
    ("OPS003", "shop", lambda d, r: setattr(d.deployment, "environments", d.deployment.environments[:3])),
]


def rules_fired(design: Design, requirements: Requirements) -> set[str]:
    return {f.rule for f in review(design, requirements)}


def test_every_rule_has_a_crafted_case() -> None:
    assert sorted(r.id for r in all_rules()) == sorted(rule_id for rule_id, _, _ in CRAFTED)
    assert len(all_rules()) >= 25


@pytest.mark.parametrize(("rule_id", "name", "craft"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_rule_fires_on_a_crafted_design(rule_id: str, name: str, craft: Craft, designs: dict[str, Design]) -> None:
    design = designs[name].model_copy(deep=True)
    requirements = design.requirements.model_copy(deep=True)
    assert rule_id not in rules_fired(design, requirements)
    craft(design, requirements)
    fired = [f for f in review(design, requirements) if f.rule == rule_id]
    assert fired, f"{rule_id} did not fire"
    assert all(f.message and f.hint and f.element and f.path for f in fired)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_rules_architects_designs_have_no_errors(name: str, designs: dict[str, Design]) -> None:
    errors = [f for f in review(designs[name]) if f.severity == "error"]
    assert errors == []
