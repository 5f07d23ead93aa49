"""Numbers as people read them: units, thousands separators and sensible rounding."""

from __future__ import annotations

import math

from archgen.common import english

_SI = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_COUNTS = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million"))
_COUNT_WORDS = frozenset(("thousand", "million", "billion", "trillion"))  # "1 million requests" stays plural


def number(value: float, digits: int = 3) -> str:
    """A number rounded to about `digits` significant figures, with thousands separators."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    rounded = round(value, decimals)
    if decimals == 0 or (float(rounded).is_integer() and abs(value) >= 100):
        return f"{rounded:,.0f}"
    return f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")


def bytes_(value: float) -> str:
    """Bytes in decimal units: 1.5 GB, 230 TB."""
    for factor, prefix in _SI:
        if abs(value) >= factor:
            return f"{number(value / factor)} {prefix}B"
    return f"{number(value)} B"


def count(value: float) -> str:
    """A count, in words for millions and above: 5,000, 12.5 million."""
    for factor, word in _COUNTS:
        if abs(value) >= factor:
            return f"{number(value / factor)}{word}"
    return f"{value:,.0f}" if abs(value) >= 1 or value == 0 else number(value)


def usd(value: float) -> str:
    """Dollars: $1,234 (cents only below $10; a price below a cent in significant digits, $0.0035, not $0.00)."""
    if 0 < abs(value) < 0.01:
        return f"${number(value)}" if value > 0 else f"-${number(-value)}"
    return f"${value:,.2f}" if abs(value) < 10 else f"${value:,.0f}"


def percent(value: float) -> str:
    """A ratio as a percentage."""
    return f"{number(value * 100)} %"


def quantity(value: float, unit: str) -> str:
    """A value with its unit, formatted by the kind of unit."""
    if unit == "bytes":
        return bytes_(value)
    if unit == "bytes/month":
        return f"{bytes_(value)}/month"
    if unit in ("USD/month", "USD"):
        return usd(value) + ("/month" if unit == "USD/month" else "")
    if unit == "ratio":
        return percent(value)
    if unit == "×":
        return f"{number(value)}×"
    if unit in ("instances", "replicas", "nodes"):
        return _counted(f"{value:,.0f}", unit)
    if unit == "years":
        return "more than 10 years" if value >= 10 else _counted(number(value, 2), unit)
    if unit in ("rows", "files", "users"):
        return _counted(count(value), unit)
    return _counted(number(value), unit)


def _counted(figure: str, unit: str) -> str:
    """A formatted figure and its unit, which is singular after a 1: "1 instance", "1 row/day", "1 node-month"."""
    if figure == "1" and unit and unit.split()[0] not in _COUNT_WORDS:
        counted, per, rest = unit.partition("/")  # "rows/day": the rows are counted, the day is not
        unit = english.singular(counted) + per + rest
    return f"{figure} {unit}".strip()


def duration(seconds: float) -> str:
    """A span of time in the unit a person would say it in: 45 s, 30 minutes, 8.5 hours, 7 days."""
    for factor, unit in ((86_400, "days"), (3_600, "hours"), (60, "minutes")):
        if seconds >= 2 * factor:
            return f"{number(seconds / factor)} {unit}"
    return f"{number(seconds)} s"
