"""Hot keys: records many writers update (a count a parent keeps of its children, a ledger account every posting
touches), with the writes a second their busiest key takes at peak after 3 years and what one key of their store's
engine commits. The rules architect designs a remedy for each one beyond its ceiling; the review checks one is
there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from archgen.capacity.constants import constant
from archgen.capacity.load import records_per_s
from archgen.design.counters import counters, rolled_up
from archgen.design.model import DataStore, EntityDesign
from archgen.knowledge.catalog import Catalog
from archgen.knowledge.money import is_balance, is_posting
from archgen.requirements.model import Requirements


@dataclass(frozen=True)
class HotKey:
    """A record many writers update and how hard its busiest key is written."""

    entity: EntityDesign
    kind: Literal["counter", "account"]
    name: str  # what the steps that write it name: Post.like_count, LedgerAccount
    writers: tuple[str, ...]  # the entities whose writes update it
    total: float  # writes/s to all such records at peak after 3 years
    rate: float  # of those, on the busiest key
    ceiling: float | None  # writes/s one key of its engine commits (None: unknown, not judged)
    engine: str

    @property
    def beyond(self) -> bool:
        """Whether the busiest key takes more than its engine commits on one key."""
        return self.ceiling is not None and self.rate > self.ceiling

    @property
    def planned(self) -> bool:
        """Whether the busiest key takes more than a design plans to use of the ceiling (headroom for retries)."""
        return self.ceiling is not None and self.rate > self.ceiling * constant("hot_key_headroom").value


def _writes(req: Requirements, names: set[str]) -> float:
    """Records a second, at peak after 3 years, that the use cases writing any of `names` write (not the jobs that
    roll them up)."""
    return sum(records_per_s(req, u) for u in req.use_cases if names & set(u.writes) and u.interaction != "scheduled")


def _ceiling(catalog: Catalog, store: DataStore | None) -> tuple[float | None, str]:
    if store is None:
        return None, ""
    entry = catalog.technology(store.technology)
    if entry is None or entry.engine is None:
        return None, store.technology
    return catalog.engine(entry).key_commits_per_s, entry.name


def hot_keys(
    req: Requirements, entities: list[EntityDesign], stores: list[DataStore], catalog: Catalog
) -> list[HotKey]:
    """The records many writers update, busiest key first."""
    by_store = {s.name: s for s in stores}
    out: list[HotKey] = []
    for counter in counters(entities):
        if rolled_up(counter, req.use_cases):
            continue  # a job adds the children up on its schedule: one write per run
        total = _writes(req, {counter.counted.name})
        ceiling, engine = _ceiling(catalog, by_store.get(counter.entity.store))
        name = f"{counter.entity.name}.{counter.field}"
        share = constant("hot_key_share").value
        out.append(
            HotKey(counter.entity, "counter", name, (counter.counted.name,), total, total * share, ceiling, engine)
        )
    postings = {e.name for e in entities if is_posting(e.name)}
    for entity in entities:
        if not is_balance(entity.name) or not postings:
            continue
        total = _writes(req, postings)
        ceiling, engine = _ceiling(catalog, by_store.get(entity.store))
        share = constant("shared_account_share").value
        writers = tuple(sorted(postings))
        out.append(HotKey(entity, "account", entity.name, writers, total, total * share, ceiling, engine))
    return sorted(out, key=lambda k: -k.rate)
