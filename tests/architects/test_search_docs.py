"""A search document carries what its searches narrow by: the fields of the related records its use case reads,
kept in step by one feed through one indexer, and what the caller may see filters the query itself."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint
from tests.conftest import corpus_design


def carriers(design: Design, use_case: str) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints if use_case in e.use_cases]


def test_a_search_narrows_by_the_related_records_it_reads_and_their_changes_reach_the_index() -> None:
    design = corpus_design("09-product-catalogue-search")
    (search,) = carriers(design, "Search listings")
    # fits my car: the vehicles a listing's part fits, and the part's brand and category as facets
    fields = {f.field for f in search.filters}
    assert {"fitment.vehicle", "part.brand", "part.category"} <= fields
    indexers = {
        s.source
        for f in design.flows
        for s in f.steps
        if s.target == design.entity("Listing").search_index and not s.message.startswith("query")
    }
    assert indexers == {"search"}  # one path writes the index, never the owners beside it
    # the database's log brings every row change of the listings and the records they carry; events as well
    # would index each change twice
    logged = {
        s.source for f in design.flows for s in f.steps if s.target == "search" and "change data capture" in s.message
    }
    assert {design.entity(n).store for n in ("Listing", "Part", "Fitment")} <= logged
    assert not {e.entity for e in design.events if "search" in e.consumers}


def test_what_a_member_may_see_filters_the_search_query_itself() -> None:
    design = corpus_design("08-team-chat")
    flow = next(f for f in design.flows if f.use_case == "Search messages")
    messages = [s.message for s in flow.steps]
    # the memberships come from their owner during the request (never a copy that lags a member's leaving)
    membership = next(i for i, s in enumerate(flow.steps) if s.target == "channel-memberships")
    assert not any("ChannelMembership" in m and "copy" in m for m in messages)
    query = next(i for i, m in enumerate(messages) if m.startswith("query Message"))
    assert membership < query and "filtered in the query" in messages[query]


def test_a_search_looks_for_every_kind_its_use_case_names() -> None:
    design = corpus_design("07-social-feed")
    # Search people and hashtags: the members, and the posts by their hashtags, each from the index
    searched = {e.entity: e for e in carriers(design, "Search people and hashtags") if e.action == "search"}
    assert set(searched) == {"Member", "Post"}
    assert "hashtags" in {f.field for f in searched["Post"].filters}
    flow = next(f for f in design.flows if f.use_case == "Search people and hashtags")
    assert "query Post" in [s.message for s in flow.steps if s.target == design.entity("Post").search_index]


def test_suggestions_named_for_a_record_without_full_text_come_from_the_index_too() -> None:
    design = corpus_design("09-product-catalogue-search")
    # suggestions "for parts, brands, OEM numbers and vehicles": vehicles are searched in the same index
    searched = {e.entity for e in carriers(design, "Autocomplete") if e.action == "search"}
    assert searched == {"Part", "Vehicle"}
    assert design.entity("Vehicle").search_index == design.entity("Part").search_index
    # vehicles reach the index the way parts do: the one indexer follows their database's log
    vehicles = design.entity("Vehicle").store
    assert any(
        s.source == vehicles and s.target == "search" and "change data capture" in s.message
        for f in design.flows
        for s in f.steps
    )


def test_a_search_sorted_by_distance_takes_the_callers_position_and_the_index_counts_what_it_copies_in() -> None:
    design = corpus_design("09-product-catalogue-search")
    (search,) = carriers(design, "Search listings")
    assert "near" in {i.name for i in search.inputs}  # "sorted by relevance, price or distance"
    assert any(f.field == "price" and f.kind == "range" for f in search.filters)
    store = next(s for s in design.stores if s.name == design.entity("Listing").search_index)
    assert "Fitment" in store.purpose  # the indexer joins each part's fitments into its listings
    copied = design.capacity.value(f"db.{store.name}.carried.Listing.Fitment")
    listings = design.capacity.value("storage.Listing.bytes.y3")
    assert copied > listings / 2  # 900 M fitments, each in every listing of its part


def test_an_index_past_the_shards_one_index_takes_is_split_by_time_behind_an_alias() -> None:
    design = corpus_design("08-team-chat")
    store = next(s for s in design.stores if s.kind == "search")
    assert store.shards > 1024
    assert "time-based indices" in store.partitioning and "alias" in store.partitioning
    assert design.capacity.value(f"db.{store.name}.indices") > 1
