"""The rules architect's reference, read from its code and data: the planning steps, every threshold with the
comment that says why, the planning constants, the capacity formulas, the price tables and the technology catalog."""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import pkgutil
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from archgen.architects import rules
from archgen.architects.rules import STEPS
from archgen.architects.rules.catalog import ALTERNATIVES, _catalog
from archgen.architects.rules.deployables import FRAMEWORKS
from archgen.architects.rules.governance import plan_governance
from archgen.capacity import constants, cost, sizing
from archgen.capacity.cost import estimate_cost
from archgen.capacity.load import load_figures
from archgen.capacity.prices import PRICE_KEYS, TABLE_FOR_CLOUD, shipped_table
from archgen.design.model import Design
from archgen.docs import example_designs
from archgen.docs.markdown import literal, number, page, prose, table, text
from archgen.naming import slug
from archgen.requirements import resolve

# The order RulesArchitect.design runs them in: the load figures first, the steps, then cost and governance.
PIPELINE: tuple[Callable[..., object], ...] = (load_figures, *STEPS, estimate_cost, plan_governance)
# Modules outside the rules package whose thresholds shape the design too.
SIZING_MODULES = (sizing, cost, resolve)


@dataclass(frozen=True)
class Threshold:
    """A module-level constant the rules compare against, with the comment next to it."""

    name: str
    value: Any
    why: str


def rules_reference() -> str:
    """The reference page of the rules architect."""
    return page(
        "Rules architect reference",
        "Everything the offline rules architect decides by, read from its code and data files. "
        "[How the rules architect decides](../guide/rules-architect.md) explains how the steps use these values.",
        _steps(),
        _thresholds(),
        _constants(),
        _formulas(),
        _prices(),
        _catalog_tables(),
    )


# --- steps and thresholds -------------------------------------------------------------------------------


def _steps() -> str:
    rows = [
        [str(i), literal(step.__name__), prose(_first_line(step.__doc__)), step.__module__.replace(".", "/") + ".py"]
        for i, step in enumerate(PIPELINE, start=1)
    ]
    return "\n\n".join(
        [
            "## Planning steps { #steps }",
            "Each step reads the questionnaire and what the steps before it decided.",
            table(["#", "Step", "What it does", "Code"], rows),
        ]
    )


def _thresholds() -> str:
    blocks = [
        "## Thresholds { #thresholds }",
        "The numbers the steps compare against, with the reason given in the code.",
    ]
    for module in planning_modules():
        found = thresholds(module)
        if not found:
            continue
        short = module.__name__.rsplit(".", 1)[-1]
        rows = [[literal(t.name), _value(t.value), text(t.why)] for t in found]
        blocks += [
            f"### {short} {{ #thresholds-{short} }}",
            f"{literal(module.__name__)}: {prose(_first_line(module.__doc__))}",
            table(["Name", "Value", "Why"], rows),
        ]
    return "\n\n".join(blocks)


def planning_modules() -> list[ModuleType]:
    """The rules package's modules in alphabetical order, then the sizing modules."""
    names = sorted(info.name for info in pkgutil.iter_modules(rules.__path__))
    return [importlib.import_module(f"{rules.__name__}.{name}") for name in names] + list(SIZING_MODULES)


def thresholds(module: ModuleType) -> list[Threshold]:
    """The module's UPPER_CASE constants holding a number or a table of numbers, each with its comment."""
    source = inspect.getsource(module)
    lines = source.splitlines()
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = []
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        if not isinstance(target, ast.Name) or not target.id.isupper():
            continue
        value = getattr(module, target.id)
        if not _numeric(value):
            continue
        # the reason is a comment at the end of the assignment, or the comment lines right above it
        above: list[str] = []
        line = node.lineno - 1
        while line >= 1 and lines[line - 1].lstrip().startswith("#"):
            above.insert(0, comments[line])
            line -= 1
        why = comments.get(node.lineno) or comments.get(node.end_lineno or node.lineno) or " ".join(above)
        found.append(Threshold(target.id, value, why))
    return found


def _numeric(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value) and all(_numeric(v) for v in value.values())
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {number(v)}" for k, v in value.items())
    return number(value)


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def _constants() -> str:
    rows = [[literal(c.name), number(c.value), c.unit, text(c.why)] for c in constants.ALL]
    return "\n\n".join(
        [
            "## Planning constants { #constants }",
            "The rules of thumb behind the capacity arithmetic (`archgen.capacity.constants`). Each design site "
            "lists them on its capacity page, next to the figures they feed, so a reviewer can challenge them.",
            table(["Name", "Value", "Unit", "Why"], rows),
        ]
    )


# --- formulas -------------------------------------------------------------------------------------------


WHEN = ("now", "y1", "y3")


def _formulas() -> str:
    # group → figure key pattern → formula → (unit, the points in time it is computed for)
    groups: dict[str, dict[str, dict[str, tuple[str, list[str]]]]] = {}
    for design in example_designs().values():
        names = _placeholders(design)
        for figure in design.capacity.figures:
            parts = figure.key.split(".")
            key = ".".join("<when>" if p in WHEN else names.get(p, p) for p in parts)
            when = next((p for p in parts if p in WHEN), "")
            formulas = groups.setdefault(figure.group, {}).setdefault(key, {})
            whens = formulas.setdefault(figure.formula, (figure.unit, []))[1]
            if when and when not in whens:
                whens.append(when)
    blocks = [
        "## Capacity formulas { #formulas }",
        "Every formula the capacity page can show, as the bundled examples exercise them. `<entity>`, "
        "`<service>` and the like stand for each element of a design; `<when>` is `now`, `y1` or `y3`: today, "
        "after one year and after three years of `load.growth_per_year`.",
    ]
    for group, figures in groups.items():
        rows = [
            [literal(key), ", ".join(sorted(whens, key=WHEN.index)), text(formula), text(unit)]
            for key, formulas in figures.items()
            for formula, (unit, whens) in formulas.items()
        ]
        blocks += [f"### {group}", table(["Figure", "When", "Formula", "Unit"], rows)]
    return "\n\n".join(blocks)


def _placeholders(design: Design) -> dict[str, str]:
    """Element names as they appear in figure keys, mapped to the placeholder that stands for them."""
    names: dict[str, str] = {}
    pairs = [
        ("<file-set>", [slug(f.name) for f in design.requirements.data.files]),
        ("<use-case>", [slug(u.name) for u in design.requirements.use_cases]),
        ("<entity>", [e.name for e in design.entities]),
        ("<store>", [s.name for s in design.stores]),
        ("<service>", [s.slug for s in design.services]),
        ("<deployable>", [d.name for d in design.deployables]),
    ]
    for placeholder, values in pairs:  # later kinds win a clash: keys name deployables and services most
        names.update(dict.fromkeys(values, placeholder))
    return names


# --- prices and technologies ----------------------------------------------------------------------------


def _prices() -> str:
    tables = {name: shipped_table(cloud) for cloud, name in TABLE_FOR_CLOUD.items()}
    names = list(dict.fromkeys(TABLE_FOR_CLOUD.values()))
    generic = tables["generic"]
    rows = [
        [literal(key), text(generic.prices[key].per), *(number(tables[n].usd(key)) for n in names)]
        for key in PRICE_KEYS
    ]
    used_by = {n: [c for c, t in TABLE_FOR_CLOUD.items() if t == n] for n in names}
    described = [
        f"- **{n}** (`constraints.cloud`: {', '.join(used_by[n])}): {text(tables[n].description)}" for n in names
    ]
    return "\n\n".join(
        [
            "## Price tables { #prices }",
            "Unit prices in USD for the cost estimate, chosen by `constraints.cloud`. They are rough list prices "
            "for planning, not quotes; `archgen new --prices FILE` replaces any of them.",
            "\n".join(described),
            table(["Price", "Per (generic table)", *names], rows),
        ]
    )


def _catalog_tables() -> str:
    catalog = _catalog()
    clouds = list(catalog)
    roles = [role for role in catalog[clouds[0]] if role != "region_names"]
    areas = list(catalog[clouds[0]]["region_names"])
    return "\n\n".join(
        [
            "## Technology catalog { #catalog }",
            "The technology the rules name for each role, by `constraints.cloud` (`catalog.yaml`). "
            "`any` names vendor-neutral technologies; `on-prem` names software a team runs itself.",
            table(["Role", *clouds], ([literal(r), *(text(catalog[c][r]) for c in clouds)] for r in roles)),
            "### Regions",
            "Where a design places its regions, by the area its users or its data residency name.",
            table(
                ["Area", *clouds],
                ([literal(a), *(text(", ".join(catalog[c]["region_names"][a])) for c in clouds)] for a in areas),
            ),
            "### Technologies to avoid",
            "When `constraints.avoid` rules out the catalog's choice, the first alternative not avoided is named.",
            table(
                ["Role", "Alternatives in order"], ([literal(r), text(", ".join(a))] for r, a in ALTERNATIVES.items())
            ),
            "### Runtimes",
            "The first of `constraints.languages`, then of `constraints.team.skills`, that has a known framework "
            "decides every deployable's runtime; otherwise the first language as written, or TypeScript when "
            "none is given.",
            table(["Language", "Runtime"], ([literal(lang), text(fw)] for lang, fw in FRAMEWORKS.items())),
        ]
    )
