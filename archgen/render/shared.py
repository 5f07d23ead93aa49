"""What several elements of a design have in common, said once: the sentences their texts share, and the table
rows that differ only by the element they name. A page states the shared part where it owns it and gives each
element only what differs for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# a sentence ends at a full stop, question or exclamation mark followed by a capital (not at "e.g. the" or "3.5")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Shared:
    """Sentences said of more than one element (the same elements): said once, naming the elements."""

    sentences: tuple[str, ...]
    names: tuple[str, ...]
    every: bool  # said of every element

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing full stop."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def _key(sentence: str) -> str:
    return sentence.rstrip(".").strip().lower()


def shared_sentences(names: Iterable[str], texts: Iterable[str]) -> list[Shared]:
    """The sentences found in more than one of the texts (one per element, in the order of `names`), in the order
    they first appear."""
    named = list(zip(names, texts, strict=True))
    where: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for name, text in named:
        for sentence in sentences(text):
            key = _key(sentence)
            if name not in where.setdefault(key, []):
                where[key].append(name)
            first.setdefault(key, sentence)
    by_names: dict[tuple[str, ...], list[str]] = {}  # sentences said of the same elements go together
    for key, found in where.items():
        if len(found) > 1:
            by_names.setdefault(tuple(found), []).append(first[key])
    return [Shared(tuple(said), names, len(names) == len(named)) for names, said in by_names.items()]


def own_text(text: str, shared: Sequence[Shared]) -> str:
    """A text without the sentences said once for several elements: what it says of its element alone."""
    said = {_key(sentence) for s in shared for sentence in s.sentences}
    return " ".join(s for s in sentences(text) if _key(s) not in said)


# a clause said of several rows is written once as a note when it is this long and this common: shorter ones read
# better in place
NOTE_CLAUSE_CHARS = 80
NOTE_CLAUSE_ROWS = 3
# the pronoun a clause takes for one field or several ("reads it only", "reads them only")
_PRONOUN = re.compile(r"\b(it|them)\b")


def _clause_key(clause: str) -> str:
    return _PRONOUN.sub("_", clause.strip().lower())


def clauses(items: Sequence[str]) -> list[str]:
    """The clauses of a row's items: each item split at '; ' outside brackets."""
    out: list[str] = []
    for item in items:
        depth, start = 0, 0
        for i, char in enumerate(item):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and item.startswith("; ", i):
                out.append(item[start:i])
                start = i + 2
        out.append(item[start:])
    return [c for c in out if c]


def shared_clauses(rows: Iterable[Sequence[str]]) -> list[str]:
    """The long clauses that several rows of a table repeat (each row a list of items, split at '; '), said once as
    notes above it, in the order they first appear; a clause said of one field and of several ('it', 'them') is
    the same note."""
    seen: dict[str, list[int]] = {}
    first: dict[str, str] = {}
    for i, items in enumerate(rows):
        for clause in clauses(items):
            key = _clause_key(clause)
            if len(clause) >= NOTE_CLAUSE_CHARS and i not in seen.setdefault(key, []):
                seen[key].append(i)
                first.setdefault(key, clause)
            if " them " in f" {clause} ":
                first[key] = clause  # the note speaks of the fields in the plural
    return [first[k] for k, found in seen.items() if len(found) >= NOTE_CLAUSE_ROWS]


def own_clauses(items: Sequence[str], notes: Sequence[str]) -> list[str]:
    """A row's clauses with each one said as a note replaced by its number ('see note 1'), each note once."""
    numbered = {_clause_key(n): i for i, n in enumerate(notes, start=1)}
    out: list[str] = []
    for clause in clauses(items):
        said = f"see note {numbered[_clause_key(clause)]}" if _clause_key(clause) in numbered else clause
        if said not in out:
            out.append(said)
    return out


@dataclass(frozen=True)
class Group:
    """Rows of a table that say the same of several elements: one row naming each of them."""

    names: tuple[str, ...]
    row: Any  # the first row of the group: every field but the named ones is the same in all
    differing: tuple[tuple[str, str], ...]  # (names, value) of the one field allowed to differ, when it does
    ending: str = ""  # the words every differing value ends with, taken off each and said once


def grouped(rows: Iterable[Any], name: str, same: Sequence[str], own: str | None = None) -> list[Group]:
    """Rows whose fields `same` are equal, one group each (in the order of their first row). `own` names the field
    that may differ from row to row: the group keeps each row's value of it when they are not all equal."""
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        groups.setdefault(tuple(getattr(row, f) for f in same), []).append(row)
    out = []
    for members in groups.values():
        values = [(getattr(r, name), getattr(r, own)) for r in members] if own else []
        differs = len({v for _, v in values}) > 1
        ending = _common_ending([v for _, v in values]) if differs else ""
        if ending:
            values = [(n, v[: len(v) - len(ending)].rstrip(" ;,")) for n, v in values]
        by_value: dict[str, list[str]] = {}
        for n, v in values:  # elements with the same value are named together
            by_value.setdefault(v, []).append(n)
        values = [(", ".join(names), v) for v, names in by_value.items()]
        out.append(
            Group(
                tuple(getattr(r, name) for r in members),
                members[0],
                tuple(values) if differs else (),
                ending.strip(" ;,"),
            )
        )
    return out


def _common_ending(values: Sequence[str], least: int = 4) -> str:
    """The words (at least `least`) every value ends with, each keeping at least one word of its own."""
    split = [v.split(" ") for v in values]
    size = 0
    while all(len(words) > size + 1 for words in split) and len({tuple(w[-size - 1 :]) for w in split}) == 1:
        size += 1
    # only a whole clause is said once ("…is delayed; requests are not affected"): an ending that starts inside
    # one would cut a name or a verb from its subject ("Place order, which…" and "Ship order, which…")
    while size >= least and not all(w[-size - 1].endswith((",", ";", ":")) for w in split):
        size -= 1
    return " " + " ".join(split[0][-size:]) if size >= least else ""


def formula_names(formulas: Iterable[str], words: int = 6) -> dict[str, str]:
    """A short name (F1, F2, …) for each formula of at least `words` words that more than one figure uses, so a
    table states it once and each row names it."""
    seen: dict[str, int] = {}
    for formula in formulas:
        seen[formula] = seen.get(formula, 0) + 1
    shared = [f for f, n in seen.items() if n > 1 and len(f.split()) >= words]
    return {f: f"F{i}" for i, f in enumerate(shared, start=1)}


def same_for_all(rows: Sequence[Any], field: str) -> Any:
    """The value of `field` when more than one row has it and every row has the same, else None: a table then says it
    once above its rows instead of in a column of copies."""
    values = {getattr(r, field) for r in rows}
    return next(iter(values)) if len(rows) > 1 and len(values) == 1 else None
