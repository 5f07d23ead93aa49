"""What a region's loss does by the role it plays (archgen/knowledge/region_loss.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class RoleLoss(BaseModel):
    """A region role's row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    blast_radius: str
    mitigation: str
    degraded: str
    # said instead when the standby is promoted by health checks, without a person (a hot standby)
    automatic_mitigation: str | None = None
    automatic_degraded: str | None = None


class Takeover(BaseModel):
    """What stands in for a component of a kind when it fails."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: tuple[str, ...]
    takeover: str


class RegionLoss(BaseModel):
    """region_loss.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    primary_blast: str
    primary_reads: str
    primary_cell: str
    roles: dict[str, RoleLoss]
    takeovers: tuple[Takeover, ...]
    no_takeover: tuple[str, ...]

    def takeover(self, kind: str) -> str | None:
        """The takeover for a component of this kind, if one is known."""
        lowered = kind.lower()
        found = next((t for t in self.takeovers if any(w in lowered for w in t.words)), None)
        return found.takeover if found else None


@functools.cache
def region_loss() -> RegionLoss:
    """The shipped wording."""
    return shipped("region_loss.yaml", RegionLoss)
