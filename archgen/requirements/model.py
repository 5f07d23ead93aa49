"""The questionnaire as typed models: exactly what the user may write (format version 1), unknown keys refused."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from archgen.knowledge.compliance import known_regimes
from archgen.requirements.fieldtypes import NAME_PATTERN, TYPE_PATTERN, FieldType, FieldTypeError, parse_field_type
from archgen.requirements.spelling import as_written

SUPPORTED_VERSIONS = (1,)
KNOWN_REGIMES = known_regimes()  # the regimes compliance.yaml has controls for
ACCESS_KINDS = ("by_id", "by_<field>", "range_<field>", "search", "recent", "aggregate", "geo")

# Bounds keep numbers sane: a typo of three extra zeros should fail, not produce a design for 10^40 requests.
MAX_USERS = 10_000_000_000
MAX_ROWS = 10**15
MAX_RATE = 10**9
PERCENT_KEYS = frozenset({"availability"})  # keys in percent: `99.9%` is read as 99.9 there


def _parse_type(value: Any) -> FieldType:
    if isinstance(value, FieldType):
        return value
    if not isinstance(value, str):
        raise ValueError("a field type is a string such as uuid, string, enum[A, B] or ref[Entity]")
    try:
        return parse_field_type(value)
    except FieldTypeError as exc:
        raise ValueError(str(exc)) from None


TypeSpec = Annotated[
    FieldType,
    BeforeValidator(_parse_type),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": TYPE_PATTERN, "examples": ["uuid", "enum[A, B]", "ref[Order]"]}),
]
Name = Annotated[str, Field(pattern=NAME_PATTERN)]
Label = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\r\n]+$")]
Prose = Annotated[str, Field(max_length=4_000)]


# Unknown keys are errors, so a typo fails loudly. Strict types: `true` is not the number 1 and "50" is not 50.
# No infinities or NaN: `.inf` users or `.nan` availability must fail with a message, not reach the arithmetic.
_STRICT = ConfigDict(extra="forbid", populate_by_name=True, validate_default=True, strict=True, allow_inf_nan=False)


class Section(BaseModel):
    """Common configuration of every part of the questionnaire."""

    model_config = _STRICT

    @model_validator(mode="before")
    @classmethod
    def _as_people_write(cls, data: Any) -> Any:
        """Numbers and choices written as `archgen init -i` takes them (`20k`, `99.9%`, `AWS`), read the same way."""
        if not isinstance(data, dict):
            return data
        fields = {info.alias or name: (name, info) for name, info in cls.model_fields.items()}
        fields.update({name: (name, info) for name, info in cls.model_fields.items()})
        return {
            key: as_written(fields[key][1].annotation, value, fields[key][0] in PERCENT_KEYS)
            if key in fields
            else value
            for key, value in data.items()
        }


def report(reason: str, **only_when: tuple[str, ...]) -> dict[str, Any]:
    """Mark a field whose default, when filled in, is reported to the user as an assumption with this reason;
    `only_when` names sibling fields and the values for which the default means something (else it is not reported)."""
    return {
        "x-assumption": reason,
        **({"x-assumption-when": {k: list(v) for k, v in only_when.items()}} if only_when else {}),
    }


Isolation = Literal["any", "shared-schema", "schema-per-tenant", "database-per-tenant"]


class Tenancy(Section):
    """Whether the system serves many tenant organisations, and how they are kept apart."""

    model: Literal["single", "multi"] = Field(
        "single", description="single: one organisation; multi: many tenant organisations share the system."
    )
    tenants: int | None = Field(None, ge=1, le=MAX_USERS, description="Tenant organisations served at launch.")
    growth_per_year: float | None = Field(
        None,
        ge=0,
        le=100,
        description="Yearly growth of the number of tenants (0.3 = +30 %); load.growth_per_year when absent.",
    )
    isolation: Isolation = Field(
        "any",
        description="any (the architect chooses and says why), shared-schema, schema-per-tenant or "
        "database-per-tenant.",
    )


class System(Section):
    """What the system is."""

    name: Label = Field(description="The system's name, 1-80 characters.")
    summary: Prose = Field(min_length=1, description="A paragraph saying what the system does and for whom.")
    domain: Label | None = Field(None, description="The business domain, free text (e.g. e-commerce).")
    tenancy: Tenancy | None = Field(
        None,
        description="Tenant organisations; absent means one organisation uses the system.",
        json_schema_extra=report("one organisation uses the system (no tenants)"),
    )


RoleKind = Literal["person", "device", "service"]


class Role(Section):
    """An actor who uses the system: people, devices or other systems."""

    name: Label = Field(description="The role's name, e.g. customer.")
    description: Prose | None = Field(None, description="What people in this role do.")
    internal: bool = Field(False, description="True for staff-only roles.")
    kind: RoleKind = Field(
        "person",
        description="person (logs in), device (per-device credentials, retries and buffers, never logs in) or "
        "service (another system calling with its own credentials).",
    )
    active_per_day: int | None = Field(
        None,
        ge=0,
        le=MAX_USERS,
        description="Members of this role active on an average day; use-case frequencies are per active member. "
        "Absent: users.daily_active.",
    )
    peak_online: int | None = Field(
        None,
        ge=0,
        le=MAX_USERS,
        description="Members connected at the same time at peak (open connections for streams and push).",
    )


def _default_roles() -> list[Role]:
    return [Role(name="user")]


class Users(Section):
    """Who uses the system and how many of them there are."""

    registered: int | None = Field(None, ge=0, le=MAX_USERS, description="Accounts in total.")
    daily_active: int = Field(ge=1, le=MAX_USERS, description="Users active on an average day.")
    peak_concurrent: int | None = Field(
        None, ge=1, le=MAX_USERS, description="Users active at the same moment at peak; derived when absent."
    )
    regions: list[Label] = Field(
        default_factory=lambda: ["global"],
        min_length=1,
        max_length=20,
        description="Where the users are: global, north-america, south-america, europe, middle-east, africa, "
        "asia-pacific, oceania (common aliases and ISO country codes are read as their area).",
        json_schema_extra=report("no regions given, so users are taken to be worldwide"),
    )
    roles: list[Role] = Field(
        default_factory=_default_roles,
        min_length=1,
        max_length=50,
        description="The actors; default one role named user.",
        json_schema_extra=report("no roles given, so there is one role, 'user'"),
    )


Pattern = Literal["steady", "diurnal", "spiky", "batch"]


class Load(Section):
    """How hard the users push the system."""

    requests_per_user_per_day: float = Field(
        40,
        gt=0,
        le=1_000_000,
        description="API requests per daily active user, on average.",
        json_schema_extra=report("a typical interactive product makes about 40 API calls per active user a day"),
    )
    peak_factor: float | None = Field(
        None, ge=1, le=1_000, description="Peak request rate divided by the average; derived from the pattern."
    )
    read_write_ratio: float = Field(
        10,
        gt=0,
        le=1_000_000,
        description="Reads per write.",
        json_schema_extra=report("most products read about ten times as often as they write"),
    )
    peak_rps: float | None = Field(
        None, gt=0, le=MAX_RATE, description="An explicit peak in requests per second; overrides the derived one."
    )
    growth_per_year: float = Field(
        0.3,
        ge=0,
        le=100,
        description="Yearly growth of users and traffic as a ratio (0.8 = +80 %).",
        json_schema_extra=report("a growing product adds about 30 % users and traffic a year"),
    )
    pattern: Pattern = Field(
        "diurnal",
        description="The shape of traffic over a day: steady, diurnal, spiky or batch.",
        json_schema_extra=report("traffic follows the users' day"),
    )


Consistency = Literal["strong", "eventual"]
Mutability = Literal["mutable", "append_only"]


class Entity(Section):
    """A kind of record the system keeps."""

    name: Name = Field(description="The entity's name, an identifier such as Order.")
    description: Prose | None = Field(None, description="What one record is.")
    fields: dict[Name, TypeSpec] = Field(
        default_factory=lambda: {
            "id": parse_field_type("uuid"),
            "name": parse_field_type("string"),
            "created_at": parse_field_type("timestamp"),
        },
        min_length=1,
        max_length=200,
        description="Field name to type: uuid, string, text, int, decimal, bool, date, timestamp, json, "
        "enum[A, B], ref[Entity], list[T].",
        json_schema_extra=report(
            "no fields given, so the entity has an id, a name and the time it was created; list its fields to get "
            "inputs that carry them"
        ),
    )
    records: int = Field(
        0,
        ge=0,
        le=MAX_ROWS,
        description="Rows at launch.",
        json_schema_extra=report("empty at launch; give records to size its storage"),
    )
    growth_per_day: int = Field(
        0,
        ge=0,
        le=MAX_ROWS,
        description="New rows per day.",
        json_schema_extra=report("does not grow; give growth_per_day to size its storage"),
    )
    record_bytes: int | None = Field(
        None, ge=1, le=1_000_000_000, description="Average stored size of one row; estimated from the fields."
    )
    access: list[Annotated[str, Field(max_length=80)]] = Field(
        default_factory=lambda: ["by_id"],
        max_length=50,
        description="Access patterns: by_id, by_<field>, range_<field>, search, recent, aggregate, geo.",
        json_schema_extra=report("read by id only"),
    )
    pii: bool = Field(False, description="Holds personal data.", json_schema_extra=report("holds no personal data"))
    retention_days: int | None = Field(
        None,
        ge=1,
        le=36_500,
        description="Days a row is kept; null keeps it forever.",
        json_schema_extra=report("kept forever"),
    )
    consistency: Consistency = Field(
        "strong", description="strong or eventual.", json_schema_extra=report("reads see the latest write")
    )
    mutability: Mutability = Field(
        "mutable",
        description="mutable or append_only.",
        json_schema_extra=report("rows are updated in place"),
    )


class FileSet(Section):
    """Binary objects: images, documents, media."""

    name: Label = Field(description="The file set's name, e.g. product-images.")
    count: int = Field(0, ge=0, le=MAX_ROWS, description="Files at launch.")
    avg_size_kb: float = Field(ge=0, le=100_000_000, description="Average size of one file in KB.")
    growth_per_day: int = Field(0, ge=0, le=MAX_ROWS, description="New files per day.")
    public: bool = Field(
        False,
        description="Served to anonymous users.",
        json_schema_extra=report("served only to signed-in users"),
    )


class Domain(Section):
    """A bounded context: a group of entities that change together."""

    name: Label = Field(description="The domain's name, e.g. catalog.")
    entities: list[Name] = Field(min_length=1, description="The entities in this domain.")


class Data(Section):
    """What the system keeps."""

    entities: list[Entity] = Field(min_length=1, max_length=1_000, description="The kinds of records.")
    files: list[FileSet] = Field(default_factory=list, max_length=100, description="Binary objects.")
    domains: list[Domain] = Field(
        default_factory=list, max_length=200, description="Bounded contexts; archgen proposes its own when absent."
    )


Interaction = Literal["request", "stream", "push", "batch", "webhook", "scheduled"]


class UseCase(Section):
    """A key flow through the system."""

    name: Label = Field(description="The flow's name, e.g. Place order.")
    actor: Label | None = Field(
        None,
        description="The role that starts it, or the integration that calls a webhook; the first role when absent.",
    )
    description: Prose | None = Field(None, description="What happens.")
    reads: list[Name] = Field(default_factory=list, description="Entities read.")
    writes: list[Name] = Field(default_factory=list, description="Entities written.")
    calls: list[Label] = Field(default_factory=list, description="Integrations used.")
    interaction: Interaction = Field(
        "request",
        description="request (the caller waits), stream (a continuous flow of small updates in), push (the system "
        "sends updates to connected clients), batch (many records uploaded at once), webhook (an external system "
        "calls in) or scheduled (a job on a timer).",
    )
    frequency_per_user_per_day: float = Field(
        1,
        ge=0,
        le=MAX_RATE,
        description="Times an active member of the actor role runs it a day: calls for request, stream, batch; "
        "messages received for push; calls in all for an integration's webhook; runs for a scheduled job.",
        json_schema_extra=report("once per active user a day"),
    )
    batch_size: int = Field(1, ge=1, le=1_000_000, description="Records per call for stream and batch interactions.")
    request_bytes: int | None = Field(
        None, ge=0, le=10_000_000_000, description="Average request payload in bytes; a default per interaction."
    )
    response_bytes: int | None = Field(
        None, ge=0, le=10_000_000_000, description="Average response payload in bytes; a default per interaction."
    )
    latency_p99_ms: int | None = Field(
        None, ge=1, le=3_600_000, description="Its p99 latency target; quality.latency_p99_ms when absent."
    )
    async_: bool = Field(
        False,
        alias="async",
        description="True when the user need not wait for completion.",
        # a job, a stream or a provider's call has no user waiting: the default says nothing about them
        json_schema_extra=report("the user waits for the result", interaction=("request", "batch")),
    )


class Integration(Section):
    """An external system."""

    name: Label = Field(description="The external system's name, e.g. Stripe.")
    kind: Label = Field(
        "other", description="What it does, e.g. payments.", json_schema_extra=report("kind not stated")
    )
    direction: Literal["outbound", "inbound", "both"] = Field(
        "outbound", description="outbound, inbound or both.", json_schema_extra=report("we call it")
    )


class Quality(Section):
    """What quality the system must reach."""

    availability: float = Field(
        99.9,
        ge=90,
        le=99.9999,
        description="Monthly availability in percent.",
        json_schema_extra=report("a common target for a business system (43 minutes of downtime a month)"),
    )
    latency_p99_ms: int = Field(
        500,
        ge=1,
        le=3_600_000,
        description="Default p99 latency of an API call in ms.",
        json_schema_extra=report("interactive APIs answer within half a second"),
    )
    rpo_minutes: float = Field(
        60,
        ge=0,
        le=525_600,
        description="Data loss tolerated after a disaster, in minutes.",
        json_schema_extra=report("losing up to an hour of data in a disaster is tolerable"),
    )
    rto_minutes: float = Field(
        240,
        gt=0,
        le=525_600,
        description="Time to recover after a disaster, in minutes.",
        json_schema_extra=report("recovering within four hours is tolerable"),
    )


class Compliance(Section):
    """Regulation the system is bound by."""

    regimes: list[Label] = Field(
        default_factory=list,
        max_length=20,
        description=f"Regimes; known: {', '.join(KNOWN_REGIMES)}; others are kept and flagged.",
        json_schema_extra=report("no regulatory regime applies"),
    )
    data_residency: list[Label] = Field(
        default_factory=list,
        max_length=20,
        description="Where personal data must stay: an area (europe, north-america, ...) or an ISO 3166 alpha-2 "
        "country code (de, us, br).",
        json_schema_extra=report("personal data may be stored in any region"),
    )
    audit_log: bool = Field(
        False, description="Keep an audit log of changes.", json_schema_extra=report("no audit log is required")
    )


class Team(Section):
    """The team that builds and runs the system."""

    engineers: int = Field(
        6, ge=1, le=100_000, description="Engineers.", json_schema_extra=report("a team of six engineers")
    )
    skills: list[Label] = Field(default_factory=list, max_length=100, description="What the team knows well.")


Cloud = Literal["aws", "gcp", "azure", "on-prem", "any"]


class Constraints(Section):
    """What the team is bound by."""

    cloud: Cloud = Field(
        "any",
        description="aws, gcp, azure, on-prem or any (vendor-neutral names).",
        json_schema_extra=report("no cloud chosen, so the design names vendor-neutral technologies"),
    )
    team: Team = Field(default_factory=Team, description="The team.")
    budget_usd_per_month: float | None = Field(
        None,
        ge=0,
        le=1_000_000_000,
        description="Monthly infrastructure budget in USD.",
        json_schema_extra=report("no budget given, so the cost is estimated but not checked"),
    )
    languages: list[Label] = Field(default_factory=list, max_length=20, description="Programming languages to use.")
    must_use: list[Label] = Field(default_factory=list, max_length=50, description="Technologies that must be used.")
    avoid: list[Label] = Field(default_factory=list, max_length=50, description="Technologies to avoid.")


class Requirements(Section):
    """A requirements questionnaire, format version 1."""

    model_config = ConfigDict(**_STRICT, json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"})

    version: int = Field(description=f"The format version; supported: {', '.join(map(str, SUPPORTED_VERSIONS))}.")
    system: System
    users: Users
    load: Load = Field(default_factory=Load, description="Traffic.")
    data: Data
    use_cases: list[UseCase] = Field(
        default_factory=list, max_length=500, description="The key flows; they drive APIs and sequence diagrams."
    )
    integrations: list[Integration] = Field(default_factory=list, max_length=200, description="External systems.")
    quality: Quality = Field(default_factory=Quality, description="Quality targets.")
    compliance: Compliance = Field(default_factory=Compliance, description="Regulation.")
    constraints: Constraints = Field(default_factory=Constraints, description="Constraints.")

    def entity(self, name: str) -> Entity:
        """The entity called `name` (it must exist)."""
        return next(e for e in self.data.entities if e.name == name)
