"""Realtime channels that hold a connection open to each client (WebSocket, server-sent events), and so need a
gateway of their own to run, size and protect; a push through a phone platform's service holds none."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.design.model import RealtimeChannel

HELD_OPEN = ("websocket", "sse")


def held_open(channels: Iterable[RealtimeChannel]) -> list[RealtimeChannel]:
    """The channels whose clients keep a connection open to a gateway of ours."""
    return [c for c in channels if c.protocol in HELD_OPEN]
