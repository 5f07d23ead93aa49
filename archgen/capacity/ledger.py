"""A ledger that records each computed figure with its formula and inputs as it is computed."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.capacity.constants import Constant
from archgen.design.model import Figure, Input

InputSpec = tuple[str, float, str] | Constant


class Ledger:
    """Collects figures in the order they are computed, which is the order the capacity page shows them."""

    def __init__(self, figures: Iterable[Figure] = ()) -> None:
        self.figures: list[Figure] = []
        self.values: dict[str, float] = {}  # each key's (first) figure, so formulas look values up in constant time
        for figure in figures:
            self._record(figure)

    def add(
        self,
        key: str,
        group: str,
        label: str,
        value: float,
        unit: str,
        formula: str,
        *inputs: InputSpec,
    ) -> float:
        """Record a figure and return its value, so formulas read like the arithmetic they are."""
        figure = Figure(
            key=key,
            group=group,
            label=label,
            value=round(value, 6),
            unit=unit,
            formula=formula,
            inputs=[_input(i) for i in inputs],
        )
        self._record(figure)
        return value

    def _record(self, figure: Figure) -> None:
        self.figures.append(figure)
        self.values.setdefault(figure.key, figure.value)


def _input(spec: InputSpec) -> Input:
    if isinstance(spec, Constant):
        return Input(name=spec.name, value=spec.value, unit=spec.unit)
    name, value, unit = spec
    return Input(name=name, value=round(value, 6), unit=unit)
