"""Each entity's lifecycle: the states its status moves through, and a transition into every state after the first,
each carried by what does it — a caller's use case, the job, the provider's callback or the background work.

A use case moves a record to the states its name names; a state its name does not name is reached by the writer
whose description names it, else by the work that fits it: staff for enforcement (blocked, suspended), a person's
status update, a provider's callback, a scheduled job, the background processing of what a use case made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archgen.architects.rules.captures import capture_at_once
from archgen.architects.rules.exits import complete_exits
from archgen.architects.rules.signatures import distinct_signers
from archgen.common import english
from archgen.common.naming import pascal, slug
from archgen.design import gates
from archgen.design import model as m
from archgen.design.lifecycle_needs import person_entities, stated_limits
from archgen.design.postings import deadline, default_state, left_by_others
from archgen.design.steps import decider_field
from archgen.design.work_requests import requests_of
from archgen.knowledge.engagements import engagements
from archgen.knowledge.holds import hold_words
from archgen.knowledge.lifecycles import lifecycle_knowledge
from archgen.knowledge.money import awaits_payment, money_words, name_words
from archgen.knowledge.operations import operation_words
from archgen.knowledge.postings import postings
from archgen.requirements.intent import (
    STATUS_FIELDS,
    named_states,
    phrases,
    states,
    status_field,
    transition_targets,
    verbs,
    words,
    write_kind,
)
from archgen.requirements.model import Entity, Requirements, UseCase

SYSTEM = "system"
REINSTATE = "reinstate"  # the move that lifts an enforcement back to where the record was
RELEASE = "release"  # the move that lets a record go when the record holding it ends
# the endings of a verb's base form that keep their e before -ed (arrive → arrived, close → closed)
_KEEPS_E = (
    *("iv", "at", "is", "iz", "ur", "ov", "us", "ud", "ir", "ec", "uc", "ag", "as", "os", "ic", "u", "et"),
    *("lv", "or", "tl", "ul", "ut", "rs", "ar"),
)


@dataclass
class Lifecycle:
    """An entity's state machine, and the transitions each use case carries (a use case may carry several, and
    several use cases one)."""

    machine: m.StateMachine | None = None
    carried: dict[str, list[str]] = field(default_factory=dict)

    def moves(self, use_case: str, actor: str | None) -> list[m.Transition]:
        """The transitions a use case carries that its caller starts (not the system's own work)."""
        if self.machine is None:
            return []
        names = self.carried.get(use_case, [])
        found = [t for t in self.machine.transitions if t.name in names and actor is not None and actor in t.roles]
        # a move that leaves the record where it is (a countersignature) is not what the use case is named for
        return sorted(found, key=lambda t: t.target in t.source)

    def named_for_others(self, use_case: str, actor: str | None) -> list[m.Transition]:
        """The moves a use case carries that their name gives to other people (the employee's self-review within
        the manager's review work): they get their own operation for those people."""
        if self.machine is None:
            return []
        names = self.carried.get(use_case, [])
        return [
            t for t in self.machine.transitions if t.name in names and SYSTEM not in t.roles and actor not in t.roles
        ]


def lifecycle_of(req: Requirements, entity: Entity) -> Lifecycle:
    """The lifecycle of an entity whose status the system changes (no machine for one it never writes, one that
    records what happened and never changes, or one whose status its subject reports in a stream)."""
    status = status_field(entity)
    lifecycle = states(entity)
    writers = [u for u in req.use_cases if entity.name in u.writes]
    reported = all(u.interaction in ("stream", "batch") for u in writers)  # a status its subject reports
    if status is None or len(lifecycle) < 2 or entity.mutability == "append_only" or not writers or reported:
        return Lifecycle()
    plan = _Plan(req, entity, lifecycle)
    for use_case in writers:  # what the use cases' names say
        how = write_kind(use_case, entity)
        if how.kind == "create" and how.target:
            plan.move(how.target, use_case, SYSTEM, made=True)  # made, then moved by the service
        for target in transition_targets(use_case, entity) if how.kind == "transition" else []:
            lead = moved_by(req, use_case, entity, target)
            plan.move(target, use_case, SYSTEM if lead else _mover(req, use_case, entity, named=True))
            if lead:  # one step, one command: the record the actor acts on moves this one with it
                moved = next(t for t in plan.moves.values() if t.target == target and t.use_case == use_case.name)
                moved.guard = hold_words().moved_guard.format(lead=lead[0], move=lead[1], state=lead[2])
    for state in plan.unreached():  # what their descriptions say
        described = next((u for u in writers if state in named_states(u.description or "", entity, True)), None)
        if described is not None:
            decided = state.lower() in operation_words().states.decisions  # a person's decision is theirs
            plan.move(state, described, _mover(req, described, entity, named=decided))
    plan.fill_chains()
    for request in requests_of(req, entity.name)[:1]:  # a request for later work is moved on by its worker
        for state in plan.unreached():
            plan.move(state, request, SYSTEM)
    for state in plan.unreached():  # the work that fits what no one names
        fit, actors = _fitting(req, entity, state, writers)
        for actor in actors:
            plan.move(state, fit, actor)
    plan.releases()
    plan.resumes()
    plan.ways_out()
    plan.expiries()
    plan.second_persons()
    plan.declines()
    plan.lapses()
    plan.defaults()
    plan.closes()
    plan.retries()
    complete_exits(plan)
    capture_at_once(plan)
    plan.appeals()
    plan.stated_guards()
    plan.named_roles()
    plan.own_decisions()
    distinct_signers(plan)
    machine = m.StateMachine(
        field=status,
        states=lifecycle,
        initial=lifecycle[0],
        terminal=plan.terminal,
        transitions=sorted(plan.moves.values(), key=lambda t: lifecycle.index(t.target)),  # in the order they come
    )
    # a record checked before it is seen (moderated) is published, or readied for it, only once the check passed
    for move in gates.ungated(req, entity.name, machine):
        move.guard = "; ".join(g for g in (move.guard, gates.guard_text(req, entity.name)) if g)
    return Lifecycle(machine, plan.carried)


def moved_by(req: Requirements, use_case: UseCase, entity: Entity, target: str) -> tuple[str, str, str] | None:
    """The record a use case's actor acts on (the one it writes first), its step and the state that step reaches,
    when that step also moves this record, which the lead references (a loan handed out hands out its item): the
    item's move is the loan's, never a second command that could not say which loan it serves."""
    lead_name = use_case.writes[0] if use_case.writes else entity.name
    if lead_name == entity.name or use_case.interaction != "request":
        return None
    lead = req.entity(lead_name)
    if not any(k.kind == "ref" and k.target == entity.name for k in lead.fields.values()):
        return None
    if write_kind(use_case, lead).kind != "transition":
        return None
    verb = transition_verb(use_case, target)
    reached = transition_targets(use_case, lead)
    if not reached:
        return None
    state = next((s for s in reached if transition_verb(use_case, s) == verb), reached[-1])
    return lead_name, transition_verb(use_case, state), state


def staff_roles(req: Requirements) -> list[str]:
    """The people who run the system rather than use it."""
    return [r.name for r in req.users.roles if r.internal and r.kind == "person"]


class _Plan:
    """The transitions of one lifecycle as they are found."""

    def __init__(self, req: Requirements, entity: Entity, lifecycle: list[str]) -> None:
        self.req = req
        self.entity = entity
        self.lifecycle = lifecycle
        known = operation_words().states
        # a state of work under way (checked out, released) ends the record only when nothing but outcomes and
        # ways to abandon it is declared after it: a loan checked out is later returned or overdue
        ends = (known.terminal | known.cancel) - known.reversals  # a completed transfer may still be reversed
        self.terminal = [
            s
            for i, s in enumerate(lifecycle)
            if s.lower() in known.terminal
            and not (s.lower() in known.commitment and any(t.lower() not in ends for t in lifecycle[i + 1 :]))
        ]
        self.moves: dict[str, m.Transition] = {}
        self.carried: dict[str, list[str]] = {}

    def unreached(self) -> list[str]:
        reached = {t.target for t in self.moves.values()}
        return [s for s in self.lifecycle[1:] if s not in reached]

    def move(self, target: str, use_case: UseCase | None, actor: str, made: bool = False) -> None:
        """A transition into `target`, carried by `use_case` and done by `actor` (a role, a provider or system)."""
        verb = transition_verb(use_case, target) if use_case is not None and actor != SYSTEM else verb_for(target)
        if any(t.name == verb and t.target != target for t in self.moves.values()):
            # a use case that decides either way (decide) names each outcome by its own verb (approve, reject)
            verb = verb_for(target)
        if any(t.name == verb and t.target != target for t in self.moves.values()):
            verb = slug(target.replace("_", "-"))
        if use_case is not None and verb not in self.carried.setdefault(use_case.name, []):
            self.carried[use_case.name].append(verb)
        existing = self.moves.get(verb)
        if existing is not None:
            if actor and actor not in existing.roles:
                existing.roles.append(actor)
            return
        source = [self.lifecycle[0]] if made else self.sources(target)
        ending = target in self.terminal or target.lower() in operation_words().states.cancel
        known = operation_words().states
        out_of_service = (known.paused - known.enforcement) | known.retired  # enforcement keeps its own sources
        if actor in staff_roles(self.req) and not made and target.lower() in out_of_service:
            # staff take a record out of service or end it from any state of its own, never from one another record
            # holds it in (an item is sent to repair or retired while available, not while someone has it)
            held = self.locked()
            source = [s for s in self.lifecycle if s not in self.terminal and s != target and s not in held] or source
        if actor != SYSTEM and actor not in staff_roles(self.req) and not ending:
            # only who imposed an enforcement lifts it: a suspended member does not leave by going offline
            kept = [s for s in source if s.lower() not in operation_words().states.enforcement]
            source = kept or source
        self.moves[verb] = m.Transition(
            name=verb,
            source=source,
            target=target,
            use_case=use_case.name if use_case is not None else None,
            roles=[actor] if actor else [],
            emits=f"{pascal(self.entity.name)}{pascal(target)}",
            guard=self._made_guard(target, use_case) if made else "",
        )

    def _made_guard(self, target: str, use_case: UseCase | None) -> str:
        """When a record made by a request moves on: at once, unless it waits for its payer first (a booking pending
        its deposit is confirmed by the money, not by the request) or nobody waits for it (a delivery is made by
        its worker after the commit)."""
        abandoned = target.lower() in operation_words().states.cancel
        if awaits_payment(self.entity.name, self.lifecycle[0]) and not abandoned:
            return lifecycle_knowledge().guards.paid_guard
        if use_case is not None and (use_case.interaction == "push" or use_case.async_):
            return lifecycle_knowledge().guards.worker_guard
        return "right after the record is created, in the same request"

    def sources(self, target: str) -> list[str]:
        """The states a move into `target` starts from: the live state before it; for a move that abandons the
        record (cancel, expire, void), every live state before the record is committed; back to the first state,
        every live state."""
        known = operation_words().states
        live = [s for s in self.lifecycle if s not in self.terminal and s != target]
        if target == self.lifecycle[0]:
            return live or [target]
        if target.lower() in known.leaving:
            # what ends a record wherever it stands (a leaver terminated, an account deprovisioned, a false alarm
            # dismissed) starts from every live state, not from the one listed before it
            return live or [target]
        if target.lower() in known.reversals:
            taken = next((i for i, s in enumerate(self.lifecycle) if s.lower() in known.money_taken), None)
            after = [s for s in live if taken is not None and self.lifecycle.index(s) >= taken]
            if after:
                return after
        if target.lower() in known.cancel:
            committed = next((i for i, s in enumerate(self.lifecycle) if s.lower() in known.commitment), None)
            before = [s for s in live if committed is None or self.lifecycle.index(s) < committed]
            return before or [self.lifecycle[0]]
        index = self.lifecycle.index(target)
        # a wait on someone outside (awaiting information) is a side state, never a step on the way to the next
        aside = engagements().waits.state
        before = [s for s in self.lifecycle[:index] if s not in self.terminal and s != aside]
        if len(before) > 1 and before[-1].lower() in known.revisions:
            # a revision (amended) stands beside what it revises (signed): what follows one follows both
            return before[-2:]
        return before[-1:] or [self.lifecycle[0]]

    def fill_chains(self) -> None:
        """A move from a state nothing reaches passes through it on the way: the same work reaches it first
        (uploading → processing → ready; the assessor starts the assessment they complete)."""
        for move in list(self.moves.values()):
            carrier = next((u for u in self.req.use_cases if u.name == move.use_case), None)
            step = move.source[0]
            while step in self.unreached() and step not in self.terminal and not self._claimed(step):
                self.move(step, carrier, move.roles[0] if move.roles else SYSTEM)
                step = self.sources(step)[0]

    def resumes(self) -> None:
        """A wait on someone outside (awaiting information) ends when the reply comes: the record goes back to the
        state it waited from, and its deadline clock resumes, pushed back by the wait."""
        known = engagements().waits
        into = next((t for t in self.moves.values() if t.target == known.state), None)
        if into is None or known.resume in self.moves:
            return
        self.moves[known.resume] = m.Transition(
            name=known.resume,
            source=[known.state],
            target=into.source[-1],
            use_case=into.use_case,
            roles=list(into.roles),
            emits=f"{pascal(self.entity.name)}{pascal(known.resume)}d",
            guard=known.resume_guard,
        )

    def ways_out(self) -> None:
        """No record is stuck: a state it rests in (out of stock, out of order) gets a move back to the state it
        left; one that waits for a decision (overdue, disputed) gets the moves the state before it had (an overdue
        loan is still returned); any other state nothing leaves is where the record ends."""
        known = operation_words().states
        for state in self.lifecycle[1:]:
            if state in self.terminal:
                continue
            into = [t for t in self.moves.values() if t.target == state]
            before = list(dict.fromkeys(s for t in into for s in t.source if s != state and s not in self.terminal))
            if state.lower() in known.paused:
                # back to a state of its own, never to one another record holds it in (a driver on a trip), and past
                # the rest states it came through (repairing a faulty lamp makes it ok again, not faulty)
                before = [s for s in before if s not in self.locked()] or before
                working = [s for s in self.lifecycle[: self.lifecycle.index(state)] if s.lower() not in known.paused]
                before = (
                    [s for s in before if s.lower() not in known.paused]
                    or [s for s in working if s not in self.terminal][-1:]
                    or before
                )
            word = state.lower()
            if word in known.pending and not self._leaves(state):
                for move in self.moves.values():
                    if set(move.source) & set(before) and move.target != state and state not in move.source:
                        move.source.append(state)
            if (word in known.paused or word in known.pending) and not self._leaves(state, live=word in known.paused):
                carrier = next((u for u in self.req.use_cases for t in into if u.name == t.use_case), None)
                actor = next((r for t in into for r in t.roles), SYSTEM)
                # back to where it had got furthest (a suspended account to active, not to invited)
                for prior in sorted(before, key=self.lifecycle.index)[-1:]:
                    back = next((t for t in self.moves.values() if t.target == prior), None)
                    enforcers = {r for t in into for r in t.roles}
                    released = back is not None and back.name == RELEASE  # its own way back, not another's end
                    if back is not None and (released or not set(back.roles) <= enforcers | {SYSTEM}):
                        # who put it there lifts it, never the record's owner (a blocked video is not republished
                        # by its creator)
                        self.moves[REINSTATE] = m.Transition(
                            name=REINSTATE,
                            source=[state],
                            target=prior,
                            use_case=carrier.name if carrier is not None else None,
                            roles=sorted(enforcers) or [SYSTEM],
                            emits=f"{pascal(self.entity.name)}{pascal(REINSTATE)}d",
                        )
                        if carrier is not None:
                            self.carried.setdefault(carrier.name, []).append(REINSTATE)
                        continue
                    if back is None:
                        self.move(prior, carrier, actor)
                        back = next(t for t in self.moves.values() if t.target == prior)
                    if state not in back.source:
                        back.source.append(state)
            if not self._leaves(state):
                self.terminal.append(state)

    def expiries(self) -> None:
        """A state in which the record waits for its payer (3-D Secure, a bank's approval) ends by a timer when the
        payer walks away, into the lifecycle's own state for that (expired, cancelled), releasing what it holds."""
        words = money_words()
        ends = [s for name in words.expired_states for s in self.lifecycle if s.lower() == name]
        for state in self.lifecycle:
            if state in self.terminal or not ends or not awaits_payment(self.entity.name, state):
                continue
            if any(state in t.source and t.name in words.expiry for t in self.moves.values()):
                continue
            name = words.expiry[0]
            existing = self.moves.get(name)
            if existing is not None:
                if existing.target == ends[0] and state not in existing.source:
                    existing.source.append(state)
                continue
            self.moves[name] = m.Transition(
                name=name,
                source=[state],
                target=ends[0],
                roles=[SYSTEM],
                guard=f"a timer: the payer has not finished within {words.expiry_minutes} minutes; what the record "
                "holds is released",
            )

    def second_persons(self) -> None:
        """A two-person rule (a second approver of a release) takes two transitions by two callers: the second
        person countersigns while the record waits, and the first person's own move checks that they differ."""
        words = money_words()
        people = [f for f, kind in self.entity.fields.items() if kind.kind == "ref"]
        second = next((f for f in people if name_words(f) & set(words.second_person)), None)
        if second is None or words.second_move in self.moves:
            return
        firsts = [f.removesuffix("_by") for f in self.entity.fields if f.endswith("_by") and f != second]
        move = next(
            (
                t
                for t in self.moves.values()
                if SYSTEM not in t.roles and any(s in (t.name, t.name + "d", t.name + "ed") for s in firsts)
            ),
            None,
        )
        if move is None:
            return
        move.guard = words.first_guard.format(field=second)
        self.moves[words.second_move] = m.Transition(
            name=words.second_move,
            source=move.source[:1],
            target=move.source[0],
            use_case=move.use_case,
            roles=list(move.roles),
            guard=words.second_guard.format(roles=english.join(move.roles, "or"), move=move.name),
        )
        if move.use_case is not None:
            self.carried.setdefault(move.use_case, []).append(words.second_move)

    def declines(self) -> None:
        """Who may approve may refuse: an approval without its refusal leaves a request nobody wants waiting for
        ever. The refusal goes to the lifecycle's own state for it (rejected), else to its cancel state."""
        known = operation_words().states
        refusals = [s for s in self.lifecycle if s.lower() in known.declines]
        ends = refusals or [s for s in self.lifecycle if s.lower() in known.cancel and s.lower() in known.by_maker]
        for move in [t for t in self.moves.values() if t.target.lower() in known.approvals]:
            people = [r for r in move.roles if r != SYSTEM]
            if not ends or not people:
                continue
            refusal = next((t for t in self.moves.values() if t.target == ends[0] and t.name != "expire"), None)
            if refusal is not None and set(move.source) <= set(refusal.source) and set(people) <= set(refusal.roles):
                continue
            if refusal is None or ends[0] not in refusals:
                name = verb_for(ends[0]) if refusals else "decline"
                refusal = self.moves.setdefault(
                    name,
                    m.Transition(
                        name=name,
                        source=list(move.source),
                        target=ends[0],
                        use_case=move.use_case,
                        emits=f"{pascal(self.entity.name)}{pascal(name)}d",
                    ),
                )
            refusal.source += [s for s in move.source if s not in refusal.source]
            refusal.roles += [r for r in people if r not in refusal.roles]
            if move.use_case is not None and refusal.name not in self.carried.setdefault(move.use_case, []):
                self.carried[move.use_case].append(refusal.name)

    def lapses(self) -> None:
        """A grant that waits for someone to take it up (an approved loan not yet collected) lapses by a timer
        when nobody does, into the lifecycle's state for that: a state where nobody acts is never left otherwise."""
        known = operation_words().states
        ends = [s for name in money_words().expired_states for s in self.lifecycle if s.lower() == name]
        for state in self.lifecycle:
            if state.lower() not in known.approvals or state in self.terminal or not ends:
                continue
            out = [t for t in self.moves.values() if state in t.source and t.target != state]
            onward = [t for t in out if t.target.lower() not in known.cancel]
            people = {r.name for r in self.req.users.roles if r.kind == "person"}
            if not onward or any(set(t.roles) - people for t in out):
                continue  # nothing to take up, or the system's own work or a provider moves it on
            name = next(n for n in ("expire", "lapse") if n not in self.moves or self.moves[n].target == ends[0])
            lapse = self.moves.setdefault(
                name,
                m.Transition(
                    name=name,
                    source=[state],
                    target=ends[0],
                    roles=[SYSTEM],
                    emits=f"{pascal(self.entity.name)}{pascal(ends[0])}",
                    guard=lifecycle_knowledge().guards.lapse_guard,
                ),
            )
            if state not in lapse.source:
                lapse.source.append(state)

    def defaults(self) -> None:
        """A record holding money that only another party moves on (a chargeback waiting on the merchant or the
        card scheme) takes its default outcome by a timer when they do not act: it is lost, and posted, by its
        deadline, so the money never waits for ever."""
        machine = m.StateMachine(states=self.lifecycle, initial=self.lifecycle[0], terminal=self.terminal)
        machine.transitions = list(self.moves.values())
        ending = default_state(machine)
        waiting = left_by_others(machine, self.entity.fields, staff_roles(self.req))
        if ending is None or not waiting:
            return
        words = postings()
        timer = self.moves.setdefault(
            words.timer,
            m.Transition(
                name=words.timer,
                source=list(waiting),
                target=ending,
                roles=[SYSTEM],
                emits=f"{pascal(self.entity.name)}{pascal(ending)}",
                guard=words.timer_guard.format(deadline=deadline((n, k.kind) for n, k in self.entity.fields.items())),
            ),
        )
        timer.source += [s for s in waiting if s not in timer.source]

    def closes(self) -> None:
        """A lifecycle with a state that ends every record (closed) leads its other ends there: a rejected or
        withdrawn claim is closed too, not left short of the state its closing date belongs to."""
        known = operation_words().states
        closing = next((s for s in self.terminal if s.lower() in known.closing), None)
        close = next((t for t in self.moves.values() if t.target == closing), None)
        if closing is None or close is None:
            return
        for state in [s for s in self.terminal if s != closing]:
            if state not in close.source:
                close.source.append(state)
            self.terminal.remove(state)

    def retries(self) -> None:
        """A record tried again that has an end for its last attempt: a failed attempt is not final; it is tried
        again on a backoff schedule, and only a spent schedule leads to the end (dead-lettered)."""
        known = lifecycle_knowledge().retries
        failed = next((s for s in self.terminal if s.lower() in known.failed), None)
        exhausted = next((s for s in self.lifecycle if s.lower() in known.exhausted), None)
        if failed is None or exhausted is None:
            return
        self.terminal.remove(failed)
        failing = next((t for t in self.moves.values() if t.target == failed), None)
        retry = m.Transition(
            name="retry",
            source=[failed],
            target=self.lifecycle[0],
            use_case=failing.use_case if failing is not None else None,
            roles=[SYSTEM],
            guard=known.retry_guard,
        )
        self.moves.setdefault("retry", retry)
        end = next((t for t in self.moves.values() if t.target == exhausted), None)
        if end is not None:
            end.source = [failed]
            end.guard = known.exhaust_guard

    def appeals(self) -> None:
        """What is appealed is a decision: the appeal starts from the decided states (actioned, dismissed), which
        are then final only once the appeal window has passed, not from the review before them."""
        known = operation_words().states
        for move in [t for t in self.moves.values() if t.target.lower() in known.appeals]:
            decided = [
                s
                for s in self.lifecycle
                if s.lower() in known.decisions and s != move.target and any(t.target == s for t in self.moves.values())
            ]
            if not decided or set(move.source) & set(decided):
                continue
            move.source = decided
            move.guard = move.guard or lifecycle_knowledge().guards.appeal_guard
            self.terminal = [s for s in self.terminal if s not in decided]

    def stated_guards(self) -> None:
        """A limit or a four-eyes rule the use case states is the condition of the move it carries: a decision
        within authority checks the caller's limit, and whoever did an earlier step does not decide."""
        guards = lifecycle_knowledge().guards
        by_name = {u.name: u for u in self.req.use_cases}
        for move in self.moves.values():
            use_case = by_name.get(move.use_case or "")
            decisions = operation_words().states.decisions
            if use_case is None or move.guard or SYSTEM in move.roles or move.target.lower() not in decisions:
                continue
            authority, separation = stated_limits(use_case)
            conditions = [guards.authority_guard] if authority else []
            if separation:
                # the steps the use case names (who assessed it), else every earlier step people took
                named = named_states(f"{use_case.name}. {use_case.description or ''}", self.entity, True)
                steps = [
                    t
                    for t in self.moves.values()
                    if SYSTEM not in t.roles
                    and t.target.lower() not in decisions
                    and self.lifecycle.index(t.target) < self.lifecycle.index(move.target)
                    and t.target not in self.terminal
                ]
                earlier = [t.name for t in steps if t.target in named] or [t.name for t in steps]
                if earlier:
                    conditions.append(guards.separation_guard.format(earlier=english.join(earlier, "or")))
            move.guard = "; ".join(conditions)

    def named_roles(self) -> None:
        """A move named for who takes it (a manager review, a self-review) is theirs alone: the role it names, or for
        the subject's own stage the person the record is about, never whoever else carries the use case."""
        people = [r.name for r in self.req.users.roles if r.kind == "person"]
        subjects = record_subjects(self.req, self.entity)
        for move in self.moves.values():
            if SYSTEM in move.roles or not move.roles:
                continue
            named = named_actor(move.name, people, list(subjects.values()))
            if named:
                move.roles = named

    def own_decisions(self) -> None:
        """Four eyes on every approval a person makes: who the record is about and who made it never approve it
        (a manager does not approve their own leave), stated as the move's guard."""
        subjects = record_subjects(self.req, self.entity)
        guards = lifecycle_knowledge().guards
        for move in self.moves.values():
            if SYSTEM in move.roles or not move.roles or move.target.lower() not in guards.sign_offs:
                continue
            # who brought it to the sign-off (submitted it, assessed it) does not sign it off either
            steps = [
                t.name
                for t in self.moves.values()
                if t.target in move.source and t.target not in t.source and t.roles and SYSTEM not in t.roles
                if t is not move and f"({t.name})" not in move.guard
            ]
            who = [f"its {f}" for f in subjects] + ["who created it"] + [f"who did the {s} step" for s in steps]
            move.guard = "; ".join(g for g in (move.guard, guards.own_guard.format(who=english.join(who, "or"))) if g)
        # the one person the record names to decide it makes the decision, whichever way it goes
        deciding = {m.use_case for m in self.moves.values() if m.target.lower() in guards.sign_offs and m.use_case}
        for move in self.moves.values():
            if SYSTEM in move.roles or not move.roles or move.use_case not in deciding:
                continue
            references = [n for n, f in self.entity.fields.items() if f.kind == "ref"]
            named = decider_field(references, move.roles)
            if named is not None:
                field, role = named
                noun = role.replace("_", " ")
                decider = f"{english.article(noun)} {noun} acting on it" if role else "the caller"
                said = guards.decider_guard.format(decider=decider, field=field.replace("_", " "))
                move.guard = "; ".join(g for g in (said, move.guard) if g)

    def locked(self) -> dict[str, str]:
        """The states another record's work moves this one into (a driver en route once a trip is accepted), each
        to the entity of that record."""
        out: dict[str, str] = {}
        final = operation_words().states.terminal | operation_words().states.cancel
        for move in self.moves.values():
            carrier = next((u for u in self.req.use_cases if u.name == move.use_case), None)
            if carrier is None or not carrier.writes or carrier.writes[0] == self.entity.name:
                continue
            holder = self.req.entity(carrier.writes[0])
            # the holder's work starts there (a trip accepted), it does not end there (a booking checked out)
            starts = any(s.lower() not in final for s in transition_targets(carrier, holder))
            if starts and move.target not in self.terminal:
                out[move.target] = holder.name
        return out

    def releases(self) -> None:
        """A record another record holds (a driver taken by a trip) is let go when that record ends: the moves
        that end the holder (complete, cancel) move it back to the state it was taken from."""
        locked = self.locked()
        if not locked or RELEASE in self.moves:
            return
        first = min(locked, key=self.lifecycle.index)
        free = operation_words().states.free
        taken_from = [s for t in self.moves.values() if t.target == first for s in t.source if s.lower() in free]
        if not taken_from:
            return
        ends: list[UseCase] = []
        ended: list[str] = []
        reaches: dict[str, list[str]] = {}
        for holder in dict.fromkeys(locked.values()):
            entity = self.req.entity(holder)
            final = operation_words().states.terminal | operation_words().states.cancel
            for use_case in self.req.use_cases:
                reached = [s for s in transition_targets(use_case, entity) if s.lower() in final]
                # an end that already moves this record (a room made dirty at check-out) lets it go itself
                if holder in use_case.writes and reached and not self.carried.get(use_case.name):
                    ends.append(use_case)
                    reaches[use_case.name] = reached
                    ended.extend(s for s in reached if s not in ended)
        if not ends:
            return
        # the end the holder's work reaches when it goes as planned (a trip completed) carries it first
        cancels = operation_words().states.cancel
        ends.sort(key=lambda u: all(s.lower() in cancels for s in reaches[u.name]))
        self.moves[RELEASE] = m.Transition(
            name=RELEASE,
            source=sorted(locked, key=self.lifecycle.index),
            target=taken_from[0],
            use_case=ends[0].name,
            roles=[SYSTEM],
            emits=f"{pascal(self.entity.name)}{pascal(RELEASE)}d",
            guard=f"when the {english.join(list(dict.fromkeys(locked.values())))} holding it ends "
            f"({english.join(ended, 'or')})",
        )
        for use_case in ends:
            self.carried.setdefault(use_case.name, []).append(RELEASE)

    def _leaves(self, state: str, live: bool = False) -> bool:
        """Whether some move leaves a state (to a state that is not an end, when `live`)."""
        # a move on to another rest state (faulty to repairing) still leaves the record resting
        resting = operation_words().states.paused
        return any(
            state in t.source and not (live and (t.target in self.terminal or t.target.lower() in resting))
            for t in self.moves.values()
        )

    def _claimed(self, state: str) -> bool:
        """Whether a state belongs to particular people whoever moves on from it (staff enforce, makers submit,
        outcomes arrive from outside)."""
        known = operation_words().states
        word = state.lower()
        drafted = self.lifecycle[0].lower() in known.drafts
        claimed = known.enforcement | known.by_maker | known.outcomes
        return word in claimed or (drafted and word in known.submitted)


def record_subjects(req: Requirements, entity: Entity) -> dict[str, str]:
    """The references naming who a record is about (a leave request's employee), each to that person's role."""
    people = person_entities(req)
    return {
        name: role
        for name, kind in entity.fields.items()
        if kind.kind == "ref" and kind.target in people
        for role in people[kind.target or ""]
        if name == role or name == (kind.target or "").lower()
    }


def named_actor(move: str, people: list[str], subjects: list[str]) -> list[str]:
    """The roles a move's name gives it to: the role its first word names (manager-review), the record's subject
    for its own stage (self-review); none when the name names nobody."""
    for role in people:
        if move.startswith(slug(role.replace("_", "-")) + "-"):
            return [role]
    first = move.split("-")[0]
    if first in operation_words().states.subject_stages and "-" in move and subjects:
        return list(dict.fromkeys(subjects))
    return []


def _mover(req: Requirements, use_case: UseCase, entity: Entity, named: bool) -> str:
    """Who does a move: the job, the provider, the service's own background work, or the caller."""
    if use_case.interaction == "scheduled":
        return SYSTEM
    if use_case.interaction == "webhook":
        return use_case.actor or SYSTEM
    lead = use_case.writes[0] if use_case.writes else entity.name
    if not named and (use_case.async_ or lead != entity.name):
        return SYSTEM  # the work behind the request moves it, not the caller
    return use_case.actor or SYSTEM


def _fitting(req: Requirements, entity: Entity, state: str, writers: list[UseCase]) -> tuple[UseCase | None, list[str]]:
    """The use case (and who does it) whose work fits a state no use case names: staff enforce, makers submit
    and withdraw, outcomes arrive from outside, people who change the record do the rest, then the system's own
    work (callbacks, jobs, background processing) does."""
    known = operation_words().states
    staff = staff_roles(req)
    people = {r.name for r in req.users.roles if r.kind == "person"}
    word = state.lower()
    if word in known.enforcement and staff:
        by_staff = next((u for u in writers if u.actor in staff), None)
        return (by_staff, [by_staff.actor or SYSTEM]) if by_staff is not None else (None, staff)
    if word in known.paused | known.retired:
        # staff who keep the records take one out of service (to repair, retired), not the work beside another's
        keepers = [u for u in writers if u.actor in staff and u.interaction == "request" and u.writes[0] == entity.name]
        if keepers:
            return keepers[0], [keepers[0].actor or SYSTEM]
    makers = [u for u in writers if u.actor in people and write_kind(u, entity).kind == "create"]
    drafted = states(entity)[0].lower() in known.drafts
    if (word in known.by_maker or (drafted and word in known.submitted)) and makers:
        return makers[0], [makers[0].actor or SYSTEM]
    callbacks = [u for u in writers if u.interaction == "webhook"]
    jobs = [u for u in writers if u.interaction == "scheduled"]
    if (
        word in known.outcomes or word in known.reversals
    ):  # decided outside: the provider's callback, a job, else the service's own work
        outside = next(iter(callbacks or jobs or writers), None)
        return outside, [outside.actor if outside in callbacks and outside.actor else SYSTEM]
    final = word in known.terminal
    # people who update the record move it on; people who moved it on decide how it ends (review → actioned)
    changers = [
        u
        for u in writers
        if u.actor in people
        and u.interaction == "request"
        and u.writes[0] == entity.name
        and (write_kind(u, entity).kind == "update" or (final and write_kind(u, entity).kind == "transition"))
    ]
    # who says they change the status first, then staff, and last who edits details
    changers.sort(
        key=lambda u: (
            not set(words(u.name)) & set(STATUS_FIELDS),
            u.actor not in staff,
            bool(set(words(u.name)) & known.edits),
        )
    )
    # what a person made and works on (a review through its stages); how it ends is the system's to say
    people_made = [u for u in makers if u.interaction == "request" and not u.async_ and not final]
    # a job does what its name says; the work another request does beside its own record fits first
    side = [u for u in writers if u.writes[0] != entity.name and u.interaction == "request"]
    for found, actor in (
        (changers, None),
        (callbacks, None),
        (side, None if word in known.decisions else SYSTEM),  # a decision is the person's, not their work's
        ([u for u in writers if u.async_ or u.interaction in ("stream", "batch")], SYSTEM),
        (jobs, SYSTEM),
        ([u for u in writers if u.writes[0] != entity.name], SYSTEM),
        (people_made, None),
        ([u for u in writers if write_kind(u, entity).kind == "create"], SYSTEM),
        (writers, None),
    ):
        if found:
            return found[0], [actor or found[0].actor or SYSTEM]
    return None, [SYSTEM]


def transition_verb(use_case: UseCase, target: str) -> str:
    """The verb naming a transition: the use case's word that moved the entity, else one made from the state."""
    lexicon = verbs().states
    for phrase in phrases(use_case.name):
        if "-" in phrase and target in lexicon.get(phrase, ()):
            return phrase
    for word in words(use_case.name):
        if target in lexicon.get(word, ()) or target.startswith(word[: max(3, len(word) - 1)]):
            return slug(word)
    return verb_for(target)


def verb_for(state: str) -> str:
    """The verb that moves a record into a state: published → publish, in_progress → start, crew_dispatched →
    dispatch; a state that is no verb's result is its own name (en-route-to-pickup)."""
    lexicon = verbs().states
    for verb, reached in lexicon.items():
        if state in reached and state.startswith(verb[:3]):
            return verb
    last = state.split("_")[-1]
    if last.endswith("ied"):
        return last[:-3] + "y"
    if last.endswith("ed") and len(last) > 4:
        base = last[:-2]
        if base[-1] == base[-2] and base[-1] not in "sl":
            return base[:-1]  # shipped → ship, submitted → submit
        if base.endswith("ell"):
            return base[:-1]  # cancelled → cancel (installed stays install)
        return base + "e" if base.endswith(_KEEPS_E) else base
    for verb, reached in lexicon.items():
        if state in reached:
            return verb
    return slug(re.sub(r"_+", "-", state), "move")
