"""Every use case can be carried out through the operations the rules architect plans: inputs carry what the caller
knows, searches query collections, every state is reachable, what people make they can take back, and files and
exports travel by link."""

from __future__ import annotations

import pytest

from archgen.capacity.measure import carriers as carrying_services
from archgen.design.model import Design, Endpoint, EntityDesign
from archgen.render.openapi import openapi_documents
from tests.conftest import DOMAINS, corpus_design


def carriers(design: Design, use_case: str) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints if use_case in e.use_cases]


def sources(entity: EntityDesign) -> dict[str, str]:
    return {f.name: f.source if f.set_by == "server" else "client" for f in entity.fields}


def test_only_the_acting_party_comes_from_the_token() -> None:
    transfer = sources(corpus_design("03-payments-ledger").entity("Transfer"))
    assert "token" in transfer["sender"]
    assert transfer["recipient"] == transfer["amount"] == "client"
    follow = sources(corpus_design("07-social-feed").entity("Follow"))
    assert "token" in follow["follower"] and follow["followee"] == "client"


def test_prices_the_server_quotes_are_not_the_callers_but_what_they_observed_is() -> None:
    estimate = sources(corpus_design("01-ride-hailing").entity("FareEstimate"))
    assert all(estimate[f] != "client" for f in ("amount", "surge_multiplier", "expires_at"))
    assert estimate["pickup_latitude"] == "client"
    event = sources(corpus_design("02-smart-meter-telemetry").entity("MeterEvent"))
    assert event["kind"] == event["occurred_at"] == "client"
    assert "token" in event["meter"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_operation_that_makes_a_record_takes_an_input(domain: str) -> None:
    design = corpus_design(domain)
    for service in design.services:
        for e in service.endpoints:
            if e.entity and e.action in ("create", "ingest"):
                entity = design.entity(e.entity)
                assert [f for f in entity.fields if f.set_by == "client" and f.name != "id"], (e.path, entity.name)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_state_of_every_lifecycle_is_reached_by_something_that_runs(domain: str) -> None:
    design = corpus_design(domain)
    carried = {u for u, services in carrying_services(design).items() if services}
    hooks = {u.name for u in design.requirements.use_cases if u.interaction in ("webhook", "scheduled")}
    for entity in design.entities:
        machine = entity.state_machine
        if machine is None:
            continue
        reached = {machine.initial} | {t.target for t in machine.transitions}
        assert reached == set(machine.states), entity.name
        for move in machine.transitions:
            # a caller's move has its operation; the rest is done by work that runs (a job, a callback, a request)
            assert move.use_case is None or move.use_case in carried | hooks, (entity.name, move.name)


def test_a_status_update_becomes_the_transitions_it_makes() -> None:
    design = corpus_design("01-ride-hailing")
    paths = {e.path for e in carriers(design, "Update trip status")}
    assert paths == {"/v1/trips/{id}/arrive", "/v1/trips/{id}/start"}
    trip = design.entity("Trip").state_machine
    assert trip is not None
    complete = next(t for t in trip.transitions if t.name == "complete")
    assert complete.source == ["in_progress"]


def test_background_work_moves_what_nobody_asks_for_and_expiry_spares_what_was_sold() -> None:
    video = corpus_design("06-video-platform").entity("Video").state_machine
    assert video is not None
    ready = next(t for t in video.transitions if t.target == "ready")
    assert ready.roles == ["system"] and ready.use_case == "Transcode video"
    hold = corpus_design("04-room-bookings").entity("Hold").state_machine
    assert hold is not None
    assert next(t for t in hold.transitions if t.target == "expired").source == ["active"]


def test_a_search_queries_the_collection_with_what_it_looks_for_and_anonymous_browsing_is_open() -> None:
    design = corpus_design("04-room-bookings")
    (search,) = carriers(design, "Search availability")
    assert search.method == "GET" and not search.path.endswith("{id}")
    # the stay's dates and the party come in as the description says; a city narrows the hotels it composes
    assert [(i.name, i.type, i.required) for i in search.inputs] == [
        ("check_in", "date", True),
        ("check_out", "date", True),
        ("guests", "int", True),
    ]
    assert {(f.field, f.kind) for f in search.filters} >= {("hotel", "eq"), ("hotel.city", "eq")}
    # the stock row leads to its room type and hotel; the rates belong to the room type, not under each stock row
    assert set(search.includes) == {"Hotel", "RoomType"}
    assert search.auth == "public"
    (manage,) = carriers(design, "Manage booking")
    assert manage.auth == "user"  # a guest's own bookings need the guest


def test_what_people_make_they_can_take_back() -> None:
    social = corpus_design("07-social-feed")
    for use_case in ("Follow or unfollow", "Like post"):
        assert "DELETE" in {e.method for e in carriers(social, use_case)}, use_case
    video = corpus_design("06-video-platform")
    assert "DELETE" in {e.method for e in carriers(video, "Subscribe to channel")}
    assert "DELETE" not in {e.method for e in carriers(social, "Report content")}


def test_files_travel_by_signed_links_and_exports_are_jobs() -> None:
    video = corpus_design("06-video-platform")
    (upload,) = carriers(video, "Upload video")
    assert upload.link == "upload"
    (playback,) = carriers(video, "Start playback")
    assert (playback.link, playback.auth, playback.path) == ("download", "public", "/v1/videos/{id}/playback")
    chat = corpus_design("08-team-chat")
    export = carriers(chat, "Export workspace data")
    assert {(e.method, e.link, e.async_ or e.method == "GET") for e in export} == {
        ("POST", "export", True),
        ("GET", "export", True),
    }
    document = openapi_documents(chat)
    start = next(e for e in export if e.method == "POST")
    service = next(s for s in chat.services if start in s.endpoints)
    operation = document[service.slug]["paths"][start.path]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = document[service.slug]["components"]["schemas"][body]["properties"]
    assert {"created_at_from", "created_at_to"} <= set(properties)


def test_a_caller_of_each_kind_can_call_an_operation_they_share() -> None:
    payments = corpus_design("03-payments-ledger")
    create = next(e for e in carriers(payments, "Authorise card payment") if e.method == "POST")
    assert {create.auth, *create.other_callers} == {"service", "user"}
    assert "Top up wallet by card" in create.use_cases


def test_a_balanced_posting_carries_its_entries() -> None:
    design = corpus_design("03-payments-ledger")
    ledger = next(s for s in design.services if s.name == "ledger")
    document = openapi_documents(design)[ledger.slug]
    schema = document["components"]["schemas"]["LedgerTransactionInput"]
    entries = schema["properties"]["entries"]["items"]["properties"]
    assert {"account", "direction", "amount", "currency"} <= set(entries)


def test_the_server_decides_scores_deadlines_and_authority_and_the_approver_is_the_caller() -> None:
    claim = sources(corpus_design("14-claims-workflow").entity("Claim"))
    assert claim["fraud_score"] != "client" and claim["sla_due_at"] != "client"
    approval = sources(corpus_design("14-claims-workflow").entity("Approval"))
    assert "token" in approval["approver"] and approval["authority_limit"] != "client"
    assert approval["decision"] == "client"
    # the amount decided is the assessed one, read on the server: the limit is checked against what is paid
    assert "Assessment" in approval["amount"] and "assessed_amount" in approval["amount"]


def test_records_people_make_name_who_made_them() -> None:
    recipe = corpus_design("13-required-only").entity("Recipe")
    assert "token" in sources(recipe)["created_by"]
    assert any(i.fields[:1] == ["created_by"] for i in recipe.indexes)


def test_work_under_way_is_a_step_not_an_end() -> None:
    loan = corpus_design("12-internal-tool").entity("Loan").state_machine
    assert loan is not None and "checked_out" not in loan.terminal
    assert any(t.target == "returned" and "checked_out" in t.source for t in loan.transitions)
    payment = corpus_design("14-claims-workflow").entity("ClaimPayment").state_machine
    assert payment is not None and [t.source for t in payment.transitions if t.target == "sent"] == [["released"]]


def test_no_record_is_stuck_and_only_who_enforced_lifts_it() -> None:
    from tests.conftest import corpus_design

    def moves(design_name: str, entity: str) -> dict[str, tuple[list[str], str, list[str]]]:
        machine = corpus_design(design_name).entity(entity).state_machine
        assert machine is not None
        return {t.name: (t.source, t.target, t.roles) for t in machine.transitions}

    assert "overdue" in moves("12-internal-tool", "Loan")["return"][0]  # an overdue loan is still returned
    restock = [t for t in moves("09-product-catalogue-search", "Listing").values() if "out_of_stock" in t[0]]
    assert any(target == "active" for _, target, _ in restock)  # restocked, it sells again
    video = moves("06-video-platform", "Video")
    assert "blocked" not in video["publish"][0]  # the creator cannot republish a blocked video
    assert video["reinstate"] == (["blocked"], "published", ["moderator"])
    design = corpus_design("06-video-platform")
    takedown = [e for s in design.services for e in s.endpoints if e.entity == "Video" and e.transition == "block"]
    assert takedown and takedown[0].roles == ["moderator"]


def test_reads_embed_neither_others_records_nor_another_parents_and_own_reads_are_the_callers() -> None:
    tool = corpus_design("12-internal-tool")
    (browse,) = carriers(tool, "Browse equipment")
    assert "Loan" not in browse.includes  # staff browsing items never see colleagues' loans and notes
    (mine,) = carriers(tool, "View my loans")
    assert mine.path == "/v1/me/loans" and mine.roles == ["staff"]
    assert "borrower" not in {f.field for f in mine.filters}  # the token says whose
    (feed,) = carriers(corpus_design("06-video-platform"), "Browse home feed")
    assert "Subscription" not in feed.includes  # subscriptions belong to channels, not videos


def test_records_people_manage_can_be_edited_as_well_as_made() -> None:
    from archgen.architects.rules import RulesArchitect
    from archgen.requirements import load_requirements
    from tests.conftest import ROOT

    design = RulesArchitect().design(load_requirements(ROOT / "tests" / "domains" / "12-internal-tool.yaml"))
    edits = [e for s in design.services for e in s.endpoints if e.entity == "Item" and e.action == "update"]
    assert [(e.method, e.path, e.roles, e.use_cases) for e in edits] == [
        ("PATCH", "/v1/items/{id}", ["office_manager"], ["Manage equipment"])
    ]
