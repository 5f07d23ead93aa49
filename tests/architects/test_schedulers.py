"""Scheduled work names what starts it on the chosen platform, reaches people at a local hour of their day, and
promises a provider a key and a queue only where they exist."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.architects.rules.scheduling import local_schedule
from archgen.design.model import Design, Risk
from archgen.knowledge.scheduling import scheduling
from archgen.requirements import load_requirements
from archgen.review.engine import review

CLINIC = """
    version: 1
    system:
      name: Clinic Reminders
      summary: A small clinic books appointments and reminds patients the day before.
    users:
      daily_active: 200
      regions: [europe]
      roles:
        - {name: receptionist, kind: person}
        - {name: patient, kind: person}
    data:
      entities:
        - name: Appointment
          fields: {starts_at: timestamp, patient_email: string, reminded_at: timestamp}
    use_cases:
      - {name: Book appointment, actor: receptionist, writes: [Appointment]}
      - name: Remind patients of tomorrow's appointments
        interaction: scheduled
        description: Every day, e-mail each patient whose appointment is tomorrow.
        reads: [Appointment]
        writes: [Appointment]
        calls: [Microsoft Graph]
    integrations:
      - {name: Microsoft Graph, kind: email}
    constraints:
      cloud: azure
      team: {engineers: 1}
"""


@pytest.fixture
def clinic(write_yaml: Callable[[str, str], Path]) -> Design:
    return RulesArchitect().design(load_requirements(write_yaml(CLINIC, "clinic.yaml")))


def test_a_tiny_apps_jobs_run_on_the_platforms_timer_at_the_patients_morning(clinic: Design) -> None:
    assert clinic.deployment.platform == "Azure App Service"
    job = next(j for j in clinic.jobs if j.use_case == "Remind patients of tomorrow's appointments")
    # an idle App Service app is unloaded, so even one small application's jobs are not left to a thread of its web
    # process: the platform's timer trigger starts them
    assert "Azure Functions timer trigger" in job.description and "thread" not in job.description
    assert scheduling().scheduler("azure", "Azure App Service", tiny=True) == scheduling().scheduler(
        "azure", "Azure App Service"
    )
    assert job.schedule.startswith("0 8 * * *") and "Europe/Berlin" in job.schedule
    assert not any("platform's scheduler" in d.context for d in clinic.decisions)


def test_a_provider_without_a_key_is_promised_none_and_nothing_is_queued_without_a_queue(clinic: Design) -> None:
    assert not clinic.channels
    graph = next(f for f in clinic.reliability.failure_modes if f.component == "Microsoft Graph")
    assert "same idempotency key" not in graph.mitigation and "takes no idempotency key" in graph.mitigation
    assert "queued" not in graph.mitigation
    breakers = next(m for m in clinic.reliability.resilience if "circuit breaker" in m)
    assert "cross-service" not in breakers and "integration" in breakers
    assert not {"RUN034", "RUN035", "RUN036"} & {f.rule for f in review(clinic)}


def test_dead_letters_promised_with_no_queue_are_found(clinic: Design) -> None:
    clinic.risks.append(
        Risk(
            id="R-099",
            title="Graph refuses mail",
            description="Graph throttles the tenant.",
            likelihood="low",
            impact="medium",
            mitigation="failed sends are dead-lettered and replayed",
            owner="tech lead",
        )
    )
    assert "RUN036" in {f.rule for f in review(clinic)}


def test_a_scheduler_without_time_zones_runs_at_the_utc_hour_of_the_local_one() -> None:
    knowledge = scheduling()
    container_apps = next(s for s in knowledge.schedulers if not s.time_zone and "container apps" in s.platforms)
    berlin, new_york = knowledge.zones["europe"], knowledge.zones["north-america"]
    # the users' local start hour, kept in summer (the earliest UTC hour), whatever hour its inputs started at
    assert local_schedule("30 2 * * * (daily at 02:30 UTC)", [berlin], container_apps) == (
        "0 6 * * * (daily at 06:00 UTC, 08:00 Europe/Berlin in summer time and an hour earlier outside it)"
    )
    # the zone whose morning comes first decides the one cron; each zone's own hour is named
    both = local_schedule("0 2 * * * (daily at 02:00 UTC)", [new_york, berlin], container_apps)
    assert both.startswith("0 6 * * *") and "06:00 UTC for Europe/Berlin and 12:00 UTC for America/New_York" in both


def test_where_the_prose_puts_the_users_sets_their_region_their_morning_and_their_night(
    write_yaml: Callable[[str, str], Path],
) -> None:
    """Clinics in Oregon and Washington are served from the US west coast, reminded at eight in the morning
    Pacific time, and their nightly run starts in the Pacific night; the same clinics unplaced keep the defaults."""
    placed = CLINIC.replace("A small clinic books", "Clinics in Oregon and Washington book").replace(
        "regions: [europe]", "regions: [north-america]"
    )
    placed = placed.replace(
        "writes: [Appointment]}\n",
        "writes: [Appointment]}\n      - name: Export the day's "
        "visits\n        interaction: scheduled\n        description: Nightly, export the day's visits.\n"
        "        reads: [Visit]\n      - {name: Record visit, actor: receptionist, writes: [Visit]}\n",
        1,
    )
    placed = placed.replace(
        "    use_cases:", "        - name: Visit\n          fields: {seen_at: timestamp, notes: text}\n    use_cases:"
    )
    unplaced = placed.replace("Clinics in Oregon and Washington book", "Clinics book")
    design = RulesArchitect().design(load_requirements(write_yaml(placed, "placed.yaml")))
    default = RulesArchitect().design(load_requirements(write_yaml(unplaced, "unplaced.yaml")))
    assert design.topology is not None and default.topology is not None
    assert design.topology.regions[0].name == "westus2" and default.topology.regions[0].name == "eastus2"
    remind = next(j for j in design.jobs if j.use_case == "Remind patients of tomorrow's appointments")
    assert "08:00 America/Los_Angeles" in remind.schedule
    nightly = next(j for j in design.jobs if j.use_case == "Export the day's visits")
    assert "02:00 America/Los_Angeles" in nightly.schedule
    assert "02:00 America/New_York" in next(j for j in default.jobs if j.use_case == "Export the day's visits").schedule
    assert not [f for f in review(design, design.requirements) if f.rule == "TOP026"]
