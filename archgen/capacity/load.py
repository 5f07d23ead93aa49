"""Load figures from the questionnaire alone: request rates, storage, files, egress and the cache working set."""

from __future__ import annotations

import math

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.naming import unique_slugs
from archgen.requirements.model import Entity, FileSet, Requirements

YEARS = (("now", 0), ("y1", 1), ("y3", 3))
WHEN = {"now": "now", "y1": "after 1 year", "y3": "after 3 years"}


def load_figures(req: Requirements, ledger: Ledger) -> None:
    """Compute every figure that depends only on the questionnaire into `ledger`."""
    traffic(req, ledger)
    use_case_rates(req, ledger)
    storage(req, ledger)
    files(req, ledger)
    egress(req, ledger)
    cache_working_set(req, ledger)


def growth(req: Requirements, years: int) -> float:
    """The traffic multiplier after `years` of compound growth."""
    return float((1 + req.load.growth_per_year) ** years)


def traffic(req: Requirements, ledger: Ledger) -> None:
    """Average and peak requests per second, split into reads and writes, now and after 1 and 3 years."""
    dau, per_user = req.users.daily_active, req.load.requests_per_user_per_day
    factor = req.load.peak_factor or 1.0
    g = "Traffic"
    avg = ledger.add(
        "traffic.avg_rps",
        g,
        "Average request rate",
        dau * per_user / c.SECONDS_PER_DAY,
        "req/s",
        "daily_active × requests_per_user_per_day / 86,400 s",
        ("daily_active", dau, "users"),
        ("requests_per_user_per_day", per_user, "req"),
    )
    if req.load.peak_rps is not None:
        peak = ledger.add(
            "traffic.peak_rps.now",
            g,
            "Peak request rate now",
            req.load.peak_rps,
            "req/s",
            "load.peak_rps as given",
            ("peak_rps", req.load.peak_rps, "req/s"),
        )
    else:
        peak = ledger.add(
            "traffic.peak_rps.now",
            g,
            "Peak request rate now",
            avg * factor,
            "req/s",
            "average request rate × peak_factor",
            ("average", avg, "req/s"),
            ("peak_factor", factor, "×"),
        )
    ratio = req.load.read_write_ratio
    for when, years in YEARS:
        if years:
            peak_then = ledger.add(
                f"traffic.peak_rps.{when}",
                g,
                f"Peak request rate {WHEN[when]}",
                peak * growth(req, years),
                "req/s",
                f"peak now × (1 + growth_per_year)^{years}",
                ("peak_now", peak, "req/s"),
                ("growth_per_year", req.load.growth_per_year, "ratio"),
            )
        else:
            peak_then = peak
        ledger.add(
            f"traffic.peak_read_rps.{when}",
            g,
            f"Peak reads {WHEN[when]}",
            peak_then * ratio / (ratio + 1),
            "req/s",
            "peak × read_write_ratio / (read_write_ratio + 1)",
            ("peak", peak_then, "req/s"),
            ("read_write_ratio", ratio, "reads/write"),
        )
        ledger.add(
            f"traffic.peak_write_rps.{when}",
            g,
            f"Peak writes {WHEN[when]}",
            peak_then / (ratio + 1),
            "req/s",
            "peak / (read_write_ratio + 1)",
            ("peak", peak_then, "req/s"),
            ("read_write_ratio", ratio, "reads/write"),
        )


def use_case_slugs(req: Requirements) -> dict[str, str]:
    """A slug per use case, distinct even for names that differ only in punctuation (`Place order`, `place-order!`)."""
    return unique_slugs((u.name for u in req.use_cases), "use-case")


def use_case_keys(req: Requirements) -> dict[str, str]:
    """The figure key of each use case."""
    return {name: f"use_case.{s}" for name, s in use_case_slugs(req).items()}


def use_case_rates(req: Requirements, ledger: Ledger) -> None:
    """Peak rate of each use case, now and after 3 years."""
    factor = req.load.peak_factor or 1.0
    dau = req.users.daily_active
    keys = use_case_keys(req)
    for use_case in req.use_cases:
        key = keys[use_case.name]
        now = ledger.add(
            f"{key}.peak_rps.now",
            "Use cases",
            f"{use_case.name}: peak rate now",
            dau * use_case.frequency_per_user_per_day / c.SECONDS_PER_DAY * factor,
            "req/s",
            "daily_active × frequency_per_user_per_day / 86,400 s × peak_factor",
            ("daily_active", dau, "users"),
            ("frequency_per_user_per_day", use_case.frequency_per_user_per_day, "runs"),
            ("peak_factor", factor, "×"),
        )
        ledger.add(
            f"{key}.peak_rps.y3",
            "Use cases",
            f"{use_case.name}: peak rate after 3 years",
            now * growth(req, 3),
            "req/s",
            "peak now × (1 + growth_per_year)^3",
            ("peak_now", now, "req/s"),
            ("growth_per_year", req.load.growth_per_year, "ratio"),
        )


def rows_added(per_day: float, growth_per_year: float, years: int) -> float:
    """Rows (or files) added over `years` when the daily inflow grows with the traffic each year."""
    return per_day * c.DAYS_PER_YEAR * sum((1 + growth_per_year) ** k for k in range(years))


def storage(req: Requirements, ledger: Ledger) -> None:
    """Rows and bytes per entity now, after 1 and after 3 years, with retention applied."""
    g = "Storage"
    totals = {when: 0.0 for when, _ in YEARS}
    for entity in req.data.entities:
        size = entity.record_bytes or 0
        for when, years in YEARS:
            rows = entity_rows(req, entity, years)
            retained = entity.retention_days is not None and years > 0
            formula = "records at launch" if years == 0 else "records + growth_per_day × 365 × Σ(1 + growth)^k"
            if retained:
                formula = f"min({formula}, growth_per_day × (1 + growth)^{years} × retention_days)"
            inputs: list[tuple[str, float, str]] = [("records", entity.records, "rows")]
            if years:
                inputs += [
                    ("growth_per_day", entity.growth_per_day, "rows/day"),
                    ("growth_per_year", req.load.growth_per_year, "ratio"),
                ]
            if retained and entity.retention_days is not None:
                inputs.append(("retention_days", entity.retention_days, "days"))
            ledger.add(
                f"storage.{entity.name}.rows.{when}",
                g,
                f"{entity.name} rows {WHEN[when]}",
                rows,
                "rows",
                formula,
                *inputs,
            )
            totals[when] += ledger.add(
                f"storage.{entity.name}.bytes.{when}",
                g,
                f"{entity.name} data {WHEN[when]}",
                rows * size,
                "bytes",
                "rows × record_bytes",
                ("rows", rows, "rows"),
                ("record_bytes", size, "bytes"),
            )
    for when, _ in YEARS:
        ledger.add(
            f"storage.total.{when}",
            g,
            f"All entity data {WHEN[when]}",
            totals[when],
            "bytes",
            "Σ entity data",
            *(
                (f"{e.name}", ledger_value(ledger, f"storage.{e.name}.bytes.{when}"), "bytes")
                for e in req.data.entities
            ),
        )


def entity_rows(req: Requirements, entity: Entity, years: int) -> float:
    """Rows an entity holds after `years`, with its retention applied (steady state for expiring data)."""
    rows = entity.records + rows_added(entity.growth_per_day, req.load.growth_per_year, years)
    if entity.retention_days is not None and years > 0:
        rows = min(rows, entity.growth_per_day * growth(req, years) * entity.retention_days)
    return float(rows)


def ledger_value(ledger: Ledger, key: str) -> float:
    """A value already in the ledger."""
    return ledger.values[key]


def files(req: Requirements, ledger: Ledger) -> None:
    """Bytes per file set now, after 1 and after 3 years."""
    if not req.data.files:
        return
    g = "Files"
    totals = {when: 0.0 for when, _ in YEARS}
    keys = _file_set_keys(req)
    for file_set in req.data.files:
        for when, years in YEARS:
            count = file_set.count + rows_added(file_set.growth_per_day, req.load.growth_per_year, years)
            totals[when] += ledger.add(
                f"files.{keys[file_set.name]}.bytes.{when}",
                g,
                f"{file_set.name} {WHEN[when]}",
                count * file_set.avg_size_kb * 1_000,
                "bytes",
                "(count + growth_per_day × 365 × Σ(1 + growth)^k) × avg_size_kb × 1,000",
                ("count", file_set.count, "files"),
                ("growth_per_day", file_set.growth_per_day, "files/day"),
                ("avg_size_kb", file_set.avg_size_kb, "KB"),
            )
    for when, _ in YEARS:
        ledger.add(f"files.total.{when}", g, f"All files {WHEN[when]}", totals[when], "bytes", "Σ file sets")


def _file_set_keys(req: Requirements) -> dict[str, str]:
    return unique_slugs((f.name for f in req.data.files), "files")


def file_views(file_set: FileSet) -> c.Constant:
    """How often an active user fetches a file of this set a day."""
    return c.FILE_VIEWS_PUBLIC if file_set.public else c.FILE_VIEWS_PRIVATE


def egress(req: Requirements, ledger: Ledger) -> None:
    """Bytes leaving the system a month: API responses and files served."""
    g = "Egress"
    avg = ledger_value(ledger, "traffic.avg_rps")
    api = ledger.add(
        "egress.api.month",
        g,
        "API responses a month",
        avg * c.SECONDS_PER_DAY * c.DAYS_PER_MONTH * c.AVG_RESPONSE_KB.value * 1_000,
        "bytes/month",
        "average rate × 86,400 s × 30.4 days × avg_response_kb × 1,000",
        ("average_rps", avg, "req/s"),
        c.AVG_RESPONSE_KB,
    )
    served = 0.0
    keys = _file_set_keys(req)
    for file_set in req.data.files:
        views = file_views(file_set)
        served += ledger.add(
            f"egress.files.{keys[file_set.name]}.month",
            g,
            f"{file_set.name} served a month",
            req.users.daily_active * views.value * file_set.avg_size_kb * 1_000 * c.DAYS_PER_MONTH,
            "bytes/month",
            "daily_active × views per user a day × avg_size_kb × 1,000 × 30.4 days",
            ("daily_active", req.users.daily_active, "users"),
            views,
            ("avg_size_kb", file_set.avg_size_kb, "KB"),
        )
    ledger.add(
        "egress.total.month",
        g,
        "All egress a month",
        api + served,
        "bytes/month",
        "API responses + files served",
        ("api", api, "bytes/month"),
        ("files", served, "bytes/month"),
    )


def cache_working_set(req: Requirements, ledger: Ledger) -> None:
    """Memory that holds the hot rows of every mutable, read entity after one year."""
    cacheable = [e for e in req.data.entities if e.mutability == "mutable"]
    data = sum(ledger_value(ledger, f"storage.{e.name}.bytes.y1") for e in cacheable)
    ledger.add(
        "cache.working_set",
        "Cache",
        "Cache working set after 1 year",
        data * c.HOT_FRACTION.value,
        "bytes",
        "mutable entity data after 1 year × hot fraction",
        ("mutable_data_y1", data, "bytes"),
        c.HOT_FRACTION,
    )


def instances_for(rps: float) -> int:
    """Application instances needed to serve `rps` at the target utilisation."""
    return max(1, math.ceil(rps / (c.INSTANCE_RPS.value * c.TARGET_UTILISATION.value)))
