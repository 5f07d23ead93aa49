"""The questions a review must settle about records' lifecycles (lifecycle_questions.yaml): periods no one gave to
a timer, and open records of people who leave."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML


@dataclass(frozen=True)
class Raised:
    """A question, its context, and the risk it stands for when there is one."""

    question: str
    context: str
    risk: dict[str, str] | None = None


@dataclass(frozen=True)
class LifecycleQuestions:
    """One entry per situation a lifecycle leaves to policy."""

    lapse: Raised
    leaver: Raised
    staff_records: frozenset[str]


@functools.cache
def lifecycle_questions() -> LifecycleQuestions:
    """The questions, as the YAML file gives them."""
    text = resources.files("archgen.knowledge").joinpath("lifecycle_questions.yaml").read_text("utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    staff = frozenset(data.pop("staff_records"))
    return LifecycleQuestions(**{key: Raised(**value) for key, value in data.items()}, staff_records=staff)
