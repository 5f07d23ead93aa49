"""What one row of an entity takes on disk in its store's engine: its values, the engine's row header and slot, and
an entry in each of its indexes (a query table repeats the whole row). Knowledge: archgen/knowledge/row_storage.yaml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from archgen.capacity import constants as c
from archgen.capacity.ledger import InputSpec
from archgen.capacity.load import growth
from archgen.design.model import EntityDesign
from archgen.knowledge.row_storage import RowCost, row_storage
from archgen.requirements.fieldtypes import STORED_BYTES, parse_field_type
from archgen.requirements.model import Requirements

KEY_BYTES_UNKNOWN = 16  # a column the design adds (a bucket, a shard, a geography point) is about a uuid's width


def ident(name: str) -> str:
    """A name usable in a formula: letters, digits and underscores, not starting with a digit."""
    text = re.sub(r"\W+", "_", name).strip("_") or "part"
    return f"_{text}" if text[0].isdigit() else text


def field_bytes(design: EntityDesign, name: str) -> float:
    """Bytes of one stored value of a field, from its type."""
    stored = next((f for f in design.fields if f.name == name), None)
    if stored is None:
        return KEY_BYTES_UNKNOWN
    try:
        return float(parse_field_type(stored.type).stored_bytes)
    except (ValueError, KeyError):
        return float(STORED_BYTES.get(stored.type, KEY_BYTES_UNKNOWN))


def index_bytes(design: EntityDesign, cost: RowCost, payload: float, clustered: bool) -> float:
    """Bytes a row adds to its indexes: an entry (header and key) in each, the row again in each query table that
    lists rows in order (a lookup table keeps only the base key); a clustered engine keeps the row in its primary
    key's order, so that key costs nothing more."""
    total = 0.0
    for index in design.indexes:
        if index.kind == "primary" and clustered:
            continue
        if index.kind == "table" and len(index.fields) > len(index.partition):
            total += payload + cost.row_bytes  # a page of rows read in order: each row is copied whole
        elif index.kind == "table":  # a lookup by one key keeps the base table's key and reads the row there
            keys = [*index.fields, *(f for f in design.primary_key if f not in index.fields)]
            total += cost.index_entry_bytes + sum(field_bytes(design, f) for f in keys)
        else:
            total += cost.index_entry_bytes + sum(field_bytes(design, f) for f in index.fields)
    return total


def row_on_disk(design: EntityDesign, cost: RowCost, payload: float, clustered: bool) -> float:
    """Bytes one row takes on disk: its values, the engine's row overhead and its index entries."""
    return payload + cost.row_bytes + index_bytes(design, cost, payload, clustered)


@dataclass
class RowTerms:
    """A store's rows in ledger terms: the inputs, the terms of its formula, and what they add up to."""

    inputs: list[InputSpec] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    value: float = 0.0
    compressed: bool = False


def stored_rows(
    req: Requirements, values: Mapping[str, float], entities: list[EntityDesign], engine: str | None, compresses: bool
) -> RowTerms:
    """Each entity's rows after three years × what a row takes on disk; where the engine compresses, the rows older
    than it compresses after are divided by the compression ratio, the newer ones kept at full width."""
    cost = row_storage().of(engine)
    out = RowTerms()
    after = cost.compressed_after_days if compresses else None
    for design in entities:
        entity = next((e for e in req.data.entities if e.name == design.name), None)
        if entity is None:  # nothing the questionnaire keeps rows of
            continue
        name = ident(design.name)
        rows = values.get(f"storage.{design.name}.rows.y3", 0.0)
        size = row_on_disk(design, cost, float(entity.record_bytes or 0), cost.clustered)
        out.inputs += [(f"{name}_rows", rows, "rows"), (f"{name}_row_bytes", size, "bytes")]
        if after is None:
            out.terms.append(f"{name}_rows * {name}_row_bytes")
            out.value += rows * size
            continue
        out.compressed = True
        hot = min(rows, entity.growth_per_day * growth(req, 3) * after)
        out.inputs.append((f"{name}_uncompressed_rows", hot, "rows"))
        out.terms.append(
            f"({name}_uncompressed_rows + ({name}_rows - {name}_uncompressed_rows) / compression_ratio_time_series)"
            f" * {name}_row_bytes"
        )
        out.value += (hot + (rows - hot) / c.TIME_SERIES_COMPRESSION.value) * size
    if out.compressed:
        out.inputs.append(c.TIME_SERIES_COMPRESSION)
    return out
