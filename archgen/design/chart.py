"""A design's chart of accounts in use and its posting table (archgen/knowledge/accounts.yaml): for every
transition that moves money, the accounts it debits and credits, its one idempotency key and the fact that
triggers it; and which of those postings rest on the system's own word where only another party can confirm."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.capacity.load import actor_kind
from archgen.common import english
from archgen.design.model import Design, EntityDesign, Transition
from archgen.design.money import money_children
from archgen.design.postings import SYSTEM, entity_noun, keeper, movements
from archgen.knowledge.accounts import Account, accounts
from archgen.knowledge.postings import Movement
from archgen.requirements.model import Requirements


@dataclass(frozen=True)
class Posting:
    """One row of the posting table."""

    entity: str
    transition: str
    target: str
    kind: str
    debit: str
    credit: str
    key: str
    fact: str
    confirmation: str | None  # the notification that confirms it, when the posting rests on the system's own word


def _maker(req: Requirements, move: Transition) -> str:
    """integration, system, person (or device, service) or timer: who makes a transition."""
    use_case = next((u for u in req.use_cases if u.name == move.use_case), None)
    if use_case is None:
        return "timer" if move.roles == [SYSTEM] else "person"
    return actor_kind(req, use_case)


def _fact(req: Requirements, move: Transition, maker: str) -> str:
    facts = accounts().facts
    use_case = next((u for u in req.use_cases if u.name == move.use_case), None)
    actor = (use_case.actor if use_case else None) or ", ".join(move.roles) or SYSTEM
    text = {"integration": facts.integration, "system": facts.system, "timer": facts.timer}.get(maker, facts.person)
    return text.format(actor=actor, use_case=move.use_case or move.name)


def _key(design: Design, entity: EntityDesign, found: Movement) -> str:
    """The posting's one key: (the ledger's source, the id of the record whose money moves, the posting kind)."""
    children = money_children(design.entities, entity.name)
    moved = english.join([f"{entity_noun(n)}'s" for n in (entity.name, *children)], "or")
    return f"source {entity.owner}; the {moved} id; kind {found.kind}"


def _stems(text: str, size: int) -> set[str]:
    return {w[:size] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= size}


def confirmation(req: Requirements, entity: EntityDesign, move: Transition, kind: str) -> str | None:
    """The provider's notification (a use case another organisation's system calls) that writes the record and
    names this transition's outcome, unless it says that outcome is confirmed synchronously."""
    words = accounts()
    wanted = _stems(f"{move.name} {move.target} {kind}", words.stem)
    for use_case in req.use_cases:
        if entity.name not in use_case.writes or actor_kind(req, use_case) != "integration":
            continue
        text = f"{use_case.name}. {use_case.description or ''}"
        sentences = [t for t in re.split(r"(?<=[.;])\s+", text) if _stems(t, words.stem) & wanted]
        synchronous = any(re.search(rf"\b{re.escape(s)}\b", t.lower()) for s in words.synchronous for t in sentences)
        if sentences and not synchronous:
            return use_case.name
    return None


def posting_table(design: Design, requirements: Requirements | None = None) -> list[Posting]:
    """The postings a design with a ledger makes, one row per transition that moves money (judged against
    `requirements`, the design's own when absent)."""
    req = requirements or design.requirements
    if keeper(design.services, design.entities) is None:
        return []
    others = set(accounts().confirmed_by_others)
    rows = []
    for entity, move, found in movements(design.entities):
        maker = _maker(req, move)
        mine = found.kind in others and maker not in ("integration", "timer")
        rows.append(
            Posting(
                entity=entity.name,
                transition=move.name,
                target=move.target,
                kind=found.kind,
                debit=found.debit,
                credit=found.credit,
                key=_key(design, entity, found),
                fact=_fact(req, move, maker),
                confirmation=confirmation(req, entity, move, found.kind) if mine else None,
            )
        )
    return rows


def chart(rows: list[Posting]) -> list[Account]:
    """The accounts the postings use, in the chart's order."""
    used = {r.debit for r in rows} | {r.credit for r in rows}
    return [a for a in accounts().chart if a.account in used]


def posting_use_case(req: Requirements, entity: EntityDesign, move: Transition, kind: str) -> str | None:
    """The use case whose flow posts a movement: the provider's or the bank's notification that confirms it when
    the move itself rests on the system's own word, else the move's own use case (None for a timer's move)."""
    if kind in accounts().confirmed_by_others and _maker(req, move) not in ("integration", "timer"):
        confirmed = confirmation(req, entity, move, kind)
        if confirmed is not None:
            return confirmed
    return move.use_case
