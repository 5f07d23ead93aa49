"""What a report adds up and totals by, and what an anonymous list may be filtered by."""

from __future__ import annotations

from archgen.design.aggregates import additive, groups, measurable
from archgen.design.model import Endpoint, EntityDesign, Filter, StoredField
from archgen.design.natural_keys import pair_key
from archgen.design.public_filters import hidden


def _trip() -> EntityDesign:
    return EntityDesign(
        name="Trip",
        domain="trips",
        owner="trips",
        store="trips-db",
        fields=[
            StoredField(name="id", type="uuid", set_by="server"),
            StoredField(name="status", type="enum[requested, published, removed]"),
            StoredField(name="rider", type="ref[Rider]", pii=True),
            StoredField(name="city", type="ref[City]"),
            StoredField(name="fare_amount", type="decimal"),
            StoredField(name="unit_price", type="decimal"),
            StoredField(name="pickup_latitude", type="decimal"),
            StoredField(name="requested_at", type="timestamp"),
        ],
        primary_key=["id"],
    )


def _report(filters: list[Filter], auth: str = "user") -> Endpoint:
    return Endpoint(
        method="GET",
        path="/v1/trips/stats",
        operation_id="x",
        summary="x",
        action="aggregate",
        filters=filters,
        auth=auth,  # type: ignore[arg-type]
    )


def test_amounts_are_summed_levels_averaged_and_positions_never_measured() -> None:
    trip = _trip()
    fields = {f.name: f for f in trip.fields}
    assert additive(trip, fields["fare_amount"])
    assert measurable(trip, fields["unit_price"]) and not additive(trip, fields["unit_price"])
    assert not measurable(trip, fields["pickup_latitude"])


def test_a_report_totals_by_choices_small_records_and_times_never_amounts_or_ids() -> None:
    filters = [
        Filter(name=n, field=n, kind=k)
        for n, k in [
            ("status", "eq"),
            ("city", "eq"),
            ("rider", "eq"),
            ("id", "eq"),
            ("fare_amount", "range"),
            ("requested_at", "range"),
        ]
    ]
    sizes = {"City": 400, "Rider": 60_000_000}
    assert groups(_report(filters), _trip(), sizes) == ["status", "city", "requested_at"]


def test_anonymous_lists_lose_hidden_states_and_person_filters() -> None:
    rider = EntityDesign(
        name="Rider",
        domain="r",
        owner="r",
        store="r",
        fields=[StoredField(name="id", type="uuid")],
        primary_key=["id"],
        pii=True,
    )
    filters = [
        Filter(name="status", field="status", kind="eq"),
        Filter(name="rider", field="rider", kind="eq"),
        Filter(name="city", field="city", kind="eq"),
    ]
    entities = {"Rider": rider}
    assert [f.name for f in hidden(_report(filters, "public"), _trip(), entities)] == ["status", "rider"]
    assert hidden(_report(filters, "user"), _trip(), entities) == []


def test_a_like_is_keyed_by_what_was_liked_and_who_liked_it() -> None:
    like = EntityDesign(
        name="Like",
        domain="l",
        owner="l",
        store="l",
        fields=[
            StoredField(name="id", type="uuid", set_by="server"),
            StoredField(name="post", type="ref[Post]"),
            StoredField(name="member", type="ref[Member]", set_by="server"),
        ],
        primary_key=["id"],
    )
    assert pair_key(like) == ["post", "member"]
    assert pair_key(_trip()) == []
