"""What starts scheduled work on each platform and what it guarantees, the local time of each area, which providers
take an idempotency key, and the words of queued retries (archgen/knowledge/scheduling.yaml)."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.capacity.measure import honours_key
from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scheduler(_Strict):
    """A scheduler, the platforms it serves and what it promises about duplicate, overlapping and missed runs."""

    name: str
    platforms: tuple[str, ...]
    clouds: tuple[str, ...]
    words: tuple[str, ...]
    runs: str
    time_zone: bool
    single_run: str
    missed: str
    tiny_only: bool = False  # serves only a small system run as one fixed instance (the application itself)

    def serves(self, cloud: str, platform: str) -> bool:
        """Whether it can start jobs of a design on this cloud and platform."""
        lowered = platform.lower()
        return any(w in lowered for w in self.platforms) or cloud in self.clouds


class Zone(_Strict):
    """The local time of an area's users."""

    zone: str
    utc_offset: int


class Provider(_Strict):
    """An external provider by name, and whether it takes an idempotency key."""

    name: str
    words: tuple[str, ...]
    idempotency_key: bool


class Scheduling(_Strict):
    """scheduling.yaml."""

    schedulers: tuple[Scheduler, ...]
    period_key: str
    zones: dict[str, Zone]
    local_start_minute: int
    early_start_minute: int
    shared_night_hours: int
    early_words: tuple[str, ...]
    reaches_people: tuple[str, ...]
    providers: tuple[Provider, ...]
    retries: dict[str, str]
    unkeyed_dedupe: str
    queued_words: tuple[str, ...]
    web_process_words: tuple[str, ...]
    in_process_breaker_words: tuple[str, ...]
    no_key_words: tuple[str, ...]
    spent: dict[str, str]
    key_words: tuple[str, ...]

    def scheduler(self, cloud: str, platform: str, tiny: bool = False) -> Scheduler | None:
        """The scheduler that starts jobs on a platform: the first named for it, else one that runs on the cloud;
        one kept for small systems (the application's own) only when the system is one."""
        lowered = platform.lower()
        fits = [s for s in self.schedulers if tiny or not s.tiny_only]
        return next((s for s in fits if any(w in lowered for w in s.platforms)), None) or next(
            (s for s in fits if cloud in s.clouds), None
        )

    def provider(self, text: str) -> Provider | None:
        """The named provider a text (an integration's name and kind) is, if any."""
        return next((p for p in self.providers if says(text, p.words)), None)


def says(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether a text says any of the phrases as whole words."""
    lowered = text.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", lowered) for p in phrases)


def accepts_key(kind: str, name: str) -> bool:
    """Whether an external system does an act once however often a call with the same idempotency key arrives: the
    provider named, else the words of its kind."""
    named = scheduling().provider(f"{name} {kind}")
    return named.idempotency_key if named is not None else honours_key(kind, name)


@functools.cache
def scheduling() -> Scheduling:
    """The shipped scheduling knowledge."""
    return shipped("scheduling.yaml", Scheduling)
