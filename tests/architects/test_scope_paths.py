"""Data-level authorisation the data model carries, as a reader of the corpus designs would check it: every record
people make names its owner or a required parent that does, a child list names its parent, every tenant table
carries the tenant, and a membership check reads the owner's state."""

from __future__ import annotations

from archgen.design.scope_paths import made_by_people, scope_path, scope_rows
from archgen.render.openapi.document import openapi_documents
from tests.conftest import corpus_design


def test_every_record_a_person_makes_is_held_to_them_and_its_child_lists_name_the_parent() -> None:
    design = corpus_design("13-required-only")
    made = [e for e in design.entities if made_by_people(design.requirements, e)]
    assert made and all(scope_path(design.entities, e) is not None for e in made)
    # an import's only reference (the recipe it becomes) is filled later by the worker: it names its maker instead
    imports = design.entity("RecipeImport")
    owner = next(f for f in imports.fields if f.name == "created_by")
    assert owner.set_by == "server" and "token" in owner.source and owner.required
    items = next(
        e for s in design.services for e in s.endpoints if e.entity == "ShoppingListItem" and e.action == "list"
    )
    docs = openapi_documents(design)
    operation = next(d for d in docs.values() if items.path in d.get("paths", {}))["paths"][items.path]["get"]
    parameter = next(p for p in operation["parameters"] if p.get("name") == "shopping_list")
    assert parameter["required"] is True
    rows = {r.entity: r.held_to for r in scope_rows(design)}
    assert "`shopping_list.created_by` is the caller" in rows["ShoppingListItem"]


def test_every_tenant_table_carries_the_tenant_and_only_staff_list_tenants() -> None:
    design = corpus_design("05-b2b-saas-residency")
    bank = design.entity("BankAccount")
    assert any(f.name == "tenant" and f.set_by == "server" for f in bank.fields)
    assert all(i.fields[0] == "tenant" for i in bank.indexes if i.kind == "btree")
    staff = {r.name for r in design.requirements.users.roles if r.internal}
    listing = [e for s in design.services for e in s.endpoints if e.entity == "Tenant" and e.action == "list"]
    assert listing and all(set(e.roles) <= staff for e in listing)


def test_a_membership_check_calls_its_owner_rather_than_an_event_fed_copy() -> None:
    design = corpus_design("08-team-chat")
    messages = next(s for s in design.services if s.name == "messages")
    assert "channel-memberships" in messages.depends_on
    steps = [s.message for f in design.flows for s in f.steps]
    assert not any(m.startswith("query its copy of ChannelMembership") for m in steps)


def test_a_record_naming_a_person_is_theirs_whoever_keyed_it_and_never_a_later_movers() -> None:
    hotel = corpus_design("04-room-bookings")
    rows = {r.entity: r.held_to for r in scope_rows(hotel)}
    # the front desk books for a guest on the phone: the booking is the guest's, not its typist's
    assert "`guest` is the caller's Guest record" in rows["Booking"]
    assert not any(f.name == "created_by" for f in hotel.entity("Booking").fields)
    video = corpus_design("06-video-platform")
    # who reinstated a video is a moderator; the video is its channel owner's
    held = {r.entity: r.held_to for r in scope_rows(video)}["Video"]
    assert "`channel.owner` is the caller" in held and "reinstated_by" not in held


def test_a_role_reads_only_the_records_naming_its_own_and_never_chooses_whose() -> None:
    design = corpus_design("09-product-catalogue-search")
    rows = {r.entity: r for r in scope_rows(design)}
    assert "seller: only records whose `seller` is the caller's Seller record" in rows["FeedImport"].held_to
    assert rows["FeedImport"].held == ("seller",)
    imports = next(e for s in design.services for e in s.endpoints if e.entity == "FeedImport" and e.action == "list")
    assert imports.roles == ["seller"] and not any(f.field == "seller" for f in imports.filters)


def test_shared_records_say_who_changes_them_and_who_else_reads_them() -> None:
    chat = {r.entity: r for r in scope_rows(corpus_design("08-team-chat"))}
    # a channel's messages are read by its members, not by their author alone
    assert "others read it while a ChannelMembership places them in its `channel`" in chat["Message"].held_to
    assert "`message.channel`" in chat["Reaction"].held_to and not chat["Message"].held
    feed = {r.entity: r for r in scope_rows(corpus_design("07-social-feed"))}
    assert "others read it only as its `visibility` (one of public, followers_only) lets them" in feed["Post"].held_to
    hotel = {r.entity: r for r in scope_rows(corpus_design("04-room-bookings"))}
    assert "others read" not in hotel["Booking"].held_to  # a booking of a hotel places no guest in it


def test_an_open_feed_of_shared_records_never_requires_their_owner() -> None:
    design = corpus_design("06-video-platform")
    lists = [e for s in design.services for e in s.endpoints if e.entity == "Video" and e.action in ("list", "search")]
    assert lists
    for endpoint in lists:  # the home feed and search run across channels
        stated = endpoint.request.fields if endpoint.request is not None else []
        assert not [f for f in stated if f.name == "channel" and f.required], endpoint.path


def test_a_role_that_runs_a_unit_reads_only_that_units_records_though_not_marked_internal() -> None:
    design = corpus_design("10-retail-analytics")
    assert any(e.name == "StoreMembership" for e in design.entities)
    rows = {r.entity: r for r in scope_rows(design)}
    # "Runs one store": a store manager's dashboard and stock lists answer only their own store
    assert (
        "store_manager: the records of a store they belong to (a live StoreMembership)"
        in rows["SalesTransaction"].held_to
    )
    assert "regional_manager" in rows["Store"].held  # "Oversees about 20 stores": held to those stores
    assert rows["InventorySnapshot"].held == ("store_manager",)


def test_every_person_a_record_names_is_a_party_to_it() -> None:
    feed = {r.entity: r.held_to for r in scope_rows(corpus_design("07-social-feed"))}
    # the author of reported content reads the report on it, to be told and to appeal
    assert "`reporter` is the caller, or `content_author` is the caller's Member record" in feed["Report"]


def test_a_system_calling_for_an_organisation_is_held_like_its_people() -> None:
    rows = {r.entity: r for r in scope_rows(corpus_design("03-payments-ledger"))}
    # a merchant's back end reads the merchant's payments, never another merchant's
    assert "merchant_api: only records whose `merchant` is the caller's Merchant record" in rows["Payment"].held_to
    assert "merchant_api" in rows["Payment"].held


def test_an_owner_of_several_kinds_holds_each_kind_to_its_own() -> None:
    rows = {r.entity: r.held_to for r in scope_rows(corpus_design("03-payments-ledger"))}
    # owner_type: consumer | merchant, owner_id: each reads only the accounts that are theirs
    assert "consumer: only records whose `owner_id` is the caller's consumer record" in rows["LedgerAccount"]
    assert "merchant: only records whose `account.owner_id` is the caller's merchant record" in rows["LedgerEntry"]
