"""design.yaml migrations: small dict-to-dict steps that upgrade a design saved by an earlier archgen.

`format_version` goes up by one whenever the Design model changes in a way an older file would not validate
against (a field added without a default, renamed, moved or given a new meaning). Each step upgrades a file by one
version, so any earlier file reaches the current model before validation, and says in a line what it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Data = dict[str, Any]


@dataclass(frozen=True)
class Migration:
    """One step: a file of `source` version becomes one of `source + 1`."""

    source: int
    change: str
    step: Callable[[Data], Data]


def _v1_to_v2(data: Data) -> Data:
    """Format 2 says who calls each operation and routes load to every component.

    An endpoint's `public` flag becomes its caller (`auth: public` or `user`); a deployable's `per_instance_rps`
    becomes `per_instance` in req/s; a service's `peak_rps` share goes (its `demand` is computed from the use
    cases). Everything else format 2 adds has a default: patterns, state machines, realtime channels, jobs,
    topology, tenancy, waivers and provenance.
    """
    data = dict(data)
    data["format_version"] = 2
    for service in data.get("services") or ():
        if isinstance(service, dict):
            service.pop("peak_rps", None)
            for endpoint in service.get("endpoints") or ():
                if isinstance(endpoint, dict) and "public" in endpoint:
                    endpoint["auth"] = "public" if endpoint.pop("public") else "user"
    for deployable in data.get("deployables") or ():
        scaling = deployable.get("scaling") if isinstance(deployable, dict) else None
        if isinstance(scaling, dict) and "per_instance_rps" in scaling:
            scaling["per_instance"] = scaling.pop("per_instance_rps")
    return data


def _v2_to_v3(data: Data) -> Data:
    """Format 3 says who may read and set each personal field and where cells follow a home field, lets an
    operation accept other kinds of caller besides its own (`other_callers`) and say which file URL it hands out
    (`link`), makes capacity figures checkable (each figure gains `expr`, its formula as arithmetic over its inputs;
    a store may say what it keeps beyond its entities, `derived`; a realtime channel how many devices each member
    connects, `devices_per_member`), and writes keys and indexes in the terms of each store's engine (an index may
    be a global index, a query table or a unique claim, and names its partition key).

    Everything it adds has a default, so a format 2 file only changes its version; its figures carry no expression
    until the design is measured again.
    """
    data = dict(data)
    data["format_version"] = 3
    return data


def _v3_to_v4(data: Data) -> Data:
    """Format 4 lets a read operation carry a read model: the other entities its answer composes with each record
    (`includes`) and what the caller puts in beyond filters (`inputs`, a stay's dates or a party size).

    Both have defaults, so a format 3 file only changes its version.
    """
    data = dict(data)
    data["format_version"] = 4
    return data


def _v4_to_v5(data: Data) -> Data:
    """Format 5 lets an operation state its request and response bodies field by field (`request`, `response`:
    typed fields, required or set by the server, each possibly the stored field it carries, and nested objects or
    records) and its success status (`status`), where the bodies derived from the entity's fields do not fit.

    All three have defaults, so a format 4 file only changes its version and keeps its derived bodies.
    """
    data = dict(data)
    data["format_version"] = 5
    return data


def _v5_to_v6(data: Data) -> Data:
    """Format 6 lets a design name its client applications (`clients`): the web or mobile apps people use, where
    each is served from and how it holds their sign-in.

    The list has a default, so a format 5 file only changes its version; the review asks for the clients it lacks.
    """
    data = dict(data)
    data["format_version"] = 6
    return data


def _v6_to_v7(data: Data) -> Data:
    """Format 7 lets an index be an exclusion constraint (`kind: exclusion`): no two rows in the live states hold
    one resource for overlapping periods.

    It only adds a kind, so a format 6 file only changes its version; its claims stay what they were.
    """
    data = dict(data)
    data["format_version"] = 7
    return data


def _v7_to_v8(data: Data) -> Data:
    """Format 8 lets an operation answer 303 See Other (`status: 303`): it sends its caller to the address in its
    Location header (a click-out to a shop).

    It only adds a status, so a format 7 file only changes its version.
    """
    data = dict(data)
    data["format_version"] = 8
    return data


def _v8_to_v9(data: Data) -> Data:
    """Format 9 adds the hot-standby recovery topology: a standby at full size promoted without a person, for
    availability targets whose month of error budget is shorter than a warm standby's promotion.

    It only adds a topology, so a format 8 file only changes its version.
    """
    data = dict(data)
    data["format_version"] = 9
    return data


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "endpoints name their caller, deployables their per-instance load; workload patterns, state machines, "
        "realtime channels, jobs, topology, waivers and provenance added",
        _v1_to_v2,
    ),
    Migration(
        2,
        "personal fields name who may read and set them and whether they are encrypted; cells name their home and "
        "standbys the region they recover; operations name the other callers they accept and the file URLs they "
        "hand out; capacity figures carry their formula as arithmetic over their inputs; stores size what they keep "
        "beyond their entities; realtime channels count devices per member; indexes are written in the terms of the "
        "store's engine (global indexes, query tables, unique claims)",
        _v2_to_v3,
    ),
    Migration(
        3,
        "read operations name the other entities their answer composes (a read model) and the inputs they take "
        "beyond filters",
        _v3_to_v4,
    ),
    Migration(
        4,
        "operations may state their request and response bodies field by field (typed fields, nested objects and "
        "records) and their success status",
        _v4_to_v5,
    ),
    Migration(
        5,
        "designs name their client applications (web pages, web or mobile apps), where each is served from and how "
        "it holds the sign-in the API accepts",
        _v5_to_v6,
    ),
    Migration(
        6,
        "an index may be an exclusion constraint: no two live rows hold one resource for overlapping periods",
        _v6_to_v7,
    ),
    Migration(
        7,
        "an operation may answer 303 See Other, sending its caller to the address in its Location header",
        _v7_to_v8,
    ),
    Migration(
        8,
        "the recovery topology may be a hot standby: a full-size standby region promoted automatically by health "
        "checks",
        _v8_to_v9,
    ),
)
CURRENT = MIGRATIONS[-1].source + 1


def upgrade(data: Data) -> tuple[Data, list[str]]:
    """`data` upgraded to the current format, with one line per step applied (empty when it was current)."""
    version = data.get("format_version")
    applied: list[str] = []
    for migration in MIGRATIONS:
        if version == migration.source:
            data = migration.step(data)
            version = data["format_version"]
            applied.append(f"format {migration.source} → {migration.source + 1}: {migration.change}")
    return data, applied


def supported() -> tuple[int, ...]:
    """Every format version archgen can read."""
    return (*(m.source for m in MIGRATIONS), CURRENT)
