"""Fan-out rules: counters a job rolls up stay out of the records others copy, and a job's pass over many records
reaches only the consumers that keep what it changed."""

from __future__ import annotations

from archgen.capacity.events import causes
from archgen.capacity.measure import carriers
from archgen.design.counters import counts_only, rolled_counters
from archgen.design.housekeeping import housekeeping
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
