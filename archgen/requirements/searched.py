"""What a search use case names: the kinds of record it looks for ("Search people and hashtags" looks for members
and for posts by their hashtags). Each must be searchable, so the architect plans a search for each and the review
holds any design to it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.common import english
from archgen.common.naming import words_of
from archgen.requirements.intent import is_role_record, names_entity, searches, verbs
from archgen.requirements.model import Requirements, UseCase


@dataclass(frozen=True)
class Named:
    """One kind of record a search names: an entity, or an entity by one of its fields (posts by hashtag)."""

    entity: str
    field: str | None = None
    word: str = ""  # the words that name it, for messages

    def __str__(self) -> str:
        return f"{self.entity} by {self.field}" if self.field else self.entity


def _words(text: str) -> tuple[list[str], list[bool]]:
    """The words of a text, singular, and beside each whether it was written in the plural."""
    raw = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    single = [english.singular(w) for w in raw]
    return single, [s != w for s, w in zip(single, raw, strict=True)]


def _at(text: list[str], parts: list[str]) -> list[int]:
    """Where the words of `parts` end in `text`, in order."""
    return [i + len(parts) - 1 for i in range(len(text) - len(parts) + 1) if text[i : i + len(parts)] == parts]


def named_kinds(req: Requirements, use_case: UseCase) -> list[Named]:
    """The records a search use case reads that it names: in its name by the entity's name, by a word for people
    (the records of a role's members) or by one of the entity's own fields that is not a reference (hashtags); in
    its description by the entity's name in the plural (suggestions "for parts and vehicles"), since a record
    named once there is what comes out with the results. The caller's own record (as buyer) is not looked
    for.
    Empty for a use case that does not search."""
    if not searches(use_case):
        return []
    name, _ = _words(re.sub(rf"\bas (an? )?{re.escape(use_case.actor or '')}\b", "", use_case.name, flags=re.I))
    told, plural = _words(use_case.description or "")
    people = verbs().people & set(name)
    roles = [r.name for r in req.users.roles if r.kind == "person"]
    out: list[Named] = []
    for entity in (e for n in use_case.reads for e in req.data.entities if e.name == n):
        parts = [english.singular(w) for w in words_of(entity.name).lower().split()]
        if names_entity(entity.name, name, set()) or any(plural[i] for i in _at(told, parts)):
            out.append(Named(entity.name, None, words_of(entity.name)))
        elif people and any(is_role_record(r, entity.name) for r in roles):
            out.append(Named(entity.name, None, sorted(people)[0]))
        else:
            for field, kind in entity.fields.items():
                words = [english.singular(w) for w in field.lower().split("_") if w]
                if field != "id" and kind.kind != "ref" and words and _at(name, words):
                    out.append(Named(entity.name, field, " ".join(words)))
                    break
    return out
