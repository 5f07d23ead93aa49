"""How people sign in: what a cloud's platform does in front of the application, the words that say where sign-in
happens, and the attributes of a person the identity provider owns (archgen/knowledge/sign_in.yaml)."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EdgeSignIn(_Strict):
    """A platform's own sign-in in front of the application."""

    cloud: str
    name: str
    short: str
    fronts: frozenset[str]
    callback: str
    header: str
    offers: str
    source: str


class ProviderOwned(_Strict):
    """The attributes of a person the identity provider owns."""

    claims: frozenset[str]
    directory: frozenset[str]
    claim_source: str
    directory_source: str

    def source(self, field: str) -> str:
        """Where the server takes a field the provider owns from: the token's claim, or the directory."""
        name = field.lower()
        template = self.claim_source if name in self.claims else self.directory_source
        return template.format(name=name.replace("_", " "))


class SignIn(_Strict):
    """sign_in.yaml."""

    edge: tuple[EdgeSignIn, ...]
    edge_words: tuple[str, ...]
    tenant_words: tuple[str, ...]
    provider_owned: ProviderOwned
    framework_session: str

    def edge_for(self, cloud: str, compute: str) -> EdgeSignIn | None:
        """The platform's sign-in that stands in front of a compute of a cloud, if it has one."""
        return next((e for e in self.edge if e.cloud == cloud and compute in e.fronts), None)

    def owned(self, field: str, directory: bool) -> bool:
        """Whether the identity provider owns a field of a person's record (a directory also owns its own)."""
        name = field.lower()
        return name in self.provider_owned.claims or (directory and name in self.provider_owned.directory)

    def says_edge(self, text: str) -> bool:
        return _says(text, self.edge_words)

    def says_tenant(self, text: str) -> bool:
        return _says(text, self.tenant_words)


def _says(text: str, words: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lower) for w in words)


@functools.cache
def sign_in_knowledge() -> SignIn:
    """The shipped sign-in knowledge, read once."""
    return shipped("sign_in.yaml", SignIn)
