"""Identity and segregation of duties: the facts that identify a person are not theirs to edit, and a four-eyes
decision holds against the records it relies on, the exits that end the case and the assignment of the case."""

from __future__ import annotations

from archgen.common.english import a, join
from archgen.design import identity as ident
from archgen.knowledge.identity import identity_knowledge
from archgen.review.engine import Found, Problem, Subject, rule


@rule("SEC082", "error", "security", "Identity fields editable by the person they identify")
def self_edited_identity(subject: Subject) -> Found:
    """A person's own record lets them set the facts that identify them: a medical record number, the date of
    birth, a legal name or a national id. Records are matched, results released and people paid by these values,
    so a portal user who rewrites them causes wrong-person and duplicate-record errors. Let the staff role that
    registers people set and correct them, each correction audited with the old value, and leave contact details
    to the person."""
    for i, entity in enumerate(subject.design.entities):
        for j, field in enumerate(entity.fields):
            if field in ident.identity_fields(entity) and ident.self_editable(entity, field):
                yield Problem(
                    element=f"{entity.name}.{field.name}",
                    at=("entities", i, "fields", j),
                    message=f"the person {a(entity.name)} is about may set its {field.name}, which identifies them",
                    fix="let only the staff who register people set and correct it, each correction audited",
                )


@rule("SEC083", "error", "security", "Four-eyes decision that its own inputs or exits get around")
def bypassed_four_eyes(subject: Subject) -> Found:
    """A decision's guard says the caller is not who did an earlier step, yet the record that step writes (the
    assessment whose amount the decision rests on) keeps no author the server sets, so one person writes it and
    another clicks the step; or the same people can end the case by another exit (close) that carries no such
    guard; or they set the field that assigns the case to themselves. Record the author of every input from the
    token and compare against it, give every ending exit the decision's guard, and let someone else assign."""
    design = subject.design
    roles = [r.name for r in subject.req.users.roles]
    seen: set[str] = set()
    for guarded in ident.guarded_decisions(subject.req, design.entities):
        i = design.entities.index(guarded.entity)
        for entity in (e for e in guarded.inputs if not ident.authored(e) and e.name not in seen):
            seen.add(entity.name)
            yield Problem(
                element=f"{entity.name} ({guarded.entity.name}.{guarded.move.name})",
                at=("entities", design.entities.index(entity), "fields"),
                message=f"the {guarded.move.name} decision relies on {entity.name} records, which keep no author "
                "the server sets: one person writes them and another takes the step the guard checks",
                fix="record who wrote each from the token (created_by) and compare the caller against it",
            )
        machine = guarded.entity.state_machine
        assert machine is not None
        for exit_ in ident.unguarded_exits(guarded):
            key = f"{guarded.entity.name}.{exit_.name}"
            if key in seen:
                continue
            seen.add(key)
            yield Problem(
                element=key,
                at=("entities", i, "state_machine", "transitions", machine.transitions.index(exit_), "guard"),
                message=f"{exit_.name} ends the case from where {guarded.move.name} is decided, by the same people "
                f"({join(sorted(set(exit_.roles) & set(guarded.move.roles)))}), without its four eyes",
                fix=f"give {exit_.name} the four-eyes condition of {guarded.move.name}",
            )
        for j, field in enumerate(guarded.entity.fields):
            key = f"{guarded.entity.name}.{field.name}"
            assignees = ident.assignees(field, roles, guarded.move.roles)
            if key in seen or not assignees or field.set_by != "client":
                continue
            selves = sorted(set(assignees) & set(field.writers)) if field.writers else sorted(assignees)
            if selves:
                seen.add(key)
                yield Problem(
                    element=key,
                    at=("entities", i, "fields", j),
                    message=f"{join(selves)} may set {field.name} to themselves, on a record whose "
                    f"{guarded.move.name} decision keeps four eyes",
                    fix="let a supervisor or the assignment rules set it, never the person assigned",
                )


@rule("SEC081", "error", "security", "Identity provider given a channel it does not offer")
def invented_provider_channel(subject: Subject) -> Found:
    """An organisation's identity provider (Entra ID, Okta, Google) is drawn as sending signed webhooks, with an
    endpoint, a secret and a reconciliation for them. Identity providers reach a system only through the sign-in
    endpoints (SAML assertions, OpenID Connect tokens) and SCIM provisioning, so the endpoint is never called and
    leavers are never switched off. Take user lifecycle over SCIM and drop the webhook."""
    known = identity_knowledge().identity_provider
    providers = {i.name for i in subject.design.integrations if ident.identity_provider(i.kind, i.name)}
    for i, system in enumerate(subject.design.integrations):
        if system.name in providers and any(w in system.protocol.lower() for w in known.not_offered):
            yield Problem(
                element=system.name,
                at=("integrations", i, "protocol"),
                message=f"{system.name} is an identity provider, yet it is said to send {system.protocol}",
                fix="receive its users over SCIM and its sign-ins at the sign-in endpoints; drop the webhook",
            )
    for at, service, endpoint in subject.endpoints():
        named = [p for p in providers if endpoint.action == "webhook" and p in endpoint.roles]
        if named:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=at,
                message=f"a webhook endpoint for {named[0]}, which sends none",
                fix="remove it; the provider's changes arrive over SCIM",
            )
