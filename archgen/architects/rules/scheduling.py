"""Scheduled work runs somewhere real: each job names the scheduler of the chosen platform, what keeps its runs one
at a time and what becomes of a missed run, and a job that reaches people runs at a local hour of their day."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.capacity.deadlines import summer_offset
from archgen.capacity.measure import side_effect
from archgen.common import english
from archgen.common.naming import slug
from archgen.design.model import Deployable, Scaling
from archgen.knowledge.jobs import job_words, runs_per_day
from archgen.knowledge.scheduling import Scheduler, Zone, accepts_key, says, scheduling
from archgen.knowledge.wiring import wiring
from archgen.requirements.model import Integration, Requirements, UseCase
from archgen.requirements.places import user_zones

# a cron at a fixed hour, as the jobs step writes it: "M H ... (… at HH:MM UTC…"
_FIXED = re.compile(r"^(\d+) (\d+) (.*?)(\d\d:\d\d) UTC")


def plan_schedulers(draft: Draft) -> None:
    """Name the scheduler that starts every job on the chosen platform in its description, in place of a generic
    promise, and move the jobs that reach people to a local hour of their users' day."""
    if not draft.jobs or draft.deployment is None:
        return
    knowledge = scheduling()
    found = knowledge.scheduler(draft.deployment.cloud, draft.deployment.platform, draft.tiny)
    if found is None:
        return
    apart = _apart(draft, found)
    said = _guarantee(found)
    if apart:  # the application the trigger lives in is named where the reader meets it
        lives = (
            f"It lives in {apart}, an application of its own built from the same code, with its own identity, on the "
            "web app's plan (it adds no instance)"
        )
        said = said.replace(f"{_sentence(found.runs)}.", f"{_sentence(found.runs)}. {lives}.", 1)
    generic = _sentence(job_words().guarantees)
    for job in draft.jobs:
        if generic in job.description:
            job.description = job.description.replace(generic, said)
        elif found.runs not in job.description:
            job.description = f"{job.description.strip().rstrip('.')}. {said}."
    zones = user_zones(draft.req)
    use_cases = {u.name: u for u in draft.req.use_cases if u.interaction == "scheduled"}
    night = _night_zone(zones)
    for job in draft.jobs:
        use_case = use_cases.get(job.use_case or "")
        if use_case is not None and zones and runs_per_day(use_case) <= 1 and reaches_people(draft.req, use_case):
            job.schedule = local_schedule(job.schedule, zones, found, start_minute(use_case))
        elif night is not None and (use_case is None or runs_per_day(use_case) <= 1):
            # the system's night is its users' night: a nightly run starts after the last of them has closed the day
            fixed = _FIXED.match(job.schedule)
            if fixed is not None:
                hour, minute = fixed.group(4).split(":")
                job.schedule = local_schedule(job.schedule, [night], found, int(hour) * 60 + int(minute))
    for decision in draft.decisions:  # the no-broker decision was written before the platform was chosen
        decision.context = decision.context.replace("run on the platform's scheduler", f"are started by {found.name}")


def _apart(draft: Draft, found: Scheduler) -> str:
    """A scheduler that is an application of its own (a Function App beside the web app) is a deployable of the
    design: the same code as the services whose jobs it starts, with its own identity and cost line."""
    know = wiring()
    if found.name not in know.apart or draft.deployment is None:
        return ""
    hosts = list(dict.fromkeys(j.service for j in draft.jobs))
    runtime = next((d.runtime for d in draft.deployables if set(d.services) & set(hosts)), None)
    if runtime is None:
        return ""
    name = f"{slug(draft.req.system.name, 'system')}-{know.suffix}"
    draft.deployables.append(
        Deployable(
            name=name,
            kind="job",
            runtime=runtime,
            services=hosts,
            # it runs on the web app's own plan: it adds no instance of its own to the bill
            scaling=Scaling(min_instances=0, max_instances=0, metric=know.metric),
        )
    )
    return name


def retry(draft: Draft, integration: Integration) -> str:
    """How a failed call to an external system is retried in this design: with a key only where the provider takes
    one, through a queue only where the design has one."""
    words = scheduling().retries
    queued = bool(draft.channels)
    if not side_effect(integration.kind, integration.name):
        return words["plain"]
    if accepts_key(integration.kind, integration.name):
        return words["keyed_queued" if queued else "keyed"]
    dedupe = scheduling().unkeyed_dedupe.format(name=integration.name)
    return f"{words['unkeyed_queued' if queued else 'unkeyed']}; {dedupe}"


def reaches_people(req: Requirements, use_case: UseCase) -> bool:
    """Whether a scheduled use case tells people something (a reminder, a digest, a notice): by its words or the kind
    of what it calls."""
    kinds = " ".join(f"{i.name} {i.kind}" for i in req.integrations if i.name in use_case.calls)
    return says(f"{use_case.name} {use_case.description or ''} {kinds}", scheduling().reaches_people)


def _guarantee(found: Scheduler) -> str:
    key = scheduling().period_key
    return f"{_sentence(found.runs)}. {_sentence(found.single_run)}; {key}. {_sentence(found.missed)}"


def start_minute(use_case: UseCase) -> int:
    """The local minute of the day a job that reaches people starts: earlier for what they read as their day begins."""
    known = scheduling()
    early = says(f"{use_case.name} {use_case.description or ''}", known.early_words)
    return known.early_start_minute if early else known.local_start_minute


def _night_zone(zones: list[Zone]) -> Zone | None:
    """The zone whose night the nightly jobs keep: the users' latest (the last to reach midnight), when all of them
    sleep within a few hours of each other; None for users spread round the world, whose jobs keep UTC."""
    if not zones:
        return None
    offsets = [summer_offset(z) for z in zones]
    if max(offsets) - min(offsets) > scheduling().shared_night_hours:
        return None
    return min(zones, key=summer_offset)


def local_schedule(cron: str, zones: list[Zone], found: Scheduler, start: int | None = None) -> str:
    """The cron of a job at the local start hour of its users' earliest zone (one schedule a zone when there are
    several), the deadline of the jobs it waits for, stated in that zone and in UTC: in the zone where the
    scheduler reads one, else at the UTC hour that keeps the local hour in summer, the earliest."""
    matched = _FIXED.match(cron)
    if matched is None:
        return cron
    zones = sorted(zones, key=summer_offset, reverse=True)
    first = zones[0]
    hour, minute = divmod(scheduling().local_start_minute if start is None else start, 60)
    at = f"{hour:02d}:{minute:02d}"

    def utc(zone: Zone, offset: int | None = None) -> str:
        shift = zone.utc_offset if offset is None else offset
        return f"{(hour - shift) % 24:02d}:{minute:02d} UTC"

    summer = summer_offset(first) != first.utc_offset
    cron_hour = hour if found.time_zone else (hour - summer_offset(first)) % 24
    if len(zones) == 1 and found.time_zone:
        both = (
            f"{utc(first, summer_offset(first))} in summer time and {utc(first)} outside it" if summer else utc(first)
        )
        label = f"{at} {first.zone}, {both}"
    elif len(zones) == 1:
        label = f"{utc(first, summer_offset(first))}, {at} {first.zone}" + (
            " in summer time and an hour earlier outside it" if summer else ""
        )
    elif found.time_zone:
        label = f"{at} local time, one schedule a zone: {english.join(z.zone for z in zones)}"
    else:
        label = f"{at} local time in summer, one schedule a zone: " + english.join(
            f"{utc(z, summer_offset(z))} for {z.zone}" for z in zones
        )
    return f"{minute} {cron_hour} {matched.group(3)}{label}" + cron[matched.end() :]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
