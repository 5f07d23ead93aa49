"""When a chain of jobs must finish: each job's UTC start (a schedule in a local zone read at its summer hour, the
earliest), its length, and the critical path of the jobs it waits for, summed from the first of them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archgen.design.model import Job
from archgen.knowledge.derived_load import derived_load
from archgen.requirements.model import Requirements, UseCase

if TYPE_CHECKING:
    from archgen.knowledge.scheduling import Zone

DAY = 24 * 60
_UTC = re.compile(r"(\d\d):(\d\d) UTC")


def summer_offset(zone: Zone) -> int:
    """Hours ahead of UTC a zone's clocks read in summer."""
    return zone.utc_offset + derived_load().summer_hours.get(zone.zone, 0)


def earliest_zone(req: Requirements) -> Zone | None:
    """The zone of the users whose morning comes first (the largest offset from UTC in summer)."""
    from archgen.requirements.places import user_zones  # it reads the capacity model's words: imported late

    zones = user_zones(req)
    return max(zones, key=summer_offset) if zones else None


def utc_start(schedule: str) -> int | None:
    """The earliest UTC minute of the day a daily or less frequent job starts: the earliest UTC time its schedule
    states, else its cron read in the zone it names at that zone's summer hour, else its cron as UTC; None for one
    that repeats within the day."""
    fields = schedule.split()[:2]
    if len(fields) < 2 or not all(f.isdigit() for f in fields):
        return None
    stated = [int(h) * 60 + int(m) for h, m in _UTC.findall(schedule)]
    if stated:
        return min(stated)
    from archgen.requirements.places import all_zones

    minute = int(fields[1]) * 60 + int(fields[0])
    zone = next((z for z in all_zones() if z.zone in schedule), None)
    return minute if zone is None else (minute - summer_offset(zone) * 60) % DAY


def job_minutes(use_case: UseCase | None) -> float:
    """How long one run takes: its use case's stated latency, else the step between dependent jobs."""
    if use_case is not None and use_case.latency_p99_ms and use_case.latency_p99_ms >= 60_000:
        return use_case.latency_p99_ms / 60_000
    return float(derived_load().default_job_minutes)


def inputs(job: Job, jobs: list[Job]) -> list[Job]:
    """The jobs this one says it waits for (its schedule names them)."""
    return [o for o in jobs if o is not job and o.name.lower() in job.schedule.lower()]


def chain_end(req: Requirements, job: Job, jobs: list[Job]) -> tuple[float, list[str]] | None:
    """(minutes, path): when the longest chain of jobs this one waits for completes, in minutes after this job
    starts (negative while it finishes in time), each job started in the day before it; None when it waits for
    none or starts at no fixed minute."""
    deadline = utc_start(job.schedule)
    if deadline is None:
        return None
    use_cases = {u.name: u for u in req.use_cases}

    def before(current: Job) -> float:
        start = utc_start(current.schedule)
        if start is None:
            return 0.0
        gap = (start - deadline) % DAY
        return float(gap - DAY if gap else 0)

    def finish(current: Job, seen: frozenset[str]) -> tuple[float, list[str]]:
        start = before(current)
        waited = [finish(p, seen | {p.name}) for p in inputs(current, jobs) if p.name not in seen]
        ready, path = max(waited, default=(start, []), key=lambda x: x[0])
        return max(start, ready) + job_minutes(use_cases.get(current.use_case or "")), [*path, current.name]

    ends = [finish(p, frozenset({job.name, p.name})) for p in inputs(job, jobs)]
    return max(ends, key=lambda x: x[0]) if ends else None
