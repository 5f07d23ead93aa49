"""Fan-out rules: counters a job rolls up stay out of the records others copy, a job's pass over many records reaches
only the consumers that keep what it changed, a search index has one feed, and phones are told of news in groups."""

from __future__ import annotations

from archgen.capacity.events import causes
from archgen.capacity.measure import carriers
from archgen.design.counters import counts_only, rolled_counters
from archgen.design.housekeeping import housekeeping
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.push_grouping import push_grouping
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CAP043", "error", "capacity", "A job's counter roll-up rewrites a record others copy or hear of")
def counters_on_copied_records(subject: Subject) -> Found:
    """A job adds counts (views, likes, followers) to fields of a record that other services copy or hear of by
    its change events. Every run then rewrites the wide record, announces it, and each consumer rewrites its kept
    copy and the search index re-indexes it, all for a number nobody copies for its own sake: this one choice can
    decide a database's shards and a broker message's size. Keep the counters in a narrow counter table keyed by
    the record (or a cache flushed on a timer), and publish no change event for them."""
    entities = list(subject.design.entities)
    for use_case in subject.req.use_cases:
        for name in use_case.writes:
            rolled = rolled_counters(name, use_case, entities)
            if not rolled or counts_only(name, use_case, entities):
                continue
            fields = ", ".join(c.field for c in rolled)
            for i, event in enumerate(subject.design.events):
                if event.entity != name or use_case.name not in causes(subject.req, event):
                    continue
                heard = [c for c in event.consumers if c != event.producer]
                if not heard:
                    continue
                yield Problem(
                    element=event.name,
                    at=("events", i),
                    message=f"'{use_case.name}' rolls up {fields} on {name} and announces each run as {event.name} "
                    f"to {', '.join(heard)}, which rewrite what they keep of {name} for counts they do not need",
                    fix=f"keep {fields} in a narrow counter table keyed by the {name} (or a cache flushed on a timer) "
                    "and publish no event for them",
                )


@rule("CAP044", "error", "capacity", "A job's pass over people's records is forwarded to those told of news")
def housekeeping_forwarded(subject: Subject) -> Found:
    """A scheduled job updates records people made (a nightly accrual over every employee), and the change event
    of each one goes to the service that pushes news to people or to outside systems' webhooks. Every run floods
    them with a message per record for a change no subscriber asked about. Announce a job's pass only to the
    services that keep the fields it changes, and tell people and outside systems of business changes alone."""
    use_cases = {u.name: u for u in subject.req.use_cases}
    carried = carriers(subject.design)
    pushers = {s for u in subject.req.use_cases if u.interaction == "push" for s in carried.get(u.name, [])}
    for i, event in enumerate(subject.design.events):
        if event.entity is None:
            continue
        jobs = [
            n
            for n in causes(subject.req, event)
            if n in use_cases and housekeeping(subject.req, use_cases[n], event.entity)
        ]
        told = [c for c in event.consumers if c in pushers and c != event.producer]
        if not jobs or not told:
            continue
        yield Problem(
            element=event.name,
            at=("events", i),
            message=f"'{jobs[0]}' rewrites {event.entity} records on a timer, and each is published as {event.name} "
            f"to {', '.join(told)}, which pushes news to people or outside systems",
            fix=f"leave '{jobs[0]}' out of {event.name}'s causes for {', '.join(told)}; tell them of business "
            "changes only",
        )


@rule("FLOW116", "error", "flows", "A search index fed both by events and by the database's log")
def index_fed_twice(subject: Subject) -> Found:
    """A flow feeds a search index from the database's log (change data capture), and the records' change events
    reach the same indexer too: every row is indexed twice, by two paths that disagree about order, and nobody can
    say which one a fix or a replay must go to. Feed each derived store by one mechanism: the log where bulk
    statements write the records, the owner's events where a few business changes do."""
    words = derived_feeds()
    seen: set[tuple[str, str]] = set()
    for flow in subject.design.flows:
        for step in flow.steps:
            if not words.captured(step.message) or (step.source, step.target) in seen:
                continue
            seen.add((step.source, step.target))
            logged = {e.name for e in subject.design.entities if e.store == step.source and e.search_index}
            for i, event in enumerate(subject.design.events):
                if event.entity in logged and step.target in event.consumers:
                    yield Problem(
                        element=event.name,
                        at=("events", i),
                        message=f"{step.target} indexes {event.entity} from {step.source}'s log (change data "
                        f"capture) and takes {event.name} as well: each change is indexed twice",
                        fix=f"drop {step.target} from {event.name}'s consumers, or feed the index from events alone",
                    )


@rule("FLOW117", "error", "flows", "Phone notifications pushed one by one, or for removals and hides")
def pushes_ungrouped(subject: Subject) -> Found:
    """A service pushes notifications to phones with no aggregation window per recipient and no cap on what one
    person receives, or pushes removals and hides: a post drawing hundreds of likes a second sends hundreds of
    pushes a second to one phone, the provider throttles the sender, and people are told that someone unfollowed
    them. Group a recipient's notifications of one record and kind in a window, cap them per recipient, and push
    news only."""
    known = push_grouping()
    removed = push_grouping()
    for i, channel in enumerate(subject.design.realtime):
        if channel.protocol != "mobile-push":
            continue
        if not known.grouped(channel.delivery) or not known.capped(channel.delivery):
            yield Problem(
                element=channel.name,
                at=("realtime", i),
                message="its delivery names no aggregation window per recipient or no cap per recipient an hour: "
                "every event becomes its own push",
                fix=f"group a recipient's notifications per record and kind (a window of "
                f"{known.window_seconds} s) and cap them at {known.per_recipient_per_hour} per recipient an hour",
            )
        pushed = {f.use_case for f in subject.design.flows if f.use_case in channel.use_cases}
        for flow in subject.design.flows:
            if flow.use_case not in pushed:
                continue
            for step in flow.steps:
                if step.target == channel.service and removed.unpushed(step.message):
                    yield Problem(
                        element=channel.name,
                        at=("realtime", i),
                        message=f"'{flow.use_case}' pushes {step.message} to phones: a removal or a hide is no news",
                        fix=f"take {step.message} out of what {channel.service} pushes; the inbox shows it when opened",
                    )
