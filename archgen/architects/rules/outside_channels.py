"""Inventory an outside channel sells too: the record it sells keeps the channel's reference (so its changes and
cancellations find the record), and every change that reaches the stop-sell threshold is pushed to the channel at
once, beside the scheduled full sync (the words: archgen/knowledge/channels.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import model as m
from archgen.design.binding import is_channel
from archgen.design.channels import outside_sales, pushes, reference
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
