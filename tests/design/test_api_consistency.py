"""Design ↔ API consistency: an endpoint serves an entity its service owns or reaches, by fields the entity has."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.design.checks import check
from archgen.design.files import dump_design, load_design
from archgen.design.model import Design, Filter
from tests.conftest import EXAMPLES


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_serves_only_entities_its_services_reach(designs: dict[str, Design], name: str) -> None:
    assert check(designs[name]) == []


def test_an_endpoint_for_an_unreachable_entity_is_refused_with_its_line(
    designs: dict[str, Design], tmp_path: Path
) -> None:
    design = designs["shop"].model_copy(deep=True)
    catalog, ordering = design.service("catalog"), design.service("ordering")
    assert "ordering" not in catalog.depends_on
    stray = next(e for e in ordering.endpoints if e.entity == "Order").model_copy()
    stray.path, stray.operation_id = "/v1/catalog-orders/{id}", "getCatalogOrder"
    catalog.endpoints.append(stray)
    path = tmp_path / "design.yaml"
    path.write_text(dump_design(design), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_design(path)
    [problem] = info.value.problems
    index = design.services.index(catalog)
    assert f"services[{index}].endpoints[{len(catalog.endpoints) - 1}].entity" in problem
    assert "catalog serves Order, which neither it nor a service in its depends_on owns" in problem
    assert problem.startswith(f"{path}:")


def test_reaching_an_entity_through_a_dependency_is_allowed(designs: dict[str, Design]) -> None:
    design = designs["shop"].model_copy(deep=True)
    ordering = design.service("ordering")
    assert "catalog" in ordering.depends_on
    product = next(e for e in design.service("catalog").endpoints if e.entity == "Product").model_copy()
    product.path, product.operation_id = "/v1/order-products/{id}", "getOrderProduct"
    ordering.endpoints.append(product)
    assert check(design) == []


def test_filters_and_sort_must_name_fields_of_the_entity(designs: dict[str, Design]) -> None:
    design = designs["telemetry"].model_copy(deep=True)
    alerts = design.service("alerts")
    j, listing = next((j, e) for j, e in enumerate(alerts.endpoints) if e.action == "list")
    listing.filters.append(Filter(name="colour", field="colour", kind="eq"))
    listing.sort = "posted_at"
    found = dict(check(design))
    i = design.services.index(alerts)
    base = ("services", i, "endpoints", j)
    assert found[(*base, "filters", len(listing.filters) - 1, "field")].startswith("Alert has no field 'colour'")
    assert found[(*base, "sort")].startswith("Alert has no field 'posted_at'; use one of acknowledged_at,")


def test_an_ingest_tier_handing_data_to_its_owner_through_an_event_is_not_a_second_writer(
    designs: dict[str, Design],
) -> None:
    design = designs["telemetry"].model_copy(deep=True)
    ingest = design.service("ingest")
    # it takes the batches and answers how each went; it writes no record of another service
    assert [e.action for e in ingest.endpoints if e.method != "GET"] == ["ingest"] and ingest.entities == []
    event = next(e for e in design.events if e.producer == "ingest")
    assert event.entity == "Reading" and event.consumers == ["readings"]
    i = design.services.index(ingest)
    assert [p for p in check(design) if p[0][:2] == ("services", i)] == []
    event.consumers = []  # published to nobody: the ingest tier would be a writer of its own
    assert any("ingest serves Reading" in message for _, message in check(design))


def test_an_answer_composes_only_records_its_service_can_read(designs: dict[str, Design]) -> None:
    """A read model nests a related record only when its service owns it, calls its owner, shares its database or
    keeps a copy from the owner's events; a filter on a composed record names a field it has."""
    design = designs["telemetry"].model_copy(deep=True)
    alerts = design.service("alerts")
    j, listing = next((j, e) for j, e in enumerate(alerts.endpoints) if e.action == "list")
    listing.includes = ["Device"]  # alerts depends on devices
    listing.filters.append(Filter(name="site_name", field="device.colour", kind="eq"))
    base = ("services", design.services.index(alerts), "endpoints", j)
    found = dict(check(design))
    assert (*base, "includes", 0) not in found
    assert found[(*base, "filters", len(listing.filters) - 1, "field")].startswith("Alert has no field 'device.colour'")
    listing.filters.pop()
    listing.includes = ["Device", "Reading"]  # neither owned, called, shared nor copied
    found = dict(check(design))
    assert (
        "alerts answers with Reading, which neither it nor a service in its depends_on owns"
        in found[(*base, "includes", 1)]
    )
