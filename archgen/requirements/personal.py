"""Which entities and fields hold personal data, read from the data model and the words of personal_data.yaml.

A person's record is personal (Rider); so is a record that refers to a person (a Like, a Trip), and a record that
belongs to one and keeps what a person wrote or uploaded (a post's photo). The architect marks what it finds; the
review engine checks any design the same way, so both read personal data alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from
from archgen.requirements.fieldtypes import FieldType

Kind = Literal["sensitive", "contact", "identity", "content", "link", "measure"]
Fields = Mapping[str, FieldType]
# how far a record may be from the person it belongs to (a photo of a post of a member is two steps away)
MAX_DEPTH = 4


class DataScope(BaseModel):
    """A scope a system's token is granted to read one class of personal field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: tuple[str, ...]
    description: str


class Words(BaseModel):
    """personal_data.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_entities: tuple[str, ...]
    person_holders: tuple[str, ...]
    person_name_fields: tuple[str, ...]
    business_entities: tuple[str, ...]
    sensitive: tuple[str, ...]
    custodian_only: tuple[str, ...]
    special_values: tuple[str, ...]
    lookup_fields: tuple[str, ...]
    reach_fields: tuple[str, ...]
    mailboxes: tuple[str, ...]
    payment_tokens: tuple[str, ...]
    contact: tuple[str, ...]
    identity: tuple[str, ...]
    content: tuple[str, ...]
    files: tuple[str, ...]
    health_records: tuple[str, ...]
    person_measures: tuple[str, ...]
    never: tuple[str, ...]
    home_fields: tuple[str, ...]
    home_holders: tuple[str, ...]
    place_fields: tuple[str, ...]
    identity_links: tuple[str, ...]
    set_by_others: tuple[str, ...]
    internal_assessment: tuple[str, ...]
    reading_state: tuple[str, ...]
    identity_link_source: str
    set_by_others_source: str
    staff_scope: str
    staff_scope_words: tuple[str, ...]
    scopes: dict[str, DataScope]


@functools.cache
def vocabulary() -> Words:
    """The shipped word lists."""
    text = resources.files("archgen.knowledge").joinpath("personal_data.yaml").read_text("utf-8")
    source = yamlio.parse(text, "personal_data.yaml")
    try:
        return Words.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, Words)) from None


def name_words(name: str) -> list[str]:
    """The lower-case words of an entity or field name: 'StaffMember' → staff, member; 'date_of_birth' → date,
    of, birth."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def says(words: list[str], entries: tuple[str, ...]) -> bool:
    """Whether a name's words contain an entry (an entry with underscores matches those words in a row)."""
    joined = f"_{'_'.join(words)}_"
    return any((f"_{entry}_" in joined) if "_" in entry else entry in words for entry in entries)


def identity_link(field_name: str) -> bool:
    """Whether a field ties a person's record to their account at an identity provider (entra_object_id)."""
    return says(name_words(field_name), vocabulary().identity_links)


def set_by_others(field_name: str) -> bool:
    """Whether a field of a person's record is decided by others or the system, never by the person (active, role,
    rating, a price)."""
    words = name_words(field_name)
    return "_".join(words) in vocabulary().set_by_others or says(words[-1:], vocabulary().set_by_others)


def internal_assessment(field_name: str) -> bool:
    """Whether a field holds the organisation's own assessment of a record (fraud_score, reserve_amount): only the
    staff who assess it read it."""
    return says(name_words(field_name), vocabulary().internal_assessment)


def reading_state(field_name: str) -> bool:
    """Whether a field holds a person's own state in something shared (last_read_at, last_seen_at)."""
    return "_".join(name_words(field_name)) in vocabulary().reading_state


def is_person(entity: str) -> bool:
    """Whether an entity's name says it is a person (or a party whose own contact details are personal)."""
    v = vocabulary()
    words = name_words(entity)
    if not words:
        return False
    head = words[-1]
    if head in v.person_entities or head in v.business_entities or "_".join(words) in v.person_entities:
        return True
    return head in v.person_holders and (len(words) == 1 or any(w in v.person_entities for w in words[:-1]))


def is_natural_person(entity: str) -> bool:
    """A person entity that is not a business party: records referring to it are about a person."""
    return is_person(entity) and name_words(entity)[-1] not in vocabulary().business_entities


@dataclass(frozen=True)
class Personal:
    """Why an entity holds personal data, and the kind of each personal field."""

    entity: str
    why: str
    fields: dict[str, Kind] = field(default_factory=dict)
    person: bool = False
    subjects: tuple[str, ...] = ()  # the person entities it is about
    contacts_only: bool = False  # personal only through a way to reach someone who is no record of the system

    def of(self, kind: Kind) -> list[str]:
        """Its fields of one kind."""
        return [n for n, k in self.fields.items() if k == kind]


def find(entities: Mapping[str, Fields], asserted: frozenset[str] = frozenset()) -> dict[str, Personal]:
    """Every entity that holds personal data, from the data model and the entities said to hold it (`asserted`):
    those are read as belonging to a person, and when no field says which, their strings and text are personal."""
    people = {name for name in entities if is_natural_person(name) or _has_person_fields(name, entities[name])}
    owners = _owners(entities, people)
    out: dict[str, Personal] = {}
    for name, fields in entities.items():
        found = _classify(name, fields, people, owners, name in asserted)
        if name in asserted and (found is None or all(k == "link" for k in found.fields.values())):
            guessed: dict[str, Kind] = {n: "content" for n, t in fields.items() if t.kind in ("string", "text")}
            guessed.pop("id", None)
            found = Personal(
                entity=name,
                why=found.why if found else "is marked as personal data",
                fields={**(found.fields if found else {}), **guessed},
                person=found.person if found else False,
                subjects=found.subjects if found else (),
            )
        if found is not None:
            out[name] = found
    return out


def _has_person_fields(name: str, fields: Fields) -> bool:
    """Whether a record describes a person by its fields, whatever its name: a person's own name and a way to reach
    them (an Owner with full_name and email). A party often a company (a Merchant) stays one."""
    v = vocabulary()
    if name_words(name)[-1:] and name_words(name)[-1] in v.business_entities:
        return False
    named = any(says(name_words(f), v.person_name_fields) for f in fields)
    return named and any(says(name_words(f), v.contact) for f in fields)


def reaches_someone(field_name: str) -> bool:
    """Whether a field is a way to reach a person it is named after (reporter_email), not the record's own line or
    a function's mailbox (phone, support_email)."""
    v = vocabulary()
    words = name_words(field_name)
    for size in (2, 1):  # phone_number is one reach word of two
        reach, before = "_".join(words[-size:]), words[:-size]
        if reach in v.reach_fields:
            named = [w for w in before if w not in v.mailboxes and w not in v.business_entities]
            return bool(before) and len(named) == len(before)
    return False


def _owners(entities: Mapping[str, Fields], people: set[str]) -> dict[str, tuple[int, tuple[str, ...]]]:
    """For each entity that belongs to a person: how many references away the person is, and who."""
    found: dict[str, tuple[int, tuple[str, ...]]] = {p: (0, (p,)) for p in people}
    for depth in range(1, MAX_DEPTH + 1):
        for name, fields in entities.items():
            if name in found:
                continue
            targets = {t.references for t in fields.values() if t.references}
            reached = sorted({s for t in targets if t in found and found[t][0] < depth for s in found[t][1]})
            if reached:
                found[name] = (depth, tuple(reached))
    return found


def _classify(
    name: str,
    fields: Fields,
    people: set[str],
    owners: dict[str, tuple[int, tuple[str, ...]]],
    asserted: bool,
) -> Personal | None:
    person = is_person(name) or name in people
    links = [f for f, t in fields.items() if t.references in people]
    depth, subjects = owners.get(name, (MAX_DEPTH + 1, ()))
    reached = [f for f in fields if reaches_someone(f)]
    about = person or bool(links) or depth <= MAX_DEPTH or asserted or bool(reached)
    words = name_words(name)
    measured = any(w in vocabulary().person_measures for w in words) and depth > 0
    health = about and any(w in vocabulary().health_records for w in words)
    kinds: dict[str, Kind] = {}
    for field_name, kind in fields.items():
        found = field_kind(field_name, kind, person=person, about=about, measured=measured, health=health)
        if found is not None and (found != "link" or kind.references in people):
            kinds[field_name] = found
    for link in links:
        kinds[link] = "link"
    if person:
        why = "describes a person"
    elif links:
        why = f"refers to a person ({', '.join(links)})"
    elif reached and depth > MAX_DEPTH:
        why = f"keeps the contact details of the person it names ({', '.join(reached)})"
    elif about and any(k in ("content", "contact", "sensitive", "measure") for k in kinds.values()):
        parent = next((t.references for t in fields.values() if t.references in owners), None)
        written = [f for f, k in kinds.items() if k in ("content", "measure")]
        if parent is None:
            why = "is marked as personal data"
        elif written:
            why = f"keeps what a person wrote, uploaded or measured ({', '.join(written)}) on {parent} records"
        else:
            why = f"keeps personal details ({', '.join(kinds)}) of {parent} records"
    elif any(k == "sensitive" for k in kinds.values()):
        why = f"holds {', '.join(f for f, k in kinds.items() if k == 'sensitive')}"
        kinds = {f: k for f, k in kinds.items() if k == "sensitive"}
    else:
        return None
    return Personal(
        entity=name,
        why=why,
        fields=kinds,
        person=person,
        subjects=subjects or ((name,) if person else ()),
        contacts_only=bool(reached) and not person and not links and depth > MAX_DEPTH,
    )


def field_kind(
    name: str, kind: FieldType, *, person: bool, about: bool, measured: bool = False, health: bool = False
) -> Kind | None:
    """The kind of personal data a field holds on a record that is a person (`person`), belongs to one (`about`),
    is a reading of one (`measured`) or a record of their health (`health`); None when it holds none."""
    v = vocabulary()
    words = name_words(name)
    if kind.kind == "ref" or (kind.kind == "list" and kind.references):
        return "link" if about else None
    if says(words, v.sensitive) or (kind.kind == "string" and says(words, v.payment_tokens)):
        return "sensitive"
    if kind.kind in ("uuid", "bool") or not (person or about):
        return None
    if kind.kind == "enum":
        return "sensitive" if special_values(kind) else None
    if says(words, v.contact):
        return "contact"
    if words and words[-1] in v.never:
        return None
    if health and kind.kind in ("string", "text", "json", "decimal", "list"):
        return "sensitive"
    if says(words, v.files):
        return "content"
    if says(words, v.identity) and (person or kind.kind == "string"):
        return "identity"
    # a person's own short strings are about their place (a job title), not something they wrote
    if kind.kind in ("text", "json") or (kind.kind == "string" and not person and says(words, v.content)):
        return "content"
    if says(words, v.person_measures) or (measured and kind.kind in ("decimal", "int") and "value" in words):
        return "measure"
    return None


def special_values(kind: FieldType) -> list[str]:
    """The values of an enumeration that name a special category of personal data (sick, maternity)."""
    # the whole value names the category: a medical_assistant is a job, a sick leave is health
    words = vocabulary().special_values
    return [v for v in kind.values if "_".join(name_words(v)) in words]


def lookup_field(name: str) -> bool:
    """Whether a person's field is one others know them by and may look them up with exactly (an email, a phone)."""
    return says(name_words(name), vocabulary().lookup_fields)


def custodian_only(name: str) -> bool:
    """Whether a sensitive field is recorded by the roles that keep the record, never by the person (a salary)."""
    return says(name_words(name), vocabulary().custodian_only)


@dataclass(frozen=True)
class Homes:
    """A field that homes each tenant or person in a region, and the area each of its values names."""

    entity: str
    field: str
    areas: dict[str, str]  # value → area

    @property
    def key(self) -> str:
        """Entity.field, as the design names it."""
        return f"{self.entity}.{self.field}"


def find_homes(entities: Mapping[str, Fields]) -> Homes | None:
    """The field that homes tenants or people in regions of two or more areas (Tenant.home_region: enum[eu, us]),
    when the data model has one."""
    from archgen.requirements.areas import read_area

    v = vocabulary()
    for entity, fields in entities.items():
        words = name_words(entity)
        if not (is_person(entity) or (words and words[-1] in v.home_holders)):
            continue
        for name, kind in fields.items():
            if kind.kind != "enum" or name.lower() not in v.home_fields:
                continue
            readings = {value: read_area(value, "users.regions") for value in kind.values}
            areas = {value: r.name for value, r in readings.items() if not isinstance(r, str)}
            if len(areas) == len(readings) and len(set(areas.values())) > 1:
                return Homes(entity, name, areas)
    return None
