"""Work against its window: each scheduled job's rows a run ÷ the time it has before the job that waits for it
starts (or before its next run) gives the rows a second it must reach and the workers that takes."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from archgen.capacity import constants as c
from archgen.capacity.deadlines import utc_start
from archgen.capacity.ledger import Ledger
from archgen.design.model import Job
from archgen.design.sourcing import sync_job
from archgen.knowledge.jobs import cron_runs_per_day, runs_per_day
from archgen.requirements.model import Requirements

YEARS = 3  # sized for the rows a run meets after three years, as the rest of the capacity page


@dataclass(frozen=True)
class JobWindow:
    """One job's work a run, the window it has, and the throughput and workers that follow."""

    job: str
    entity: str
    rows: float  # rows of `entity` one run works through after three years
    window_s: float
    until: str  # what closes the window: the job that waits for this one, or the next run
    rate: float  # rows a second the run must reach
    workers: int


def start_minute(schedule: str) -> int | None:
    """The UTC minute of the day a daily or less frequent job starts at (a local schedule at its earliest, in
    summer); None for one that repeats within the day."""
    return utc_start(schedule)


def job_windows(req: Requirements, jobs: list[Job]) -> list[JobWindow]:
    """The window sizing of every job that carries a use case whose entities grow."""
    use_cases = {u.name: u for u in req.use_cases}
    growth = {e.name: e.growth_per_day * (1 + req.load.growth_per_year) ** YEARS for e in req.data.entities}
    found = []
    for job in jobs:
        use_case = use_cases.get(job.use_case or "")
        per_day: float
        rows: float
        imported = next((e for e in req.data.entities if job.use_case is None and sync_job([job], e.name)), None)
        if imported is not None:
            # an import of a system's extract reads the whole extract every run, to find what it no longer carries
            entity = imported.name
            per_day = cron_runs_per_day(job.schedule) or 0.0
            rows = float(imported.records + imported.growth_per_day * 365 * YEARS)
            if per_day <= 0 or rows <= 0:
                continue
        else:
            if use_case is None:
                continue
            touched = [n for n in (*use_case.reads, *use_case.writes) if growth.get(n)]
            per_day = cron_runs_per_day(job.schedule) or runs_per_day(use_case)
            if not touched or per_day <= 0:
                continue
            entity = max(touched, key=lambda n: growth[n])
            rows = growth[entity] / per_day
        window, until = 86_400 / per_day, "its next run"
        start = start_minute(job.schedule)
        for other in jobs:
            later = start_minute(other.schedule)
            if other is job or start is None or later is None or job.name.lower() not in other.schedule.lower():
                continue
            gap = ((later - start) % 1440) * 60.0
            if 0 < gap < window:
                window, until = gap, f"'{other.name}' starts"
        rate = rows / window
        workers = max(1, math.ceil(rate / c.JOB_ROWS_PER_WORKER.value))
        found.append(JobWindow(job.name, entity, rows, window, until, rate, workers))
    return found


def record(req: Requirements, jobs: list[Job], ledger: Ledger) -> None:
    """Show each job's window sizing on the capacity page, with its arithmetic."""
    g = "Job windows"
    for w in job_windows(req, jobs):
        key = "job." + re.sub(r"[^a-z0-9]+", "_", w.job.lower()).strip("_")
        rate = ledger.add(
            f"{key}.rows_per_s",
            g,
            f"{w.job}: rows a second to finish within its window",
            w.rate,
            "rows/s",
            f"{w.entity} rows a run after 3 years / seconds until {w.until}",
            ("rows", w.rows, "rows"),
            ("window_s", w.window_s, "s"),
            expr="rows / window_s",
        )
        ledger.add(
            f"{key}.workers",
            g,
            f"{w.job}: parallel workers a run needs",
            w.workers,
            "workers",
            "⌈rows a second / job_rows_per_worker_s⌉",
            ("rate", rate, "rows/s"),
            c.JOB_ROWS_PER_WORKER,
            expr="max(1, ceil(rate / job_rows_per_worker_s))",
        )


def rebuild_s(req: Requirements, entities: list[str]) -> tuple[float, float]:
    """(documents, seconds) a full rebuild of an index of `entities` from the system of record takes after three
    years: every record at the bulk indexing rate."""
    docs = sum(e.records + e.growth_per_day * 365 * YEARS for e in req.data.entities if e.name in entities)
    return docs, docs / c.BULK_INDEX_RATE.value
