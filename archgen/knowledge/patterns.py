"""Workload patterns as data: the signals in a questionnaire that reveal the shape of a system, and what a strong
design of that shape contains.

A pattern file (archgen/knowledge/patterns/*.yaml, or a user's `--catalog DIR/patterns/*.yaml`) says when it
applies, as tests over the questionnaire that must all hold (`all`), of which one must hold (`any`), or none
(`none`), and what it contributes: services, stores, realtime channels, jobs, operations, flow steps, decisions,
risks, failure modes, controls, SLIs, alerts and open questions. Text may name what the tests matched, such as
`{entity}` or `{use_cases}`, and archgen's figures and technologies, such as `{figure:traffic.peak_rps.y3}` or
`{tech:cache}`. Patterns compose; where two contribute the same element the one with the higher precedence wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from
from archgen.design.model import Stride
from archgen.requirements.intent import states, status_field
from archgen.requirements.model import Requirements

Subject = Literal[
    "use_case", "entity", "role", "integration", "tenancy", "regime", "figure", "team", "files", "residency", "areas"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Test(_Strict):
    """One signal: a kind of thing in the questionnaire and what must be true of it (every given filter)."""

    what: Subject
    says: str = Field(description="The signal in words, for the Patterns page: 'a use case that pushes updates'.")
    bind: str | None = Field(None, description="A name the matched things take in the pattern's text.")
    interaction: tuple[str, ...] = ()
    actor_kind: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    mutability: str | None = None
    lifecycle: bool | None = None
    pii: bool | None = None
    words: tuple[str, ...] = Field((), description="Words in the name or description (a word matches its start).")
    name_words: tuple[str, ...] = Field((), description="Words in the name only (CamelCase names are split).")
    field_words: tuple[str, ...] = ()
    states: tuple[str, ...] = Field((), description="An entity's status enum holds every one of these states.")
    reads_with: tuple[str, ...] = Field((), description="A use case reads an entity with one of these accesses.")
    reads_written_by: tuple[str, ...] = Field(
        (), description="A use case reads an entity that use cases of these interactions write."
    )
    writes_with: tuple[str, ...] = Field((), description="A use case writes an entity with one of these accesses.")
    written_by: tuple[str, ...] = Field((), description="An entity is written by a use case of these interactions.")
    writes: bool | None = None
    calls_words: tuple[str, ...] = Field((), description="A use case calls an integration whose kind has a word.")
    direction: tuple[str, ...] = ()
    model: str | None = None
    regimes: tuple[str, ...] = ()
    key: str | None = Field(None, description="A figure's key, for `figure` tests.")
    min: float | None = None
    max: float | None = None
    public: bool | None = None
    internal: bool | None = Field(None, description="A role (or a use case's actor) is staff-only, or not.")
    count: int = Field(1, ge=0, description="How many things must match (0 with `none`).")


class When(_Strict):
    """When a pattern applies."""

    all: tuple[Test, ...] = ()
    any: tuple[Test, ...] = ()
    none: tuple[Test, ...] = ()
    optional: tuple[Test, ...] = Field(
        (), description="Tests that bind names when they match and never decide whether the pattern applies."
    )


class _Spec(_Strict):
    """A contribution, added only when the names it needs were bound (and those it is unless were not)."""

    needs: tuple[str, ...] = Field((), description="Bound names that must have matched for it to be added.")
    unless: tuple[str, ...] = Field((), description="Bound names that must not have matched for it to be added.")


class Line(_Spec):
    """A line of text (an SLI, a resilience measure, ...) that needs some names to have been bound."""

    text: str


Lines = tuple[str | Line, ...]


class ServiceSpec(_Spec):
    name: str
    kind: Literal["domain", "realtime", "ingest", "integration", "platform"] = "domain"
    responsibility: str
    owns: tuple[str, ...] = Field(
        (), description="Entities (or a bound name) it owns instead of their domain's service."
    )
    consumes: tuple[str, ...] = Field((), description="Entities (or a bound name) whose change events it consumes.")


class WorkSpec(_Strict):
    """Reads or writes a store takes beyond the entities it holds. Numbers are arithmetic over numeric placeholders
    (`{records:follows} / {answer:users.registered}`)."""

    use_case: str = Field("", description="A bound name: the use cases whose calls cause it (empty: a steady rate).")
    op: Literal["read", "write"]
    per_call: str = Field("1", description="Operations per call of the use case.")
    per_connection: str = Field("0", description="Operations a second per connection its gateways hold.")
    why: str


class SizingSpec(_Strict):
    """What a store keeps that no entity describes (timelines, a connection registry), and the work it takes."""

    entries: str = Field("0", description="Entries kept after three years (arithmetic over numeric placeholders).")
    entries_per_connection: str = Field("0", description="Entries per connection its gateways hold.")
    entry_bytes: str = Field(description="Memory one entry takes, with its index and overhead.")
    why: str
    work: tuple[WorkSpec, ...] = ()


class StoreSpec(_Spec):
    name: str
    role: str = Field(description="The technology role, e.g. cache, time-series, warehouse (see technologies.yaml).")
    purpose: str
    holds: tuple[str, ...] = Field((), description="Entities (or a bound name) kept there.")
    copy_of: tuple[str, ...] = Field((), description="Entities it keeps a derived copy of (fed by events or CDC).")
    files: tuple[str, ...] = Field((), description="File sets (or a bound name) kept there instead of the files store.")
    archive: tuple[str, ...] = Field((), description="Of its file sets, those kept in the archive class once used.")
    service: str | None = Field(None, description="The service that uses it; the first contributed one when absent.")
    sizing: SizingSpec | None = Field(None, description="How it is sized when it holds no entity.")


class MessageSpec(_Spec):
    name: str
    direction: Literal["to-client", "from-client"]
    entity: str | None = None
    description: str = ""


class RealtimeSpec(_Spec):
    name: str
    protocol: Literal["websocket", "sse", "mqtt", "mobile-push"]
    role: str = Field(description="The technology role for it, e.g. realtime-gateway, device-gateway, mobile-push.")
    service: str
    audience: str = Field(description="Roles connected: a bound name or a comma-separated list.")
    use_cases: str = Field("", description="The use cases it carries: a bound name.")
    address: str
    authentication: str
    delivery: str
    messages: tuple[MessageSpec, ...]


class EventSpec(_Spec):
    name: str
    producer: str
    consumers: str = Field(description="Services that react: a bound name or a comma-separated list.")
    entity: str | None = Field(None, description="The entity it is about (a bound name).")
    use_cases: str = Field("", description="The use cases whose work publishes it (a bound name), for its rate.")
    trigger: str
    ordering_key: str | None = None
    outbox: bool = Field(True, description="Published through the producer's outbox (false: it keeps no database).")


class JobSpec(_Spec):
    name: str
    schedule: str
    service: str
    description: str


class BodyFieldSpec(_Strict):
    name: str
    type: str
    description: str


class OperationSpec(_Spec):
    service: str
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    action: str
    summary: str
    entity: str | None = None
    use_case: str | None = Field(None, description="A bound name of use cases the operation carries.")
    roles: str = Field("", description="Roles allowed to call it: a bound name or a comma-separated list.")
    auth: Literal["user", "public", "device", "service", "signature"] = "user"
    asynchronous: bool = Field(False, description="Accepted for later processing (202).")
    replace: bool = Field(False, description="It carries its use cases instead of the operations planned for them.")
    request: tuple[BodyFieldSpec, ...] = Field((), description="What the caller sends, when it is no record's fields.")


class OptionSpec(_Strict):
    name: str
    summary: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]


class DecisionSpec(_Spec):
    title: str
    context: str
    options: tuple[OptionSpec, ...] = Field(min_length=2)
    choose: str
    rationale: str
    consequences: tuple[str, ...]
    drivers: tuple[str, ...] = ()


class RiskSpec(_Spec):
    title: str
    description: str
    likelihood: Literal["low", "medium", "high"]
    impact: Literal["low", "medium", "high"]
    mitigation: str
    owner: str


class FailureSpec(_Spec):
    component: str
    kind: str
    failure: str
    detection: str
    blast_radius: str
    mitigation: str
    degraded: str


class ControlSpec(_Spec):
    regime: str = Field(description="The regime it answers (a control is added only when the regime applies).")
    requirement: str
    measure: str
    elements: tuple[str, ...]


class ThreatSpec(_Spec):
    target: str
    category: Stride
    threat: str
    mitigation: str


class SecuritySpec(_Spec):
    part: Literal[
        "authentication",
        "authorization",
        "service_to_service",
        "secrets",
        "at_rest",
        "input_validation",
        "rate_limiting",
        "audit",
    ] = Field(description="The part of the security design the measure belongs to.")
    text: str


class AlertSpec(_Spec):
    name: str
    condition: str
    severity: Literal["page", "ticket"]


class QuestionSpec(_Spec):
    question: str
    context: str


class WaiverSpec(_Spec):
    """A review finding the pattern's design accepts on purpose (a tool nobody pages for has no paging alert)."""

    rule: str = Field(pattern=r"^[A-Z]+[0-9]{3}$")
    element: str = "*"
    reason: str = Field(min_length=1)


class StepSpec(_Strict):
    source: str
    target: str
    message: str
    kind: Literal["sync", "async", "reply"] = "sync"


class FlowSpec(_Spec):
    use_case: str = Field(description="A bound name of the use cases whose flows get these steps.")
    steps: tuple[StepSpec, ...]
    replace: bool = Field(False, description="The steps replace the generic ones instead of following them.")
    at: Literal["end", "before-reply"] = Field(
        "end", description="Where the steps go: after the generic ones, or inside the request, before its reply."
    )


class ParameterSpec(_Spec):
    """A number the pattern's mechanism runs on, computed from the load; text uses it as `{param:NAME}`."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    says: str = Field(description="What the number is, in words: 'timeline entries written a second at peak'.")
    formula: str = Field(description="Arithmetic over numeric placeholders and earlier `{param:NAME}`s.")
    unit: str = ""


class FieldNeed(_Strict):
    """A field the mechanism needs on an entity: the architect adds it (set by the server unless the client sends
    it) and a review checks a design has it (under its name or one of its `aliases`)."""

    entity: str = Field(description="A bound name: the entities that carry it.")
    name: str
    type: str
    source: str = Field(description="Who sets it and how, shown in the data model.")
    client: bool = Field(False, description="The client sends it (an idempotency key), instead of the server.")
    required: bool = Field(True, description="Every record has it from the start (false: the mechanism sets it later).")
    aliases: tuple[str, ...] = Field((), description="Other names a design may give the same field.")
    index_with_scope: bool = Field(
        False, description="Indexed after the record the entity belongs to (conversation, sequence)."
    )
    unique: bool = Field(False, description="That index is unique (a retry finds the first record).")


class EssentialSpec(_Spec):
    """A part every strong design of this shape contains, stated as what the design must show for it: the fields,
    the ordering of its events, the steps of its flows, the failure modes and the decision that weighs it."""

    part: str = Field(description="The part in words: 'sequence numbers per conversation'.")
    why: str
    fields: tuple[FieldNeed, ...] = ()
    ordered: str | None = Field(
        None,
        description="A bound entity whose events are keyed by the record it belongs to (the conversation of a "
        "message, the device of a reading), so consumers see them in order.",
    )
    flow: str | None = Field(None, description="A bound name of use cases whose flows must name the mechanism.")
    flow_words: tuple[str, ...] = Field((), description="Words one of those flows' steps must contain.")
    failure_words: tuple[str, ...] = Field((), description="Words a failure mode of the design must contain.")
    decision: str | None = Field(None, description="Words the title of a decision record weighing it contains.")


class Contributions(_Strict):
    """What a pattern adds to a design."""

    parameters: tuple[ParameterSpec, ...] = Field(
        (), description="The mechanism's numbers, computed from the load in order (later ones may use earlier)."
    )
    essentials: tuple[EssentialSpec, ...] = Field(
        (), description="What a strong design of this shape contains: added by the architect, checked by review."
    )

    services: tuple[ServiceSpec, ...] = ()
    stores: tuple[StoreSpec, ...] = ()
    realtime: tuple[RealtimeSpec, ...] = ()
    jobs: tuple[JobSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()
    operations: tuple[OperationSpec, ...] = ()
    flows: tuple[FlowSpec, ...] = ()
    decisions: tuple[DecisionSpec, ...] = ()
    risks: tuple[RiskSpec, ...] = ()
    failure_modes: tuple[FailureSpec, ...] = ()
    controls: tuple[ControlSpec, ...] = ()
    threats: tuple[ThreatSpec, ...] = ()
    resilience: Lines = ()
    degradation: Lines = ()
    slis: Lines = ()
    alerts: tuple[AlertSpec, ...] = ()
    questions: tuple[QuestionSpec, ...] = ()
    security: tuple[SecuritySpec, ...] = Field((), description="Security measures, each in its part of the design.")
    waivers: tuple[WaiverSpec, ...] = Field((), description="Review findings the pattern's design accepts, and why.")


class Pattern(_Strict):
    """A workload pattern."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    summary: str
    precedence: int = Field(50, description="Higher wins where two patterns contribute the same element.")
    when: When
    contributes: Contributions = Contributions()


# --- loading ------------------------------------------------------------------------------------------------


def _parse(text: str, file: str) -> Pattern:
    source = yamlio.parse(text, file)
    try:
        return Pattern.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, Pattern)) from None


@functools.cache
def shipped_patterns() -> tuple[Pattern, ...]:
    """The patterns archgen ships, in file order."""
    folder = resources.files("archgen.knowledge").joinpath("patterns")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return tuple(_parse(f.read_text("utf-8"), f"patterns/{f.name}") for f in files)


def load_patterns(folder: Path | None = None) -> list[Pattern]:
    """The shipped patterns plus a user's `folder/patterns/*.yaml`; a user's pattern replaces one of the same id."""
    patterns = {p.id: p for p in shipped_patterns()}
    if folder is not None and (folder / "patterns").is_dir():
        for path in sorted((folder / "patterns").glob("*.yaml")):
            pattern = _parse(yamlio.read_text(path, "pattern file"), str(path))
            patterns[pattern.id] = pattern
    return sorted(patterns.values(), key=lambda p: (-p.precedence, p.id))


# --- matching -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A thing of the questionnaire a test matched: its key (e.g. use_cases[Track trip].interaction), what it
    says there, and its name for the pattern's text."""

    key: str
    value: str
    name: str


@dataclass
class Match:
    """A pattern that applies: the signals that triggered it and the names its text can use."""

    pattern: Pattern
    signals: list[Found] = field(default_factory=list)
    bound: dict[str, list[str]] = field(default_factory=dict)

    def allows(self, spec: _Spec) -> bool:
        """Whether a contribution is added: every name it needs was bound and none it is `unless`."""
        return all(self.bound.get(n) for n in spec.needs) and not any(self.bound.get(n) for n in spec.unless)

    def lines(self, items: Lines) -> list[str]:
        """The lines (templates) whose needed names were bound."""
        return [i if isinstance(i, str) else i.text for i in items if isinstance(i, str) or self.allows(i)]


@dataclass(frozen=True)
class Miss:
    """A pattern that does not apply, and the first signal that was missing."""

    pattern: Pattern
    missing: str


def match(req: Requirements, patterns: list[Pattern], figure: Callable[[str], float]) -> tuple[list[Match], list[Miss]]:
    """Which patterns apply to `req` (with their signals) and which do not (with the missing signal)."""
    applied: list[Match] = []
    missed: list[Miss] = []
    for pattern in patterns:
        result = _match_one(req, pattern, figure)
        if isinstance(result, Match):
            applied.append(result)
        else:
            missed.append(result)
    return applied, missed


def _match_one(req: Requirements, pattern: Pattern, figure: Callable[[str], float]) -> Match | Miss:
    found = Match(pattern)
    for test in pattern.when.all:
        hits = evaluate(req, test, figure)
        if len(hits) < test.count:
            return Miss(pattern, test.says)
        found.signals += hits
        if test.bind:
            found.bound.setdefault(test.bind, []).extend(h.name for h in hits if h.name)
    if pattern.when.any:
        any_hit = False
        for test in pattern.when.any:
            hits = evaluate(req, test, figure)
            if len(hits) >= test.count:
                any_hit = True
                found.signals += hits
                if test.bind:
                    found.bound.setdefault(test.bind, []).extend(h.name for h in hits if h.name)
        if not any_hit:
            return Miss(pattern, " or ".join(t.says for t in pattern.when.any))
    for test in pattern.when.none:
        if evaluate(req, test, figure):
            return Miss(pattern, f"not {test.says}")
    for test in pattern.when.optional:
        hits = evaluate(req, test, figure)
        if len(hits) >= max(test.count, 1):
            found.signals += hits
            if test.bind:
                found.bound.setdefault(test.bind, []).extend(h.name for h in hits if h.name)
    for name in found.bound:
        found.bound[name] = list(dict.fromkeys(found.bound[name]))
    first: dict[str, Found] = {}
    for signal in found.signals:  # one row per questionnaire key
        first.setdefault(signal.key, signal)
    found.signals = list(first.values())
    return found


def _words(text: str, words: tuple[str, ...]) -> bool:
    low = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).lower()  # DriverPayout speaks of a payout
    return any(re.search(rf"(?<![a-z]){re.escape(w.lower())}", low) for w in words)


def evaluate(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    """What in the questionnaire the test matches (empty when nothing does)."""
    return _EVALUATORS[test.what](req, test, figure)


def _use_cases(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    from archgen.capacity.load import actor_kind, actor_role  # the load model says who runs a use case

    out = []
    entities = {e.name: e for e in req.data.entities}
    kinds = {i.name: i.kind for i in req.integrations}
    written_by = {n: {u.interaction for u in req.use_cases if n in u.writes} for n in entities}
    for u in req.use_cases:
        if test.interaction and u.interaction not in test.interaction:
            continue
        if test.actor_kind and actor_kind(req, u) not in test.actor_kind:
            continue
        if test.words and not _words(u.name + " " + (u.description or ""), test.words):
            continue
        if test.name_words and not _words(u.name, test.name_words):
            continue
        if test.writes is not None and bool(u.writes) != test.writes:
            continue
        if test.reads_with and not any(
            set(test.reads_with) & set(entities[n].access) for n in u.reads if n in entities
        ):
            continue
        if test.reads_written_by and not any(set(test.reads_written_by) & written_by.get(n, set()) for n in u.reads):
            continue
        if test.writes_with and not any(
            set(test.writes_with) & set(entities[n].access) for n in u.writes if n in entities
        ):
            continue
        if test.calls_words and not any(_words(f"{n} {kinds.get(n, '')}", test.calls_words) for n in u.calls):
            continue
        if test.internal is not None:
            role = actor_role(req, u)
            if role is None or role.kind != "person" or role.internal != test.internal:
                continue
        if (test.words or test.name_words) and not test.interaction:
            out.append(Found(f"use_cases[{u.name}].name", u.name, u.name))
        elif test.internal is not None and not test.interaction:
            out.append(Found(f"use_cases[{u.name}].actor", u.actor or "", u.name))
        else:
            out.append(Found(f"use_cases[{u.name}].interaction", u.interaction, u.name))
    return out


def _entities(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    out = []
    for e in req.data.entities:
        if test.access and not set(test.access) & set(e.access):
            continue
        if test.mutability and e.mutability != test.mutability:
            continue
        if test.lifecycle is not None and (status_field(e) is not None) != test.lifecycle:
            continue
        if test.pii is not None and e.pii != test.pii:
            continue
        if test.words and not _words(e.name + " " + (e.description or ""), test.words):
            continue
        if test.name_words and not _words(e.name, test.name_words):
            continue
        if test.field_words and not any(_words(f, test.field_words) for f in e.fields):
            continue
        if test.states and not set(test.states) <= set(states(e)):
            continue
        if test.min is not None and e.growth_per_day < test.min:
            continue
        if test.written_by and not any(e.name in u.writes and u.interaction in test.written_by for u in req.use_cases):
            continue
        if test.access:
            out.append(
                Found(f"data.entities[{e.name}].access", ", ".join(sorted(set(test.access) & set(e.access))), e.name)
            )
        elif test.field_words:
            fields = [f for f in e.fields if _words(f, test.field_words)]
            out.append(Found(f"data.entities[{e.name}].fields", ", ".join(fields), e.name))
        elif test.lifecycle or test.states:
            field_name = status_field(e) or "status"
            out.append(Found(f"data.entities[{e.name}].fields.{field_name}", str(e.fields[field_name]), e.name))
        elif test.mutability:
            out.append(Found(f"data.entities[{e.name}].mutability", e.mutability, e.name))
        elif test.pii is not None:
            out.append(Found(f"data.entities[{e.name}].pii", str(e.pii).lower(), e.name))
        else:
            out.append(Found(f"data.entities[{e.name}]", e.name, e.name))
    return out


def _roles(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    out = []
    for r in req.users.roles:
        if test.actor_kind and r.kind not in test.actor_kind:
            continue
        if test.words and not _words(r.name + " " + (r.description or ""), test.words):
            continue
        if test.name_words and not _words(r.name, test.name_words):
            continue
        if test.internal is not None and (r.kind != "person" or r.internal != test.internal):
            continue
        members = r.active_per_day if r.active_per_day is not None else req.users.daily_active
        if test.min is not None and members < test.min:
            continue
        if test.max is not None and members > test.max:
            continue
        if test.internal is not None:
            out.append(Found(f"users.roles[{r.name}].internal", str(r.internal).lower(), r.name))
        elif test.words or test.name_words:
            out.append(Found(f"users.roles[{r.name}]", r.description or r.name, r.name))
        else:
            out.append(Found(f"users.roles[{r.name}].kind", r.kind, r.name))
    return out


def _integrations(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    out = []
    for i in req.integrations:
        if test.words and not _words(f"{i.name} {i.kind}", test.words):
            continue
        if test.name_words and not _words(i.name, test.name_words):
            continue
        if test.direction and i.direction not in test.direction:
            continue
        out.append(Found(f"integrations[{i.name}].kind", i.kind, i.name))
    return out


def _tenancy(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    tenancy = req.system.tenancy
    model = tenancy.model if tenancy else "single"
    if test.model and model != test.model:
        return []
    return [Found("system.tenancy.model", model, "tenants")]


def _regimes(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    wanted = {r.lower() for r in test.regimes}
    return [
        Found(f"compliance.regimes[{i}]", r, r.upper())
        for i, r in enumerate(req.compliance.regimes)
        if not wanted or r.lower() in wanted
    ]


def _figure(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    assert test.key is not None, "a figure test names its key"
    value = figure(test.key)
    if test.min is not None and value < test.min:
        return []
    if test.max is not None and value > test.max:
        return []
    return [Found(test.key, f"{value:,.6g}", test.key)]


def _team(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    engineers = req.constraints.team.engineers
    if test.min is not None and engineers < test.min:
        return []
    if test.max is not None and engineers > test.max:
        return []
    return [Found("constraints.team.engineers", str(engineers), "team")]


def _files(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    out = []
    for i, f in enumerate(req.data.files):
        if test.public is not None and f.public != test.public:
            continue
        if test.min is not None and f.avg_size_kb < test.min:
            continue
        if test.words and not _words(f.name, test.words):
            continue
        out.append(Found(f"data.files[{i}]", f"{f.name} ({f.avg_size_kb:,.0f} KB each)", f.name))
    return out


def _residency(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    return [Found(f"compliance.data_residency[{i}]", r, r) for i, r in enumerate(req.compliance.data_residency)]


def _areas(req: Requirements, test: Test, figure: Callable[[str], float]) -> list[Found]:
    areas = [a for a in req.users.regions if a != "global"]
    if test.min is not None and len(areas) < test.min:
        return []
    return [Found(f"users.regions[{i}]", a, a) for i, a in enumerate(req.users.regions)]


_EVALUATORS: dict[str, Callable[[Requirements, Test, Callable[[str], float]], list[Found]]] = {
    "use_case": _use_cases,
    "entity": _entities,
    "role": _roles,
    "integration": _integrations,
    "tenancy": _tenancy,
    "regime": _regimes,
    "figure": _figure,
    "team": _team,
    "files": _files,
    "residency": _residency,
    "areas": _areas,
}


# --- filling in text ------------------------------------------------------------------------------------------

_PLACE = re.compile(r"(?:\b([Aa]n?) )?\{([a-z_]+)(?::([^{}]+))?\}")


def fill(text: str, match: Match, values: Callable[[str, str], str]) -> str:
    """`text` with `{bound}` names (joined in English) and `{kind:arg}` values from `values` filled in; an
    indefinite article before a placeholder follows the sound of what fills it ("an Account", "a Payout")."""
    from archgen.common.english import article

    def one(found: re.Match[str]) -> str:
        given, name, arg = found.group(1), found.group(2), found.group(3)
        filled = _join(match.bound[name]) if arg is None and name in match.bound else values(name, arg or "")
        if given is None:
            return filled
        chosen = article(filled)
        return f"{chosen.capitalize() if given[0].isupper() else chosen} {filled}"

    return _PLACE.sub(one, text)


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def names(spec: str, match: Match) -> list[str]:
    """The names a field lists: a bound name's matches, or comma-separated names."""
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key = part.strip("{}")
        out += match.bound.get(key, []) if part.startswith("{") else [part]
    return list(dict.fromkeys(out))


def as_data(pattern: Pattern) -> dict[str, Any]:
    """A pattern as plain data (for the reference page and Claude's context)."""
    return pattern.model_dump(mode="json", exclude_defaults=True)


# --- what a design holds of a pattern's essentials ------------------------------------------------------------


def scope_field(entity: Any) -> str | None:
    """The field naming the record an entity's records belong to (a message's conversation, a reading's device):
    the partition key's leading field when it is not the record's own id or the tenant, else the first reference it
    is looked up by. `entity` is a design's EntityDesign."""
    refs = {f.name for f in entity.fields if f.type.startswith("ref[")}
    lead = (entity.partition_key or "").split(" ")[0].strip("(),")
    if lead in refs:
        return str(lead)
    return next((a[3:] for a in entity.access if a.startswith("by_") and a[3:] in refs), None)


def stream_key(entity: Any) -> str:
    """What a stream of an entity's records is keyed by: the record they belong to when they are only ever appended
    (a driver's positions, a meter's readings), since each one's own id would give them no order at all; a changing
    record's own id otherwise, so each record's changes stay in order. `entity` is a design's EntityDesign."""
    parent = scope_field(entity) if entity.mutability == "append_only" else None
    return parent or "id"


def has_field(entity: Any, need: FieldNeed) -> bool:
    """Whether a design's entity carries a field an essential needs, under its name or one of its aliases."""
    return any(f.name in (need.name, *need.aliases) for f in entity.fields)


def entities_of(spec: str, found: Match, req: Requirements) -> list[str]:
    """The entities a `{bound}` name stands for: the entities it matched, or the first entity each use case it
    matched writes (the records an upload creates)."""
    bound = found.bound.get(spec.strip("{}"), [])
    known = {e.name for e in req.data.entities}
    out = [n for n in bound if n in known]
    out += [u.writes[0] for u in req.use_cases if u.name in bound and u.writes]
    return list(dict.fromkeys(out))


def mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether a text names one of the words (a word matches the start of a word: 'transcod' finds 'transcoded')."""
    return _words(text, words)
