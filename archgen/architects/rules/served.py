"""Drop a database's full-text or geo index where a search index or in-memory geo sets already answer those reads
(archgen/design/served.py): each would only slow every write of the table."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.model import DataStore
from archgen.design.served import served_elsewhere


def plan_served_indexes(draft: Draft) -> None:
    """Remove the indexes another store serves."""

    def geo(store: DataStore) -> bool:
        return bool(draft.catalog.engine(store.technology).geo)

    for entity in draft.entities:
        entity.indexes = [i for i in entity.indexes if not served_elsewhere(entity, i.kind, draft.stores, geo)]
