"""Formulas a machine can check: each capacity figure carries an arithmetic expression over the names of its inputs,
so anyone (the ledger while computing, the review on a saved or hand-edited design) can recompute the figure from
what the page lists and see whether the two agree.

The language is Python's arithmetic: numbers, input names, `+ - * / **`, parentheses, and the functions `ceil`,
`floor`, `max`, `min`, `log` and `sum`; `sum()` with no argument adds up every input of the figure, for totals
whose inputs are named after use cases or events.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Sequence

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b if b else 0.0,  # nothing to divide by: the figure is nothing, as the code does
    ast.Pow: lambda a, b: a**b,
}


class FormulaError(ValueError):
    """An expression that is not arithmetic over its inputs, or names an input the figure does not list."""


def evaluate(expr: str, inputs: Sequence[tuple[str, float]], ceil_slack: float = 0.0) -> float:
    """The value of `expr` over `inputs` (name, value). `ceil_slack` is the relative error within which a number
    is taken as the integer next to it by `ceil` and `floor`, for inputs that were rounded when recorded."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not an arithmetic expression: {expr!r}") from exc
    names = dict(inputs)
    everything = [value for _, value in inputs]

    def whole(x: float, up: bool) -> float:
        near = round(x)
        if ceil_slack and abs(x - near) <= ceil_slack * max(1.0, abs(x)):
            return float(near)
        return float(math.ceil(x) if up else math.floor(x))

    functions: dict[str, Callable[..., float]] = {
        "ceil": lambda x: whole(x, up=True),
        "floor": lambda x: whole(x, up=False),
        "max": lambda *xs: max(xs),
        "min": lambda *xs: min(xs),
        "log": lambda x: math.log(x) if x > 0 else 0.0,
        "sum": lambda *xs: math.fsum(xs if xs else everything),
    }

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise FormulaError(f"{expr!r} names {node.id}, which is not among its inputs")
            return names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = value(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](value(node.left), value(node.right))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in functions
            and not node.keywords
        ):
            return float(functions[node.func.id](*(value(a) for a in node.args)))
        raise FormulaError(f"{expr!r} is not plain arithmetic over its inputs")

    return value(tree)


def agrees(value: float, computed: float, inputs: int = 1, tolerance: float = 1e-6) -> bool:
    """Whether a recorded value is what its formula gives, within rounding: figures are kept to six decimals, so
    each of the `inputs` may be off by half a millionth, and large values by a millionth of themselves."""
    return abs(value - computed) <= tolerance * (inputs + max(1.0, abs(value), abs(computed)))
