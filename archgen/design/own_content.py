"""Records people make as their own content (a recipe, a tag, a list): each names its maker from the caller's
token, only people make it, it has no lifecycle to end it, holds no money, and is no person's own account record.
Their owner may delete and rename them; what points at them goes with them (lines and links) or loses the
reference (records with a lifecycle of their own)."""

from __future__ import annotations

from archgen.capacity.load import actor_kind
from archgen.design.lifecycle_needs import person_entities, tombstone
from archgen.design.model import EntityDesign
from archgen.design.scope_paths import MAKER_SOURCE
from archgen.requirements.intent import status_field, write_kind
from archgen.requirements.model import Requirements

MONEY = ("decimal", "money")


def makers(req: Requirements, entity: EntityDesign) -> list[str]:
    """The person roles whose requests make this record as their own content; [] when it is not such a record."""
    wanted = next((e for e in req.data.entities if e.name == entity.name), None)
    if wanted is None or wanted.mutability == "append_only" or tombstone(wanted) is not None:
        return []
    if entity.state_machine is not None or status_field(wanted) is not None or entity.name in person_entities(req):
        return []
    if any(f.type in MONEY for f in entity.fields):
        return []
    own = [f for f in entity.fields if f.set_by == "server" and "token" in f.source and "tenant" not in f.source]
    # it names no maker (nobody could be told it is theirs to remove), or only one given it as a scope for its reads
    if not [f for f in own if f.source != MAKER_SOURCE]:
        return []
    people = person_entities(req)
    if any(f.set_by == "client" and f.type[4:-1] in people for f in entity.fields if f.type.startswith("ref[")):
        return []  # it names another person (a message to a clinician): theirs too, not its maker's to remove
    made = [u for u in req.use_cases if entity.name in u.writes and write_kind(u, wanted).kind == "create"]
    if any(actor_kind(req, u) != "person" for u in made):
        return []  # a job or a system makes them too (payslips published in a batch): not one person's content
    return sorted({u.actor for u in made if u.actor and u.interaction == "request" and u.writes[:1] == [entity.name]})


def pointing(entity: EntityDesign, entities: list[EntityDesign]) -> tuple[list[str], list[str]]:
    """The records that refer to this one: those that go with it (no lifecycle) and those that keep their record."""
    refs = [e for e in entities if e.name != entity.name and any(f.type == f"ref[{entity.name}]" for f in e.fields)]
    cascade = [e.name for e in refs if e.state_machine is None]
    return cascade, [e.name for e in refs if e.state_machine is not None]
