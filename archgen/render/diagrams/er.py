"""The entity-relationship view: entities as tables (keys, fields, types), references with their cardinality.

Up to MAX_TABLES entities share one picture. More get an overview (one box per domain, arrows counting the
references between domains) and detail pictures per domain, with entities of other domains as grey stubs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from archgen.common.english import count
from archgen.common.naming import unique_slugs
from archgen.design.model import Design, EntityDesign, StoredField
from archgen.render.diagrams import style
from archgen.render.diagrams.dot import closed, html_label, html_lines, html_text, node_id, quote
from archgen.render.diagrams.view import MAX_NODES, MAX_TABLES, View, chunks, fold, grid_pairs, listing

NOTATION = (
    "Crow's feet mark the many side of a reference; two bars mean exactly one, a bar and a circle zero or one. "
    "PK marks the primary key, FK a reference, PII personal data; a ? after the type marks an optional field."
)


@dataclass(frozen=True)
class Reference:
    """A field of one entity that refers to another entity."""

    source: EntityDesign
    field: StoredField
    position: int  # the field's row in the source's table
    target: str
    many: bool  # a list of references: many-to-many


def references(design: Design) -> list[Reference]:
    """Every reference between entities of the design, in design order (references to unknown names are left out)."""
    known = {e.name for e in design.entities}
    out = []
    for entity in design.entities:
        for position, f in enumerate(entity.fields):
            target, many = _target(f.type)
            if target in known:
                out.append(Reference(entity, f, position, target, many))
    return out


def er_views(design: Design) -> list[View]:
    """One ER picture, or an overview and per-domain pictures when there are more than MAX_TABLES entities."""
    if len(design.entities) <= MAX_TABLES:
        return [_full_view(design)]
    domains = list(dict.fromkeys(e.domain for e in design.entities))
    slugs = unique_slugs(domains, fallback="domain")
    views = [_overview(design, domains)]
    for domain in domains:
        parts = chunks([e for e in design.entities if e.domain == domain], MAX_TABLES)
        for number, part in enumerate(parts, start=1):
            name = f"er-{slugs[domain]}" + (f"-{number}" if len(parts) > 1 else "")
            title = f"Domain {domain}" + (f" (part {number} of {len(parts)})" if len(parts) > 1 else "")
            views.append(_detail_view(design, part, name, title))
    return views


def _full_view(design: Design) -> View:
    refs = references(design)
    ids = {e.name: node_id("entity", i) for i, e in enumerate(design.entities)}
    lines = _header("er")
    domains = list(dict.fromkeys(e.domain for e in design.entities))
    for d_index, domain in enumerate(domains):
        members = [e for e in design.entities if e.domain == domain]
        if len(domains) > 1:
            lines += _cluster_open(node_id("cluster_domain", d_index), f"Domain {domain}")
        lines += [f"  {ids[e.name]} [label={_table(e)}];" for e in members]
        if len(domains) > 1:
            lines.append("  }")
    lines += [_edge(ref, ids, tables=ids.keys()) for ref in refs]
    return View(
        "er",
        closed(lines),
        f"Entity-relationship diagram of {design.system.name}: {count(len(design.entities), 'entity')}",
        f"Entities and relationships: {count(len(design.entities), 'entity')} with "
        f"{count(len(refs), 'reference')}. {NOTATION}",
        "er",
    )


def _detail_view(design: Design, part: list[EntityDesign], name: str, title: str) -> View:
    inside = {e.name for e in part}
    refs = [r for r in references(design) if r.source.name in inside or r.target in inside]
    index = {e.name: i for i, e in enumerate(design.entities)}
    ids = {e.name: node_id("entity", index[e.name]) for e in design.entities}
    outside = list(dict.fromkeys(n for r in refs for n in (r.source.name, r.target) if n not in inside))
    stubs, hidden = fold(sorted(outside, key=index.__getitem__), MAX_NODES - len(part))
    ids |= dict.fromkeys(hidden, "entity_more")
    lines = _header(name)
    lines += [f"  {ids[e.name]} [label={_table(e)}];" for e in part]
    for stub in map(design.entity, stubs):
        lines.append(f"  {ids[stub.name]} [label={_stub(stub.name, f'domain {stub.domain}')}];")
    if hidden:
        lines.append(f"  entity_more [label={_stub(count(len(hidden), 'more entity'), listing(hidden))}];")
    lines += [_edge(ref, ids, tables=inside) for ref in refs]
    return View(
        name,
        closed(lines),
        f"Entity-relationship diagram of {title.lower()}: {count(len(part), 'entity')}",
        f"{title}: {count(len(part), 'entity')} and {count(len(refs), 'reference')}.",
        "er",
        title,
    )


def _overview(design: Design, domains: list[str]) -> View:
    members = {d: [e.name for e in design.entities if e.domain == d] for d in domains}
    largest_first = sorted(domains, key=lambda d: (-len(members[d]), domains.index(d)))
    shown, hidden = fold(largest_first, MAX_NODES)
    ids = {d: node_id("domain", i) for i, d in enumerate(domains)}
    ids |= dict.fromkeys(hidden, "domain_more")
    domain_of = {e.name: e.domain for e in design.entities}
    counts = Counter(
        (ids[domain_of[r.source.name]], ids[domain_of[r.target]])
        for r in references(design)
        if ids[domain_of[r.source.name]] != ids[domain_of[r.target]]
    )
    lines = _header("er", rankdir="TB")
    for domain in domains:
        if domain in shown:
            names = listing(members[domain], limit=12)
            lines.append(f"  {ids[domain]} [label={_box(domain, count(len(members[domain]), 'entity'), names)}];")
    if hidden:
        names = listing([f"{d} ({len(members[d])})" for d in hidden], limit=12)
        lines.append(f"  domain_more [label={_box(f'{len(hidden)} more domains', 'domains', names)}];")
    boxes = list(dict.fromkeys(ids[d] for d in domains))
    lines += [f"  {upper} -> {lower} [style=invis];" for upper, lower in grid_pairs(boxes)]
    for (source, target), n in sorted(counts.items()):
        label = f", label={quote(count(n, 'reference'))}" if n > 1 else ""
        lines.append(f'  {source} -> {target} [dir="forward", arrowhead="vee", constraint=false{label}];')
    return View(
        "er",
        closed(lines),
        f"Data overview of {design.system.name}: {count(len(domains), 'domain')}",
        f"Data overview: {count(len(design.entities), 'entity')} in {count(len(domains), 'domain')}; "
        "an arrow means entities of one domain refer to another's (with their number when more than one). Each "
        "domain's entities are drawn "
        "in full in its own picture." + (f" The {len(hidden)} smallest domains share one box." if hidden else ""),
        "er",
    )


def _header(name: str, rankdir: str = "LR") -> list[str]:
    return [
        f"digraph {name.replace('-', '_')} {{",
        f'  graph [rankdir={rankdir}, fontname="{style.FONT}", pad="0.3", nodesep="0.4", ranksep="1.1", '
        f'bgcolor="{style.PAPER}", newrank=true];',
        f'  node [shape=plain, fontname="{style.FONT}", fontsize="10", fontcolor="{style.INK}"];',
        f'  edge [fontname="{style.FONT}", fontsize="9", color="{style.LINE}", fontcolor="{style.INK}", dir="both"];',
    ]


def _cluster_open(key: str, label: str) -> list[str]:
    return [
        f"  subgraph {key} {{",
        f'    graph [label={html_label(f"<b>{html_text(label)}</b>")}, style="rounded", bgcolor="{style.GROUP.fill}", '
        f'pencolor="{style.BORDER}", fontcolor="{style.GROUP.text}", fontsize="12", margin="12"];',
    ]


def _table(entity: EntityDesign) -> str:
    """An HTML table: the name as title, then one row per field with its key markers and type."""
    title = f'<font color="{style.ENTITY.text}"><b>{html_text(entity.name)}</b></font>'
    rows = [f'<tr><td port="title" bgcolor="{style.ENTITY.fill}" colspan="3">{title}</td></tr>']
    for i, f in enumerate(entity.fields):
        target, _ = _target(f.type)
        marks = " ".join(m for m, on in (("PK", f.name in entity.primary_key), ("FK", target), ("PII", f.pii)) if on)
        kind = f.type + ("" if f.required else "?")
        rows.append(
            f'<tr><td align="left">{_muted(marks)}</td>'
            f'<td align="left">{html_text(f.name)}</td>'
            f'<td align="left" port="f{i}">{_muted(kind)}</td></tr>'
        )
    table = (
        f'<table border="0" cellborder="1" cellspacing="0" cellpadding="4" color="{style.BORDER}" '
        f'bgcolor="{style.PAPER}">' + "".join(rows) + "</table>"
    )
    return html_label(table)


def _muted(text: str) -> str:
    # Graphviz refuses an empty <font> element
    return f'<font color="{style.MUTED}">{html_text(text)}</font>' if text else ""


def _stub(name: str, note: str) -> str:
    return html_label(
        f'<table border="1" cellborder="0" cellspacing="0" cellpadding="6" color="{style.BORDER}" '
        f'bgcolor="{style.STUB.fill}"><tr><td port="title"><b>{html_text(name)}</b><br/>'
        f'<font point-size="9" color="{style.MUTED}">{html_lines(note, 40, max_lines=3)}</font></td></tr></table>'
    )


def _box(name: str, kind: str, note: str) -> str:
    return html_label(
        f'<table border="0" cellborder="1" cellspacing="0" cellpadding="6" color="{style.BORDER}">'
        f'<tr><td bgcolor="{style.ENTITY.fill}"><font color="{style.ENTITY.text}"><b>{html_text(name)}</b></font>'
        f'<br/><font color="{style.ENTITY.text}" point-size="9">{html_text(kind)}</font></td></tr>'
        f'<tr><td bgcolor="{style.PAPER}">{html_lines(note, 40)}</td></tr></table>'
    )


def _edge(ref: Reference, ids: dict[str, str], tables: Collection[str]) -> str:
    """The reference drawn from its field (when the source is a table here) to the target, with crow's-foot ends."""
    port = f":f{ref.position}:e" if ref.source.name in tables else ":title"
    head = "crowodot" if ref.many else ("teetee" if ref.field.required else "teeodot")
    return (
        f"  {ids[ref.source.name]}{port} -> {ids[ref.target]}:title "
        f'[label={quote(ref.field.name)}, arrowtail="crowodot", arrowhead="{head}"];'
    )


def _target(kind: str) -> tuple[str, bool]:
    for prefix, many in (("list[ref[", True), ("ref[", False)):
        if kind.startswith(prefix):
            return kind[len(prefix) :].rstrip("]"), many
    return "", False
