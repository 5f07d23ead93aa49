"""One OpenAPI 3.1 document per service, built as data from the Design (never templated)."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from typing import Any

from archgen.common.english import a, join, plural
from archgen.common.naming import pascal, slug, words_of
from archgen.design import aggregates, page_tokens, public_filters, read_models, views
from archgen.design.addressing import takes_many
from archgen.design.bodies import NO_BODY, success_status
from archgen.design.callers import machine_reach
from archgen.design.credentials import edge_of
from archgen.design.credentials import spec as credential_spec
from archgen.design.embeds import design_personal, own_only
from archgen.design.later import carried_by_moves, supplied_later
from archgen.design.ledger_chart import internal_write
from archgen.design.model import (
    PUSH_REGISTRATION,
    Body,
    CallerAuth,
    Design,
    Endpoint,
    EntityDesign,
    Environment,
    Service,
    StoredField,
)
from archgen.design.natural_keys import external_key
from archgen.design.redirects import destination
from archgen.design.scope_paths import visibility_field
from archgen.design.views import View
from archgen.knowledge.contracts import Contract, contracts
from archgen.knowledge.credentials import credentials
from archgen.knowledge.protocols import Operation, Protocol, Provider, protocols
from archgen.knowledge.searching import search_words
from archgen.knowledge.subject_rights import subject_rights
from archgen.knowledge.views import view_words
from archgen.knowledge.wiring import wiring
from archgen.render.openapi import bodies, projections, schemas, view_schemas
from archgen.render.openapi.components import Components
from archgen.render.openapi.schemas import MAX_PAGE, SINGLE_LINE, field_schema
from archgen.requirements.personal import Personal

Json = dict[str, Any]

SESSION_COOKIE = "__Host-session"  # the __Host- prefix: secure, this host only, path /
SERVICE_SCHEME = "serviceMtls"
DEVICE_SCHEME = "deviceCertificate"
CLIENT_SCHEME = "clientCredentials"
TOKEN_PATH = protocols().protocols["oauth"].operations[0].path  # where systems get client-credential tokens
SIGNATURE_SCHEME = "webhookSignature"
MERGE_PATCH = "application/merge-patch+json"
READS = ("get", "list", "search", "aggregate", "nearby")
# Which problem responses each kind of operation can give, besides 400, 401, 429 and 500 that all can.
PROBLEMS_BY_ACTION = {
    "get": ("404",),
    "create": ("409", "422"),
    "command": ("404", "409", "422"),
    "update": ("404", "409", "412", "422", "428"),
    "replace": ("404", "409", "412", "422", "428"),
    "delete": ("404", "412", "428"),
    "transition": ("404", "409", "412", "428"),
    "ingest": ("413", "422"),
}

SIGNED_PATTERN = r"^[A-Za-z0-9_.~-]+$"  # a signed value the client sends back unchanged: URL-safe, no spaces


def openapi_documents(design: Design) -> dict[str, Json]:
    """The OpenAPI document of every service that offers operations, keyed by the service's slug: one that only
    consumes events or runs jobs has no API to document."""
    return {service.slug: document(design, service) for service in design.services if service.endpoints}


def document(design: Design, service: Service) -> Json:
    """The OpenAPI 3.1 document of one service."""
    return _Builder(design, service).document()


def production_url(design: Design) -> str:
    """The base URL of the production API (a placeholder host under example.com: the design names no domain)."""
    return f"https://api.{design.system.slug}.example.com"


def internal_only(design: Design) -> bool:
    """True when every user of the system is staff, so no API is meant for the public internet."""
    return all(role.internal for role in design.requirements.users.roles)


def service_callers(design: Design, service: Service) -> list[Service]:
    """The services that call this one over the network (those in other deployables that depend on it)."""
    return [s for s in design.services if service.name in s.depends_on and s.deployable != service.deployable]


class _Builder:
    """Builds one service's document; components are registered as operations use them."""

    def __init__(self, design: Design, service: Service) -> None:
        self.design = design
        self.service = service
        self.components = Components(f"{production_url(design)}/problems")
        self.callers = service_callers(design, service)
        # people's scheme follows what the design says they send: the platform's header, a cookie or a token
        self.people = credential_spec(design.security.callers, design.clients)
        self.user_scheme = self.people.scheme

    def document(self) -> Json:
        paths: Json = {}
        for endpoint in self.service.endpoints:
            item = paths.setdefault(endpoint.path, {})
            names = re.findall(r"\{([^{}]+)\}", endpoint.path)
            if names:
                item["parameters"] = [self._path_parameter(name) for name in names]
            item[endpoint.method.lower()] = self.operation(endpoint)
        for item in paths.values():  # path parameters read best after the operations
            if "parameters" in item:
                item["parameters"] = item.pop("parameters")
        self._security_schemes()
        if any(e.response is not None or e.status is not None for e in self.service.endpoints):
            self.components.prune(paths)
        # parts may be shared between operations: yamlio.dump writes each out in full, never as an alias
        return {
            "openapi": "3.1.0",
            "info": self._info(),
            "servers": self._servers(),
            "security": [{self._default_scheme(): []}],
            "tags": self._tags(),
            "paths": paths,
            "components": self.components.as_dict(),
        }

    def _path_parameter(self, name: str) -> Json:
        """`{id}` is the record's id; any other segment a hand-edited path adds is the id of a related record."""
        if name == "id":
            return self.components.parameter("Id")
        schema = {"type": "string", "format": "uuid", "maxLength": 36}
        return {
            "name": name,
            "in": "path",
            "required": True,
            "description": f"The {name.replace('_', ' ')}.",
            "schema": schema,
        }

    def _info(self) -> Json:
        design, service = self.design, self.service
        conventions = design.api
        return {
            "title": f"{service.name[:1].upper()}{service.name[1:]} API",
            "version": "1.0.0",
            "summary": f"The {service.name} service of {design.system.name}.",
            "description": "\n\n".join(
                [
                    service.responsibility,
                    *(
                        f"{label}: {text.rstrip('.')}."
                        for label, text in (
                            ("Versioning", conventions.versioning),
                            ("Pagination", conventions.pagination),
                            ("Errors", conventions.errors),
                            ("Rate limits", conventions.rate_limits),
                            ("Idempotency", conventions.idempotency),
                            ("Concurrency", conventions.concurrency),
                        )
                    ),
                    "Server hosts are placeholders under example.com until the domains are chosen.",
                ]
            ),
            "contact": {"name": f"{service.name} team", "email": f"{service.slug}-api@example.com"},
            "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
        }

    def _servers(self) -> list[Json]:
        environments = self.design.deployment.environments or [Environment(name="production", purpose="real users")]
        ordered = sorted(environments, key=lambda e: _environment_kind(e.name) != "production")
        return [self._server(env) for env in ordered]

    def _server(self, env: Environment) -> Json:
        kind = _environment_kind(env.name)
        if kind == "production":
            url = production_url(self.design)
        elif kind == "local development":
            url = "https://localhost:8443"
        else:
            url = f"https://api.{slug(env.name, 'env')}.{self.design.system.slug}.example.com"
        name = env.name[:1].upper() + env.name[1:]
        label = name if kind in env.name.lower() else f"{name}, {a(kind)} environment"
        return {
            "url": url,
            "description": f"{label}: {env.purpose}",
            # only production serves the system's users; every other environment is for the team
            "x-internal": kind != "production" or internal_only(self.design),
        }

    def _tags(self) -> list[Json]:
        tags = {}
        for endpoint in self.service.endpoints:
            if endpoint.entity is None:
                tags[self.service.name] = self.service.responsibility
            else:
                tags[endpoint.entity] = self.design.entity(endpoint.entity).description or f"{endpoint.entity} records."
        return [{"name": name, "description": description} for name, description in tags.items()]

    def _default_scheme(self) -> str:
        """The scheme most of the service's operations use (a person's bearer token unless none of them do)."""
        kinds = [e.auth for e in self.service.endpoints]
        for kind, scheme in (
            ("user", self.user_scheme),
            ("device", DEVICE_SCHEME),
            ("service", CLIENT_SCHEME),
            ("signature", SIGNATURE_SCHEME),
        ):
            if kind in kinds:
                return scheme
        return self.user_scheme

    def _scope_note(self) -> str:
        """What a token granted the plain read scope gets, when personal fields take scopes of their own."""
        wider = [s.name for s in self.design.security.scopes if s.classes]
        if not wider:
            return ""
        return (
            " A token granted `read` alone gets records without personal fields, as others see them; "
            + join([f"`{n}`" for n in wider])
            + " each open one class of them, so a client is granted only the classes it needs."
        )

    def _security_schemes(self) -> None:
        security = self.design.security
        kinds = {e.auth for e in self.service.endpoints} | {a for e in self.service.endpoints for a in e.other_callers}
        methods = {c.kind: c.method for c in security.callers}
        if "device" in kinds:
            self.components.security_scheme(
                DEVICE_SCHEME,
                {
                    "type": "mutualTLS",
                    "description": "Devices: "
                    + methods.get("device", "a per-device X.509 certificate (mutual TLS)")
                    + ".",
                },
            )
        if "service" in kinds:
            self.components.security_scheme(
                CLIENT_SCHEME,
                {
                    "type": "oauth2",
                    "description": "Other systems: "
                    + methods.get("service", "OAuth 2.0 client credentials")
                    + f".{self._scope_note()} Access tokens are short-lived, signed JWTs validated as RFC8725 (JWT "
                    "best current practices) "
                    "asks: an allow-list of algorithms (never `none`), and issuer, audience and expiry checked on "
                    "every request; a client asks the token endpoint again before expiry.",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": f"{production_url(self.design)}{TOKEN_PATH}",
                            "refreshUrl": f"{production_url(self.design)}{TOKEN_PATH}",
                            "scopes": {s.name: s.description for s in security.scopes}
                            or {"write": "Submit records", "read": "Read records"},
                        }
                    },
                },
            )
        if "signature" in kinds:
            self.components.security_scheme(
                SIGNATURE_SCHEME,
                {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Webhook-Signature",
                    "description": "The sender's HMAC-SHA256 signature over the raw body and a timestamp, in the "
                    f"header the sender defines{self._signature_headers()}; verified with the sender's secret within a "
                    "5-minute window before anything else happens. No user token is involved.",
                },
            )
        for endpoint in self.service.endpoints:
            protocol = protocols().of_path(endpoint.path)
            for name, scheme in protocol.security.items() if protocol is not None else ():
                if scheme:  # an empty one is a scheme of the document's own
                    self.components.security_scheme(name, scheme)
        if any(internal_write(e) for e in self.service.endpoints):
            self._service_scheme()
        if "user" not in kinds and "public" not in kinds and self.service.endpoints:
            return
        self.components.security_scheme(self.user_scheme, self._people_scheme())
        if self.callers:
            self._service_scheme()

    def _service_scheme(self) -> None:
        """The mutual-TLS scheme of the services that call this one (the posting services, for internal writes)."""
        names = ", ".join(s.name for s in self.callers) or "the services that post to it"
        self.components.security_scheme(
            SERVICE_SCHEME,
            {
                "type": "mutualTLS",
                "description": f"Services ({names}): {self.design.security.service_to_service}. The client "
                "certificate names the calling workload; only the services listed may call.",
            },
        )

    def _people_scheme(self) -> Json:
        """People's scheme, as the design says they send their sign-in."""
        security = self.design.security
        description = self.people.description.format(
            people=_people(security.callers) or "Users: " + security.authentication
        )
        edge = edge_of(security.callers)
        if edge is not None:
            return {"type": "apiKey", "in": "header", "name": edge.header, "description": description}
        if self.user_scheme == credentials().carriers["cookie"].scheme:
            return {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE, "description": description}
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "description": description}

    def operation(self, endpoint: Endpoint) -> Json:
        """One operation with its parameters, body, responses and security."""
        protocol = protocols().of_path(endpoint.path)
        standard = protocol.operation(endpoint.method, endpoint.path) if protocol else None
        if protocol is not None and standard is not None:
            return self._protocol_operation(endpoint, protocol, standard)
        entity = self.design.entity(endpoint.entity) if endpoint.entity else None
        op: Json = {
            "operationId": endpoint.operation_id,
            "summary": endpoint.summary[:120],
            "description": self._description(endpoint, entity),
            "tags": [entity.name] if entity else [self.service.name],
        }
        security = self._operation_security(endpoint)
        if security is not None:
            op["security"] = security
        parameters = self._parameters(endpoint, entity)
        if parameters:
            op["parameters"] = parameters
        body = self._stated_request(endpoint) or self._request_body(endpoint, entity)
        if body:
            op["requestBody"] = body
        op["responses"] = self._stated_responses(endpoint, self._responses(endpoint, entity))
        return op

    def _protocol_operation(self, endpoint: Endpoint, protocol: Protocol, standard: Operation) -> Json:
        """An operation a standard defines, with the standard's parameters, bodies and errors: none of the house
        conventions it is exempt from (If-Match, Idempotency-Key, cursor pages, problem+json)."""
        resource = endpoint.path.split("/")[3] if protocol.resources and endpoint.path.count("/") >= 3 else ""
        detail = standard.detail.replace("{resource}", resource)
        notes = [endpoint.summary.rstrip(".") + ".", detail, f"Follows {protocol.standard}."]
        if "if_match" in protocol.exempt and endpoint.method in ("PUT", "PATCH", "DELETE"):
            notes.append("If-Match is accepted but never required: the standard's clients do not send it.")
        if endpoint.roles:
            notes.append(f"Callers: {', '.join(endpoint.roles)}.")
        op: Json = {
            "operationId": endpoint.operation_id,
            "summary": endpoint.summary[:120],
            "description": " ".join(n for n in notes if n),
            "tags": [endpoint.entity or self.service.name],
        }
        security = self._operation_security(endpoint)
        if security is not None:
            op["security"] = security
        parameters = [_restricted(protocol.params[name]) for name in standard.params]
        if parameters:
            op["parameters"] = parameters
        media = protocol.media_type
        if standard.request is not None and endpoint.method not in NO_BODY:
            schema = self._protocol_schema(protocol, standard.request)
            op["requestBody"] = {"required": True, "content": {media: {"schema": schema}}}
        status = str(standard.status or (201 if endpoint.action == "create" else 200))
        success: Json = {"description": "The answer the standard defines.", "headers": self.components.headers()}
        if standard.response is not None and status != "204":
            success["content"] = {media: {"schema": self._protocol_schema(protocol, standard.response)}}
        responses: Json = {status: success}
        error = self._protocol_schema(protocol, protocol.errors) if protocol.errors else None
        codes = ["400", "401", *(["404"] if "{" in endpoint.path else []), *(["409"] if status == "201" else [])]
        for code in [*codes, "429", "500"]:
            if error is None:
                responses[code] = self.components.problem(code)
            else:
                content = {media: {"schema": error}}
                responses[code] = {
                    "description": f"An error ({code}) in the standard's own form.",
                    "headers": self.components.headers(*(["Retry-After"] if code == "429" else [])),
                    "content": content,
                }
        op["responses"] = responses
        return op

    def _signature_headers(self) -> str:
        """Where this service's webhook senders put their signatures, by their own names."""
        found = [self._provider(e) for e in self.service.endpoints if e.action == "webhook"]
        said = list(dict.fromkeys(f"{p.name}: {p.signature_header}" for p in found if p is not None))
        return f" ({'; '.join(said)})" if said else ""

    def _contract(self, endpoint: Endpoint) -> Contract | None:
        """The contract of the provider that calls a webhook, when it states how its notifications arrive."""
        for integration in self.design.requirements.integrations:
            if integration.name in endpoint.roles:
                found = contracts().of(f"{integration.name} {integration.kind or ''}")
                return found if found is not None and found.notification is not None else None
        return None

    def _provider(self, endpoint: Endpoint) -> Provider | None:
        """The provider that calls a webhook, by the calling integration's name and kind."""
        for integration in self.design.requirements.integrations:
            if integration.name in endpoint.roles:
                return protocols().provider(f"{integration.name} {integration.kind or ''}")
        return None

    def _protocol_schema(self, protocol: Protocol, name: str) -> Json:
        """A schema of the protocol, registered with those it refers to."""
        body = protocol.schemas[name]
        for used in re.findall(r"#/components/schemas/(\w+)", str(body)):
            if used != name:
                self._protocol_schema(protocol, used)
        return self.components.schema(name, lambda: _restricted(body))

    def _nested_record(self, roles: list[str]) -> bodies.Record:
        """An entity's record nested in a stated body, as the operation's callers may read it."""

        def record(name: str) -> Json | None:
            entity = next((e for e in self.design.entities if e.name == name), None)
            return self._summary(entity, roles) if entity is not None else None

        return record

    def _stated_request(self, endpoint: Endpoint) -> Json | None:
        """The request body the operation states field by field (on GET and DELETE they are query parameters)."""
        if endpoint.request is None or endpoint.method in NO_BODY:
            return None
        name = f"{pascal(endpoint.operation_id)}Request"
        what = f"What {endpoint.summary[:1].lower()}{endpoint.summary[1:].rstrip('.')} takes."
        stated = self._stated(endpoint, name, request=True)
        schema = self.components.schema(name, lambda: bodies.body_schema(stated, endpoint.request or Body(), what))
        media = MERGE_PATCH if endpoint.action == "update" else "application/json"
        required = any(f.required for f in endpoint.request.fields)
        return {"required": required or endpoint.action != "transition", "content": {media: {"schema": schema}}}

    def _stated_responses(self, endpoint: Endpoint, responses: Json) -> Json:
        """The derived responses with the success answer the operation states: its status, its body or both."""
        status = endpoint.status
        if endpoint.response is None and status is None:
            return responses
        derived = next((code for code in responses if code.startswith("2")), "200")
        answer = dict(responses.pop(derived, {"description": "Done."}))
        code = str(status or derived)
        if endpoint.response is not None:
            answer["content"] = {"application/json": {"schema": self._stated_answer(endpoint)}}
            if endpoint.action in ("list", "search", "nearby"):
                answer["description"] = "A page of results, in order."
        if code == "204":
            answer.pop("content", None)
            answer["description"] = "Done."
        elif code == "202" and derived != "202":
            answer["description"] = "Accepted for processing; the result follows."
        elif code == "303":
            answer.pop("content", None)
            where = destination(self.design.entities, endpoint.entity or "")
            answer["description"] = (
                f"See Other: the visit is recorded and Location is {where}, where the caller goes next."
                if where
                else "See Other: the visit is recorded and Location is where the caller goes next."
            )
        if code != derived:
            wanted = {"201": ("Location", "ETag"), "202": ("Location",), "303": ("Location",)}.get(code, ())
            answer["headers"] = self.components.headers(*wanted)
        responses[code] = answer
        return dict(sorted(responses.items()))

    def _stated(self, endpoint: Endpoint, name: str, request: bool) -> bodies.Stated:
        owner = endpoint.entity or self.service.name
        sent = request and endpoint.action == "webhook"
        return bodies.Stated(owner, name, self._nested_record(endpoint.roles), self.components.schema, request, sent)

    def _stated_answer(self, endpoint: Endpoint) -> Json:
        body = endpoint.response or Body()
        base = pascal(endpoint.operation_id)
        if endpoint.action not in ("list", "search", "nearby"):
            what = f"The answer to {endpoint.summary[:1].lower()}{endpoint.summary[1:].rstrip('.')}."
            stated = self._stated(endpoint, f"{base}Response", request=False)
            return self.components.schema(stated.name, lambda: bodies.body_schema(stated, body, what))
        item = f"{base}Item"
        stated = self._stated(endpoint, item, request=False)
        self.components.schema(
            item, lambda: bodies.body_schema(stated, body, f"One result of {endpoint.operation_id}.")
        )
        entity = next((e for e in self.design.entities if e.name == endpoint.entity), None)
        if entity is None:
            return self._entity_schema(None, "Page", schemas.page_schema)
        return self.components.schema(f"{item}Page", lambda: schemas.page_schema(entity, item))

    def _description(self, endpoint: Endpoint, entity: EntityDesign | None) -> str:
        notes = [endpoint.summary.rstrip(".") + "."]
        if endpoint.sort:
            notes.append(f"Newest first by `{endpoint.sort}` unless `sort` says otherwise.")
        if endpoint.action == "transition" and entity is not None and entity.state_machine is not None:
            move = next((t for t in entity.state_machine.transitions if t.name == endpoint.transition), None)
            if move is not None and move.source == [move.target]:
                # a move that leaves the record where it is (a countersignature) says what it checks instead
                notes.append(
                    f"Allowed while the {entity.name} is {move.target}, which it leaves unchanged ({move.guard}); "
                    "from any other state it answers 409 Conflict."
                    if move.guard
                    else f"Allowed while the {entity.name} is {move.target}, which it leaves unchanged; from any "
                    "other state it answers 409 Conflict."
                )
            elif move is not None:
                notes.append(
                    f"Moves the {entity.name} from {' or '.join(move.source)} to {move.target}; from any "
                    "other state it answers 409 Conflict."
                )
        if endpoint.link == "upload":
            notes.append(
                "The answer carries a pre-signed URL: the client PUTs the file there (in parts when it is large) "
                "before the URL expires; no file passes through the API."
            )
        elif endpoint.link == "download":
            notes.append(
                "The answer carries a short-lived signed URL to fetch the file from storage or the CDN, issued only "
                "to a caller the record itself may be read by (the same checks as reading it)."
            )
        elif endpoint.link == "export" and endpoint.method == "POST":
            notes.append(
                "Starts an export job and answers at once; GET the job until it succeeds, then fetch its signed "
                "download link."
            )
        if endpoint.action in ("create", "command", "transition", "ingest") and endpoint.idempotency_key:
            notes.append("Send an Idempotency-Key so a retry never repeats the change.")
        if endpoint.action in ("update", "replace", "delete", "transition"):
            notes.append("Send the record's ETag as If-Match: a change never overwrites one made meanwhile.")
        if endpoint.action == "webhook" and "{" in endpoint.path:
            # a URL of its own per target: its token is the credential, and the body is what is posted
            notes.append(
                "Called by an app, not by a user: the unguessable hook id in the URL names the webhook (and so the "
                "record it posts into) and proves the call; a revoked or rotated hook answers 404. The body is what "
                "the app posts; there is no sender's event to de-duplicate or reconcile."
            )
        elif endpoint.action == "webhook" and (contract := self._contract(endpoint)) is not None:
            n = contract.notification
            assert n is not None
            batch = ", item by item," if n.batched else ""
            notes.append(
                f"Called by {contract.name}, not by a user: {n.signature} is verified first{batch} and each event is "
                f"recorded under {n.dedupe} (a duplicate is acknowledged and ignored); the work continues from the "
                f"queue after {success_status(endpoint) or 200} ({contract.name} expects {n.ack})."
            )
        elif endpoint.action == "webhook":
            notes.append(
                "Called by the sender, not by a user: the signature is verified first, the event id is "
                "recorded (a duplicate is acknowledged and ignored), and the work continues from the queue "
                f"after {success_status(endpoint) or 200}."
            )
        elif success_status(endpoint) == 202:
            notes.append("Processed asynchronously: the answer is 202 Accepted and the result follows.")
        shared = visibility_field(entity) if entity is not None and endpoint.method == "GET" else None
        if shared is not None:
            notes.append(f"Answers only records whose `{shared.name}` lets the caller see them.")
        notes.append(self._served_from(endpoint, entity))
        if endpoint.auth == "public":
            notes.append("Open to anonymous callers; a signed-in user's token is accepted too.")
        elif endpoint.roles and endpoint.auth in ("user", "device", "service"):
            notes.append(f"Callers: {', '.join(endpoint.roles)}.")
        elif self.callers and endpoint.action in READS:
            callers = [s.name for s in self.callers]
            notes.append(f"Also called by the {join(callers)} {plural('service', len(callers))} with mTLS.")
        # a summary made of the use cases already names them
        unnamed = [u for u in endpoint.use_cases if u.lower() not in endpoint.summary.lower()]
        if unnamed:
            also = "Also serves" if len(unnamed) < len(endpoint.use_cases) else "Serves"
            notes.append(f"{also}: {', '.join(unnamed)}.")
        if entity and entity.pii:
            notes.append(f"{entity.name} records hold personal data.")
        # who sees or sets which fields follows from the derived bodies; a stated body says it itself
        if entity and endpoint.action in READS and endpoint.response is None:
            notes.append(
                projections.says_who(projections.read_views(entity, endpoint.roles, own_only=self._own(entity)))
            )
        elif entity and endpoint.action in ("create", "replace", "update") and endpoint.request is None:
            kind = "Patch" if endpoint.action == "update" else "Input"
            notes.append(projections.says_who(projections.write_views(entity, endpoint.roles, kind), writes=True))
        notes.append(self._scoped(endpoint))
        return " ".join(n for n in notes if n)

    def _scoped(self, endpoint: Endpoint) -> str:
        """Which scopes a system's token needs for the personal fields the answer carries."""
        entities = {e.name: e for e in self.design.entities}
        reach = machine_reach(self.design.requirements, entities, self._personal, endpoint)
        gated = [
            f"{c} fields only with `{s.name}`" for s in self.design.security.scopes for c in s.classes if c in reach
        ]
        if not gated:
            return ""
        return f"A system's token gets {join(gated)}; with `read` alone it gets the record as others see it."

    def _operation_security(self, endpoint: Endpoint) -> list[Json] | None:
        """The security of an operation, when it differs from the document's default."""
        schemes = {
            "user": self.user_scheme,
            "device": DEVICE_SCHEME,
            "service": CLIENT_SCHEME,
            "signature": SIGNATURE_SCHEME,
        }
        scheme = schemes.get(endpoint.auth)
        protocol = protocols().of_path(endpoint.path)
        if protocol is not None and protocol.security:  # the standard's own (a token endpoint's client secret)
            return [{name: []} for name in protocol.security]
        if endpoint.auth == "public":
            return [{}, {self.user_scheme: []}]
        if internal_write(endpoint):  # the services that post, by their certificates; no public scheme reaches it
            return [{SERVICE_SCHEME: []}]
        if endpoint.other_callers:  # any one of the callers' schemes will do
            names = [schemes[k] for k in (endpoint.auth, *endpoint.other_callers) if k in schemes]
            if self.callers and endpoint.action in READS and endpoint.auth == "user":
                names.append(SERVICE_SCHEME)  # the services that read it over the network, by their certificates
            return [{name: self._scopes(name, endpoint)} for name in dict.fromkeys(names)]
        if self.callers and endpoint.action in READS and endpoint.auth == "user":
            return [{self.user_scheme: []}, {SERVICE_SCHEME: []}]
        if scheme is not None and (scheme != self._default_scheme() or self._scopes(scheme, endpoint)):
            return [{scheme: self._scopes(scheme, endpoint)}]
        return None

    def _scopes(self, scheme: str, endpoint: Endpoint) -> list[str]:
        """The scope a system's token needs for the operation: read for a read, write for a change (the scopes
        of personal fields widen what a read answers, they never open the operation)."""
        if scheme != CLIENT_SCHEME:
            return []
        access = "read" if endpoint.method == "GET" else "write"
        return [s.name for s in self.design.security.scopes if s.access == access and not s.classes][:1]

    def _parameters(self, endpoint: Endpoint, entity: EntityDesign | None) -> list[Json]:
        c = self.components
        params: list[Json] = []
        if endpoint.action == "search":
            # words are optional where filters can narrow alone (browse a category, fits-my-vehicle)
            params.append(
                _query(
                    "q",
                    "The search terms" + (", optional when a filter narrows the search." if endpoint.filters else "."),
                    {"type": "string", "minLength": 1, "maxLength": 200, "pattern": SINGLE_LINE, "examples": ["blue"]},
                    required=not endpoint.filters,
                )
            )
        if endpoint.action == "nearby":
            params += [
                _query("lat", "Latitude of the point, in degrees.", _number(-90, 90, 52.52), required=True),
                _query("lon", "Longitude of the point, in degrees.", _number(-180, 180, 13.405), required=True),
                _query(
                    "radius_m",
                    "How far from the point to look, in metres.",
                    {"type": "integer", "format": "int32", "minimum": 1, "maximum": 50_000, "default": 1_000},
                ),
            ]
        queried = [] if endpoint.link == "export" and endpoint.method == "POST" else endpoint.filters  # in its body
        for i in endpoint.inputs:
            kinds: dict[str, Json] = {
                "date": {"type": "string", "format": "date", "maxLength": 10, "examples": ["2026-07-01"]},
                "int": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1_000, "examples": [2]},
                "string": {"type": "string", "maxLength": 200, "pattern": SINGLE_LINE},
            }
            chosen = self._choices(endpoint, i.name)
            schema = {"type": "string", "enum": chosen, "examples": chosen[:1]} if chosen else kinds[i.type]
            if chosen and i.name == views.FUNCTION:
                schema["default"] = chosen[0]
            params.append(_query(i.name, i.description, schema, required=i.required))
        staff = frozenset(r.name for r in self.design.requirements.users.roles if r.internal)
        staff_states = public_filters.staff_states(endpoint, entity, staff)
        for f in queried:
            schema = _value_schema(self._holder(entity, f.field), f.field.rsplit(".", 1)[-1])
            if f.kind == "eq" and takes_many(f.name, f.field):
                # a caller holding a page of records reads what they name in one call, never one call each
                listed = {"type": "array", "items": schema, "minItems": 1, "maxItems": MAX_PAGE}
                among = f"Only records whose `{f.field}` is one of these (comma-separated, up to {MAX_PAGE})."
                params.append(_query(f.name, among, listed) | {"style": "form", "explode": False})
            elif f.kind == "eq" and f.field in staff_states:
                others = "a caller without a token" if endpoint.auth == "public" else "any other caller"
                theirs = f"Only records whose `{f.field}` equals this, for signed-in staff who act on them; {others} "
                params.append(_query(f.name, theirs + "gets only the published ones.", schema))
            elif f.kind == "eq":
                params.append(_query(f.name, f"Only records whose `{f.field}` equals this.", schema))
            else:
                timed = schema.get("format") in ("date", "date-time")
                low, high = ("at or after", "before") if timed else ("at least", "below")
                params.append(_query(f"{f.name}_from", f"Only records with `{f.field}` {low} this.", schema))
                params.append(_query(f"{f.name}_to", f"Only records with `{f.field}` {high} this.", schema))
        if endpoint.request is not None and endpoint.method in NO_BODY:
            stated = {f.name: f for f in endpoint.request.fields if not f.read_only}
            params = [p for p in params if p.get("name") not in stated]  # the stated one wins (a required `q`)
            owner = endpoint.entity or self.service.name
            for said in stated.values():
                description = said.description or f"The {said.name.replace('_', ' ')}."
                schema = bodies.parameter_schema(owner, said)
                params.append(_query(said.name, description, schema, required=said.required))
        grouped = aggregates.groups(endpoint, entity, self._sizes) if entity is not None else []
        banded = [f.name for f in endpoint.filters if f.kind == "range" and entity and _banded(entity, f.field)]
        params += _shaping(endpoint, self._asked(endpoint), grouped, banded)
        if endpoint.sort:
            params.append(
                _query(
                    "sort",
                    f"The order: `-{endpoint.sort}` is newest first, `{endpoint.sort}` oldest first.",
                    {"type": "string", "enum": [f"-{endpoint.sort}", endpoint.sort], "default": f"-{endpoint.sort}"},
                )
            )
        if endpoint.paginated or endpoint.action in ("list", "search", "nearby"):
            params += [c.parameter("Limit"), c.parameter("Cursor")]
        if endpoint.idempotency_key and endpoint.action != "webhook":
            params.append(c.parameter("IdempotencyKey"))
        if endpoint.action in ("update", "replace", "delete", "transition"):
            params.append(c.parameter("IfMatch"))
        return params

    def _served_from(self, endpoint: Endpoint, entity: EntityDesign | None) -> str:
        """Where a view's answer comes from: the rollups kept as records arrive, for records too many to scan
        per answer, else the records' own store."""
        view = self._asked(endpoint)
        if view is None or entity is None or view.kind.counts:
            return ""
        if views.rolled_up(entity):
            tables = ", ".join(f"`{t}`" for t in views.rollups(entity))
            return (
                f"Answered from the rollups {tables} in {entity.store}, kept as {words_of(entity.name)} records "
                "arrive (one row per subject and bucket); coarser buckets add up finer ones, and no answer scans "
                "the raw records."
            )
        return f"Computed on read from {entity.store}."

    def _choices(self, endpoint: Endpoint, name: str) -> list[str]:
        """The values a view's resolution, function or comparison input takes."""
        view = self._asked(endpoint)
        if view is None:
            return []
        known = {
            views.RESOLUTION: list(view.resolutions),
            views.FUNCTION: view_words().functions,
            views.COMPARE: list(view.comparisons),
        }
        return known.get(name, [])

    def _holder(self, entity: EntityDesign | None, field: str) -> EntityDesign | None:
        """The entity a filter's field belongs to: a composed record's (hotel.city) or the operation's own."""
        if "." not in field:
            return entity
        key = field.split(".", 1)[0]
        return next((e for e in self.design.entities if read_models.nested(e.name) == key), entity)

    def _request_body(self, endpoint: Endpoint, entity: EntityDesign | None) -> Json | None:
        if endpoint.action == "webhook":
            provider = self._provider(endpoint)
            event = provider.events[0] if provider else protocols().default_event
            name = f"{pascal(provider.name)}Event" if provider else "ProviderEvent"
            schema = self.components.schema(name, lambda: schemas.event_schema(event))
            return {"required": True, "content": {"application/json": {"schema": schema}}}
        if endpoint.operation_id == PUSH_REGISTRATION:
            schema = self.components.schema("PushRegistration", schemas.push_registration_schema)
            return {"required": True, "content": {"application/json": {"schema": schema}}}
        if entity is None:
            return None
        name = pascal(entity.name)
        if endpoint.action == "transition":
            carried = self._carried(entity).get(endpoint.transition or "", [])
            if not carried:
                schema = self.components.schema(f"{name}Transition", lambda: schemas.transition_schema(entity))
                return {"required": False, "content": {"application/json": {"schema": schema}}}
            move = pascal((endpoint.transition or "").replace("-", " "))
            schema = self.components.schema(
                f"{name}{move}", lambda: schemas.transition_schema(entity, carried, endpoint.transition or "")
            )
            example = schemas.example(entity, carried)
            return {"required": True, "content": {"application/json": {"schema": schema, "example": example}}}
        if endpoint.action == "ingest":
            keys = {e.name: k for e in self.design.entities if (k := external_key(e)) is not None}
            self.components.schema(
                f"{name}Input", lambda: schemas.input_schema(entity, parts=self._parts(entity), keys=keys)
            )
            # the largest batch a use case of this entity's uploads sends must fit in one call
            sizes = [u.batch_size for u in self.design.requirements.use_cases if entity.name in u.writes]
            schema = self.components.schema(f"{name}Batch", lambda: schemas.batch_schema(entity, max(sizes, default=1)))
            return {"required": True, "content": {"application/json": {"schema": schema}}}
        if (
            endpoint.action == "command"
            and endpoint.method == "POST"
            and "{" not in endpoint.path
            and not endpoint.link
        ):
            # a command that records something on a collection (post a balanced transaction) takes the record
            parts = self._parts(entity)
            schema = self.components.schema(f"{name}Input", lambda: schemas.input_schema(entity, parts=parts))
            return {"required": True, "content": {"application/json": {"schema": schema}}}
        if endpoint.action == "command" and endpoint.link == "export":
            filters = [(f.name, f.field, f.kind) for f in endpoint.filters]
            schema = self.components.schema(
                f"{name}ExportRequest", lambda: schemas.export_request_schema(entity, filters)
            )
            return {"required": True, "content": {"application/json": {"schema": schema}}}
        if endpoint.action not in ("create", "replace", "update"):
            return None
        kind, media = ("Patch", MERGE_PATCH) if endpoint.action == "update" else ("Input", "application/json")
        views = projections.write_views(entity, endpoint.roles, kind)

        later = set(self._later(entity))

        def body_of(view: projections.View) -> Callable[[], Json]:
            chosen, audience = projections.chosen(entity, view), projections.audience_words(view)
            if kind == "Input":  # what a later step supplies (the room at check-in) is not asked for up front
                chosen = [f for f in chosen if f.name not in later]
            if kind == "Patch":
                return lambda: schemas.patch_schema(entity, chosen, audience)
            return lambda: schemas.input_schema(entity, chosen, audience, self._parts(entity))

        refs = [self.components.schema(v.name, body_of(v)) for v in views]
        schema = refs[0] if len(refs) == 1 else {"anyOf": refs, "description": projections.says_who(views, True)}
        first = projections.chosen(entity, views[0])
        if kind == "Patch":
            fields = schemas.patch_example_fields(entity, first)
        else:
            first = [f for f in first if f.name not in later]
            fields = [f for f in first if f.required] or first
        body: Json = {"required": True, "content": {media: {"schema": schema}}}
        if fields:
            example = schemas.example(entity, fields)
            if kind == "Input":  # the records written with it are required, so the example carries one of each
                example |= {name: [schemas.part_example(part, back)] for name, part, back in self._parts(entity)}
            body["content"][media]["example"] = example
        return body

    def _carried(self, entity: EntityDesign) -> dict[str, list[StoredField]]:
        return carried_by_moves(self.design.requirements, self.design.services, entity)

    def _later(self, entity: EntityDesign) -> dict[str, str]:
        return supplied_later(self.design.requirements, self.design.services, entity)

    def _all_endpoints(self) -> list[tuple[Service, Endpoint]]:
        return [(s, e) for s in self.design.services for e in s.endpoints]

    def _parts(self, entity: EntityDesign) -> list[tuple[str, EntityDesign, str]]:
        """The records that belong to an entity and are written only with it (a posting's entries, an order's
        lines): every use case that writes the one writes the other, and each part refers to its whole once.
        A history of what happened to it (its events, its log) is the server's, never the caller's."""
        use_cases = self.design.requirements.use_cases
        writers = {u.name for u in use_cases if entity.name in u.writes}
        out = []
        for part in self.design.entities:
            back = [f.name for f in part.fields if f.type == f"ref[{entity.name}]"]
            together = {u.name for u in use_cases if part.name in u.writes}
            history = re.search(r"(Event|Log|History|Audit)s?$", part.name) is not None
            if part.name != entity.name and len(back) == 1 and writers and together == writers and not history:
                out.append((_snake(plural(_own_words(part.name, entity.name))), part, back[0]))
        return out

    def _responses(self, endpoint: Endpoint, entity: EntityDesign | None) -> Json:
        c = self.components
        action = endpoint.action

        def record() -> Json:  # registered only when an answer carries it
            return self._record(endpoint, entity)[0]

        responses: Json = {}
        job = endpoint.link == "export" and (action == "command" or endpoint.path.endswith("/exports/{id}"))
        rights = (subject_rights().paths.erasure, subject_rights().paths.export)
        if endpoint.method == "GET" and endpoint.path.rsplit("/", 2)[-2] in rights:
            followed = self.components.schema(
                "PrivacyRequest", lambda: schemas.followed_request_schema(wiring().followed.status)
            )
            responses["200"] = _json("The request: its status and, once done, its outcome.", followed, c.headers())
        elif job:
            export = self.components.schema("ExportJob", schemas.export_job_schema)
            if action == "command":
                responses["202"] = _json("Accepted: the export job, queued.", export, c.headers("Location"))
            else:
                responses["200"] = _json(
                    "The export job: its status and, once done, the download link.", export, c.headers("ETag")
                )
        elif (
            endpoint.link is not None
            and entity is not None
            and action in ("get", "create")
            and not (endpoint.link == "export" and action == "create")
        ):
            suffix = {"upload": "Upload", "download": "Download", "export": "Export"}[endpoint.link]
            linked = self._entity_schema(entity, suffix, lambda e: schemas.link_schema(e, endpoint.link or ""))
            if action == "create":
                headers = c.headers("Location", "ETag")
                responses["201"] = _json(
                    f"The created {_noun(entity)}, with where to upload its file.", linked, headers
                )
            else:
                responses["200"] = _json(
                    f"The {_noun(entity)}, with a signed link to its file.", linked, c.headers("ETag")
                )
        elif action == "get":
            responses["200"] = _json(f"The {_noun(entity)}.", self._issued_page(endpoint, entity), c.headers("ETag"))
        elif action == "search" and entity is not None:
            item = self._record(endpoint, entity)[1]
            facets = [f.field for f in endpoint.filters if f.kind == "eq"]
            ranged = [f.field for f in endpoint.filters if f.kind == "range" and _banded(entity, f.field)]
            results = self.components.schema(
                f"{item}Results",
                lambda: self._issuing(entity, schemas.results_schema(entity, item, facets, self._value_of, ranged)),
            )
            responses["200"] = _json(
                f"A page of matching {_noun(entity)} records, their total and the facet counts.", results, c.headers()
            )
        elif action in ("list", "search", "nearby"):
            page = self._page(entity, self._record(endpoint, entity)[1])
            responses["200"] = _json(f"A page of {_noun(entity)} records, in order.", page, c.headers())
        elif action == "aggregate" and entity is not None and (shaped := self._view_answer(endpoint, entity)):
            responses["200"] = _json(shaped[0], shaped[1], c.headers())
        elif action == "aggregate":
            stats = self._entity_schema(entity, "Stats", schemas.stats_schema)
            responses["200"] = _json("The totals over the window, and per group when grouped.", stats, c.headers())
        elif action == "webhook":
            responses["200"] = {
                "description": "Received: the event is recorded and will be processed (a duplicate "
                "is acknowledged the same way).",
                "headers": c.headers(),
            }
        elif action == "ingest" or (endpoint.async_ and action == "command"):
            receipt = self.components.schema("Receipt", schemas.receipt_schema)
            responses["202"] = _json("Accepted for processing.", receipt, c.headers("Location"))
        elif (endpoint.method == "PUT" and action == "command") or (
            endpoint.method == "DELETE" and action == "command"
        ):
            responses["204"] = {"description": "Done.", "headers": c.headers()}
        elif endpoint.async_:
            responses["202"] = _json(
                f"Accepted: the {_noun(entity)} as received, before processing.", record(), c.headers("Location")
            )
        elif action == "create":
            responses["201"] = _json(f"The created {_noun(entity)}.", record(), c.headers("Location", "ETag"))
        elif action == "delete":
            responses["204"] = {"description": "Deleted.", "headers": c.headers()}
        else:
            responses["200"] = _json(f"The {_noun(entity)} as it is now.", record(), c.headers("ETag"))
        forbidden = () if endpoint.auth in ("public", "signature") else ("403",)
        for status in ("400", "401", *forbidden, *PROBLEMS_BY_ACTION.get(action, ())):
            responses[status] = c.problem(status)
        responses["429"] = c.problem("429")
        responses["500"] = c.problem("500")
        return dict(sorted(responses.items()))

    def _asked(self, endpoint: Endpoint) -> View | None:
        """The view an operation answers, when its use cases ask for one (the first decides its shape)."""
        found = views.views_of(endpoint, self.design.requirements.use_cases)
        return found[0] if found else None

    def _view_answer(self, endpoint: Endpoint, entity: EntityDesign) -> tuple[str, Json] | None:
        """A view's answer, described and typed: a series, a dashboard or comparison, or ranked rows; a report
        keeps the totals per group."""
        view = self._asked(endpoint)
        if view is None:
            return None
        name = pascal(view.case.name)
        dimensions = aggregates.dimensions(endpoint, entity, self._sizes)
        if view.kind.resolution:
            schema = self.components.schema(f"{name}Series", lambda: view_schemas.series_schema(entity, view))
            return "One value per bucket of the period, at the resolution asked.", schema
        if view.kind.measures and (view.comparisons or view.ranked):
            build = lambda: view_schemas.dashboard_schema(entity, view, dimensions)  # noqa: E731
            return "Each measure over the period, against what it is compared with, and per group.", (
                self.components.schema(f"{name}Measures", build)
            )
        if view.kind.ranked:
            build = lambda: view_schemas.ranking_schema(entity, view, dimensions)  # noqa: E731
            return "The groups ranked over the period, best first.", self.components.schema(f"{name}Ranking", build)
        return None

    @functools.cached_property
    def _sizes(self) -> dict[str, int]:
        """How many records each entity holds after a year: a reference to a small one is a dimension to total by."""
        return aggregates.dimension_sizes(self.design.requirements)

    @functools.cached_property
    def _personal(self) -> dict[str, Personal]:
        return design_personal(self.design)

    def _own(self, entity: EntityDesign) -> frozenset[str]:
        """The callers that read this entity's records only as the person each is about."""
        return frozenset(own_only(self.design.requirements, self._personal, entity.name))

    def _issued_page(self, endpoint: Endpoint, entity: EntityDesign | None) -> Json:
        """The record a read answers with, as a schema of its own with the value its page issues when it issues
        one (ViewListingPage: the listing and its page signature)."""
        record, name = self._record(endpoint, entity)
        if entity is None or entity.name not in page_tokens.issuing_pages(self.design.entities):
            return record
        built = self.components.sections["schemas"].get(name, {})
        # the record's own fields, copied, so the page's answer reads as one record with the value beside them
        shown = copy.deepcopy(built) if "properties" in built else record
        return self.components.schema(f"{name.removesuffix('View')}Page", lambda: self._issuing(entity, shown))

    def _issuing(self, entity: EntityDesign | None, schema: Json) -> Json:
        """An answer of a page that issues a value for the client to send back (a listing's page signature, which
        a click-out carries): the answer with that value beside the record."""
        pages = page_tokens.issuing_pages(self.design.entities)
        if entity is None or entity.name not in pages:
            return schema
        token, taker = pages[entity.name]
        value = {
            "type": "string",
            "readOnly": True,
            "maxLength": 512,
            "pattern": SIGNED_PATTERN,
            "description": f"Signed, expiring value issued with this page; send it unchanged with the {taker} "
            "made from it, so the server knows the page and drops a replay.",
        }
        if "properties" in schema:  # a record's own fields: the value joins them
            schema["properties"][token] = value
            schema.setdefault("required", []).append(token)
            return schema
        extra = {"type": "object", "properties": {token: value}, "required": [token]}
        return {"allOf": [schema, extra], "description": f"The {_noun(entity)} as its page shows it, with {token}."}

    def _record(self, endpoint: Endpoint, entity: EntityDesign | None) -> tuple[Json, str]:
        """The record an operation answers with, and its schema's name: the projection its callers get, or when
        they get different ones, the entity's views (every projection the service's reads return)."""
        if entity is None:
            return self._entity_schema(None, "", schemas.read_schema), ""
        if endpoint.includes:
            return self._composed(endpoint, entity)
        words = protocols().webhooks.secret_words
        makes = endpoint.action == "create" or any(w in endpoint.path.lower() for w in words)
        views = projections.read_views(
            entity, endpoint.roles, reveal=makes and endpoint.method == "POST", own_only=self._own(entity)
        )
        if len(views) == 1:
            return self._view(entity, views[0]), views[0].name
        every = self._all_views(entity)
        name = f"{pascal(entity.name)}View"
        refs = [self._view(entity, v) for v in every]
        return self.components.schema(
            name, lambda: {"anyOf": refs, "description": f"{entity.name} as each caller may see it."}
        ), name

    def _composed(self, endpoint: Endpoint, entity: EntityDesign) -> tuple[Json, str]:
        """A read model: the record as each caller may read it (one schema per projection, as for a plain read),
        without the owner's bookkeeping, with the related records its use case reads nested under their names
        (one it references as an object, the ones referencing it as a list)."""
        base = pascal(endpoint.use_cases[0] if endpoint.use_cases else endpoint.operation_id) + "View"
        views = self._by_children(endpoint, projections.read_views(entity, endpoint.roles, own_only=self._own(entity)))
        case = pascal(endpoint.use_cases[0] if endpoint.use_cases else endpoint.operation_id)
        named = [(base, views[0])] if len(views) == 1 else [(f"{case}{v.name}", v) for v in views]

        def build(view: projections.View) -> Callable[[], Json]:
            return lambda: self._composed_schema(endpoint, entity, view)

        refs = [self.components.schema(n, build(v)) for n, v in named]
        if len(refs) == 1:
            return refs[0], named[0][0]
        return self.components.schema(
            base, lambda: {"anyOf": refs, "description": f"{entity.name} as each caller may see it."}
        ), base

    def _by_children(self, endpoint: Endpoint, views: list[projections.View]) -> list[projections.View]:
        """The record's projections split further by what the people whose use cases the operation carries may read
        of the records embedded in it: a physician opening a chart and the front desk who see a patient alike still
        see different values of the patient's results, and the physician gets the values it may read, not the
        least entitled caller's."""
        embedded = [e for e in self.design.entities if e.name in endpoint.includes]
        cases = self.design.requirements.use_cases
        actors = {u.actor for u in cases if u.name in endpoint.use_cases}
        out: list[projections.View] = []
        for view in views:
            audience = list(view.audience or endpoint.roles)
            # who reaches the operation for another reason (the front desk opening a patient) gets what every
            # caller may read, as before
            least = tuple(self._least(other, audience).fields for other in embedded)
            groups: dict[tuple[tuple[str, ...], ...], list[str]] = {}
            for role in audience:
                seen = tuple(self._least(other, [role]).fields for other in embedded) if role in actors else least
                groups.setdefault(seen, []).append(role)
            if len(groups) <= 1:
                out.append(view)
                continue
            for roles in groups.values():
                out.append(projections.View(f"{view.name}For{pascal(roles[0])}", view.fields, tuple(roles)))
        return out

    def _least(self, entity: EntityDesign, roles: list[str]) -> projections.View:
        """What every one of these callers may read of a record."""
        return min(projections.read_views(entity, roles, own_only=self._own(entity)), key=lambda v: len(v.fields))

    def _composed_schema(self, endpoint: Endpoint, entity: EntityDesign, view: projections.View) -> Json:
        fields = [f for f in projections.chosen(entity, view) if not read_models.is_bookkeeping(f)]
        schema = schemas.read_schema(entity, fields, projections.audience_words(view), self._later(entity))
        own = read_models.targets(entity)
        for other_name in endpoint.includes:
            other = next((e for e in self.design.entities if e.name == other_name), None)
            if other is None:
                continue
            # each caller gets the related records as it may read them, not as the least entitled caller does
            ref = self._summary(other, list(view.audience) or endpoint.roles)
            if other_name in own:  # the record it references, in place of its id
                schema["properties"][own[other_name]] = ref
            else:
                newest = read_models.newest_by(other)
                order = f", newest first by `{newest}`" if newest else ""
                schema["properties"][plural(read_models.nested(other_name))] = {
                    "type": "array",
                    "description": f"The {plural(words_of(other_name))} of this {words_of(entity.name)}{order}"
                    f" (the latest {schemas.MAX_PAGE}; older ones through their own list).",
                    "items": ref,
                    "maxItems": schemas.MAX_PAGE,
                }
        entities = {e.name: e for e in self.design.entities}
        can = read_models.readable_in(self.design, self.service)
        for link in views.marks(entities, endpoint, self.design.requirements.use_cases):
            if link in can:  # the caller's own likes, looked up for the page at once
                schema["properties"][views.mark_name(link)] = {
                    "type": "boolean",
                    "description": f"Whether the caller has {a(words_of(link))} on this {words_of(entity.name)}.",
                }
                schema.setdefault("required", []).append(views.mark_name(link))
        asked = self._asked(endpoint)
        if asked is not None and asked.kind.counts:  # what is free, and from what price, in place of the counters
            counters = {f.name for f in entity.fields if f.type == "int" and f.name != "version"}
            schema["properties"] = {k: v for k, v in schema["properties"].items() if k not in counters}
            schema["required"] = [r for r in schema.get("required", []) if r not in counters]
            # the price is read from what the use case reads, embedded or not (a room type's rates)
            read = {n for u in self.design.requirements.use_cases if u.name in endpoint.use_cases for n in u.reads}
            carried = [entity, *(e for e in self.design.entities if e.name in {*endpoint.includes, *read})]
            schema["properties"].update(view_schemas.availability_fields(view_schemas.priced(carried)))
            schema.setdefault("required", []).extend(
                p for p in ("available", "price") if p in schema["properties"] and p not in schema["required"]
            )
        case = endpoint.use_cases[0] if endpoint.use_cases else endpoint.summary
        related = join(words_of(n) if n in own else plural(words_of(n)) for n in endpoint.includes)
        audience = projections.audience_words(view)
        free = (
            ", how many are free for the whole window and from what price"
            if "available" in schema["properties"]
            else ""
        )
        schema["description"] = f"{case}: each {words_of(entity.name)} with its {related}{free}" + (
            f", as {audience} {'see' if ' and ' in audience else 'sees'} them." if audience else "."
        )
        return schema

    def _summary_schema(self, entity: EntityDesign, roles: list[str]) -> Json:
        """An entity as the callers of a read model may read it, without the owner's bookkeeping counters."""
        views = projections.read_views(entity, roles, own_only=self._own(entity))
        view = min(views, key=lambda v: len(v.fields))  # several callers: what every one of them may read
        fields = [f for f in projections.chosen(entity, view) if not read_models.is_bookkeeping(f)]
        # what a later step supplies is null in a summary too (a booking's room before check-in)
        return schemas.read_schema(entity, fields, projections.audience_words(view), self._later(entity))

    def _summary(self, entity: EntityDesign, roles: list[str]) -> Json:
        """The summary schema for these callers, named after their projection (ObservationSummaryForOthers)."""
        views = projections.read_views(entity, roles, own_only=self._own(entity))
        view = min(views, key=lambda v: len(v.fields))
        name = f"{pascal(entity.name)}Summary{view.name.removeprefix(pascal(entity.name))}"
        return self.components.schema(name, lambda: self._summary_schema(entity, roles))

    def _view(self, entity: EntityDesign, view: projections.View) -> Json:
        audience = projections.audience_words(view)
        return self.components.schema(
            view.name,
            lambda: schemas.read_schema(entity, projections.chosen(entity, view), audience, self._later(entity)),
        )

    def _all_views(self, entity: EntityDesign) -> list[projections.View]:
        """Every projection of an entity the service's reads return, merged by name."""
        merged: dict[str, projections.View] = {}
        for e in self.service.endpoints:
            if e.entity == entity.name:
                for v in projections.read_views(entity, e.roles, own_only=self._own(entity)):
                    known = merged.get(v.name)
                    audience = tuple(dict.fromkeys((*known.audience, *v.audience))) if known else v.audience
                    merged[v.name] = projections.View(v.name, v.fields, audience)
        return list(merged.values())

    def _value_of(self, entity: EntityDesign, field: str) -> Json:
        return _value_schema(entity, field)

    def _page(self, entity: EntityDesign | None, item: str) -> Json:
        if entity is None:
            return self._entity_schema(None, "Page", schemas.page_schema)
        return self.components.schema(f"{item}Page", lambda: schemas.page_schema(entity, item))

    def _entity_schema(self, entity: EntityDesign | None, suffix: str, build: Any) -> Json:
        if entity is None:  # an operation on no entity answers with a bounded, free-form object
            return {"type": "object", "maxProperties": 100}
        return self.components.schema(f"{pascal(entity.name)}{suffix}", lambda: build(entity))


def _restricted(value: Any) -> Any:
    """A copy of a standard's schema (or parameter) whose free strings are held to one line of text: the
    standard leaves them open, the house keeps every string and integer bounded."""
    if isinstance(value, list):
        return [_restricted(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _restricted(v) for k, v in value.items()}
    if out.get("type") == "string" and not any(k in out for k in ("format", "pattern", "enum", "const")):
        out["pattern"] = SINGLE_LINE
    if out.get("type") == "integer":
        out.setdefault("minimum", 0)
        out.setdefault("maximum", 2_147_483_647)
    return out


def _own_words(part: str, whole: str) -> str:
    """A part's name without the words it shares with its whole (LedgerEntry of LedgerTransaction → Entry)."""
    split = re.compile(r"[A-Z][a-z0-9]*")
    words, shared = split.findall(part), split.findall(whole)
    while len(words) > 1 and shared and words[0] == shared[0]:
        words, shared = words[1:], shared[1:]
    return "".join(words)


def _snake(name: str) -> str:
    """entries from Entries, sales_lines from SalesLines."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _environment_kind(name: str) -> str:
    """What an environment is for, in the words API tools recognise: production, staging, local or test."""
    lower = name.lower()
    if "prod" in lower:
        return "production"
    if "stag" in lower:
        return "staging"
    if "dev" in lower or "local" in lower:
        return "local development"
    return "test"


def _noun(entity: EntityDesign | None) -> str:
    return entity.name if entity else "result"


def _shaping(
    endpoint: Endpoint, view: View | None = None, grouped: list[str] | None = None, banded: list[str] | None = None
) -> list[Json]:
    """What shapes a search's or a report's answer: the order and the facets to count for a search; the groups
    (only dimensions, archgen/design/aggregates.py), their time bucket and how many of the largest to return for a
    report."""
    eq = [f.name for f in endpoint.filters if f.kind == "eq"]
    ranges = [f.name for f in endpoint.filters if f.kind == "range"]
    if endpoint.action == "search":
        eq += [f.name for f in endpoint.filters if f.kind == "range" and f.name in (banded or [])]
        orders = ["relevance", *(o for r in ranges for o in (r, f"-{r}"))]
        if any(i.name == search_words().position_input for i in endpoint.inputs):
            orders.append("distance")  # nearest first, from the caller's position
        out = [
            _query(
                "sort",
                "The order: `relevance` (the default) or a field, `-` first for descending"
                + ("; `distance`, nearest to `near` first." if "distance" in orders else "."),
                {"type": "string", "enum": orders, "default": "relevance", "examples": [orders[-1]]},
            )
        ]
        if eq:
            out.append(
                _query(
                    "facets",
                    "The fields whose values to count among all matches (comma-separated).",
                    {
                        "type": "array",
                        "items": {"type": "string", "enum": eq},
                        "maxItems": len(eq),
                        "examples": [eq[:2]],
                    },
                )
                | {"style": "form", "explode": False}
            )
        return out
    if endpoint.action != "aggregate" or (view is not None and view.kind.resolution):
        return []  # a series answers one value per bucket: its resolution is its grouping
    out = []
    if grouped:
        out.append(
            _query(
                "group_by",
                "The fields to total by (comma-separated); a time field groups by the `bucket`.",
                {
                    "type": "array",
                    "items": {"type": "string", "enum": grouped},
                    "maxItems": 3,
                    "examples": [grouped[:1]],
                },
            )
            | {"style": "form", "explode": False}
        )
    period = any(i.name == views.PERIOD[0] for i in endpoint.inputs)
    if set(ranges) & set(grouped or []) or period:  # a view over a period totals per bucket (sales by hour today)
        out.append(
            _query(
                "bucket",
                "The width of a time group" + (": totals per bucket of the period when given." if period else "."),
                {"type": "string", "enum": ["hour", "day", "week", "month"], "default": "day"},
            )
        )
    out.append(
        _query(
            "top",
            "Return only this many groups, the largest by count first.",
            {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1_000, "default": 100},
        )
    )
    return out


def _banded(entity: EntityDesign, field: str) -> bool:
    """Whether a search counts a ranged field's matches per band (a price): a number people filter by."""
    return any(f.name == field and aggregates.measurable(entity, f) for f in entity.fields)


def _query(name: str, description: str, schema: Json, required: bool = False) -> Json:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def _number(minimum: float, maximum: float, example: float) -> Json:
    return {"type": "number", "format": "double", "minimum": minimum, "maximum": maximum, "examples": [example]}


def _json(description: str, schema: Json, headers: Json) -> Json:
    return {"description": description, "headers": headers, "content": {"application/json": {"schema": schema}}}


def _value_schema(entity: EntityDesign | None, field_name: str) -> Json:
    """The schema of one value of a field, as a filter takes it (a list field filters by one item)."""
    field = next((f for f in entity.fields if f.name == field_name), None) if entity else None
    if entity is None or field is None:  # the design checks refuse this; keep the document valid regardless
        return {"type": "string", "maxLength": schemas.MAX_STRING, "pattern": SINGLE_LINE}
    schema = field_schema(entity.name, field)
    schema.pop("readOnly", None)
    schema.pop("description", None)
    if schema["type"] == "array":
        item: Json = schema["items"]
        return item
    return schema


def _people(callers: list[CallerAuth]) -> str:
    """How people sign in: what every role shares said once, then what differs, roles that agree named together
    ('People: OpenID Connect ...; 15-minute access tokens; customer and merchant: MFA offered; admin: MFA required')."""
    methods = {c.caller: c.method.split("; ") for c in callers if c.kind == "person"}
    if not methods:
        return ""
    lists = list(methods.values())
    shared = [part for part in lists[0] if all(part in other for other in lists[1:])]
    by_rest: dict[str, list[str]] = {}
    for role, parts in methods.items():
        rest = "; ".join(part for part in parts if part not in shared)
        if rest:
            by_rest.setdefault(rest, []).append(role)
    differing = [f"{join(roles)}: {rest}" for rest, roles in by_rest.items()]
    return "; ".join([f"People ({join(list(methods))}): " + "; ".join(shared) if shared else "People", *differing])
