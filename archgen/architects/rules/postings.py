"""Money trails: every transition that moves money posts a balanced transaction to the design's ledger in the flow
that makes it, or in the one that takes the provider's confirmation (in the same transaction when the ledger
shares the record's service, else by a synchronous call inside the move), and the ledger's keeper says which
accounts each movement posts."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.design.chart import posting_use_case
from archgen.design.ledger_chart import needed
from archgen.design.model import EntityDesign, FlowStep, Transition
from archgen.design.money import money_children
from archgen.design.postings import entity_noun, keeper, movement, movements, posts
from archgen.knowledge.ledger_calls import ledger_calls
from archgen.knowledge.ledger_chart import ledger_chart
from archgen.knowledge.money import is_posting, money_words
from archgen.knowledge.postings import Movement, postings
from archgen.knowledge.reserves import reserves
from archgen.knowledge.reversals import reversals


def posting_message(draft: Draft, entity: EntityDesign, found: Movement, same: bool, called: str = "") -> str:
    """The step that posts a movement: its two accounts, where it is written (the same transaction, the ledger's
    own, or, when `called` says how, a call to the ledger inside the move) and its key."""
    kept = keeper(draft.services, draft.entities)
    assert kept is not None
    words = postings()
    noun = entity_noun(entity.name)
    how = called or (words.same_transaction.format(entity=entity.name) if same else words.own_transaction)
    children = [entity_noun(c) for c in money_children(draft.entities, entity.name)]
    if found.kind in reserves().amount:
        # a case's reserve is set again on each re-assessment: each setting is its own posting, by the change
        key = f"{reserves().amount[found.kind]}, {reserves().key.format(entity=noun, kind=found.kind)}"
    elif children:
        key = money_words().repeat_key.format(entity=noun, children=english.join(children, "or"))
    else:
        key = words.key.format(entity=noun, kind=found.kind)
    message = words.post.format(kind=found.kind, debit=found.debit, credit=found.credit, rows=kept[2], how=how, key=key)
    if found.kind in reversals().sent:
        # money leaves only from what the payee may draw on, checked where it is posted
        message = message.replace(") as ", f") {reversals().reserve} as ", 1)
    return message


def event_posting(draft: Draft, consumer: str, event_name: str, entity_name: str | None) -> tuple[str, str] | None:
    """(store, message) of the ledger's keeper posting the movement an event announces, or None."""
    kept = keeper(draft.services, draft.entities)
    if kept is None or kept[0] != consumer or entity_name is None:
        return None
    entity = draft.entity(entity_name)
    machine = entity.state_machine
    move = next((t for t in machine.transitions if t.emits == event_name), None) if machine else None
    found = movement(entity, move.target) if move is not None else None
    if found is None or move is None:
        return None
    if entity.owner != consumer and _posted_in_flow(draft, entity, move, found):
        return None  # the move's own flow (or its confirmation's) posts it by a call inside the move
    return kept[1], posting_message(draft, entity, found, same=False)


def _posted_in_flow(draft: Draft, entity: EntityDesign, move: Transition, found: Movement) -> bool:
    """Whether the flow that posts a movement writes its record, so the posting can be made inside that write."""
    name = posting_use_case(draft.req, entity, move, found.kind)
    use_case = next((u for u in draft.req.use_cases if u.name == name), None)
    return use_case is not None and entity.name in use_case.writes


def same_service_postings(draft: Draft, use_case: str, steps: list[FlowStep]) -> list[tuple[int, FlowStep]]:
    """The movements a use case makes or confirms: each posted in the transaction that writes the record, right
    after its write step, when the ledger's keeper owns the record, else by a call to the keeper right before it,
    the record committing only on the keeper's answer (where each goes, last first), unless the flow already
    posts."""
    kept = keeper(draft.services, draft.entities)
    names = [e.name for e in draft.entities if is_posting(e.name)]
    if kept is None:
        return []
    kinds = [m.kind for m in postings().movements]
    posted = [s for s in steps if posts(s, names)]
    done = {k for k in kinds for s in posted if f"the {k} (" in s.message}
    if any(not any(f"the {k} (" in s.message for k in kinds) for s in posted):
        return []  # the flow posts in its own words: it says what it posts
    out: list[tuple[int, FlowStep]] = []
    made = _made(draft, use_case, steps)
    for entity, _, found in made:
        if found.kind in done or (entity.owner != kept[0] and not draft.service(entity.owner)):
            continue
        writing = [
            i
            for i, s in enumerate(steps)
            if s.source == entity.owner
            and s.target == entity.store
            and entity.name in s.message
            and s.message.split(" ", 1)[0] in ("write", "update", "persist")
        ]
        at = writing[-1] if writing else None
        if at is None:
            continue
        kind = "async" if steps[at].kind == "async" else "sync"
        done.add(found.kind)
        if entity.owner == kept[0]:
            message = posting_message(draft, entity, found, same=kept[1] == entity.store)
            out.append((at + 1, FlowStep(source=entity.owner, target=kept[1], message=message, kind=kind)))
            continue
        # the keeper answers before the record commits: the call, then its reply, both in front of the write
        words = ledger_calls()
        each = words.each if len({m.kind for _, _, m in made}) > 1 else ""
        if entity.store == kept[1]:
            how = words.module.format(keeper=english.possessive(kept[0]), entity=entity.name)
        else:
            how = words.call.format(keeper=kept[0], entity=entity_noun(entity.name), each=each)
        message = posting_message(draft, entity, found, same=False, called=how)
        answer = FlowStep(source=kept[0], target=entity.owner, message=ledger_calls().reply, kind="reply")
        out.append((at, FlowStep(source=entity.owner, target=kept[0], message=message, kind="sync")))
        out.append((at, answer))
    out.reverse()  # last first, and steps at one place keep their order once each is inserted in front
    return sorted(out, key=lambda o: -o[0])


def _made(draft: Draft, use_case: str, steps: list[FlowStep]) -> list[tuple[EntityDesign, Transition, Movement]]:
    """The movements whose posting belongs to a use case's flow: its own moves, those it confirms, and another use
    case's move its flow makes through the move's own operation (a high-value payment released on its own)."""
    called = {s.message for s in steps if s.kind == "sync"}
    out = []
    for e, t, m in movements(draft.entities):
        service = draft.service(e.owner)
        operations = [p for p in service.endpoints if p.entity == e.name] if service is not None else []
        through = any(f"{p.method} {p.path}" in called and p.path.endswith(f"/{t.name}") for p in operations)
        posted = posting_use_case(draft.req, e, t, m.kind)
        # a move another party confirms is posted from that confirmation alone, whoever asks for it
        if posted == use_case or (through and posted == t.use_case):
            out.append((e, t, m))
    return out


def chart(draft: Draft) -> None:
    """The ledger's keeper says which accounts each movement of the design posts (its chart of accounts in use)."""
    kept = keeper(draft.services, draft.entities)
    if kept is None:
        return
    service = draft.service(kept[0])
    found = list({m.kind: m for _, _, m in movements(draft.entities)}.values())
    if service is None or not found:
        return
    words = postings()
    lines = [words.chart_line.format(kind=m.kind, debit=m.debit, credit=m.credit) for m in found]
    text = words.chart.format(movements="; ".join(lines))
    if text not in service.responsibility:
        service.responsibility = f"{service.responsibility.rstrip()} {text}"
    for need in needed(draft.req, draft.services, draft.entities):
        line = ledger_chart().account_line.format(
            account=need.need.account, because=need.because, posts=need.need.posts
        )
        if line not in service.responsibility:
            service.responsibility = f"{service.responsibility.rstrip()} {line}"
