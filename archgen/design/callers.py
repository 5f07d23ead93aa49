"""Which kinds of caller an operation must accept: each role it lists proves who it is the way its kind does (a
person with a bearer token, another system with client credentials, a device with its certificate)."""

from __future__ import annotations

from archgen.design.model import Caller, Endpoint, EntityDesign
from archgen.requirements.model import Requirements
from archgen.requirements.personal import Personal, vocabulary

# the ways each kind of role may prove who it is; the first is the one an operation is given when it lacks them all
ACCEPTED: dict[str, tuple[Caller, ...]] = {
    "person": ("user", "public"),
    "service": ("service",),
    "device": ("device",),
}


def accepted(endpoint: Endpoint) -> set[Caller]:
    """The kinds of caller an operation accepts."""
    return {endpoint.auth, *endpoint.other_callers}


def shut_out(req: Requirements, endpoint: Endpoint) -> list[tuple[str, Caller]]:
    """The roles an operation lists whose kind of credential it does not accept, each with the kind of caller it
    would have to accept for them (a payroll system listed on an operation only people's tokens reach)."""
    kinds = {r.name: r.kind for r in req.users.roles}
    missing: list[tuple[str, Caller]] = []
    for role in endpoint.roles:
        ways = ACCEPTED.get(kinds.get(role, ""), ())
        if ways and not accepted(endpoint) & set(ways):
            missing.append((role, ways[0]))
    return missing


def only_machines(req: Requirements, endpoint: Endpoint) -> bool:
    """Whether every caller an operation lists is a system or a device the questionnaire names (no person)."""
    kinds = {r.name: r.kind for r in req.users.roles}
    return bool(endpoint.roles) and all(kinds.get(r, "person") != "person" for r in endpoint.roles)


def machine_reach(
    req: Requirements, entities: dict[str, EntityDesign], personal: dict[str, Personal], endpoint: Endpoint
) -> dict[str, list[str]]:
    """The classes of personal field (the scopes of personal_data.yaml) a system's token reaches through a read,
    each with the fields (Entity.field) the answer would carry to it."""
    if endpoint.method != "GET" or "service" not in accepted(endpoint):
        return {}
    machines = {r.name for r in req.users.roles if r.kind == "service"} & set(endpoint.roles)
    reach: dict[str, list[str]] = {}
    for name in dict.fromkeys([endpoint.entity or "", *endpoint.includes]):
        entity, found = entities.get(name), personal.get(name)
        if entity is None or found is None:
            continue
        for stored in entity.fields:
            kind = found.fields.get(stored.name)
            if kind is None or (stored.readers and not machines & set(stored.readers)):
                continue
            for scope, known in vocabulary().scopes.items():
                if kind in known.kinds:
                    reach.setdefault(scope, []).append(f"{name}.{stored.name}")
    return reach
