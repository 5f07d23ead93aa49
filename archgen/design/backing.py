"""Whether the design holds the elements a compliance control's sentence speaks of (a flag on content, an operation
anyone may call, a statement-of-reasons record, a mobile app): archgen/knowledge/backing.yaml names them. The rules
architect rewrites or opens a control that speaks of an element the design lacks, and the review reports one in any
design; both ask this module, from a Design or a draft of one."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from archgen.design.model import ClientApp, EntityDesign, ExternalSystem, Service
from archgen.knowledge.backing import Carrier, backing
from archgen.requirements.personal import name_words


class Parts(Protocol):
    """The parts of a design (or of a draft) that carry compliance claims."""

    @property
    def entities(self) -> Sequence[EntityDesign]: ...
    @property
    def services(self) -> Sequence[Service]: ...
    @property
    def clients(self) -> Sequence[ClientApp]: ...
    @property
    def integrations(self) -> Sequence[ExternalSystem]: ...


def _names(parts: Parts) -> Iterator[list[str]]:
    """The words of every name a carrier may be found by: entities, fields, transitions, paths, integrations."""
    for e in parts.entities:
        yield name_words(e.name)
        for f in e.fields:
            yield name_words(f.name)
        if e.state_machine:
            for t in e.state_machine.transitions:
                yield name_words(t.name)
    for s in parts.services:
        for ep in s.endpoints:
            yield name_words(ep.path)
    for i in parts.integrations:
        yield name_words(i.name)


def carried(carrier: Carrier, parts: Parts) -> bool:
    """Whether the design holds the element."""
    if carrier.mobile and any(c.delivery == "mobile" for c in parts.clients):
        return True
    for e in parts.entities:
        words = set(name_words(e.name))
        if any(set(entry) <= words for entry in carrier.records):
            return True
        if any(f.type == "bool" and set(name_words(f.name)) & set(carrier.fields) for f in e.fields):
            return True
    if carrier.words and any(set(w) & set(carrier.words) for w in _names(parts)):
        return True
    reported = {e.name for e in parts.entities if set(name_words(e.name)) & set(carrier.anyone)}
    return any(
        ep.action == "create" and ep.entity in reported and "public" in (ep.auth, *ep.other_callers)
        for s in parts.services
        for ep in s.endpoints
    )


def claims(text: str) -> list[tuple[str, Carrier]]:
    """The elements a sentence claims, by name, with the phrase that claims them first in the list."""
    low = text.lower()
    return [(name, c) for name, c in backing().carriers.items() if any(p in low for p in c.said)]


def unbacked(text: str, parts: Parts) -> list[tuple[str, Carrier]]:
    """The elements a sentence claims that the design lacks."""
    return [(name, c) for name, c in claims(text) if not carried(c, parts)]
