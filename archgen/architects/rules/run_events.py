"""A job's run announces what it changed once a run: a roll-up that rewrites many records publishes one message
listing them, so the broker and every consumer keeping a copy take a bulk write, not a flood of single ones."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.events import causes, changed_per_run
from archgen.capacity.load import records_per_call
from archgen.common import english
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.derived_load import batched, derived_load


def batch_run_events(draft: Draft) -> None:
    """Publish once a run every event a scheduled job causes, where a run changes more records than a message
    should carry one at a time."""
    words = derived_load()
    use_cases = {u.name: u for u in draft.req.use_cases}
    for event in draft.events:
        named = [use_cases[n] for n in causes(draft.req, event) if n in use_cases]
        jobs = [u for u in named if u.interaction == "scheduled" and event.entity in u.writes]
        if not jobs or batched(event.trigger):
            continue
        if max(changed_per_run(draft.req, u, event.entity) for u in jobs) <= words.batch_above_records:
            continue
        said = event.trigger.strip().rstrip(".")
        runs = english.join(f"'{u.name}'" for u in jobs)
        listed = f"{runs} publishes it as {words.batched_words[0]}"
        event.trigger = f"{said}; {listed}" if said else listed


def upload_events(draft: Draft) -> None:
    """A device's upload (a quarter hour's four register values) travels as one message with all its records: the
    broker carries a message per upload, not one per reading, and the consumer applies them together."""
    words = derived_feeds()
    use_cases = {u.name: u for u in draft.req.use_cases}
    for event in draft.events:
        entity = event.entity
        named = [use_cases[n] for n in causes(draft.req, event) if n in use_cases]
        uploads = [u for u in named if u.interaction in ("stream", "batch") and entity in u.writes]
        if entity is None or not uploads or len(uploads) != len(named):
            continue
        if words.uploaded(event.trigger) or batched(event.trigger):
            continue
        if min(records_per_call(draft.req, u, entity) for u in uploads) <= 1:
            continue
        said = event.trigger.strip().rstrip(".")
        event.trigger = f"{said}; {words.upload_words[0]}" if said else words.upload_words[0]
