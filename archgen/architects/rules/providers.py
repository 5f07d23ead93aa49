"""What the design says to and hears from a provider, in the provider's own contract (archgen/knowledge/
integrations.yaml `contracts`): its webhook's body as it sends it (a batch of items where it batches), and the
fields a payment's create answer hands the payer's client when the payer must act (3-D Secure, SCA)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common.naming import identifier, words_of
from archgen.design import model as m
from archgen.design.payer_action import payer_acts
from archgen.knowledge.contracts import Contract, ContractField, contracts
from archgen.requirements.model import Requirements, UseCase


def contract_of(req: Requirements, name: str) -> Contract | None:
    """The contract of the integration called `name`, by its name and kind."""
    integration = next((i for i in req.integrations if i.name == name), None)
    return contracts().of(f"{name} {integration.kind or ''}" if integration else name)


def _field(f: ContractField) -> m.BodyField:
    return m.BodyField(name=f.name, type=f.type, required=f.required, read_only=f.read_only, description=f.description)


def notification_body(req: Requirements, name: str) -> m.Body | None:
    """The body the provider's webhook sends, as its contract states it; None for a sender with no known contract."""
    contract = contract_of(req, name)
    if contract is None or contract.notification is None:
        return None
    n = contract.notification
    said = f"{contract.name}'s notification, as it sends it: signed by {n.signature}; de-duplicated on {n.dedupe}"
    if n.batched:
        said += "; one call carries a batch of items, each checked and handled on its own"
    return m.Body(
        description=f"{said}; answered with {n.ack}.",
        fields=[_field(f) for f in n.fields],
        objects=[
            m.BodyObject(name=o.name, description=o.description, fields=[_field(f) for f in o.fields])
            for o in n.objects
        ],
    )


def hand_payer_action(draft: Draft) -> None:
    """The operation that starts a payment the payer may have to confirm (3-D Secure, SCA) answers the record
    together with what the payer's client needs to act and the state the payment waits in: without them the
    challenge cannot be run and the payment never completes."""
    cases = {u.name: u for u in draft.req.use_cases}
    for service in draft.services:
        for endpoint in service.endpoints:
            if endpoint.action != "create" or endpoint.entity is None:
                continue
            found = (payer_acts(draft.req, cases[n]) for n in endpoint.use_cases if n in cases)
            contract = next((c for c in found if c is not None), None)
            if contract is None or contract.payer_action is None:
                continue
            body = endpoint.response or m.Body(
                description=f"The created {words_of(endpoint.entity)} and what the payer must do to complete the "
                f"payment ({contract.name} holds it in `{contract.payer_action.state}` until the payer acts).",
                fields=[
                    m.BodyField(
                        name=identifier(endpoint.entity),
                        type=f"object[{endpoint.entity}]",
                        required=True,
                        read_only=True,
                        description=f"The {words_of(endpoint.entity)} as created.",
                    )
                ],
            )
            have = {f.name for f in body.fields}
            body.fields += [_field(f) for f in contract.payer_action.fields if f.name not in have]
            endpoint.response = body


def arbitrary_sender(req: Requirements, name: str, use_case: UseCase | None = None) -> bool:
    """Whether the inbound integration is any app that posts into the system (CI, monitors), not a provider with
    a contract of its own: no event id, no shared secret, no API to reconcile against."""
    integration = next((i for i in req.integrations if i.name == name), None)
    text = f"{name} {integration.kind or '' if integration else ''} {use_case.description or '' if use_case else ''}"
    return contract_of(req, name) is None and contracts().arbitrary_senders(text)


def posting_target(req: Requirements, use_case: UseCase) -> str | None:
    """The record an app's post goes into: the entity the written record refers to among those the use case reads
    (a channel for a message)."""
    entities = {e.name: e for e in req.data.entities}
    for written in use_case.writes:
        entity = entities.get(written)
        refs = [t.target for t in entity.fields.values() if t.kind == "ref"] if entity else []
        found = next((r for r in refs if r in use_case.reads), None)
        if found is not None:
            return found
    return use_case.reads[0] if use_case.reads else None


def posted_body(req: Requirements, use_case: UseCase, target: str | None) -> m.Body:
    """What an app posts: the written record's own words (its text fields), never a provider's event; the record
    it goes into is the one its URL was made for."""
    entities = {e.name: e for e in req.data.entities}
    written = next((entities[n] for n in use_case.writes if n in entities), None)
    texts = [n for n, t in written.fields.items() if t.kind in ("text", "string")] if written else []
    into = f" into the {words_of(target)} its URL was made for" if target else ""
    return m.Body(
        description=f"What the app posts{into}; the URL's secret token says which webhook it is.",
        fields=[
            m.BodyField(name=n, type="text", required=i == 0, description=f"The {words_of(n)} posted.")
            for i, n in enumerate(texts or ["text"])
        ],
    )


def keeping_webhooks(target: str, roles: list[str]) -> list[tuple[str, str, str, m.Action, m.Body | None]]:
    """The operations that make, rotate and revoke a record's incoming webhooks: (method, path suffix, summary,
    action, answer)."""
    made = m.Body(
        description="The webhook's URL, shown only in this answer: its secret token is stored hashed and never "
        "returned again; rotate to get a new one.",
        fields=[
            m.BodyField(name="id", type="uuid", required=True, read_only=True),
            m.BodyField(
                name="url", type="string", required=True, read_only=True, description="The URL, with its token."
            ),
        ],
    )
    noun = words_of(target)
    return [
        ("POST", "incoming-webhooks", f"Create an incoming webhook for a {noun}", "command", made),
        ("POST", "incoming-webhooks/rotate", f"Rotate a {noun}'s incoming webhook token", "command", made),
        ("DELETE", "incoming-webhooks", f"Revoke a {noun}'s incoming webhook", "command", None),
    ]
