"""The technology and network catalogs as typed data: what each technology can do, and where each cloud runs.

The shipped files live beside this module; `--catalog DIR` adds to them: a technology listed there for a cloud
and role comes before the shipped ones (and replaces a shipped entry of the same name), and a network file there
replaces the shipped round trips or regions it names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from archgen.common import yamlio
from archgen.common.errors import InputError
from archgen.common.validation import problems_from

Replication = Literal["synchronous", "asynchronous", "none"]
Scaling = Literal["vertical", "horizontal", "serverless"]
Writers = Literal["single", "multi"]
Indexing = Literal["none", "local", "global"]
Uniqueness = Literal["none", "key", "partition", "any"]
Atomicity = Literal["none", "single-row", "single-partition", "batch", "multi-row"]
Locking = Literal["pessimistic", "optimistic"]
Expiry = Literal["none", "partition", "record", "member"]
Copies = Literal["primary-standby", "consensus", "leaderless", "service"]
Sharding = Literal["none", "native"]

# Capabilities whose values form a scale: an engine higher up the scale also does what the lower values promise.
SCALES: dict[str, tuple[str, ...]] = {
    "secondary_indexes": ("none", "local", "global"),
    "unique": ("none", "key", "partition", "any"),
    "transactions": ("none", "single-row", "single-partition", "batch", "multi-row"),
    "ttl": ("none", "partition", "record", "member"),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Features(_Strict):
    """What an engine's data model can do (technologies.yaml explains each); a capability not given is not assumed."""

    keyed: bool | None = None
    secondary_indexes: Indexing | None = None
    unique: Uniqueness | None = None
    fulltext: bool | None = None
    geo: bool | None = None
    transactions: Atomicity | None = None
    locking: Locking | None = None
    ttl: Expiry | None = None
    range_partitions: bool | None = None
    triggers: bool | None = None
    foreign_keys: bool | None = None
    counters: bool | None = None
    rollups: bool | None = None
    change_stream: bool | None = None
    compression: bool | None = None
    sharding: Sharding | None = None
    copies: Copies | None = None
    dialect: str | None = None
    row_security: bool | None = Field(None, description="Row-level security policies the engine enforces itself.")
    key_commits_per_s: float | None = Field(
        None, gt=0, description="Writes a second one key commits under the engine's concurrency control."
    )

    def has(self, need: Features) -> bool:
        """Whether this engine does everything `need` asks (at least as much on a scale; unknown fails)."""
        for name in need.model_fields_set:
            wanted, own = getattr(need, name), getattr(self, name)
            if wanted is None:
                continue
            if own is None:
                return False
            scale = SCALES.get(name)
            if scale is not None:
                if scale.index(own) < scale.index(wanted):
                    return False
            elif own != wanted:
                return False
        return True

    def lacks(self, need: Features) -> list[str]:
        """The capabilities of `need` this engine does not have, as `name: value` (empty when it has them all)."""
        return [
            f"{name}: {str(getattr(need, name)).lower()}"
            for name in sorted(need.model_fields_set)
            if getattr(need, name) is not None and not self.has(Features.model_validate({name: getattr(need, name)}))
        ]


def combined(needs: list[Features]) -> Features:
    """Everything a list of needs asks at once (the most of each scale; the first word for the others)."""
    merged: dict[str, object] = {}
    for need in needs:
        for name in need.model_fields_set:
            value, known = getattr(need, name), merged.get(name)
            scale = SCALES.get(name)
            if value is None:
                continue
            if known is None or (scale is not None and scale.index(value) > scale.index(str(known))):
                merged[name] = value
            elif isinstance(value, bool) and value:
                merged[name] = True
    return Features.model_validate(merged)


class Engine(Features):
    """A database engine: the name designs give it and what its data model can do."""

    name: str = Field(min_length=1)
    fulltext_index: str | None = Field(None, description="How it builds a full-text index, in a design's words.")


class Technology(_Strict):
    """One technology and what it can do (every capability optional: unknown is not assumed)."""

    name: str = Field(min_length=1)
    aka: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    zones: Replication | None = None
    regions: Replication | None = None
    failover_s: float | None = Field(None, ge=0)
    region_failover_s: float | None = Field(None, ge=0)
    replica_lag_s: float | None = Field(None, ge=0)
    pitr_s: float | None = Field(None, ge=0)
    backup_days: float | None = Field(None, ge=0)
    backup_region: Literal["chosen", "paired"] | None = None
    backup_lag_s: float | None = Field(None, ge=0, description="How far its backup copy in another region trails.")
    witness: bool = Field(False, description="Copies across regions: two full regions and a witness region.")
    standby_cluster: bool | None = Field(None, description="Whether it can feed a second cluster asynchronously.")
    durability: str | None = Field(None, description="The durability class an object store's copies are kept in.")
    writes_per_node: float | None = Field(None, ge=0)
    reads_per_node: float | None = Field(None, ge=0)
    storage_tb: float | None = Field(None, ge=0)
    min_storage_gb: float | None = Field(None, ge=0, description="Storage a node is provisioned with at least.")
    mb_per_node: float | None = Field(None, gt=0, description="MB/s in one broker node (or unit) carries.")
    partitions_per_node: float | None = Field(None, gt=0, description="Partition replicas one broker node holds.")
    min_nodes: int | None = Field(None, ge=1, description="Nodes the smallest cluster has.")
    scaling: Scaling | None = None
    region_writes: Writers | None = None
    managed: bool | None = Field(None, description="false: the team runs it (failover, backups and upgrades).")
    engine: str | None = None
    features: Features | None = Field(
        None, description="What this edition of the engine lacks or adds: it overrides the engine's capabilities."
    )
    price: str | None = None
    does: tuple[str, ...] | None = Field(
        None, description="What an edge component can do (the keys of edge_duties); unknown: nothing is judged."
    )

    def named(self, words: list[str]) -> bool:
        """Whether any of `words` (from must_use or avoid) names this technology."""
        text = " ".join([self.name.lower(), *self.aka])
        return any(w.lower() in text for w in words)


class Role(_Strict):
    """A job a technology does in a design."""

    kind: str
    what: str


class Claim(_Strict):
    """Words in a design's text that promise an engine feature, and the capability the feature needs."""

    words: tuple[str, ...] = Field(min_length=1)
    feature: str = Field(description="The feature in a few words, for findings: 'row locks (SELECT … FOR UPDATE)'.")
    needs: Features
    kinds: tuple[str, ...] = Field(
        ("relational",), description="The kinds of store a text promising it speaks of when it names none."
    )


class EdgeDuty(_Strict):
    """A duty callers' requests need at the edge, which not every edge component can do."""

    words: tuple[str, ...] = Field(min_length=1, description="Words a gateway's responsibility names it with.")
    holder: str = Field(description="Who does it when the gateway cannot, in words appended to the duty.")
    holders: tuple[str, ...] = Field(
        min_length=1, description="Words that name a holder other than the gateway in a responsibility."
    )


class TechnologyFile(_Strict):
    """technologies.yaml."""

    roles: dict[str, Role] = Field(default_factory=dict)
    engines: dict[str, Engine] = Field(default_factory=dict)
    denials: tuple[str, ...] = ()
    unfamiliar: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    locking_words: dict[str, dict[str, str]] = Field(default_factory=dict)
    edge_duties: dict[str, EdgeDuty] = Field(default_factory=dict)
    clouds: dict[str, dict[str, list[Technology]]] = Field(default_factory=dict)


class RegionInfo(_Strict):
    """A cloud region, the country and the area it lies in."""

    name: str
    country: str
    area: str


class NetworkFile(_Strict):
    """network.yaml."""

    rtt_ms: dict[str, dict[str, float]] = Field(default_factory=dict)
    regions: dict[str, list[RegionInfo]] = Field(default_factory=dict)


def _shipped(name: str) -> str:
    return resources.files("archgen.knowledge").joinpath(name).read_text("utf-8")


def _read(model: type[_Strict], text: str, file: str) -> Any:
    source = yamlio.parse(text, file)
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise InputError(*problems_from(exc, source, model)) from None


@functools.cache
def _shipped_technologies() -> TechnologyFile:
    result: TechnologyFile = _read(TechnologyFile, _shipped("technologies.yaml"), "technologies.yaml")
    return result


@functools.cache
def _shipped_network() -> NetworkFile:
    result: NetworkFile = _read(NetworkFile, _shipped("network.yaml"), "network.yaml")
    return result


@dataclass(frozen=True)
class Knowledge:
    """The technologies and the network the architects choose from (shipped, plus a user's catalog folder)."""

    technologies: TechnologyFile
    network: NetworkFile
    folder: Path | None = None

    @classmethod
    def load(cls, folder: Path | None = None) -> Knowledge:
        """The shipped catalogs, with a user's folder's files added on top."""
        technologies, network = _shipped_technologies(), _shipped_network()
        if folder is not None:
            if not folder.is_dir():
                what = "is a file, not a folder" if folder.exists() else "no such folder"
                raise InputError(f"{folder}: {what}; --catalog takes a folder of catalog files to add")
            extra = folder / "technologies.yaml"
            if extra.is_file():
                technologies = _merge_technologies(
                    technologies, _read(TechnologyFile, extra.read_text("utf-8"), str(extra))
                )
            extra = folder / "network.yaml"
            if extra.is_file():
                own: NetworkFile = _read(NetworkFile, extra.read_text("utf-8"), str(extra))
                network = NetworkFile(
                    rtt_ms={**network.rtt_ms, **own.rtt_ms}, regions={**network.regions, **own.regions}
                )
        return cls(technologies, network, folder)


def _merge_technologies(base: TechnologyFile, extra: TechnologyFile) -> TechnologyFile:
    clouds = {cloud: dict(roles) for cloud, roles in base.clouds.items()}
    for cloud, roles in extra.clouds.items():
        mine = clouds.setdefault(cloud, {})
        for role, entries in roles.items():
            names = {t.name for t in entries}
            mine[role] = [*entries, *(t for t in mine.get(role, []) if t.name not in names)]
    return TechnologyFile(
        roles={**base.roles, **extra.roles},
        engines={**base.engines, **extra.engines},
        denials=(*extra.denials, *base.denials),
        unfamiliar=(*extra.unfamiliar, *base.unfamiliar),
        claims=(*extra.claims, *base.claims),
        edge_duties={**base.edge_duties, **extra.edge_duties},
        clouds=clouds,
    )


Need = Callable[[Technology], bool]


def _word(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


class Catalog:
    """Technologies and regions for one questionnaire: its cloud, its must_use and its avoid lists."""

    def __init__(
        self,
        cloud: str,
        must_use: list[str],
        avoid: list[str],
        knowledge: Knowledge | None = None,
        skills: list[str] | None = None,
    ) -> None:
        self.knowledge = knowledge or Knowledge.load()
        self.cloud = cloud
        self.must_use = [m.lower() for m in must_use]
        self.avoid = [a.lower() for a in avoid]
        self.skills = [s.lower() for s in skills or []]

    def known(self, technology: Technology) -> bool | None:
        """Whether the team's skills cover a technology (by its names or the skills it takes); None when the team
        states no skills."""
        if not self.skills:
            return None
        # a skill names the technology or what it takes exactly: a skill in Go does not make MongoDB known, nor
        # one in the cloud every technology of it
        names = {_word(w) for w in [*technology.aka, *technology.skills]}
        return any(_word(s) in names for s in self.skills)

    def skills_of(self, technology: Technology) -> list[str]:
        """The team's skills that name a technology or what it takes."""
        names = {_word(w) for w in [*technology.aka, *technology.skills]}
        return [s for s in self.skills if _word(s) in names]

    def answers(self, technology: Technology, word: str) -> bool:
        """Whether a technology is what a must_use word names, not only compatible with it: its names include the
        word and its own name or engine (when the catalog knows one) is what the word names, or speaks its dialect."""
        if not technology.named([word]):
            return False
        engine = self.knowledge.technologies.engines.get(technology.engine or "")
        key = _word(word)
        if engine is None or key in _word(technology.name):
            return True
        return key in (_word(technology.engine or ""), _word(engine.name), _word(engine.dialect or ""))

    def options(self, role: str) -> list[Technology]:
        """Every technology for a role on this cloud, the default first."""
        return list(self.knowledge.technologies.clouds.get(self.cloud, {}).get(role, []))

    def avoided(self, name: str) -> bool:
        """Whether `name` mentions a technology in constraints.avoid."""
        return any(a in name.lower() for a in self.avoid)

    def choose(self, role: str, need: Need | None = None) -> Technology:
        """The technology for a role: one the team must use, else one the team knows, else the default, skipping
        avoided ones and those lacking a needed capability (when none has it, the best the rest offer)."""
        options = self.options(role)
        if not options:
            raise KeyError(f"the catalog names no technology for the role '{role}' on {self.cloud}")
        usable = [t for t in options if not t.named(self.avoid)] or options
        able = [t for t in usable if need is None or need(t)] or usable
        required = [t for t in able if self.must_use and t.named(self.must_use)]
        familiar = [t for t in able if self.known(t)]
        return (required or familiar or able)[0]

    def __getitem__(self, role: str) -> str:
        return self.choose(role).name

    def alternatives(self, role: str, chosen: str) -> list[Technology]:
        """The other technologies for a role, not avoided."""
        return [t for t in self.options(role) if t.name != chosen and not t.named(self.avoid)]

    def technology(self, name: str) -> Technology | None:
        """The catalog entry called `name` on this cloud, if there is one."""
        for entries in self.knowledge.technologies.clouds.get(self.cloud, {}).values():
            for entry in entries:
                if entry.name == name:
                    return entry
        return None

    def role_of(self, name: str) -> str | None:
        """The role (cache, relational, search, ...) under which this cloud lists the technology called `name`."""
        for role, entries in self.knowledge.technologies.clouds.get(self.cloud, {}).items():
            if any(entry.name == name for entry in entries):
                return role
        return None

    def engine(self, technology: str | Technology | None) -> Engine:
        """What the engine of a technology (an entry or its name) can do; nothing is assumed of an unknown one."""
        entry = self.technology(technology) if isinstance(technology, str) else technology
        name = entry.name if entry is not None else str(technology or "unknown")
        known = self.knowledge.technologies.engines.get(entry.engine or "") if entry is not None else None
        if known is None:
            return Engine(name=name)
        if entry is not None and entry.features is not None:
            # an edition offered by one cloud may lack what the engine elsewhere has
            override = {f: getattr(entry.features, f) for f in entry.features.model_fields_set}
            return known.model_copy(update={**override, "name": entry.name})
        return known

    def claims(self) -> tuple[Claim, ...]:
        """The words that promise an engine feature, with what each needs."""
        return self.knowledge.technologies.claims

    def edge_duties(self) -> dict[str, EdgeDuty]:
        """The duties at the edge that some gateways cannot do, by key."""
        return self.knowledge.technologies.edge_duties

    def promised(self, text: str) -> list[Claim]:
        """The engine features a text promises: claims whose words it uses in a sentence that denies nothing."""
        denials = self.knowledge.technologies.denials
        sentences = [s for s in text.lower().replace("; ", ". ").split(". ") if not any(d in s for d in denials)]
        # whole words: "gist" in "logistics" promises no index
        return [
            c
            for c in self.claims()
            if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", s) for s in sentences for w in c.words)
        ]

    # --- the network ---------------------------------------------------------------------------------------

    def regions(self) -> list[RegionInfo]:
        """Every region of this cloud."""
        return list(self.knowledge.network.regions.get(self.cloud, []))

    def regions_in(self, place: str) -> list[RegionInfo]:
        """The regions in an area or, for a country code, in that country (default order)."""
        return [r for r in self.regions() if place in (r.area, r.country)]

    def region(self, name: str) -> RegionInfo | None:
        """The region called `name`."""
        return next((r for r in self.regions() if r.name == name), None)

    def rtt(self, users: str, region_area: str) -> float:
        """Round trip in ms from users in an area to a region in another."""
        return float(self.knowledge.network.rtt_ms.get(users, {}).get(region_area, 300))
