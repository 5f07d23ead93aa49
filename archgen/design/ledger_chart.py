"""The ledger one level deeper (archgen/knowledge/ledger_chart.yaml): the accounts a design's money needs from
what it holds (stored value, a take, provider fees, reserves, funds held before payout), the journal's write
operations and whether each is internal, and the posting steps of each movement by flow."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archgen.design.model import Design, Endpoint, EntityDesign, Flow, FlowStep, Service
from archgen.design.postings import keeper, movements, posts
from archgen.knowledge.ledger_chart import Need, ledger_chart
from archgen.knowledge.money import is_posting, name_words
from archgen.knowledge.postings import postings
from archgen.requirements.model import Requirements


@dataclass(frozen=True)
class Needed:
    """An account the design's money needs, with the fact that asks for it."""

    need: Need
    fact: str

    @property
    def because(self) -> str:
        return self.need.because.format(fact=self.fact)


def _vocabulary(req: Requirements, entities: Iterable[EntityDesign], values: bool) -> str:
    """The words of the design's records, fields, use cases and (with `values`) enum values, one space apart."""
    names: list[str] = []
    for entity in entities:
        names.append(entity.name)
        for field in entity.fields:
            names.append(field.name)
            if values and field.type.startswith("enum["):
                names.extend(re.findall(r"[A-Za-z_-]+", field.type.partition("[")[2]))
    names.extend(u.name for u in req.use_cases)
    return " " + " ".join(" ".join(sorted(name_words(n), key=n.lower().index)) for n in names) + " "


def _found(words: Iterable[str], text: str) -> str | None:
    for word in words:
        spaced = " ".join(sorted(name_words(word), key=word.lower().index))
        if f" {spaced} " in text:
            return word
    return None


def needed(req: Requirements, services: Iterable[Service], entities: Iterable[EntityDesign]) -> list[Needed]:
    """The accounts a design with a ledger needs beyond its movements' own, each with the fact that asks for it."""
    entities = list(entities)
    if keeper(services, entities) is None:
        return []
    texts = {v: _vocabulary(req, entities, v) for v in (True, False)}
    kinds = {m.kind for _, _, m in movements(entities)}
    regimes = {r.lower() for r in req.compliance.regimes}
    out: list[Needed] = []
    for need in ledger_chart().needs:
        fact = _found(need.words, texts[need.values])
        if fact is None and need.integration:
            fact = next(
                (i.name for i in req.integrations if _found(need.integration, f" {' '.join(name_words(i.kind))} ")),
                None,
            )
        if fact is None and need.regimes:
            fact = next((r for r in need.regimes if r in regimes), None)
        if fact is None and need.pair and set(need.pair) <= kinds:
            fact = " and ".join(need.pair)
        if fact is not None and (need.with_ is None or any(n.need.account == need.with_ for n in out)):
            out.append(Needed(need, fact))
    return out


def missing(design: Design, req: Requirements) -> list[Needed]:
    """The needed accounts the ledger's keeper never names in what it posts."""
    kept = keeper(design.services, design.entities)
    if kept is None:
        return []
    service = next(s for s in design.services if s.name == kept[0])
    return [n for n in needed(req, design.services, design.entities) if n.need.account not in service.responsibility]


def internal(endpoint: Endpoint) -> bool:
    """Whether an operation is marked internal (called by other services with their workload identity)."""
    return endpoint.summary.startswith(ledger_chart().internal)


def internal_write(endpoint: Endpoint) -> bool:
    """Whether an operation is one of the journal's writes, marked internal: only the posting services' mutual-TLS
    identity reaches it."""
    writes = ledger_chart().writes
    return (
        internal(endpoint) and bool(endpoint.entity) and is_posting(endpoint.entity or "") and endpoint.action in writes
    )


def ledger_writes(services: Iterable[Service]) -> Iterator[tuple[int, int, Endpoint]]:
    """(service index, endpoint index, endpoint) of every operation that writes the journal's postings."""
    words = ledger_chart()
    for i, service in enumerate(services):
        for j, endpoint in enumerate(service.endpoints):
            if endpoint.entity and is_posting(endpoint.entity) and endpoint.action in words.writes:
                yield i, j, endpoint


def exposed(endpoint: Endpoint) -> bool:
    """Whether a journal write takes a public scheme: anonymous callers, devices or other organisations' client
    credentials, rather than the internal services' own identity."""
    schemes = {endpoint.auth, *endpoint.other_callers} & set(ledger_chart().public)
    return bool(schemes) and not (internal(endpoint) and schemes == {"service"})


def posted_kinds(steps: Iterable[FlowStep], names: Iterable[str]) -> list[tuple[int, str]]:
    """(step index, movement kind) of each step that posts a named movement."""
    kinds = [m.kind for m in postings().movements]
    names = list(names)
    out: list[tuple[int, str]] = []
    for i, step in enumerate(steps):
        if posts(step, names):
            out.extend((i, k) for k in kinds if f"the {k} (" in step.message)
    return out


def second_paths(
    services: list[Service], entities: list[EntityDesign], flows: list[Flow]
) -> Iterator[tuple[int, int, str]]:
    """(flow index, step index, operation) of each call to the journal's write operation in a flow whose
    movements the ledger's keeper already posts under their own key: the same movement by two paths."""
    kept = keeper(services, entities)
    if kept is None:
        return
    calls = {f"{e.method} {e.path}" for _, _, e in ledger_writes(services)}
    names = [e.name for e in entities if is_posting(e.name)]
    for i, flow in enumerate(flows):
        if not posted_kinds(flow.steps, names):
            continue
        for j, step in enumerate(flow.steps):
            call = next((c for c in calls if step.message.startswith(f"{c} ") or step.message == c), None)
            if call is not None and step.target == kept[0]:
                yield i, j, call
