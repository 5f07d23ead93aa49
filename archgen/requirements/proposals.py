"""The model a capability the summary promises implies, proposed when the questionnaire carries it nowhere.

A summary that says people tag their recipes, plan the week or keep a shopping list promises records nobody listed.
Rather than leave the capability out and ask about it, the design adds the records and use cases every system with
that capability keeps (archgen/knowledge/capabilities.yaml), around the record the capability acts on, and states
each proposal as an assumption the review pack asks to confirm.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archgen.common import english
from archgen.common.naming import words_of
from archgen.knowledge.capabilities import Shape, ShapeEntity, capabilities
from archgen.requirements.model import Domain, Entity, Requirements, UseCase

if TYPE_CHECKING:
    from archgen.requirements.resolve import Assumption


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def subject_of(req: Requirements) -> Entity:
    """The record a summary's capabilities act on: the first record the summary names, else the first given."""
    said = f" {' '.join(re.findall(r'[a-z0-9]+', req.system.summary.lower()))} "
    for entity in req.data.entities:
        noun = words_of(entity.name).lower()
        if f" {noun} " in said or f" {english.plural(noun)} " in said:
            return entity
    return req.data.entities[0]


def _refers(req: Requirements, entity: Entity) -> bool:
    """Whether a record refers to another record or another record refers to it."""
    own = any(t.kind == "ref" and t.target != entity.name for t in entity.fields.values())
    return own or any(t.target == entity.name for e in req.data.entities if e is not entity for t in e.fields.values())


def _plan_of(req: Requirements, shape: Shape) -> Entity | None:
    """The record that carries a plan (MealPlan), by the words that carry the capability."""
    from archgen.knowledge.duties import duty_words

    carriers = next(f.carriers for f in duty_words().features if f.name == shape.feature)
    return next((e for e in req.data.entities if set(words_of(e.name).lower().split()) & carriers), None)


def _wanted(req: Requirements, shape: Shape, promised: set[str]) -> bool:
    """Whether a shape is proposed: the summary promises its capability and nothing carries it, or (for a plan)
    the record that carries the plan places nothing on it."""
    if shape.feature in promised:
        return True
    if shape.plan is None:
        return False
    from archgen.design.duties import _phrases

    plan = _plan_of(req, shape)
    named = any(f" {w} " in _phrases(req.system.summary) for w in _feature_words(shape.feature))
    return named and plan is not None and not _refers(req, plan)


def _feature_words(feature: str) -> frozenset[str]:
    from archgen.knowledge.duties import duty_words

    return next(f.words for f in duty_words().features if f.name == feature)


def propose(req: Requirements, assumptions: list[Assumption], assumed: bool) -> Requirements:
    """The questionnaire with the records and use cases each promised capability implies, each proposal said
    aloud as an assumption. When the use cases were `assumed` too, all of them share the stated request rate."""
    from archgen.design.duties import carriers_of, promised
    from archgen.requirements.contents import PROPOSED, contents_key
    from archgen.requirements.resolve import Assumption

    # fields proposed for a record of a known kind (a recipe's source address) carry no capability by themselves
    proposed = {a.key for a in assumptions if a.reason.startswith(PROPOSED)}
    entities = [(e.name, [] if contents_key(e.name) in proposed else list(e.fields)) for e in req.data.entities]
    open_ = {f.name for f in promised(req.system.summary, carriers_of(req, entities, []))}
    shapes = [s for s in capabilities().shapes if _wanted(req, s, open_)]
    if not shapes:
        return req
    subject = subject_of(req)
    added: list[Entity] = []
    cases: list[UseCase] = []
    for shape in shapes:
        values = _values(subject.name)
        if shape.plan is not None:
            plan = _plan_of(req, shape)
            if plan is None:
                plan = _entity(shape.plan, values)
                added.append(plan)
            values |= {"Plan": plan.name, "plan": words_of(plan.name).lower(), "plan_field": _snake(plan.name)}
        made = [_entity(e, values) for e in shape.entities]
        known = {e.name for e in (*req.data.entities, *added)}
        made = [e for e in made if e.name not in known]
        added += made
        ucs = [
            UseCase.model_validate(
                {
                    "name": _fill(u.name, values).capitalize(),
                    "reads": [_fill(r, values) for r in u.reads],
                    "writes": [_fill(w, values) for w in u.writes],
                    "frequency_per_user_per_day": u.frequency,
                    **({"async": True} if u.async_ else {}),
                }
            )
            for u in shape.use_cases
        ]
        cases += ucs
        names = [e.name for e in made] or [values.get("Plan", subject.name)]
        assumptions.append(
            Assumption(
                key=f"system.summary[{shape.feature}]",
                value=f"{english.join(names)}; {english.join(u.name for u in ucs)}",
                reason=f"proposed: {_fill(shape.why, values)}",
            )
        )
    data = req.data.model_copy(update={"entities": [*req.data.entities, *added], "domains": _placed(req, added)})
    every = [*req.use_cases, *cases]
    if assumed:  # the stated rate is all the questionnaire says: the proposals take their share of it
        scale = req.load.requests_per_user_per_day / sum(u.frequency_per_user_per_day for u in every)
        every = [_scaled(u, scale) for u in every]
    return req.model_copy(update={"data": data, "use_cases": every})


def _placed(req: Requirements, added: list[Entity]) -> list[Domain]:
    """The stated domains, the proposed records joining the domain of the record they act on."""
    domains = list(req.data.domains)
    if not domains:
        return domains
    subject = subject_of(req).name
    home = next((i for i, d in enumerate(domains) if subject in d.entities), 0)
    names = [*domains[home].entities, *(e.name for e in added)]
    domains[home] = domains[home].model_copy(update={"entities": names})
    return domains


def _scaled(use_case: UseCase, scale: float) -> UseCase:
    return use_case.model_copy(update={"frequency_per_user_per_day": use_case.frequency_per_user_per_day * scale})


def _values(subject: str) -> dict[str, str]:
    noun = words_of(subject).lower()
    return {"Subject": subject, "subject": noun, "subjects": english.plural(noun), "subject_field": _snake(subject)}


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _entity(shape: ShapeEntity, values: dict[str, str]) -> Entity:
    return Entity.model_validate(
        {
            "name": _fill(shape.name, values),
            "description": _fill(shape.description, values),
            "fields": {_fill(k, values): _fill(v, values) for k, v in shape.fields.items()},
            "access": [_fill(a, values) for a in shape.access],
        }
    )
