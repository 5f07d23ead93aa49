"""Views: what a use case that only reads asks its answer to be (what is free for a window, a chart over time, a
dashboard against a target, a ranking), told by the words of its name and description, and what an operation
must take and carry to answer it. The architect plans by it, the renderer shapes answers by it, the review checks
any design against it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.common.naming import slug
from archgen.design.model import Endpoint, EntityDesign
from archgen.design.read_models import is_link, targets
from archgen.knowledge.views import ViewKind, view_words
from archgen.requirements.model import UseCase

# The inputs a view takes, by name: the architect writes them, the renderer types them, the review looks for them
PERIOD = ("from", "to")
RESOLUTION = "resolution"
FUNCTION = "function"
COMPARE = "compare_to"
_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class View:
    """The view one use case asks for."""

    kind: ViewKind
    case: UseCase
    resolutions: tuple[str, ...]  # the bucket widths a series may be asked at
    comparisons: tuple[str, ...]  # what the answer may be compared with (empty: nothing)
    ranked: bool  # it also asks for ranked rows (top and bottom products)


def said(case: UseCase) -> list[str]:
    """The lower-case words of a use case's name and description."""
    return _WORD.findall(f"{case.name} {case.description or ''}".lower())


def _says(text: list[str], phrases: frozenset[str]) -> bool:
    joined = f" {' '.join(text)} "
    return any(f" {p} " in joined for p in phrases)


def view_of(case: UseCase) -> View | None:
    """The view a use case that only reads asks for, or None for a plain read of records."""
    if case.writes or not case.reads:
        return None
    known = view_words()
    name = _WORD.findall(case.name.lower())
    text = said(case)
    # the name decides the kind when it says one (Search availability); the description only when it says none
    named = tuple(r for r in known.resolutions if r in text or f"{r}s" in text)
    asks = [k.words | (k.hinted if named else frozenset()) for k in known.kinds]
    kind = next((k for k, w in zip(known.kinds, asks, strict=True) if _says(name, w)), None) or next(
        (k for k, w in zip(known.kinds, asks, strict=True) if _says(text, w)), None
    )
    if kind is None:
        return None
    resolutions = named or tuple(known.resolutions)
    compared = tuple(c.value for c in known.comparisons if _says(text, c.words))
    if kind.compared and not compared:
        compared = tuple(c.value for c in known.comparisons)
    ranked = kind.ranked or (kind.measures and _says(text, known.ranked))
    return View(kind, case, resolutions if kind.resolution else (), compared, ranked)


def asks_target(case: UseCase) -> bool:
    """Whether a use case sets its figures against a target in so many words (today against target). Only a view
    shows figures: a use case that writes ("Plan work orders") names its work, not a target."""
    target = next((c for c in view_words().comparisons if c.value == "target"), None)
    return target is not None and not case.writes and _says(said(case), target.words)


def keeps_target(entities: list[EntityDesign]) -> bool:
    """Whether any record keeps a target to compare with (a sales target, a budget)."""
    target = next((c for c in view_words().comparisons if c.value == "target"), None)
    words = target.words if target else frozenset()
    return any(set(f.name.split("_")) & words for e in entities for f in e.fields) or any(
        set(slug(e.name).split("-")) & words for e in entities
    )


def marks(entities: dict[str, EntityDesign], endpoint: Endpoint, cases: list[UseCase]) -> list[str]:
    """The records that only link a caller to one of an answer's own (a like of a post) whose presence the answer
    must show per record, because a use case it carries asks whether the caller made one (whether the reader
    liked each)."""
    if endpoint.method != "GET" or endpoint.entity is None:
        return []
    out: list[str] = []
    for case in cases:
        if case.name not in endpoint.use_cases or case.writes or not _says(said(case), view_words().viewer):
            continue
        for name in case.reads:
            link = entities.get(name)
            if link is not None and is_link(link) and endpoint.entity in targets(link) and name not in out:
                out.append(name)
    return out


def mark_name(link: str) -> str:
    """The flag an answer carries for a caller's own link record: liked_by_me for a Like."""
    word = slug(link).rsplit("-", 1)[-1]
    return f"{word}d_by_me" if word.endswith("e") else f"{word}ed_by_me"


def views_of(endpoint: Endpoint, cases: list[UseCase]) -> list[View]:
    """The views the use cases an operation carries ask for (a GET only)."""
    if endpoint.method != "GET":
        return []
    found = [view_of(u) for u in cases if u.name in endpoint.use_cases]
    return [v for v in found if v is not None]


def view_noun(case: UseCase, kind: ViewKind, entity_names: list[str]) -> tuple[str, str | None, bool]:
    """What a view is called in its path, the entity its name scopes it to (the store of a store dashboard) and
    whether the name speaks of one of those (a store) or of them all (stores): View my consumption is
    `consumption`, Compare stores is the stores' `comparison`."""
    known = view_words()
    name = _WORD.findall(case.name.lower())
    if name and name[0] in known.lead_words:
        name = name[1:]
    kept = [w for w in name if w not in known.stop_words]
    scope, one, at, size = named_entity(kept, entity_names)
    rest = kept[:at] + kept[at + size :] if scope else kept
    return "-".join(rest) or kind.noun, scope, one


def named_entity(text: list[str], entity_names: list[str]) -> tuple[str | None, bool, int, int]:
    """The first entity a run of words names (room types names RoomType), whether it names one of them, and
    where and how long the run is; the longest name wins where several start at one word."""
    names = sorted(((slug(n).split("-"), n) for n in entity_names), key=lambda p: -len(p[0]))
    for at in range(len(text)):
        for parts, entity in names:
            run = text[at : at + len(parts)]
            if run[:-1] == parts[:-1] and run and run[-1] in (parts[-1], f"{parts[-1]}s", f"{parts[-1]}es"):
                return entity, run[-1] == parts[-1], at, len(parts)
    return None, False, 0, 0


def has_period(endpoint: Endpoint, entity: EntityDesign | None) -> bool:
    """Whether an operation takes the period it is about: two dates in, or a range over a time field."""
    dates = [i for i in endpoint.inputs if i.type == "date"]
    times = {f.name for f in entity.fields if f.type in ("date", "timestamp")} if entity else set()
    return len(dates) >= 2 or any(f.kind == "range" and f.field in times for f in endpoint.filters)


def takes(endpoint: Endpoint, name: str) -> bool:
    """Whether an operation takes an input of this name."""
    return any(i.name == name for i in endpoint.inputs)


def rolled_up(entity: EntityDesign) -> bool:
    """Whether a view over this record is answered from a rollup kept as rows arrive: an append-only record, or
    one read by aggregates, has too many raw rows to scan per answer."""
    return entity.mutability == "append_only" or "aggregate" in entity.access


def rollups(entity: EntityDesign) -> list[str]:
    """The rollup tables that serve views over a record, one per resolution kept (reading_daily)."""
    snake = slug(entity.name).replace("-", "_")
    names = {"hour": "hourly", "day": "daily", "week": "weekly", "month": "monthly", "year": "yearly"}
    return [f"{snake}_{names.get(r, r)}" for r in view_words().rollup_resolutions]
