"""Re-measuring a design from its own structure: an unedited design measures as it was made, an edit moves exactly
the numbers it implies, and a design priced with the user's own table keeps those prices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from archgen.architects.rules import RulesArchitect
from archgen.capacity.prices import shipped_table
from archgen.capacity.remeasure import remeasure
from archgen.design.files import dump_design
from archgen.design.model import Design
from archgen.requirements import load_requirements
from archgen.review import review
from tests.architects.strategies import loaded_from, questionnaires
from tests.conftest import EXAMPLES, example


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(questionnaires())
def test_any_rules_design_measures_as_it_was_made(data: dict[str, Any]) -> None:
    design = RulesArchitect().design(loaded_from(data))
    measured = remeasure(design)
    assert not measured.changed
    assert dump_design(measured.design) == dump_design(design)
    # and the prose of an unedited design names only what its elements use
    assert [f for f in review(design) if f.rule == "CON008"] == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_measure_as_they_were_made(name: str, designs: dict[str, Design]) -> None:
    measured = remeasure(designs[name])
    assert not measured.changed and measured.design == designs[name]


def test_a_second_store_is_sized_and_priced(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    orders = design.stores[0].model_copy(update={"name": "orders-db", "entities": ["Order"]})
    design.stores[0].entities.remove("Order")
    design.stores.append(orders)
    design.entity("Order").store = "orders-db"
    measured = remeasure(design)
    assert "db.orders-db.data.y3" in measured.figures and "orders-db storage" in measured.cost_lines
    new = measured.design
    assert new.store("orders-db").size_bytes_3y > 0
    assert new.store("acme-shop-db").size_bytes_3y < designs["shop"].store("acme-shop-db").size_bytes_3y
    assert new.cost.total_usd_per_month > designs["shop"].cost.total_usd_per_month
    budgeted = [line.monthly_usd for line in new.cost.lines if line.category != "transaction fees"]  # a cost of sales
    assert new.cost.total_usd_per_month == pytest.approx(sum(budgeted))
    assert new.capacity.value("cost.total.month") == pytest.approx(new.cost.total_usd_per_month, abs=0.01)


def test_a_topology_edit_changes_what_is_paid_for(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    assert design.reliability.topology != "active-active"
    design.reliability.topology = "active-active"
    measured = remeasure(design)
    assert "acme-shop-app instances" in measured.cost_lines and "cost.total.month" in measured.figures
    line = next(x for x in measured.design.cost.lines if x.item == "acme-shop-app instances")
    before = next(x for x in designs["shop"].cost.lines if x.item == "acme-shop-app instances")
    assert line.quantity > before.quantity


def test_a_design_priced_with_the_users_table_keeps_those_prices(tmp_path: Path) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text("prices:\n  instance_month: {usd: 99, per: instance-month}\n")
    design = RulesArchitect(prices=prices).design(load_requirements(example("shop")))
    assert design.cost.price_table == "aws + prices.yaml"
    same = remeasure(design)
    assert not same.changed and same.shipped_prices == []
    grown = design.model_copy(deep=True)
    grown.requirements.users.daily_active *= 2
    measured = remeasure(grown)
    instances = next(x for x in measured.design.cost.lines if x.item == "acme-shop-app instances")
    assert instances.unit_price_usd == 99 and measured.design.cost.price_table == "aws + prices.yaml"
    assert measured.changed and measured.shipped_prices == []


def test_an_element_the_users_table_never_priced_takes_the_shipped_price(tmp_path: Path) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text("prices:\n  instance_month: {usd: 99, per: instance-month}\n")
    design = RulesArchitect(prices=prices).design(load_requirements(example("minimal")))
    cached = design.model_copy(deep=True)
    shop = RulesArchitect().design(load_requirements(example("shop")))
    cache = shop.caches[0].model_copy(update={"entities": [e.name for e in cached.entities]})
    cached.caches.append(cache)
    measured = remeasure(cached)
    assert measured.shipped_prices == [f"{cache.name} nodes"]
    line = next(x for x in measured.design.cost.lines if x.item == f"{cache.name} nodes")
    assert line.unit_price_usd == shipped_table(design.requirements.constraints.cloud).usd("cache_node_month")


def test_people_who_sign_in_are_priced_by_what_they_call_not_by_their_role_name() -> None:
    # a hotel's guests book signed in: each is a monthly user of the identity provider, whatever the role is called
    from tests.conftest import ROOT

    design = RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / "04-room-bookings.yaml"))
    guests = {r for s in design.services for e in s.endpoints if e.auth == "user" for r in e.roles}
    assert "guest" in guests
    assert design.capacity.value("identity.mau.y1") > 150_000  # the guests, not only the staff
    line = next(c for c in design.cost.lines if c.item == "identity provider")
    assert line.monthly_usd > 0
