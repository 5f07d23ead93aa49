"""Scheduled jobs in order: each runs as often as its use case says, after the jobs that write what it reads, and
states what keeps two runs apart and what happens to a missed or failed run."""

from __future__ import annotations

import math

from archgen.architects.rules.accountability import keep_audit_as_long
from archgen.architects.rules.draft import Draft
from archgen.architects.rules.privacy import holds
from archgen.capacity.deadlines import job_minutes
from archgen.capacity.media import call_vcpu_s, p99_s, processing, segments
from archgen.capacity.media import knowledge as media_knowledge
from archgen.capacity.windows import job_windows
from archgen.common import english
from archgen.common.formatting import count, duration, number
from archgen.design.ledger_feed import feed_sentence, feeds
from archgen.design.model import EntityDesign, Job, StoredField
from archgen.design.postings import keeper
from archgen.design.retention import clause, endings, is_audit, parent_of
from archgen.knowledge.jobs import job_words, kept_figures, runs_per_day
from archgen.knowledge.subject_rights import subject_rights
from archgen.knowledge.wiring import wiring
from archgen.requirements.model import UseCase

DAY_MINUTES = 24 * 60


# The calendar cadences of work that runs at most daily, with how often each runs a day (a month is 30.4 days).
_CADENCES = (
    (1 / 365, "{minute} {hour} 1 1 * (yearly, on 1 January at {at})"),
    (4 / 365, "{minute} {hour} 1 */3 * (quarterly, on the 1st of January, April, July and October at {at})"),
    (1 / 30.4, "{minute} {hour} 1 * * (monthly, on the 1st at {at})"),
    (2 / 30.4, "{minute} {hour} 1,15 * * (twice a month, on the 1st and the 15th at {at})"),
    (1 / 7, "{minute} {hour} * * 1 (weekly, on Mondays at {at})"),
    (2 / 7, "{minute} {hour} * * 1,4 (twice a week, on Mondays and Thursdays at {at})"),
    (1.0, "{minute} {hour} * * * (daily at {at})"),
)


def schedule(per_day: float, start: int | None = None) -> str:
    """A cron expression (UTC) for a job that runs `per_day` times a day; one that runs at most daily starts at
    `start` (minutes after midnight, the first nightly start by default) on the calendar cadence nearest its rate."""
    minute_of_day = job_words().first_start_minute if start is None else start % DAY_MINUTES
    hour, minute = divmod(minute_of_day, 60)
    at = f"{hour:02d}:{minute:02d} UTC"
    if per_day <= 1:
        # nearest by ratio, so the cadence is never more than the geometric gap between two of them away
        _, cron = min(_CADENCES, key=lambda c: abs(math.log(max(per_day, 1e-9) / c[0])))
        return cron.format(minute=minute, hour=hour, at=at)
    minutes = max(1, round(DAY_MINUTES / per_day))
    if minutes >= 60:
        hours = round(minutes / 60)
        return f"0 */{hours} * * * (every {hours} hours)" if hours > 1 else "0 * * * * (hourly)"
    return f"*/{minutes} * * * * (every {minutes} minutes)" if minutes > 1 else "* * * * * (every minute)"


def plan_kept_figures(draft: Draft) -> None:
    """Give the record a job keeps a figure on (accrues a balance, counts) the field that holds it: the job's name
    says it writes one, and a figure with no field is a value the run computes and cannot store."""
    for use_case in (u for u in draft.req.use_cases if u.interaction == "scheduled" and u.writes):
        written = [e for e in draft.entities if e.name in use_case.writes]
        if not written:
            continue
        parts = {english.singular(p) for e in written for f in e.fields for p in f.name.split("_")}
        for name, kind in kept_figures(use_case.name, parts).items():
            # the figure belongs to the record the job keeps, the first it writes
            written[0].fields.append(
                StoredField(
                    name=name,
                    type=kind,
                    required=False,
                    set_by="server",
                    source=f"the '{use_case.name}' job, each run",
                    description=f"The {name.replace('_', ' ')} '{use_case.name}' keeps.",
                )
            )


def plan_jobs(draft: Draft) -> None:
    """Order the jobs of the scheduled use cases: one that reads what another writes starts after it and waits
    for it to complete the period; every job says how it is kept to one run at a time and caught up."""
    use_cases = {u.name: u for u in draft.req.use_cases if u.interaction == "scheduled"}
    jobs = [j for j in draft.jobs if j.use_case in use_cases]
    after = {j.name: _predecessors(j, jobs, use_cases) for j in jobs}
    starts: dict[str, int] = {}
    for job in jobs:
        _start(job.name, after, starts, use_cases, {j.name: j for j in jobs}, set())
    for job in jobs:
        use_case = use_cases[job.use_case or ""]
        per_day = runs_per_day(use_case)
        before = after[job.name]
        cron = schedule(per_day, starts[job.name])
        if before:
            cron = cron[:-1] + f", once {english.join(before)} {'has' if len(before) == 1 else 'have'} completed)"
        job.schedule = cron
        job.description = _description(draft, use_case, before)
    _retention_jobs(draft)
    _subject_request_job(draft)
    for job in draft.jobs:
        if job not in jobs and not _said(job.description, job_words().lock_words):
            job.description = f"{job.description.strip().rstrip('.')}. {_sentence(job_words().guarantees)}."


def _retention_jobs(draft: Draft) -> None:
    """A retention period is kept by a nightly job that deletes what is past it, unless the store expires records
    on its own or a scheduled use case of the questionnaire already deletes them. Each period is counted from the
    moment that ends a record's use, and what belongs to a record or is named by a kept one goes with it or after it
    (archgen/design/retention.py)."""
    held = holds(draft)
    asked = {e.name: e.retention_days for e in draft.req.data.entities}
    for entity in draft.entities:
        parent = parent_of(entity, draft.entities)
        if not entity.retention_days and parent:  # no period of its own: it lives as long as what it belongs to
            entity.retention_days = next(e.retention_days for e in draft.entities if e.name == parent)
        hold = held.get(entity.name)
        if asked.get(entity.name) and is_audit(entity):
            continue  # an audit trail is kept as long as the questionnaire asks: its auditors test that period
        if entity.retention_days and hold and hold[1].days > entity.retention_days:  # the law keeps it longer
            entity.retention_days = hold[1].days
    keep_audit_as_long(draft)
    deleting = {
        name
        for u in draft.req.use_cases
        if u.interaction == "scheduled" and _said(f"{u.name} {u.description or ''}", job_words().deletes)
        for name in u.writes
    }
    ends = endings(draft.entities, draft.stores)
    kept: dict[str, list[EntityDesign]] = {}
    for entity in draft.entities:
        if entity.name not in ends or entity.name in deleting:
            continue
        store = draft.store(entity.store)
        if store.kind in ("object", "search", "in-memory") or draft.catalog.engine(store.technology).ttl == "record":
            continue  # objects expire by lifecycle rule, records by their own time to live, indexes follow
        kept.setdefault(entity.owner, []).append(entity)
    for owner, entities in kept.items():  # each service deletes only what it owns
        name = f"Apply {english.possessive(owner)} retention"
        if any(j.name == name for j in draft.jobs):
            continue
        clauses = "; ".join(clause(ends[e.name]) for e in entities)
        stores = english.join(sorted({e.store for e in entities}))
        drops = all(ends[e.name].partitioned for e in entities)
        draft.jobs.append(
            Job(
                name=name,
                schedule=schedule(1, job_words().first_start_minute),
                service=owner,
                # what every retention job does is a sentence of its own, so a page can say it once for them all
                description=f"Drops the time partitions past their retention, never deleting row by row. Deleted: "
                f"{clauses}"
                if drops
                else f"Deletes what is past its retention, each period counted from the moment that ends the "
                f"record's use, and what belongs to a record before the record. Deleted: {clauses}. It works in small "
                f"batches, so {stores} keeps serving; records under a legal hold stay",
            )
        )


def _subject_request_job(draft: Draft) -> None:
    """The erasure and export requests people make are carried out by a job of the service that takes them, which
    moves each through its status."""
    segments = (subject_rights().paths.erasure, subject_rights().paths.export)
    people = {
        s.name: e.path.split("/")[2]
        for s in draft.services
        for e in s.endpoints
        if e.method == "POST" and e.path.endswith(segments) and e.path.count("/") > 2
    }
    owners = list(people)
    follow = wiring().followed
    for owner in owners:
        if any(j.name == follow.job and j.service == owner for j in draft.jobs):
            continue
        # one job per service that takes them, each named for whose requests it carries out (merchants', customers')
        whose = people[owner].replace("-", " ") + "'"
        name = follow.job if len(owners) == 1 else follow.job.replace("Carry out ", f"Carry out {whose} ", 1)
        draft.jobs.append(
            Job(name=name, schedule=schedule(follow.runs_per_day), service=owner, description=follow.description)
        )


def _slow(use_case: UseCase) -> bool:
    """A job that runs at most daily works through a period; faster ones sweep what is due, in their own time."""
    return runs_per_day(use_case) <= 1


def _predecessors(job: Job, jobs: list[Job], use_cases: dict[str, UseCase]) -> list[str]:
    """The jobs that write what this one reads, both working through periods (a reader of its own writes aside);
    of two jobs that read each other's writes, the one listed first goes first."""
    mine = use_cases[job.use_case or ""]
    if not _slow(mine):
        return []
    out = []
    for other in jobs:
        theirs = use_cases[other.use_case or ""]
        if other is job or not _slow(theirs) or not set(mine.reads) & set(theirs.writes):
            continue
        mutual = set(theirs.reads) & set(mine.writes)
        if mutual and jobs.index(other) > jobs.index(job):
            continue
        out.append(other.name)
    return out


def _start(
    name: str,
    after: dict[str, list[str]],
    starts: dict[str, int],
    use_cases: dict[str, UseCase],
    jobs: dict[str, Job],
    seen: set[str],
) -> int:
    """The minute of the day a job starts: the first nightly start, or once the longest chain of jobs before it
    has had the time each run takes (its stated latency, else a step), rounded up to a step."""
    if name in starts:
        return starts[name]
    seen = seen | {name}
    step = job_words().step_minutes
    ready = [
        _start(p, after, starts, use_cases, jobs, seen) + job_minutes(use_cases.get(jobs[p].use_case or ""))
        for p in after[name]
        if p not in seen
    ]
    first = job_words().first_start_minute
    start = first + math.ceil((max(ready) - first) / step) * step if ready else first
    starts[name] = int(start)
    return starts[name]


def _description(draft: Draft, use_case: UseCase, before: list[str]) -> str:
    what = (use_case.description or use_case.name).rstrip(".")
    parts = [what]
    if before:
        parts.append(
            f"It reads what {english.join(before)} {'writes' if len(before) == 1 else 'write'}, so it starts after "
            f"{'it' if len(before) == 1 else 'them'} and waits until the same period is complete there"
        )
    said = (use_case.description or "").lower()
    files = [w for w in job_words().provider_files if w in said]
    known = {i.name for i in draft.req.integrations}
    providers = [n for n in use_case.calls if n in known] if files else []
    if providers:
        parts.append(
            f"It waits for the {english.join(files)} of {english.join(providers)} for the period; until "
            f"{'it arrives' if len(files) == 1 else 'they arrive'} the run checks again, and an alert fires at its "
            "deadline"
        )
    sent = feeds([use_case], draft.req.integrations)
    if sent and keeper(draft.services, draft.entities) is not None:
        parts.append(feed_sentence(sent[0][1]))  # the journal's feed: its cut-off and its reconciliation
    parts.append(_sentence(job_words().guarantees))
    return ". ".join(parts) + "."


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _said(text: str, phrases: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(p in lowered for p in phrases)


def plan_splits(draft: Draft) -> None:
    """Work too long for its target on one worker is split: a job whose rows a run need more workers than one is
    partitioned by key range, and a media call longer than its p99 on one worker is encoded in segments in
    parallel; each says so where the work is described."""
    words = job_words()
    for w in job_windows(draft.req, draft.jobs):
        job = next(j for j in draft.jobs if j.name == w.job)
        if w.workers > 1 and not _said(job.description, words.split_words):
            said = words.split.format(
                workers=w.workers, rows=count(w.rows), window=duration(w.window_s), rate=number(w.rate)
            )
            job.description = f"{job.description.strip().rstrip('.')}. {_sentence(said)}."
    media = media_knowledge()
    for use_case, kind in processing(draft.req):
        parts = segments(use_case, call_vcpu_s(draft.req, use_case, kind))
        if parts <= 1:
            continue
        said = media.split.format(segments=parts, target=duration(p99_s(use_case) or 0))
        for flow in (f for f in draft.flows if f.use_case == use_case.name):
            # the step where a worker takes the call, else the pipeline's own conversion step
            step = next((s for s in flow.steps if s.kind == "async" and "worker" in s.message), None) or next(
                (s for s in reversed(flow.steps) if s.source == s.target and s.kind == "async"), None
            )
            if step is not None and not _said(step.message, media.split_words):
                step.message = f"{step.message}; {said}"
