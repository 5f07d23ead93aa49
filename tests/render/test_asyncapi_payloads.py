"""What the AsyncAPI documents say a message carries: a phone notification only the record's id, its kind and a
generic text; a live screen the record with what its use case names (a position, an ETA)."""

from __future__ import annotations

from archgen.architects.rules import RulesArchitect
from archgen.render.asyncapi import asyncapi_documents
from archgen.requirements import load_requirements
from tests.conftest import ROOT

DOMAINS = ROOT / "tests" / "domains"


def _payload(name: str, stem: str, message: str) -> dict[str, object]:
    design = RulesArchitect().design(load_requirements(DOMAINS / f"{name}.yaml"))
    document = asyncapi_documents(design)[stem]
    payload: dict[str, object] = document["components"]["messages"][message]["payload"]["properties"]
    return payload


def test_a_phone_notification_carries_only_the_id_and_a_generic_text() -> None:
    payload = _payload("11-health-records", "mobile-notifications", "NotifyPatientOfNewResult")
    data = payload["data"]
    assert isinstance(data, dict)
    assert set(data["properties"]) == {"kind", "id"}  # no report, no patient: the app fetches them after sign-in
    notice = payload["notification"]
    assert isinstance(notice, dict)
    assert set(notice["properties"]) == {"title", "body"}
    assert "LabResult" not in str(notice) and "result" not in str(notice).lower()


def test_a_live_tracking_message_carries_the_position_and_eta_it_shows() -> None:
    payload = _payload("01-ride-hailing", "live-updates", "TrackTrip")
    data = payload["data"]
    assert isinstance(data, dict)
    fields = data["properties"]
    assert {"latitude", "longitude"} <= set(fields["driver_location"]["properties"])
    assert fields["eta_s"]["type"] == "integer"
    assert "status" in fields


def test_a_device_sends_only_what_it_sets_not_its_own_id_or_the_servers_fields() -> None:
    design = RulesArchitect().design(load_requirements(DOMAINS / "02-smart-meter-telemetry.yaml"))
    document = asyncapi_documents(design)["device-telemetry"]
    for message in document["components"]["messages"].values():
        sent_data = message["payload"]["properties"]["data"]
        data = sent_data.get("items", sent_data)
        sent = set(data["properties"])
        assert "meter" not in sent, "the meter's certificate names it; only staff send a meter's id"
        assert "id" not in sent, "the server issues the record's id"
        assert set(data.get("required", [])) <= sent


def test_a_message_said_to_carry_several_records_carries_an_array_of_them() -> None:
    payload = _payload("02-smart-meter-telemetry", "device-telemetry", "UploadIntervalReadings")
    data = payload["data"]
    assert isinstance(data, dict)
    assert data["type"] == "array" and data["maxItems"] == 4
    assert "interval_start" in data["items"]["properties"]
    single = _payload("02-smart-meter-telemetry", "device-telemetry", "ReportMeterEvent")["data"]
    assert isinstance(single, dict) and single["type"] == "object"


def test_a_person_streaming_their_own_position_sends_its_coordinates_and_the_server_builds_the_point() -> None:
    payload = _payload("01-ride-hailing", "live-updates", "StreamDriverLocation")
    data = payload["data"]
    assert isinstance(data, dict)
    sent = set(data["properties"])
    # the coordinates only the person they are about may set: the driver sending their own fix is that person
    assert {"latitude", "longitude"} <= sent and {"latitude", "longitude"} <= set(data["required"])
    assert "location" not in sent and "driver" not in sent  # the point is built from them; the token names the driver


def test_a_streamed_fix_names_a_trip_only_while_one_is_under_way() -> None:
    payload = _payload("01-ride-hailing", "live-updates", "StreamDriverLocation")
    data = payload["data"]
    assert isinstance(data, dict)
    # an idle driver streams too: most fixes name no trip
    assert "trip" in data["properties"] and "trip" not in data["required"]
