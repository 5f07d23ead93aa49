"""The groups a list is read by: "View team calendar" reads time off by team, "Rooms by building" rooms by their
building. Each names a field of the listed record, or of a record it belongs to that the use case reads (an
employee's manager), and the list takes a filter on it: without one, the caller pages through everyone's."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common import english
from archgen.common.naming import slug
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import words
from archgen.requirements.model import Requirements, UseCase


@dataclass(frozen=True)
class Grouping:
    """A group a list is read by and the filter fields that would narrow it to one group."""

    word: str  # as the use case says it (team)
    fields: tuple[str, ...]  # an own field (department) or a related record's (employee.manager), best first


def groupings(req: Requirements, use_case: UseCase, listed: str) -> list[Grouping]:
    """The groups a use case that only reads lists `listed` by: a group word of operations.yaml in its name, or
    any word after "by" or "per" that names a field. Only groups some field can stand for are kept."""
    entities = {e.name: e for e in req.data.entities}
    lead = entities.get(listed)
    if use_case.writes or lead is None:
        return []
    known = operation_words().reads.groups
    name = words(use_case.name)
    own = {english.singular(w) for w in words(" ".join(slug(listed).split("-")))}
    said: list[tuple[str, list[str]]] = []
    for i, raw in enumerate(name):
        word = english.singular(raw)
        if word in own:
            continue
        if word in known:
            said.append((word, known[word]))
        elif i > 0 and name[i - 1] in ("by", "per"):
            said.append((word, [word]))
    parents = [
        n
        for n in use_case.reads
        if n != listed and any(k.kind == "ref" and k.target == n for k in lead.fields.values())
    ]
    out: list[Grouping] = []
    for word, choices in said:
        paths = [c for c in choices if c in lead.fields]
        paths += [f"{slug(p).replace('-', '_')}.{c}" for c in choices for p in parents if c in entities[p].fields]
        if paths and all(g.word != word for g in out):
            out.append(Grouping(word, tuple(paths)))
    return out


def narrows(grouping: Grouping, filters: list[str]) -> bool:
    """Whether a list's filter fields narrow it to one of the group's values."""
    last = {p.rpartition(".")[2] for p in grouping.fields}
    return any(f in grouping.fields or f.rpartition(".")[2] in last for f in filters)
