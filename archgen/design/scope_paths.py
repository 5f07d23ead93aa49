"""The path by which a record is held to the people who may reach it: an owner field the server sets from the
caller's token, or a required parent whose own path does (a list item through its list). The architect gives every
record people make one, the review checks it, and the security page states it per entity."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archgen.capacity.load import actor_kind
from archgen.common.english import a, join, plural
from archgen.common.naming import slug
from archgen.design.model import Design, Endpoint, EntityDesign, Service, StoredField
from archgen.design.produced import produced
from archgen.design.relations import membership_unit, memberships
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.access_scopes import access_scopes
from archgen.knowledge.operations import operation_words
from archgen.knowledge.tenancy import is_tenant, tenant_column
from archgen.requirements.intent import is_role_record, write_kind
from archgen.requirements.model import Requirements
from archgen.requirements.personal import name_words

PERSON_FIELDS = {"first_name", "last_name", "full_name", "display_name", "email"}  # a record of a person
DEPTH = 4  # parent chains deeper than this are not followed: a record that far down names a nearer owner


@dataclass(frozen=True)
class ScopePath:
    """How one entity's records are held to their reader: its own owner field, or the chain of required parents
    (field names, nearest first) that ends at one."""

    entity: str
    owner: str
    parents: tuple[str, ...] = ()
    person: str | None = None  # the record of the person the owner field names (a booking's Guest)
    parties: tuple[tuple[str, str], ...] = ()  # other fields naming a maker's own record (a report's content author)

    def condition(self) -> str:
        """What the server compares: `created_by` is the caller, or the join through the parents."""
        chain = ".".join((*self.parents, self.owner))
        who = f"the caller's {self.person} record" if self.person else "the caller"
        through = f" (through its required `{self.parents[0]}`)" if self.parents else ""
        others = "".join(f", or `{name}` is the caller's {target} record" for name, target in self.parties)
        return f"`{chain}` is {who}{through}{others}"

    def says(self) -> str:
        """The rule in words."""
        return f"only records whose {self.condition()}" if self.person else f"only the caller's own: {self.condition()}"


# the owner a record is given only because nothing else says whose it is: a scope for its reads, not a claim that
# the record is its maker's own content to delete
MAKER_SOURCE = "the caller's token, as its maker"


def made_by_people(req: Requirements, entity: EntityDesign) -> list[str]:
    """The outside people's roles whose own requests create an entity's records (not signing up, which makes the
    person's record): the records each of them may reach are theirs."""
    wanted = next((e for e in req.data.entities if e.name == entity.name), None)
    if wanted is None or entity.name in {p.entity for p in produced(req)}:
        return []  # a worker makes it from another record (a video's renditions): nobody's own
    makers = [
        u
        for u in req.use_cases
        if entity.name in u.writes[:1]
        and u.interaction == "request"
        and actor_kind(req, u) == "person"
        and write_kind(u, wanted).kind == "create"
    ]
    if any(is_role_record(u.actor or "", entity.name) for u in makers):
        return []
    # what the organisation's own staff make (the equipment an office manager registers) is the organisation's,
    # shared with the staff who list it; only outside people's records are each theirs
    staff = {r.name for r in req.users.roles if r.internal}
    return sorted({u.actor for u in makers if u.actor and u.actor not in staff})


def owner_field(entity: EntityDesign) -> str | None:
    """The field the server fills with the caller from their token when the record is made (created_by, an
    author's reference): never who moved it later (who reinstated a video is a moderator, not its owner)."""
    return next(
        (
            f.name
            for f in entity.fields
            if f.set_by == "server"
            and f.required
            and "token" in f.source
            and "transition" not in f.source
            and "tenant" not in f.source
            and "tenant" not in f.name
        ),
        None,
    )


def person_field(entity: EntityDesign, makers: Sequence[str]) -> tuple[str, str] | None:
    """A reference to the record of the person a maker is (a booking's guest, a message's patient), and
    that record: whoever keyed it in (the front desk for a phone booking), the record is that person's; one that
    names no such person (a walk-in booking not yet tied to a guest) is no one's among them."""
    for field in entity.fields:
        target = field.type[4:-1] if field.type.startswith("ref[") else ""
        if target and any(is_role_record(r, target) for r in makers):
            return field.name, target
    # an owner of several kinds (owner_type: consumer | merchant, owner_id): the maker's kind among them
    kinds = {f.name: _values(f.type) for f in entity.fields if f.type.startswith("enum[")}
    for field in entity.fields:
        stem = field.name.removesuffix("_id")
        chosen = next((r for r in makers if r in kinds.get(f"{stem}_type", [])), None)
        if field.name != stem and field.type == "uuid" and chosen is not None:
            return field.name, chosen
    return None


def scope_path(
    entities: list[EntityDesign], entity: EntityDesign, makers: Sequence[str] = (), depth: int = 0
) -> ScopePath | None:
    """The entity's owner field, else a required reference to its maker's own person record, else the first
    required reference to another record whose own path ends at one."""
    own = owner_field(entity)
    person = person_field(entity, makers)
    if own is not None or person is not None:
        owner = own or (person[0] if person else "")
        # every other person the record names is a party to it too (the author of reported content)
        parties = tuple(
            (f.name, f.type[4:-1])
            for f in entity.fields
            if f.name != owner and f.type.startswith("ref[") and any(is_role_record(r, f.type[4:-1]) for r in makers)
        )
        return ScopePath(entity.name, owner, person=None if own else person[1] if person else None, parties=parties)
    # the maker's own record is the owner itself, not a parent that has one
    return _through_parent(
        entities, entity, depth, lambda parent: scope_path(entities, parent, makers, depth + 1), makers
    )


def reader_path(entities: list[EntityDesign], entity: EntityDesign, role: str, depth: int = 0) -> ScopePath | None:
    """How a role that does not make an entity's records reaches only its own: the entity, or a required parent,
    names the role's own record (a feed import its seller, a click its listing's seller)."""
    person = person_field(entity, [role])
    if person is not None:
        return ScopePath(entity.name, person[0], person=person[1])
    return _through_parent(entities, entity, depth, lambda parent: reader_path(entities, parent, role, depth + 1))


def _through_parent(
    entities: list[EntityDesign],
    entity: EntityDesign,
    depth: int,
    path_of: Callable[[EntityDesign], ScopePath | None],
    makers: Sequence[str] = (),
) -> ScopePath | None:
    """The path through the first required parent (not a maker's own record) whose own path `path_of` finds;
    a parent the records are looked up by comes first (a recipe's tags are listed by recipe, not by tag)."""
    if depth >= DEPTH:
        return None
    by_name = {e.name: e for e in entities}
    for field in sorted(entity.fields, key=lambda f: f"by_{f.name}" not in entity.access):
        target = field.type[4:-1] if field.type.startswith("ref[") else ""
        if not field.required or target not in by_name or target == entity.name:
            continue
        if any(is_role_record(r, target) for r in makers):
            continue
        found = path_of(by_name[target])
        if found is not None:
            return ScopePath(entity.name, found.owner, (field.name, *found.parents), found.person)
    return None


def own_record_field(
    req: Requirements, entities: list[EntityDesign], entity: EntityDesign, endpoint: Endpoint
) -> str | None:
    """The field naming the caller's own record (`seller`) when every role calling a read of many records reaches
    only those that name theirs (a list its callers write none of, or a report of their own, a driver's earnings):
    the server fills it from the token."""
    if endpoint.method != "GET" or endpoint.action not in ("list", "search", "aggregate") or not endpoint.roles:
        return None
    writers = {u.actor for u in req.use_cases if entity.name in u.writes}
    if endpoint.action != "aggregate" and writers & set(endpoint.roles):
        return None  # writers may list others' records beside their own (a member's presence and its channel's)
    paths = [reader_path(entities, entity, party_of(req, entities, r)) for r in endpoint.roles]
    owners = {p.owner if p is not None and p.person and not p.parents else None for p in paths}
    return owners.pop() if len(owners) == 1 and None not in owners else None


def party_of(req: Requirements, entities: list[EntityDesign], role: str) -> str:
    """Whose a system calling as a role is: the organisation its name starts with (a merchant's back end,
    `merchant_api`, is the merchant's), else the role itself."""
    kind = next((r.kind for r in req.users.roles if r.name == role), "person")
    head = role.split("_", 1)[0]
    if kind == "person" or head == role or not any(is_role_record(head, e.name) for e in entities):
        return role
    return head


def held_by_parent(endpoint: Endpoint, path: ScopePath) -> bool:
    """Whether a list operation names the parent its records are held through, as a path parameter or a required
    parameter: without it, the list reaches every parent's records."""
    if not path.parents:
        return True
    parent = path.parents[0]
    if "{" + parent + "}" in endpoint.path:
        return True
    stated = endpoint.request.fields if endpoint.request is not None else []
    return any(f.name == parent and f.required for f in stated)


def held_list(
    req: Requirements, entities: list[EntityDesign], services: list[Service], entity: EntityDesign, endpoint: Endpoint
) -> ScopePath | None:
    """The path a list or search of a record people make is held to, when its makers call it and the record is
    theirs alone; None for an open list (a public feed), or of records shared beyond their maker."""
    if endpoint.method != "GET" or endpoint.action not in ("list", "search") or endpoint.auth == "public":
        return None
    makers = made_by_people(req, entity)
    if not set(makers) & set(endpoint.roles):
        return None
    if shared_reads(entities, services, entity, makers) is not None:
        return None
    return scope_path(entities, entity, makers)


def scoped_lists(design: Design, req: Requirements) -> list[tuple[str, Endpoint, ScopePath, list[str]]]:
    """Every list or search of a record people make, with its service, the record's path and the makers who may
    call it."""
    out = []
    entities = {e.name: e for e in design.entities}
    for service in design.services:
        for endpoint in service.endpoints:
            entity = entities.get(endpoint.entity or "")
            path = held_list(req, design.entities, design.services, entity, endpoint) if entity else None
            if entity is not None and path is not None:
                makers = [r for r in made_by_people(req, entity) if r in endpoint.roles]
                out.append((service.name, endpoint, path, makers))
    return out


def tenant_entities(entities: list[EntityDesign]) -> set[str]:
    """The entity the tenant columns refer to (Tenant, Workspace); by name only when no column refers to one, so a
    BankAccount is not taken for a tenant because its name holds "account"."""
    targets = {
        f.type[4:-1]
        for e in entities
        if (c := tenant_column(e.name, [(f.name, f.type) for f in e.fields]))
        for f in e.fields
        if f.name == c and f.type.startswith("ref[")
    }
    return targets or {e.name for e in entities if is_tenant(e.name)}


@dataclass(frozen=True)
class ScopeRow:
    """One line of the security page: what an entity's records are held to, who lists them so, and who reads every
    one of them."""

    entity: str
    held_to: str
    held: tuple[str, ...]
    everyone: tuple[str, ...]


def visibility_field(entity: EntityDesign) -> StoredField | None:
    """The field that says who else may read a record (a post's visibility)."""
    words = access_scopes().visibility
    return next((f for f in entity.fields if f.name in words), None)


def shared_reads(
    entities: list[EntityDesign], services: list[Service], entity: EntityDesign, makers: Sequence[str] = ()
) -> str | None:
    """How others read a record its maker alone changes, in words: as its visibility allows, to the members of the
    container it is posted in (a channel's messages), or openly (it is read without a token); None when it is its
    maker's alone."""
    joined = _joined(entities, entity, makers)
    if joined is not None:
        return joined
    field = visibility_field(entity)
    if field is not None:
        told = f" (one of {', '.join(_values(field.type))})" if field.type.startswith("enum[") else ""
        return f"others read it only as its `{field.name}`{told} lets them"
    opened = any(
        e.entity == entity.name and e.method == "GET" and e.auth == "public" for s in services for e in s.endpoints
    )
    published = set(operation_words().reads.published_states)
    state = next(
        (v for f in entity.fields if f.type.startswith("enum[") for v in _values(f.type) if v in published), None
    )
    if opened:
        return f"anyone reads it, without a token, once {state}" if state else "anyone reads it, without a token"
    return f"other signed-in callers read it once {state}" if state else None


def _joined(entities: list[EntityDesign], entity: EntityDesign, makers: Sequence[str], depth: int = 0) -> str | None:
    """Whom a record posted in a container is shared with: the makers' peers a membership of that container names
    (a message's channel, while a ChannelMembership names the member in it), directly or through a required parent
    (a reaction, through its message)."""
    parents = [
        (field.name, field.type[4:-1])
        for field in entity.fields
        if field.required
        and field.type.startswith("ref[")
        and not any(is_role_record(r, field.type[4:-1]) for r in makers)
    ]
    for name, container in parents:
        for joined in entities:
            refs = {f.type[4:-1] for f in joined.fields if f.type.startswith("ref[") and f.required}
            member = any(is_role_record(r, t) for r in makers for t in refs)
            # a membership is named for what it places people in (ChannelMembership); a booking places nobody
            if joined.name.startswith(container) and decides_access(joined.name) and container in refs and member:
                return f"others read it while {a(joined.name)} places them in its `{name}`"
    if depth >= DEPTH:
        return None
    by_name = {e.name: e for e in entities}
    for name, parent in parents:
        if parent in by_name and parent != entity.name:
            inner = _joined(entities, by_name[parent], makers, depth + 1)
            if inner is not None:
                return f"{inner.replace('in its `', f'in its `{name}.', 1)}"
    return None


def _values(kind: str) -> list[str]:
    return [v.strip() for v in kind[5:-1].split(",")]


def scope_rows(design: Design) -> list[ScopeRow]:
    """Per entity a role reaches only in its scope: the owner path or the tenant column, the roles whose lists are
    held to it, and the roles the design lets read every record (staff, an administrator)."""
    req = design.requirements
    shared = design.tenancy is not None and design.tenancy.isolation == "shared-schema"
    tenants = tenant_entities(design.entities) if shared else set()
    readers: dict[str, set[str]] = {}
    for service in design.services:
        for endpoint in service.endpoints:
            if endpoint.entity and endpoint.method == "GET" and endpoint.action in ("list", "search", "aggregate"):
                readers.setdefault(endpoint.entity, set()).update(endpoint.roles)
    people = {r.name for r in req.users.roles if r.kind == "person"}
    # a system calling for an organisation (a merchant's back end) is held like its people
    people |= {r.name for r in req.users.roles if party_of(req, design.entities, r.name) != r.name}
    members = memberships(design.entities)
    rows = []
    for entity in design.entities:
        makers = set(made_by_people(req, entity))
        path = scope_path(design.entities, entity, sorted(makers)) if makers else None
        sharing = shared_reads(design.entities, design.services, entity, sorted(makers))
        parts = [path.says()] if path is not None else []
        if path is not None and sharing is not None:  # the scope holds who changes it; reads follow its sharing
            parts = [f"changed only by its maker: {path.condition()}; {sharing}"]
        column = tenant_column(entity.name, [(f.name, f.type) for f in entity.fields]) if shared else None
        if column is not None:
            parts.append(f"the caller's tenant: `{column}` is the token's tenant")
        listing = readers.get(entity.name, set()) & people
        # a role whose own record the entity names (a seller's staff and the seller's feed imports) reads its own
        theirs = {
            r: found
            for r in sorted(listing - makers - set(members))
            if sharing is None
            and (found := reader_path(design.entities, entity, party_of(req, design.entities, r))) is not None
        }
        parts += [f"{r}: {found.says()}" for r, found in theirs.items()]
        # staff held to their unit read only the records that belong to it (a store's sales, by its store)
        placed = sorted(
            r
            for r in listing
            if r in members and unit_path(design.entities, entity, membership_unit(members[r]) or "") is not None
        )
        if not (parts or placed) or entity.name in tenants:
            continue
        for membership in dict.fromkeys(members[r].name for r in placed):
            roles = [r for r in placed if members[r].name == membership]
            parts.append(
                f"{join(roles)}: the records of {a(unit_words(members[roles[0]]))} they belong to (a live {membership})"
            )
        owned = makers & listing if path is not None and sharing is None else set()
        owned |= listing if path is None and column is not None else set()
        held = owned | set(placed) | set(theirs)
        rows.append(ScopeRow(entity.name, "; ".join(parts), tuple(sorted(held)), tuple(sorted(listing - held))))
    return rows


def decides_access(entity: str) -> bool:
    """Whether an entity's records say who may reach what (a membership, an assignment, a grant): a check against
    them must see a removal at once, so it reads the owner's state, never a copy fed by its events."""
    name = slug(entity, "entity").replace("-", "_")
    relation = access_knowledge().relation_words
    return name in relation or any(w in relation for w in name.split("_"))


def unit_path(entities: list[EntityDesign], entity: EntityDesign, unit: str, depth: int = 0) -> str | None:
    """How a record belongs to a unit staff are held to (a clinic), in words that follow "Patient is theirs": its
    own reference, the records of that unit that name it (the appointment or encounter of the treatment
    relationship), or a required parent that belongs; None when nothing ties it to the unit. A person who
    has a unit of their own (the author, the prescriber) says who, not where: the unit is never taken from them."""
    own = next((f.name for f in entity.fields if f.type == f"ref[{unit}]"), None)
    if own is not None:
        return f"by its {own.replace('_', ' ')}"
    naming = sorted(
        {
            e.name
            for e in entities
            if e.name != entity.name
            and any(f.type == f"ref[{unit}]" for f in e.fields)
            and any(f.type == f"ref[{entity.name}]" for f in e.fields)
        }
    )
    if naming:
        lower = " ".join(name_words(unit))
        return f"while {a(join(naming[:3], 'or'))} of that {lower} names it"
    if depth >= DEPTH:
        return None
    by_name = {e.name: e for e in entities}
    found = [
        f"through its {field.name.replace('_', ' ')}, {inner}"
        for field in entity.fields
        if field.required
        and (target := field.type[4:-1] if field.type.startswith("ref[") else "") in by_name
        and target not in (entity.name, unit)
        and not _staff(by_name[target], unit)
        and (inner := unit_path(entities, by_name[target], unit, depth + 1)) is not None
    ]
    if found:
        return min(found, key=len)
    # a record no unit's record names directly belongs through the records that name it (a pet's owner, while
    # an appointment of that clinic names the pet)
    naming_it = [
        f"through the {plural(' '.join(name_words(e.name)))} that name it, each theirs {inner}"
        for e in entities
        if e.name not in (entity.name, unit)
        and any(f.type == f"ref[{entity.name}]" for f in e.fields)
        and not _staff(e, unit)
        and (inner := unit_path(entities, e, unit, depth + 1)) is not None
    ]
    return min(naming_it, key=len) if naming_it else None


def _staff(entity: EntityDesign, unit: str) -> bool:
    """Whether a record is a person's with a unit of their own (a clinician's home clinic)."""
    names = {f.name for f in entity.fields}
    return bool(names & PERSON_FIELDS) and any(f.type == f"ref[{unit}]" for f in entity.fields)


def unit_words(membership: EntityDesign) -> str:
    """The unit a membership holds staff to, in words (a hotel)."""
    return " ".join(name_words(membership_unit(membership) or ""))
