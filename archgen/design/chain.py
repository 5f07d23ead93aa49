"""Amounts bound along a money chain (archgen/knowledge/accounts.yaml): the record an approval's, a decision's or a
payment's amount is read from, so the number a limit is checked against is the number that is paid."""

from __future__ import annotations

import re
from collections.abc import Iterable

from archgen.design.model import EntityDesign, StoredField
from archgen.knowledge.accounts import accounts
from archgen.knowledge.money import name_words
from archgen.requirements.model import UseCase

NUMBERS = ("decimal", "money", "integer", "int", "float", "number")


def is_amount(field: StoredField) -> bool:
    """Whether a field is an amount of money (amount, assessed_amount), not a limit on one."""
    words = accounts()
    named = field.name == words.amount_field or field.name.endswith(f"_{words.amount_field}")
    return named and field.type.split("[")[0] in NUMBERS and not name_words(field.name) & set(words.limits)


def _refs(entity: EntityDesign) -> set[str]:
    return {m.group(1) for f in entity.fields if (m := re.fullmatch(r"ref\[(\w+)\]", f.type))}


def _derives(entity: EntityDesign, other: EntityDesign) -> bool:
    """Whether `entity` derives from `other`: it refers to it, or both refer to one record (a claim's approval and
    its assessment)."""
    mine, theirs = _refs(entity), _refs(other)
    return other.name in mine or bool(mine & theirs)


def _candidates(use_cases: Iterable[UseCase], entities: dict[str, EntityDesign], entity: EntityDesign) -> set[str]:
    """The records, each with a single amount, that the writers of `entity` read without writing and that it
    derives from."""
    out: set[str] = set()
    for use_case in use_cases:
        if entity.name not in use_case.writes:
            continue
        for name in use_case.reads:
            other = entities.get(name)
            if other is None or name in use_case.writes or name == entity.name:
                continue
            if len([f for f in other.fields if is_amount(f)]) == 1 and _derives(entity, other):
                out.add(name)
    return out


def bound_amounts(
    use_cases: Iterable[UseCase], entities: Iterable[EntityDesign]
) -> dict[tuple[str, str], tuple[str, str]]:
    """(record, amount field) → (record it derives from, its amount field), for every record that approves, decides
    or pays and carries a single amount. Of two sources, the one whose own amount comes from the other wins."""
    use_cases = list(use_cases)
    by_name = {e.name: e for e in entities}
    binding = set(accounts().binding)
    found: dict[str, set[str]] = {}
    for entity in by_name.values():
        amounts = [f for f in entity.fields if is_amount(f)]
        if len(amounts) == 1 and name_words(entity.name) & binding:
            found[entity.name] = _candidates(use_cases, by_name, entity)
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for name, sources in found.items():
        upstream = {s for c in sources for s in found.get(c, set())}
        chosen = sorted(sources - upstream)
        if len(chosen) != 1:
            continue
        field = next(f.name for f in by_name[name].fields if is_amount(f))
        source = next(f.name for f in by_name[chosen[0]].fields if is_amount(f))
        out[(name, field)] = (chosen[0], source)
    return out


def bound_source(record: str, field: str) -> str:
    """The server's word for an amount read from the record it derives from."""
    return accounts().bound_source.format(record=record, field=field)
