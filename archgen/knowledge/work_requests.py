"""The words a request for work done later is read by (archgen/knowledge/work_requests.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class WorkRequests(BaseModel):
    """work_requests.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    error_words: tuple[str, ...]
    states: tuple[str, ...]


@functools.cache
def work_requests() -> WorkRequests:
    """The shipped work_requests.yaml."""
    return shipped("work_requests.yaml", WorkRequests)
