"""The client applications people reach the system with (archgen/knowledge/clients.yaml): how each is delivered,
where it is served from, what it adds to the bill and how it holds the sign-in the API accepts."""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

DeliveryId = Literal["server-rendered", "web", "mobile"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Delivery(_Frozen):
    """One way of delivering a client application."""

    name: str
    fits: str
    hosting: dict[str, str]
    session: Literal["cookie", "bearer"]
    credentials: str
    csrf: str
    protections: str
    costs: tuple[Literal["cdn", "stores"], ...] = ()

    def hosted(self, cloud: str, app: str) -> str:
        """Where it is served from on `cloud`, with `app` the web deployable that renders it."""
        return self.hosting.get(cloud, self.hosting["any"]).format(app=app)


class Clients(_Frozen):
    """clients.yaml."""

    deliveries: dict[DeliveryId, Delivery]
    mobile_words: tuple[str, ...]
    push_kinds: tuple[str, ...]
    web_words: tuple[str, ...]
    bundle_kb: float
    cached_share: float
    visits_per_day: float
    app_share: float


@functools.cache
def clients() -> Clients:
    """The shipped client knowledge, read once."""
    return shipped("clients.yaml", Clients)


def says(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `words` as whole words."""
    lowered = text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words)
