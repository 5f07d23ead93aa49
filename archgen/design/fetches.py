"""Server-side fetches of an address a person gives: a use case whose name says the server fetches what a user
points at (import a recipe from a web page) and that stores a record with an address field the caller sends."""

from __future__ import annotations

import re

from archgen.design.model import Threat
from archgen.knowledge.capabilities import capabilities
from archgen.requirements.model import Requirements, UseCase


def _words(text: str) -> set[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).replace("_", " ")
    return set(re.findall(r"[a-z0-9]+", spaced.lower()))


def address_fields(req: Requirements, entity: str) -> list[str]:
    """The fields of an entity that hold an address the server may fetch (source_url)."""
    known = capabilities().address_fields
    found = next((e for e in req.data.entities if e.name == entity), None)
    fields = found.fields if found else {}
    return [f for f in fields if f in known or _words(f) & known]


def fetching(req: Requirements) -> list[tuple[UseCase, str]]:
    """The use cases that fetch an address a person gives, each with the record that holds the address."""
    verbs = capabilities().fetch_verbs
    out: list[tuple[UseCase, str]] = []
    for use_case in req.use_cases:
        if use_case.interaction not in ("request", "batch") or not _words(use_case.name) & verbs:
            continue
        holder = next((w for w in use_case.writes if address_fields(req, w)), None)
        if holder is not None:
            out.append((use_case, holder))
    return out


def answers_fetch(threat: Threat) -> bool:
    """Whether a threat names the forged server-side request and its control."""
    said = f"{threat.threat} {threat.mitigation}".lower()
    return any(w in said for w in capabilities().fetch_controls)


def fetch_threats(req: Requirements) -> list[Threat]:
    """The threat each server-side fetch of a person's address brings, with its control."""
    spec = capabilities().fetch_threat
    return [
        Threat(
            target=f"{use_case.name} (the address in {holder}.{address_fields(req, holder)[0]})",
            category=spec.category,
            threat=spec.threat,
            mitigation=spec.mitigation,
        )
        for use_case, holder in fetching(req)
    ]
