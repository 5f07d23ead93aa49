"""Cross-checks a schema cannot express: references resolve, names are unique, access patterns name real fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from archgen.common.english import a
from archgen.common.errors import quoted
from archgen.common.naming import slug
from archgen.requirements.areas import Where, read_area
from archgen.requirements.model import KNOWN_REGIMES, Entity, Requirements

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Check:
    """A located finding about a questionnaire; errors stop the run, warnings are reported and carried on."""

    path: Path_
    message: str
    severity: Literal["error", "warning"] = "error"


def check(req: Requirements) -> list[Check]:
    """Every cross-check of a validated questionnaire, in file order."""
    entity_names = {e.name for e in req.data.entities}
    out: list[Check] = []
    out += _unique(("users", "roles"), (r.name for r in req.users.roles), "role")
    # entity names become API paths and schema names through their slug: OrderItem and Order_Item would clash
    out += _unique(("data", "entities"), (e.name for e in req.data.entities), "entity", lambda n: slug(n, "entity"))
    out += _unique(("data", "files"), (f.name for f in req.data.files), "file set")
    out += _unique(("data", "domains"), (d.name for d in req.data.domains), "domain")
    out += _unique(("use_cases",), (u.name for u in req.use_cases), "use case")
    out += _unique(("integrations",), (i.name for i in req.integrations), "integration")
    for index, entity in enumerate(req.data.entities):
        out += _check_entity(("data", "entities", index), entity, entity_names)
    out += _check_domains(req, entity_names)
    out += _check_use_cases(req, entity_names)
    out += _check_areas(req)
    out += _check_roles(req)
    for index, regime in enumerate(req.compliance.regimes):
        if regime.lower() not in KNOWN_REGIMES:
            out.append(
                Check(
                    ("compliance", "regimes", index),
                    f"'{regime}' is not a regime archgen knows ({', '.join(KNOWN_REGIMES)}); "
                    "it is kept and raised as an open question",
                    "warning",
                )
            )
    avoided = {a.lower() for a in req.constraints.avoid}
    for index, tech in enumerate(req.constraints.must_use):
        if tech.lower() in avoided:
            out.append(
                Check(("constraints", "must_use", index), f"'{tech}' is both in must_use and in avoid; keep one")
            )
    out += _check_technology_words(req)
    users = req.users
    if users.registered is not None and users.registered < users.daily_active:
        out.append(
            Check(
                ("users", "registered"),
                f"{users.registered:,} registered accounts but {users.daily_active:,} daily active users; "
                "registered should be at least daily_active",
                "warning",
            )
        )
    if users.peak_concurrent is not None and users.peak_concurrent > users.daily_active:
        out.append(
            Check(("users", "peak_concurrent"), "is larger than users.daily_active; check both numbers", "warning")
        )
    return out


def _unique(path: Path_, names: Iterable[str], what: str, same: Callable[[str], str] = str.lower) -> list[Check]:
    """One error for the second name that is the `same` as an earlier one."""
    first: dict[str, str] = {}
    reported: set[str] = set()
    out = []
    for index, name in enumerate(names):
        key = same(name)
        if key not in first:
            first[key] = name
        elif key not in reported:
            reported.add(key)
            earlier = first[key]
            message = (
                f"the {what} name '{name}' is used twice; names must be unique"
                if earlier.lower() == name.lower()
                else f"the {what} names '{earlier}' and '{name}' would both be '{key}' in paths; rename one"
            )
            out.append(Check((*path, index, "name"), message))
    return out


def _check_entity(path: Path_, entity: Entity, entity_names: set[str]) -> list[Check]:
    out = []
    for field_name, field_type in entity.fields.items():
        target = field_type.references
        if target and target not in entity_names:
            out.append(
                Check(
                    (*path, "fields", field_name),
                    f"refers to the entity '{target}', which is not in data.entities; add it or fix the name",
                )
            )
    for index, pattern in enumerate(entity.access):
        problem = access_problem(pattern, entity)
        if problem:
            out.append(Check((*path, "access", index), problem))
    if entity.mutability == "append_only" and entity.growth_per_day == 0 and entity.records == 0:
        out.append(Check((*path, "growth_per_day"), "an append-only entity with no volume; give its growth", "warning"))
    return out


def access_problem(pattern: str, entity: Entity) -> str:
    """Why `pattern` is not a valid access pattern of `entity`, or '' when it is."""
    if pattern in ("by_id", "search", "recent", "aggregate", "geo"):
        return ""
    for prefix in ("by_", "range_"):
        if pattern.startswith(prefix):
            field = pattern.removeprefix(prefix)
            if field not in entity.fields:
                return (
                    f"{quoted(pattern)} names the field {quoted(field)}, which {entity.name} does not have "
                    f"(fields: {', '.join(entity.fields)})"
                )
            if prefix == "range_" and not entity.fields[field].ordered:
                kind = entity.fields[field]
                return f"{quoted(pattern)}: a range scan needs an ordered field, and '{field}' is {kind}"
            return ""
    return (
        f"unknown access pattern {quoted(pattern)}; "
        "use by_id, by_<field>, range_<field>, search, recent, aggregate or geo"
    )


def _check_domains(req: Requirements, entity_names: set[str]) -> list[Check]:
    out = []
    placed: dict[str, str] = {}
    for d_index, domain in enumerate(req.data.domains):
        for e_index, name in enumerate(domain.entities):
            path: Path_ = ("data", "domains", d_index, "entities", e_index)
            if name not in entity_names:
                out.append(Check(path, f"the entity '{name}' is not in data.entities"))
            elif name in placed:
                out.append(Check(path, f"'{name}' is already in the domain '{placed[name]}'; an entity has one home"))
            else:
                placed[name] = domain.name
    if req.data.domains:
        for index, entity in enumerate(req.data.entities):
            if entity.name not in placed:
                out.append(
                    Check(
                        ("data", "entities", index, "name"),
                        f"'{entity.name}' is in no domain; add it to one of data.domains",
                    )
                )
    return out


def _check_use_cases(req: Requirements, entity_names: set[str]) -> list[Check]:
    roles = {r.name for r in req.users.roles}
    people = {r.name for r in req.users.roles if r.kind == "person"}  # a device may call in; a person never does
    integrations = {i.name: i for i in req.integrations}
    out = []
    for index, use_case in enumerate(req.use_cases):
        path: Path_ = ("use_cases", index)
        actor = use_case.actor
        if actor is not None and actor not in roles and actor in integrations:
            if use_case.interaction != "webhook":
                out.append(
                    Check(
                        (*path, "actor"),
                        f"the integration '{actor}' can start only a webhook use case; "
                        "add `interaction: webhook` or name a role",
                    )
                )
            elif integrations[actor].direction == "outbound":
                out.append(
                    Check(
                        (*path, "actor"),
                        f"'{actor}' calls the system here, but its integration says direction: outbound; "
                        "make it inbound or both",
                        "warning",
                    )
                )
        elif actor is not None and actor not in roles:
            out.append(
                Check(
                    (*path, "actor"),
                    f"'{actor}' is not a role in users.roles ({', '.join(sorted(roles))})"
                    + (f" nor an integration ({', '.join(sorted(integrations))})" if integrations else ""),
                )
            )
        if use_case.interaction == "webhook" and (actor is None or actor in roles) and not integrations:
            out.append(
                Check(
                    (*path, "interaction"),
                    "a webhook is called by an external system; add it under integrations and name it as the actor",
                    "warning",
                )
            )
        elif use_case.interaction == "webhook" and (actor is None or actor in people):
            # a person never calls a webhook: the system that tells us something does, and it is one of these
            callers = [n for n, i in integrations.items() if i.direction != "outbound"] or sorted(integrations)
            who = f"the role {actor!r}" if actor else "a role"
            out.append(
                Check(
                    (*path, "actor"),
                    f"a webhook is called by an external system, not by {who}; "
                    f"name the integration that calls it as the actor ({', '.join(callers)})",
                )
            )
        if use_case.batch_size > 1 and use_case.interaction not in ("stream", "batch"):
            out.append(
                Check(
                    (*path, "batch_size"),
                    f"batch_size applies to stream and batch use cases; this one is {use_case.interaction}",
                    "warning",
                )
            )
        for key in ("reads", "writes"):
            for e_index, name in enumerate(getattr(use_case, key)):
                if name not in entity_names:
                    out.append(Check((*path, key, e_index), f"the entity '{name}' is not in data.entities"))
        for c_index, name in enumerate(use_case.calls):
            if name not in integrations:
                out.append(Check((*path, "calls", c_index), f"'{name}' is not in integrations; add it there"))
    return out


def _check_areas(req: Requirements) -> list[Check]:
    """Every area name is one archgen knows (aliases are read in resolve); unknown ones name the closest area."""
    out = []
    lists: tuple[tuple[Where, Path_, list[str]], ...] = (
        ("users.regions", ("users", "regions"), req.users.regions),
        ("compliance.data_residency", ("compliance", "data_residency"), req.compliance.data_residency),
    )
    for where, path, names in lists:
        for index, name in enumerate(names):
            reading = read_area(name, where)
            if isinstance(reading, str):
                out.append(Check((*path, index), reading))
    return out


def _check_roles(req: Requirements) -> list[Check]:
    out = []
    for index, role in enumerate(req.users.roles):
        path: Path_ = ("users", "roles", index)
        if role.peak_online is not None and role.active_per_day is not None and role.peak_online > role.active_per_day:
            out.append(
                Check((*path, "peak_online"), "is larger than the role's active_per_day; check both numbers", "warning")
            )
        if role.kind != "person" and role.internal:
            out.append(
                Check((*path, "internal"), f"internal applies to people; this role is {a(role.kind)}", "warning")
            )
    return out


def _check_technology_words(req: Requirements) -> list[Check]:
    """must_use and avoid words that name no technology archgen knows but look like one mistyped: they would
    quietly match nothing (a must_use becomes an open question, an avoid avoids nothing)."""
    import difflib

    from archgen.knowledge.catalog import Knowledge

    clouds = Knowledge.load().technologies.clouds.values()
    entries = [t for roles in clouds for options in roles.values() for t in options]
    words = sorted({w.lower() for t in entries for w in (t.name, *t.aka)})
    out: list[Check] = []
    for key, listed in (("must_use", req.constraints.must_use), ("avoid", req.constraints.avoid)):
        for index, word in enumerate(listed):
            if any(t.named([word]) for t in entries):
                continue
            close = difflib.get_close_matches(word.lower(), words, n=3, cutoff=0.75)
            if close:
                out.append(
                    Check(
                        ("constraints", key, index),
                        f"'{word}' names no technology archgen knows; did you mean "
                        f"{' or '.join(repr(c) for c in close)}?",
                        "warning",
                    )
                )
    return out
