"""Fitting a design to its team and its scale (archgen/knowledge/fitting.yaml): the tools a team names and the
jobs they serve, the words of dimension history, options far outside a small workload, and when a fixed instance
count replaces autoscaling."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tool(_Strict):
    """A tool a team may name, the job kinds it serves and its managed form per cloud."""

    name: str
    words: tuple[str, ...]
    jobs: tuple[str, ...]
    managed: dict[str, str]
    does: str
    monthly_usd: float = 0

    def named_by(self, skills: list[str]) -> bool:
        """Whether one of the skills names it."""
        return any(s.lower().strip() in self.words for s in skills)

    def form(self, cloud: str) -> str:
        """Its managed form on a cloud."""
        return self.managed.get(cloud, self.managed["any"])


class JobKind(_Strict):
    """A job a named tool serves."""

    says: str


class BigOption(_Strict):
    """An option that costs or takes more than a small workload warrants."""

    words: tuple[str, ...]
    says: str
    monthly_usd: float = 0
    engineers: int = 0

    def names(self, text: str) -> bool:
        """Whether an option's name is this one."""
        lowered = text.lower()
        return any(w in lowered for w in self.words)


class Offer(_Strict):
    """A small real option."""

    name: str
    summary: str


class SmallTool(_Strict):
    """The smaller options a small internal tool weighs."""

    max_engineers: int
    max_people: int
    off_the_shelf: dict[str, Offer]
    admin_words: tuple[str, ...]
    admin_only: Offer


class Fitting(_Strict):
    """fitting.yaml."""

    tools: tuple[Tool, ...]
    job_kinds: dict[str, JobKind]
    plain_transformation: str
    history_words: tuple[str, ...]
    scd2_words: tuple[str, ...]
    scale_factor: float
    big_options: tuple[BigOption, ...]
    small_tool: SmallTool
    fixed_below_share: float

    def named_tools(self, skills: list[str], job: str) -> list[Tool]:
        """The tools the skills name that serve a job kind."""
        return [t for t in self.tools if job in t.jobs and t.named_by(skills)]

    def promises_history(self, text: str) -> bool:
        """Whether a text promises that a dimension keeps its history."""
        lowered = text.lower()
        return any(w in lowered for w in self.history_words)

    def builds_history(self, text: str) -> bool:
        """Whether a text names a type-2 model (both validity columns)."""
        lowered = text.lower()
        return all(w in lowered for w in self.scd2_words)

    def big(self, name: str) -> BigOption | None:
        """The big option an option's name is, if any."""
        return next((b for b in self.big_options if b.names(name)), None)


@functools.cache
def fitting() -> Fitting:
    """The shipped fitting knowledge."""
    return shipped("fitting.yaml", Fitting)
