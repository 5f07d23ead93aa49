"""Claude's answers put together into a Design, and every problem traced back to the stage that must fix it.

A design is asked for in stages (the skeleton, then each service's detail), but it is validated whole: the Design
model and its cross-checks see the skeleton with the details received so far, and a stand-in for each entity whose
service has not answered yet. A problem is then sent to the stage whose answer holds the offending key.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from archgen.architects.claude.facts import contradictions, region_issues
from archgen.architects.claude.schema import DETAIL_KEYS, OWNED_SECTIONS, fill_owned
from archgen.common.formatting import usd
from archgen.common.naming import slug
from archgen.common.yamlio import dotted
from archgen.design.checks import check
from archgen.design.model import Design
from archgen.requirements.model import Requirements

if TYPE_CHECKING:
    from archgen.design.model import Figure

Json = dict[str, Any]
Path_ = tuple[str | int, ...]
SKELETON = "skeleton"


def service_stage(name: str) -> str:
    """The stage that details the service called `name`."""
    return f"service {name}"


@dataclass(frozen=True)
class Issue:
    """A problem in one stage's answer, at a key path within that answer."""

    stage: str
    path: Path_
    message: str

    def __str__(self) -> str:
        return f"{dotted(self.path)}: {self.message}" if self.path else self.message


@dataclass
class Assembly:
    """Design-shaped data built from the answers, with where each entity and endpoint list came from."""

    data: Json
    entity_origins: list[tuple[str, int] | None] = field(default_factory=list)  # None: a stand-in
    endpoint_stages: list[str | None] = field(default_factory=list)  # by service index

    def stand_in(self, entity: Any) -> bool:
        """Whether `entity` is only a stand-in so far: its service has not been detailed yet."""
        names = [e.get("name") if isinstance(e, dict) else None for e in _list(self.data.get("entities"))]
        return any(n == entity and origin is None for n, origin in zip(names, self.entity_origins, strict=False))


def assemble(
    skeleton: Any,
    details: dict[str, Any],
    known: Json,
    owned: dict[type[BaseModel], Json],
    entities: list[str],
) -> Assembly:
    """The Design data: the skeleton, each service's detail (by stage), archgen's parts and its owned numbers."""
    data = copy.deepcopy(skeleton) if isinstance(skeleton, dict) else {}
    assembly = Assembly(data)
    designed: list[Any] = []
    for service in _list(data.get("services")):
        stage = service_stage(service["name"]) if isinstance(service, dict) and "name" in service else None
        detail = details.get(stage) if stage else None
        if not isinstance(detail, dict):
            assembly.endpoint_stages.append(None)
            continue
        assembly.endpoint_stages.append(stage)
        service["endpoints"] = copy.deepcopy(detail.get("endpoints", []))
        for index, entity in enumerate(_list(detail.get("entities"))):
            designed.append(copy.deepcopy(entity))
            assembly.entity_origins.append((str(stage), index))
    done = {e.get("name") for e in designed if isinstance(e, dict)}
    for name in entities:
        if name not in done:
            designed.append(_stand_in(name, data))
            assembly.entity_origins.append(None)
    data["entities"] = designed
    data.update(known)
    fill_owned(data, owned)
    return assembly


def validate(assembly: Assembly, req: Requirements) -> tuple[Design | None, list[Issue]]:
    """The Design and the problems of each stage's answer (none when the design is sound)."""
    try:
        design: Design | None = Design.model_validate(assembly.data)
    except ValidationError as exc:
        design = None
        found = [(_loc(e["loc"]), _message(e)) for e in exc.errors(include_url=False)]
    else:
        assert design is not None
        found = check(design)
    issues = [issue for path, message in found if (issue := _attribute(assembly, path, message)) is not None]
    figures = assembly.data.get("capacity")
    said = _figures(assembly, figures.figures if figures is not None and hasattr(figures, "figures") else [])
    return design, _fit(assembly.data, req) + _coverage(assembly) + issues + said


def review_issues(assembly: Assembly, design: Design, req: Requirements) -> tuple[list[Issue], list[str]]:
    """The review's errors and a budget overrun of a whole, sized design, each sent to the stage that holds it;
    and the same as one line each (rule id, element, what is wrong and the fix)."""
    from archgen.review.engine import review

    errors = [f for f in review(design, req) if f.severity == "error"]
    lines = [f"{f.rule} {f.element}: {f.message}; fix: {f.hint}" for f in errors]
    issues = [
        _attribute(assembly, _undotted(f.path), line) or Issue(SKELETON, (), line)
        for f, line in zip(errors, lines, strict=True)
    ]
    budget = req.constraints.budget_usd_per_month
    total = design.cost.total_usd_per_month
    if budget is not None and total > budget:
        largest = sorted(design.cost.lines, key=lambda line: -line.monthly_usd)[:3]
        named = ", ".join(f"{line.item} {usd(line.monthly_usd)}" for line in largest)
        line = (
            f"COST001 cost: the design costs about {usd(total)}/month, over the budget of {usd(budget)}/month (the "
            f"largest lines: {named}); fix: choose fewer or smaller deployables, stores, caches and regions: archgen "
            "prices what you choose"
        )
        issues.insert(0, Issue(SKELETON, (), line))  # first: a repair that lists only some problems keeps it
        lines.insert(0, line)
    return issues, lines


def _undotted(path: str) -> Path_:
    """A key path from its dotted form: services[0].endpoints[1].method."""
    return tuple(int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path))


def _figures(assembly: Assembly, figures: list[Figure]) -> list[Issue]:
    """Numbers Claude wrote that contradict a figure archgen computed, in every text of its answers."""
    out = []
    for key, value in assembly.data.items():
        if key in OWNED_SECTIONS:
            continue
        for path, text in _texts(value, (key,)):
            for message in contradictions(text, figures):
                issue = _attribute(assembly, path, message)
                if issue is not None:
                    out.append(issue)
    return out


def _texts(value: Any, path: Path_) -> list[tuple[Path_, str]]:
    """Every string in `value`, with its key path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, sub in value.items() for found in _texts(sub, (*path, key))]
    if isinstance(value, list):
        return [found for i, sub in enumerate(value) for found in _texts(sub, (*path, i))]
    return []


def shape_issues(stage: str, answer: Any) -> list[Issue]:
    """What is wrong with the outline of an answer before its content is looked at."""
    if not isinstance(answer, dict):
        return [Issue(stage, (), "the answer must be one JSON object")]
    if stage == SKELETON:
        return []
    out = [Issue(stage, (key,), "is required; add it") for key in DETAIL_KEYS if key not in answer]
    return out + [
        Issue(stage, (key,), f"unknown key; allowed here: {', '.join(DETAIL_KEYS)}")
        for key in answer
        if key not in DETAIL_KEYS
    ]


def _attribute(assembly: Assembly, path: Path_, message: str) -> Issue | None:
    """The stage and the path within its answer where a problem of the whole design lies."""
    if path[:1] == ("entities",):
        if len(path) < 2 or not isinstance(path[1], int) or path[1] >= len(assembly.entity_origins):
            return None  # duplicate entities: `_coverage` names the service that designed one twice or another's
        origin = assembly.entity_origins[path[1]]
        if origin is None:
            return None  # a stand-in for an entity whose service has not answered yet
        stage, index = origin
        return Issue(stage, ("entities", index, *path[2:]), message)
    if _about_fields(path) and assembly.stand_in(_endpoint(assembly.data, path).get("entity")):
        return None  # the fields of another service's entity are known once that service is detailed
    if path[:1] == ("services",) and len(path) > 2 and path[2] == "endpoints":
        position, stages = path[1], assembly.endpoint_stages
        detailed = stages[position] if isinstance(position, int) and position < len(stages) else None
        if detailed is not None:
            return Issue(detailed, ("endpoints", *path[3:]), message)
    return Issue(SKELETON, path, message)


def _fit(data: Json, req: Requirements) -> list[Issue]:
    """What archgen needs to size and publish the skeleton: each questionnaire entity has exactly one owner and
    services own nothing else, and service slugs can name files.

    The capacity arithmetic sizes services, stores and their cost from the questionnaire's entities, so a design
    that owns other entities could not be sized. A service may own none (identity, a gateway, audit), and a store
    may hold what the questionnaire does not list (exports, an analytics lake, a cold archive): neither is wrong.
    """
    entities = [e.name for e in req.data.entities]
    services = [s for s in _list(data.get("services")) if isinstance(s, dict)]
    out = [Issue(SKELETON, path, message) for path, message in region_issues(data, req)]
    for name in entities:
        owners = [str(s.get("name")) for s in services if name in _list(s.get("entities"))]
        if len(owners) != 1:
            held = f"owned by {', '.join(owners)}" if owners else "no service owns it"
            out.append(Issue(SKELETON, ("services",), f"the entity '{name}' needs exactly one owning service; {held}"))
    for i, service in enumerate(_list(data.get("services"))):
        given = service.get("slug") if isinstance(service, dict) else None
        if isinstance(given, str) and given != slug(given, ""):
            example = slug(str(service.get("name", given)), "service")
            out.append(
                Issue(
                    SKELETON,
                    ("services", i, "slug"),
                    f"must be lowercase letters, digits and hyphens, e.g. '{example}'",
                )
            )
        for j, name in enumerate(_list(service.get("entities") if isinstance(service, dict) else None)):
            if name not in entities:
                known = ", ".join(entities)
                out.append(
                    Issue(SKELETON, ("services", i, "entities", j), f"'{name}' is not a questionnaire entity ({known})")
                )
    return out


def _coverage(assembly: Assembly) -> list[Issue]:
    """Each service's detail designs exactly the entities that service owns, each once."""
    out = []
    services = _list(assembly.data.get("services"))
    for service, stage in zip(services, assembly.endpoint_stages, strict=True):
        if stage is None or not isinstance(service, dict):
            continue
        owned = [str(n) for n in _list(service.get("entities"))]
        names = [
            str(e.get("name")) if isinstance(e, dict) else "?"
            for e, origin in zip(assembly.data["entities"], assembly.entity_origins, strict=True)
            if origin is not None and origin[0] == stage
        ]
        missing = [n for n in owned if n not in names]
        foreign = [n for n in names if n not in owned]
        twice = sorted({n for n in names if names.count(n) > 1})
        wrong = [
            *([f"missing {', '.join(missing)}"] if missing else []),
            *([f"not its own: {', '.join(foreign)}"] if foreign else []),
            *([f"designed more than once: {', '.join(twice)}"] if twice else []),
        ]
        if wrong:
            message = f"must design each entity {service.get('name')} owns ({', '.join(owned)}) once; "
            out.append(Issue(stage, ("entities",), message + "; ".join(wrong)))
    return out


def _stand_in(name: str, data: Json) -> Json:
    """An entity with just enough to let the rest of the design be checked before its service is detailed."""
    services = [s for s in _list(data.get("services")) if isinstance(s, dict)]
    owner = next((s for s in services if name in _list(s.get("entities"))), {})
    stores = [s for s in _list(data.get("stores")) if isinstance(s, dict)]
    store = next((s for s in stores if name in _list(s.get("entities"))), stores[0] if stores else {})
    return {
        "name": name,
        "domain": str(owner.get("domain", "")),
        "owner": str(owner.get("name", "")),
        "store": str(store.get("name", "")),
        "fields": [],
        "primary_key": [],
    }


def _about_fields(path: Path_) -> bool:
    """Whether `path` is a filter or the sort order of an endpoint (which name fields of the entity it serves)."""
    return path[:1] == ("services",) and len(path) > 4 and path[2] == "endpoints" and path[4] in ("filters", "sort")


def _endpoint(data: Json, path: Path_) -> Json:
    """The endpoint at services[i].endpoints[j] of `path`, or an empty one."""
    found: Any = data
    for key in path[:4]:
        found = (
            found[key]
            if isinstance(key, int) and isinstance(found, list) and key < len(found)
            else (found.get(key) if isinstance(found, dict) and isinstance(key, str) else None)
        )
    return found if isinstance(found, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _loc(loc: tuple[int | str, ...]) -> Path_:
    # pydantic names the member of a union that failed (e.g. 'str'); it means nothing in the answer
    return tuple(p for p in loc if not (isinstance(p, str) and p.endswith("]") and "[" in p))


def _message(error: Any) -> str:
    """pydantic's message, with the offending value when it is short enough to help."""
    message = str(error["msg"])
    value = error.get("input")
    if error["type"] != "missing" and isinstance(value, str | int | float | bool) and len(str(value)) <= 80:
        message += f" (got {json.dumps(value, ensure_ascii=False)})"
    return message
