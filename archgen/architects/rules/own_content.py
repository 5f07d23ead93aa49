"""A record its owner made as their own content (a tag, a list) can be deleted and renamed by them, whenever its
fields come to name its maker: the lifecycle's completion plans the operations of the records that name their maker
early; this step, run once the fields' sources have settled, adds those of the records that name one only then (an
attachment's uploader, taken from the token)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.common import english
from archgen.common.naming import identifier, pascal, words_of
from archgen.design import model as m
from archgen.design import own_content
from archgen.knowledge.integrity import integrity


def own_content_operations(draft: Draft) -> None:
    """A DELETE for each record people make as their own content, and a rename for those of their own (not a line
    of another's, such as an attachment, nor a mark on it, such as a reaction)."""
    from archgen.architects.rules.operations import collection

    words = integrity()
    for entity in draft.entities:
        roles = own_content.makers(draft.req, entity)
        service = draft.service(entity.owner)
        if not roles or service is None:
            continue
        mine = [e for s in draft.services for e in s.endpoints if e.entity == entity.name]
        noun = words_of(entity.name)
        says = {"noun": noun, "a": english.article(noun), "roles": ", ".join(roles)}
        path = f"{collection(entity.name)}/{{id}}"
        if not any(e.action == "delete" for e in mine):
            cascade, detach = own_content.pointing(entity, draft.entities)
            summary = _sentence(words.delete.format(**says))
            if cascade:
                summary += words.cascade.format(records=english.join([english.plural(words_of(n)) for n in cascade]))
            if detach:
                summary += words.detach.format(records=english.join([english.plural(words_of(n)) for n in detach]))
            service.endpoints.append(_operation(entity, "DELETE", path, "delete", summary, roles))
        given = [f for f in entity.fields if f.set_by == "client"]
        named = next((f for f in given if f.type == "string"), None)
        top = not any(f.type.startswith("ref[") for f in given)
        if named is not None and top and not any(e.action in ("update", "replace") for e in mine):
            summary = _sentence(words.rename.format(field=named.name, **says))
            service.endpoints.append(_operation(entity, "PATCH", path, "update", summary, roles))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _operation(
    entity: m.EntityDesign, method: str, path: str, action: str, summary: str, roles: list[str]
) -> m.Endpoint:
    verb = "delete" if action == "delete" else "rename"
    return m.Endpoint(
        method=method,
        path=path,
        operation_id=identifier(f"{verb} {pascal(entity.name)}"),
        summary=summary,
        action=action,
        entity=entity.name,
        auth="user",
        roles=roles,
    )
