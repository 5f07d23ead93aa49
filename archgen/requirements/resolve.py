"""Fill in every default the user left out, and record each one as an assumption the user can see."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from archgen.common import english
from archgen.common.naming import words_of
from archgen.knowledge.operations import operation_words
from archgen.requirements.areas import Reading, Where, read_area
from archgen.requirements.engagements import with_engagements, with_waiting_states
from archgen.requirements.model import Entity, Requirements, UseCase
from archgen.requirements.payment_batches import with_payment_batches
from archgen.requirements.relations import with_access_relation, with_holding_periods, with_memberships
from archgen.requirements.verified import with_verified_records
from archgen.requirements.work_requests import with_followable_requests

# Peak rate divided by the average rate, by the shape of traffic over a day.
PEAK_FACTOR_BY_PATTERN = {"steady": 1.5, "diurnal": 3.0, "spiky": 10.0, "batch": 6.0}
# a typical session of an active user: how long each daily user counts as online
SESSION_MINUTES = 30


class Assumption(BaseModel):
    """A value archgen filled in because the questionnaire left it out."""

    model_config = ConfigDict(extra="forbid")

    key: str
    value: str
    reason: str


def resolve(req: Requirements) -> tuple[Requirements, list[Assumption]]:
    """The questionnaire with every default and derived value filled in, and the list of what was assumed."""
    from archgen.requirements.contents import with_contents
    from archgen.requirements.intent import acts_on_existing  # it reads the verb lists resolving does not need
    from archgen.requirements.proposals import propose

    assumptions: list[Assumption] = []
    req = with_contents(req, assumptions)
    assumptions += _defaults(req, "")
    assumed = not req.use_cases
    if assumed:
        req = req.model_copy(update={"use_cases": _assumed_use_cases(req, assumptions)})
    req = propose(req, assumptions, assumed)
    load = req.load
    if load.peak_factor is None:
        factor = PEAK_FACTOR_BY_PATTERN[load.pattern]
        load = load.model_copy(update={"peak_factor": factor})
        assumptions.append(
            Assumption(key="load.peak_factor", value=_show(factor), reason=f"typical for {load.pattern} traffic")
        )
    users = req.users
    regions = _areas(users.regions, "users.regions", assumptions)
    residency = _areas(req.compliance.data_residency, "compliance.data_residency", assumptions)
    users = users.model_copy(update={"regions": regions, "roles": _roles(req, assumptions)})
    compliance = req.compliance.model_copy(update={"data_residency": residency})
    req = with_verified_records(req.model_copy(update={"users": users}), assumptions)
    req = with_payment_batches(req, assumptions)
    req = with_holding_periods(with_access_relation(req, assumptions), assumptions)
    req = with_memberships(req, assumptions)
    req = with_waiting_states(with_engagements(req, assumptions), assumptions)
    req = with_followable_requests(req, assumptions)
    if users.peak_concurrent is None:
        assert load.peak_factor is not None
        concurrent = max(1, math.ceil(users.daily_active * SESSION_MINUTES / 1440 * load.peak_factor))
        users = users.model_copy(update={"peak_concurrent": concurrent})
        assumptions.append(
            Assumption(
                key="users.peak_concurrent",
                value=f"{concurrent:,}",
                reason=f"daily_active × {SESSION_MINUTES}-minute sessions / 1440 minutes × peak_factor",
            )
        )
    entities = []
    for entity in req.data.entities:
        if "growth_per_day" not in entity.model_fields_set:
            entity = _derived_growth(req, entity, assumptions)
        if entity.record_bytes is None:
            size = estimate_record_bytes(entity)
            entity = entity.model_copy(update={"record_bytes": size})
            assumptions.append(
                Assumption(
                    key=f"data.entities[{entity.name}].record_bytes",
                    value=f"{size:,}",
                    reason="estimated from the field types: the values alone, each store adds its engine's row and "
                    "index overhead",
                )
            )
        entities.append(entity)
    first_role = next((r.name for r in req.users.roles if not r.internal), req.users.roles[0].name)
    use_cases = []
    for use_case in req.use_cases:
        update: dict[str, Any] = {}
        if use_case.actor is None and use_case.interaction != "scheduled":
            update["actor"] = first_role
            assumptions.append(
                Assumption(key=f"use_cases[{use_case.name}].actor", value=first_role, reason="the first role")
            )
        if use_case.latency_p99_ms is None:
            update["latency_p99_ms"] = req.quality.latency_p99_ms
        update |= _webhook_calls(req, users.roles, use_case, assumptions)
        acted = acts_on_existing(req, use_case)
        if acted is not None and acted not in use_case.reads:
            update["reads"] = [*use_case.reads, acted]
            assumptions.append(
                Assumption(
                    key=f"use_cases[{use_case.name}].reads",
                    value=", ".join(update["reads"]),
                    reason=f"it acts on {english.a(acted)} another use case creates, so it finds that record first",
                )
            )
        use_cases.append(use_case.model_copy(update=update) if update else use_case)
    assumptions += _payment_values(req)
    _personal_defaults(entities, assumptions)
    resolved = req.model_copy(
        update={
            "load": load,
            "users": users,
            "data": req.data.model_copy(update={"entities": entities}),
            "use_cases": use_cases,
            "compliance": compliance,
        }
    )
    return resolved, assumptions


def _webhook_calls(
    req: Requirements, roles: list[Any], webhook: UseCase, assumptions: list[Assumption]
) -> dict[str, float]:
    """An integration's webhook without a frequency calls in once for each call the system's use cases make to that
    integration (a payment's result for each payment): its frequency is those calls a day in all, said aloud in place
    of the default's reason, which would speak of active users the integration does not have."""
    if webhook.interaction != "webhook" or "frequency_per_user_per_day" in webhook.model_fields_set:
        return {}
    members = {r.name: r.active_per_day for r in roles}
    first = next((r.name for r in req.users.roles if not r.internal), req.users.roles[0].name)
    members["the system's timer"] = 1  # a scheduled job is one caller
    callers = {
        u.name: u.frequency_per_user_per_day * members[who]
        for u in req.use_cases
        if webhook.actor in u.calls
        and u.interaction != "webhook"
        and (who := "the system's timer" if u.interaction == "scheduled" else u.actor or first) in members
    }
    if not callers:
        return {}
    per_day = sum(callers.values())
    key = f"use_cases[{webhook.name}].frequency_per_user_per_day"
    assumptions[:] = [a for a in assumptions if a.key != key]
    assumptions.append(
        Assumption(
            key=key,
            value=_show(round(per_day, 2)),
            reason=f"not given: one call from {webhook.actor} for each call {_names(list(callers))} makes to it",
        )
    )
    return {"frequency_per_user_per_day": per_day}


def _personal_defaults(entities: list[Entity], assumptions: list[Assumption]) -> None:
    """An entity the questionnaire did not mark is said to hold personal data when its data model shows it does
    (as the architect reads it), not assumed to hold none: the default's own reason would be untrue."""
    from archgen.requirements.personal import find

    found = find({e.name: e.fields for e in entities}, frozenset(e.name for e in entities if e.pii))
    for index, assumption in enumerate(assumptions):
        name = assumption.key.removeprefix("data.entities[").removesuffix("].pii")
        if assumption.key.endswith("].pii") and name in found:
            assumptions[index] = Assumption(key=assumption.key, value="true", reason=f"it {found[name].why}")


def _payment_values(req: Requirements) -> list[Assumption]:
    """A payment provider charges a share of each payment's value: the questionnaire gives no value, so an average
    is assumed for every integration priced per transaction, said aloud and asked about."""
    from archgen.capacity.constants import AVERAGE_PAYMENT  # the price rules live with the capacity model
    from archgen.capacity.measure import integration_price

    return [
        Assumption(
            key=f"integrations[{i.name}].average_payment_usd",
            value=f"{AVERAGE_PAYMENT.value:g}",
            reason="not given: the average payment its percentage fee is charged on",
        )
        for i in req.integrations
        if integration_price(i.kind, i.name)[0] == "payment_transaction"
    ]


def _assumed_use_cases(req: Requirements, assumptions: list[Assumption]) -> list[UseCase]:
    """Without use cases, people create, find and update every kind of record, sharing the stated request rate
    by the read/write ratio: a design must have operations, and these are the least any data needs."""
    role = next(
        (r.name for r in req.users.roles if not r.internal), req.users.roles[0].name if req.users.roles else None
    )
    entities = req.data.entities
    ratio = req.load.read_write_ratio
    per_entity = req.load.requests_per_user_per_day / len(entities)
    reads, writes = per_entity * ratio / (ratio + 1), per_entity / (ratio + 1)
    out: list[UseCase] = []
    clock = operation_words().fields.clock
    for entity in entities:
        noun = words_of(entity.name)
        # a record of nothing but its id and when it was stored has nothing anyone could change
        editable = any(f != "id" and f not in clock for f in entity.fields)
        made = writes / 2 if editable else writes
        out += [
            UseCase(name=f"Create {noun}", actor=role, writes=[entity.name], frequency_per_user_per_day=made),
            UseCase(
                name=f"Find {english.plural(noun)}", actor=role, reads=[entity.name], frequency_per_user_per_day=reads
            ),
        ]
        if editable:
            out.append(
                UseCase(
                    name=f"Update {noun}",
                    actor=role,
                    reads=[entity.name],
                    writes=[entity.name],
                    frequency_per_user_per_day=writes / 2,
                )
            )
    assumptions.append(
        Assumption(
            key="use_cases",
            value=english.join(u.name for u in out),
            reason="none given: people create, find and update every kind of record (those with fields to change), "
            "sharing requests_per_user_per_day by read_write_ratio; list the real use cases to get operations that "
            "match them",
        )
    )
    return out


def _derived_growth(req: Requirements, entity: Entity, assumptions: list[Assumption]) -> Entity:
    """An entity without growth_per_day grows by what the use cases that create it add, said aloud."""
    from archgen.capacity.load import created_per_day  # the load model reads resolved requirements too
    from archgen.requirements.intent import creates

    makers = creates(req, entity)
    if not makers:
        return entity
    per_day = created_per_day(req, entity)
    # drop the default's own assumption ("does not grow"): this one replaces it
    assumptions[:] = [a for a in assumptions if a.key != f"data.entities[{entity.name}].growth_per_day"]
    assumptions.append(
        Assumption(
            key=f"data.entities[{entity.name}].growth_per_day",
            value=f"{per_day:,.0f}",
            reason=f"not given: the rows a day that {_names([u.name for u in makers])} add on average",
        )
    )
    return entity.model_copy(update={"growth_per_day": round(per_day)})


def _names(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _areas(names: list[str], where: Where, assumptions: list[Assumption]) -> list[str]:
    """Canonical area names (aliases read, duplicates dropped), each reading that changed a name assumed aloud."""
    out: list[str] = []
    for index, name in enumerate(names):
        reading = read_area(name, where)
        assert isinstance(reading, Reading), reading  # unknown names were refused by the cross-checks
        if reading.note:
            assumptions.append(Assumption(key=f"{where}[{index}]", value=reading.name, reason=reading.note))
        if reading.name not in out:
            out.append(reading.name)
    return out


def _roles(req: Requirements, assumptions: list[Assumption]) -> list[Any]:
    """Roles with their active members filled in: use-case frequencies are per active member of the role."""
    actors = {u.actor or req.users.roles[0].name for u in req.use_cases}
    roles = []
    for role in req.users.roles:
        if role.active_per_day is None:
            role = role.model_copy(update={"active_per_day": req.users.daily_active})
            if role.name in actors:
                assumptions.append(
                    Assumption(
                        key=f"users.roles[{role.name}].active_per_day",
                        value=f"{req.users.daily_active:,}",
                        reason="not given, so the frequencies of its use cases are per daily active user "
                        "(users.daily_active)",
                    )
                )
        roles.append(role)
    return roles


def estimate_record_bytes(entity: Entity) -> int:
    """Average bytes of one record's values, from its field types: the engine's row header and index entries are
    added where the record is stored (capacity/rows.py), once per engine, not here."""
    return max(1, sum(t.stored_bytes for t in entity.fields.values()))


def _defaults(model: BaseModel, path: str) -> list[Assumption]:
    """Assumptions for fields the user did not write whose defaults are marked to be reported."""
    out: list[Assumption] = []
    for name, info in type(model).model_fields.items():
        key = f"{path}.{info.alias or name}" if path else (info.alias or name)
        value = getattr(model, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        when = extra.get("x-assumption-when")
        meant = not isinstance(when, dict) or all(
            isinstance(v, list) and getattr(model, f) in v for f, v in when.items()
        )
        if name not in model.model_fields_set and "x-assumption" in extra and meant:
            out.append(Assumption(key=key, value=_show(value), reason=str(extra["x-assumption"])))
        if isinstance(value, BaseModel):
            out += _defaults(value, key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    label = getattr(item, "name", None) or index
                    out += _defaults(item, f"{key}[{label}]")
    return out


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_show(getattr(v, "name", v)) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
