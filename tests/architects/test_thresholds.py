"""Table tests for the thresholds the rules architect decides by, and sizing arithmetic worked out by hand."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.architects.rules.jobs import schedule
from archgen.capacity.availability_budget import region_event
from archgen.design.model import Design
from archgen.knowledge.catalog import Catalog
from tests.architects.strategies import loaded_from

BASE: dict[str, Any] = {
    "version": 1,
    "system": {"name": "Probe", "summary": "A system used to probe the thresholds."},
    "users": {"daily_active": 10_000, "regions": ["europe"]},
    "data": {
        "entities": [
            {
                "name": "Account",
                "fields": {"id": "uuid", "email": "string", "name": "string"},
                "records": 10_000,
                "growth_per_day": 50,
                "access": ["by_id", "by_email"],
            },
            {
                "name": "Payment",
                "fields": {"id": "uuid", "account": "ref[Account]", "amount": "decimal", "created_at": "timestamp"},
                "records": 100_000,
                "growth_per_day": 1_000,
                "access": ["by_id", "by_account"],
            },
        ]
    },
}


def design(**changes: Any) -> Design:
    """The design of BASE with dotted-key changes applied."""
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return RulesArchitect().design(loaded_from(data))


@pytest.mark.parametrize(
    ("availability", "rto", "zones", "regions", "topology"),
    [
        (99.5, 240, 1, 1, "backup-restore"),
        # two hours leave time to start compute on data already replicated; half an hour does not
        (99.9, 120, 3, 2, "pilot-light"),
        (99.9, 30, 3, 2, "warm-standby"),
        # at 99.95 % a region's loss must fit the month's 22 minutes as well: an hour's start-up does not
        (99.95, 120, 3, 2, "warm-standby"),
        # four nines cannot wait for a half-hour failover: the database chosen takes writes in every region
        (99.99, 120, 3, 2, "active-active"),
    ],
)
def test_availability_drives_zones_and_regions(
    availability: float, rto: int, zones: int, regions: int, topology: str
) -> None:
    d = design(quality={"availability": availability, "rto_minutes": rto})
    assert d.reliability.zones_per_region == zones
    assert len(d.reliability.regions) == regions
    assert d.reliability.topology == topology
    assert next(x for x in d.decisions if x.title.startswith("Availability topology")).decision == topology
    minimum = {d_.scaling.min_instances for d_ in d.deployables if d_.kind == "web"}
    # one instance in each zone, so a zone's loss takes no more than its share
    assert minimum == ({1} if availability < 99.9 else {zones})


def test_four_nines_on_a_database_that_writes_in_every_region_is_active_active() -> None:
    d = design(quality={"availability": 99.99, "rpo_minutes": 0, "rto_minutes": 5})
    assert {s.technology for s in d.stores if s.kind == "relational"} <= {
        t.name for t in Catalog(d.deployment.cloud, [], []).options("relational-global") if t.region_writes == "multi"
    }
    assert d.reliability.topology == "active-active"


def test_four_nines_keep_point_in_time_recovery_where_a_quick_failover_meets_them() -> None:
    """A relational engine that fails over within the month's error budget and recovers to any point in time is
    chosen over one that writes in every region but keeps only daily snapshots: the RPO holds for a faulty release."""
    d = design(quality={"availability": 99.99, "rpo_minutes": 1, "rto_minutes": 30}, constraints={"cloud": "aws"})
    store = next(s for s in d.stores if s.kind == "relational")
    tech = Catalog(d.deployment.cloud, [], []).technology(store.technology)
    assert tech is not None and tech.pitr_s != 0 and tech.region_writes == "single"
    assert all(b.meets_rpo for b in d.reliability.backups if b.store == store.name)
    # a person promoting a standby takes longer than the month's four minutes: health checks promote it instead
    assert d.reliability.topology == "hot-standby"
    assert region_event(d) is not None and region_event(d).met


def test_zero_rpo_means_synchronous_replication_across_three_voting_regions() -> None:
    """A vote across two regions keeps no majority when either is lost: losing nothing takes a third region."""
    d = design(quality={"availability": 99.9, "rpo_minutes": 0, "rto_minutes": 60})
    backup = next(b for b in d.reliability.backups if b.store.endswith("-db"))
    assert "synchronous replication to the recovery region" in backup.method and backup.meets_rpo
    assert len(d.reliability.regions) == 3
    store = next(s for s in d.stores if s.name == backup.store)
    assert "voting replicas in" in store.replication


def test_residency_keeps_every_region_inside_it() -> None:
    d = design(
        compliance={"data_residency": ["europe"]},
        users={"daily_active": 10_000, "regions": ["asia"]},
        quality={"availability": 99.95, "rto_minutes": 60},
        constraints={"cloud": "aws"},
    )
    assert d.reliability.regions == ["eu-central-1", "eu-west-1"]
    [far] = d.topology.serving
    assert far.area == "asia-pacific" and far.region == "eu-central-1" and not far.within_budget
    assert any("kept outside Europe" in q.question for q in d.open_questions)


def test_pii_under_gdpr_gets_encryption_retention_and_erasure() -> None:
    data = copy.deepcopy(BASE)
    data["data"]["entities"][0]["pii"] = True
    data["data"]["entities"][0]["fields"]["date_of_birth"] = "date"
    data["compliance"] = {"regimes": ["gdpr"]}
    d = RulesArchitect().design(loaded_from(data))
    pii = next(p for p in d.security.pii if p.entity == "Account")
    assert pii.fields == ["email", "name", "date_of_birth"]
    fields = {f.name: f for f in d.entity("Account").fields}
    # the birth date is encrypted with a key per person; the email is looked up, so it stays indexable but
    # reaches only the person and those who keep the record
    assert fields["date_of_birth"].encrypted and not fields["email"].encrypted
    assert fields["email"].readers[0] == "self" and not fields["name"].readers
    assert any("field-level encryption of date_of_birth" in c for c in pii.controls)
    assert any("erased on request" in c for c in pii.controls)
    # a payment refers to the account's person, so it is personal data too
    assert d.entity("Payment").pii
    assert any(
        e.method == "POST" and e.path.endswith("/erasure-requests") and e.summary.startswith("Request erasure of an ")
        for s in d.services
        for e in s.endpoints
    )
    assert any(q.question.startswith("How long must Account and Payment records") for q in d.open_questions)
    gdpr = [c.requirement for c in d.security.controls if c.regime == "gdpr"]
    assert any("Art. 17" in r for r in gdpr) and any("Art. 32" in r for r in gdpr)
    assert all(s.encryption_at_rest for s in d.stores)


def test_avoid_list_swaps_the_technology() -> None:
    d = design(
        load={"requests_per_user_per_day": 2_000, "read_write_ratio": 50},
        use_cases=[{"name": "View account", "actor": "user", "reads": ["Account"], "frequency_per_user_per_day": 50}],
        constraints={"cloud": "any", "avoid": ["valkey"]},
    )
    [cache] = [c for c in d.caches if c.placement == "distributed"]
    assert "valkey" not in cache.technology.lower()
    assert any(t.requirement == "constraints.avoid[valkey]" and t.elements for t in d.traceability)


def test_a_tiny_load_gets_no_cache_and_no_broker() -> None:
    d = design(users={"daily_active": 40, "regions": ["europe"]})
    assert not [c for c in d.caches if c.placement == "distributed"]
    assert not d.channels
    assert len(d.deployables) == 1


def test_big_teams_with_many_domains_get_services() -> None:
    data = copy.deepcopy(BASE)
    data["data"]["domains"] = [
        {"name": "accounts", "entities": ["Account"]},
        {"name": "payments", "entities": ["Payment"]},
    ]
    data["data"]["entities"].append({"name": "Ledger", "fields": {"id": "uuid"}})
    data["data"]["domains"].append({"name": "ledger", "entities": ["Ledger"]})
    data["constraints"] = {"team": {"engineers": 30}}
    d = RulesArchitect().design(loaded_from(data))
    assert d.architecture.style == "microservices"
    assert [s.name for s in d.stores if s.kind == "relational"] == ["accounts-db", "payments-db", "ledger-db"]
    assert len([x for x in d.deployables if x.kind == "web"]) == 3


def test_sizing_by_hand() -> None:
    d = design(
        users={"daily_active": 1_000_000, "regions": ["europe"]},
        load={"requests_per_user_per_day": 100, "read_write_ratio": 4, "pattern": "steady", "growth_per_year": 0.5},
    )
    figures = {f.key: f.value for f in d.capacity.figures}
    # 1M × 100 / 86,400 = 1,157.4 req/s; steady peak factor 1.5 → 1,736.1; after a year × 1.5 → 2,604.2
    assert figures["traffic.peak_rps.y1"] == pytest.approx(1_000_000 * 100 / 86_400 * 1.5 * 1.5)
    # one deployable serves everything: ⌈2,604.2 / (300 × 0.6)⌉ = 15 instances
    [app] = [x for x in d.deployables if x.kind == "web"]
    assert figures[f"compute.{app.name}.instances.y1"] == math.ceil(figures["traffic.peak_rps.y1"] / 180)
    # the cost line for it is instances × the instance price (one region: default RPO and RTO allow backup-restore)
    assert d.reliability.topology == "backup-restore"
    line = next(c for c in d.cost.lines if c.item == f"{app.name} instances")
    assert line.unit_price_usd == 65  # the vendor-neutral table
    assert line.monthly_usd == pytest.approx(figures[f"compute.{app.name}.instances.y1"] * 65)
    budgeted = [c.monthly_usd for c in d.cost.lines if c.category != "transaction fees"]
    assert d.cost.total_usd_per_month == pytest.approx(sum(budgeted))


def test_heavy_writes_partition_by_the_main_lookup_key() -> None:
    d = design(
        users={"daily_active": 20_000_000, "regions": ["europe"]},
        load={"requests_per_user_per_day": 300, "read_write_ratio": 1, "growth_per_year": 0.5},
    )
    payment = d.entity("Payment")
    assert payment.partition_key == "account (hash)"
    store = d.store(payment.store)
    assert store.shards > 1 and f"{store.shards} shards by account (hash)" in store.partitioning


@pytest.mark.parametrize(
    ("changes", "question"),
    [
        ({"quality": {"availability": 99.99}, "constraints": {"team": {"engineers": 1}}},
         "Is 99.99 % realistic with 1 engineer?"),
        ({"constraints": {"budget_usd_per_month": 10}}, "Can the budget grow from $10 to about $"),
        ({"compliance": {"regimes": ["fisma"]}}, "Which controls does 'fisma' require of this system?"),
    ],
)  # fmt: skip
def test_vague_or_contradictory_requirements_become_open_questions(changes: dict[str, Any], question: str) -> None:
    d = design(**changes)
    assert any(q.question.startswith(question) for q in d.open_questions), [q.question for q in d.open_questions]


def test_users_on_two_continents_with_a_tight_target_are_homed_in_a_region_near_them() -> None:
    d = design(users={"daily_active": 10_000, "regions": ["europe", "asia"]}, quality={"latency_p99_ms": 100})
    assert d.topology.cells
    homes = {s.area: s.region for s in d.topology.serving}
    assert homes == {"europe": "europe-1", "asia-pacific": "asia-pacific-1"}
    assert all(s.within_budget for s in d.topology.serving)


def test_no_async_work_is_still_a_recorded_decision() -> None:
    d = design()
    decision = next(x for x in d.decisions if x.title == "Asynchronous processing")
    assert decision.decision == "Everything within the request" and not d.channels


def test_cost_of_a_bucket_without_declared_files_is_zero() -> None:
    from archgen.capacity.measure import measure
    from archgen.capacity.prices import shipped_table
    from archgen.design.model import DataStore

    d = design()
    bucket = DataStore(name="spare-files", kind="object", technology="S3", purpose="files", replication="")
    measured = measure(d.model_copy(update={"stores": [*d.stores, bucket]}), shipped_table("any"), d.requirements)
    assert all(line.monthly_usd == 0 for line in measured.cost.lines if line.component == "spare-files")


def three_domains(engineers: int, daily_active: int) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["data"]["entities"].append({"name": "Ledger", "fields": {"id": "uuid"}})
    data["data"]["domains"] = [
        {"name": "accounts", "entities": ["Account"]},
        {"name": "payments", "entities": ["Payment"]},
        {"name": "ledger", "entities": ["Ledger"]},
    ]
    data["users"]["daily_active"] = daily_active
    data["load"] = {"requests_per_user_per_day": 100}
    data["constraints"] = {"team": {"engineers": engineers}}
    return data


@pytest.mark.parametrize(
    ("engineers", "daily_active", "style", "databases", "web"),
    [
        # two teams, a few hundred requests a second: modules in one deployable and one database
        (10, 100_000, "modular-monolith", 1, 1),
        # three teams, still a modest load: splitting would only add hops and databases
        (20, 100_000, "modular-monolith", 1, 1),
        # three teams under heavy load: the domains are worth scaling apart
        (20, 1_000_000, "microservices", 3, 3),
        # five teams: one release train holds them all up, whatever the load
        (35, 100_000, "microservices", 3, 3),
    ],
)
def test_the_style_follows_the_team_and_the_load(
    engineers: int, daily_active: int, style: str, databases: int, web: int
) -> None:
    d = RulesArchitect().design(loaded_from(three_domains(engineers, daily_active)))
    assert d.architecture.style == style
    assert len([s for s in d.stores if s.kind == "relational"]) == databases
    assert len([x for x in d.deployables if x.kind == "web"]) == web
    decision = next(x for x in d.decisions if x.id == d.architecture.decision)
    assert {o.name for o in decision.options} == {"monolith", "modular-monolith", "microservices", "event-driven"}
    assert all(force in decision.context for force in ("team:", "load:", "bounded contexts:"))


def test_every_deployable_beyond_the_core_names_the_force_behind_it_once_for_all_it_sets_apart() -> None:
    d = RulesArchitect().design(loaded_from(three_domains(35, 100_000)))
    core = {s.deployable for s in d.services} if d.architecture.style == "modular-monolith" else set()
    apart = [x.name for x in d.deployables if x.name not in core]
    for name in apart:
        assert len([line for line in d.architecture.rationale if name in line.split(":")[0]]) == 1, name
    named = [line for line in d.architecture.rationale if any(name in line.split(":")[0] for name in apart)]
    assert len(named) < len(apart), named  # several deployables that share a force share its sentence


def test_a_notification_a_provider_delivers_needs_no_gateway_of_ours() -> None:
    data = copy.deepcopy(BASE)
    data["users"]["roles"] = [{"name": "customer", "kind": "person"}]
    data["integrations"] = [{"name": "Mobile Push", "kind": "mobile push notifications", "direction": "outbound"}]
    notify = {"name": "Notify customer of payment", "actor": "customer", "interaction": "push", "reads": ["Payment"]}
    live = {"name": "Watch payments live", "actor": "customer", "interaction": "push", "reads": ["Payment"]}
    data["use_cases"] = [{**notify, "calls": ["Mobile Push"]}]
    assert not [x for x in RulesArchitect().design(loaded_from(data)).deployables if x.kind == "realtime"]
    data["use_cases"].append(live)
    assert [x for x in RulesArchitect().design(loaded_from(data)).deployables if x.kind == "realtime"]


def test_calls_between_modules_of_one_process_are_not_counted_as_requests_again() -> None:
    data = three_domains(10, 100_000)
    data["users"]["roles"] = [{"name": "customer", "kind": "person"}]
    data["use_cases"] = [
        {"name": "Pay", "actor": "customer", "writes": ["Payment"], "reads": ["Account"]},
        {"name": "View payments", "actor": "customer", "reads": ["Payment", "Account"]},
    ]
    d = RulesArchitect().design(loaded_from(data))
    assert any(s.depends_on for s in d.services)  # one module reads another's data through its interface
    [app] = [x for x in d.deployables if x.kind == "web"]
    peak = next(f.value for f in d.capacity.figures if f.key == "traffic.peak_rps.y3")
    assert app.demand.requests_per_s == pytest.approx(peak, rel=1e-3)


@pytest.mark.parametrize(("daily_active", "workers"), [(1_000, 0), (1_000_000, 1)])
def test_a_modest_monolith_runs_its_background_work_in_the_web_instances(daily_active: int, workers: int) -> None:
    data = three_domains(10, daily_active)
    data["users"]["roles"] = [{"name": "customer", "kind": "person"}]
    data["integrations"] = [{"name": "SendGrid", "kind": "email", "direction": "outbound"}]
    data["use_cases"] = [{"name": "Pay", "actor": "customer", "writes": ["Payment"], "calls": ["SendGrid"]}]
    d = RulesArchitect().design(loaded_from(data))
    assert d.events  # the e-mail is sent after the commit, from the outbox
    assert len([x for x in d.deployables if x.kind == "worker"]) == workers


@pytest.mark.parametrize(
    ("runs_per_day", "expected"),
    [
        (0.0027, "yearly"),
        (0.011, "quarterly"),
        (0.033, "monthly"),
        (0.14, "weekly"),
        (1, "daily"),
        (24, "hourly"),
        (288, "every 5 minutes"),
    ],
)
def test_a_job_runs_as_often_as_its_use_case_says(runs_per_day: float, expected: str) -> None:
    """A monthly invoice runs monthly, not every night."""
    assert expected in schedule(runs_per_day)


def test_every_rate_gets_a_timer_the_review_accepts() -> None:
    """Between two calendar cadences a job still runs within twice or half its rate: the architect's own design
    never fails the review's cadence rule (a yearly import was once given a monthly timer)."""
    from archgen.knowledge.jobs import cron_runs_per_day
    from archgen.review.rules.jobs import TOLERANCE

    for step in range(2000):
        per_day = (1 / 365) * (24 * 60 * 365) ** (step / 1999)  # once a year to once a minute
        ratio = (cron_runs_per_day(schedule(per_day)) or 0) / per_day
        assert 1 / TOLERANCE <= ratio <= TOLERANCE, (per_day, schedule(per_day))


def test_a_job_that_reads_what_another_job_writes_runs_after_it() -> None:
    """A nightly report over payments starts after the nightly run that settles them and waits for it."""
    data = copy.deepcopy(BASE)
    data["users"]["roles"] = [{"name": "clerk", "kind": "person"}]
    data["use_cases"] = [
        {"name": "Report payments", "interaction": "scheduled", "reads": ["Payment"]},
        {"name": "Settle payments", "interaction": "scheduled", "reads": ["Payment"], "writes": ["Payment"]},
        {"name": "Pay", "actor": "clerk", "writes": ["Payment"]},
    ]
    jobs = {j.name: j for j in RulesArchitect().design(loaded_from(data)).jobs}
    report, settle = jobs["Report payments"], jobs["Settle payments"]
    assert "Settle payments" in report.schedule
    assert report.schedule.split()[:2] != settle.schedule.split()[:2]
    assert "lock" in settle.description and "missed" in settle.description


def test_a_job_whose_use_case_names_its_period_runs_at_that_period() -> None:
    """A monthly invoice the questionnaire gives no frequency still runs monthly, not every night."""
    data = copy.deepcopy(BASE)
    data["use_cases"] = [
        {
            "name": "Invoice accounts",
            "interaction": "scheduled",
            "description": "Monthly invoice.",
            "reads": ["Payment"],
        }
    ]
    job = RulesArchitect().design(loaded_from(data)).jobs[0]
    assert "monthly" in job.schedule


def test_a_notification_hears_the_transition_it_tells_of_and_nothing_is_emitted_unheard() -> None:
    """Watchers told 'when an alert is confirmed' hear AlertConfirmed, not every update of the alert; the close
    transition, which nobody listens to, announces nothing."""
    data = copy.deepcopy(BASE)
    data["users"]["roles"] = [{"name": "operator", "kind": "person"}, {"name": "watcher", "kind": "person"}]
    data["data"]["entities"].append(
        {
            "name": "Alert",
            "fields": {"id": "uuid", "title": "string", "status": "enum[open, confirmed, closed]"},
            "records": 1000,
            "growth_per_day": 10,
        }
    )
    data["integrations"] = [{"name": "Mobile Push", "kind": "mobile push", "direction": "outbound"}]
    data["use_cases"] = [
        {"name": "Raise alert", "actor": "operator", "writes": ["Alert"]},
        {"name": "Update alert", "actor": "operator", "reads": ["Alert"], "writes": ["Alert"]},
        {
            "name": "Notify watchers",
            "actor": "watcher",
            "interaction": "push",
            "description": "When an alert is confirmed.",
            "reads": ["Alert"],
            "calls": ["Mobile Push"],
        },
    ]
    d = RulesArchitect().design(loaded_from(data))
    flow = next(f for f in d.flows if f.use_case == "Notify watchers")
    assert flow.steps[0].message == "AlertConfirmed"
    assert all(e.consumers for e in d.events)
    machine = next(e.state_machine for e in d.entities if e.name == "Alert")
    assert machine is not None
    assert {t.name: t.emits for t in machine.transitions} == {"confirm": "AlertConfirmed", "close": None}


def test_a_retention_period_is_kept_by_a_job_of_the_service_that_owns_the_records() -> None:
    """Payments are deleted once their period ends by a nightly job of their owner, not by nobody; tax law keeps
    them ten years, longer than the 400 days the questionnaire gives."""
    data = copy.deepcopy(BASE)
    data["data"]["entities"][1]["retention_days"] = 400
    d = RulesArchitect().design(loaded_from(data))
    owner = next(e.owner for e in d.entities if e.name == "Payment")
    job = next(j for j in d.jobs if "Payment 3,650 days after it is written" in j.description)
    assert job.service == owner and "daily" in job.schedule


def test_retention_counts_from_the_end_of_use_and_keeps_what_belongs_together() -> None:
    """A payment's period runs from its final state, an account's from its last payment and only once no kept
    payment names it, and a payment's receipts go with their payment rather than by their own age."""
    data = copy.deepcopy(BASE)
    account, payment = data["data"]["entities"]
    account["retention_days"] = 200
    payment["retention_days"] = 400
    payment["fields"]["status"] = "enum[pending, settled, refunded]"
    data["data"]["entities"].append(
        {
            "name": "Receipt",
            "fields": {"id": "uuid", "payment": "ref[Payment]", "body": "text"},
            "records": 100_000,
            "growth_per_day": 1_000,
            "access": ["by_id", "by_payment"],
        }
    )
    d = RulesArchitect().design(loaded_from(data))
    said = " ".join(j.description for j in d.jobs)
    machine = d.entity("Payment").state_machine
    assert machine is not None and machine.terminal
    # counted from its final state, or from settling: only a refund may follow that; tax law keeps it ten years
    assert "Payment 3,650 days after its last change of state once it reaches settled or refunded" in said
    assert "Account 200 days after its last activity" in said and "only once no kept Payment still points to it" in said
    assert "Receipt together with its Payment" in said
    assert d.entity("Receipt").retention_days == 3650  # stated alike on every page


def test_a_restore_asks_the_senders_for_the_window_they_keep() -> None:
    """Clients that keep two days and resend are part of the recovery: the payments store's plan asks them."""
    data = copy.deepcopy(BASE)
    data["use_cases"] = [
        {
            "name": "Record payment",
            "actor": "user",
            "description": "The till keeps 2 days of payments and resends on failure.",
            "writes": ["Payment"],
        }
    ]
    d = RulesArchitect().design(loaded_from(data))
    store = d.entity("Payment").store
    backup = next(b for b in d.reliability.backups if b.store == store)
    assert "the senders of Record payment resend the last 2 days" in backup.method
