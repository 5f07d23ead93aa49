"""Load figures from the questionnaire alone: who does what and how often, the traffic that adds up to, storage,
files, bandwidth and the cache working set.

A use case's calls come from the active members of its actor role × its frequency; records are calls × batch size.
The system's traffic is the sum over the use cases, plus the part of `load.requests_per_user_per_day` they do not
account for; where the two disagree the larger is taken, both are shown, and the architect raises an open question.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.media import media_figures, streamed
from archgen.common.naming import unique_slugs
from archgen.requirements.intent import creates
from archgen.requirements.model import Entity, FileSet, Requirements, Role, UseCase

YEARS = (("now", 0), ("y1", 1), ("y3", 3))
WHEN = {"now": "now", "y1": "after 1 year", "y3": "after 3 years"}
# interactions whose calls arrive at the system's edge, and those it sends or runs itself
INBOUND = ("request", "stream", "batch", "webhook")


def load_figures(req: Requirements, ledger: Ledger) -> None:
    """Compute every figure that depends only on the questionnaire into `ledger`."""
    roles(req, ledger)
    use_case_rates(req, ledger)
    traffic(req, ledger)
    storage(req, ledger)
    files(req, ledger)
    media_figures(req, ledger, role_slugs(req))
    bandwidth(req, ledger)
    cache_working_set(req, ledger)


def growth(req: Requirements, years: int) -> float:
    """The traffic multiplier after `years` of compound growth."""
    return float((1 + req.load.growth_per_year) ** years)


def ledger_value(ledger: Ledger, key: str) -> float:
    """A value already in the ledger."""
    return ledger.values[key]


# --- who: roles and their members -----------------------------------------------------------------------


def role_slugs(req: Requirements) -> dict[str, str]:
    """A slug per role, distinct even when names differ only in punctuation."""
    return unique_slugs((r.name for r in req.users.roles), "role")


def actor_role(req: Requirements, use_case: UseCase) -> Role | None:
    """The role that runs a use case; None for an integration calling a webhook or a job the system runs."""
    if use_case.interaction == "scheduled":
        return None
    name = use_case.actor or req.users.roles[0].name
    return next((r for r in req.users.roles if r.name == name), None)


def actor_kind(req: Requirements, use_case: UseCase) -> str:
    """person, device or service for a role; integration for an external system; system for a scheduled job."""
    if use_case.interaction == "scheduled":
        return "system"
    role = actor_role(req, use_case)
    return role.kind if role is not None else "integration"


def recipients(req: Requirements, use_case: UseCase) -> tuple[float, str]:
    """Messages a day a scheduled job sends people (one each, however often it runs), and whom: the active members
    of the person roles its text names; else one per record of a day of what it tells of (the first entity it reads
    that grows), when that is fewer than every active person; else every active person. A job its text calls weekly
    or monthly reaches each once a period."""
    said = f"{use_case.name} {use_case.description or ''}".lower()
    text = f" {' '.join(re.findall(r'[a-z]+', said))} "
    period = next(
        (days for days, key in ((7, "weekly"), (c.DAYS_PER_MONTH, "monthly")) if any(w in said for w in c.words(key))),
        1,
    )
    people = [r for r in req.users.roles if r.kind == "person"]
    named = [r for r in people if any(f" {w} " in text for w in _role_words(r.name))]
    if named:
        return sum(active_members(req, r) for r in named) / period, _members(named)
    everyone = sum(active_members(req, r) for r in people)
    entities = {e.name: e for e in req.data.entities}
    told = [entities[n] for n in use_case.reads if n in entities and entities[n].growth_per_day]
    if told and told[0].growth_per_day < everyone:
        return told[0].growth_per_day / period, f"new {told[0].name} records"
    return everyone / period, _members(people)


def _members(roles: list[Role]) -> str:
    return "the active members of " + ", ".join(r.name for r in roles)


def _role_words(name: str) -> list[str]:
    """A role's name as it appears in prose, singular and plural ("store_manager": store manager, store managers)."""
    base = " ".join(re.findall(r"[a-z]+", name.lower()))
    return [base, base + "s", base + "es"]


def active_members(req: Requirements, role: Role) -> int:
    """Members of a role active on an average day (resolved: the role's own figure or users.daily_active)."""
    return role.active_per_day if role.active_per_day is not None else req.users.daily_active


def roles(req: Requirements, ledger: Ledger) -> None:
    """Daily users now and as they grow, then active members and peak connections of every role."""
    for when, years in YEARS:
        ledger.add(
            f"users.daily_active.{when}",
            "Who",
            f"Daily active users {WHEN[when]}",
            req.users.daily_active * growth(req, years),
            "users",
            "users.daily_active" + (f" × (1 + growth_per_year)^{years}" if years else " as given"),
            ("daily_active", req.users.daily_active, "users"),
            ("growth_per_year", req.load.growth_per_year, "ratio"),
            expr=f"daily_active * (1 + growth_per_year) ** {years}",
        )
    slugs = role_slugs(req)
    factor = req.load.peak_factor or 1.0
    for role in req.users.roles:
        key = f"roles.{slugs[role.name]}"
        active = ledger.add(
            f"{key}.active",
            "Who",
            f"{role.name}: active a day",
            active_members(req, role),
            "members",
            "users.roles.active_per_day (users.daily_active when not given)",
            ("active_per_day", active_members(req, role), "members"),
            expr="active_per_day",
        )
        if role.peak_online is not None:
            ledger.add(
                f"{key}.online.now",
                "Who",
                f"{role.name}: connected at peak now",
                role.peak_online,
                "members",
                "users.roles.peak_online as given",
                ("peak_online", role.peak_online, "members"),
                expr="peak_online",
            )
        elif role.kind == "device":
            ledger.add(
                f"{key}.online.now",
                "Who",
                f"{role.name}: connected at peak now",
                active,
                "members",
                "devices stay connected: every active device",
                ("active", active, "members"),
                expr="active",
            )
        else:
            ledger.add(
                f"{key}.online.now",
                "Who",
                f"{role.name}: connected at peak now",
                math.ceil(active * c.SESSION_MINUTES.value / 1440 * factor),
                "members",
                "active × session_minutes / 1,440 × peak_factor",
                ("active", active, "members"),
                c.SESSION_MINUTES,
                ("peak_factor", factor, "×"),
                expr="ceil(active * session_minutes / 1440 * peak_factor)",
            )
        online = ledger_value(ledger, f"{key}.online.now")
        ledger.add(
            f"{key}.online.y3",
            "Who",
            f"{role.name}: connected at peak after 3 years",
            online * growth(req, 3),
            "members",
            "connected now × (1 + growth_per_year)^3",
            ("online_now", online, "members"),
            ("growth_per_year", req.load.growth_per_year, "ratio"),
            expr="online_now * (1 + growth_per_year) ** 3",
        )


# --- what: use cases ------------------------------------------------------------------------------------


def use_case_slugs(req: Requirements) -> dict[str, str]:
    """A slug per use case, distinct even for names that differ only in punctuation (`Place order`, `place-order!`)."""
    return unique_slugs((u.name for u in req.use_cases), "use-case")


def use_case_keys(req: Requirements) -> dict[str, str]:
    """The figure key of each use case."""
    return {name: f"use_case.{s}" for name, s in use_case_slugs(req).items()}


def peak_factor(req: Requirements, use_case: UseCase) -> float:
    """Peak over average for a use case: the questionnaire's, for people and devices alike (devices that report
    on a clock bunch up after each tick; a lower factor would be a guess the questionnaire does not make)."""
    return req.load.peak_factor or 1.0


def payload(use_case: UseCase) -> tuple[float, float]:
    """Request and response bytes of one call: the use case's own, else the default for its interaction."""
    interaction = use_case.interaction if use_case.interaction != "scheduled" else "request"
    request = float(use_case.request_bytes) if use_case.request_bytes is not None else None
    if request is None:
        request = c.constant(f"request_bytes_{interaction}").value
        if interaction == "batch":
            request *= use_case.batch_size
    response = float(use_case.response_bytes) if use_case.response_bytes is not None else None
    if response is None:
        response = c.constant(f"response_bytes_{interaction}").value
    return request, response


@dataclass(frozen=True)
class Rate:
    """A use case's figures: calls a second on average and at peak (now and after 3 years), and records per call."""

    avg: float
    peak_now: float
    peak_y3: float
    records_per_call: int


def on_clock(req: Requirements, use_case: UseCase) -> bool:
    """A device use case that reports at clock times ("after each quarter hour", "every 15 minutes") and says
    nothing of spreading its reports (jitter): every device may land right after each tick."""
    if actor_kind(req, use_case) != "device" or use_case.interaction == "scheduled":
        return False
    text = " ".join(re.findall(r"[a-z0-9]+", (use_case.description or "").lower()))
    ticks = any(
        re.search(rf"\b{lead} (?:[a-z0-9]+ )?{unit}\b", text)
        for lead in c.words("clock_leads")
        for unit in c.words("clock_units")
    )
    return ticks and not any(re.search(rf"\b{w}", text) for w in c.words("spread_reports"))


def use_case_rate(req: Requirements, use_case: UseCase) -> Rate:
    """The calls a second of one use case, from its actor's active members and its frequency."""
    role = actor_role(req, use_case)
    runners = 1 if role is None else active_members(req, role)  # an integration or the system itself is one caller
    avg = runners * use_case.frequency_per_user_per_day / c.SECONDS_PER_DAY
    now = avg * peak_factor(req, use_case) if use_case.interaction != "scheduled" else avg
    # a timer's cadence is the same in year three; runs for each member grow with the members
    later = now if use_case.interaction == "scheduled" and role is None else now * growth(req, 3)
    return Rate(avg, now, later, use_case.batch_size)


def use_case_rates(req: Requirements, ledger: Ledger) -> None:
    """Average and peak calls and records of each use case, its payloads, and its share of the connections."""
    keys = use_case_keys(req)
    for use_case in req.use_cases:
        key = keys[use_case.name]
        role = actor_role(req, use_case)
        rate = use_case_rate(req, use_case)
        group = "Use cases"
        noun = {"push": "messages pushed", "scheduled": "runs"}.get(use_case.interaction, "calls")
        unit = {"push": "msg/s", "scheduled": "runs/s"}.get(use_case.interaction, "req/s")
        if role is None:
            who = "the system's timer" if use_case.interaction == "scheduled" else f"{use_case.actor} (one caller)"
            runners: tuple[str, float, str] = ("callers", 1, who)
            formula = "callers × frequency_per_user_per_day / 86,400 s"
        else:
            runners = ("active", active_members(req, role), f"{role.name} members")
            formula = f"{role.name} active × frequency_per_user_per_day / 86,400 s"
        ledger.add(
            f"{key}.avg_rps",
            group,
            f"{use_case.name}: {noun} on average",
            rate.avg,
            unit,
            formula,
            runners,
            ("frequency_per_user_per_day", use_case.frequency_per_user_per_day, "per member a day"),
            expr=f"{runners[0]} * frequency_per_user_per_day / 86400",
        )
        factor = peak_factor(req, use_case) if use_case.interaction != "scheduled" else 1.0
        ledger.add(
            f"{key}.peak_rps.now",
            group,
            f"{use_case.name}: {noun} at peak now",
            rate.peak_now,
            unit,
            "average × peak_factor"
            + (
                " (the questionnaire's: devices that report on a clock bunch up after each tick)"
                if actor_kind(req, use_case) == "device"
                else ""
            ),
            ("average", rate.avg, unit),
            ("peak_factor", factor, "×"),
            expr="average * peak_factor",
        )
        if role is not None and on_clock(req, use_case):
            ledger.add(
                f"{key}.burst_rps.now",
                group,
                f"{use_case.name}: calls a second if every device reports within the burst window after a tick",
                active_members(req, role) / c.DEVICE_BURST_WINDOW.value,
                unit,
                "active devices / device_burst_window_s (the questionnaire does not say the reports are spread)",
                ("active", active_members(req, role), f"{role.name} members"),
                c.DEVICE_BURST_WINDOW,
                expr="active / device_burst_window_s",
            )
        timer = rate.peak_y3 == rate.peak_now and use_case.interaction == "scheduled"
        ledger.add(
            f"{key}.peak_rps.y3",
            group,
            f"{use_case.name}: {noun} at peak after 3 years",
            rate.peak_y3,
            unit,
            "peak now: the timer's cadence does not grow with the load"
            if timer
            else "peak now × (1 + growth_per_year)^3",
            ("peak_now", rate.peak_now, unit),
            *([] if timer else [("growth_per_year", req.load.growth_per_year, "ratio")]),
            expr="peak_now" if timer else "peak_now * (1 + growth_per_year) ** 3",
        )
        if use_case.batch_size > 1:
            ledger.add(
                f"{key}.records_per_s.y3",
                group,
                f"{use_case.name}: records at peak after 3 years",
                rate.peak_y3 * use_case.batch_size,
                "records/s",
                "calls at peak after 3 years × batch_size",
                ("calls", rate.peak_y3, "req/s"),
                ("batch_size", use_case.batch_size, "records/call"),
                expr="calls * batch_size",
            )
        request, response = payload(use_case)
        ledger.add(
            f"{key}.request_bytes",
            group,
            f"{use_case.name}: bytes in per call",
            request,
            "bytes",
            "request_bytes as given" if use_case.request_bytes is not None else f"default for {use_case.interaction}",
            ("request_bytes", request, "bytes"),
            expr="request_bytes",
        )
        ledger.add(
            f"{key}.response_bytes",
            group,
            f"{use_case.name}: bytes out per call",
            response,
            "bytes",
            "response_bytes as given" if use_case.response_bytes is not None else f"default for {use_case.interaction}",
            ("response_bytes", response, "bytes"),
            expr="response_bytes",
        )


def records_per_call(req: Requirements, use_case: UseCase, name: str) -> float:
    """Records of an entity one call of a use case writes: its batch of records, except for an entity the call
    creates (writes without reading) whose stated growth is about one row a call: that is the record of the upload
    itself (an import's status row), written once per call however many records the batch carries."""
    batch = float(use_case.batch_size)
    entity = next((e for e in req.data.entities if e.name == name), None)
    calls = use_case_rate(req, use_case).avg * c.SECONDS_PER_DAY
    if batch <= 1 or entity is None or name in use_case.reads or not entity.growth_per_day or not calls:
        return batch
    return 1.0 if entity.growth_per_day <= calls * 2 else batch  # up to two rows a call: one per upload


def records_per_s(req: Requirements, use_case: UseCase, when: str = "y3") -> float:
    """Records a use case writes a second at peak (`now` or `y3`)."""
    rate = use_case_rate(req, use_case)
    return (rate.peak_y3 if when == "y3" else rate.peak_now) * use_case.batch_size


def records_per_run(req: Requirements, use_case: UseCase) -> float:
    """Records one run of a scheduled job reads at most after 3 years: the inflow since its last run of the largest
    entity it reads (0 for work that is not a job)."""
    if use_case.interaction != "scheduled" or not use_case.reads:
        return 0.0
    runs = max(use_case.frequency_per_user_per_day, 1 / 30)  # a monthly job reads a month's inflow
    inflow = max(req.entity(n).growth_per_day for n in use_case.reads)
    return float(inflow * growth(req, 3) / runs)


def bulk_job(req: Requirements, use_case: UseCase) -> bool:
    """A job whose run reads too many records to ask other services for them one by one or page by page."""
    return records_per_run(req, use_case) > c.constant("bulk_read_records").value


# --- how much: the system's traffic ---------------------------------------------------------------------


def stated_daily(req: Requirements) -> float:
    """API requests a day the questionnaire states: daily_active × requests_per_user_per_day."""
    return req.users.daily_active * req.load.requests_per_user_per_day


def people_daily(req: Requirements) -> float:
    """Calls a day the use cases of people add up to (what requests_per_user_per_day also counts)."""
    return sum(
        use_case_rate(req, u).avg * c.SECONDS_PER_DAY
        for u in req.use_cases
        if u.interaction in INBOUND and actor_kind(req, u) == "person"
    )


def inbound_daily(req: Requirements) -> float:
    """Calls a day every use case arriving at the edge adds up to, people's and machines' alike."""
    return sum(use_case_rate(req, u).avg * c.SECONDS_PER_DAY for u in req.use_cases if u.interaction in INBOUND)


def traffic(req: Requirements, ledger: Ledger) -> None:
    """Inbound calls at the edge (requests, stream messages, uploads, webhooks), reads and writes, and the
    messages pushed out and connections held, now and after 1 and 3 years."""
    g = "Traffic"
    keys = use_case_keys(req)
    stated = ledger.add(
        "traffic.stated_rps",
        g,
        "Average request rate the questionnaire states",
        stated_daily(req) / c.SECONDS_PER_DAY,
        "req/s",
        "daily_active × requests_per_user_per_day / 86,400 s",
        ("daily_active", req.users.daily_active, "users"),
        ("requests_per_user_per_day", req.load.requests_per_user_per_day, "req"),
        expr="daily_active * requests_per_user_per_day / 86400",
    )
    people = ledger.add(
        "traffic.use_cases_people_rps",
        g,
        "Average rate of the people's use cases",
        people_daily(req) / c.SECONDS_PER_DAY,
        "req/s",
        "Σ average calls of the use cases people run",
        *(
            (u.name, ledger_value(ledger, f"{keys[u.name]}.avg_rps"), "req/s")
            for u in req.use_cases
            if u.interaction in INBOUND and actor_kind(req, u) == "person"
        ),
        expr="sum()",
    )
    factor = req.load.peak_factor or 1.0
    # what the stated per-user rate covers beyond the listed use cases: browsing, polling, reads nobody listed
    residual_avg = max(0.0, stated - people)
    residual = ledger.add(
        "traffic.other_rps.now",
        g,
        "Other requests at peak now (not in a use case)",
        residual_avg * factor,
        "req/s",
        "max(0, stated rate − people's use cases) × peak_factor",
        ("stated", stated, "req/s"),
        ("use_cases", people, "req/s"),
        ("peak_factor", factor, "×"),
        expr="max(0, stated - use_cases) * peak_factor",
    )
    inbound = [u for u in req.use_cases if u.interaction in INBOUND]
    machines = sum(ledger_value(ledger, f"{keys[u.name]}.avg_rps") for u in inbound if actor_kind(req, u) != "person")
    ledger.add(
        "traffic.avg_rps",
        g,
        "Average inbound rate",
        max(stated, people) + machines,
        "req/s",
        "max(stated, people's use cases) + machines' use cases (devices, services, webhooks)",
        ("stated", stated, "req/s"),
        ("use_cases_people", people, "req/s"),
        ("machines", machines, "req/s"),
        expr="max(stated, use_cases_people) + machines",
    )
    if req.load.peak_rps is not None:
        peak = ledger.add(
            "traffic.peak_rps.now",
            g,
            "Peak inbound rate now",
            req.load.peak_rps,
            "req/s",
            "load.peak_rps as given",
            ("peak_rps", req.load.peak_rps, "req/s"),
            expr="peak_rps",
        )
    else:
        peak = ledger.add(
            "traffic.peak_rps.now",
            g,
            "Peak inbound rate now",
            residual + sum(ledger_value(ledger, f"{keys[u.name]}.peak_rps.now") for u in inbound),
            "req/s",
            "Σ use cases' peaks + other requests at peak",
            *((u.name, ledger_value(ledger, f"{keys[u.name]}.peak_rps.now"), "req/s") for u in inbound),
            ("other", residual, "req/s"),
            expr="sum()",
        )
    ratio = req.load.read_write_ratio
    writes_now = sum(ledger_value(ledger, f"{keys[u.name]}.peak_rps.now") for u in inbound if u.writes)
    writes_now += residual / (ratio + 1)
    write_share = min(1.0, writes_now / peak) if peak else 0.0
    for when, years in YEARS:
        peak_then = peak * growth(req, years)
        if years:
            ledger.add(
                f"traffic.peak_rps.{when}",
                g,
                f"Peak inbound rate {WHEN[when]}",
                peak_then,
                "req/s",
                f"peak now × (1 + growth_per_year)^{years}",
                ("peak_now", peak, "req/s"),
                ("growth_per_year", req.load.growth_per_year, "ratio"),
                expr=f"peak_now * (1 + growth_per_year) ** {years}",
            )
        ledger.add(
            f"traffic.peak_write_rps.{when}",
            g,
            f"Peak writes {WHEN[when]}",
            peak_then * write_share,
            "req/s",
            "peak × share of calls that write (use cases that write + other requests / (read_write_ratio + 1))",
            ("peak", peak_then, "req/s"),
            ("write_share", write_share, "ratio"),
            expr="peak * write_share",
        )
        ledger.add(
            f"traffic.peak_read_rps.{when}",
            g,
            f"Peak reads {WHEN[when]}",
            peak_then * (1 - write_share),
            "req/s",
            "peak × (1 − write share)",
            ("peak", peak_then, "req/s"),
            ("write_share", write_share, "ratio"),
            expr="peak * (1 - write_share)",
        )
    streamed = [u for u in req.use_cases if u.interaction == "stream"]
    if streamed:
        ledger.add(
            "traffic.stream_messages.y3",
            g,
            "Stream messages at peak after 3 years",
            sum(ledger_value(ledger, f"{keys[u.name]}.peak_rps.y3") for u in streamed),
            "msg/s",
            "Σ stream use cases' peaks after 3 years",
            *((u.name, ledger_value(ledger, f"{keys[u.name]}.peak_rps.y3"), "msg/s") for u in streamed),
            expr="sum()",
        )
    pushed = [u for u in req.use_cases if u.interaction == "push"]
    if pushed:
        ledger.add(
            "traffic.push_messages.y3",
            g,
            "Messages pushed at peak after 3 years",
            sum(ledger_value(ledger, f"{keys[u.name]}.peak_rps.y3") for u in pushed),
            "msg/s",
            "Σ push use cases' peaks after 3 years",
            *((u.name, ledger_value(ledger, f"{keys[u.name]}.peak_rps.y3"), "msg/s") for u in pushed),
            expr="sum()",
        )


# --- what is kept: storage ------------------------------------------------------------------------------


def created_per_day(req: Requirements, entity: Entity) -> float:
    """Rows a day the use cases that create `entity` add on average (what growth_per_day is when not given)."""
    return sum(use_case_rate(req, u).avg * u.batch_size * c.SECONDS_PER_DAY for u in creates(req, entity))


def rows_added(per_day: float, growth_per_year: float, years: int) -> float:
    """Rows (or files) added over `years` when the daily inflow grows with the traffic each year."""
    return per_day * c.DAYS_PER_YEAR * sum((1 + growth_per_year) ** k for k in range(years))


def entity_rows(req: Requirements, entity: Entity, years: int) -> float:
    """Rows an entity holds after `years`, with its retention applied: rows kept for `retention_days` are at most
    the inflow of that many days, plus what is left of the launch rows, which age out evenly over one period."""
    per_day = entity.growth_per_day
    rows = entity.records + rows_added(per_day, req.load.growth_per_year, years)
    retention = entity.retention_days
    if retention is not None and years > 0:
        left = max(0.0, 1 - years * c.DAYS_PER_YEAR / retention)
        rows = min(rows, entity.records * left + per_day * growth(req, years) * retention)
    return float(rows)


def storage(req: Requirements, ledger: Ledger) -> None:
    """Rows and bytes per entity now, after 1 and after 3 years, with retention applied."""
    g = "Storage"
    totals = {when: 0.0 for when, _ in YEARS}
    for entity in req.data.entities:
        size = entity.record_bytes or 0
        per_day = entity.growth_per_day
        for when, years in YEARS:
            rows = entity_rows(req, entity, years)
            retained = entity.retention_days is not None and years > 0
            inputs: list[tuple[str, float, str]] = [("records", entity.records, "rows")]
            if years == 0:
                formula, expr = "records at launch", "records"
            else:
                inputs += [
                    ("growth_per_day", per_day, "rows/day"),
                    ("growth_per_year", req.load.growth_per_year, "ratio"),
                ]
                added = " + ".join(f"(1 + growth_per_year) ** {k}" for k in range(years))
                formula = "records + growth_per_day × 365 × Σ(1 + growth)^k"
                expr = f"records + growth_per_day * 365 * ({added})"
            if retained and entity.retention_days is not None:
                inputs.append(("retention_days", entity.retention_days, "days"))
                formula = (
                    f"min({formula}, records × max(0, 1 − {years} × 365 / retention_days) "
                    f"+ growth_per_day × (1 + growth)^{years} × retention_days): launch rows age out over one period"
                )
                expr = (
                    f"min({expr}, records * max(0, 1 - {years} * 365 / retention_days) "
                    f"+ growth_per_day * (1 + growth_per_year) ** {years} * retention_days)"
                )
            ledger.add(
                f"storage.{entity.name}.rows.{when}",
                g,
                f"{entity.name} rows {WHEN[when]}",
                rows,
                "rows",
                formula,
                *inputs,
                expr=expr,
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
                expr="rows * record_bytes",
            )
    for when, _ in YEARS:
        ledger.add(
            f"storage.total.{when}",
            g,
            f"All entity data {WHEN[when]}",
            totals[when],
            "bytes",
            "Σ entity data",
            *((e.name, ledger_value(ledger, f"storage.{e.name}.bytes.{when}"), "bytes") for e in req.data.entities),
            expr="sum()",
        )


def files(req: Requirements, ledger: Ledger) -> None:
    """Bytes per file set now, after 1 and after 3 years."""
    if not req.data.files:
        return
    g = "Files"
    totals = {when: 0.0 for when, _ in YEARS}
    keys = file_set_keys(req)
    for file_set in req.data.files:
        for when, years in YEARS:
            count = file_set.count + rows_added(file_set.growth_per_day, req.load.growth_per_year, years)
            added = " + ".join(f"(1 + growth_per_year) ** {k}" for k in range(years)) or "0"
            totals[when] += ledger.add(
                f"files.{keys[file_set.name]}.bytes.{when}",
                g,
                f"{file_set.name} {WHEN[when]}",
                count * file_set.avg_size_kb * 1_000,
                "bytes",
                "(count + growth_per_day × 365 × Σ(1 + growth)^k) × avg_size_kb × 1,000",
                ("count", file_set.count, "files"),
                ("growth_per_day", file_set.growth_per_day, "files/day"),
                ("growth_per_year", req.load.growth_per_year, "ratio"),
                ("avg_size_kb", file_set.avg_size_kb, "KB"),
                expr=f"(count + growth_per_day * 365 * ({added})) * avg_size_kb * 1000",
            )
    for when, _ in YEARS:
        ledger.add(
            f"files.total.{when}",
            g,
            f"All files {WHEN[when]}",
            totals[when],
            "bytes",
            "Σ file sets",
            *((f.name, ledger_value(ledger, f"files.{keys[f.name]}.bytes.{when}"), "bytes") for f in req.data.files),
            expr="sum()",
        )


def file_set_keys(req: Requirements) -> dict[str, str]:
    """The figure key part of each file set."""
    return unique_slugs((f.name for f in req.data.files), "files")


def file_views(file_set: FileSet) -> c.Constant:
    """How often an active user fetches a file of this set a day."""
    return c.FILE_VIEWS_PUBLIC if file_set.public else c.FILE_VIEWS_PRIVATE


# --- how many bytes: bandwidth --------------------------------------------------------------------------


def bandwidth(req: Requirements, ledger: Ledger) -> None:
    """Bytes entering and leaving the system a month, from each use case's payloads, and the files served."""
    g = "Bandwidth"
    keys = use_case_keys(req)
    month = c.SECONDS_PER_DAY * c.DAYS_PER_MONTH
    ins: list[tuple[str, float, str]] = []
    outs: list[tuple[str, float, str]] = []
    for use_case in req.use_cases:
        key = keys[use_case.name]
        calls = ledger_value(ledger, f"{key}.avg_rps") * month
        ins.append((use_case.name, calls * ledger_value(ledger, f"{key}.request_bytes"), "bytes/month"))
        outs.append((use_case.name, calls * ledger_value(ledger, f"{key}.response_bytes"), "bytes/month"))
    stated = ledger_value(ledger, "traffic.stated_rps")
    people = ledger_value(ledger, "traffic.use_cases_people_rps")
    other = max(0.0, stated - people) * month
    ins.append(("other requests", other * c.constant("request_bytes_request").value, "bytes/month"))
    outs.append(("other requests", other * c.constant("response_bytes_request").value, "bytes/month"))
    ledger.add(
        "ingress.api.month",
        g,
        "Bytes received a month",
        math.fsum(v for _, v, _ in ins),
        "bytes/month",
        "Σ use cases' average calls × request bytes × 30.4 days + other requests × request_bytes_request",
        *ins,
        expr="sum()",
    )
    api = ledger.add(
        "egress.api.month",
        g,
        "API responses and pushed messages a month",
        math.fsum(v for _, v, _ in outs),
        "bytes/month",
        "Σ use cases' average calls × response bytes × 30.4 days + other requests × response_bytes_request",
        *outs,
        expr="sum()",
    )
    served = 0.0
    file_keys = file_set_keys(req)
    played = [f for f in req.data.files if streamed(f)] if "media.streamed.month" in ledger.values else []
    for file_set in played:
        # bytes played follow watch time; several streamed sets share it by their size
        share = file_set.count * file_set.avg_size_kb / (sum(f.count * f.avg_size_kb for f in played) or 1.0)
        media = ledger_value(ledger, "media.streamed.month")
        served += ledger.add(
            f"egress.files.{file_keys[file_set.name]}.month",
            g,
            f"{file_set.name} served a month",
            media * share,
            "bytes/month",
            "media streamed a month × this set's share of the streamed files",
            ("streamed", media, "bytes/month"),
            ("share", share, "ratio"),
            expr="streamed * share",
        )
    for file_set in req.data.files:
        if file_set in played:
            continue
        views = file_views(file_set)
        if not file_set.public and file_set.avg_size_kb >= c.constant("cold_storage_min_kb").value:
            # large private originals go to their processing pipeline inside the cloud and back to their owner
            # now and then: each new file is read back once
            served += ledger.add(
                f"egress.files.{file_keys[file_set.name]}.month",
                g,
                f"{file_set.name} served a month",
                file_set.growth_per_day * file_set.avg_size_kb * 1_000 * c.DAYS_PER_MONTH,
                "bytes/month",
                "growth_per_day × avg_size_kb × 1,000 × 30.4 days (large private files: each read back once)",
                ("growth_per_day", file_set.growth_per_day, "files/day"),
                ("avg_size_kb", file_set.avg_size_kb, "KB"),
                expr="growth_per_day * avg_size_kb * 1000 * 30.4",
            )
            continue
        served += ledger.add(
            f"egress.files.{file_keys[file_set.name]}.month",
            g,
            f"{file_set.name} served a month",
            req.users.daily_active * views.value * file_set.avg_size_kb * 1_000 * c.DAYS_PER_MONTH,
            "bytes/month",
            "daily_active × views per user a day × avg_size_kb × 1,000 × 30.4 days",
            ("daily_active", req.users.daily_active, "users"),
            views,
            ("avg_size_kb", file_set.avg_size_kb, "KB"),
            expr=f"daily_active * {views.name} * avg_size_kb * 1000 * 30.4",
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
        expr="api + files",
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
        expr="mutable_data_y1 * cache_hot_fraction",
    )


def instances_for(rps: float) -> int:
    """Application instances needed to serve `rps` at the target utilisation."""
    return max(1, math.ceil(rps / (c.INSTANCE_RPS.value * c.TARGET_UTILISATION.value)))
