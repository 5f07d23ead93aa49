"""A ledger that records each computed figure with its formula and inputs as it is computed."""

from __future__ import annotations

from collections.abc import Iterable

from archgen.capacity.constants import Constant
from archgen.capacity.expr import agrees, evaluate
from archgen.design.model import Figure, Input

InputSpec = tuple[str, float, str] | Constant


class FigureMismatch(ValueError):
    """A figure whose formula, over the inputs it lists, does not give its value: a defect in the arithmetic."""


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
        expr: str,
    ) -> float:
        """Record a figure and return its value, so formulas read like the arithmetic they are. `expr` is the
        formula over the inputs' names; a value it does not reproduce is refused, so no page shows a figure its
        inputs do not add up to."""
        specs = [_input(i) for i in inputs]
        computed = evaluate(expr, [(i.name, i.value) for i in specs])
        if value != computed and not agrees(value, computed, len(specs)):
            raise FigureMismatch(
                f"{key}: {expr} over {', '.join(f'{i.name}={i.value:g}' for i in specs)} gives {computed:g}, "
                f"not {value:g}"
            )
        figure = Figure(
            key=key,
            group=group,
            label=label,
            value=_rounded(value),
            unit=unit,
            formula=formula,
            inputs=[i.model_copy(update={"value": _rounded(i.value)}) for i in specs],
            expr=expr,
        )
        self._record(figure)
        return value

    def _record(self, figure: Figure) -> None:
        self.figures.append(figure)
        self.values.setdefault(figure.key, figure.value)


def _rounded(value: float) -> float:
    """A value as recorded: to the millionth, or to six significant digits where that would wipe it out (a budget
    of a fraction of a cent still divides)."""
    return round(value, 6) if abs(value) >= 1e-3 or value == 0 else float(f"{value:.6g}")


def _input(spec: InputSpec) -> Input:
    if isinstance(spec, Constant):
        return Input(name=spec.name, value=spec.value, unit=spec.unit)
    name, value, unit = spec
    return Input(name=name, value=value, unit=unit)


def recomputed(figure: Figure) -> float | None:
    """What a figure's formula gives over the inputs it lists (rounded as recorded), or None when it has none."""
    if not figure.expr:
        return None
    return evaluate(figure.expr, [(i.name, i.value) for i in figure.inputs], ceil_slack=1e-6)


def rounding_slack(figure: Figure) -> float:
    """How far the formula's value can move when each input is off by the half millionth it was rounded to: a
    difference of a few nearly equal inputs magnifies that rounding, and is no arithmetic error."""
    pairs = [(i.name, i.value) for i in figure.inputs]
    if not figure.expr:
        return 0.0
    base = evaluate(figure.expr, pairs, ceil_slack=1e-6)
    slack = 0.0
    for n, (name, value) in enumerate(pairs):
        nudged = [*pairs[:n], (name, value + 5e-7), *pairs[n + 1 :]]
        slack += abs(evaluate(figure.expr, nudged, ceil_slack=1e-6) - base)
    return slack


def adds_up(figure: Figure, computed: float) -> bool:
    """Whether a figure shows what its formula gives over its recorded inputs (`computed`), allowing for the
    rounding of those inputs: within the formula's rounding slack, or exactly what the unrounded formula gives (a
    whole number of instances a hair above the previous one is the next one)."""
    return (
        agrees(figure.value, computed, len(figure.inputs), tolerance=1e-4)
        or abs(figure.value - computed) <= rounding_slack(figure)
        or figure.value == evaluate(figure.expr, [(i.name, i.value) for i in figure.inputs])
    )
