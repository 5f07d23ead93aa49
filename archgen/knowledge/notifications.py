"""What a message to a person carries: a notification only an id and a generic text, a live screen what its use case
names (archgen/knowledge/notifications.yaml)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Notification(_Strict):
    """What a phone notification, e-mail or SMS carries."""

    fields: tuple[str, ...]
    title: str
    body: str


class Computed(_Strict):
    """A value the server computes when it sends the message."""

    name: str
    type: Literal["integer", "number", "string"]
    description: str


class Concept(_Strict):
    """Something a live screen shows when its use case names it."""

    concept: str
    words: tuple[str, ...]
    fields: tuple[str, ...]
    computed: Computed | None = None

    def named(self, text: str) -> bool:
        """Whether a use case's text names it, as whole words."""
        lower = text.lower()
        return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lower) for w in self.words)

    def holds(self, field_name: str) -> bool:
        """Whether a field (or a computed value) holds it: its whole name is one of the concept's (a trip's
        pickup_latitude is where it began, not where the car is)."""
        name = field_name.rsplit(".", 1)[-1].lower()
        return name in self.fields or (self.computed is not None and name == self.computed.name)


class Unsigned(_Strict):
    """Agreements push providers do not sign."""

    regimes: tuple[str, ...]
    words: tuple[str, ...]


class DeviceToken(_Strict):
    """The fields that hold the address a push provider reaches a phone by."""

    fields: tuple[str, ...]


class Notifications(_Strict):
    """notifications.yaml."""

    notification: Notification
    device_token: DeviceToken
    live: tuple[Concept, ...]
    unsigned: Unsigned


@functools.cache
def notifications() -> Notifications:
    """The shipped knowledge."""
    text = resources.files("archgen.knowledge").joinpath("notifications.yaml").read_text("utf-8")
    source = yamlio.parse(text, "notifications.yaml")
    try:
        return Notifications.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, Notifications)) from None


def named_concepts(text: str) -> list[Concept]:
    """The things a live screen must show that a use case's text names."""
    return [c for c in notifications().live if c.named(text)]


def holds_device_token(fields: Iterable[str]) -> bool:
    """Whether a record with these fields keeps the address a push provider reaches a phone by."""
    return any(f.lower() in notifications().device_token.fields for f in fields)
