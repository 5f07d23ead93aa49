"""The contracts of the channels that hold a connection open carry every message the flows send: each step a
service pushes to clients, each a client sends (an acknowledgement up to a sequence), and the ephemeral signals the
use cases name (typing), which pass through and are never stored. A device channel says which of its records'
fields it de-duplicates resends on."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.english import join
from archgen.design import model as m
from archgen.design.connections import held_open
from archgen.design.live import carried, message_name, needs
from archgen.design.natural_keys import natural_key
from archgen.knowledge.live_signals import live_signals


def plan_live_contracts(draft: Draft) -> None:
    """Add the messages the flows and use cases call for, and name real fields in a device channel's dedupe key."""
    for channel in held_open(draft.realtime):
        _signals(draft, channel)
    _flow_messages(draft)
    for channel in draft.realtime:
        if channel.protocol == "mqtt":
            _dedupe(draft, channel)


def _add(channel: m.RealtimeChannel, message: m.RealtimeMessage) -> None:
    if not any((x.name, x.direction) == (message.name, message.direction) for x in channel.messages):
        channel.messages.append(message)


def _signals(draft: Draft, channel: m.RealtimeChannel) -> None:
    """A signal a served use case names gets a message each way: the client sends it, the others are shown it."""
    said = " ".join(f"{u.name} {u.description or ''}" for u in draft.req.use_cases if u.name in channel.use_cases)
    for signal in live_signals().signals:
        if signal.named(said):
            _add(channel, m.RealtimeMessage(name=signal.name, direction="from-client", description=signal.sent))
            _add(channel, m.RealtimeMessage(name=signal.name, direction="to-client", description=signal.shown))


def _flow_messages(draft: Draft) -> None:
    """A step no message carries gets one, named by its words and tied to its use case; a push another service
    asks for carries the record the use case writes."""
    roles = {r.name for r in draft.req.users.roles}
    services = {s.name for s in draft.services}
    for need in needs(draft.realtime, draft.flows, draft.events, services, roles):
        if carried(draft.events, need):
            continue
        use_case = next((u for u in draft.req.use_cases if u.name == need.flow.use_case), None)
        written = use_case.writes[0] if use_case is not None and use_case.writes else None
        entity = written if need.direction == "to-client" and _entity(draft, written) else None
        _add(
            need.channel,
            m.RealtimeMessage(
                name=message_name(need.step.message),
                direction=need.direction,
                entity=entity,
                description=f"{need.step.message} ({need.flow.use_case})",
            ),
        )
        if need.flow.use_case not in need.channel.use_cases:
            need.channel.use_cases.append(need.flow.use_case)


def _dedupe(draft: Draft, channel: m.RealtimeChannel) -> None:
    """Name the fields each streamed record's resends are recognised by: its natural key, else what names its
    sender and the time the device observed (never the server's clock, which differs on every resend)."""
    keys: list[str] = []
    for message in channel.messages:
        if message.direction != "from-client" or message.entity is None:
            continue
        entity = _entity(draft, message.entity)
        if entity is None:
            continue
        key = natural_key(entity, True) or _sender_time(entity)
        if key:
            keys.append(f"each {entity.name} on ({', '.join(key)})")
    if not keys:
        return
    said = f"de-duplicates {join(keys)}"
    parts = [p.strip() for p in channel.delivery.split(";")]
    # the sentence keeps who de-duplicates (the ingest service) and names the fields instead of a guess
    channel.delivery = "; ".join(p.split("de-duplicates")[0] + said if "de-duplicates" in p else p for p in parts)


def _sender_time(entity: m.EntityDesign) -> list[str]:
    sender = next((f.name for f in entity.fields if f.type.startswith("ref[")), None)
    time = next((f.name for f in entity.fields if f.type == "timestamp" and f.set_by == "client"), None)
    return [sender, time] if sender and time else []


def _entity(draft: Draft, name: str | None) -> m.EntityDesign | None:
    return next((e for e in draft.entities if e.name == name), None)
