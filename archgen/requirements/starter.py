"""`archgen init`: an annotated questionnaire that validates as written, optionally filled in by prompts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archgen.errors import InputError
from archgen.requirements.fieldtypes import NAME_PATTERN


@dataclass
class Answers:
    """The main questions of a first architecture meeting, with sensible defaults."""

    name: str = "My System"
    summary: str = "What the system does and for whom, in a sentence or two."
    domain: str = "general"
    daily_active: int = 5_000
    regions: list[str] = field(default_factory=lambda: ["europe"])
    entities: list[str] = field(default_factory=lambda: ["Account", "Item"])
    availability: float = 99.9
    cloud: str = "any"
    engineers: int = 6


def ask(prompt: Callable[..., Any]) -> Answers:
    """Ask each question with `prompt` (typer.prompt in the CLI), keeping the defaults on Enter."""
    d = Answers()
    name = prompt("System name", default=d.name)
    summary = prompt("What does it do, for whom?", default=d.summary)
    domain = prompt("Business domain", default=d.domain)
    daily_active = prompt("Daily active users", default=d.daily_active, type=int)
    regions = prompt(
        "Where are the users (comma-separated: europe, north-america, asia, global)", default=", ".join(d.regions)
    )
    entities = prompt("Main kinds of records (comma-separated, e.g. Customer, Order)", default=", ".join(d.entities))
    availability = prompt("Availability target in percent", default=d.availability, type=float)
    cloud = prompt("Cloud (aws, gcp, azure, on-prem, any)", default=d.cloud)
    engineers = prompt("Engineers on the team", default=d.engineers, type=int)
    names = [_entity_name(e) for e in str(entities).split(",") if e.strip()]
    return Answers(
        name=str(name),
        summary=str(summary),
        domain=str(domain),
        daily_active=int(daily_active),
        regions=[r.strip() for r in str(regions).split(",") if r.strip()] or d.regions,
        entities=list(dict.fromkeys(names)) or d.entities,
        availability=float(availability),
        cloud=str(cloud).strip(),
        engineers=int(engineers),
    )


def _entity_name(text: str) -> str:
    """An identifier from a typed name: 'order line' → 'OrderLine'."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not re.match(NAME_PATTERN, name):
        raise InputError(f"'{text.strip()}' cannot be an entity name; use letters and digits, starting with a letter")
    return name


def render_starter(answers: Answers, file_name: str) -> str:
    """The questionnaire text for `answers`."""
    from archgen.render.environment import environment

    return environment().get_template("questionnaire.yaml.jinja").render(answers=answers, file_name=file_name)


def write_starter(path: Path, answers: Answers, force: bool = False) -> None:
    """Write the questionnaire, refusing to overwrite an existing file unless `force`; checked before writing."""
    from archgen import yamlio
    from archgen.requirements.load import parse_requirements

    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another path or pass --force")
    text = render_starter(answers, path.name)
    parse_requirements(yamlio.parse(text, str(path), "questionnaire"))  # what we write must validate
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror})") from None
