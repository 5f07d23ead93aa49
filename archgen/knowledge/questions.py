"""The assumptions that shape a design too much to leave unconfirmed, and the open question each raises
(assumption_questions.yaml)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

from archgen.common.english import format_with_articles
from archgen.requirements.resolve import Assumption


@dataclass(frozen=True)
class Asked:
    """The open question one assumption raises."""

    assumption: Assumption
    question: str
    context: str


@functools.cache
def _specs() -> list[tuple[re.Pattern[str], str, str]]:
    text = resources.files("archgen.knowledge").joinpath("assumption_questions.yaml").read_text("utf-8")
    specs: list[dict[str, str]] = YAML(typ="safe", pure=True).load(text)
    return [(re.compile(re.escape(s["key"]).replace(r"\*", "(.+?)") + "$"), s["question"], s["context"]) for s in specs]


def questions_for(assumptions: Iterable[Assumption]) -> Iterator[Asked]:
    """The questions the shaping assumptions among `assumptions` raise, in the file's order."""
    listed = list(assumptions)
    for pattern, question, context in _specs():
        for assumption in listed:
            found = pattern.match(assumption.key)
            if found is None:
                continue
            values = {"value": assumption.value, "name": found.group(1) if found.groups() else ""}
            yield Asked(assumption, format_with_articles(question, **values), format_with_articles(context, **values))
