"""Who may call what follows who the callers are: anonymous events take only what an anonymous client knows, and
a person never lists other people's records about them."""

from __future__ import annotations

from collections import Counter

from archgen.architects.rules.domains import plural
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.stores import keepers_of, subject_roles
from archgen.common import english
from archgen.common.naming import identifier, slug, words_of
from archgen.design import model as m
from archgen.design.callers import accepted, machine_reach, only_machines, shut_out
from archgen.design.embeds import own_reads, participants
from archgen.design.read_models import composes
from archgen.knowledge.operations import operation_words
from archgen.knowledge.protocols import protocols
from archgen.requirements.intent import is_role_record, peers
from archgen.requirements.model import Requirements, Role
from archgen.requirements.personal import is_natural_person, lookup_field, vocabulary

COLLECTIONS = ("list", "search", "nearby", "aggregate")


def plan_callers(draft: Draft) -> None:
    """Settle what anonymous events take and whose records a person's collection reads."""
    _anonymous_events(draft)
    _own_reads(draft)
    _own_collections(draft)
    _others_collections(draft)
    _shared_collections(draft)
    _named_callers(draft)


def _anonymous_events(draft: Draft) -> None:
    """An event recorded without a token (a click, a view) could be forged by anyone: the client sends only the
    signed, expiring token issued with the page it came from and what it alone knows; the server reads the record
    and the people it names from the token, stamps the time, and the edge rate-limits the operation."""
    words = operation_words().reads
    events = {e.entity for s in draft.services for e in s.endpoints if e.auth == "public" and e.method != "GET"}
    people = {n for n, f in draft.personal_found.items() if f.person}
    for entity in draft.entities:
        if entity.name not in events:
            continue
        req = draft.req.entity(entity.name)
        refs = {name: kind.target for name, kind in req.fields.items() if kind.kind == "ref" and kind.target}
        # the records of the roles that make the event (a buyer): the token names them when there is one
        makers = {u.actor for u in draft.req.use_cases if entity.name in u.writes and u.actor}
        callers = {t for t in refs.values() if any(is_role_record(a, t) for a in makers)}
        named = [n for n, t in refs.items() if t not in people and t not in callers]
        page = named[0] if named else None  # the record the page showed (a listing, a video)
        for stored in entity.fields:
            kind = req.fields.get(stored.name)
            target = refs.get(stored.name)
            if target in callers:
                # most makers have no account: the token names one when there is one, and no key needs it
                stored.set_by, stored.source = "server", "the signed-in caller's token; empty for an anonymous caller"
                stored.required = False
                _unkeyed(entity, stored.name)
                continue
            if stored.set_by == "server" or kind is None:
                continue
            if stored.name == page:
                stored.set_by, stored.source = "server", f"the {words.event_token} the page was served with"
            elif target is not None and page is not None:
                stored.set_by, stored.source = "server", f"the {page} the {words.event_token} names"
            elif kind.kind in ("timestamp", "date"):
                stored.set_by, stored.source = "server", "its clock, when it receives the event"
        if not any(f.name == words.event_token for f in entity.fields):
            entity.fields.append(
                m.StoredField(
                    name=words.event_token,
                    type="string",
                    description="Signed, expiring value issued with the page the event came from; the server "
                    "verifies it, drops one seen before and derives the record and the people from it.",
                )
            )


def _unkeyed(entity: m.EntityDesign, field: str) -> None:
    """Take a field that may be empty out of the record's key (the key of an anonymous viewer's heartbeat is the
    video, the session and the time, not a viewer it may not have)."""
    if field in entity.primary_key and len(entity.primary_key) > 1:
        entity.primary_key = [f for f in entity.primary_key if f != field]
        for index in entity.indexes:
            if index.kind == "primary":
                index.fields = [f for f in index.fields if f != field]
                index.partition = [f for f in index.partition if f != field] or index.fields[:1]


def _own_reads(draft: Draft) -> None:
    """A use case that asks for the caller's own records (View my loans) gets a list of its own under /v1/me, scoped
    by the token to the person calling, with what it reads of theirs; the shared list no longer carries it."""
    entities = {e.name: e for e in draft.entities}
    taken = {e.operation_id for s in draft.services for e in s.endpoints}
    for service in draft.services:
        for endpoint in list(service.endpoints):
            cases = own_reads(draft.req, draft.personal_found, endpoint)
            if not cases:
                continue
            mine = endpoint.model_copy(deep=True)
            mine.path = endpoint.path.replace("/v1/", "/v1/me/", 1)
            mine.operation_id = identifier(cases[0].name)
            mine.roles = list(dict.fromkeys(u.actor for u in cases if u.actor))
            mine.use_cases = [u.name for u in cases]
            noun = plural(words_of(endpoint.entity or ""))
            mine.summary = f"List the signed-in person's own {noun} (who they are comes from the token)"
            # the caller is the person: no filter on who the records are about
            people = {n for n, f in draft.personal_found.items() if f.person}
            about = {f.name for f in entities[endpoint.entity or ""].fields if any(p in f.type for p in people)}
            mine.filters = [f for f in mine.filters if f.field not in about]
            mine.includes = [n for n in endpoint.includes if n in composes(entities, mine, draft.req.use_cases)]
            if mine.operation_id in taken or any(e.path == mine.path for e in service.endpoints):
                continue
            taken.add(mine.operation_id)
            endpoint.use_cases = [u for u in endpoint.use_cases if u not in mine.use_cases]
            if endpoint.summary in mine.use_cases:  # named after the use case it no longer carries
                endpoint.summary = f"List {noun}"
            service.endpoints.insert(service.endpoints.index(endpoint) + 1, mine)


def _own_collections(draft: Draft) -> None:
    """A person reads records about people only as one of them: a role the records are about (a patient of the
    Patient records) that neither keeps them, nor is staff, nor is related to the others by the questionnaire loses
    the list, search and export of the collection and reads its own record by id, which checks that it is theirs."""
    roles = {r.name: r for r in draft.req.users.roles}
    for service in draft.services:
        for entity_name in {e.entity for e in service.endpoints if e.entity}:
            found = draft.personal_found.get(entity_name)
            if found is None or not found.person:
                continue
            if peers(draft.req, entity_name):
                _peer_lookups(draft, service, entity_name)
                continue
            entity = draft.req.entity(entity_name)
            keepers = set(keepers_of(draft, entity))
            selves = [r for r in subject_roles(draft, entity) if not roles[r].internal and r not in keepers]
            if not selves:
                continue
            ours = [e for e in service.endpoints if e.entity == entity_name]
            for endpoint in list(ours):
                if not set(endpoint.roles) & set(selves):
                    continue
                if endpoint.link == "export" and not set(endpoint.roles) - set(selves):
                    # a person's export of their own records (a download of their file), under /v1/me
                    tail = endpoint.path.split("/exports", 1)[1]
                    endpoint.path = f"/v1/me/{slug(plural(entity_name), 'items')}/exports{tail}"
                    endpoint.filters = []
                elif endpoint.action in COLLECTIONS and not set(endpoint.roles) - set(selves):
                    # only the people themselves call it: with no use case they read their record by id; one that
                    # needs it lists their own records
                    if endpoint.use_cases:
                        endpoint.path = endpoint.path.replace("/v1/", "/v1/me/", 1)
                        endpoint.filters = []
                    else:
                        service.endpoints.remove(endpoint)
                elif endpoint.action in COLLECTIONS or endpoint.link == "export":
                    endpoint.roles = [r for r in endpoint.roles if r not in selves]
            for endpoint in ours:
                if endpoint.action == "get" and endpoint.link is None and endpoint.path.endswith("/{id}"):
                    endpoint.roles += [r for r in selves if r not in endpoint.roles]


def _peer_lookups(draft: Draft, service: m.Service, entity_name: str) -> None:
    """People the questionnaire relates to each other (a transfer's sender and recipient) find one another by what
    they already know of the person, never by paging through everyone: a role the records are about loses the
    collection and looks one person up by an exact email, phone or handle. Members of one organisation (a tenant)
    see their colleagues, and a list under a record they share (a channel's members) is narrowed by it."""
    tenancy = draft.req.system.tenancy
    if tenancy is not None and tenancy.model == "multi":
        return
    roles = {r.name: r for r in draft.req.users.roles}
    entity = draft.req.entity(entity_name)
    keepers = set(keepers_of(draft, entity))
    selves = [r for r in subject_roles(draft, entity) if not roles[r].internal and r not in keepers]
    seeking: list[str] = []
    for endpoint in list(service.endpoints):
        if endpoint.entity != entity_name or endpoint.path.startswith("/v1/me/") or "{" in endpoint.path:
            continue
        if endpoint.action not in COLLECTIONS and endpoint.link != "export":
            continue
        # a search the role's own use case asks for (find people by name) is narrowed by the words it takes
        asked = {u.actor for u in draft.req.use_cases if u.name in endpoint.use_cases}
        callers = [r for r in endpoint.roles if r in selves and not (endpoint.action == "search" and r in asked)]
        if not callers:
            continue
        seeking += [r for r in callers if r not in seeking]
        endpoint.roles = [r for r in endpoint.roles if r not in callers]
        if not endpoint.roles:
            service.endpoints.remove(endpoint)
    known = [f for f in entity.fields if lookup_field(f)]
    if not seeking or not known:
        return
    noun = words_of(entity_name)
    path = f"/v1/{slug(plural(entity_name), 'items')}/lookup"
    if any(e.path == path for e in service.endpoints):
        return
    by = english.join(known, "or")
    lookup = m.Endpoint(
        method="GET",
        path=path,
        operation_id=identifier(f"look up {noun}"),
        summary=f"Find one {noun} by the exact {by} the caller already knows; at most one record, in the view for "
        "others, and rate-limited per caller so no one can walk the directory",
        action="get",
        entity=entity_name,
        auth="user",
        roles=seeking,
        inputs=[
            m.QueryInput(
                name=f,
                type="string",
                description=f"The exact {f.replace('_', ' ')} of the person sought"
                + (f"; one of {by} is required." if len(known) > 1 else "."),
                required=len(known) == 1,
            )
            for f in known
        ],
    )
    service.endpoints.insert(next(i for i, e in enumerate(service.endpoints) if e.entity == entity_name), lookup)


def strangers(
    req: Requirements, roles: dict[str, Role], entity: str, subjects: set[str], keepers: set[str]
) -> set[str]:
    """The outside person roles (a driver) that neither are the people a record of people is about (riders), nor
    keep those records, nor are related to them by the questionnaire: to them the others are strangers."""
    if peers(req, entity):
        return set()
    return {
        n for n, r in roles.items() if r.kind == "person" and not r.internal and n not in subjects and n not in keepers
    }


def _others_collections(draft: Draft) -> None:
    """An outside person role never pages through other people's records (a driver through every rider): it reads
    one record by id, which checks the relation the data holds (a trip they share), through the view for others."""
    roles = {r.name: r for r in draft.req.users.roles}
    for service in draft.services:
        for endpoint in service.endpoints:
            found = draft.personal_found.get(endpoint.entity or "")
            if found is None or not is_natural_person(found.entity) or endpoint.path.startswith("/v1/me/"):
                continue  # a business's own record (a seller's page) is listed like any other
            if endpoint.action not in COLLECTIONS and endpoint.link != "export":
                continue
            entity = draft.req.entity(endpoint.entity or "")
            outsiders = strangers(
                draft.req, roles, entity.name, set(subject_roles(draft, entity)), set(keepers_of(draft, entity))
            )
            kept = [r for r in endpoint.roles if r not in outsiders]
            if kept != endpoint.roles and kept:
                endpoint.roles = kept


def _shared_collections(draft: Draft) -> None:
    """The other party of a record they share (the rider of a driver's trip) reads what it needs of the person's
    records (the driver's positions) only under that record, which the server checks they are a party to: never a
    page of everyone's."""
    for service in draft.services:
        for endpoint in list(service.endpoints):
            entity = endpoint.entity or ""
            sharing = participants(draft.req, draft.personal_found, entity)
            if endpoint.action not in COLLECTIONS or "{" in endpoint.path or endpoint.path.startswith("/v1/me/"):
                continue
            parties = [r for r in endpoint.roles if r in sharing]
            if not parties:
                continue
            endpoint.roles = [r for r in endpoint.roles if r not in parties]
            for shared in dict.fromkeys(sharing[r] for r in parties):
                by = [r for r in parties if sharing[r] == shared]
                link = next(
                    (n for n, k in draft.req.entity(entity).fields.items() if k.kind == "ref" and k.target == shared),
                    None,
                )
                if link is None:
                    continue  # nothing narrows it to the shared record: the party reads one record by id
                scoped = endpoint.model_copy(deep=True)
                scoped.path = f"/v1/{slug(plural(shared), 'items')}/{{id}}/{endpoint.path.removeprefix('/v1/')}"
                scoped.operation_id = identifier(f"list {words_of(shared)} {plural(words_of(entity))}")
                scoped.summary = (
                    f"List the {plural(words_of(entity))} of one {words_of(shared)} the caller is a party to (checked "
                    "by the server), while it lasts"
                )
                scoped.roles = by
                scoped.filters = [f for f in scoped.filters if f.field != link]
                if not any(e.path == scoped.path for e in service.endpoints):
                    service.endpoints.insert(service.endpoints.index(endpoint) + 1, scoped)
            if not endpoint.roles:
                service.endpoints.remove(endpoint)


def _named_callers(draft: Draft) -> None:
    """A change a signed-in caller asks for that names no role (rotating a secret) belongs to the roles that change
    the same record otherwise, never to every signed-in user."""
    for service in draft.services:
        for endpoint in service.endpoints:
            if endpoint.roles or endpoint.method == "GET" or endpoint.auth != "user" or not endpoint.entity:
                continue
            changers = [
                r
                for e in service.endpoints
                if e.entity == endpoint.entity and e.method != "GET" and not e.path.startswith("/v1/me")
                for r in e.roles
            ]
            endpoint.roles = list(dict.fromkeys(changers))


def settle_caller_kinds(draft: Draft) -> None:
    """Every role an operation lists can reach it with the credential its kind holds: an operation people and a
    tenant's system both call (a list payroll syncs from) accepts the system's client credentials too, and one
    planned for systems that people also call accepts their tokens."""
    for service in draft.services:
        for endpoint in service.endpoints:
            for _, kind in shut_out(draft.req, endpoint):
                if kind not in accepted(endpoint):
                    endpoint.other_callers.append(kind)
            if endpoint.auth == "user" and endpoint.other_callers and only_machines(draft.req, endpoint):
                # no person calls it: people's tokens need not reach it at all
                endpoint.auth = endpoint.other_callers.pop(0)
    _token_operation(draft)
    _scopes(draft)


def _token_operation(draft: Draft) -> None:
    """Systems that call with client credentials get their token from an operation of the design: the token
    endpoint the client-credentials scheme names, served beside people's sign-in (or by the service most of those
    systems call)."""
    callers = [(s, e) for s in draft.services for e in s.endpoints if "service" in accepted(e)]
    if not callers:
        return
    oauth = protocols().protocols["oauth"]
    if any(oauth.owns(e.path) for s in draft.services for e in s.endpoints):
        return
    signing = protocols().protocols["oidc"]
    busiest = Counter(s.name for s, _ in callers).most_common(1)[0][0]
    service = (
        next((s for s in draft.services for e in s.endpoints if signing.owns(e.path)), None)
        or next((s for s in draft.services if s.kind == "platform"), None)
        or next(s for s in draft.services if s.name == busiest)
    )
    clients = list(dict.fromkeys(r for _, e in callers for r in e.roles if r in _machines(draft.req)))
    for op in oauth.operations:
        service.endpoints.append(
            m.Endpoint(
                method=op.method,
                path=op.path,
                operation_id=identifier(f"issue client {words_of(op.path.rsplit('/', 1)[-1])}"),
                summary=op.summary,
                action=op.action,
                auth="service",
                roles=clients,
                status=op.status if op.status in (200, 201, 202, 204) else None,
            )
        )


def _scopes(draft: Draft) -> None:
    """Systems' tokens are granted read and write, and one scope more for each class of personal field their reads
    reach: a token granted `read` alone gets records without them, so a sync that needs names never holds salaries."""
    callers = [e for s in draft.services for e in s.endpoints if "service" in accepted(e)]
    if not callers or draft.security is None:
        return
    entities = {e.name: e for e in draft.entities}
    reach: dict[str, list[str]] = {}
    for endpoint in callers:
        for scope, fields in machine_reach(draft.req, entities, draft.personal_found, endpoint).items():
            reach.setdefault(scope, []).extend(fields)
    scopes = [
        m.Scope(name="read", access="read", description="Read records as others see them, without personal fields"),
        m.Scope(name="write", access="write", description="Submit and change records"),
    ]
    for name, known in vocabulary().scopes.items():
        if name in reach:
            said = f"{known.description}: {_by_entity(reach[name])}"
            scopes.append(m.Scope(name=f"read:{name}", access="read", classes=[name], description=said))
    draft.security.scopes = scopes


def _by_entity(fields: list[str]) -> str:
    """Entity.field names grouped by entity, once each (Employee's salary and bank_iban)."""
    grouped: dict[str, list[str]] = {}
    for entity, _, name in (f.partition(".") for f in dict.fromkeys(fields)):
        grouped.setdefault(entity, []).append(name)
    return "; ".join(f"{entity} ({', '.join(names)})" for entity, names in grouped.items())


def _machines(req: Requirements) -> set[str]:
    return {r.name for r in req.users.roles if r.kind == "service"}
