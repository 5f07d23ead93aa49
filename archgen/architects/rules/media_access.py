"""Private media stays private at the edge: files of records whose owner may hide them are fetched only with signed
cookies covering their segment set, their keys never reach anonymous callers, and a takedown purges the edge."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.model import Threat
from archgen.design.relations import media_keys, taken_down, visible_entities
from archgen.knowledge.access import access_knowledge


def plan_private_media(draft: Draft) -> None:
    """Close the reads that answer a hidden record's file keys to anyone, purge the CDN on takedown, and say how
    the files are delivered."""
    known = access_knowledge().media
    visible = visible_entities(draft.entities)
    keyed = {e.name: keys for e in draft.entities if (keys := media_keys(e, visible))}
    if not keyed:
        return
    for service in draft.services:
        for endpoint in service.endpoints:
            # the keys are for the player the playback operation signs cookies for, never for anyone who asks
            if endpoint.entity in keyed and endpoint.method == "GET" and endpoint.auth == "public":
                endpoint.auth = "user"
    down = taken_down(draft.entities)
    for cache in (c for c in draft.caches if c.placement == "cdn"):
        if down and not any(w in cache.invalidation.lower() for w in known.purges):
            cache.invalidation += known.invalidation
    if draft.security is None:
        return
    draft.security.threats.append(
        Threat(
            target=", ".join(sorted(keyed)),
            category="Information disclosure",
            threat="a private, unlisted or blocked item's files fetched by anyone who learns their keys, or from "
            "edge copies after a takedown",
            mitigation=known.delivery.format(minutes=known.token_minutes),
        )
    )
