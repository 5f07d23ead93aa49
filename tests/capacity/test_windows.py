"""Work is sized against the time it has: a job's rows a run against the window before the job that waits for it,
a media call against its p99, a search rebuild against the RTO, and a scan-billed warehouse by what it scans."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.capacity import constants as c
from archgen.capacity.media import call_vcpu_s, segments
from archgen.capacity.scans import period_days
from archgen.capacity.windows import job_windows
from archgen.design.model import Design, Job
from archgen.requirements import load_requirements
from archgen.requirements.model import UseCase

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def meters() -> Design:
    return RulesArchitect().design(load_requirements(ROOT / "tests/domains/02-smart-meter-telemetry.yaml"))


def test_a_nightly_job_with_half_an_hour_before_its_follower_is_partitioned(meters: Design) -> None:
    sized = {w.job: w for w in job_windows(meters.requirements, meters.jobs)}
    validate = sized["Validate and estimate readings"]
    assert validate.window_s == 1800  # the export starts half an hour later
    assert validate.workers == -(-validate.rate // c.JOB_ROWS_PER_WORKER.value) > 1
    job = next(j for j in meters.jobs if j.name == validate.job)
    assert f"partitioned by key range across {validate.workers} parallel workers" in job.description
    figures = {f.key: f.value for f in meters.capacity.figures}
    assert figures["job.validate_and_estimate_readings.workers"] == validate.workers


def test_a_job_without_a_follower_has_until_its_next_run() -> None:
    req = load_requirements(ROOT / "examples/telemetry/requirements.yaml").requirements
    req.use_cases.append(UseCase(name="Summarise readings", interaction="scheduled", reads=["Reading"]))
    job = Job(name="Summarise readings", schedule="0 3 * * *", service="x", use_case="Summarise readings")
    (window,) = job_windows(req, [job])
    assert window.window_s == 86_400 and window.until == "its next run"


def test_a_long_video_is_split_into_enough_segments_to_meet_its_p99() -> None:
    req = load_requirements(ROOT / "examples/shop/requirements.yaml").requirements
    short = UseCase(name="Transcode clip", description="Transcode the clip.", request_bytes=10_000_000)
    long = UseCase(
        name="Transcode film", description="Transcode the film.", request_bytes=5_000_000_000, latency_p99_ms=600_000
    )
    assert segments(short, call_vcpu_s(req, short, "video")) == 1
    parts = segments(long, call_vcpu_s(req, long, "video"))
    assert (
        call_vcpu_s(req, long, "video") / c.INSTANCE_VCPU.value / parts
        <= 600
        < (call_vcpu_s(req, long, "video") / c.INSTANCE_VCPU.value / (parts - 1))
    )


def test_a_report_covers_the_longest_period_its_use_case_names() -> None:
    said = UseCase(name="Run report", description="Slice lines by product and period, typically 13 to 104 weeks.")
    assert period_days(said)[0] == 728
    assert period_days(UseCase(name="Run report"))[0] == c.QUERY_DAYS.value
