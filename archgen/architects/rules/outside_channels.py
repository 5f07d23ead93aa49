"""Inventory an outside channel sells too: the record it sells keeps the channel's reference (so its changes and
cancellations find the record), and every change that reaches the stop-sell threshold is pushed to the channel at
once by the service that talks to it, beside the scheduled full sync (the words: archgen/knowledge/channels.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.ownership import home
from archgen.design import model as m
from archgen.design.binding import is_channel
from archgen.design.channels import outside_sales, pushed_to, pushes, reference
from archgen.knowledge.channels import channel_words


def plan_outside_channels(draft: Draft) -> None:
    """Give each record an outside channel sells its reference, and its counts a push on every stop-sell."""
    words = channel_words()
    for sale in outside_sales(draft.entities, draft.req):
        entity = sale.entity
        if reference(entity) is None:
            channel = next((f.name for f in entity.fields if is_channel(f)), None)
            said = words.reference.says.format(integration=sale.integration.name, channel=channel or "the channel")
            added = m.StoredField(name=words.reference.name, type="string", required=False, description=said)
            entity.fields.append(added)
            key = [k for k in (channel, words.reference.name) if k]
            entity.indexes.append(
                m.Index(
                    name=f"{entity.name.lower()}_{'_'.join(key)}_key",
                    fields=key,
                    kind="unique",
                    serves=words.reference.serves.format(entity=entity.name, fields=", ".join(key)),
                )
            )
        if pushes(sale, draft.events):
            continue
        counter = sale.counter
        changing = [u.name for u in draft.req.use_cases if counter.name in u.writes]
        draft.events.append(
            m.Event(
                name=words.push.event.format(counter=counter.name),
                producer=counter.owner,
                consumers=[counter.owner],
                channel="",
                entity=counter.name,
                trigger=words.push.trigger.format(
                    counter=counter.name, integration=sale.integration.name, threshold=words.push.threshold
                ),
                use_cases=changing,
                ordering_key="id",
            )
        )


def plan_channel_pushes(draft: Draft) -> None:
    """Hand each stop-sell to the channel's adapter: the service that already calls the channel (its scheduled
    sync), so the event has a consumer that delivers it rather than only the service that publishes it."""
    for event in draft.events:
        channel = pushed_to(event, draft.entities, draft.req)
        if channel is None:
            continue
        callers = [u for u in draft.req.use_cases if channel.name in u.calls and u.actor != channel.name]
        adapter = next((s for s in (home(draft, u) for u in callers) if draft.service(s) is not None), None)
        if adapter is not None:
            event.consumers = [adapter]
