"""Fixtures for the Claude architect: a clean SDK environment, a fake Claude, and architects wired to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archgen.architects.claude import ClaudeArchitect
from archgen.design.model import Design
from archgen.requirements import Loaded, load_requirements
from tests.claude.fake_api import FakeClaude, transport
from tests.conftest import example

KEY = "sk-ant-test-4f1c2e9a7b3d"
# the SDK's own configuration: a profile or workload identity on this machine must not leak into the tests
SDK_VARIABLES = (
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_CONFIG_DIR",
    "ANTHROPIC_CUSTOM_HEADERS",
    "ANTHROPIC_FEDERATION_RULE_ID",
    "ANTHROPIC_IDENTITY_TOKEN",
    "ANTHROPIC_IDENTITY_TOKEN_FILE",
    "ANTHROPIC_ORGANIZATION_ID",
    "ANTHROPIC_PROFILE",
)


@pytest.fixture(autouse=True)
def claude_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A test key, the cache in the test's folder, and none of this machine's Anthropic configuration."""
    for name in SDK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARCHGEN_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(scope="session")
def loaded() -> Loaded:
    """The expenses questionnaire: two services, small enough for many runs."""
    return load_requirements(example("expenses"))


@pytest.fixture
def fake(designs: dict[str, Design]) -> FakeClaude:
    """A fake Claude that answers with the rules design of the expenses example unless scripted otherwise."""
    return FakeClaude(designs["expenses"])


@pytest.fixture
def architect(fake: FakeClaude) -> Callable[..., ClaudeArchitect]:
    """A Claude architect whose SDK client talks to `fake` through an injected transport."""

    def make(**options: Any) -> ClaudeArchitect:
        return ClaudeArchitect(transport=transport(fake), **options)

    return make
