"""Inventory an outside channel sells too: the records it sells carry its reference, and it hears of every change
that reaches the stop-sell threshold as it happens."""

from __future__ import annotations

from archgen.design.channels import outside_sales, pushes, reference
from archgen.review.engine import Found, Problem, Subject, rule


@rule("FLOW111", "error", "flows", "Inventory an outside channel sells, kept apart from it")
def unsynced_channel(subject: Subject) -> Found:
    """An outside channel (a channel manager feeding the online travel agencies, a marketplace) sells the same
    counted inventory as our own people, and either the record it makes keeps no reference of the channel's, so
    its modifications and cancellations cannot be matched, or no event tells the channel when a night reaches
    zero, so it keeps selling what is gone until the next scheduled sync. Keep the channel's reference, unique
    per channel, and push a stop-sell on every change that reaches the threshold, beside the full sync."""
    design = subject.design
    for sale in outside_sales(design.entities, subject.req):
        entity, name = sale.entity, sale.integration.name
        at = ("entities", design.entities.index(entity))
        if reference(entity) is None:
            yield Problem(
                element=f"{entity.name}",
                at=(*at, "fields"),
                message=f"{name} makes {entity.name} records ({sale.use_case}), and {entity.name} keeps no "
                f"reference of {name}'s: the modifications and cancellations it sends match no record",
                fix=f"keep {name}'s reservation id on {entity.name}, unique with the channel it came by, and find "
                "a modification or a cancellation by it",
            )
        if not pushes(sale, design.events):
            yield Problem(
                element=f"{sale.counter.name}",
                at=at,
                message=f"{name} sells what {sale.counter.name} counts, and no event tells it when a night's free "
                "count reaches zero: it keeps selling a night that is gone until the next scheduled sync",
                fix=f"publish a stop-sell from every write of {sale.counter.name} that reaches the threshold (or "
                f"leaves it) and push it to {name} at once; keep the scheduled full sync for what a push missed",
            )
