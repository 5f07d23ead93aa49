"""Capacity figures arranged for comparison: one matrix per section (rows × now / 1 year / 3 years).

The capacity page shows these matrices first, then every figure with its formula and inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common.formatting import quantity
from archgen.common.naming import slug
from archgen.design.model import Design, Figure

WHEN = (("now", "Now"), ("y1", "After 1 year"), ("y3", "After 3 years"))


@dataclass(frozen=True)
class Matrix:
    """A comparison table: a header row and rows of already formatted cells."""

    group: str
    columns: list[str]
    rows: list[list[str]]


def matrices(design: Design) -> dict[str, Matrix]:
    """The comparison matrix of each capacity section that has one, keyed by section name."""
    figures = {f.key: f for f in design.capacity.figures}

    def cell(key: str) -> str:
        figure: Figure | None = figures.get(key)
        return quantity(figure.value, figure.unit) if figure else "—"

    def over_time(group: str, label: str, rows: list[tuple[str, str]]) -> Matrix:
        return Matrix(
            group,
            [label, *(title for _, title in WHEN)],
            [[name, *(cell(f"{prefix}.{when}") for when, _ in WHEN)] for name, prefix in rows],
        )

    out = {
        "Traffic": over_time(
            "Traffic",
            "At peak",
            [
                ("Requests", "traffic.peak_rps"),
                ("Reads", "traffic.peak_read_rps"),
                ("Writes", "traffic.peak_write_rps"),
            ],
        ),
        "Storage": over_time(
            "Storage",
            "Entity",
            [
                *((f"{e.name} rows", f"storage.{e.name}.rows") for e in design.requirements.data.entities),
                *((f"{e.name} data", f"storage.{e.name}.bytes") for e in design.requirements.data.entities),
                ("All entity data", "storage.total"),
            ],
        ),
    }
    use_cases = [
        (f.label.split(": peak rate")[0], f.key.rsplit(".", 2)[0])
        for f in figures.values()
        if f.group == "Use cases" and f.key.endswith(".peak_rps.now")
    ]
    if use_cases:
        out["Use cases"] = Matrix(
            "Use cases",
            ["Use case", "Peak now", "Peak after 3 years"],
            [[name, cell(f"{key}.peak_rps.now"), cell(f"{key}.peak_rps.y3")] for name, key in use_cases],
        )
    if design.requirements.data.files:
        out["Files"] = over_time(
            "Files",
            "File set",
            [
                *((f.name, f"files.{slug(f.name)}.bytes") for f in design.requirements.data.files),
                ("All files", "files.total"),
            ],
        )
    deployables = [d.name for d in design.deployables]
    if deployables:
        out["Compute"] = Matrix(
            "Compute",
            ["Deployable", "Instances at peak after 1 year", "After 3 years"],
            [
                [name, cell(f"compute.{name}.instances.y1"), cell(f"compute.{name}.instances.y3")]
                for name in deployables
            ],
        )
    stores = [s.name for s in design.stores if f"db.{s.name}.data.y3" in figures]
    if stores:
        out["Databases"] = Matrix(
            "Databases",
            [
                "Store",
                "Data after 3 years",
                "Writes at peak",
                "Reads at peak",
                "Read replicas needed",
                "One primary lasts",
            ],
            [
                [
                    name,
                    *(
                        cell(f"db.{name}.{m}")
                        for m in ("data.y3", "write_rps.y3", "read_rps.y3", "read_replicas", "primary_years")
                    ),
                ]
                for name in stores
            ],
        )
    return out
