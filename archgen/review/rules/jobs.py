"""Job rules: scheduled work runs as often as its use case says, after the jobs whose output it reads, on the
system's timer rather than at a person's request, and says what keeps two runs apart and what a missed run does."""

from __future__ import annotations

from archgen.common import english
from archgen.design.model import Job
from archgen.knowledge.jobs import cron_runs_per_day, job_words, kept_figures, runs_per_day
from archgen.requirements.intent import words
from archgen.requirements.model import UseCase
from archgen.review.engine import Found, Problem, Subject, rule

TOLERANCE = 2  # a cadence within twice or half the stated one is the same cadence (a month is not 30 days)


def _jobs(subject: Subject) -> list[tuple[int, Job, UseCase]]:
    use_cases = {u.name: u for u in subject.req.use_cases}
    return [(i, j, use_cases[j.use_case]) for i, j in enumerate(subject.design.jobs) if j.use_case in use_cases]


def _periodic(job: Job) -> bool:
    """A job that runs at most daily works through a period; a faster one sweeps what is due."""
    per_day = cron_runs_per_day(job.schedule)
    return per_day is not None and per_day <= 1


def _names(text: str, name: str) -> bool:
    return name.lower() in text.lower()


@rule("RUN030", "error", "use cases", "A job reads what another job writes with no order between them")
def unordered_jobs(subject: Subject) -> Found:
    """Two jobs that work through the same periods, one reading what the other writes, with nothing that makes the
    reader wait: started at the same minute, the report reads yesterday's half-built summaries, the export sends
    reads not yet validated, the reconciliation matches a ledger the payout run is still writing."""
    jobs = [(i, j, u) for i, j, u in _jobs(subject) if _periodic(j)]
    for i, job, use_case in jobs:
        for _, other, theirs in jobs:
            shared = sorted(set(use_case.reads) & set(theirs.writes))
            if other is job or not shared or _names(f"{job.schedule} {job.description}", other.name):
                continue
            if set(theirs.reads) & set(use_case.writes) and _names(f"{other.schedule} {other.description}", job.name):
                continue  # each reads the other's output: the other declared the order
            yield Problem(
                element=job.name,
                at=("jobs", i, "schedule"),
                message=f"it reads {', '.join(shared)}, which the job '{other.name}' writes, yet nothing orders "
                f"the two ({job.schedule} against {other.schedule})",
                fix=f"start it after '{other.name}' and let it wait until that job has completed the period "
                "(say so in its schedule)",
            )


@rule("RUN031", "error", "use cases", "A job runs at another cadence than its use case")
def cadence_disagrees(subject: Subject) -> Found:
    """A job's timer runs it far more or far less often than its use case says (a monthly invoice run every
    night): each run bills, mails or exports again, or the work is late by weeks."""
    for i, job, use_case in _jobs(subject):
        scheduled = cron_runs_per_day(job.schedule)
        stated = runs_per_day(use_case)
        if scheduled is None or stated <= 0:
            continue
        if not 1 / TOLERANCE <= scheduled / stated <= TOLERANCE:
            yield Problem(
                element=job.name,
                at=("jobs", i, "schedule"),
                message=f"its timer '{job.schedule}' runs it {scheduled:g} times a day, but '{use_case.name}' "
                f"runs {stated:.3g} times a day",
                fix="schedule it at the period its use case names (monthly, weekly, nightly, every few minutes)",
            )


@rule("RUN032", "error", "use cases", "Scheduled work waits for a person to ask")
def scheduled_by_hand(subject: Subject) -> Found:
    """A use case the system runs on a timer (reminders, payment batches, reconciliation) is carried by an
    operation people call and by no job: nothing runs it when nobody remembers to."""
    jobs = {j.use_case for j in subject.design.jobs}
    for path, _, endpoint in subject.endpoints():
        for name in endpoint.use_cases:
            use_case = next((u for u in subject.req.use_cases if u.name == name), None)
            if use_case is None or use_case.interaction != "scheduled" or name in jobs:
                continue
            if any(_kind(subject, r) == "person" for r in endpoint.roles):
                yield Problem(
                    element=name,
                    at=path,
                    message=f"'{name}' runs on a timer, yet only {endpoint.method} {endpoint.path}, which people "
                    "call, carries it",
                    fix="run it as a scheduled job (keep the operation only to start a run by hand, as well)",
                )


def _kind(subject: Subject, role: str) -> str | None:
    """The kind of a role the questionnaire names (person, device, system), None for one it does not."""
    found = next((r for r in subject.req.users.roles if r.name == role), None)
    return found.kind if found is not None else None


@rule("RUN033", "warning", "use cases", "A job that says nothing of overlapping or missed runs")
def unguarded_job(subject: Subject) -> Found:
    """A job whose description says neither what keeps two runs from overlapping (a slow run still going when the
    next starts, or two instances running the same timer) nor what a missed or failed run does."""
    words = job_words()
    for i, job in enumerate(subject.design.jobs):
        said = f"{job.schedule} {job.description}".lower()
        missing = [
            what
            for what, phrases in (("a lock against overlap", words.lock_words), ("catch-up", words.catch_up_words))
            if not any(p in said for p in phrases)
        ]
        if missing:
            yield Problem(
                element=job.name,
                at=("jobs", i, "description"),
                message=f"it says nothing of {' or '.join(missing)}",
                fix="take a lock per run so two never overlap, key each run by its period so a rerun does nothing "
                "twice, and catch up missed periods on the next run",
            )


@rule("FLOW099", "error", "use cases", "A job keeps a figure its records have no field for")
def figure_without_field(subject: Subject) -> Found:
    """A job's name says it keeps a figure (accrues balances, rolls up counts) on the records it writes, yet none of
    those entities has a field for it: the run computes a value it cannot store, and whatever it does write (every
    record touched each night) reaches everyone subscribed to their changes for nothing."""
    for i, job, use_case in _jobs(subject):
        written = [subject.entities[n] for n in use_case.writes if n in subject.entities]
        parts = {english.singular(p) for e in written for f in e.fields for p in words(f.name)}
        for field in kept_figures(use_case.name, parts) if written else {}:
            figure = field.split("_")[-1]
            yield Problem(
                element=job.name,
                at=("jobs", i),
                message=f"'{use_case.name}' keeps a {figure}, but {english.join([e.name for e in written])} has no "
                f"field for it",
                fix=f"give the entity it belongs to a {field} field (or a ledger of its movements) and say how the "
                "run writes it in batches, without an update event a record",
            )
