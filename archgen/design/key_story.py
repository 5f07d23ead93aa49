"""One story for the keys that encrypt stored data: which keys a design's texts claim (only the platform's, a data
key per tenant, a key per person) and where each is said (the words: archgen/knowledge/backing.yaml). The rules
architect writes the security page from what its jobs and decisions claim; the review reports pages that disagree."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from archgen.design.model import Design
from archgen.knowledge.backing import backing

Claim = Literal["platform_only", "tenant", "person"]


def claimed(texts: Iterable[tuple[str, str]]) -> dict[Claim, list[str]]:
    """Each kind of key claim → where it is made, from (where, text) pairs."""
    words = backing().keys
    kinds: dict[Claim, tuple[str, ...]] = {
        "platform_only": words.platform_only,
        "tenant": words.tenant,
        "person": words.person,
    }
    out: dict[Claim, list[str]] = {k: [] for k in kinds}
    for where, text in texts:
        low = text.lower()
        for kind, phrases in kinds.items():
            if any(p in low for p in phrases) and where not in out[kind]:
                out[kind].append(where)
    return out


def tenant_keys(texts: Iterable[str]) -> bool:
    """Whether these texts (jobs, decisions) give each tenant a data key of its own."""
    return bool(claimed(("", t) for t in texts)["tenant"])


def design_texts(design: Design) -> Iterator[tuple[str, str]]:
    """Every text of a design that may say which keys encrypt its data, with the page it is on."""
    sec = design.security
    yield "security page (at rest)", sec.at_rest
    for p in sec.pii:
        for c in p.controls:
            yield f"security page ({p.entity})", c
    for control in sec.controls:
        yield f"security page ({control.regime} {control.requirement.split(':')[0]})", control.measure
    for d in design.decisions:
        chosen = [o.summary for o in d.options if o.name == d.decision]
        for t in [d.decision, *chosen, d.rationale, *d.consequences]:
            yield d.id, t
    for j in design.jobs:
        yield f"job {j.name}", j.description
    for e in design.entities:
        for f in e.fields:
            yield f"data page ({e.name}.{f.name})", f"{f.source} {f.description}"
