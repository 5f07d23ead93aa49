"""The operations that complete each entity's lifecycle where no use case names them: a collection people make
records in takes a create and a list, a draft is edited before it is signed or submitted, a membership is joined
and left, a tombstone is set by a delete, an assigned record is reassigned, people read and edit their own record
(`/v1/me`) and are provisioned the way the questionnaire says they sign in (SCIM 2.0, just in time), and a
tenant keeps the subscriptions its integrations receive events by. Each summary says which lifecycle it completes;
none claims a use case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archgen.common import english
from archgen.common.naming import identifier, pascal, slug, words_of
from archgen.design import lifecycle_needs as needs
from archgen.design import model as m
from archgen.design.relations import binding_keys, system_of_record
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.operations import operation_words
from archgen.knowledge.protocols import protocols
from archgen.knowledge.residency import residency
from archgen.requirements.model import Entity
from archgen.requirements.personal import find_homes

if TYPE_CHECKING:
    from archgen.architects.rules.draft import Draft
    from archgen.architects.rules.operations import _Planner

MAKERS = ("create", "ingest", "webhook", "command")
EDITS = ("update", "replace")


def complete_lifecycles(planner: _Planner) -> None:
    """Add what each entity's lifecycle needs and no operation offers yet."""
    _Completion(planner).run()


class _Completion:
    def __init__(self, planner: _Planner) -> None:
        self.planner = planner
        self.req = planner.req
        self.why = lifecycle_knowledge().why

    def run(self) -> None:
        for entity in self.req.data.entities:
            self._made_by_people(entity)
            self._managed(entity)
            self._drafts(entity)
            self._membership(entity)
            self._tombstone(entity)
            self._reassign(entity)
            self._own_content(entity)
        self._me()
        self._subscriptions()

    # --- helpers -----------------------------------------------------------------------------------------------

    def _ops(self, entity: str) -> list[m.Endpoint]:
        return [e for ops in self.planner.ops.values() for e in ops if e.entity == entity]

    def _has(self, entity: str, actions: tuple[str, ...], on_record: bool | None = None) -> bool:
        return any(
            e.action in actions and (on_record is None or ("{" in e.path) == on_record) for e in self._ops(entity)
        )

    def _text(self, template: str, entity: Entity, **more: str) -> str:
        noun = words_of(entity.name)
        text = template.format(noun=noun, a=english.article(noun), **more)
        return text[:1].upper() + text[1:]

    def _add(
        self,
        entity: Entity,
        method: str,
        path: str,
        action: str,
        summary: str,
        roles: list[str],
        auth: m.Caller = "user",
        verb: str = "",
        use_cases: list[str] | None = None,
    ) -> None:
        self.planner.add(
            self.planner.owner(entity.name),
            m.Endpoint(
                method=method,
                path=path,
                operation_id=identifier(f"{verb or action} {pascal(entity.name)}"),
                summary=summary,
                action=action,
                entity=entity.name,
                auth=auth,
                roles=roles,
                idempotency_key=method == "POST",
                use_cases=use_cases or [],
            ),
        )

    def _writers(self, entity: Entity) -> list[str]:
        """The person roles whose requests write the entity."""
        people = {r.name for r in self.req.users.roles if r.kind == "person"}
        return sorted({u.actor for u in self.req.use_cases if entity.name in u.writes and u.actor in people})

    # --- per entity --------------------------------------------------------------------------------------------

    def _made_by_people(self, entity: Entity) -> None:
        from archgen.architects.rules.operations import collection

        roles = needs.makers(self.req, entity)
        if not roles:
            return
        base = collection(entity.name)
        if not self._has(entity.name, MAKERS, on_record=False):
            self._add(entity, "POST", base, "create", self._create_text(entity, roles), roles)
        if not self._has(entity.name, ("list", "search")):
            self.planner.add(self.planner.owner(entity.name), self._read(entity, "list", roles))
        if not self._has(entity.name, ("get",), on_record=True):
            self.planner.add(self.planner.owner(entity.name), self._read(entity, "get", roles))
        if needs.deletable_by_maker(self.req, entity) and not self._has(entity.name, ("delete",)):
            summary = self._text(self.why.delete_own, entity, roles=", ".join(roles))
            self._add(entity, "DELETE", f"{base}/{{id}}", "delete", summary, roles)

    def _create_text(self, entity: Entity, roles: list[str]) -> str:
        """Why the create exists; a record homed in a cell is placed there by the control plane, not just made."""
        homes = find_homes({e.name: e.fields for e in self.req.data.entities})
        if homes is None or homes.entity != entity.name:
            return self._text(self.why.create, entity, roles=", ".join(roles))
        placement = residency().placement.format(entity=entity.name, key=homes.key)
        return self._text(residency().create, entity, placement=placement)

    def _own_content(self, entity: Entity) -> None:
        """A record its owner made as their own content (a tag, a list) can be deleted and renamed by them; what
        points at it goes with it or loses the reference, as the delete's summary says."""
        from archgen.architects.rules.operations import collection
        from archgen.design import own_content
        from archgen.knowledge.integrity import integrity

        design = self.planner.draft.entity(entity.name)
        roles = own_content.makers(self.req, design)
        if not roles:
            return
        words, said = integrity(), ", ".join(roles)
        path = f"{collection(entity.name)}/{{id}}"
        if not self._has(entity.name, ("delete",)):
            cascade, detach = own_content.pointing(design, self.planner.draft.entities)
            summary = self._text(words.delete, entity, roles=said)
            if cascade:
                summary += words.cascade.format(records=english.join([english.plural(words_of(n)) for n in cascade]))
            if detach:
                summary += words.detach.format(records=english.join([english.plural(words_of(n)) for n in detach]))
            self._add(entity, "DELETE", path, "delete", summary, roles)
        given = [f for f in design.fields if f.set_by == "client"]
        named = next((f for f in given if f.type == "string"), None)
        # a record of its own (a tag, a list), not a line of another's (an attachment) or a mark on it (a reaction)
        top = not any(f.type.startswith("ref[") for f in given)
        if named is not None and top and not self._has(entity.name, EDITS):
            summary = self._text(words.rename, entity, roles=said, field=named.name)
            self._add(entity, "PATCH", path, "update", summary, roles)

    def _managed(self, entity: Entity) -> None:
        """A use case that manages records (Manage equipment) edits them as well as making them: its roles get an
        update of the fields people set (the status still moves only by its transitions)."""
        from archgen.architects.rules.operations import collection

        carriers = needs.managing(self.req, entity)
        roles = sorted({u.actor for u in carriers if u.actor})
        if not roles or self._has(entity.name, EDITS):
            return
        self._add(
            entity,
            "PATCH",
            f"{collection(entity.name)}/{{id}}",
            "update",
            self._text(self.why.manage, entity, roles=", ".join(roles)),
            roles,
            use_cases=[u.name for u in carriers],
        )

    def _read(self, entity: Entity, action: str, roles: list[str]) -> m.Endpoint:
        endpoint = self.planner._read_op(entity, action, "", "user", roles)
        endpoint.summary = self._text(self.why.list if action == "list" else self.why.get, entity)
        return endpoint

    def _drafts(self, entity: Entity) -> None:
        from archgen.architects.rules.operations import collection

        machine = self.planner.lifecycles[entity.name].machine
        states = needs.draft_states(machine)
        if not states or machine is None or self._has(entity.name, EDITS):
            return
        cancel = operation_words().states.cancel
        moves = [t for t in machine.transitions if set(t.source) & set(states) and t.target not in cancel]
        people = {r.name for r in self.req.users.roles if r.kind == "person"}
        # the draft is its maker's: who creates it edits it, else who moves it on (signs, submits)
        makers = sorted({r for e in self._ops(entity.name) if e.action == "create" for r in e.roles})
        roles = makers or sorted({r for t in moves for r in t.roles if r in people}) or self._writers(entity)
        summary = self._text(
            self.why.edit_draft,
            entity,
            states=" or ".join(states),
            moved=" or ".join(sorted({t.target for t in moves})) or "it moves on",
        )
        self._add(entity, "PATCH", f"{collection(entity.name)}/{{id}}", "update", summary, roles)
        if not self._has(entity.name, MAKERS, on_record=False) and entity.mutability != "append_only":
            # a draft someone edits is one they started: its collection takes the draft
            self._add(
                entity,
                "POST",
                collection(entity.name),
                "create",
                self._text(self.why.create, entity, roles=", ".join(roles)),
                roles,
            )

    def _membership(self, entity: Entity) -> None:
        from archgen.architects.rules.operations import collection

        found = needs.membership_of(self.req, entity)
        if found is None:
            return
        members = needs.person_entities(self.req).get(entity.fields[found.person].target, [])
        roles = sorted({*members, *self._writers(entity)})
        group = english.a(words_of(found.group))
        base = collection(entity.name)
        if not self._has(entity.name, MAKERS, on_record=False):
            summary = self._text(self.why.join, entity, a_group=group)
            self._add(entity, "POST", base, "create", summary, roles, verb="join")
        if not self._has(entity.name, ("delete",)):
            summary = self._text(self.why.leave, entity, a_group=group)
            self._add(entity, "DELETE", f"{base}/{{id}}", "delete", summary, roles, verb="leave")
        if not self._has(entity.name, ("list", "search")):
            self.planner.add(self.planner.owner(entity.name), self._read(entity, "list", roles))

    def _tombstone(self, entity: Entity) -> None:
        from archgen.architects.rules.operations import collection

        field = needs.tombstone(entity)
        if field is None or self._has(entity.name, ("delete",)):
            return
        roles = self._writers(entity)
        if not roles:
            return
        summary = self._text(self.why.delete, entity, field=field)
        self._add(entity, "DELETE", f"{collection(entity.name)}/{{id}}", "delete", summary, roles)

    def _reassign(self, entity: Entity) -> None:
        from archgen.architects.rules.operations import collection

        field = needs.reassignable(self.req, entity)
        if field is None or self._has(entity.name, EDITS):
            return
        roles = [r for r in self._writers(entity) if r not in self._owners(entity)]
        if not roles:
            return
        summary = self._text(self.why.reassign, entity, field=field)
        self._add(entity, "PATCH", f"{collection(entity.name)}/{{id}}", "update", summary, roles, verb="reassign")

    def _owners(self, entity: Entity) -> list[str]:
        """The roles whose members a record refers to as its maker or subject (they do not reassign it)."""
        people = needs.person_entities(self.req)
        refs = {k.target for n, k in entity.fields.items() if k.kind == "ref"}
        field = needs.reassignable(self.req, entity)
        assigned = entity.fields[field].target if field else ""
        return [r for t in refs if t != assigned for r in people.get(t, [])]

    # --- people and tenants ------------------------------------------------------------------------------------

    def _me(self) -> None:
        """Each kind of person the system keeps reads and edits their own record; where nothing else makes that
        record, the first sign-in provisions it (from an organisation's identity provider, or at sign-up)."""
        from archgen.requirements.intent import anonymous_role

        people = {
            name: roles
            for name, roles in needs.person_entities(self.req).items()
            if any(not anonymous_role(self.req, r) for r in roles)
        }
        sso = needs.single_sign_on(self.req)
        scim = needs.scim_users(self.req)
        for name, roles in people.items():
            entity = self.planner.entities[name]
            path = "/v1/me" if len(people) == 1 else f"/v1/me/{slug(name, 'profile')}"
            taken = {(e.method, e.path) for ops in self.planner.ops.values() for e in ops}
            if ("GET", path) not in taken:
                self._add(entity, "GET", path, "get", self._text(self.why.me_get, entity), roles, verb="get my")
            keys = self._bound(name)
            # a record whose every field the server or the identity provider sets has nothing for its person to edit
            editable = [f for f in self.planner.draft.entity(name).fields if f.name != "id" and f.set_by == "client"]
            if ("PATCH", path) not in taken and editable:
                self._add(
                    entity, "PATCH", path, "update", self._text(self.why.me_edit, entity), roles, verb="update my"
                )
            made = self._has(name, MAKERS, on_record=False) or scim == name
            if made:
                continue
            # nothing else makes the record: the person's first sign-in does (their account lives with the identity
            # provider; the record is the system's own), so the owner is its writer from the start
            if sso and ("PUT", path) not in taken:
                self._add(entity, "PUT", path, "command", self._text(self.why.jit, entity), roles, verb="provision")
            elif not sso and ("POST", path) not in taken and keys:
                self._bind(entity, path, roles, keys)
            elif not sso and ("POST", path) not in taken:
                self._add(entity, "POST", path, "create", self._text(self.why.sign_up, entity), roles, verb="sign up")

    def _bound(self, name: str) -> list[str]:
        """The numbers another system issued that a person's record is found by at sign-up: the server copies them,
        and what the record holds of the contract (the holder's name, the tariff), from the record it binds to, so
        the person never sets them; their own contact details stay theirs."""
        record = self.planner.draft.entity(name)
        keys = binding_keys(self.req, name, [f.name for f in record.fields])
        if not keys:
            return []
        known = access_knowledge().binding
        system = system_of_record(self.req)
        for stored in (f for f in record.fields if f.set_by == "client" and "self" not in f.writers):
            stored.set_by = "server"
            stored.source = known.source.format(noun=words_of(name), key=keys[0], system=system)
        return keys

    def _bind(self, entity: Entity, path: str, roles: list[str], keys: list[str]) -> None:
        """The sign-up of a person whose record exists first: bound by the number they know and a one-time code,
        both checked against the system of record; never a record made from what they type."""
        known = access_knowledge().binding
        system = system_of_record(self.req)
        summary = self._text(known.summary, entity, keys=english.join(keys), key=keys[0], system=system)
        self._add(entity, "POST", path, "create", summary, roles, verb="bind")
        owned = self.planner.ops[self.planner.owner(entity.name)]
        endpoint = next(e for e in owned if e.method == "POST" and e.path == path)
        proof = [
            m.BodyField(
                name=f"{known.claimed_prefix}{k}",
                type="string",
                required=True,
                description=known.key_says.format(key=k, system=system),
            )
            for k in keys
        ]
        proof.append(m.BodyField(name="activation_code", type="string", required=True, description=known.code_says))
        own = [
            m.BodyField(name=f.name, type=f.type, required=f.required, field=f"{entity.name}.{f.name}")
            for f in self.planner.draft.entity(entity.name).fields
            if f.set_by == "client"
        ]
        endpoint.request = m.Body(description=known.proof_says, fields=[*proof, *own])

    def _subscriptions(self) -> None:
        """The records that say where a tenant's systems receive events are kept by the tenant's people."""
        from archgen.architects.rules.operations import collection

        hooks = protocols().webhooks
        for name, roles in needs.subscriptions(self.req):
            entity = self.planner.entities[name]
            base = collection(name)
            for stored in self.planner.draft.entity(name).fields:
                if any(w in stored.name.lower() for w in hooks.secret_words):
                    # it signs every delivery, so it is kept encrypted (not hashed) and answered only once
                    stored.set_by, stored.source, stored.encrypted = "server", hooks.secret_once, True
            if not self._has(name, MAKERS, on_record=False):
                self._add(entity, "POST", base, "create", self._text(self.why.hook_create, entity), roles)
            if not self._has(name, ("list", "search")):
                endpoint = self._read(entity, "list", roles)
                endpoint.summary = self._text(self.why.hook_list, entity)
                self.planner.add(self.planner.owner(name), endpoint)
            if not self._has(name, EDITS):
                self._add(entity, "PATCH", f"{base}/{{id}}", "update", self._text(self.why.hook_edit, entity), roles)
            if not self._has(name, ("delete",)):
                self._add(entity, "DELETE", f"{base}/{{id}}", "delete", self._text(self.why.hook_delete, entity), roles)


def settle_bound_bodies(draft: Draft) -> None:
    """A binding sign-up carries the person's own details only while they set them: a field a later step gave to
    the server (an account a verification proves) leaves its body."""
    prefix = access_knowledge().binding.claimed_prefix
    for endpoint in (e for s in draft.services for e in s.endpoints if e.request is not None):
        assert endpoint.request is not None
        if not any(f.name.startswith(prefix) for f in endpoint.request.fields):
            continue
        entity = draft.entity(endpoint.entity or "")
        server = {f"{entity.name}.{f.name}" for f in entity.fields if f.set_by == "server"}
        endpoint.request.fields = [f for f in endpoint.request.fields if f.field not in server]
