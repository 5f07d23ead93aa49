"""The rules architect's reference, read from its code and data: the planning steps, every threshold and planning
constant with the reason it holds, the capacity formulas, the price tables, the technology catalog, the regions
and the workload patterns."""

from __future__ import annotations

from collections.abc import Callable

from archgen.architects.rules import STEPS
from archgen.architects.rules.budget import fit_budget
from archgen.architects.rules.governance import plan_governance
from archgen.capacity import constants
from archgen.capacity.load import load_figures
from archgen.capacity.measure import measure
from archgen.capacity.prices import PRICE_KEYS, TABLE_FOR_CLOUD, shipped_table
from archgen.common.naming import slug
from archgen.design.model import Design
from archgen.knowledge.catalog import Features, Knowledge
from archgen.knowledge.patterns import EssentialSpec, Test, shipped_patterns
from archgen.knowledge.runtimes import runtimes
from sitegen import example_designs
from sitegen.markdown import literal, number, page, prose, table, text

# The order RulesArchitect.design runs them in: the load figures, the steps, then measuring, fitting the budget
# and governance.
PIPELINE: tuple[Callable[..., object], ...] = (load_figures, *STEPS, measure, fit_budget, plan_governance)


def rules_reference() -> str:
    """The reference page of the rules architect."""
    return page(
        "Rules architect reference",
        "Everything the offline rules architect decides by, read from its code and data files "
        "(`archgen/knowledge/`). [How the rules architect decides](../guide/rules-architect.md) explains how the "
        "steps use these values.",
        _steps(),
        _constants("thresholds", "Thresholds", "The points where the architect's choice changes."),
        _constants(
            "capacity",
            "Planning constants",
            "The rules of thumb behind the capacity arithmetic. Each design site lists them on its capacity page, "
            "next to the figures they feed, so a reviewer can challenge them.",
        ),
        _formulas(),
        _prices(),
        _catalog_tables(),
        _patterns(),
    )


# --- steps -----------------------------------------------------------------------------------------------


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


def _constants(kind: str, title: str, lead: str) -> str:
    rows = [[literal(c.name), number(c.value), text(c.unit), text(c.why)] for c in constants.every(kind)]
    return "\n\n".join(
        [
            f"## {title} {{ #{kind} }}",
            f"{lead} Read from `archgen/knowledge/constants.yaml`.",
            table(["Name", "Value", "Unit", "Why"], rows),
        ]
    )


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


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
    knowledge = Knowledge.load()
    clouds = list(knowledge.technologies.clouds)
    roles = knowledge.technologies.roles

    def names(cloud: str, role: str) -> str:
        return text(", ".join(t.name for t in knowledge.technologies.clouds[cloud].get(role, [])) or "—")

    regions = knowledge.network.regions
    areas = list(knowledge.network.rtt_ms)
    return "\n\n".join(
        [
            "## Technology catalog { #catalog }",
            "The technologies the rules choose from for each role, by `constraints.cloud` "
            "(`archgen/knowledge/technologies.yaml`). The first is the default; the next are chosen when "
            "`constraints.avoid` rules it out, `constraints.must_use` names one, or the design needs a capability "
            "the default lacks (synchronous replication across regions, more writes per node). "
            "`archgen new --catalog DIR` adds technologies of your own.",
            table(
                ["Role", "What it does", *clouds],
                ([literal(r), text(role.what), *(names(c, r) for c in clouds)] for r, role in roles.items()),
            ),
            "### Engines",
            "What each engine's data model can do (`engines` in the same file): the stores step designs keys, "
            "indexes and uniqueness in these terms, and the review checks every index, transaction, lock and "
            "recovery claim against them. A blank cell is unknown and never assumed.",
            table(
                ["Engine", *(literal(f) for f in Features.model_fields)],
                (
                    [text(engine.name), *(_capability(getattr(engine, f)) for f in Features.model_fields)]
                    for engine in knowledge.technologies.engines.values()
                ),
            ),
            "### Regions",
            "Where a design places its regions, by the area or country its users and its data residency name "
            "(`archgen/knowledge/network.yaml`); within an area the first is the default primary.",
            table(
                ["Cloud", "Regions (country, area)"],
                (
                    [literal(cloud), text(", ".join(f"{r.name} ({r.country}, {r.area})" for r in found))]
                    for cloud, found in regions.items()
                ),
            ),
            "### Round trips between areas",
            "A typical round trip in milliseconds from users in the row's area to a region in the column's.",
            table(
                ["From \\ to", *areas],
                ([literal(a), *(number(knowledge.network.rtt_ms[a].get(b, 0)) for b in areas)] for a in areas),
            ),
            "### Runtimes",
            "The first language `constraints.languages` asks for, else the first the team's skills name (a "
            "framework names its language), else TypeScript, is every deployable's language. Its framework is the "
            "first one `constraints.team.skills` lists for it; when the team lists none, a small internal tool whose "
            "staff write the records gets one with an admin site, use cases that stream or push get one with async "
            "I/O, an API at a high rate one that serves thousands of requests a second per instance, and anything "
            "else the language's usual one (`archgen/knowledge/runtimes.yaml`). A decision record names the fact "
            "that chose it.",
            table(
                ["Framework", "Languages", "Skills that name it", "Admin", "ORM", "Pages", "Async I/O", "Throughput"],
                (
                    [
                        text(f.name),
                        text(", ".join(runtimes().languages[k].name for k in f.languages)),
                        literal(", ".join(f.aka)),
                        _capability(f.admin),
                        _capability(f.orm),
                        _capability(f.pages),
                        _capability(f.async_io),
                        text(f.throughput),
                    ]
                    for f in runtimes().frameworks.values()
                ),
            ),
        ]
    )


def _capability(value: object) -> str:
    if value is None:
        return ""
    return "yes" if value is True else "no" if value is False else text(str(value))


def _patterns() -> str:
    rows = [
        [literal(p.id), text(p.name), text(_signals(p.when.all, "all of")), text(_signals(p.when.any, "one of"))]
        for p in shipped_patterns()
    ]
    essentials = [
        [literal(p.id), text(e.part), text(_holds(e))] for p in shipped_patterns() for e in p.contributes.essentials
    ]
    return "\n\n".join(
        [
            "## Workload patterns { #patterns }",
            "The shapes of system the rules recognise from the questionnaire "
            "(`archgen/knowledge/patterns/*.yaml`), and the signals each needs. A design's Patterns page shows "
            "which applied, which did not and why; `--catalog DIR/patterns/` adds patterns of your own.",
            table(["Pattern", "Name", "Needs", "And"], rows),
            "What a design of each shape must contain (its essentials): the rules architect adds it, and the rules "
            "PAT001-PAT005 check any design whose questionnaire shows the shape.",
            table(["Pattern", "Essential", "What the design holds"], essentials),
        ]
    )


def _holds(essential: EssentialSpec) -> str:
    """What an essential asks of a design, in a line."""
    parts = [f"field {f.name} ({f.type}) on {f.entity.strip('{}')}" for f in essential.fields]
    if essential.ordered:
        parts.append(f"events about {essential.ordered.strip('{}')} in order per the record they belong to")
    if essential.flow and essential.flow_words:
        parts.append(f"{' or '.join(essential.flow_words)} in the flows of {essential.flow.strip('{}')}")
    if essential.failure_words:
        parts.append(f"a failure mode on {' or '.join(essential.failure_words)}")
    if essential.decision:
        parts.append(f"a decision record titled with '{essential.decision}'")
    return "; ".join(parts)


def _signals(tests: tuple[Test, ...], joiner: str) -> str:
    if not tests:
        return "—"
    said = [t.says for t in tests]
    return said[0] if len(said) == 1 else f"{joiner}: " + "; ".join(said)
