"""What a run tells its user about the design it wrote, as plain data: the CLI prints it, and it is kept beside the
output so that a re-run with nothing to do can say it again without designing anything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archgen.common.errors import Problem
    from archgen.design.diff import Changelog
    from archgen.design.model import Design
    from archgen.requirements.resolve import Assumption


@dataclass(frozen=True)
class Assumed:
    """A value archgen filled in, and why."""

    key: str
    value: str
    reason: str


@dataclass(frozen=True)
class Changes:
    """How many items were added, removed and changed since the previous version of the design."""

    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class Summary:
    """The design's name, shape and key figures, what was assumed, what changed, and the warnings given."""

    system: str
    generator: str
    style: str
    services: int
    deployables: int
    stores: int
    decisions: int
    peak_rps_now: float
    peak_rps_in_3_years: float
    data_bytes_in_3_years: float
    cost_usd_per_month: float
    open_questions: int
    assumptions: tuple[Assumed, ...] = ()
    changes: Changes | None = None
    warnings: tuple[str, ...] = ()
    review_errors: int = 0  # what the site's findings page lists (waived ones apart)
    review_warnings: int = 0
    review_error_lines: tuple[str, ...] = ()  # each error, as `archgen review` says it, to print under the count

    @classmethod
    def of(
        cls,
        design: Design,
        assumptions: Iterable[Assumption] = (),
        changes: Changelog | None = None,
        warnings: Iterable[Problem] = (),
        findings: dict[str, int] | None = None,
        errors: Iterable[str] = (),
    ) -> Summary:
        """The summary of `design`."""
        figures = design.capacity
        return cls(
            system=design.system.name,
            generator=design.generator,
            style=design.architecture.style,
            services=len(design.services),
            deployables=len(design.deployables),
            stores=len(design.stores),
            decisions=len(design.decisions),
            peak_rps_now=figures.value("traffic.peak_rps.now"),
            peak_rps_in_3_years=figures.value("traffic.peak_rps.y3"),
            data_bytes_in_3_years=figures.value("storage.total.y3"),
            cost_usd_per_month=design.cost.total_usd_per_month,
            open_questions=len(design.open_questions),
            assumptions=tuple(Assumed(a.key, a.value, a.reason) for a in assumptions),
            changes=None
            if changes is None
            else Changes(changes.count("added"), changes.count("removed"), changes.count("changed")),
            warnings=tuple(str(w) for w in warnings),
            review_errors=(findings or {}).get("error", 0),
            review_warnings=(findings or {}).get("warning", 0),
            review_error_lines=tuple(errors),
        )

    def as_data(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Summary:
        """The summary `as_data` gave (a KeyError or TypeError when the data is not one)."""
        changes = data["changes"]
        return cls(
            **{
                **data,
                "assumptions": tuple(Assumed(**a) for a in data["assumptions"]),
                "changes": None if changes is None else Changes(**changes),
                "warnings": tuple(data["warnings"]),
                "review_error_lines": tuple(data.get("review_error_lines", ())),
            }
        )
