"""Records many writers update: the busiest key of each is sized against what one key of its engine commits, and
one taking more than the design plans to use gets a remedy in its flows, its data model and a decision record: a
count becomes one batched increment per record and window, a platform ledger account is split into sub-accounts
summed on read."""

from __future__ import annotations

import math

from archgen.architects.rules.draft import Draft
from archgen.capacity.constants import constant
from archgen.common import english
from archgen.design import model as m
from archgen.design.hotspots import HotKey, hot_keys
from archgen.knowledge.hotspots import hotspot_words


def plan_hotspots(draft: Draft) -> None:
    """Size every hot key and design the remedy of each one beyond what its engine's key commits."""
    keys = [k for k in hot_keys(draft.req, draft.entities, draft.stores, draft.catalog) if k.planned]
    if not keys:
        return
    said = []
    for key in keys:
        if key.kind == "counter":
            said.append(_batch(draft, key))
        else:
            said.append(_stripe(draft, key))
    words = hotspot_words().decision
    draft.decide(
        title=words.title,
        context=words.context.format(keys="; ".join(said)),
        options=[m.Option(name=o.name, summary=o.summary, pros=list(o.pros), cons=list(o.cons)) for o in words.options],
        decision=words.choose,
        rationale=words.rationale,
        consequences=list(words.consequences),
        drivers=["load.peak_factor", "load.growth_per_year", *(f"data.entities[{w}]" for k in keys for w in k.writers)],
    )


def _figures(key: HotKey) -> dict[str, object]:
    return {"rate": key.rate, "ceiling": key.ceiling or 0.0, "engine": key.engine, "entity": key.entity.name}


def _batch(draft: Draft, key: HotKey) -> str:
    """A count kept from its children's events: the consumer adds the changes up and writes one increment per
    record and window, so the busiest record takes one commit a window however many children change."""
    words = hotspot_words()
    window = constant("counter_batch_window_s").value
    field = key.name.split(".", 1)[1]
    figures = {**_figures(key), "field": key.name, "window": window}
    for flow in draft.flows:
        for step in flow.steps:
            if step.target == key.entity.store and key.name in step.message:
                step.message = words.counter_step.format(**figures)
    for stored in key.entity.fields:
        if stored.name == field:
            stored.source = "; ".join(filter(None, [stored.source, words.counter_field.format(**figures)]))
    return (
        f"{key.name} counts {english.join(key.writers)} records: {key.total:,.0f} a second at peak after 3 years, the "
        f"busiest {key.entity.name} about {key.rate:,.0f}/s ({constant('hot_key_share').value:.0%}), against "
        f"{key.ceiling:,.0f}/s one key of {key.engine} commits; it takes one batched increment every {window:g} s"
    )


def _stripe(draft: Draft, key: HotKey) -> str:
    """A ledger account every posting touches: its legs are spread over sub-accounts chosen at random, so each row
    takes no more commits than the design plans to use of its engine's ceiling."""
    words = hotspot_words()
    usable = (key.ceiling or 1.0) * constant("hot_key_headroom").value
    stripes = math.ceil(key.rate / usable)
    figures = {**_figures(key), "stripes": stripes}
    for flow in draft.flows:
        for step in flow.steps:
            # a posting names its entries too; an account's opening writes the account alone
            posts = any(w in step.message for w in key.writers) and step.message.startswith("write")
            if step.target == key.entity.store and key.name in step.message and posts:
                step.message = f"{step.message}; {words.account_step.format(**figures)}"
    if not any(f.name == words.account_field_name for f in key.entity.fields):
        key.entity.fields.append(
            m.StoredField(
                name=words.account_field_name,
                type="int",
                set_by="server",
                minimum=0,
                source=words.account_field.format(**figures),
            )
        )
    return (
        f"{key.name} rows of the platform's own accounts take a leg of most postings: {key.total:,.0f} postings a "
        f"second at peak after 3 years, the busiest account about {key.rate:,.0f}/s "
        f"({constant('shared_account_share').value:.0%}), against {key.ceiling:,.0f}/s one row of {key.engine} "
        f"commits; each is split into {stripes} sub-accounts"
    )
