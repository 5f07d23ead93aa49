"""What each caller of an operation reads and writes of a record: its projections.

A field with readers reaches only them (`self` is the person the record is about); every other caller gets the
record without it. A field with writers is set only by them. A role that no field names reads and writes as
anyone else, and as `self` on its own record.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common.english import join
from archgen.common.naming import pascal
from archgen.design import fixed
from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.operations import operation_words
from archgen.knowledge.protocols import protocols

SELF = "self"


@dataclass(frozen=True)
class View:
    """One projection: its schema name, its fields and who gets it, in words."""

    name: str
    fields: tuple[str, ...]
    audience: tuple[str, ...]


def _who(role: str) -> str:
    return "the person it is about" if role == SELF else role


def audience_words(view: View) -> str:
    """Who gets a view, in words."""
    mine = " for others' records" if view.name.endswith("ForOthers") else ""
    return join(_who(a) for a in view.audience) + mine


def _group(sets: list[tuple[tuple[str, ...], str]]) -> dict[tuple[str, ...], list[str]]:
    grouped: dict[tuple[str, ...], list[str]] = {}
    for fields, audience in sets:
        if audience not in grouped.setdefault(fields, []):
            grouped[fields].append(audience)
    return grouped


def withheld(field: StoredField) -> bool:
    """A secret the server makes and keeps encrypted (a signing secret): answered once when it is made, never read."""
    words = protocols().webhooks.secret_words
    return field.set_by == "server" and field.encrypted and any(w in field.name.lower() for w in words)


def located(field: StoredField) -> bool:
    """Where the server keeps a record's file (its storage key, its manifest path): never answered; a caller gets a
    signed link instead, issued after the record's own checks."""
    names = {*access_knowledge().media.keys, *operation_words().fields.file_keys}
    return field.set_by == "server" and field.name.lower() in names


def read_views(
    entity: EntityDesign, roles: list[str], reveal: bool = False, own_only: frozenset[str] = frozenset()
) -> list[View]:
    """The projections the callers (`roles`) of a read get: one when every caller sees every field. Secrets are
    left out unless the answer is the one that makes them (`reveal`). A role in `own_only` reads only the records
    it is about, so it gets what the person it is about may read and no view of anyone else's."""
    roles = [r for r in roles if r not in own_only]
    hidden = [f for f in entity.fields if located(f) or (withheld(f) and not reveal)]
    base = pascal(entity.name) + ("WithSecret" if reveal and any(withheld(f) for f in entity.fields) else "")
    every = tuple(f.name for f in entity.fields if f not in hidden)
    if not any(f.readers for f in entity.fields):
        return [View(base, every, ())]

    def seen(who: str) -> tuple[str, ...]:
        return tuple(f.name for f in entity.fields if (not f.readers or who in f.readers) and f not in hidden)

    own = seen(SELF)
    open_ = seen("")
    # a caller reading its own record gets what the person it is about may read
    sets = [(seen(role), role) for role in roles] + [(own, SELF)]
    out = []
    for fields, audience in _group(sets).items():
        if fields == every:
            name = base
        elif fields == open_:
            name = f"{base}ForOthers"
        elif fields == own:
            name = f"{base}ForSelf"
        else:
            name = f"{base}For{pascal(audience[0])}"
        out.append(View(name, fields, tuple(audience)))
    return out


def write_views(entity: EntityDesign, roles: list[str], kind: str) -> list[View]:
    """The bodies the callers (`roles`) of a create (`kind` Input) or an update (Patch) send: one when every
    caller may set every writable field."""
    base = pascal(entity.name)
    writable = fixed.changeable(entity) if kind == "Patch" else fixed.writable(entity)
    every = tuple(f.name for f in writable)
    if not any(f.writers for f in writable):
        return [View(f"{base}{kind}", every, ())]

    def settable(who: str) -> tuple[str, ...]:
        return tuple(f.name for f in writable if not f.writers or who in f.writers)

    named = {w for f in writable for w in f.writers}
    sets = [(settable(role if role in named else SELF), role) for role in roles or [SELF]]
    out = []
    for fields, audience in _group(sets).items():
        if fields == every:
            name = f"{base}{kind}"
        elif fields == settable(SELF):
            name = f"{base}Self{kind}"
        else:
            name = f"{base}For{pascal(audience[0])}{kind}"
        out.append(View(name, fields, tuple(audience)))
    return out


def chosen(entity: EntityDesign, view: View) -> list[StoredField]:
    """The stored fields of a view, in the entity's order."""
    return [f for f in entity.fields if f.name in view.fields]


def says_who(views: list[View], writes: bool = False) -> str:
    """Which caller gets which projection, in a sentence (empty when there is only one)."""
    if len(views) < 2:
        return ""
    parts = []
    for v in views:
        many = len(v.audience) > 1
        verb = ("send" if many else "sends") if writes else ("get" if many else "gets")
        parts.append(f"{audience_words(v)} {verb} `{v.name}`")
    return ("Each caller sends the fields it may set: " if writes else "Each caller gets what it may read: ") + (
        "; ".join(parts) + "."
    )
