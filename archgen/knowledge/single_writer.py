"""Which flow steps change what a store holds (archgen/knowledge/single_writer.yaml)."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class SingleWriter(BaseModel):
    """single_writer.yaml: the first words of a step that writes a store, and the words of a derived field's source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    write_verbs: tuple[str, ...]
    derived_words: tuple[str, ...]
    kept_words: tuple[str, ...]

    def writes(self, message: str) -> bool:
        """Whether a flow step's message starts by changing what its store holds."""
        first = re.match(r"[\w-]+", message.strip())
        return first is not None and first.group(0).lower() in self.write_verbs

    def unkept(self, source: str) -> bool:
        """Whether a field's source derives it from other records yet names nothing that keeps it."""
        said = source.lower()
        derived = any(re.search(rf"\b{re.escape(w)}\b", said) for w in self.derived_words)
        return derived and not any(w in said for w in self.kept_words)


@functools.cache
def single_writer() -> SingleWriter:
    """The shipped single-writer knowledge."""
    return shipped("single_writer.yaml", SingleWriter)
