"""The role that naturally makes a record the questionnaire gives no maker for: the people whose account it is
sign up to make it, and a role named after the record, or whose description calls it its own, makes and edits it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.common import english
from archgen.common.naming import words_of
from archgen.design import lifecycle_needs as needs
from archgen.knowledge.natural_makers import natural_makers
from archgen.requirements.intent import anonymous_role
from archgen.requirements.model import Requirements


@dataclass(frozen=True)
class Maker:
    """The roles that make an entity's records; `sign_up` when the record is their own account."""

    roles: list[str]
    because: str
    sign_up: bool = False


def _raw(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("_", " "))


def _words(text: str) -> list[str]:
    return [english.singular(w) for w in _raw(text)]


def _within(name: list[str], text: str, before: frozenset[str] | None = None) -> bool:
    """Whether the words of a name occur in a row in `text` (right after one of `before`, when given)."""
    raw, said = _raw(text), _words(text)
    for j in range(len(said) - len(name) + 1):
        if said[j : j + len(name)] == name and (before is None or (j > 0 and raw[j - 1] in before)):
            return True
    return False


def natural_maker(req: Requirements, entity: str) -> Maker | None:
    """Who makes an entity's records by what the questionnaire says of the roles, or None."""
    outside = {r.name for r in req.users.roles if r.kind == "person" and not r.internal}
    # people sign up for their own account (those who browse without one too); staff accounts are provisioned
    own = [r for r in needs.person_entities(req).get(entity, []) if r in outside]
    if own:
        return Maker(own, f"it is the account of the {english.join(r.replace('_', ' ') for r in own)}", True)
    found = next((e for e in req.data.entities if e.name == entity), None)
    if found is None or not found.growth_per_day:
        return None  # a fixed set (the stores, the rooms) is reference data a seed or an import loads
    people = [r for r in req.users.roles if r.kind == "person" and not anonymous_role(req, r.name)]
    name = _words(words_of(entity))
    named = [r.name for r in people if _within(name, r.name)]
    if named:
        return Maker(named, "the role's name says so")
    mine = natural_makers().possessives
    described = [r for r in people if _within(name, r.description or "", mine)]
    if described:
        first = described[0].description or ""
        return Maker([r.name for r in described], first[:1].lower() + first[1:])
    return None
