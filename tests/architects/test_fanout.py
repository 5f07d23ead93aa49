"""Fan-out: counters a job rolls up stay off the record others copy, a job's pass over people's records reaches no
webhook, phones hear news only, a log-fed index takes no events, and an upload is one message."""

from __future__ import annotations

from archgen.capacity.events import event_rate
from archgen.capacity.load import records_per_call, use_case_rate
from tests.conftest import corpus_design


def test_view_counts_rolled_up_live_in_a_narrow_row_and_announce_nothing() -> None:
    design = corpus_design("06-video-platform")
    video = design.entity("Video")
    field = next(f for f in video.fields if f.name == "view_count")
    assert "'Roll up view counts'" in field.source and "video_counters" in field.source
    table = next(i for i in video.indexes if i.name == "video_counters")
    assert table.kind == "table" and "view_count" in table.fields
    assert not [e.name for e in design.events if e.entity == "Video" and "Roll up view counts" in e.use_cases]
    copies = [
        p.name
        for f in design.capacity.figures
        if f.key.endswith(".write_rps.y3")
        for p in f.inputs
        if p.name.startswith("Roll up view counts → Video") and "kept copy" in p.name
    ]
    assert copies == []


def test_a_nightly_accrual_is_not_sent_to_the_webhooks() -> None:
    design = corpus_design("05-b2b-saas-residency")
    updated = next(e for e in design.events if e.name == "EmployeeUpdated")
    assert "webhooks" in updated.consumers
    assert "Accrue time-off balances" not in updated.use_cases


def test_phones_hear_of_news_in_groups_and_never_of_removals() -> None:
    design = corpus_design("07-social-feed")
    channel = next(c for c in design.realtime if c.protocol == "mobile-push")
    assert "aggregation window of 5 minutes" in channel.delivery and "12 per recipient an hour" in channel.delivery
    heard = [e.name for e in design.events if channel.service in e.consumers]
    assert heard and not [n for n in heard if n.endswith(("Deleted", "Updated"))]


def test_an_index_that_follows_the_log_takes_no_events_and_its_worker_counts_the_rows() -> None:
    design = corpus_design("09-product-catalogue-search")
    logged = {e.name for e in design.entities if e.search_index}
    assert not [e.name for e in design.events if e.entity in logged and "search" in e.consumers]
    work = next(f for f in design.capacity.figures if f.key.endswith(".work.y3") and "worker" in f.key)
    assert any(p.name.startswith("applies Listing row changes from the log") and p.value > 0.1 for p in work.inputs)


def test_a_meter_upload_is_one_message_not_one_per_reading() -> None:
    design = corpus_design("02-smart-meter-telemetry")
    req = design.requirements
    upload = next(u for u in req.use_cases if u.name == "Upload interval readings")
    received = next(e for e in design.events if e.name == "ReadingReceived")
    assert records_per_call(req, upload, "Reading") == 4
    assert event_rate(req, received) == use_case_rate(req, upload).peak_y3
