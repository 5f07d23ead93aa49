"""A semantic changelog between two designs: what was added, removed or changed, section by section.

Items are matched by what they are, not where they sit: services, stores and entities by name, endpoints by
service, method and path, decisions and risks by title (their numbers shift when one is inserted), capacity
figures by key. The result reads top-down in the order a review meeting takes a design.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.common.formatting import number, quantity
from archgen.design.model import Design

Kind = Literal["added", "removed", "changed"]
# Keys that name the items of a nested list, tried in order; the first one every item has, unique, wins.
ITEM_KEYS = ("name", "key", "id", "use_case", "requirement", "store", "entity", "component", "item", "question")
MAX_TEXT = 160

# (title, Design field, the key its items are matched by; None for a single object), in meeting order
SECTIONS: tuple[tuple[str, str, str | None], ...] = (
    ("Requirements", "requirements", None),
    ("Architecture", "architecture", None),
    ("Services", "services", "name"),
    ("Endpoints", "endpoints", "endpoint"),
    ("Data stores", "stores", "name"),
    ("Entities", "entities", "name"),
    ("Capacity figures", "capacity", "key"),
    ("Cost", "cost", None),
    ("Decisions", "decisions", "title"),
    ("Risks", "risks", "title"),
    ("Open questions", "open_questions", "question"),
    ("Deployables", "deployables", "name"),
    ("Events", "events", "name"),
    ("Channels", "channels", "name"),
    ("Caches", "caches", "name"),
    ("Integrations", "integrations", "name"),
    ("Gateway", "gateway", None),
    ("API conventions", "api", None),
    ("Flows", "flows", "use_case"),
    ("Security", "security", None),
    ("Reliability", "reliability", None),
    ("Observability", "observability", None),
    ("Deployment", "deployment", None),
    ("Traceability", "traceability", "requirement"),
    ("Assumptions", "assumptions", "key"),
    ("System", "system", None),
)
# Left out of their sections: endpoints have their own, a service's peak rate is a capacity figure.
LEFT_OUT = {"services": ("endpoints", "peak_rps")}


class Detail(BaseModel):
    """One difference inside an item: the key path, and the value before and after (as text)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    path: str
    old: str | None = None
    new: str | None = None


class Change(BaseModel):
    """An item added, removed or changed; a changed item lists its details."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    item: str = Field(description="What changed, e.g. a service's name; empty for a single-object section.")
    details: list[Detail] = Field(default_factory=list)
    note: str = Field("", description="For a capacity figure, the relative change, e.g. +200 %.")


class Section(BaseModel):
    """The changes of one part of the design."""

    model_config = ConfigDict(extra="forbid")

    title: str
    changes: list[Change]
    table: bool = Field(False, description="Shown as a table of before and after (capacity figures).")


class Changelog(BaseModel):
    """Every difference between two designs, by section; empty sections are left out."""

    model_config = ConfigDict(extra="forbid")

    old: str
    new: str
    sections: list[Section] = Field(default_factory=list)

    def count(self, kind: Kind) -> int:
        """How many items were added, removed or changed."""
        return sum(c.kind == kind for s in self.sections for c in s.changes)


def diff_designs(old: Design, new: Design, old_label: str = "old", new_label: str = "new") -> Changelog:
    """The changelog from `old` to `new`."""
    before, after = _plain(old), _plain(new)
    sections = []
    for title, field, key in SECTIONS:
        if field == "capacity":
            changes = _figures(old, new)
        elif key is None:
            details = [_detail(path, kind, a, b) for path, kind, a, b in _compare(before[field], after[field], ())]
            changes = [Change(kind="changed", item="", details=details)] if details else []
        else:
            changes = _items(before[field], after[field], key)
        if changes:
            sections.append(Section(title=title, changes=changes, table=field == "capacity"))
    return Changelog(old=old_label, new=new_label, sections=sections)


# the sections whose items are elements other text names (a service, a store, a deployable, a channel...)
ELEMENT_SECTIONS = ("services", "stores", "deployables", "channels", "caches", "integrations", "events")


def element_names(design: Design) -> frozenset[str]:
    """The names of the design's elements (services, stores, deployables, channels, caches, integrations, events)."""
    data = design.model_dump(mode="json")
    return frozenset(e["name"] for field in ELEMENT_SECTIONS for e in data.get(field) or [] if e.get("name"))


def removed_elements(changelog: Changelog | None) -> frozenset[str]:
    """The names of the elements the earlier design had and the later one lacks."""
    if changelog is None:
        return frozenset()
    titles = {title for title, field, _ in SECTIONS if field in ELEMENT_SECTIONS}
    return frozenset(
        c.item for s in changelog.sections if s.title in titles for c in s.changes if c.kind == "removed" and c.item
    )


def diff_files(old: Path, new: Path) -> Changelog:
    """The changelog between two design files (each validated, with one located line per problem)."""
    from archgen.design.files import read_design

    before, _ = read_design(old)
    after, _ = read_design(new)
    return diff_designs(before, after, str(old), str(new))


def _plain(design: Design) -> dict[str, Any]:
    """The design as plain data, with endpoints lifted out of their services into one list."""
    data = design.model_dump(mode="json", by_alias=True)
    data["endpoints"] = [
        {"endpoint": f"{s['name']}: {e['method']} {e['path']}", **e} for s in data["services"] for e in s["endpoints"]
    ]
    for field, left_out in LEFT_OUT.items():
        data[field] = [{k: v for k, v in item.items() if k not in left_out} for item in data[field]]
    return data


def _label(item: dict[str, Any], key: str) -> str:
    """How an item is named in the changelog: decisions and risks keep their number in front of their title."""
    value = str(item[key])
    return f"{item['id']} {value}" if key != "id" and "id" in item else value


def _items(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str) -> list[Change]:
    before = {str(item[key]): item for item in old}
    after = {str(item[key]): item for item in new}
    changes = []
    for name in dict.fromkeys([*before, *after]):
        if name not in before:
            changes.append(Change(kind="added", item=_label(after[name], key)))
        elif name not in after:
            changes.append(Change(kind="removed", item=_label(before[name], key)))
        else:
            body_a = {k: v for k, v in before[name].items() if k != key}
            body_b = {k: v for k, v in after[name].items() if k != key}
            details = [_detail(path, kind, a, b) for path, kind, a, b in _compare(body_a, body_b, ())]
            if details:
                changes.append(Change(kind="changed", item=_label(after[name], key), details=details))
    return changes


def _figures(old: Design, new: Design) -> list[Change]:
    """Capacity figures by key: added, removed, or a value that moved (with its relative change)."""
    before = {f.key: f for f in old.capacity.figures}
    after = {f.key: f for f in new.capacity.figures}
    changes = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            changes.append(Change(kind="added", item=b.label, details=[_value("added", None, b.value, b.unit)]))
        elif b is None and a is not None:
            changes.append(Change(kind="removed", item=a.label, details=[_value("removed", a.value, None, a.unit)]))
        elif a is not None and b is not None and a.value != b.value:
            note = f"{(b.value - a.value) / a.value:+.0%}".replace("%", " %") if a.value else "new"
            changes.append(
                Change(kind="changed", item=b.label, details=[_value("changed", a.value, b.value, b.unit)], note=note)
            )
    return changes


def _value(kind: Kind, old: float | None, new: float | None, unit: str) -> Detail:
    return Detail(
        kind=kind,
        path="value",
        old=None if old is None else quantity(old, unit),
        new=None if new is None else quantity(new, unit),
    )


Path_ = tuple[str, ...]


def _compare(old: Any, new: Any, path: Path_) -> Iterator[tuple[Path_, Kind, Any, Any]]:
    """(path, kind, old, new) for every difference between two plain values."""
    if isinstance(old, dict) and isinstance(new, dict):
        for k in dict.fromkeys([*old, *new]):
            # an added or removed mapping is named by its path; its content would only repeat it
            if k not in old:
                yield (*path, k), "added", None, None if isinstance(new[k], dict) else new[k]
            elif k not in new:
                yield (*path, k), "removed", None if isinstance(old[k], dict) else old[k], None
            else:
                yield from _compare(old[k], new[k], (*path, k))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _compare_lists(old, new, path)
    elif old != new:
        yield path, "changed", old, new


def _compare_lists(old: list[Any], new: list[Any], path: Path_) -> Iterator[tuple[Path_, Kind, Any, Any]]:
    key = _item_key(old, new)
    if key is not None:
        yield from _compare(
            {f"[{i[key]}]": {k: v for k, v in i.items() if k != key} for i in old},
            {f"[{i[key]}]": {k: v for k, v in i.items() if k != key} for i in new},
            path,
        )
        return
    # anything else compares as a bag of values: what is new, what is gone (order alone is no change)
    for item in [i for i in new if i not in old]:
        yield path, "added", None, item
    for item in [i for i in old if i not in new]:
        yield path, "removed", item, None


def _item_key(old: list[Any], new: list[Any]) -> str | None:
    """The key that names every item of both lists uniquely, if there is one."""
    for items in (old, new):
        if not all(isinstance(i, dict) for i in items):
            return None
    for key in ITEM_KEYS:
        if all(
            all(key in i and isinstance(i[key], str) for i in items) and len({i[key] for i in items}) == len(items)
            for items in (old, new)
        ):
            return key
    return None


def changed_paths(old: Any, new: Any) -> list[str]:
    """The key paths where two plain values (e.g. two questionnaires as data) differ, e.g. users.daily_active."""
    return list(dict.fromkeys(_path_text(path) for path, _, _, _ in _compare(old, new, ())))


def _path_text(path: Path_) -> str:
    return "".join(p if p.startswith("[") or i == 0 else f".{p}" for i, p in enumerate(path))


def _detail(path: Path_, kind: Kind, old: Any, new: Any) -> Detail:
    return Detail(
        kind=kind,
        path=_path_text(path),
        old=None if old is None else _text(old),
        new=None if new is None else _text(new),
    )


def _text(value: Any) -> str:
    """A value as a short line of text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(float(value)) if value != int(value) else f"{int(value):,}"
    if isinstance(value, dict):
        parts = [str(v) for v in value.values() if isinstance(v, str) and v]
        text = ": ".join(parts[:3]) or ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(_text(v) for v in value) or "none"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"
