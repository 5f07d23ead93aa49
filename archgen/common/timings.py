"""Optional stage timings: the pipeline marks its stages, and a caller that records learns how long each took.

Nothing is measured unless someone records (the benchmark does), so the marks cost nothing in normal runs.
A stage inside another is counted once: its time is taken out of the enclosing stage.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class _Recording:
    seconds: dict[str, float] = field(default_factory=dict)
    inner: list[float] = field(default_factory=list)  # per open stage: the time its inner stages took


_recording: ContextVar[_Recording | None] = ContextVar("archgen_timings", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Count the time spent in the block towards the stage `name`, when a recording is on."""
    recording = _recording.get()
    if recording is None:
        yield
        return
    recording.inner.append(0.0)
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        own = elapsed - recording.inner.pop()
        recording.seconds[name] = recording.seconds.get(name, 0.0) + own
        if recording.inner:
            recording.inner[-1] += elapsed


@contextmanager
def recording() -> Iterator[dict[str, float]]:
    """Record the stages run inside the block: yields {stage: seconds}, filled as they finish."""
    current = _Recording()
    token = _recording.set(current)
    try:
        yield current.seconds
    finally:
        _recording.reset(token)
