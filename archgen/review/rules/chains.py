"""Job chain rules: a job that waits for another starts after it, and the chain of jobs a job reaching people waits
for finishes before that job's hour in the users' earliest time zone."""

from __future__ import annotations

from archgen.capacity.deadlines import chain_end, inputs, utc_start
from archgen.common import english
from archgen.common.formatting import duration
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CAP041", "error", "capacity", "A job chain starts together or ends past its deadline")
def chain_misses_deadline(subject: Subject) -> Found:
    """A job that waits for another's output is started at the same minute as that input, so it only waits by luck,
    or the longest chain of jobs it waits for (each taking its stated time) is still running when it starts at
    its hour in the users' earliest time zone: the reports go out late or built on half a night. Start each job
    once its inputs have had their time, and begin the chain early enough for the earliest zone's morning."""
    jobs = subject.design.jobs
    for i, job in enumerate(jobs):
        start = utc_start(job.schedule)
        if start is None:
            continue
        together = [p.name for p in inputs(job, jobs) if utc_start(p.schedule) == start]
        if together:
            yield Problem(
                element=job.name,
                at=("jobs", i, "schedule"),
                message=f"it waits for {english.join(together)}, yet starts at the same minute ({job.schedule})",
                fix="start it once the jobs it reads have had the time a run takes",
            )
            continue
        found = chain_end(subject.req, job, jobs)
        if found is None or found[0] <= 0:
            continue
        late, path = found
        yield Problem(
            element=job.name,
            at=("jobs", i, "schedule"),
            message=f"the jobs it waits for ({' → '.join(path)}) finish {duration(late * 60)} after it starts "
            f"({job.schedule})",
            fix="start the chain earlier, or move this job to when its inputs are done in the users' earliest "
            "time zone",
        )
