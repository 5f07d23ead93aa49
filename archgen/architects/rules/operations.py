"""Every use case made executable: the operations that carry it out, with the semantics its interaction and the
entity's lifecycle call for — create, list, read, update, state transitions, delete, batch and stream ingest, push
channels, signed webhooks and scheduled jobs — plus each entity's state machine and the fields only the server
sets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.architects.rules.accountability import keep_decisions, staff_moves_kept_from_others
from archgen.architects.rules.batches import follow_batches
from archgen.architects.rules.clients import people_clients
from archgen.architects.rules.completion import complete_lifecycles
from archgen.architects.rules.domains import plural
from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.duties import carry_duties
from archgen.architects.rules.field_sources import (
    acting_field,
    files_of,
    files_record,
    is_file_key,
    is_tenant_key,
    keeps_private_file,
    mark_server_owned,
    role_entity,
)
from archgen.architects.rules.field_writers import edit_for_writers
from archgen.architects.rules.identity import plan_identity
from archgen.architects.rules.input_fields import settle_inputs
from archgen.architects.rules.jobs import schedule
from archgen.architects.rules.keys import pair_keys
from archgen.architects.rules.lifecycle import lifecycle_of
from archgen.architects.rules.ownership import subjects
from archgen.architects.rules.protocols import provision, provisions, serve_protocols, sign_in, signs_in
from archgen.architects.rules.provenance import ask_for_dates, bind_amounts, carry_step_values
from archgen.architects.rules.providers import (
    arbitrary_sender,
    hand_payer_action,
    keeping_webhooks,
    notification_body,
    posted_body,
    posting_target,
)
from archgen.architects.rules.read_models import plan_read_models
from archgen.architects.rules.record_makers import plan_record_makers
from archgen.architects.rules.services import INGEST, REALTIME, by_notification
from archgen.architects.rules.settlement import confirm_settlements, no_refund_under_dispute
from archgen.architects.rules.sign_in import edge_sign_in
from archgen.architects.rules.stores import about_people, field_access
from archgen.architects.rules.views import shape_view
from archgen.capacity.constants import DEVICES_PER_MEMBER
from archgen.capacity.constants import words as phrases_of
from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.common.english import count, join
from archgen.common.formatting import duration
from archgen.common.naming import identifier, pascal, slug, unique_slugs, words_of
from archgen.design import model as m
from archgen.design.chain import bound_amounts
from archgen.design.connections import HELD_OPEN
from archgen.design.embeds import picks_out_person
from archgen.design.identity import identity_provider
from archgen.design.ledger_feed import feeds
from archgen.design.paying import has_payment_token, paying_cases
from archgen.design.postings import keeper
from archgen.design.produced import CLIENT_WRITES, Producer, produced, producer
from archgen.design.public_filters import hidden
from archgen.design.redirects import SEE_OTHER, destination, redirects
from archgen.design.reporting import reporters
from archgen.design.search_docs import filter_name, narrowings
from archgen.design.views import PERIOD, has_period, view_of
from archgen.knowledge.jobs import runs_per_day
from archgen.knowledge.keys import resend_hours
from archgen.knowledge.money_moves import money_moves
from archgen.knowledge.notifications import named_concepts, notifications
from archgen.knowledge.operations import operation_words
from archgen.knowledge.patterns import BodyFieldSpec
from archgen.knowledge.protocols import protocols
from archgen.knowledge.push_grouping import push_grouping
from archgen.requirements.grouping import groupings, narrows
from archgen.requirements.intent import (
    STATUS_FIELDS,
    acted_writes,
    anonymous_role,
    device_token_holder,
    is_role_record,
    status_field,
    verbs,
    words,
    write_kind,
)
from archgen.requirements.model import Entity, Requirements, UseCase
from archgen.requirements.resolve import Assumption
from archgen.requirements.searched import named_kinds

ASKED = m.BodyField(
    name="message", type="text", required=True, description="What is asked or raised, and why, for whom it concerns."
)
MAKERS = ("create", "ingest", "webhook", "command")  # what can bring a new record into being


def plan_endpoints(draft: Draft) -> None:
    """Operations for every use case, state machines, server-owned fields, realtime channels and jobs."""
    planner = _Planner(draft)
    for entity in draft.entities:
        entity.state_machine = planner.lifecycles[entity.name].machine
    confirm_settlements(draft)  # before any operation or flow is made from who moves each record
    no_refund_under_dispute(draft)
    for use_case in draft.req.use_cases:
        planner.carry(use_case)
    planner.owner_operations()
    planner.creatable_entities()
    planner.named_makes()
    planner.undoing()
    planner.staff_transitions()
    planner.inbound_integrations()
    planner.erasure()
    planner.pattern_operations()
    serve_protocols(planner)
    complete_lifecycles(planner)
    plan_record_makers(planner)  # after the lifecycle's own operations: only records nothing makes yet
    carry_duties(planner)  # after every use case's own operations: a role's duty may already be carried
    planner.file_links()
    follow_batches(planner)
    planner.follow_accepted()  # after every maker: a record accepted for later is read back where it lands
    uploaded = {e.entity for ops in planner.ops.values() for e in ops if e.link == "upload" and e.entity}
    for entity in draft.entities:
        carry_step_values(draft, entity)
    bound = bound_amounts(draft.req.use_cases, draft.entities)  # once every record has the amounts it carries
    for entity in draft.entities:
        mark_server_owned(draft, entity, uploaded)
        bind_amounts(entity, bound)
        settle_inputs(draft, entity)
        ask_for_dates(draft, entity)
    pair_keys(draft)  # after the server's fields are known: who made a like is the pair's other half
    keep_decisions(draft)  # after the fields' sources are known: a field of another name may already keep one
    staff_moves_kept_from_others(draft)
    plan_identity(draft)  # before the bodies are made: who may set identity and assignment fields
    planner.place()
    _worker_records(draft)
    edit_for_writers(draft)  # once placed: the roles given a field nothing lets them send edit it
    _redirects(draft)
    _reporting(draft)
    _payment_methods(draft)
    hand_payer_action(draft)
    _query_filters(draft)
    _document_filters(draft)
    _private_filters(draft)
    plan_read_models(draft)
    _devices(draft)
    _decide_api_style(draft)


def _worker_records(draft: Draft) -> None:
    """A record a worker produces from another (a video's renditions) is the worker's: no client makes, edits or
    deletes one, whatever other plan offered it; they read it only."""
    made = {p.entity for p in produced(draft.req)}
    for service in draft.services:
        service.endpoints = [
            e for e in service.endpoints if not (e.entity in made and e.action in CLIENT_WRITES and e.auth != "service")
        ]


def _reporting(draft: Draft) -> None:
    """Every role the data says files a record (an incident reported by a rider or a driver, a case from a
    viewer's report) can create one; it starts at the first state of the record's lifecycle."""
    for entity in draft.entities:
        roles = reporters(draft.req, entity.name)
        service = draft.service(entity.owner)
        if not roles or service is None:
            continue
        creates = [e for e in service.endpoints if e.entity == entity.name and e.action == "create"]
        people = [e for e in creates if e.auth in ("user", "public")]
        missing = [r for r in roles if not any(r in e.roles for e in people)]
        if not missing:
            continue
        if people:
            people[0].roles += missing
            continue
        service.endpoints.append(
            m.Endpoint(
                method="POST",
                path=collection(entity.name),
                operation_id=identifier(f"file {entity.name}"),
                summary=f"File {english.a(words_of(entity.name))}",
                action="create",
                entity=entity.name,
                idempotency_key=True,
                auth="user",
                roles=missing,
            )
        )


def _redirects(draft: Draft) -> None:
    """An operation whose use case sends the person elsewhere (a click-out to the seller's shop) records the visit
    and answers 303 See Other, Location being the address a record holds; where no record holds one, ask."""
    sending = {u.name for u in draft.req.use_cases if redirects(u)}
    for service in draft.services:
        for endpoint in service.endpoints:
            if endpoint.action != "create" or not sending & set(endpoint.use_cases) or endpoint.entity is None:
                continue
            endpoint.status = SEE_OTHER
            raised = f"data.entities[{endpoint.entity}].redirect"
            if destination(draft.entities, endpoint.entity) or any(q.raised_by == raised for q in draft.questions):
                continue
            refers = [f.type[4:-1] for f in draft.entity(endpoint.entity).fields if f.type.startswith("ref[")]
            holders = [endpoint.entity, *refers]
            draft.ask(
                question=f"Which address does {endpoint.operation_id} send the visitor to?",
                context=f"{endpoint.method} {endpoint.path} records the visit and answers 303 See Other, whose "
                f"Location must be an address a record holds, yet {english.join(holders)} hold none. Name the "
                f"field (a shop or deep-link URL on {english.join(refers or holders, 'or')}) and who keeps it "
                "up to date.",
                raised_by=raised,
            )


def _devices(draft: Draft) -> None:
    """Members who keep several devices connected hold a connection from each: where the questionnaire says so of
    the people on a live channel, the channel counts the planning constant's devices per member, as an assumption."""
    req = draft.req
    phrases = phrases_of("several_devices")
    for channel in draft.realtime:
        if channel.protocol not in HELD_OPEN:
            continue
        cases = [u for u in req.use_cases if u.name in channel.use_cases]
        roles = [r for r in req.users.roles if r.name in channel.audience]
        prose = " ".join(
            [req.system.summary, *(r.description or "" for r in roles), *(u.description or "" for u in cases)]
        ).lower()
        if not any(p in prose for p in phrases):
            continue
        channel.devices_per_member = DEVICES_PER_MEMBER.value
        draft.assumptions.append(
            Assumption(
                key=f"realtime[{channel.name}].devices_per_member",
                value=f"{DEVICES_PER_MEMBER.value:g}",
                reason="the questionnaire has members on several devices at once; each device holds its own "
                f"connection ({DEVICES_PER_MEMBER.why})",
            )
        )


def _payment_methods(draft: Draft) -> None:
    """A record a person makes while paying (a booking with its deposit, an order) carries the provider's token for
    how they pay: never a card number, which stays in the provider's fields (PCI DSS scope)."""
    paying = paying_cases(draft.req)
    for service in draft.services:
        for endpoint in service.endpoints:
            leads = {u.name for u in draft.req.use_cases if u.writes[:1] == [endpoint.entity]}
            if endpoint.action != "create" or endpoint.entity is None or not paying & leads & set(endpoint.use_cases):
                continue
            entity = draft.entity(endpoint.entity)
            if not has_payment_token(entity):
                # only the payer and those who keep the record read it: never in anyone else's view of the record
                readers, writers = field_access(draft, draft.req.entity(entity.name), "payment_method", "sensitive")
                entity.fields.append(
                    m.StoredField(
                        name="payment_method",
                        type="string",
                        required=False,
                        pii=True,
                        readers=readers,
                        writers=writers,
                        description="The payment provider's token for the card or wallet the person pays with, made "
                        "by its SDK or hosted fields; sent when the request charges, never a card number",
                    )
                )


def _query_filters(draft: Draft) -> None:
    """A search narrows by what its records are (their choices, what they belong to, ranges of amounts and dates),
    not only by words; a report cuts its totals by those and over a window of time. Each takes the entity's
    enumerations and references as equality filters (the facets to count or the groups to total by), its money and
    ranged fields as ranges, and a report its time field."""
    for service in draft.services:
        for endpoint in service.endpoints:
            if endpoint.action not in ("search", "aggregate") or endpoint.entity is None:
                continue
            entity = draft.entity(endpoint.entity)
            have = {(f.field, f.kind) for f in endpoint.filters}
            money = operation_words().fields.money
            access = draft.req.entity(entity.name).access
            ranged = {a[6:] for a in access if a.startswith("range_")}
            looked_up = {a[3:] for a in access if a.startswith("by_")}
            added: list[m.Filter] = []
            period = any(i.name == PERIOD[0] for i in endpoint.inputs)  # a view's period stands for a time range
            for field in entity.fields:
                kind = field.type.split("[")[0]
                if field.name == "id" or is_tenant_key(draft, field.name) or field.name in (endpoint.sort or ""):
                    continue
                target = field.type[4:-1] if kind == "ref" else ""
                if target and endpoint.path.startswith(collection(target) + "/{id}/"):
                    continue  # a view of one record (a meter's consumption) names it in its path
                # a reference narrows only where it is looked up by (a hotel), never by every link (the hold)
                if (kind in ("enum", "bool") or field.name in looked_up) and (field.name, "eq") not in have:
                    added.append(m.Filter(name=field.name, field=field.name, kind="eq"))
                elif (field.name, "range") not in have and (
                    (field.name in ranged and not (period and kind in ("date", "timestamp")))
                    or (kind in ("decimal", "int") and set(field.name.split("_")) & money)
                ):
                    added.append(m.Filter(name=field.name, field=field.name, kind="range"))
            if endpoint.action == "aggregate" and not has_period(endpoint, entity):
                # a report covers a window of time: the dates it is about, and when the records were made (pickup)
                times = [f.name for f in entity.fields if f.type in ("date", "timestamp")]
                windows = {f.field for f in [*endpoint.filters, *added] if f.kind == "range" and f.field in times}
                for when in [t for t in times if t == "created_at" or not windows][:1]:
                    if when not in windows:
                        added.append(m.Filter(name=when, field=when, kind="range"))
            endpoint.filters += added


def _document_filters(draft: Draft) -> None:
    """A search narrows by the related records its use case reads (a listing by its part's brand, by the vehicle
    its part fits): their fields go into the search document and the operation takes them as filters and facets."""
    entities = {e.name: e for e in draft.entities}
    for service in draft.services:
        for endpoint in service.endpoints:
            named = {f.field for f in endpoint.filters}
            for found in narrowings(entities, endpoint, draft.req.use_cases):
                if found.path not in named:
                    name = filter_name(entities[endpoint.entity or ""], found)
                    endpoint.filters.append(m.Filter(name=name, field=found.path, kind="eq"))


def _private_filters(draft: Draft) -> None:
    """A list is never filtered by a field its callers may not read: searching members by email would tell anyone
    whose address has an account. A report is never cut by a person's identifier (a loyalty id, a customer): its
    callers need totals, and a group of one person is that person's records. Nor is an anonymous list filtered
    by a state others may not see (removed comments) or by the person its records link to (archgen/design/
    public_filters.py)."""
    entities = {e.name: e for e in draft.entities}
    for service in draft.services:
        for endpoint in service.endpoints:
            if not endpoint.filters or endpoint.entity is None:
                continue
            entity = draft.entity(endpoint.entity)
            unseen = hidden(endpoint, entity, entities)
            endpoint.filters = [f for f in endpoint.filters if f not in unseen]
            fields = {f.name: f for f in entity.fields}
            found = draft.personal_found.get(entity.name)
            totals = endpoint.action == "aggregate"
            endpoint.filters = [
                f
                for f in endpoint.filters
                if not (totals and picks_out_person(found, entity, f.field, endpoint.roles))
                and (
                    not (restricted := fields[f.field].readers if f.field in fields else [])
                    or (endpoint.auth != "public" and endpoint.roles and set(endpoint.roles) <= set(restricted))
                )
            ]


def collection(entity_name: str) -> str:
    """The collection path of an entity, e.g. /v1/orders."""
    return f"/v1/{slug(plural(entity_name), 'items')}"


def caller(draft: Draft, use_case: UseCase) -> m.Caller:
    """How the caller of a use case proves who it is."""
    kind = actor_kind(draft.req, use_case)
    if kind == "integration":
        return "signature"
    if kind == "device":
        return "device"
    if kind == "service":
        return "service"
    return "public" if anonymous_read(draft, use_case) or anonymous_event(draft, use_case) else "user"


def anonymous_event(draft: Draft, use_case: UseCase) -> bool:
    """Whether a use case records what people do without signing in (a click, a view): a role that uses the system
    anonymously appends events. It takes no token; the server derives who and when, and the edge rate-limits it."""
    if not use_case.writes or not anonymous_role(draft.req, use_case.actor):
        return False
    return all(draft.req.entity(n).mutability == "append_only" for n in use_case.writes)


def _public_projection(draft: Draft, entity: Entity) -> bool:
    """Whether a record that refers to people (a video and its creator) may be shown to anyone: it is not about a
    person, and its personal fields are only links to people and what they wrote to publish (a title), no contact
    details or sensitive data."""
    found = draft.personal_found.get(entity.name)
    return found is not None and not found.person and all(k in ("link", "content") for k in found.fields.values())


def anonymous_read(draft: Draft, use_case: UseCase) -> bool:
    """Whether people may do a use case without signing in: a role that uses the system without an account reads
    what belongs to nobody in particular. What the use case is about (its lead record) is neither declared personal,
    nor about a person, nor the reader's own; the records beside it (a listing's seller) reach an anonymous caller
    only through the view for others, which carries none of their people's personal fields."""
    if use_case.writes or not use_case.reads or not anonymous_role(draft.req, use_case.actor):
        return False
    if "my" in words(use_case.name):
        return False
    lead = read_lead({e.name: e for e in draft.req.data.entities}, use_case)
    if lead.name in draft.personal and not _public_projection(draft, lead):
        return False
    return all(open_record(draft, use_case.actor or "", draft.req.entity(n)) for n in use_case.reads)


def open_record(draft: Draft, actor: str, entity: Entity) -> bool:
    """Whether an anonymous role may read an entity's records without a token: nothing declared personal, not the
    role's own record, and not records of its members (their bookings) unless published for everyone (comments)."""
    own = role_entity(draft.req, actor)
    if entity.pii or entity.name == own:
        return False
    acting = acting_field(draft.req, entity)
    mine = [f for f, k in entity.fields.items() if k.kind == "ref" and k.target == own and own is not None]
    owned = any(is_role_record(actor, f) or (acting and f == acting[0]) for f in mine)
    return not owned or _published(entity)


def _published(entity: Entity) -> bool:
    """Whether a record has a state in which everyone may see it (a visible comment, a published video)."""
    states = operation_words().reads.published_states
    return any(k.kind == "enum" and set(k.values) & states for k in entity.fields.values())


def read_action(use_case: UseCase, entity: Entity) -> str:
    """How a use case reads an entity: search, nearby, aggregate, list or get. A use case that looks for records
    or names many of them is carried by a query over the collection, never a read by id."""
    said = set(words(use_case.name))
    known = operation_words().reads
    if "search" in entity.access and said & known.search:
        return "search"
    if "geo" in entity.access and said & known.nearby:
        return "nearby"
    if said & known.aggregate:
        return "aggregate" if "aggregate" in entity.access else "list"
    if said & (known.search | known.collection):
        return "list"
    if re.search(rf"\b{re.escape(words_of(entity.name))}\b", " ".join(words(use_case.name))):
        return "get"  # it names one record of the entity (View post with comments)
    if _names_many(use_case):
        return "list"
    if said & verbs().read:
        return "get"
    return "list" if _listable(entity) else "get"


def _names_many(use_case: UseCase) -> bool:
    """Whether a use case's name speaks of many things (View arrivals and departures, Find recipes)."""
    singular = operation_words().reads.singular
    return any(
        len(w) > 3 and w.endswith("s") and w not in singular and english.singular(w) != w
        for w in words(use_case.name)[1:]
    )


def read_lead(req_entities: dict[str, Entity], use_case: UseCase) -> Entity:
    """The entity a reading use case is about: one with the aggregates it asks for, the one its name names, or
    for a search the one its access patterns let it query (full text, then a range such as dates)."""
    reads = [req_entities[n] for n in use_case.reads]
    said = set(words(use_case.name))
    known = operation_words().reads
    if said & known.aggregate:
        counted = [e for e in reads if "aggregate" in e.access]
        if counted:
            return counted[0]
    text = " ".join(words(use_case.name))
    named = [e for e in reads if re.search(rf"\b{re.escape(words_of(e.name))}s?\b", text)]
    if named:
        return named[0]
    if said & known.search:
        found = [e for e in reads if "search" in e.access] or [
            e for e in reads if any(a.startswith("range_") for a in e.access)
        ]
        if found:
            return found[0]
    return reads[0]


def _apart_from(endpoint: m.Endpoint, entity: str | None) -> bool:
    """Whether an operation searches another kind than a pattern's operation for the same use case does."""
    return endpoint.action == "search" and entity is not None and endpoint.entity not in (None, entity)


def _listable(entity: Entity) -> bool:
    return any(a != "by_id" for a in entity.access)


class _Planner:
    """Collects operations per owner service, then places them (merged by method and path)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.req = draft.req
        self.ops: dict[str, list[m.Endpoint]] = {}  # service → operations in the order planned
        self.entities = {e.name: e for e in self.req.data.entities}
        self.lifecycles = {e.name: lifecycle_of(self.req, e) for e in self.req.data.entities}

    def add(self, service: str, endpoint: m.Endpoint) -> m.Endpoint:
        for existing in self.ops.setdefault(service, []):
            if existing.method == endpoint.method and existing.path == endpoint.path:
                existing.use_cases += [u for u in endpoint.use_cases if u not in existing.use_cases]
                existing.roles += [r for r in endpoint.roles if r not in existing.roles]
                if existing.auth != endpoint.auth and "public" in (existing.auth, endpoint.auth):
                    # a read some use case needs without an account stays open; a token widens what it returns
                    # (the public use case was vetted to read nothing personal, and callers without a token get the
                    # view for others); a write keeps whichever caller it was planned for last
                    existing.auth = "public" if existing.method == "GET" else existing.auth
                elif existing.auth != endpoint.auth and endpoint.auth not in existing.other_callers:
                    existing.other_callers.append(endpoint.auth)  # people and other systems share it
                existing.async_ = existing.async_ or endpoint.async_
                return existing
        self.ops[service].append(endpoint)
        return endpoint

    def owner(self, entity: str) -> str:
        return self.draft.service_of(entity).name

    def _personal(self, entity: str) -> bool:
        return self.entities[entity].pii or entity in self.draft.personal

    # --- one use case ---------------------------------------------------------------------------------------

    def carry(self, use_case: UseCase) -> None:
        interaction = use_case.interaction
        if interaction == "scheduled":
            self._job(use_case)
            return
        if interaction == "webhook":
            self._webhook(use_case)
            return
        # where the platform signs people in, a sign-in use case is what they read once through it
        if signs_in(self.req, use_case) and edge_sign_in(self.draft) is None:
            sign_in(self, use_case)
            return
        if provisions(self.req, use_case):
            provision(self, use_case)
            return
        if interaction == "push":
            self._push(use_case)
            return
        if interaction == "stream":
            self._stream(use_case)
            return
        # the server writes the audit trail from the acting call: the client asks for the rest, never for it
        use_case = use_case.model_copy(update={"writes": acted_writes(use_case)})
        if use_case.reads and set(words(use_case.name)) & operation_words().reads.export and not self._plays(use_case):
            self._export(use_case)
        elif use_case.writes:
            self._write(use_case)
        elif use_case.reads:
            self._read(use_case)
        else:
            self._command(use_case)

    def _read_op(self, entity: Entity, action: str, use_case: str, auth: m.Caller, roles: list[str]) -> m.Endpoint:
        """A read operation whose filters never name the tenant (it comes from the token)."""
        endpoint = _read_endpoint(entity, action, use_case, auth, roles)
        endpoint.filters = [f for f in endpoint.filters if not is_tenant_key(self.draft, f.field)]
        return endpoint

    def _roles(self, use_case: UseCase) -> list[str]:
        return [use_case.actor] if use_case.actor else []

    def _write(self, use_case: UseCase) -> None:
        lead = self.entities[use_case.writes[0]]
        made = producer(self.req, lead.name)
        if made is not None and made.use_case.name == use_case.name:
            self.add(self.owner(lead.name), self._produce(use_case, made))
            return
        how = write_kind(use_case, lead)
        auth = caller(self.draft, use_case)
        if use_case.interaction == "batch":
            device = actor_kind(self.req, use_case) == "device" and self.draft.service(INGEST) is not None
            self.add(INGEST if device else self.owner(lead.name), _ingest(lead, use_case, auth))
            return
        service = self.owner(lead.name)
        moves = self.lifecycles[lead.name].moves(use_case.name, use_case.actor)
        if how.kind == "update" and lead.name in use_case.reads and _names_many(use_case):
            # it changes records it finds among many (Open notifications): it lists them too
            self.add(service, self._read_op(lead, "list", use_case.name, auth, self._roles(use_case)))
        for move in self.lifecycles[lead.name].named_for_others(use_case.name, use_case.actor):
            endpoint = self._transition_endpoint(use_case, lead, move, auth, True)
            endpoint.roles = list(move.roles)  # the step its name gives to them (a self-review)
            self.add(service, endpoint)
        if (
            how.kind == "update"
            and not moves
            and words(use_case.name)[:1]
            and words(use_case.name)[0] in verbs().on_existing
        ):
            self.add(service, self._asking(use_case, lead, auth))
            return
        if how.kind == "create" or not moves:
            self.add(
                service, self._write_endpoint(use_case, lead, "update" if how.kind == "transition" else how.kind, auth)
            )
            # what the maker does to the record afterwards (submit it, withdraw it)
            for move in moves:
                self.add(service, self._transition_endpoint(use_case, lead, move, auth, True))
            return
        for move in moves:
            self.add(service, self._transition_endpoint(use_case, lead, move, auth, len(moves) > 1))
        # a use case that changes the status only is its transitions; one that also edits keeps its PATCH
        if how.kind == "update" and not set(words(use_case.name)) & set(STATUS_FIELDS):
            self.add(service, self._write_endpoint(use_case, lead, "update", auth))

    def _produce(self, use_case: UseCase, made: Producer) -> m.Endpoint:
        """POST …/{parent id}/{verb}: a request for the work that produces records from the one they belong to
        (transcode a video). The worker makes them and sets what they hold; the client never writes one."""
        verb = slug(words(use_case.name)[0] if words(use_case.name) else "process", "process")
        return m.Endpoint(
            method="POST",
            path=f"{collection(made.parent)}/{{id}}/{verb}",
            operation_id=identifier(f"{verb} {made.parent}"),
            summary=use_case.name,
            action="command",
            idempotency_key=True,
            entity=made.entity,
            use_cases=[use_case.name],
            async_=True,
            status=202,
            auth=caller(self.draft, use_case),
            roles=self._roles(use_case),
            request=m.Body(description=f"Nothing beyond the {made.parent} named in the path.", fields=[]),
        )

    def _asking(self, use_case: UseCase, lead: Entity, auth: m.Caller) -> m.Endpoint:
        """POST …/{id}/{use case}: asking about a record (request more information, escalate) names the record in
        its path and says what is asked in its body; it edits none of the record's fields."""
        return m.Endpoint(
            method="POST",
            path=f"{collection(lead.name)}/{{id}}/{slug(use_case.name, 'act')}",
            operation_id=identifier(use_case.name),
            summary=use_case.name,
            action="command",
            idempotency_key=True,
            entity=lead.name,
            use_cases=[use_case.name],
            async_=use_case.async_,
            auth=auth,
            roles=self._roles(use_case),
            request=m.Body(
                description=f"What {use_case.name.lower()} asks, kept in the record's history.", fields=[ASKED]
            ),
        )

    def _transition_endpoint(
        self, use_case: UseCase | None, lead: Entity, move: m.Transition, auth: m.Caller, named: bool
    ) -> m.Endpoint:
        """POST …/{id}/{verb}: the caller moves the record, from the states the transition allows."""
        noun = pascal(lead.name)
        said = move.name.replace("-", " ")
        if use_case is None and "-" in move.name:
            # a name of several words is rarely a verb (driver-cancel, out-of-order): say where the move goes
            target = move.target.replace("_", " ")
            summary = f"Move {english.a(words_of(lead.name))} to {target}" + (f" ({said})" if said != target else "")
        elif use_case is None:
            summary = f"{said.capitalize()} {english.a(words_of(lead.name))}"
        else:
            summary = f"{use_case.name}: {said}" if named else use_case.name
        return m.Endpoint(
            method="POST",
            path=f"{collection(lead.name)}/{{id}}/{move.name}",
            operation_id=identifier(f"{move.name} {noun}"),
            summary=summary,
            action="transition",
            transition=move.name,
            idempotency_key=True,
            entity=lead.name,
            use_cases=[use_case.name] if use_case is not None else [],
            async_=use_case.async_ if use_case is not None else False,
            auth=auth,
            roles=self._roles(use_case) if use_case is not None else list(move.roles),
        )

    def _write_endpoint(self, use_case: UseCase, lead: Entity, kind: str, auth: m.Caller) -> m.Endpoint:
        base = collection(lead.name)
        noun = pascal(lead.name)
        common = {
            "entity": lead.name,
            "use_cases": [use_case.name],
            "async_": use_case.async_,
            "auth": auth,
            "roles": self._roles(use_case),
        }
        if kind == "delete":
            return m.Endpoint(
                method="DELETE",
                path=f"{base}/{{id}}",
                operation_id=identifier(f"delete {noun}"),
                summary=use_case.name,
                action="delete",
                **common,
            )
        clock = operation_words().fields.clock
        # the key (its id, the time a series is keyed by) never moves: a record with nothing else has nothing to patch
        key = set(self.draft.entity(lead.name).primary_key) | {"id"}
        if kind == "update" and not [n for n in lead.fields if n not in key and n not in clock]:
            # a record with nothing a caller could change is acted on, not patched
            return m.Endpoint(
                method="POST",
                path=f"{base}/{{id}}/{slug(use_case.name, 'act')}",
                operation_id=identifier(use_case.name),
                summary=use_case.name,
                action="command",
                **common,
            )
        if kind == "update":
            return m.Endpoint(
                method="PATCH",
                path=f"{base}/{{id}}",
                operation_id=identifier(f"update {noun}"),
                summary=use_case.name,
                action="update",
                **common,
            )
        # a record of a file is created with the URL its bytes go to, never with the bytes
        keyed = any(is_file_key(self.req, f) for f in lead.fields)
        uploads = keyed or ("upload" in words(use_case.name) and bool(self.req.data.files))
        return m.Endpoint(
            method="POST",
            path=base,
            operation_id=identifier(f"create {noun}"),
            summary=use_case.name,
            action="create",
            idempotency_key=True,
            link="upload" if uploads else None,
            **common,
        )

    def _read(self, use_case: UseCase) -> None:
        lead = read_lead(self.entities, use_case)
        auth = caller(self.draft, use_case)
        if self._plays(use_case):
            self.add(self.owner(lead.name), self._file_link(use_case, lead, auth))
            return
        view = view_of(use_case)
        if view is not None:  # a view of its own, never a page of rows or a stats operation shared with others
            read = self._read_op(lead, view.kind.action, use_case.name, auth, self._roles(use_case))
            self.add(self.owner(lead.name), self._by_group(use_case, shape_view(self.req, lead, view, read)))
            return
        action = read_action(use_case, lead)
        read = self._read_op(lead, action, use_case.name, auth, self._roles(use_case))
        self.add(self.owner(lead.name), self._by_group(use_case, read))
        self._named_searches(use_case, lead, auth)

    def _by_group(self, use_case: UseCase, endpoint: m.Endpoint) -> m.Endpoint:
        """A list read by a group (a team calendar) takes a filter on what says a record's group (the manager of
        the employee it is about), so one team's page never means paging through everyone's."""
        if endpoint.method != "GET" or endpoint.action not in ("list", "search") or endpoint.entity is None:
            return endpoint
        for group in groupings(self.req, use_case, endpoint.entity):
            if not narrows(group, [f.field for f in endpoint.filters]):
                field = group.fields[0]
                endpoint.filters.append(m.Filter(name=field.rpartition(".")[2], field=field, kind="eq"))
        return endpoint

    def _named_searches(self, use_case: UseCase, lead: Entity, auth: m.Caller) -> None:
        """A search for each other kind the use case names (Search people and hashtags: posts by their hashtags
        too), unless the lead's documents carry it (a listing its part); a kind named by a field is filtered by
        it."""
        parents = {k.target for k in lead.fields.values() if k.kind == "ref"}
        for kind in named_kinds(self.req, use_case):
            entity = self.entities[kind.entity]
            if kind.entity == lead.name or (kind.field is None and kind.entity in parents):
                continue
            indexed = self.draft.entity(entity.name).search_index is not None
            action = "search" if indexed else read_action(use_case, entity)
            read = self._read_op(entity, action, use_case.name, auth, self._roles(use_case))
            if kind.field is not None and kind.field not in {f.field for f in read.filters}:
                read.filters.append(m.Filter(name=kind.field, field=kind.field, kind="eq"))
            self.add(self.owner(entity.name), read)

    def _plays(self, use_case: UseCase) -> bool:
        """Whether a use case fetches a record's file (plays a video, downloads a document)."""
        said = set(words(use_case.name))
        lead = read_lead(self.entities, use_case) if use_case.reads else None
        return bool(said & operation_words().reads.playback) and lead is not None and files_of(self.req, lead)

    def _file_link(self, use_case: UseCase, lead: Entity, auth: m.Caller) -> m.Endpoint:
        """GET …/{id}/playback (or /download): the record with a short-lived signed URL for its file."""
        said = set(words(use_case.name))
        noun = "playback" if said & {"play", "playback", "watch", "listen"} else "download"
        return m.Endpoint(
            method="GET",
            path=f"{collection(lead.name)}/{{id}}/{noun}",
            operation_id=identifier(f"{noun} {pascal(lead.name)}"),
            summary=use_case.name,
            action="get",
            entity=lead.name,
            link="download",
            auth=auth,
            roles=self._roles(use_case),
            use_cases=[use_case.name],
        )

    def _export(self, use_case: UseCase) -> None:
        """An export is a job, not a request that waits: POST starts it with what to export, GET answers its
        status and, once it is done, a signed link to the file. A record the use case keeps of the run (a report
        run) is the job itself; anything else it writes (an audit entry) the job records."""
        auth = caller(self.draft, use_case)
        written = self.entities[use_case.writes[0]] if use_case.writes else None
        if written is not None and status_field(written) is not None and written.mutability != "append_only":
            service, lead, base = self.owner(written.name), written, collection(written.name)
            start = self._write_endpoint(use_case, written, "create", auth)
            start.async_, start.link = True, "export"
        else:
            lead = read_lead(self.entities, use_case)
            service, base = self.owner(lead.name), f"{collection(lead.name)}/exports"
            start = m.Endpoint(
                method="POST",
                path=base,
                operation_id=identifier(f"export {plural(lead.name)}"),
                summary=use_case.name,
                action="command",
                entity=lead.name,
                filters=list(self._read_op(lead, "list", "", auth, []).filters),
                link="export",
                async_=True,
                idempotency_key=True,
                auth=auth,
                roles=self._roles(use_case),
                use_cases=[use_case.name],
            )
        self.add(service, start)
        self.add(
            service,
            m.Endpoint(
                method="GET",
                path=f"{base}/{{id}}",
                operation_id=identifier(f"get {pascal(lead.name)} export"),
                summary=f"{use_case.name}: its status and download link",
                action="get",
                entity=lead.name,
                link="export",
                auth=auth,
                roles=self._roles(use_case),
                use_cases=[use_case.name],
            ),
        )

    def _command(self, use_case: UseCase) -> None:
        """A use case that keeps no data (it only calls out, or computes): one command operation of its own."""
        services = [s for s in self.draft.services if s.kind == "domain"] or self.draft.services
        if not services:
            return
        name = slug(use_case.name, "command")
        self.add(
            services[0].name,
            m.Endpoint(
                method="POST",
                path=f"/v1/{name}",
                operation_id=identifier(use_case.name),
                summary=use_case.name,
                action="command",
                async_=use_case.async_,
                auth=caller(self.draft, use_case),
                roles=self._roles(use_case),
                use_cases=[use_case.name],
            ),
        )

    def _stream(self, use_case: UseCase) -> None:
        """A stream arrives over a realtime connection (people) or the device gateway (devices), with a batch
        endpoint for catch-up after a disconnection."""
        kind = actor_kind(self.req, use_case)
        lead = self.entities[use_case.writes[0]] if use_case.writes else None
        channel = self._device_channel() if kind == "device" else self._live_channel()
        message = m.RealtimeMessage(
            name=pascal(use_case.name),
            direction="from-client",
            entity=lead.name if lead else None,
            description=f"{use_case.name}: {count(use_case.batch_size, 'record')} per message",
        )
        _add_message(channel, message)
        if use_case.name not in channel.use_cases:
            channel.use_cases.append(use_case.name)
        if use_case.actor and use_case.actor not in channel.audience:
            channel.audience.append(use_case.actor)
        if lead is not None:
            target = INGEST if kind == "device" and self.draft.service(INGEST) else self.owner(lead.name)
            self.add(target, _ingest(lead, use_case, caller(self.draft, use_case)))

    def _push(self, use_case: UseCase) -> None:
        kind = actor_kind(self.req, use_case)
        delivery = self.draft.applied(protocols().webhooks.pattern)
        if kind in ("service", "integration") and delivery and use_case.name in delivery.bound.get("delivering", []):
            return  # a server receives webhooks: the delivery service POSTs them over HTTPS, no held connection
        lead = use_case.reads[0] if use_case.reads else (use_case.writes[0] if use_case.writes else None)
        if by_notification(self.req, use_case):
            channel = self._mobile_channel(use_case)
        elif kind == "device":
            channel = self._device_channel()
        else:
            channel = self._live_channel()
        # a notification leaves through a provider and shows on a locked screen: the record's id only
        notice = list(notifications().notification.fields) if channel.protocol == "mobile-push" else None
        _add_message(
            channel,
            m.RealtimeMessage(
                name=pascal(use_case.name),
                direction="to-client",
                entity=lead,
                description=use_case.description or use_case.name,
                fields=notice if notice is not None else self._shown(use_case, lead),
            ),
        )
        for name in subjects(self.draft, use_case):
            if name != lead:  # each change the use case names reaches the client as a message of its own
                _add_message(
                    channel,
                    m.RealtimeMessage(
                        name=f"{pascal(name)}Changed",
                        direction="to-client",
                        entity=name,
                        description=f"{name} added ({use_case.name}); removals and edits are not pushed"
                        if channel.protocol == "mobile-push"
                        else f"{name} added, changed or removed ({use_case.name})",
                        fields=notice,
                    ),
                )
        if use_case.name not in channel.use_cases:
            channel.use_cases.append(use_case.name)
        if use_case.actor and use_case.actor not in channel.audience:
            channel.audience.append(use_case.actor)
        if channel.protocol == "mobile-push":
            self._device_tokens(channel)

    def _shown(self, use_case: UseCase, lead: str | None) -> list[str] | None:
        """What a live message carries: its record, and what the use case names for the screen (position, ETA,
        status) that the record lacks, from another record it reads or computed when sent; None: the record."""
        if lead is None:
            return None
        own = list(self.entities[lead].fields)
        extra: list[str] = []
        for concept in named_concepts(f"{use_case.name} {use_case.description}"):
            if any(concept.holds(f) for f in own):
                continue
            found = [
                f"{other}.{f}"
                for other in use_case.reads
                if other != lead and other in self.entities
                for f in self.entities[other].fields
                if concept.holds(f)
            ]
            extra += found or ([concept.computed.name] if concept.computed else [])
        return own + extra if extra else None

    def _webhook(self, use_case: UseCase) -> None:
        integration = use_case.actor or "provider"
        lead = use_case.writes[0] if use_case.writes else (use_case.reads[0] if use_case.reads else None)
        service = self.owner(lead) if lead else self.draft.services[0].name
        kept = keeper(self.draft.services, self.draft.entities)
        if kept is not None and any(u is use_case for u, _ in feeds([use_case], self.draft.req.integrations)):
            service = kept[0]  # a general-ledger feed summarises the journal: the service that keeps it runs it
        if arbitrary_sender(self.req, integration, use_case):
            self._incoming(use_case, integration, lead, service)
            return
        path = f"/v1/webhooks/{slug(integration, 'provider')}"
        existing = [e for ops in self.ops.values() for e in ops if e.path == path]
        if existing:
            endpoint = existing[0]
            if use_case.name not in endpoint.use_cases:
                endpoint.use_cases.append(use_case.name)
            return
        body = notification_body(self.req, integration)
        self.add(
            service, signed_webhook(path, f"receive {integration} events", integration, lead, [use_case.name], body)
        )

    def _incoming(self, use_case: UseCase, integration: str, lead: str | None, service: str) -> None:
        """Apps that post into the system (CI, monitors) each get a URL of their own for one target record, made,
        rotated and revoked by the people who keep that record; its secret token proves the post, whose body
        names what it posts."""
        target = posting_target(self.req, use_case)
        path = f"/v1/webhooks/{slug(integration, 'provider')}/{{hook}}"  # an unguessable id, issued once
        body = posted_body(self.req, use_case, target)
        endpoint = signed_webhook(path, f"post {integration}", integration, lead, [use_case.name], body)
        endpoint.summary = f"Post through an incoming webhook ({integration})"
        self.add(service, endpoint)
        if target is None or target not in self.entities:
            return
        makers = [e for ops in self.ops.values() for e in ops if e.entity == target and e.action == "create"]
        roles = (
            sorted({r for e in makers for r in e.roles})
            or [r.name for r in self.req.users.roles if r.kind == "person"][:1]
        )
        base = f"{collection(target)}/{{id}}"
        for method, tail, summary, action, answer in keeping_webhooks(target, roles):
            self.add(
                self.owner(target),
                m.Endpoint(
                    method=method,
                    path=f"{base}/{tail}",
                    operation_id=identifier(f"{summary.split()[0]} {target} incoming webhook"),
                    summary=summary,
                    action=action,
                    entity=target,
                    auth="user",
                    roles=roles,
                    use_cases=[],
                    response=answer,
                    status=201 if method == "POST" and not tail.endswith("rotate") else (200 if answer else 204),
                ),
            )

    def _job(self, use_case: UseCase) -> None:
        lead = use_case.writes[0] if use_case.writes else (use_case.reads[0] if use_case.reads else None)
        service = self.owner(lead) if lead else self.draft.services[0].name
        kept = keeper(self.draft.services, self.draft.entities)
        if kept is not None and any(u is use_case for u, _ in feeds([use_case], self.draft.req.integrations)):
            service = kept[0]  # a general-ledger feed summarises the journal: the service that keeps it runs it
        self.draft.jobs.append(
            m.Job(
                name=use_case.name,
                schedule=schedule(runs_per_day(use_case)),
                service=service,
                use_case=use_case.name,
                description=use_case.description or use_case.name,
            )
        )

    # --- channels ---------------------------------------------------------------------------------------------

    def _channel(self, name: str) -> m.RealtimeChannel | None:
        return next((c for c in self.draft.realtime if c.name == name), None)

    def _live_channel(self) -> m.RealtimeChannel:
        name = "live updates"
        channel = self._channel(name)
        if channel is None:
            service = REALTIME if self.draft.service(REALTIME) else self.draft.services[0].name
            channel = m.RealtimeChannel(
                name=name,
                protocol="websocket",
                technology=self.draft.catalog["realtime-gateway"],
                service=service,
                audience=[],
                address="wss://…/v1/live (one connection per signed-in client)",
                authentication="the user's access token on connect, re-checked when it expires; each subscription is "
                "authorised against the records the user may read",
                delivery="at-least-once with a per-record sequence number: clients drop duplicates and, after a "
                "reconnect, resume from the last sequence they saw; updates a disconnected client missed are fetched "
                "with the read operations",
                messages=[
                    m.RealtimeMessage(
                        name="Heartbeat",
                        direction="to-client",
                        description="every 25 s, so proxies keep the connection open",
                    )
                ],
            )
            self.draft.realtime.append(channel)
        return channel

    def _device_channel(self) -> m.RealtimeChannel:
        name = "device telemetry"
        channel = self._channel(name)
        if channel is None:
            service = INGEST if self.draft.service(INGEST) else self.draft.services[0].name
            channel = m.RealtimeChannel(
                name=name,
                protocol="mqtt",
                technology=self.draft.catalog["device-gateway"],
                service=service,
                audience=[],
                address="mqtts://…:8883, topic devices/{device_id}/telemetry (publish) and devices/{device_id}/"
                "commands (subscribe)",
                authentication="a per-device X.509 certificate (mutual TLS) issued at provisioning; the topic policy "
                "lets a device publish and subscribe only under its own id; certificates are revoked, not passwords",
                delivery="QoS 1 (at-least-once): devices buffer readings while offline and resend them with their "
                "original timestamps; the ingest service de-duplicates on (device, measured_at); reconnects are "
                "spread with jittered backoff so an outage does not end in a reconnect storm",
                messages=[],
            )
            self.draft.realtime.append(channel)
        return channel

    def _mobile_channel(self, use_case: UseCase) -> m.RealtimeChannel:
        name = "mobile notifications"
        channel = self._channel(name)
        if channel is None:
            providers = [i.name for i in self.req.integrations if re.search(r"push|apns|fcm", i.kind + i.name, re.I)]
            lead = use_case.reads[0] if use_case.reads else None
            service = self.owner(lead) if lead else self.draft.services[0].name
            channel = m.RealtimeChannel(
                name=name,
                protocol="mobile-push",
                technology=providers[0] if providers else self.draft.catalog["mobile-push"],
                service=service,
                audience=[],
                address="APNs and FCM, addressed by the device tokens the apps register",
                authentication="the provider's server credentials held in the secrets store; device tokens are bound "
                "to the signed-in user and removed when the provider reports them invalid",
                delivery="best effort through the provider: a notification carries no personal data beyond a short "
                "title and the id to open; the app fetches the details over the API; "
                f"{_grouping()}",
                messages=[],
            )
            self.draft.realtime.append(channel)
        return channel

    def _device_tokens(self, channel: m.RealtimeChannel) -> None:
        """Phones register the token push providers address them by, with the service that owns the record tokens
        are kept in (the only writer of it; the notifying service reads them from there), else with the notifier."""
        holder = device_token_holder(self.req)
        service = self.owner(holder) if holder else channel.service
        self.add(
            service,
            m.Endpoint(
                method="PUT",
                path="/v1/me/devices/{device_id}",
                operation_id=m.PUSH_REGISTRATION,
                summary="Register this device for push notifications: its provider token in the body, never the URL",
                action="command",
                entity=holder,
                auth="user",
                roles=channel.audience[:],
                use_cases=[],
            ),
        )
        self.add(
            service,
            m.Endpoint(
                method="DELETE",
                path="/v1/me/devices/{device_id}",
                operation_id="unregisterPushToken",
                summary="Stop push notifications to this device",
                action="command",
                entity=holder,
                auth="user",
                roles=channel.audience[:],
                use_cases=[],
            ),
        )

    # --- guarantees -------------------------------------------------------------------------------------------

    def owner_operations(self) -> None:
        """An owner that another service asks to write its part during a request offers the operation for it:
        the caller never writes the owner's store itself."""
        from archgen.architects.rules.ownership import writes

        for use_case in self.req.use_cases:
            if use_case.interaction != "request" or not use_case.writes:
                continue
            carrier = self.owner(use_case.writes[0])
            for part in writes(self.draft, use_case, carrier):
                if part.mode != "call":
                    continue
                # one operation writes the owner's whole part, in its own transaction
                entity = self.entities[part.entities[0]]
                how = write_kind(use_case, entity)
                offered = self.ops.get(part.owner, [])
                if any(e.entity in part.entities and e.action in (how.kind, "command") for e in offered):
                    continue
                endpoint = self._write_endpoint(
                    use_case, entity, "update" if how.kind == "transition" else how.kind, "service"
                )
                endpoint.use_cases, endpoint.roles = [], []
                endpoint.summary = f"{use_case.name}: the {carrier} service has {words_of(entity.name)} recorded"
                self.add(part.owner, endpoint)

    def creatable_entities(self) -> None:
        """An entity people create can also be listed and read back; one that is read by id can be fetched."""
        for entity in self.req.data.entities:
            makers = [
                u
                for u in self.req.use_cases
                if entity.name in u.writes[:1]
                and write_kind(u, entity).kind == "create"
                and actor_kind(self.req, u) == "person"
            ]
            service = self.owner(entity.name)
            readers = [u for u in self.req.use_cases if entity.name in u.reads]
            # what an anonymous use case reads beside its lead is open too (through the view for others)
            opened = [u for u in readers if anonymous_read(self.draft, u)]
            shown = entity.name not in self.draft.personal or about_people(self.draft, entity)
            shown = shown or _public_projection(self.draft, entity)  # what it shows of people is theirs to show
            opened = [u for u in opened if shown and open_record(self.draft, u.actor or "", entity)]
            auth: m.Caller = "public" if opened else "user"
            people = {r.name for r in self.req.users.roles}
            # an anonymous maker of events (a click) has no identity to read them back by
            makers = [u for u in makers if not anonymous_event(self.draft, u)]
            roles = sorted({u.actor for u in [*makers, *readers] if u.actor in people})
            if makers:
                self.add(service, self._read_op(entity, "list", "", auth, roles))
                self.add(service, self._read_op(entity, "get", "", auth, roles))
                continue
            people_read = [u for u in readers if actor_kind(self.req, u) == "person"]
            served = [e for e in self.ops.get(service, []) if e.entity == entity.name and e.method == "GET"]
            if readers and "by_id" in entity.access and not served:
                self.add(service, self._read_op(entity, "get", "", auth, roles))
            # the questionnaire says how people find these records (by a field, newest first, by a range): a list
            # operation serves that, or the index behind it would serve nobody
            found_by = [a for a in entity.access if a.startswith(("by_", "range_", "recent")) and a != "by_id"]
            if people_read and found_by and not any(e.action in ("list", "search", "aggregate") for e in served):
                self.add(service, self._read_op(entity, "list", "", auth, roles))

    def named_makes(self) -> None:
        """A person's request that makes a record naming another it also makes (a booking for a guest new to the
        hotel) can make that one too: where nothing else creates it, its collection takes a create the same
        callers may use, so the client makes it first and names it."""
        made = {
            e.entity for ops in self.ops.values() for e in ops if e.action in MAKERS and e.entity and "{" not in e.path
        }
        for use_case in self.req.use_cases:
            if use_case.interaction != "request" or actor_kind(self.req, use_case) != "person" or not use_case.writes:
                continue
            lead = self.entities[use_case.writes[0]]
            if write_kind(use_case, lead).kind != "create":
                continue
            named = {k.target for k in lead.fields.values() if k.kind == "ref"}
            for other in (n for n in use_case.writes[1:] if n in named and n not in made):
                entity = self.entities[other]
                endpoint = self._write_endpoint(use_case, entity, "create", caller(self.draft, use_case))
                endpoint.summary = f"{use_case.name}: add the {words_of(other)} it names"
                self.add(self.owner(other), endpoint)

    def undoing(self) -> None:
        """What people make and may take back (a follow, a like, a subscription) can be deleted by them: the
        use case's verb has an inverse (unfollow), or the record only links the maker to another record."""
        inverse = verbs().inverse
        for use_case in self.req.use_cases:
            if not use_case.writes or actor_kind(self.req, use_case) != "person" or use_case.interaction != "request":
                continue
            lead = self.entities[use_case.writes[0]]
            if write_kind(use_case, lead).kind != "create" or lead.mutability == "append_only":
                continue
            said = words(use_case.name)
            verb = next((w for w in said if w in inverse), None)
            named = next((w for w in said if w in verbs().delete), None)
            undo = named or (inverse[verb] if verb else None) or ("remove" if _links(self.req, lead) else None)
            if undo is None:
                continue
            self.add(
                self.owner(lead.name),
                m.Endpoint(
                    method="DELETE",
                    path=f"{collection(lead.name)}/{{id}}",
                    operation_id=identifier(f"delete {pascal(lead.name)}"),
                    summary=f"{undo[:1].upper()}{undo[1:]} (delete {english.a(words_of(lead.name))})",
                    action="delete",
                    entity=lead.name,
                    auth="user",
                    roles=self._roles(use_case),
                    use_cases=[use_case.name],
                ),
            )

    def staff_transitions(self) -> None:
        """Transitions people make that no operation performs yet get one of their own: those no use case names
        (suspending, blocking), and those a use case about another record names (the adjuster who writes the
        assessment also moves the claim to assessed: POST /v1/claims/{id}/assess). Writing the other record does
        not say which record it moves or that it moves one, so the step is a command on the record itself."""
        people = {r.name for r in self.req.users.roles if r.kind == "person"}
        cases = {u.name: u for u in self.req.use_cases}
        for name, lifecycle in self.lifecycles.items():
            if lifecycle.machine is None:
                continue
            lead = self.entities[name]
            done = {e.transition for ops in self.ops.values() for e in ops if e.entity == name and e.transition}
            for move in lifecycle.machine.transitions:
                if move.name in done or not set(move.roles) & people:
                    continue
                endpoint = self._transition_endpoint(cases.get(move.use_case or ""), lead, move, "user", True)
                endpoint.roles = [r for r in move.roles if r in people]  # a system's share is done by the server
                self.add(self.owner(name), endpoint)

    def inbound_integrations(self) -> None:
        """Every system that calls in gets a signed, idempotent webhook endpoint outside user authentication."""
        for integration in self.req.integrations:
            # an identity provider reaches the sign-in endpoints and SCIM, never a webhook
            if integration.direction == "outbound" or identity_provider(integration.kind, integration.name):
                continue
            path = f"/v1/webhooks/{slug(integration.name, 'provider')}"
            if any(e.path == path or e.path.startswith(f"{path}/") for ops in self.ops.values() for e in ops):
                continue
            users = [u for u in self.req.use_cases if integration.name in u.calls]
            lead = next((n for u in users for n in [*u.writes, *u.reads]), None)
            service = self.owner(lead) if lead else self.draft.services[0].name
            body = notification_body(self.req, integration.name)
            self.add(
                service, signed_webhook(path, f"receive {integration.name} events", integration.name, lead, [], body)
            )

    def erasure(self) -> None:
        """Where people may ask for their data to be erased and handed over (a regime gives the right, or people
        outside the organisation are kept data about), every kind of person the system keeps can ask for both, by
        asynchronous requests keyed by the person (never one of their records) that honour legal holds: the person
        for their own record, and privacy staff for anyone's; no other staff may."""
        from archgen.architects.rules.stores import custodians_of, subject_roles
        from archgen.design.person_keys import person_keys
        from archgen.design.subject_rights import may_erase, rights_apply
        from archgen.knowledge.subject_rights import subject_rights
        from archgen.knowledge.wiring import wiring

        keyed = person_keys(self.req, self.draft.entities)  # records naming their maker hold personal data too
        personal = [e for e in self.req.data.entities if e.pii or e.name in self.draft.personal or e.name in keyed]
        if not rights_apply(self.req, bool(personal)):
            return
        people = [e for e in personal if _is_person(e)]
        roles = {r.name: r for r in self.req.users.roles}
        privacy = [r for r, role in roles.items() if role.kind == "person" and role.internal and may_erase(self.req, r)]
        paths = subject_rights().paths
        subjects: list[Entity | None] = [*people] or [None]
        for entity in subjects:
            keepers: list[str] = []
            carried = _person_key(personal)
            if entity is None and carried is not None:  # no record of the person, but records carry their id
                holder, person = carried
                selves, owner = [], self.owner(holder)
                base = f"{collection(''.join(w.title() for w in person))}/{{id}}"
            elif entity is None:  # no record of the person: the signed-in person asks for their own data
                people_roles = [r for r, role in roles.items() if role.kind == "person"]
                selves, base, owner = people_roles, "/v1/me", self.owner(personal[0].name)
            else:
                keepers = [r for r in custodians_of(self.draft, entity) if r in roles and may_erase(self.req, r)]
                selves = [r for r in subject_roles(self.draft, entity) if r not in keepers]
                selves = [r for r in selves if roles[r].kind == "person"]
                base, owner = f"{collection(entity.name)}/{{id}}", self.owner(entity.name)
            callers = list(dict.fromkeys([*selves, *keepers, *privacy]))
            said = (
                english.a(words_of(entity.name))
                if entity
                else english.a(" ".join(carried[1]))
                if carried
                else "the caller"
            )
            for right, segment, summary in (
                ("erasure", paths.erasure, f"Request erasure of {said}'s personal data"),
                ("export", paths.export, f"Request an export of {said}'s personal data"),
            ):
                self.add(
                    owner,
                    m.Endpoint(
                        method="POST",
                        path=f"{base}/{segment}",
                        operation_id=identifier(
                            f"request {right} of {said.split(' ', 1)[-1] if entity or carried else 'my data'}"
                        ),
                        summary=summary,
                        action="command",
                        entity=entity.name if entity else None,
                        async_=True,
                        idempotency_key=True,
                        # with no one to ask in the system, the operator's privacy tooling does, over mutual TLS
                        auth="user" if callers else "service",
                        roles=callers,
                        use_cases=[],
                    ),
                )
                follow = wiring().followed
                self.add(
                    owner,
                    m.Endpoint(
                        method="GET",
                        path=f"{base}/{segment}/{{request_id}}",
                        operation_id=identifier(f"follow {right} request of {said.split(' ', 1)[-1]}")[:60],
                        summary=follow.summary.format(
                            request=f"{english.a(right)} request", outcome=follow.outcomes[right]
                        ),
                        action="get",
                        entity=entity.name if entity else None,
                        auth="user" if callers else "service",
                        roles=callers,
                        use_cases=[],
                    ),
                )

    def pattern_operations(self) -> None:
        from archgen.architects.rules.patterns import listed, text

        for found in self.draft.patterns:
            for spec in found.pattern.contributes.operations:
                service = text(self.draft, found, spec.service)
                if self.draft.service(service) is None or not found.allows(spec):
                    continue
                use_cases = listed(self.draft, found, spec.use_case) if spec.use_case else []
                # of several bound entities, the one the use cases read first (searching listings, not parts)
                bound = [e for e in listed(self.draft, found, spec.entity) if e in self.entities] if spec.entity else []
                reads = [n for u in self.req.use_cases if u.name in use_cases for n in u.reads]
                entity = next((n for n in reads if n in bound), bound[0] if bound else None)
                path = text(self.draft, found, spec.path)
                summary = text(self.draft, found, spec.summary)
                action = spec.action if spec.action in m.Action.__args__ else "command"  # type: ignore[attr-defined]
                roles = listed(self.draft, found, spec.roles) if spec.roles else []
                if spec.replace:  # the generic operations stay, but no longer claim these use cases
                    # (a search of another kind the use case names still serves it: suggestions of vehicles)
                    for endpoint in (e for ops in self.ops.values() for e in ops if not _apart_from(e, entity)):
                        endpoint.use_cases = [u for u in endpoint.use_cases if u not in use_cases]
                self.add(
                    service,
                    m.Endpoint(
                        method=spec.method,
                        path=path,
                        operation_id=identifier(summary)[:60],
                        summary=summary,
                        action=action,
                        entity=entity,
                        auth=spec.auth,
                        roles=roles,
                        idempotency_key=spec.method == "POST",
                        async_=spec.asynchronous,
                        use_cases=use_cases,
                        request=_stated_body(summary, spec.request),
                    ),
                )
                self.draft.credit(found.pattern.id, f"operation {spec.method} {path}")
            for rt in found.pattern.contributes.realtime:
                service = text(self.draft, found, rt.service)
                if self.draft.service(service) is None or not found.allows(rt):
                    continue
                name = text(self.draft, found, rt.name)
                channel = self._channel(name)
                if channel is None:
                    channel = m.RealtimeChannel(
                        name=name,
                        protocol=rt.protocol,
                        technology=self.draft.catalog[rt.role],
                        service=service,
                        audience=listed(self.draft, found, rt.audience),
                        address=text(self.draft, found, rt.address),
                        authentication=text(self.draft, found, rt.authentication),
                        delivery=text(self.draft, found, rt.delivery),
                        use_cases=listed(self.draft, found, rt.use_cases) if rt.use_cases else [],
                    )
                    self.draft.realtime.append(channel)
                for message in (x for x in rt.messages if found.allows(x)):
                    _add_message(
                        channel,
                        m.RealtimeMessage(
                            name=text(self.draft, found, message.name),
                            direction=message.direction,
                            entity=text(self.draft, found, message.entity) if message.entity else None,
                            description=text(self.draft, found, message.description),
                        ),
                    )
                self.draft.credit(found.pattern.id, f"realtime channel {name}")
            for job in found.pattern.contributes.jobs:
                service = text(self.draft, found, job.service)
                if self.draft.service(service) is None or not found.allows(job):
                    continue
                name = text(self.draft, found, job.name)
                if not any(j.name == name for j in self.draft.jobs):
                    self.draft.jobs.append(
                        m.Job(
                            name=name,
                            schedule=text(self.draft, found, job.schedule),
                            service=service,
                            description=text(self.draft, found, job.description),
                        )
                    )
                self.draft.credit(found.pattern.id, f"job {name}")

    def follow_accepted(self) -> None:
        """A record accepted for later (202 with a Location) can be read by its id: the client follows the Location
        to see whether it was made, whichever step planned the create."""
        gets = {e.entity for ops in self.ops.values() for e in ops if e.method == "GET" and e.action == "get"}
        for ops in list(self.ops.values()):
            for endpoint in list(ops):
                if (
                    endpoint.method == "POST"
                    and endpoint.action == "create"
                    and (endpoint.async_ or endpoint.status == 202)
                    and endpoint.entity in self.entities
                    and endpoint.entity not in gets
                    and not endpoint.batch
                ):
                    entity = self.entities[endpoint.entity]
                    self.add(self.owner(entity.name), self._read_op(entity, "get", "", endpoint.auth, endpoint.roles))
                    gets.add(entity.name)

    def file_links(self) -> None:
        """A record that keys a private file is uploaded by every role whose use case files one (makes the record,
        or attaches it beside its own), and fetched by every role whose use case reads it: a short-lived signed
        URL, answered by GET …/{id}/download after the same access check as the record itself."""
        for entity in self.req.data.entities:
            if not keeps_private_file(self.req, entity.name, entity.fields):
                continue
            service = self.owner(entity.name)
            planned = [e for e in self.ops.get(service, []) if e.entity == entity.name]
            makers = [u for u in self.req.use_cases if files_record(self.req, u, entity)]
            upload = next((e for e in planned if e.link == "upload" and e.method == "POST"), None)
            # the role is admitted, not the use case: that is carried by its own operation, the file put beside it
            for maker in makers:
                if upload is not None and maker.actor and maker.actor not in upload.roles:
                    upload.roles.append(maker.actor)
            exports = operation_words().reads.export
            readers = [
                u
                for u in self.req.use_cases
                if entity.name in u.reads
                and actor_kind(self.req, u) == "person"
                and not set(words(u.name)) & exports  # an export hands out its own link
            ]
            if not readers:
                continue
            self.add(
                service,
                m.Endpoint(
                    method="GET",
                    path=f"{collection(entity.name)}/{{id}}/download",
                    operation_id=identifier(f"download {pascal(entity.name)}"),
                    summary=f"Fetch {english.a(words_of(entity.name))}'s file",
                    action="get",
                    entity=entity.name,
                    link="download",
                    roles=sorted({u.actor for u in readers if u.actor}),
                    # it carries no use case of its own: each is carried by its read, the file fetched beside it
                    use_cases=[],
                ),
            )

    def place(self) -> None:
        """Give every service its operations, with unique operation ids."""
        for service in self.draft.services:
            endpoints = self.ops.get(service.name, [])
            ids = unique_slugs((f"{e.method} {e.path}" for e in endpoints), "op")
            seen: set[str] = set()
            for endpoint in endpoints:
                if endpoint.operation_id in seen:
                    endpoint.operation_id = identifier(ids[f"{endpoint.method} {endpoint.path}"])
                seen.add(endpoint.operation_id)
            service.endpoints = endpoints


def _stated_body(summary: str, fields: tuple[BodyFieldSpec, ...]) -> m.Body | None:
    """The body a contributed operation states: what its summary says the caller names."""
    if not fields:
        return None
    stated = [m.BodyField(name=f.name, type=f.type, description=f.description, required=True) for f in fields]
    return m.Body(description=f"What the caller sends to {summary[:1].lower()}{summary[1:]}.", fields=stated)


def _add_message(channel: m.RealtimeChannel, message: m.RealtimeMessage) -> None:
    if not any(x.name == message.name and x.direction == message.direction for x in channel.messages):
        channel.messages.append(message)


def _links(req: Requirements, entity: Entity) -> bool:
    """Whether a record only links its maker to another record (a like, a follow, a subscription): besides its
    id, times, flags and choices it holds nothing but references, and one of them is its maker."""
    content = {
        n: k for n, k in entity.fields.items() if n != "id" and k.kind not in ("timestamp", "date", "bool", "enum")
    }
    refs = [n for n, k in content.items() if k.kind == "ref"]
    lifecycle = status_field(entity) is not None
    return not lifecycle and len(refs) >= 2 and len(refs) == len(content) and acting_field(req, entity) is not None


def _person_key(personal: list[Entity]) -> tuple[str, list[str]] | None:
    """The first personal record that carries a person's id as a plain value (a receipt's loyalty_member_id): the
    entity and the words naming that person, by whom an erasure or export is asked when no record of them exists."""
    from archgen.requirements.personal import name_words, vocabulary

    people = set(vocabulary().person_entities)
    for entity in personal:
        for name, kind in entity.fields.items():
            words = name_words(name)
            if kind.kind == "string" and words[-1:] == ["id"] and len(words) > 1 and words[-2] in people:
                return entity.name, words[:-1]
    return None


def _is_person(entity: Entity) -> bool:
    from archgen.requirements.personal import is_person

    return is_person(entity.name)


def _ingest(entity: Entity, use_case: UseCase, auth: m.Caller) -> m.Endpoint:
    """A batch upload: many records in one call, accepted (202) and processed from the log."""
    return m.Endpoint(
        method="POST",
        path=f"{collection(entity.name)}/batches",
        operation_id=identifier(f"upload {plural(entity.name)}"),
        summary=use_case.name,
        action="ingest",
        entity=entity.name,
        batch=True,
        async_=True,
        idempotency_key=True,
        auth=auth,
        roles=[use_case.actor] if use_case.actor else [],
        use_cases=[use_case.name],
    )


@dataclass(frozen=True)
class _Read:
    """How one kind of read reads as an operation: its path under the collection, its id and its summary."""

    suffix: str
    operation: str  # {noun} / {nouns} stand for the entity's names
    summary: str  # {thing} / {things} stand for the entity in words
    filters: str = "all"  # all, eq (exact matches only) or none
    paginated: bool = True


READS = {
    "search": _Read("/search", "search {nouns}", "Search {things}", filters="eq"),
    "nearby": _Read("/nearby", "nearby {nouns}", "{Things} near a point", filters="none"),
    "aggregate": _Read("/stats", "{noun} stats", "Counts and totals of {things}", paginated=False),
    "list": _Read("", "list {nouns}", "List {things}"),
    "get": _Read("/{{id}}", "get {noun}", "Get {a_thing} by id", filters="none", paginated=False),
}


def _read_endpoint(entity: Entity, action: str, use_case: str, auth: m.Caller, roles: list[str]) -> m.Endpoint:
    read = READS.get(action, READS["get"])
    thing = words_of(entity.name)
    names = {
        "noun": pascal(entity.name),
        "nouns": pascal(plural(entity.name)),
        "thing": thing,
        "things": english.plural(thing),
        "Things": english.plural(thing).capitalize(),
        "a_thing": english.a(thing),
    }
    filters = [
        m.Filter(name=a[3:], field=a[3:], kind="eq") for a in entity.access if a.startswith("by_") and a != "by_id"
    ]
    filters += [m.Filter(name=a[6:], field=a[6:], kind="range") for a in entity.access if a.startswith("range_")]
    chosen = {"all": filters, "eq": [f for f in filters if f.kind == "eq"], "none": []}[read.filters]
    return m.Endpoint(
        method="GET",
        path=collection(entity.name) + read.suffix.format(**names),
        operation_id=identifier(read.operation.format(**names)),
        summary=use_case or read.summary.format(**names),
        action=action if action in READS else "get",
        entity=entity.name,
        filters=chosen,
        paginated=read.paginated,
        sort=_recency_field(entity) if action == "list" and "recent" in entity.access else None,
        auth=auth,
        roles=roles,
        use_cases=[use_case] if use_case else [],
    )


def _recency_field(entity: Entity) -> str:
    """The timestamp that orders an entity newest first: created_at when it has one, else its first timestamp."""
    times = [name for name, kind in entity.fields.items() if kind.kind in ("timestamp", "date")]
    return "created_at" if "created_at" in times or not times else times[0]


def _decide_api_style(draft: Draft) -> None:
    req = draft.req
    realtime = [c.name for c in draft.realtime]
    options = [
        option(
            "REST over HTTPS with OpenAPI 3.1",
            "Resource-oriented JSON APIs described by OpenAPI documents.",
            [
                "every client, proxy and tool understands it",
                "HTTP caching, status codes and idempotency keys",
                "contracts are checked in CI and generate clients",
            ],
            ["chatty for deeply nested reads", "versioning needs discipline"],
        ),
        option(
            "GraphQL",
            "One endpoint where clients ask for exactly the fields they need.",
            ["flexible reads for varied front ends"],
            ["caching and rate limiting by query cost are harder", "N+1 queries on the server side"],
        ),
        option(
            "gRPC",
            "Binary RPC with Protocol Buffers.",
            ["efficient service-to-service calls", "strict contracts"],
            ["browsers need a proxy", "less readable in review and debugging"],
        ),
    ]
    machine = sorted({r.kind for r in req.users.roles if r.kind != "person"})
    callers = [people_clients(draft)] + [k + "s" for k in machine]
    clients = join([c for c in callers if c]) or "other systems"
    decision_id = draft.decide(
        title="API style and conventions",
        context=f"Callers are {clients}"
        + (f" and {count(len(req.integrations), 'external system')}" if req.integrations else "")
        + (f"; live updates travel over {', '.join(realtime)}" if realtime else "")
        + ".",
        options=options,
        decision="REST over HTTPS with OpenAPI 3.1",
        rationale=f"The callers are {clients}"
        + (" and external systems" if req.integrations else "")
        + ": REST with OpenAPI is what all of them speak, caches at every layer and is reviewable as a contract"
        + (
            "; the realtime channels are described separately (AsyncAPI) because they are not request and response."
            if realtime
            else "."
        ),
        consequences=[
            "every service publishes an OpenAPI 3.1 document, checked by a linter in CI",
            "paths are versioned (/v1); breaking changes get a new version and a deprecation window",
        ]
        + (
            ["state changes are commands on the record (POST …/{id}/{transition}); a PATCH never sets a status"]
            if any(e.state_machine for e in draft.entities)
            else []
        ),
        drivers=["users.roles", "integrations", "use_cases"],
    )
    draft.api = m.ApiConventions(
        style="REST over HTTPS, JSON bodies, described by OpenAPI 3.1 (decided in " + decision_id + ")",
        versioning="Major version in the path (/v1); additive changes only within a version; "
        "a deprecated version is served for at least six months with a Sunset header",
        pagination="Cursor-based: `limit` (1-100, default 20) and an opaque `cursor`; responses carry `next_cursor`",
        errors="RFC 9457 problem+json with a stable `type` URI, `title`, `status`, `detail` and a `trace_id`",
        authentication="Signed-in people: OAuth 2.0 / OpenID Connect bearer tokens (JWT, 15-minute lifetime); "
        "devices: per-device certificates; services: client credentials; webhooks: the sender's signature",
        rate_limits="Token bucket per caller at the gateway; 429 with Retry-After and RateLimit headers",
        idempotency=_idempotency(draft.req),
        concurrency="Responses carry an ETag; PATCH, PUT, DELETE and transitions require If-Match, answer 412 on a "
        "stale version and 428 when it is missing; a transition from the wrong state answers 409",
    )


def idempotency_window(req: Requirements) -> float:
    """How long, in hours, an idempotency key is kept: a day, or as far back as the questionnaire says clients
    resend, so a resend of the oldest record still finds its first answer."""
    return max(24.0, resend_hours([u.description or "" for u in req.use_cases]))


def _idempotency(req: Requirements) -> str:
    hours = idempotency_window(req)
    kept = f"{hours / 24:g} days, as far back as clients resend" if hours > 24 else "24 hours"
    return money_moves().convention.format(kept=kept)


def settle_pages(draft: Draft) -> None:
    """Every operation that returns rows pages through them, whichever step made it (a pattern's timeline too):
    the design says so as its OpenAPI document does, with a bounded limit and a cursor."""
    for service in draft.services:
        for endpoint in service.endpoints:
            if endpoint.action in ("list", "search", "nearby"):
                endpoint.paginated = True


def signed_webhook(
    path: str, what: str, integration: str, lead: str | None, use_cases: list[str], body: m.Body | None
) -> m.Endpoint:
    """POST `path` from another system: outside user authentication, proved by its signature (`what`: 'receive
    Stripe events' names the operation and, capitalised, is its summary)."""
    return m.Endpoint(
        method="POST",
        path=path,
        operation_id=identifier(what),
        summary=what[0].upper() + what[1:],
        action="webhook",
        entity=lead,
        auth="signature",
        roles=[integration],
        use_cases=use_cases,
        request=body,
    )


def _grouping() -> str:
    """How a burst of notifications reaches one person: grouped in a window, capped an hour, news only."""
    known = push_grouping()
    return (
        f"notifications are {known.grouping_words[0]} in an aggregation window of {duration(known.window_seconds)} "
        f"(one push says how many arrived) and capped at {known.per_recipient_per_hour} {known.rate_limit_words[0]}; "
        "removals, edits and hides change the inbox, never the lock screen"
    )
