"""What a query-priced warehouse bills: each use case that reads it runs its queries a month, and each query scans
the rows of the days it covers (tables partitioned by day, so the rest is pruned) × the bytes of the columns it
references, of the blocks the table's clustering leaves."""

from __future__ import annotations

import re
from collections.abc import Mapping

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import growth, use_case_keys, use_case_rate
from archgen.design.model import EntityDesign
from archgen.knowledge.jobs import runs_per_day
from archgen.knowledge.serving import serving
from archgen.requirements.model import Requirements, UseCase

# "13 to 104 weeks", "the last 90 days", "12 months": the longest period a use case says its queries cover
_PERIOD = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(?:to|-|–)\s*(\d+(?:\.\d+)?))?\s*(day|week|month|year)s?\b", re.I)
_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4, "year": 365.0}


def period_days(use_case: UseCase) -> tuple[float, str]:
    """Days one query covers and why: the period the use case names, a scheduled run's own period, else the
    planning default."""
    found = [(float(m[2] or m[1]) * _DAYS[m[3].lower()], m[0]) for m in _PERIOD.finditer(use_case.description or "")]
    if found:
        days, said = max(found)
        return days, f"'{said}' in its description"
    if use_case.interaction == "scheduled" and runs_per_day(use_case) > 0:
        return 1 / runs_per_day(use_case), "the period of one run"
    return c.QUERY_DAYS.value, "query_days"


def filtered(design: EntityDesign) -> list[str]:
    """The fields the table's query patterns filter by (`by_<field>`, the id aside)."""
    names = {f.name for f in design.fields}
    return [x[3:] for x in design.access if x.startswith("by_") and x[3:] in names and x != "by_id"]


def unclustered(design: EntityDesign) -> list[str]:
    """The filtered fields the table is not clustered (sorted) on: a query filtering by one reads every block of
    the partitions it covers."""
    keys = set(design.primary_key) | {f for i in design.indexes if i.kind == "primary" for f in i.fields}
    return [f for f in filtered(design) if f not in keys]


def pruned_input(name: str) -> str:
    """The name of the input that carries a table's clustering share in a scan figure."""
    return "cluster_" + re.sub(r"\W+", "_", name).strip("_")


def scanned_tb(
    req: Requirements,
    ledger: Ledger,
    held: set[str],
    designs: Mapping[str, EntityDesign] | None = None,
    served: Mapping[str, set[str]] | None = None,
) -> float:
    """TB a month after 1 year the use cases reading `held` (the warehouse's tables) scan, each shown with its
    arithmetic under Warehouse scans. Day partitions prune only a table partitioned by time, and clustering only one
    clustered on every field its query patterns filter by; any other reads whole."""
    g = "Warehouse scans"
    entities = {e.name: e for e in req.data.entities if e.name in held}
    keys = use_case_keys(req)
    total = 0.0
    refreshed: set[str] = set()
    for use_case in req.use_cases:
        tables = [n for n in use_case.reads if n in entities]
        if use_case.name in (served or {}):
            refreshed |= (served or {})[use_case.name] & set(tables)  # read from serving rollups, not scanned
            continue
        if not tables:
            continue
        days, why = period_days(use_case)
        inputs: list[tuple[str, float, str]] = []
        notes: list[str] = []
        for i, name in enumerate(tables):
            rows = ledger.values.get(f"storage.{name}.rows.y1", 0.0)
            size = ledger.values.get(f"storage.{name}.bytes.y1", 0.0)
            daily = entities[name].growth_per_day * growth(req, 1)
            design = (designs or {}).get(name)
            by_day = design is None or bool(design.partition_key)
            missing = unclustered(design) if design is not None else []
            share = 1.0 if missing else c.QUERY_CLUSTER_SHARE.value
            if not by_day:
                notes.append(f"{name} is not partitioned by day, so a query reads it whole")
            if missing:
                notes.append(f"{name} is not clustered on {', '.join(missing)}, so a filter on it prunes no block")
            inputs += [
                (f"rows_{i}", min(rows, daily * days) if daily and by_day else rows, "rows"),
                (f"row_bytes_{i}", size / rows if rows else 0.0, "bytes"),
                (pruned_input(name), share, "ratio"),
            ]
        key = keys[use_case.name].replace("use_case.", "warehouse.")
        # one query slices one fact table (the largest it reads); the dimensions it joins are small beside it
        pairs = {n: v for n, v, _ in inputs}
        terms = [(f"rows_{i}", f"row_bytes_{i}", pruned_input(n)) for i, n in enumerate(tables)]
        expr = "max(" + ", ".join(" * ".join(t) for t in terms) + ") * query_column_share"
        per_query = ledger.add(
            f"{key}.bytes_per_query",
            g,
            f"{use_case.name}: bytes one query scans",
            max(pairs[r] * pairs[b] * pairs[k] for r, b, k in terms) * c.QUERY_COLUMN_SHARE.value,
            "bytes",
            f"the largest of {', '.join(tables)}: rows of the {days:g} days it covers ({why}; day partitions prune "
            "the rest; a whole table that does not grow) × bytes a row × the share of blocks its clustering leaves "
            "(query_cluster_share where the table is clustered on every field its query patterns filter by, else "
            "1) × query_column_share" + ("; " + "; ".join(notes) if notes else ""),
            *inputs,
            c.QUERY_COLUMN_SHARE,
            expr=expr,
        )
        queries = use_case_rate(req, use_case).avg * growth(req, 1) * c.SECONDS_PER_DAY * c.DAYS_PER_MONTH
        total += ledger.add(
            f"{key}.tb_month",
            g,
            f"{use_case.name}: TB scanned a month after 1 year",
            queries * per_query / 1e12,
            "TB",
            "queries a month after 1 year × bytes one query scans",
            ("queries", queries, "queries/month"),
            ("bytes_per_query", per_query, "bytes"),
            expr="queries * bytes_per_query / 1e12",
        )
    return total + _refreshes_tb(req, ledger, sorted(refreshed))


def _refreshes_tb(req: Requirements, ledger: Ledger, tables: list[str]) -> float:
    """TB a month the refresh job scans to keep the serving rollups current: each run reads the rows added to
    each table since the last run, billed at least the engine's minimum per table."""
    if not tables:
        return 0.0
    known = serving()
    runs = (c.SECONDS_PER_DAY / 60) / known.refresh_minutes * c.DAYS_PER_MONTH
    inputs: list[tuple[str, float, str]] = [("runs", runs, "runs/month"), ("least", known.min_bytes_per_table, "bytes")]
    terms = []
    for i, name in enumerate(tables):
        rows = ledger.values.get(f"storage.{name}.rows.y1", 0.0)
        size = ledger.values.get(f"storage.{name}.bytes.y1", 0.0)
        daily = next((e.growth_per_day for e in req.data.entities if e.name == name), 0) * growth(req, 1)
        inputs += [(f"rows_{i}", daily * known.refresh_minutes / (c.SECONDS_PER_DAY / 60), "rows")]
        inputs += [(f"row_bytes_{i}", size / rows if rows else 0.0, "bytes")]
        terms.append(f"max(least, rows_{i} * row_bytes_{i} * query_column_share)")
    values = {n: v for n, v, _ in inputs}
    per_run = sum(
        max(values["least"], values[f"rows_{i}"] * values[f"row_bytes_{i}"] * c.QUERY_COLUMN_SHARE.value)
        for i in range(len(tables))
    )
    return ledger.add(
        "warehouse.serving_refresh.tb_month",
        "Warehouse scans",
        "Refresh of the serving rollups: TB scanned a month after 1 year",
        runs * per_run / 1e12,
        "TB",
        f"runs a month (one every {known.refresh_minutes} minutes) × Σ over {', '.join(tables)}: the rows added "
        "since the last run × bytes a row × query_column_share, at least the bytes the engine bills per table",
        *inputs,
        c.QUERY_COLUMN_SHARE,
        expr="runs * (" + " + ".join(terms) + ") / 1e12",
    )
