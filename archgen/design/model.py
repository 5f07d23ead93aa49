"""The Design: what the architect decided. The one typed model that templates and renderers see.

It carries the resolved requirements it answers, the assumptions made, and the capacity arithmetic, so that a
saved `design.yaml` can be edited by hand, re-rendered without the architect, reviewed and compared.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.requirements.model import Requirements
from archgen.requirements.resolve import Assumption

FORMAT_VERSION = 9  # bump it with a step in archgen.design.migrations whenever this model changes

Level = Literal["low", "medium", "high"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Style = Literal["monolith", "modular-monolith", "microservices", "event-driven"]
StoreKind = Literal[
    "relational",
    "key-value",
    "document",
    "wide-column",
    "time-series",
    "search",
    "object",
    "geo",
    "warehouse",
    "in-memory",
]
# the kinds of store that hold records as their system of record (not caches, indexes, files or logs)
DATABASE_KINDS: tuple[StoreKind, ...] = ("relational", "time-series", "key-value", "wide-column", "document")


class Part(BaseModel):
    """Common configuration of every design element: unknown keys are errors (hand edits are checked)."""

    model_config = ConfigDict(extra="forbid")


# --- capacity -------------------------------------------------------------------------------------------


class Input(Part):
    """One named input of a formula."""

    name: str
    value: float
    unit: str = ""


class Figure(Part):
    """A number computed by plain arithmetic, with the formula and inputs that produced it."""

    key: str = Field(description="Stable identifier, e.g. traffic.peak_rps.now.")
    group: str = Field(description="The capacity page section it belongs to.")
    label: str
    value: float
    unit: str = Field(description="req/s, bytes, bytes/month, instances, USD/month, rows, ...")
    formula: str = Field(description="The formula in words and symbols, e.g. 'daily_active × requests / 86,400'.")
    inputs: list[Input] = Field(default_factory=list)
    expr: str = Field(
        "",
        description="The formula as arithmetic over the inputs' names (+ - * / **, ceil, floor, max, min, log; sum() "
        "adds every input), so the value can be recomputed from the inputs; empty in designs saved before format 3.",
    )


class Capacity(Part):
    """All capacity figures, in page order."""

    figures: list[Figure] = Field(default_factory=list)

    def get(self, key: str) -> Figure:
        """The figure with `key` (it must exist)."""
        for figure in self.figures:
            if figure.key == key:
                return figure
        raise KeyError(key)

    def value(self, key: str, default: float = 0.0) -> float:
        """The value of the figure with `key`, or `default` when there is none."""
        return next((f.value for f in self.figures if f.key == key), default)

    def group(self, name: str) -> list[Figure]:
        """The figures of one page section."""
        return [f for f in self.figures if f.group == name]

    @property
    def groups(self) -> list[str]:
        """Section names in first-seen order."""
        return list(dict.fromkeys(f.group for f in self.figures))


# --- structure ------------------------------------------------------------------------------------------


class SystemInfo(Part):
    """The system being designed."""

    name: str
    slug: str
    summary: str
    domain: str | None = None


class Architecture(Part):
    """The overall shape of the system."""

    style: Style
    summary: str = Field(description="One paragraph a reviewer reads first.")
    rationale: list[str] = Field(default_factory=list, description="Why this style, one reason a line.")
    decision: str = Field("", description="The id of the decision record that chose the style.")


class Demand(Part):
    """The load routed to a component at peak after three years, computed from the use cases that reach it."""

    requests_per_s: float = Field(0, ge=0, description="Synchronous calls it answers.")
    reads_per_s: float = Field(0, ge=0, description="Reads it serves (a store: after caches).")
    writes_per_s: float = Field(0, ge=0, description="Writes it takes (a store: with index and outbox writes).")
    connections: float = Field(0, ge=0, description="Connections held open at peak.")
    messages_per_s: float = Field(0, ge=0, description="Messages it carries, consumes or fans out.")


ThroughputUnit = Literal["req/s", "connections", "messages/s"]


class Scaling(Part):
    """How a deployable scales."""

    min_instances: int = Field(ge=0)
    max_instances: int = Field(ge=0)
    metric: str = Field(description="What autoscaling watches, e.g. CPU at 60 %.")
    per_instance: float = Field(0, ge=0, description="Planned load one instance carries at the target utilisation.")
    unit: ThroughputUnit = Field("req/s", description="What per_instance counts.")


class Deployable(Part):
    """A unit that is built, shipped and scaled on its own: a container image with its own pipeline."""

    name: str
    kind: Literal["web", "worker", "job", "realtime"]
    runtime: str = Field(description="Language and framework, e.g. Python (FastAPI).")
    services: list[str] = Field(description="The logical services packaged in it.")
    scaling: Scaling
    demand: Demand = Field(default_factory=Demand, description="The load routed to it (computed).")


class Filter(Part):
    """A query parameter that filters a list endpoint."""

    name: str
    field: str = Field(
        description="A field of its entity, or of a record its answer composes as record.field (hotel.city)."
    )
    kind: Literal["eq", "range"]


class QueryInput(Part):
    """A parameter a query takes from what its use case puts in (a stay's dates, how many guests), beyond filters."""

    name: str
    type: Literal["date", "int", "string"]
    description: str
    required: bool = False


Action = Literal[
    "get",
    "list",
    "search",
    "aggregate",
    "nearby",
    "create",
    "replace",
    "update",
    "delete",
    "transition",
    "ingest",
    "webhook",
    "command",
]
# Who calls an operation and how it proves it: a signed-in person, anyone, a device with its own credential,
# another service, or an external system that signs its calls (a webhook).
Caller = Literal["user", "public", "device", "service", "signature"]
Link = Literal["upload", "download", "export"]


class BodyField(Part):
    """One field of a request or response body an operation states explicitly."""

    name: str
    type: str = Field(
        description="A field type of the design (uuid, string, text, int, decimal, bool, date, timestamp, json, "
        "enum[a, b], ref[Entity] for the id of a record, list[type]), or object[Name] / list[object[Name]] for a "
        "nested object: Name is one of the body's objects, or an entity whose record (as the caller may read it) "
        "is nested."
    )
    required: bool = False
    read_only: bool = Field(False, description="Set by the server: answered, never accepted (ids, times, state).")
    description: str = ""
    field: str = Field("", description="The stored field it carries, as Entity.field, when it is one (Booking.hold).")


class BodyObject(Part):
    """A nested object a body's fields name as object[Name] (a guest's contact details inside a booking)."""

    name: str
    description: str = ""
    fields: list[BodyField] = Field(min_length=1)


class Body(Part):
    """A request or response body stated field by field, instead of derived from the entity's fields.

    A list, search or nearby operation's response states one item: the answer is a page of them."""

    description: str = ""
    fields: list[BodyField] = Field(default_factory=list)
    objects: list[BodyObject] = Field(default_factory=list, description="Nested objects the fields name.")


SuccessStatus = Literal[200, 201, 202, 204, 303]


PUSH_REGISTRATION = "registerPushToken"  # the operation a phone registers its push token with (in the body)


class Endpoint(Part):
    """One API operation."""

    method: HttpMethod
    path: str = Field(description="Versioned path, e.g. /v1/orders/{id}.")
    operation_id: str
    summary: str
    action: Action
    entity: str | None = Field(None, description="The entity the operation reads or writes.")
    filters: list[Filter] = Field(default_factory=list)
    paginated: bool = False
    sort: str | None = Field(None, description="The field a list is ordered by, newest first (recent access).")
    auth: Caller = Field("user", description="Who may call it and how they prove it.")
    roles: list[str] = Field(default_factory=list, description="The roles (or integration) allowed to call it.")
    other_callers: list[Caller] = Field(
        default_factory=list,
        description="Other kinds of caller it accepts besides auth, each proving who it is its own way (an "
        "operation that people and other systems share).",
    )
    transition: str | None = Field(None, description="The state-machine transition it performs (action transition).")
    link: Link | None = Field(
        None,
        description="A file it hands out a URL for: upload (the answer carries a pre-signed URL the client sends the "
        "file to), download (a short-lived signed URL to fetch the record's file), export (an asynchronous export "
        "job: POST starts it with what to export, GET answers its status and, once done, a download link).",
    )
    batch: bool = Field(False, description="Takes many records in one call (ingest).")
    idempotency_key: bool = Field(False, description="Accepts an Idempotency-Key header (unsafe POSTs).")
    async_: bool = Field(False, alias="async", description="Accepted for later processing (202).")
    use_cases: list[str] = Field(default_factory=list, description="The use cases it serves.")
    includes: list[str] = Field(
        default_factory=list,
        description="Other entities whose records its answer carries with each of its own (a read model composed "
        "for the use case): each as the caller may read it, nested under its name, and none with the owner's "
        "bookkeeping counters (rooms sold and held).",
    )
    inputs: list[QueryInput] = Field(
        default_factory=list, description="What the caller puts in beyond filters (a stay's dates, a party size)."
    )
    request: Body | None = Field(
        None,
        description="The request body, when it is not the entity's client-set fields: what the use case sends (a "
        "booking naming the hold it confirms, with a nested guest). On GET and DELETE its fields are query "
        "parameters.",
    )
    response: Body | None = Field(
        None, description="The answer's body, when it is not the entity's record (a list: one item of the page)."
    )
    status: SuccessStatus | None = Field(
        None, description="The success status, when the action's usual one does not fit (202 for work done later)."
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


ServiceKind = Literal["domain", "realtime", "ingest", "integration", "platform"]


class Service(Part):
    """A logical service: one bounded context with its own data and API, or a component a workload needs."""

    name: str
    slug: str
    domain: str
    kind: ServiceKind = Field(
        "domain",
        description="domain (owns entities), realtime (holds client connections), ingest (accepts streams for an "
        "owner), integration (talks to external systems) or platform (identity, audit, ...).",
    )
    responsibility: str
    deployable: str = Field(description="The deployable it ships in.")
    entities: list[str] = Field(default_factory=list, description="Entities it owns (the only writer).")
    depends_on: list[str] = Field(default_factory=list, description="Services it calls synchronously.")
    integrations: list[str] = Field(default_factory=list, description="External systems it calls.")
    stores: list[str] = Field(default_factory=list, description="Data stores it uses.")
    caches: list[str] = Field(default_factory=list)
    publishes: list[str] = Field(default_factory=list, description="Events it publishes.")
    consumes: list[str] = Field(default_factory=list, description="Events it consumes.")
    endpoints: list[Endpoint] = Field(default_factory=list)
    demand: Demand = Field(default_factory=Demand, description="The load routed to it (computed).")


class StoreWork(Part):
    """Reads or writes a store takes that no entity it holds accounts for: derived state such as timelines or a
    connection registry, kept up by a use case's calls or at a steady rate."""

    use_case: str = Field("", description="The use case whose calls cause it; empty for work at a steady rate.")
    op: Literal["read", "write"]
    per_call: float = Field(1, ge=0, description="Operations per call of the use case (a fan-out: followers a post).")
    per_connection: float = Field(
        0, ge=0, description="Operations a second for each connection the store's gateways hold (refreshes)."
    )
    why: str = Field(description="Why the work happens, with where the numbers come from.")


class DerivedState(Part):
    """What a store keeps that no entity of the questionnaire describes, and the work keeping it takes."""

    entries: float = Field(0, ge=0, description="Entries kept after 3 years.")
    entries_per_connection: float = Field(
        0, ge=0, description="Entries for each connection the store's gateways hold (a connection registry)."
    )
    entry_bytes: float = Field(0, ge=0, description="Memory or disk one entry takes, with its index and overhead.")
    why: str = Field(description="What one entry is and where the count comes from.")
    work: list[StoreWork] = Field(default_factory=list)


class DataStore(Part):
    """A database, index or bucket."""

    name: str
    kind: StoreKind
    technology: str
    purpose: str
    entities: list[str] = Field(default_factory=list)
    files: list[str] = Field(default_factory=list, description="File sets kept here (object storage).")
    services: list[str] = Field(default_factory=list, description="Services that use it.")
    replication: str
    partitioning: str = "none"
    read_replicas: int = Field(0, ge=0)
    shards: int = Field(1, ge=1, description="Partitions (shards) the data is split across.")
    node_class: str = Field("", description="The size of node provisioned, e.g. small, 8 vCPU / 32 GB.")
    write_capacity_per_s: float = Field(0, ge=0, description="Writes per second the provisioned nodes sustain.")
    backup: str = ""
    encryption_at_rest: bool = True
    size_bytes_3y: float = Field(0, ge=0, description="Data it holds after three years.")
    demand: Demand = Field(default_factory=Demand, description="The load routed to it (computed).")
    decision: str = ""
    derived: DerivedState | None = Field(
        None, description="Sizing of what it keeps beyond the entities it holds (timelines, registries, presence)."
    )
    archive: list[str] = Field(
        default_factory=list, description="Its file sets kept in the archive class once processed (originals)."
    )


class StoredField(Part):
    """One field of an entity as stored."""

    name: str
    type: str
    required: bool = True
    pii: bool = False
    minimum: float | None = Field(
        None, description="The smallest value a number may take (0: never negative); none: any."
    )
    set_by: Literal["client", "server"] = Field(
        "client", description="server: read-only in every input (ids, status, timestamps, computed amounts...)."
    )
    source: str = Field("", description="Who sets a server-owned field, e.g. the state machine, the token.")
    description: str = ""
    encrypted: bool = Field(
        False, description="Encrypted at field level with a key per person; never indexed or searched in clear."
    )
    readers: list[str] = Field(
        default_factory=list,
        description="Who may read it, when not every caller of the record may: roles, and `self` for the person "
        "the record is about. Other callers get the record without it (a projection).",
    )
    writers: list[str] = Field(
        default_factory=list,
        description="Who may set it, when not every caller that writes the record may: roles, and `self`.",
    )


class Index(Part):
    """An index (or a key) and the access pattern that needs it, in the terms of the store's engine."""

    name: str
    fields: list[str]
    kind: Literal["primary", "btree", "unique", "fulltext", "geo", "hash", "global", "table", "claim", "exclusion"] = (
        Field(
            description="primary: the table's key; btree, hash, unique, fulltext, geo: secondary indexes of a database "
            "that builds them; global: a secondary index a partitioned engine keeps over every partition (eventually "
            "consistent); table: a query table, the same rows keyed for one access pattern and written with the row; "
            "claim: a table keyed by a value that must be unique, claimed with a conditional insert before the row; "
            "exclusion: an exclusion constraint on (resource WITH =, period WITH &&) among the rows in the live states "
            "(fields: the resource, then the period's start and end)."
        )
    )
    serves: str = Field(description="The access pattern or constraint it serves.")
    partition: list[str] = Field(
        default_factory=list,
        description="The leading fields that form the partition key (partitioned engines); the rest order the rows "
        "within a partition.",
    )


class Transition(Part):
    """A move of a state machine: from which states, to which, started by which use case and roles."""

    name: str = Field(description="A verb, e.g. accept; the operation is POST /…/{id}/accept.")
    source: list[str] = Field(min_length=1, description="States it may start from.")
    target: str
    use_case: str | None = Field(None, description="The use case that performs it.")
    roles: list[str] = Field(default_factory=list, description="Who may trigger it (roles, or system).")
    emits: str | None = Field(None, description="The event published when it happens.")
    guard: str = Field("", description="What must hold besides the source state.")


class StateMachine(Part):
    """The lifecycle of an entity with a status: the only way its status changes."""

    field: str = "status"
    states: list[str] = Field(min_length=2)
    initial: str
    terminal: list[str] = Field(default_factory=list)
    transitions: list[Transition] = Field(default_factory=list)


class EntityDesign(Part):
    """An entity as the design stores it."""

    name: str
    description: str = ""
    domain: str
    owner: str = Field(description="The service that owns and writes it.")
    store: str
    fields: list[StoredField]
    primary_key: list[str]
    indexes: list[Index] = Field(default_factory=list)
    partition_key: str | None = None
    retention_days: int | None = None
    pii: bool = False
    consistency: Literal["strong", "eventual"] = "strong"
    mutability: Literal["mutable", "append_only"] = "mutable"
    access: list[str] = Field(default_factory=list)
    search_index: str | None = Field(None, description="The search store that indexes it, if any.")
    state_machine: StateMachine | None = None


class Channel(Part):
    """A queue or log that carries messages between services."""

    name: str
    kind: Literal["queue", "log", "pubsub"]
    technology: str
    cluster: str = Field("", description="The broker cluster it lives in; topics of one cluster share its cost.")
    partitions: int = Field(0, ge=0, description="Partitions of a log (0 for a queue).")
    delivery: Literal["at-least-once", "at-most-once", "exactly-once"] = "at-least-once"
    retries: str = "exponential backoff, 5 attempts"
    dead_letter: str | None = None
    retention: str = "7 days"
    demand: Demand = Field(default_factory=Demand, description="The messages routed through it (computed).")


class RealtimeMessage(Part):
    """One kind of message on a realtime channel."""

    name: str
    direction: Literal["to-client", "from-client"]
    entity: str | None = None
    description: str = ""
    fields: list[str] | None = Field(
        None,
        description="What it carries: fields of its entity, `Entity.field` of another record the use case reads, or "
        "a value computed when it is sent (eta_s); None: the whole record as the API returns it.",
    )


class RealtimeChannel(Part):
    """Connections the system holds with clients or devices: WebSocket, Server-Sent Events, MQTT or mobile push."""

    name: str
    protocol: Literal["websocket", "sse", "mqtt", "mobile-push"]
    technology: str
    service: str = Field(description="The service that holds the connections.")
    audience: list[str] = Field(description="The roles connected.")
    address: str = Field(description="Where clients connect, e.g. /v1/realtime or a topic pattern.")
    authentication: str
    messages: list[RealtimeMessage] = Field(default_factory=list)
    use_cases: list[str] = Field(default_factory=list)
    delivery: str = Field("", description="Ordering, acknowledgements and what happens to a disconnected client.")
    devices_per_member: float = Field(
        1, ge=1, le=20, description="Connections each member online holds (one per device connected at once)."
    )
    demand: Demand = Field(default_factory=Demand, description="Connections and messages at peak (computed).")


class Job(Part):
    """Work the system runs on a timer, with no public operation."""

    name: str
    schedule: str = Field(description="When it runs, e.g. a cron expression with its time zone.")
    service: str
    use_case: str | None = None
    description: str = ""


class Event(Part):
    """A fact one service announces and others react to."""

    name: str
    producer: str
    consumers: list[str] = Field(default_factory=list)
    channel: str
    entity: str | None = None
    trigger: str = ""
    use_cases: list[str] = Field(default_factory=list, description="The use cases whose work publishes it.")
    ordering_key: str | None = None
    outbox: bool = Field(True, description="Published through a transactional outbox.")


class Cache(Part):
    """A cache layer."""

    name: str
    technology: str
    placement: Literal["cdn", "gateway", "distributed", "in-process", "client"]
    holds: str = Field(description="What is cached.")
    entities: list[str] = Field(default_factory=list, description="Entities whose records it holds.")
    pattern: Literal["cache-aside", "read-through", "write-through", "edge"] = "cache-aside"
    ttl_seconds: int = Field(ge=0)
    invalidation: str
    size_bytes: float = Field(0, ge=0, description="Planned memory for the working set.")


class Gateway(Part):
    """The entry point that callers reach."""

    technology: str
    responsibilities: list[str]


class ExternalSystem(Part):
    """An integration as the design handles it."""

    name: str
    kind: str
    direction: Literal["outbound", "inbound", "both"]
    used_by: list[str] = Field(default_factory=list)
    protocol: str = "HTTPS (REST)"
    failure_handling: str = ""
    replaced_by: str | None = Field(
        None, description="The deployable that does its work in-house instead of calling it (and paying per call)."
    )


FLOW_EDGES = ("gateway", "scheduler")  # who a flow may name besides the design's elements, roles and systems


class FlowStep(Part):
    """One message in a sequence diagram."""

    source: str
    target: str
    message: str
    kind: Literal["sync", "async", "reply"] = "sync"
    budget_ms: int = Field(0, ge=0, description="The share of the latency budget this step may take.")


class Flow(Part):
    """A use case traced through the design."""

    use_case: str
    actor: str
    description: str = ""
    steps: list[FlowStep]
    latency_budget_ms: int = 0


class ApiConventions(Part):
    """Rules every API in the design follows."""

    style: str
    versioning: str
    pagination: str
    errors: str
    authentication: str
    rate_limits: str
    idempotency: str
    concurrency: str = "ETag and If-Match on updates"


class ClientApp(Part):
    """An application people use to reach the system, where it is served from, and how it holds their sign-in."""

    name: str = Field(description="What the design calls it, e.g. staff web app.")
    delivery: Literal["server-rendered", "web", "mobile"] = Field(
        description="server-rendered: pages the application renders itself; web: a single-page app served as static "
        "files from a CDN; mobile: native apps from the app stores."
    )
    roles: list[str] = Field(min_length=1, description="The roles that use it.")
    hosting: str = Field(description="Where it is served from.")
    session: Literal["cookie", "bearer"] = Field(
        description="What it sends the API: the browser's session cookie, or an access token in the Authorization "
        "header."
    )
    credentials: str = Field(description="How it signs in, where it keeps the result and how the API checks it.")
    csrf: str = Field("", description="Its defence against cross-site request forgery (needed with cookies).")
    protections: str = Field("", description="The browser or device protections it ships with.")
    rationale: str = Field("", description="The questionnaire facts that chose this delivery.")


# --- qualities ------------------------------------------------------------------------------------------


class Control(Part):
    """A compliance control and the design elements that implement it."""

    regime: str
    requirement: str
    measure: str
    elements: list[str] = Field(default_factory=list)


Stride = Literal[
    "Spoofing", "Tampering", "Repudiation", "Information disclosure", "Denial of service", "Elevation of privilege"
]


class Threat(Part):
    """One STRIDE threat against a flow or element."""

    target: str
    category: Stride
    threat: str
    mitigation: str


class PiiHandling(Part):
    """How one entity's personal data is protected."""

    entity: str
    fields: list[str]
    controls: list[str]


class CallerAuth(Part):
    """How one kind of caller proves who it is."""

    caller: str = Field(description="A role, an integration or a service.")
    kind: Literal["person", "device", "service", "integration"]
    method: str


class Scope(Part):
    """A scope another system's access token may be granted, and what it opens."""

    name: str
    access: Literal["read", "write"]
    classes: list[str] = Field(
        default_factory=list,
        description="The classes of personal field it opens (personal, sensitive); none: records without them.",
    )
    description: str = ""


class Security(Part):
    """How the system is protected."""

    authentication: str
    authorization: str
    service_to_service: str
    transport: str
    at_rest: str
    secrets: str
    input_validation: str
    rate_limiting: str
    audit: str = ""
    callers: list[CallerAuth] = Field(default_factory=list)
    scopes: list[Scope] = Field(
        default_factory=list,
        description="The scopes other systems' tokens are granted: reading each class of personal field takes its own.",
    )
    pii: list[PiiHandling] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)
    threats: list[Threat] = Field(default_factory=list)


class FailureMode(Part):
    """How a component fails, how we notice, what limits the damage, and what users see meanwhile."""

    component: str
    kind: str = Field("", description="The kind of component, e.g. queue worker, relational store.")
    failure: str
    detection: str
    blast_radius: str = ""
    mitigation: str
    degraded: str = Field("", description="What users see while it lasts.")


class Backup(Part):
    """A store's backup plan."""

    store: str
    method: str
    frequency: str
    retention: str
    restore_drill: str
    meets_rpo: bool = True


class Reliability(Part):
    """How the system stays up and recovers."""

    availability_slo: float
    error_budget_minutes_per_month: float
    latency_slo_ms: int
    topology: Literal["backup-restore", "pilot-light", "warm-standby", "hot-standby", "active-active"]
    strategy: str = Field(description="The topology in a sentence, with regions and zones.")
    regions: list[str]
    zones_per_region: int = Field(ge=1)
    rpo_minutes: float
    rto_minutes: float
    resilience: list[str] = Field(default_factory=list, description="Timeouts, retries, circuit breakers, bulkheads.")
    failure_modes: list[FailureMode] = Field(default_factory=list)
    backups: list[Backup] = Field(default_factory=list)
    degradation: list[str] = Field(default_factory=list, description="What still works when a part is down.")


class Alert(Part):
    """A page-worthy condition."""

    name: str
    condition: str
    severity: Literal["page", "ticket"]


class Observability(Part):
    """How the team sees what the system does."""

    stack: str
    logs: str
    log_sample: float = Field(1.0, gt=0, le=1, description="Share of successful requests logged (errors always).")
    metrics: str
    traces: str
    dashboards: list[str] = Field(default_factory=list)
    slis: list[str] = Field(default_factory=list)
    alerts: list[Alert] = Field(default_factory=list)


class Environment(Part):
    """A deployment environment."""

    name: str
    purpose: str


class Deployment(Part):
    """Where and how the system runs."""

    cloud: str
    platform: str
    regions: list[str]
    environments: list[Environment]
    strategy: str
    ci_cd: list[str]
    infrastructure_as_code: str


class CostLine(Part):
    """One line of the monthly cost estimate."""

    item: str
    category: str
    component: str = Field("", description="The design element it pays for.")
    quantity: float
    unit: str
    unit_price_usd: float
    monthly_usd: float
    price: str = Field("", description="The price-table key it is priced by.")
    formula: str = Field("", description="How the quantity follows from the figures.")


class Cost(Part):
    """A rough monthly cost from a price table."""

    price_table: str
    lines: list[CostLine] = Field(default_factory=list)
    total_usd_per_month: float = Field(0, description="Infrastructure and services: what the budget pays for.")
    fees_usd_per_month: float = Field(
        0, description="Transaction fees (payment providers): a cost of sales, shown apart from the budget."
    )
    budget_usd_per_month: float | None = None


# --- topology -------------------------------------------------------------------------------------------


class Region(Part):
    """A cloud region the design runs in, and what it is for."""

    name: str
    area: str = Field(description="The area it lies in, e.g. europe.")
    role: Literal["primary", "standby", "serving", "home"] = Field(
        description="primary: all writes (with cells: its own cell's and the global directory's); standby: recovery "
        "copy; serving: serves nearby users; home: a cell that keeps its users' personal data."
    )
    personal_data: bool = Field(description="Stores or processes personal data.")
    home: str = Field(
        "", description="The home it keeps, when cells follow a home field (the value of Tenant.home_region: eu)."
    )
    recovers: str = Field("", description="A standby: the region whose data it holds a recovery copy of.")


class AreaServing(Part):
    """Which region serves the users of an area, and whether it is close enough."""

    area: str
    region: str
    rtt_ms: float = Field(ge=0, description="Network round trip from the area to the region.")
    within_budget: bool


class Topology(Part):
    """Where the system runs: regions, who each serves, and where personal data is pinned."""

    regions: list[Region] = Field(min_length=1)
    serving: list[AreaServing] = Field(default_factory=list)
    cells: bool = Field(False, description="Users are homed in a region (cell) that keeps their personal data.")
    homed_by: str = Field(
        "",
        description="The field whose value homes each tenant or person in a cell (Tenant.home_region); a global "
        "directory maps each to its cell and routes its requests there.",
    )
    residency: list[str] = Field(default_factory=list, description="Areas or countries personal data must stay in.")
    summary: str = ""
    decision: str = ""


class TenancyDesign(Part):
    """How tenants are kept apart."""

    isolation: Literal["shared-schema", "schema-per-tenant", "database-per-tenant"]
    tenant_key: str = Field(description="The column or claim that names the tenant.")
    enforcement: str = Field(description="How every query is held to one tenant.")
    tenant_from: str = Field(description="Where a request's tenant comes from (the token, never a parameter).")
    noisy_neighbours: str
    decision: str = ""


# --- patterns -------------------------------------------------------------------------------------------


class Signal(Part):
    """A fact of the questionnaire that triggered a pattern."""

    key: str = Field(description="The questionnaire key, e.g. use_cases[Track trip].interaction.")
    value: str = Field(description="What it says there.")


class AppliedPattern(Part):
    """A workload pattern the architect recognised, why, and what it contributed."""

    id: str
    name: str
    summary: str
    signals: list[Signal] = Field(min_length=1)
    contributions: list[str] = Field(default_factory=list, description="The design elements it added.")


class ConsideredPattern(Part):
    """A pattern the architect considered and did not apply."""

    id: str
    name: str
    missing: str = Field(description="The signal that was missing.")


# --- governance -----------------------------------------------------------------------------------------


class Option(Part):
    """One option a decision weighed."""

    name: str
    summary: str = ""
    pros: list[str] = Field(min_length=1)
    cons: list[str] = Field(min_length=1)


class Decision(Part):
    """An architecture decision record."""

    id: str = Field(pattern=r"^ADR-\d{3}$")
    title: str
    status: Literal["proposed", "accepted", "superseded"] = "proposed"
    context: str
    drivers: list[str] = Field(default_factory=list, description="The requirements that drove it.")
    options: list[Option] = Field(min_length=2)
    decision: str = Field(description="The chosen option's name.")
    rationale: str
    consequences: list[str] = Field(min_length=1)


class Risk(Part):
    """A risk to the design's success."""

    id: str = Field(pattern=r"^R-\d{3}$")
    title: str
    description: str
    likelihood: Level
    impact: Level
    mitigation: str
    owner: str = Field(description="The role that owns it, e.g. tech lead.")


class OpenQuestion(Part):
    """Something the questionnaire leaves vague or contradictory."""

    id: str = Field(pattern=r"^Q-\d{3}$")
    question: str
    context: str
    raised_by: str = Field("", description="The requirement or figure that raised it.")


class Trace(Part):
    """A requirement and the design elements and decisions that answer it."""

    requirement: str = Field(description="The requirement's key, e.g. quality.availability.")
    statement: str
    elements: list[str] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)


class Waiver(Part):
    """A review finding the design accepts on purpose, like a linter's suppression: rule, element and why."""

    rule: str = Field(description="The rule id, e.g. SEC004.")
    element: str = Field(description="The element the finding names; * waives the rule everywhere.")
    reason: str = Field(min_length=1, description="Why it is accepted; shown in the review pack.")


class StageRecord(Part):
    """One stage of an architect's run: what it asked, how often it was sent back, and what that fixed."""

    name: str
    calls: int = Field(0, ge=0)
    repair_rounds: int = Field(0, ge=0)
    findings_fixed: int = Field(0, ge=0, description="Problems and review findings the repair rounds removed.")
    cached: bool = Field(False, description="Answered from archgen's response cache, without an API call.")


class Provenance(Part):
    """How the design was made: which architect, which model on which platform, and what the run cost."""

    architect: str = Field(description="rules or anthropic.")
    model: str | None = None
    platform: str | None = Field(None, description="anthropic, bedrock or vertex.")
    effort: str | None = None
    stages: list[StageRecord] = Field(default_factory=list)
    input_tokens: int = Field(0, ge=0)
    output_tokens: int = Field(0, ge=0)
    cache_read_tokens: int = Field(0, ge=0)
    cache_write_tokens: int = Field(0, ge=0)
    cost_usd: float | None = Field(None, ge=0, description="What the run cost at the model's list prices.")
    by_architect: list[str] = Field(
        default_factory=list, description="The parts of the design the architect decided (design.yaml sections)."
    )
    by_archgen: list[str] = Field(
        default_factory=list, description="The parts archgen computed or copied: figures, cost, the requirements."
    )
    prompts: list[str] = Field(default_factory=list, description="The prompts kept with --keep-prompts, as files.")


class Design(Part):
    """A complete architecture design."""

    format_version: Literal[9] = 9
    generator: str = Field(description="The architect that produced it, e.g. rules.")
    system: SystemInfo
    requirements: Requirements = Field(description="The resolved requirements this design answers.")
    assumptions: list[Assumption] = Field(default_factory=list)
    capacity: Capacity
    architecture: Architecture
    deployables: list[Deployable]
    services: list[Service] = Field(min_length=1)
    stores: list[DataStore] = Field(min_length=1)
    entities: list[EntityDesign] = Field(min_length=1)
    channels: list[Channel] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    caches: list[Cache] = Field(default_factory=list)
    realtime: list[RealtimeChannel] = Field(default_factory=list)
    jobs: list[Job] = Field(default_factory=list)
    gateway: Gateway
    integrations: list[ExternalSystem] = Field(default_factory=list)
    api: ApiConventions
    clients: list[ClientApp] = Field(
        default_factory=list, description="The applications people use to reach the API (web, mobile)."
    )
    flows: list[Flow] = Field(default_factory=list)
    security: Security
    tenancy: TenancyDesign | None = None
    topology: Topology | None = None
    reliability: Reliability
    observability: Observability
    deployment: Deployment
    cost: Cost
    decisions: list[Decision] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    traceability: list[Trace] = Field(default_factory=list)
    patterns: list[AppliedPattern] = Field(default_factory=list)
    patterns_considered: list[ConsideredPattern] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list, description="Review findings accepted on purpose.")
    provenance: Provenance | None = Field(None, description="How the design was made.")

    def service(self, name: str) -> Service:
        """The service called `name` (it must exist)."""
        return next(s for s in self.services if s.name == name)

    def store(self, name: str) -> DataStore:
        """The store called `name` (it must exist)."""
        return next(s for s in self.stores if s.name == name)

    def entity(self, name: str) -> EntityDesign:
        """The entity called `name` (it must exist)."""
        return next(e for e in self.entities if e.name == name)

    def decision(self, decision_id: str) -> Decision:
        """The decision record with `decision_id` (it must exist)."""
        return next(d for d in self.decisions if d.id == decision_id)
