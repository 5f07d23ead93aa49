"""Per-person relation rules: a like, a follow or a save exists once per (object, person), enforced by its key
(archgen/design/natural_keys.py)."""

from __future__ import annotations

from archgen.design.natural_keys import enforced, pair_key
from archgen.review.engine import Found, Problem, Subject, rule


@rule("API182", "error", "data", "Per-person relation without a unique pair")
def relation_without_pair_key(subject: Subject) -> Found:
    """A record that only says a person did something to another record (liked a post, followed a member) is
    kept by its own random id, and nothing makes the pair of the two unique. A retried or doubled tap stores a
    second like, counts drift, and whether the reader liked a post needs a scan of their likes. Key it by the pair
    with a unique index (or make the pair its key) and let clients put or delete it on the pair."""
    for i, entity in enumerate(subject.design.entities):
        pair = pair_key(entity)
        if pair and not enforced(entity, pair):
            yield Problem(
                element=f"entity {entity.name}",
                at=("entities", i, "indexes"),
                message=f"keeps one {entity.name} per {pair[1]} and {pair[0]} by nothing but its id, so the same "
                "person can make it twice",
                fix=f"add a unique index on ({', '.join(pair)}) and address it by the pair "
                f"(PUT and DELETE on the {pair[0]}'s path)",
            )
