"""Every caller allowed to make a record can supply what its create input requires."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint, StoredField
from archgen.design.obtaining import may_set
from archgen.render.openapi.document import document
from archgen.review import review
from tests.conftest import corpus_design


def _field(design: Design, entity: str, name: str) -> StoredField:
    return next(f for f in design.entity(entity).fields if f.name == name)


def _make(design: Design, entity: str) -> Endpoint:
    return next(e for s in design.services for e in s.endpoints if e.entity == entity and e.action == "create")


def test_the_front_desk_books_a_walk_in_without_a_hold_only_guests_make() -> None:
    bookings = corpus_design("04-room-bookings")
    hold = _field(bookings, "Booking", "hold")
    assert {"guest", "front_desk"} <= set(_make(bookings, "Booking").roles)
    assert not hold.required and hold.writers == ["guest"]
    assert "front_desk" in hold.description
    # the guest still pays: naming the hold's writers leaves the guest its payment method
    method = _field(bookings, "Booking", "payment_method")
    assert may_set(bookings.entity("Booking"), method, "guest")


def test_a_report_of_a_post_needs_no_comment() -> None:
    feed = corpus_design("07-social-feed")
    assert _field(feed, "Report", "post").required
    assert not _field(feed, "Report", "comment").required


def test_a_catalogue_a_maker_picks_from_is_readable_to_it_unless_it_lists_strangers() -> None:
    records = corpus_design("11-health-records")
    clinicians = [e for s in records.services for e in s.endpoints if e.entity == "Clinician" and e.action == "list"]
    assert clinicians and "front_desk" in clinicians[0].roles
    assert "patient" not in clinicians[0].roles  # a patient does not page through every clinician
    assert not _field(records, "Appointment", "clinician").required


def test_money_sent_out_says_where_and_every_card_payer_sends_its_token() -> None:
    ledger = corpus_design("03-payments-ledger")
    payout = ledger.entity("Payout")
    assert any("account" in f.name and f.set_by == "client" and f.required for f in payout.fields)
    payment = ledger.entity("Payment")
    token = _field(ledger, "Payment", "card_token")
    assert all(may_set(payment, token, r) for r in _make(ledger, "Payment").roles)


def test_members_who_start_conversations_name_who_is_in_them_but_never_move_a_membership() -> None:
    chat = corpus_design("08-team-chat")
    membership = chat.entity("ChannelMembership")
    member = _field(chat, "ChannelMembership", "member")
    # members start direct and group conversations, so they name the other people in them
    assert may_set(membership, member, "member") and may_set(membership, member, "workspace_admin")
    owner = chat.service(membership.owner)
    assert any(e.entity == "ChannelMembership" and e.action == "update" for e in owner.endpoints)
    body = document(chat, owner)["components"]["schemas"]["ChannelMembershipPatch"]
    assert not {"member", "channel"} & set(body["properties"])  # an edit never moves it to another person


def test_the_corpus_designs_keep_every_maker_able_to_make_its_records() -> None:
    ids = {"API125", "API126", "API127", "API128", "API129"}
    for name in ("03-payments-ledger", "04-room-bookings", "07-social-feed", "08-team-chat", "11-health-records"):
        assert [f for f in review(corpus_design(name)) if f.rule in ids] == []
