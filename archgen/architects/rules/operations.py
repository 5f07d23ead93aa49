"""Every use case made executable: the operations that carry it out, with the semantics its interaction and the
entity's lifecycle call for — create, list, read, update, state transitions, delete, batch and stream ingest, push
channels, signed webhooks and scheduled jobs — plus each entity's state machine and the fields only the server
sets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen import english
from archgen.architects.rules.domains import plural
from archgen.architects.rules.draft import Draft, option
from archgen.architects.rules.services import INGEST, REALTIME
from archgen.capacity.load import actor_kind
from archgen.design import model as m
from archgen.english import count
from archgen.naming import identifier, pascal, slug, unique_slugs, words_of
from archgen.requirements.intent import Write, states, status_field, verbs, words, write_kind
from archgen.requirements.model import Entity, UseCase

ANONYMOUS_ROLES = ("anonymous", "visitor", "public", "viewer", "shopper", "browser")
TERMINAL_WORDS = (
    "completed",
    "cancelled",
    "canceled",
    "closed",
    "rejected",
    "declined",
    "failed",
    "expired",
    "refunded",
    "archived",
    "deleted",
    "done",
    "settled",
    "finished",
    "ended",
    "withdrawn",
    "voided",
    "removed",
    "reversed",
    "checked_out",
)
CANCEL_WORDS = (
    "cancelled",
    "canceled",
    "rejected",
    "declined",
    "failed",
    "expired",
    "withdrawn",
    "voided",
    "blocked",
    "removed",
    "suspended",
)
NOTIFY_WORDS = ("notify", "notification", "notifications", "alert", "alerts", "remind", "reminder", "digest")
MONEY_WORDS = ("total", "subtotal", "fare", "balance", "tax", "fee", "fees", "commission", "surcharge", "payout")
MONEY_ENTITIES = (
    "ledger",
    "payment",
    "transaction",
    "payout",
    "refund",
    "charge",
    "transfer",
    "invoice",
    "posting",
    "entry",
    "settlement",
    "chargeback",
    "dispute",
)
AUDIT_WORDS = ("audit", "ledger", "posting", "log", "history", "event", "journal")
ACTOR_FIELDS = (
    "created_by",
    "author",
    "owner",
    "submitted_by",
    "requested_by",
    "actor",
    "sender",
    "uploaded_by",
    "reporter",
    "posted_by",
)
SEARCH_WORDS = ("search", "find", "lookup", "look")
LIST_WORDS = (
    "list",
    "browse",
    "history",
    "my",
    "all",
    "recent",
    "feed",
    "timeline",
    "inbox",
    "queue",
    "see",
    "calendar",
    "schedule",
    "overview",
)
AGGREGATE_WORDS = (
    "report",
    "reports",
    "dashboard",
    "dashboards",
    "stats",
    "statistics",
    "summary",
    "analytics",
    "totals",
    "trend",
    "trends",
    "kpi",
    "kpis",
    "insights",
    "export",
    "analyse",
    "analyze",
)
NEARBY_WORDS = ("nearby", "near", "closest", "around", "nearest")


def plan_endpoints(draft: Draft) -> None:
    """Operations for every use case, state machines, server-owned fields, realtime channels and jobs."""
    planner = _Planner(draft)
    for use_case in draft.req.use_cases:
        planner.carry(use_case)
    planner.owner_operations()
    planner.creatable_entities()
    planner.inbound_integrations()
    planner.erasure()
    planner.pattern_operations()
    for entity in draft.entities:
        _state_machine(draft, entity)
        _server_owned(draft, entity)
    planner.place()
    _decide_api_style(draft)


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
    actor = (use_case.actor or "").lower()
    # people who browse without an account may read; anything that changes data needs a signed-in caller
    anonymous = any(w in actor for w in ANONYMOUS_ROLES) and not use_case.writes
    return "public" if anonymous else "user"


def read_action(use_case: UseCase, entity: Entity) -> str:
    """How a use case reads an entity: search, nearby, aggregate, list or get."""
    said = words(use_case.name)
    if "search" in entity.access and any(w in said for w in SEARCH_WORDS):
        return "search"
    if "geo" in entity.access and any(w in said for w in NEARBY_WORDS):
        return "nearby"
    if "aggregate" in entity.access and any(w in said for w in AGGREGATE_WORDS):
        return "aggregate"
    many = slug(plural(entity.name)).replace("-", "")
    if any(w in said for w in LIST_WORDS) or many in "".join(said):
        return "list" if _listable(entity) else "get"
    if any(w in said for w in verbs().read):
        return "get" if not any(w in said for w in ("all", "my")) else "list"
    return "list" if _listable(entity) else "get"


def _listable(entity: Entity) -> bool:
    return any(a != "by_id" for a in entity.access)


def transition_verb(use_case: UseCase, target: str) -> str:
    """The verb naming a transition: the use case's word that moved the entity, else one made from the state."""
    lexicon = verbs().states
    for word in words(use_case.name):
        if target in lexicon.get(word, ()) or target.startswith(word[: max(3, len(word) - 1)]):
            return slug(word)
    stem = re.sub(r"(ed|d)$", "", target)
    return slug(stem.replace("_", "-"))


class _Planner:
    """Collects operations per owner service, then places them (merged by method and path)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.req = draft.req
        self.ops: dict[str, list[m.Endpoint]] = {}  # service → operations in the order planned
        self.entities = {e.name: e for e in self.req.data.entities}

    def add(self, service: str, endpoint: m.Endpoint) -> m.Endpoint:
        for existing in self.ops.setdefault(service, []):
            if existing.method == endpoint.method and existing.path == endpoint.path:
                existing.use_cases += [u for u in endpoint.use_cases if u not in existing.use_cases]
                existing.roles += [r for r in endpoint.roles if r not in existing.roles]
                if existing.auth != endpoint.auth and "public" in (existing.auth, endpoint.auth):
                    existing.auth = "user" if "user" in (existing.auth, endpoint.auth) else existing.auth
                existing.async_ = existing.async_ or endpoint.async_
                return existing
        self.ops[service].append(endpoint)
        return endpoint

    def owner(self, entity: str) -> str:
        return self.draft.service_of(entity).name

    # --- one use case ---------------------------------------------------------------------------------------

    def carry(self, use_case: UseCase) -> None:
        interaction = use_case.interaction
        if interaction == "scheduled":
            self._job(use_case)
            return
        if interaction == "webhook":
            self._webhook(use_case)
            return
        if interaction == "push":
            self._push(use_case)
            return
        if interaction == "stream":
            self._stream(use_case)
            return
        if use_case.writes:
            self._write(use_case)
        elif use_case.reads:
            self._read(use_case)
        else:
            self._command(use_case)

    def _read_op(self, entity: Entity, action: str, use_case: str, auth: m.Caller, roles: list[str]) -> m.Endpoint:
        """A read operation whose filters never name the tenant (it comes from the token)."""
        endpoint = _read_endpoint(entity, action, use_case, auth, roles)
        endpoint.filters = [f for f in endpoint.filters if not _is_tenant_key(self.draft, f.field)]
        return endpoint

    def _roles(self, use_case: UseCase) -> list[str]:
        return [use_case.actor] if use_case.actor else []

    def _write(self, use_case: UseCase) -> None:
        lead = self.entities[use_case.writes[0]]
        how = write_kind(use_case, lead)
        auth = caller(self.draft, use_case)
        if use_case.interaction == "batch":
            device = actor_kind(self.req, use_case) == "device" and self.draft.service(INGEST) is not None
            self.add(INGEST if device else self.owner(lead.name), _ingest(lead, use_case, auth))
            return
        self.add(self.owner(lead.name), self._write_endpoint(use_case, lead, how, auth))

    def _write_endpoint(self, use_case: UseCase, lead: Entity, how: Write, auth: m.Caller) -> m.Endpoint:
        base = collection(lead.name)
        noun = pascal(lead.name)
        common = {
            "entity": lead.name,
            "use_cases": [use_case.name],
            "async_": use_case.async_,
            "auth": auth,
            "roles": self._roles(use_case),
        }
        if how.kind == "transition" and how.target:
            verb = transition_verb(use_case, how.target)
            return m.Endpoint(
                method="POST",
                path=f"{base}/{{id}}/{verb}",
                operation_id=identifier(f"{verb} {noun}"),
                summary=use_case.name,
                action="transition",
                transition=verb,
                idempotency_key=True,
                **common,
            )
        if how.kind == "delete":
            return m.Endpoint(
                method="DELETE",
                path=f"{base}/{{id}}",
                operation_id=identifier(f"delete {noun}"),
                summary=use_case.name,
                action="delete",
                **common,
            )
        if how.kind == "update":
            return m.Endpoint(
                method="PATCH",
                path=f"{base}/{{id}}",
                operation_id=identifier(f"update {noun}"),
                summary=use_case.name,
                action="update",
                **common,
            )
        return m.Endpoint(
            method="POST",
            path=base,
            operation_id=identifier(f"create {noun}"),
            summary=use_case.name,
            action="create",
            idempotency_key=True,
            **common,
        )

    def _read(self, use_case: UseCase) -> None:
        lead = self.entities[use_case.reads[0]]
        action = read_action(use_case, lead)
        auth = caller(self.draft, use_case)
        self.add(self.owner(lead.name), self._read_op(lead, action, use_case.name, auth, self._roles(use_case)))

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
        said = set(words(use_case.name))
        kind = actor_kind(self.req, use_case)
        lead = use_case.reads[0] if use_case.reads else (use_case.writes[0] if use_case.writes else None)
        if said & set(NOTIFY_WORDS) and kind == "person":
            channel = self._mobile_channel(use_case)
        elif kind == "device":
            channel = self._device_channel()
        else:
            channel = self._live_channel()
        _add_message(
            channel,
            m.RealtimeMessage(
                name=pascal(use_case.name),
                direction="to-client",
                entity=lead,
                description=use_case.description or use_case.name,
            ),
        )
        if use_case.name not in channel.use_cases:
            channel.use_cases.append(use_case.name)
        if use_case.actor and use_case.actor not in channel.audience:
            channel.audience.append(use_case.actor)
        if channel.protocol == "mobile-push":
            self._device_tokens(channel)

    def _webhook(self, use_case: UseCase) -> None:
        integration = use_case.actor or "provider"
        lead = use_case.writes[0] if use_case.writes else (use_case.reads[0] if use_case.reads else None)
        service = self.owner(lead) if lead else self.draft.services[0].name
        path = f"/v1/webhooks/{slug(integration, 'provider')}"
        existing = [e for ops in self.ops.values() for e in ops if e.path == path]
        if existing:
            endpoint = existing[0]
            if use_case.name not in endpoint.use_cases:
                endpoint.use_cases.append(use_case.name)
            return
        self.add(
            service,
            m.Endpoint(
                method="POST",
                path=path,
                operation_id=identifier(f"receive {integration} events"),
                summary=f"Receive {integration} events",
                action="webhook",
                entity=lead,
                auth="signature",
                roles=[integration],
                use_cases=[use_case.name],
            ),
        )

    def _job(self, use_case: UseCase) -> None:
        lead = use_case.writes[0] if use_case.writes else (use_case.reads[0] if use_case.reads else None)
        service = self.owner(lead) if lead else self.draft.services[0].name
        self.draft.jobs.append(
            m.Job(
                name=use_case.name,
                schedule=schedule(use_case.frequency_per_user_per_day),
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
                "title and the id to open; the app fetches the details over the API; notifications are collapsed per "
                "conversation or record so a burst becomes one",
                messages=[],
            )
            self.draft.realtime.append(channel)
        return channel

    def _device_tokens(self, channel: m.RealtimeChannel) -> None:
        """Phones register the token push providers address them by."""
        self.add(
            channel.service,
            m.Endpoint(
                method="PUT",
                path="/v1/me/push-tokens/{token}",
                operation_id="registerPushToken",
                summary="Register this device for push notifications",
                action="command",
                auth="user",
                roles=channel.audience[:],
                use_cases=[],
            ),
        )
        self.add(
            channel.service,
            m.Endpoint(
                method="DELETE",
                path="/v1/me/push-tokens/{token}",
                operation_id="unregisterPushToken",
                summary="Stop push notifications to this device",
                action="command",
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
                endpoint = self._write_endpoint(use_case, entity, how, "service")
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
            auth: m.Caller = "user"
            people = {r.name for r in self.req.users.roles}
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

    def inbound_integrations(self) -> None:
        """Every system that calls in gets a signed, idempotent webhook endpoint outside user authentication."""
        for integration in self.req.integrations:
            if integration.direction == "outbound":
                continue
            path = f"/v1/webhooks/{slug(integration.name, 'provider')}"
            if any(e.path == path for ops in self.ops.values() for e in ops):
                continue
            users = [u for u in self.req.use_cases if integration.name in u.calls]
            lead = next((n for u in users for n in [*u.writes, *u.reads]), None)
            service = self.owner(lead) if lead else self.draft.services[0].name
            self.add(
                service,
                m.Endpoint(
                    method="POST",
                    path=path,
                    operation_id=identifier(f"receive {integration.name} events"),
                    summary=f"Receive {integration.name} events",
                    action="webhook",
                    entity=lead,
                    auth="signature",
                    roles=[integration.name],
                    use_cases=[],
                ),
            )

    def erasure(self) -> None:
        """Personal data under GDPR or CCPA is erased by an asynchronous request that honours legal holds."""
        regimes = {r.lower() for r in self.req.compliance.regimes}
        if not regimes & {"gdpr", "ccpa"}:
            return
        personal = [e for e in self.req.data.entities if e.pii or e.name in self.draft.personal]
        people = [e for e in personal if _is_person(e)]
        for entity in people[:1] or personal[:1]:
            service = self.owner(entity.name)
            path = f"{collection(entity.name)}/{{id}}/erasure-requests"
            self.add(
                service,
                m.Endpoint(
                    method="POST",
                    path=path,
                    operation_id=identifier(f"request erasure of {entity.name}"),
                    summary=f"Request erasure of {english.a(words_of(entity.name))}'s personal data",
                    action="command",
                    entity=entity.name,
                    async_=True,
                    idempotency_key=True,
                    auth="user",
                    roles=[],
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
                entity = text(self.draft, found, spec.entity) if spec.entity else None
                if entity is not None and entity not in self.entities:
                    entity = None
                path = text(self.draft, found, spec.path)
                summary = text(self.draft, found, spec.summary)
                action = spec.action if spec.action in m.Action.__args__ else "command"  # type: ignore[attr-defined]
                roles = listed(self.draft, found, spec.roles) if spec.roles else []
                if spec.replace:  # the generic operations stay, but no longer claim these use cases
                    for endpoint in (e for ops in self.ops.values() for e in ops):
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


def _add_message(channel: m.RealtimeChannel, message: m.RealtimeMessage) -> None:
    if not any(x.name == message.name and x.direction == message.direction for x in channel.messages):
        channel.messages.append(message)


def _is_person(entity: Entity) -> bool:
    from archgen.architects.rules.stores import _personal

    return any(w in entity.name.lower() for w in _personal()["person_entities"])


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


def schedule(runs_per_day: float) -> str:
    """A cron expression (UTC) for a job that runs `runs_per_day` times a day."""
    if runs_per_day <= 1:
        return "0 2 * * * (daily at 02:00 UTC)"
    minutes = max(1, round(1440 / runs_per_day))
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return f"0 */{hours} * * * (every {hours} hours)" if hours > 1 else "0 * * * * (hourly)"
    return f"*/{minutes} * * * * (every {minutes} minutes)" if minutes > 1 else "* * * * * (every minute)"


# --- lifecycle and field ownership ------------------------------------------------------------------------------


def _state_machine(draft: Draft, entity: m.EntityDesign) -> None:
    source = draft.req.entity(entity.name)
    lifecycle = states(source)
    field = status_field(source)
    if len(lifecycle) < 2 or field is None:
        return
    terminal = [s for s in lifecycle if s.lower() in TERMINAL_WORDS]
    transitions: dict[str, m.Transition] = {}
    for use_case in draft.req.use_cases:
        if entity.name not in use_case.writes:
            continue
        how = write_kind(use_case, source)
        if how.kind != "transition" or how.target is None:
            continue
        target = how.target
        verb = transition_verb(use_case, target)
        index = lifecycle.index(target)
        if target.lower() in CANCEL_WORDS:
            sources = [s for s in lifecycle if s != target and s not in terminal]
        else:
            before = [s for s in lifecycle[:index] if s not in terminal]
            sources = before[-1:] or [lifecycle[0]]
        actor = use_case.actor or ("system" if use_case.interaction == "scheduled" else "")
        if verb in transitions:
            existing = transitions[verb]
            if actor and actor not in existing.roles:
                existing.roles.append(actor)
            continue
        transitions[verb] = m.Transition(
            name=verb,
            source=sources,
            target=target,
            use_case=use_case.name,
            roles=[actor] if actor else [],
            emits=f"{pascal(entity.name)}{pascal(target)}",
        )
    entity.state_machine = m.StateMachine(
        field=field,
        states=lifecycle,
        initial=lifecycle[0],
        terminal=terminal,
        transitions=list(transitions.values()),
    )


def _server_owned(draft: Draft, entity: m.EntityDesign) -> None:
    """Mark the fields no client may set, and say who sets each."""
    source = draft.req.entity(entity.name)
    machine = entity.state_machine
    writers = [u for u in draft.req.use_cases if entity.name in u.writes]
    actors = {u.actor.lower(): u.actor for u in writers if u.actor}
    append_only_record = source.mutability == "append_only" and any(w in entity.name.lower() for w in AUDIT_WORDS)
    money_entity = any(w in entity.name.lower() for w in MONEY_ENTITIES)
    targets = {t.target: t.name for t in machine.transitions} if machine else {}
    for stored in entity.fields:
        name = stored.name.lower()
        parts = name.split("_")
        field_type = source.fields.get(stored.name)
        if append_only_record and stored.name != "id":
            stored.set_by, stored.source = "server", f"the {entity.owner} service when it records the entry"
        elif name == "id":
            stored.set_by, stored.source = "server", "a UUID v7 it generates"
        elif machine and stored.name == machine.field:
            stored.set_by, stored.source = "server", "the state machine: changed only by its transitions"
        elif _is_tenant_key(draft, stored.name):
            stored.set_by, stored.source = "server", "the tenant claim of the caller's token"
        elif name in ("created_at", "updated_at", "version", "etag"):
            stored.set_by, stored.source = (
                "server",
                "its clock" if name.endswith("_at") else "a counter it increments on every write",
            )
        elif name.endswith("_at") and parts[0] in {t.split("_")[0] for t in targets}:
            verb = next(v for t, v in targets.items() if t.split("_")[0] == parts[0])
            stored.set_by, stored.source = "server", f"the {verb} transition"
        elif field_type is not None and field_type.kind == "ref" and field_type.target.lower() in actors:
            stored.set_by, stored.source = (
                "server",
                f"the signed-in {actors[field_type.target.lower()]} (from the token)",
            )
        elif name in ACTOR_FIELDS or (len(parts) > 1 and "_".join(parts[-2:]) in ACTOR_FIELDS):
            stored.set_by, stored.source = "server", "the signed-in caller (from the token)"
        elif any(p in MONEY_WORDS for p in parts) or (money_entity and "amount" in parts and machine is not None):
            stored.set_by, stored.source = "server", f"computed by the {entity.owner} service"
        elif parts[-1] == "count" or (
            name in ("rating", "score") and writers and all(u.interaction != "request" for u in writers)
        ):
            stored.set_by, stored.source = "server", f"maintained by the {entity.owner} service"


def _is_tenant_key(draft: Draft, field: str) -> bool:
    """Whether a field names the tenant of a multi-tenant system (taken from the token, never from a client)."""
    tenancy = draft.req.system.tenancy
    if tenancy is None or tenancy.model != "multi":
        return False
    return any(w in field.lower() for w in ("tenant", "organisation", "organization")) or field == "workspace"


def _decide_api_style(draft: Draft) -> None:
    req = draft.req
    internal_only = all(r.internal for r in req.users.roles if r.kind == "person")
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
    clients = "staff browsers" if internal_only else "web and mobile clients"
    machine = sorted({r.kind for r in req.users.roles if r.kind != "person"})
    decision_id = draft.decide(
        title="API style and conventions",
        context=f"Callers are {clients}"
        + (f", {' and '.join(k + 's' for k in machine)}" if machine else "")
        + (f" and {len(req.integrations)} external systems" if req.integrations else "")
        + (f"; live updates travel over {', '.join(realtime)}" if realtime else "")
        + ".",
        options=options,
        decision="REST over HTTPS with OpenAPI 3.1",
        rationale=f"The callers are {clients}"
        + (" and external systems" if req.integrations else "")
        + ": REST with OpenAPI is what all of them speak, caches at every layer and is reviewable as a contract; "
        "the realtime channels are described separately (AsyncAPI) because they are not request and response.",
        consequences=[
            "every service publishes an OpenAPI 3.1 document, checked by a linter in CI",
            "paths are versioned (/v1); breaking changes get a new version and a deprecation window",
            "state changes are commands on the record (POST …/{id}/{transition}); a PATCH never sets a status",
        ],
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
        idempotency="Unsafe POSTs accept an Idempotency-Key header; the server stores the first response "
        "for 24 hours and replays it for retries; webhooks are de-duplicated on the sender's event id",
        concurrency="Responses carry an ETag; PATCH, PUT, DELETE and transitions require If-Match, answer 412 on a "
        "stale version and 428 when it is missing; a transition from the wrong state answers 409",
    )
