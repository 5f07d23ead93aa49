"""The load model scales exactly: more members of a role, or a use case run more often, moves the figures that
depend on them by that factor and leaves every other use case's figures as they were."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archgen.capacity.ledger import Ledger
from archgen.capacity.load import actor_role, load_figures, use_case_keys
from archgen.requirements import load_requirements
from archgen.requirements.model import Requirements
from tests.conftest import ROOT

DOMAINS = sorted((ROOT / "tests" / "domains").glob("*.yaml"))
RATES = ("avg_rps", "peak_rps.now", "peak_rps.y3")


def figures(req: Requirements) -> dict[str, float]:
    ledger = Ledger()
    load_figures(req, ledger)
    return {f.key: f.value for f in ledger.figures}


@functools.cache
def corpus(path: Path) -> Requirements:
    return load_requirements(path).requirements


def scaled_role(req: Requirements, role: str, factor: int) -> Requirements:
    roles = [
        r.model_copy(update={"active_per_day": (r.active_per_day or req.users.daily_active) * factor})
        if r.name == role
        else r
        for r in req.users.roles
    ]
    return req.model_copy(update={"users": req.users.model_copy(update={"roles": roles})})


@settings(max_examples=30, deadline=None, derandomize=True)
@given(domain=st.integers(0, len(DOMAINS) - 1), pick=st.integers(0, 50), factor=st.integers(2, 9))
def test_scaling_a_role_scales_exactly_its_use_cases(domain: int, pick: int, factor: int) -> None:
    req = corpus(DOMAINS[domain])
    role = req.users.roles[pick % len(req.users.roles)].name
    before, after = figures(req), figures(scaled_role(req, role, factor))
    keys = use_case_keys(req)
    for use_case in req.use_cases:
        runner = actor_role(req, use_case)
        moved = runner is not None and runner.name == role and use_case.interaction != "scheduled"
        for rate in RATES:
            key = f"{keys[use_case.name]}.{rate}"
            expected = before[key] * factor if moved else before[key]
            assert after[key] == pytest.approx(expected, rel=1e-5, abs=1e-5), (use_case.name, rate)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(domain=st.integers(0, len(DOMAINS) - 1), pick=st.integers(0, 50), factor=st.integers(2, 9))
def test_running_a_use_case_more_often_scales_exactly_its_figures(domain: int, pick: int, factor: int) -> None:
    req = corpus(DOMAINS[domain])
    if not req.use_cases:
        return
    chosen = req.use_cases[pick % len(req.use_cases)]
    faster = chosen.model_copy(update={"frequency_per_user_per_day": chosen.frequency_per_user_per_day * factor})
    use_cases = [faster if u.name == chosen.name else u for u in req.use_cases]
    before, after = figures(req), figures(req.model_copy(update={"use_cases": use_cases}))
    keys = use_case_keys(req)
    for use_case in req.use_cases:
        for rate in RATES:
            key = f"{keys[use_case.name]}.{rate}"
            expected = before[key] * factor if use_case.name == chosen.name else before[key]
            assert after[key] == pytest.approx(expected, rel=1e-5, abs=1e-5), (use_case.name, rate)
