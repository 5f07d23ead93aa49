"""The operation by which staff engage an outside party on a case (archgen/knowledge/engagements.yaml): its body
names the party, its firm, the case, the period and the reason, and the grantee's role is fixed to the outside
role, so the staff member who engages can never name themselves."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design import model as m
from archgen.knowledge.access import access_knowledge
from archgen.knowledge.engagements import engagements


def settle_engagements(draft: Draft) -> None:
    """Give each engagement operation, and each move that asks someone outside for more, its stated body."""
    _asking_bodies(draft)
    known = engagements().engagement
    grant = access_knowledge().relation.entity
    prefix = known.use_case.split("{", 1)[0]
    engaging = {
        u.name: u
        for u in draft.req.use_cases
        if u.name.startswith(prefix) and grant in u.writes and u.actor is not None and u.reads
    }
    roles = {r.name.replace("_", " "): r.name for r in draft.req.users.roles}
    for endpoint in (e for s in draft.services for e in s.endpoints):
        cases = [engaging[n] for n in endpoint.use_cases if n in engaging]
        if endpoint.entity != grant or endpoint.method != "POST" or not cases:
            continue
        parties = sorted({roles[c.name[len(prefix) :]] for c in cases if c.name[len(prefix) :] in roles})
        case = cases[0].reads[0]
        endpoint.request = m.Body(
            description=f"The outside party engaged on one {case}, its firm and until when",
            fields=[
                m.BodyField(
                    name="grantee",
                    type="uuid",
                    required=True,
                    field=f"{grant}.grantee",
                    description="The person who acts for the firm on this case",
                ),
                m.BodyField(
                    name=known.firm_field,
                    type="string",
                    required=True,
                    field=f"{grant}.{known.firm_field}",
                    description=known.firm_says,
                ),
                m.BodyField(
                    name="grantee_role",
                    type=f"enum[{', '.join(parties)}]",
                    read_only=True,
                    field=f"{grant}.grantee_role",
                    description="Set by the server to the outside role engaged: staff never engage themselves",
                ),
                m.BodyField(
                    name="basis",
                    type="enum[engaged]",
                    read_only=True,
                    field=f"{grant}.basis",
                    description="Set by the server: an engagement on the case",
                ),
                m.BodyField(
                    name="object_type",
                    type=f"enum[{case}]",
                    read_only=True,
                    field=f"{grant}.object_type",
                    description=f"Set by the server: the {case} named below",
                ),
                m.BodyField(
                    name="valid_from",
                    type="timestamp",
                    required=True,
                    field=f"{grant}.valid_from",
                    description="When the engagement starts",
                ),
                m.BodyField(
                    name="object_id",
                    type=f"ref[{case}]",
                    required=True,
                    field=f"{grant}.object_id",
                    description=f"The {case} the party is engaged on",
                ),
                m.BodyField(
                    name="valid_until",
                    type="timestamp",
                    required=True,
                    field=f"{grant}.valid_until",
                    description="When the engagement ends unless released earlier; the server bounds it",
                ),
                m.BodyField(
                    name="reason",
                    type="text",
                    required=True,
                    description=f"Why the {case} needs the party (kept in the audit log)",
                ),
            ],
        )


def _asking_bodies(draft: Draft) -> None:
    """The move into a wait on someone outside says what it asks of whom: the clock stops on it."""
    waits = engagements().waits
    for endpoint in (e for s in draft.services for e in s.endpoints if e.transition and e.request is None):
        entity = next((x for x in draft.entities if x.name == endpoint.entity), None)
        machine = entity.state_machine if entity is not None else None
        move = next((t for t in machine.transitions if t.name == endpoint.transition), None) if machine else None
        if move is None or move.target != waits.state:
            continue
        endpoint.request = m.Body(
            description=waits.asked_says,
            fields=[
                m.BodyField(name="message", type="text", required=True, description=waits.message_says),
                m.BodyField(name="reply_by", type="timestamp", description=waits.reply_by_says),
            ],
        )
