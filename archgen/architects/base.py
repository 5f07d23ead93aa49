"""The architect interface: one method from loaded requirements to a Design."""

from __future__ import annotations

from typing import Protocol

from archgen.design.model import Design
from archgen.requirements import Loaded


class Architect(Protocol):
    """Anything that turns requirements into a design: the rules engine, Claude, or a test fake."""

    name: str

    def design(self, loaded: Loaded) -> Design:
        """Produce a complete, validated design for `loaded`."""
        ...
