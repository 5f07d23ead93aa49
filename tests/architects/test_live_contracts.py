"""The channels that hold a connection open carry every message the flows send, and pushes reach only parties the
record has: what a client team would otherwise have to invent."""

from __future__ import annotations

from archgen.design.live import carried, needs
from tests.conftest import corpus_design


def test_a_chat_channel_carries_the_acknowledgement_the_read_state_and_typing() -> None:
    design = corpus_design("08-team-chat")
    live = next(c for c in design.realtime if c.protocol == "websocket")
    sent = {m.name for m in live.messages if m.direction == "from-client"}
    shown = {m.name for m in live.messages if m.direction == "to-client"}
    assert {"AcknowledgeUpToSequence", "Typing"} <= sent
    assert {"ReadStateChanged", "Typing"} <= shown
    read = next(m for m in live.messages if m.name == "ReadStateChanged")
    assert read.entity == "ChannelMembership" and "Mark channel read" in read.description
    roles = {r.name for r in design.requirements.users.roles}
    found = needs(design.realtime, design.flows, design.events, {s.name for s in design.services}, roles)
    assert found and all(carried(design.events, n) for n in found)


def test_who_is_connected_is_read_from_the_registry_when_the_gateway_serves_no_operation() -> None:
    design = corpus_design("08-team-chat")
    gateway = next(c.service for c in design.realtime if c.protocol == "websocket")
    assert not next(s for s in design.services if s.name == gateway).endpoints
    asked = [s for f in design.flows for s in f.steps if s.message.startswith("which recipients are connected")]
    assert asked and all(s.target != gateway for s in asked)
    assert all(design.store(s.target).kind == "in-memory" for s in asked)


def test_a_new_trip_is_pushed_to_its_rider_not_to_a_driver_it_does_not_have_yet() -> None:
    design = corpus_design("01-ride-hailing")
    flow = next(f for f in design.flows if f.use_case == "Request ride")
    told = {s.target for s in flow.steps if s.message.startswith("TripCreated (")}
    assert told == {"rider"}
    accepted = next(f for f in design.flows if f.use_case == "Accept trip offer")
    assert "driver" in {s.target for s in accepted.steps if s.message.startswith("TripAccepted (")}


def test_a_device_channel_dedupes_on_fields_its_records_have() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    channel = next(c for c in design.realtime if c.protocol == "mqtt")
    assert "each Reading on (meter, register, interval_start)" in channel.delivery
    assert "measured_at" not in channel.delivery
