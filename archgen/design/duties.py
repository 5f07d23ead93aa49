"""Roles' duties: what a role's description says it manages, sets or configures (members, channels, retention),
matched to the record, setting or use case it names, and whether an operation lets the role do it. The architect
plans by it and the review checks any design against it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from archgen.common.english import singular
from archgen.common.naming import slug
from archgen.design.model import Endpoint
from archgen.design.views import named_entity
from archgen.knowledge.duties import Feature, duty_words
from archgen.requirements.model import Requirements

_CLAUSE = re.compile(r"[;:.()]")
_WORD = re.compile(r"[a-z][a-z0-9-]*")
_ITEMS = re.compile(r",|\band\b|\bor\b|&")
_ARTICLES = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your"})
_KEYS = frozenset({"id", "created", "updated", "at", "on", "by"})


@dataclass(frozen=True)
class Duty:
    """One thing a role's description says the role changes, and what in the design it names."""

    role: str
    said: str  # the words of the description that name it (retention)
    verb: str  # the verb that gives the duty (manages)
    entity: str | None = None  # the record it names, or the one whose setting it names
    field: str | None = None  # the setting it names, a field of that record
    use_case: str | None = None  # the use case it names (exports), when no record or setting does

    @property
    def matched(self) -> bool:
        return self.entity is not None or self.use_case is not None

    @property
    def target(self) -> str:
        """What it names, as a reader finds it in the design."""
        if self.field:
            return f"{self.entity}.{self.field}"
        return self.entity or self.use_case or self.said


def _named(description: str) -> list[tuple[str, bool, str]]:
    """The things a description's duty verbs name, one phrase each ("members", "channels", "retention"), whether
    the phrase names records (the stay) rather than what may be a setting, and the verb that named it."""
    known = duty_words()
    out: list[tuple[str, bool, str]] = []
    for clause in _CLAUSE.split(description):
        tokens = re.findall(r"[A-Za-z][A-Za-z0-9-]*|,|&", clause)
        joined = f" {' '.join(t.lower() for t in tokens)} "
        verb = next((v for v in sorted(known.duty_verbs, key=len, reverse=True) if f" {v} " in joined), None)
        if verb is None:
            continue
        at = joined[: joined.index(f" {verb} ")].count(" ") + len(verb.split())
        rest = tokens[at:]
        if rest[:1] and rest[0].lower() in ("or", "and"):  # "manages or cancels the stay": the second verb is no thing
            rest = rest[2:]
        end = next((i for i, w in enumerate(rest) if w.lower() in known.list_ends), len(rest))
        for item in _ITEMS.split(" ".join(rest[:end])):
            words = item.split()
            kept = [w for w in words if w.lower() not in known.stop_words]
            # "the stay", "their videos": an article or a possessive names records, never a setting
            record = bool(words) and words[0].lower() in _ARTICLES
            if kept and all(" ".join(kept) != o[0] for o in out):
                out.append((" ".join(kept), record, verb))
    return out


def _stem(word: str) -> str:
    return singular(word) if word.endswith("s") else word


def _setting(words: list[str], entities: dict[str, list[str]]) -> tuple[str, str] | None:
    """The field a duty's words all name as a setting (retention: Workspace.message_retention_days)."""
    stems = {_stem(w) for w in words}
    for entity, fields in entities.items():
        for field in fields:
            parts = set(field.split("_"))
            if not parts & _KEYS and stems <= {_stem(p) for p in parts}:
                return entity, field
    return None


def _described(words: list[str], descriptions: dict[str, str]) -> str | None:
    """The record whose description calls it by the duty's words (a booking is "a reservation … for a stay")."""
    phrase = " ".join(words)
    return next((n for n, d in descriptions.items() if re.search(rf"\b{re.escape(phrase)}\b", d.lower())), None)


def role_duties(
    req: Requirements,
    entities: dict[str, list[str]],
    use_cases: Iterable[tuple[str, str | None]],
    descriptions: dict[str, str],
) -> list[Duty]:
    """Every duty the roles' descriptions name, matched to a record (by its name), a setting (a field whose name
    holds the word) or a use case (whose name holds it, the role's own first); unmatched when nothing does.
    `entities` maps each record to the fields a caller may set, `descriptions` each to what one record is;
    `use_cases` are (name, actor) pairs."""
    cases = list(use_cases)
    out: list[Duty] = []
    for role in req.users.roles:
        if role.kind != "person" or not role.description:
            continue
        for said, record, verb in _named(role.description):
            words = said.lower().split()
            stems = {_stem(w) for w in words}
            entity = named_entity(words, list(entities))[0]
            if entity is None and record:
                entity = _described(words, descriptions)
            if entity is None:  # webhooks: the webhook subscriptions
                entity = next((n for n in entities if stems & set(slug(n).split("-"))), None)
            if entity is not None:
                out.append(Duty(role.name, said, verb, entity=entity))
                continue
            setting = None if record else _setting(words, entities)
            if setting is not None:
                out.append(Duty(role.name, said, verb, entity=setting[0], field=setting[1]))
                continue
            # a use case of the role's own whose name says it (exports: Export workspace data)
            named = [n for n, a in cases if a == role.name and stems & {_stem(w) for w in _WORD.findall(n.lower())}]
            out.append(Duty(role.name, said, verb, use_case=named[0] if named else None))
    return out


def settable(fields: Iterable[tuple[str, str, str]]) -> list[str]:
    """The names of the fields that may be settings, from (name, type, set_by) triples: set by a caller, and no
    key, reference, date or time (a stay's date is a fact of the record, not a setting)."""
    kinds = ("ref[", "date", "timestamp", "uuid")
    return [n for n, kind, by in fields if by == "client" and not kind.startswith(kinds) and n != "id"]


def carries(duty: Duty, endpoint: Endpoint) -> bool:
    """Whether an operation lets the duty's role do it: changes its record (the named setting, if one) or carries
    its use case."""
    if duty.role not in endpoint.roles:
        return False
    if duty.entity is None:
        return duty.use_case is not None and duty.use_case in endpoint.use_cases
    if endpoint.entity != duty.entity or endpoint.action not in duty_words().changing_actions:
        return False
    if duty.field is None:
        return True
    if endpoint.action not in ("update", "replace", "create"):
        return False
    stated = endpoint.request
    return stated is None or any(f.name == duty.field or f.field.endswith(f".{duty.field}") for f in stated.fields)


def asked(duty: Duty, questions: Iterable[str]) -> bool:
    """Whether an open question already asks about the duty (it names the role and the thing)."""
    role = duty.role.replace("_", " ")
    return any(role in q.lower() and duty.said.lower() in q.lower() for q in questions)


def _phrases(text: str) -> str:
    """Text as its lowercase words one space apart, with a space at each end (for matching whole phrases)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).replace("_", " ")
    return f" {' '.join(_WORD.findall(spaced.lower()))} "


def promised(summary: str, carriers: Iterable[str]) -> list[Feature]:
    """The capabilities a summary names that nothing given as `carriers` (use cases, records, fields, questions)
    speaks of: the summary promises them and the design says nothing about them."""
    said = _phrases(summary)
    carried = "".join(_phrases(t) for t in carriers)
    return [
        f
        for f in duty_words().features
        if any(f" {w} " in said for w in f.words) and not any(f" {w} " in carried for w in f.carriers)
    ]


def carriers_of(
    req: Requirements, entities: Iterable[tuple[str, Iterable[str]]], questions: Iterable[str]
) -> list[str]:
    """What may carry a capability: the use cases' names and descriptions, the records' and fields' names, the open
    questions."""
    out = [f"{u.name}. {u.description or ''}" for u in req.use_cases]
    for name, fields in entities:
        out += [name, *fields]
    return [*out, *questions]
