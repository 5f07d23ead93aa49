"""Standard protocols (SCIM 2.0, OpenID Connect sign-in, FHIR R4, outbound webhooks, providers' webhooks): their
operations, parameters, schemas and the house conventions they are exempt from (archgen/knowledge/protocols.yaml)."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from archgen.common import yamlio

Convention = Literal["if_match", "idempotency_key", "cursor_pages", "problem_errors", "versioned_path"]
Json = dict[str, Any]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Operation(_Strict):
    """One operation the protocol defines."""

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    action: str
    summary: str
    detail: str = ""
    required: bool = Field(description="Whether the protocol's clients cannot work without it.")
    params: list[str] = Field(default_factory=list)
    request: str | None = None
    response: str | None = None
    status: int | None = None


class Protocol(_Strict):
    """A standard the design serves under its own prefix, with its own conventions."""

    name: str = ""
    standard: str
    words: frozenset[str]
    prefix: str
    media_type: str = "application/json"
    exempt: frozenset[Convention] = frozenset()
    errors: str | None = None
    operations: list[Operation]
    params: dict[str, Json] = Field(default_factory=dict)
    schemas: dict[str, Json] = Field(default_factory=dict)
    callback_paths: list[str] = Field(default_factory=list)
    resources: dict[str, list[str]] = Field(default_factory=dict)
    sign_in: list[str] = Field(default_factory=list)
    security: dict[str, Json] = Field(
        default_factory=dict, description="The scheme its operations take instead of the house ones (by name)."
    )

    def says(self, text: str, words: frozenset[str] | list[str] | None = None) -> bool:
        """Whether the text names one of the words (the protocol's own by default), as whole words."""
        lower = text.lower()
        return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lower) for w in (words or self.words))

    def owns(self, path: str) -> bool:
        """Whether the path is one of this protocol's."""
        return path == self.prefix or path.startswith(self.prefix + "/")

    def operation(self, method: str, path: str) -> Operation | None:
        """The protocol's operation a method and path stand for (a FHIR resource path matches its template)."""
        for op in self.operations:
            if op.method == method and _matches(op.path, path):
                return op
        return None


class Header(_Strict):
    name: str
    description: str


class Webhooks(_Strict):
    """How the system signs and delivers the events it pushes to subscribers."""

    pattern: str
    standard: str
    headers: list[Header]
    retries: str
    secret_words: frozenset[str]
    secret_once: str


class Provider(_Strict):
    """A system that calls in with webhooks, by its own event names and signature."""

    name: str
    words: frozenset[str]
    signature_header: str
    events: list[str]


class Protocols(_Strict):
    protocols: dict[str, Protocol]
    webhooks: Webhooks
    providers: list[Provider]
    default_event: str

    def of_path(self, path: str) -> Protocol | None:
        """The protocol whose prefix the path lies under (the longest, so /auth/saml is SAML's, not sign-in's)."""
        owning = [p for p in self.protocols.values() if p.owns(path)]
        return max(owning, key=lambda p: len(p.prefix), default=None)

    def provider(self, text: str) -> Provider | None:
        """The provider the text names (an integration's name and kind), by whole words."""
        said = set(_words(text))
        return next((p for p in self.providers if any(_said(w, said, text) for w in p.words)), None)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _said(word: str, said: set[str], text: str) -> bool:
    return word in said if " " not in word else word in text.lower()


def _matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{resource\\\}", r"[A-Z][A-Za-z]+", re.escape(template))
    pattern = re.sub(r"\\\{[a-z_]+\\\}", r"\\{[^/]+\\}", pattern)
    return re.fullmatch(pattern, path) is not None


@functools.cache
def protocols() -> Protocols:
    """The protocols, read once."""
    text = resources.files("archgen.knowledge").joinpath("protocols.yaml").read_text(encoding="utf-8")
    raw = yamlio.parse(text, "protocols.yaml").data
    for name, body in raw["protocols"].items():
        body["name"] = name
    return Protocols.model_validate(raw)
