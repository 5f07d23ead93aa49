"""Languages and web frameworks (archgen/knowledge/runtimes.yaml): the names a team's skills give them, what each
framework brings, and how a deployable's runtime text names them."""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Throughput = Literal["modest", "high", "very-high"]
THROUGHPUT_RANK = {"modest": 0, "high": 1, "very-high": 2}


class Shapes(BaseModel):
    """The thresholds of the system shapes that choose a framework when the team names none."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    records_max_peak_rps: float
    high_rate_rps: float


class Language(BaseModel):
    """A programming language, the words a team writes for it and the framework chosen when nothing decides."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aka: tuple[str, ...]
    default: str


class Framework(BaseModel):
    """A web framework and what it brings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    languages: tuple[str, ...]
    aka: tuple[str, ...]
    admin: bool
    orm: bool
    pages: bool
    async_io: bool
    throughput: Throughput
    strengths: tuple[str, ...]
    costs: tuple[str, ...]


class Runtimes(BaseModel):
    """runtimes.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shapes: Shapes
    learning_words: tuple[str, ...]
    fallback: str
    languages: dict[str, Language]
    frameworks: dict[str, Framework]

    def label(self, language: str, framework: str) -> str:
        """A deployable's runtime text, e.g. Python (Django)."""
        return f"{self.languages[language].name} ({self.frameworks[framework].name})"

    def frameworks_of(self, language: str) -> list[str]:
        """The frameworks written in a language, its default first."""
        default = self.languages[language].default
        return [default, *(k for k, f in self.frameworks.items() if language in f.languages and k != default)]

    def language_of_skill(self, skill: str) -> str | None:
        """The language a skill names (`golang` → go), if any."""
        word = _word(skill)
        return next((k for k, lang in self.languages.items() if word in lang.aka), None)

    def framework_of_skill(self, skill: str) -> str | None:
        """The framework a skill names (`spring` → spring-boot), if any."""
        word = _word(skill)
        return next((k for k, f in self.frameworks.items() if word in f.aka), None)

    def known_languages(self, skills: list[str]) -> list[str]:
        """The languages a team knows, in the order of its skills: those it names and those of the frameworks it
        names (a team that knows Django knows Python)."""
        out: list[str] = []
        for skill in skills:
            language = self.language_of_skill(skill)
            framework = self.framework_of_skill(skill)
            found = [language] if language else list(self.frameworks[framework].languages[:1]) if framework else []
            out += [k for k in found if k not in out]
        return out

    def team_frameworks(self, skills: list[str], language: str) -> list[tuple[str, str]]:
        """The frameworks of a language the team's skills name, with the skill that names each, in their order."""
        out: list[tuple[str, str]] = []
        for skill in skills:
            framework = self.framework_of_skill(skill)
            if framework and language in self.frameworks[framework].languages and framework not in dict(out):
                out.append((framework, skill))
        return out

    def parse(self, runtime: str) -> tuple[str | None, str | None]:
        """The language and framework a deployable's runtime text names (either may be None)."""
        text = runtime.lower()
        language = _first(text, {k: lang.aka for k, lang in self.languages.items()})
        framework = _first(text, {k: (*f.aka, f.name.lower()) for k, f in self.frameworks.items()})
        if language is None and framework is not None:
            language = self.frameworks[framework].languages[0]
        return language, framework

    def names_framework(self, text: str, framework: str) -> bool:
        """Whether `text` names a framework (by its name or a word a team writes for it)."""
        f = self.frameworks[framework]
        return _first(text.lower(), {framework: (*f.aka, f.name.lower())}) is not None

    def names_language(self, text: str, language: str) -> bool:
        """Whether `text` names a language."""
        return _first(text.lower(), {language: self.languages[language].aka}) is not None


def _word(skill: str) -> str:
    return skill.strip().lower().replace("_", "-")


def _first(text: str, names: dict[str, tuple[str, ...]]) -> str | None:
    """The key whose name appears earliest in `text` as a whole word."""
    best: tuple[int, str] | None = None
    for key, words in names.items():
        for word in words:
            found = re.search(rf"(?<![\w.#+/-]){re.escape(word)}(?![\w#+/-])", text)
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), key)
    return best[1] if best else None


@functools.cache
def runtimes() -> Runtimes:
    """The shipped runtime knowledge."""
    return shipped("runtimes.yaml", Runtimes)
