"""Propagation rules: every change that something downstream derives from (a copy, a count, an index, a timeline,
a live screen) is published to it and carried, and each fact reaches a count by one path only."""

from __future__ import annotations

import re

from archgen.design.counters import counters, live_dependents, rolled_up
from archgen.design.model import Event, Service
from archgen.requirements.intent import told_entities
from archgen.review.engine import Found, Problem, Subject, rule
from archgen.review.rules.flows import words


def _phones(subject: Subject) -> set[str]:
    """Services that only tell phones of news: a removal is no news to them."""
    return {c.service for c in subject.design.realtime if c.protocol == "mobile-push"}


def _keepers(subject: Subject, entity: str) -> set[str]:
    """Services that keep something derived from an entity's records: a count of them or a copy in a store."""
    counted = {c.entity.owner for c in counters(subject.design.entities) if c.counted.name == entity}
    home = subject.entities[entity].store
    copies = {s for st in subject.design.stores if entity in st.entities and st.name != home for s in st.services}
    return counted | copies


def _removal(event: Event) -> bool:
    name = re.sub(r"\d+$", "", event.name)
    return name.endswith(words().removal_suffixes)


def _derivers(subject: Subject, service: Service, entity: str) -> list[str]:
    """Who hears of an entity's records from its owner and keeps what it hears (everyone but phones told of news)."""
    keepers, phones = _keepers(subject, entity), _phones(subject)
    heard = [e for e in subject.design.events if e.entity == entity and e.producer == service.name]
    return list(
        dict.fromkeys(c for e in heard if not _removal(e) for c in e.consumers if c in keepers or c not in phones)
    )


@rule("FLOW060", "error", "flows", "A removal nobody downstream hears of")
def unheard_removal(subject: Subject) -> Found:
    """An owner's operation deletes records whose other changes feed services downstream (a count, a copy, a
    timeline, an index, a live screen), yet publishes no removal to them: counts only rise and the removed record
    stays in every copy for ever."""
    for i, service in enumerate(subject.design.services):
        seen: set[str] = set()
        for j, endpoint in enumerate(service.endpoints):
            name = endpoint.entity
            if endpoint.action != "delete" or name is None or name in seen or name not in subject.entities:
                continue
            if subject.entities[name].owner != service.name:
                continue
            seen.add(name)
            told = {
                c
                for e in subject.design.events
                if e.entity == name and e.producer == service.name and _removal(e)
                for c in e.consumers
            }
            missing = [c for c in _derivers(subject, service, name) if c not in told]
            if missing:
                yield Problem(
                    element=service.name,
                    at=("services", i, "endpoints", j),
                    message=f"{endpoint.method} {endpoint.path} removes a {name}, but {', '.join(missing)} "
                    f"{'hears' if len(missing) == 1 else 'hear'} only of {name} added or changed: what "
                    f"{'it derives' if len(missing) == 1 else 'they derive'} from it never loses the record",
                    fix=f"publish {name}Deleted from the delete operation (through the outbox) with "
                    f"{', '.join(missing)} among the consumers, and show what each does with it",
                )


@rule("FLOW061", "error", "flows", "One fact counted by two paths")
def counted_twice(subject: Subject) -> Found:
    """A scheduled job rolls records up into a count (views added every few minutes) while a flow also counts each
    record as it arrives: every record is counted twice, and the per-record path writes the hottest row."""
    design = subject.design
    use_cases = {u.name: u for u in subject.req.use_cases}
    for counter in counters(design.entities):
        if not rolled_up(counter, subject.req.use_cases):
            continue
        for i, flow in enumerate(design.flows):
            use_case = use_cases.get(flow.use_case)
            if use_case is None or use_case.interaction == "scheduled":
                continue
            for j, step in enumerate(flow.steps):
                said = re.search(rf"(?<![\w-]){re.escape(counter.field)}(?![\w-])", step.message)
                if said is None or step.kind == "reply" or step.source != counter.entity.owner:
                    continue
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"step {j + 1}: {step.source} counts each {counter.counted.name} into "
                    f"{counter.entity.name}.{counter.field}, which a scheduled job also rolls up from the same "
                    "records: each is counted twice",
                    fix=f"keep one path: let the roll-up job own {counter.field} (batched, idempotent per window), "
                    "or drop the job and count each record once",
                )


@rule("FLOW062", "error", "flows", "A push that cannot carry a change it promises")
def uncarried_push(subject: Subject) -> Found:
    """A push use case names changes it delivers (messages "with reactions", "likes, comments and followers"), yet
    the channel has no message for one of them or its service consumes no event of it: the client never sees it."""
    design = subject.design
    written = [n for u in subject.req.use_cases if u.interaction != "push" for n in u.writes if n in subject.entities]
    written = list(dict.fromkeys(written))
    pushes = {u.name: u for u in subject.req.use_cases if u.interaction == "push"}
    for i, channel in enumerate(design.realtime):
        carried = {m.entity for m in channel.messages if m.direction == "to-client"}
        heard = {e.entity for e in design.events if channel.service in e.consumers or e.producer == channel.service}
        heard |= {n for n, e in subject.entities.items() if e.owner == channel.service}  # it writes them itself
        for name in channel.use_cases:
            use_case = pushes.get(name)
            if use_case is None:
                continue
            for entity in told_entities(use_case, written):
                gaps = [
                    *([] if entity in carried else [f"the {channel.name} channel has no message for it"]),
                    *([] if entity in heard else [f"{channel.service} consumes no event of it"]),
                ]
                if gaps:
                    yield Problem(
                        element=channel.name,
                        at=("realtime", i, "messages"),
                        message=f"'{name}' promises changes of {entity}, but {' and '.join(gaps)}",
                        fix=f"have {subject.entities[entity].owner} publish each change of {entity} to "
                        f"{channel.service} and add a message for it to the channel (and its AsyncAPI)",
                    )


@rule("FLOW063", "error", "flows", "A live set blind to the status it filters on")
def blind_live_set(subject: Subject) -> Found:
    """A service keeps a live set in memory of records belonging to an entity with a lifecycle (drivers'
    positions), yet hears no change of that entity: a driver suspended or gone offline stays in the available set."""
    design = subject.design
    index = {e.name: i for i, e in enumerate(design.entities)}
    for entity, keeper in live_dependents(design.entities, design.stores):
        if any(e.entity == entity.name and keeper in e.consumers for e in design.events):
            continue
        states = ", ".join(entity.state_machine.states) if entity.state_machine else ""
        yield Problem(
            element=keeper,
            at=("entities", index[entity.name], "state_machine"),
            message=f"{keeper} keeps a live set of records that belong to a {entity.name}, but hears no change of "
            f"{entity.name} ({states}): one taken out of service stays in the set",
            fix=f"have {entity.owner} publish each move of the {entity.name}'s lifecycle with {keeper} among the "
            "consumers, and drop or restore its entries on them",
        )
