"""Cost rules: the estimate against the budget, and every deployable and store priced."""

from __future__ import annotations

import re
from collections.abc import Callable

from archgen.capacity.constants import constant
from archgen.common.english import count
from archgen.common.formatting import quantity, usd
from archgen.design.model import DATABASE_KINDS, CostLine
from archgen.review.engine import Found, Problem, Subject, rule

NEAR_BUDGET = 0.8  # above this share of the budget there is little room for error in the estimate


OVERRUN_ERROR = constant("budget_overrun_error").value  # above this share of the budget the design needs a decision
# above this share of a small budget the ingress alone is out of proportion to what a tiny system needs
INGRESS_SHARE = 0.25


def _drivers(subject: Subject) -> str:
    """The three components that cost most, with their monthly cost."""
    totals: dict[str, float] = {}
    for line in subject.design.cost.lines:
        if line.category != "transaction fees":
            name = line.component or line.item
            totals[name] = totals.get(name, 0.0) + line.monthly_usd
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:3]
    return ", ".join(f"{name} {usd(value)}" for name, value in top)


@rule("COST001", "error", "cost", "Estimated cost far over budget")
def over_budget(subject: Subject) -> Found:
    """The estimated monthly cost exceeds the budget by more than a fifth: the design cannot be built as it stands."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and total > budget * OVERRUN_ERROR:
        yield Problem(
            element="cost",
            at=("cost", "total_usd_per_month"),
            message=f"{usd(total)} a month is {total / budget:.1f}× the {usd(budget)} budget; the largest drivers are "
            f"{_drivers(subject)}",
            fix="step down what costs most (smaller tiers, a lighter recovery topology, sampled telemetry, a PaaS for "
            "low load) or agree a larger budget, and record the choice",
        )


@rule("COST004", "warning", "cost", "Estimated cost over budget")
def slightly_over_budget(subject: Subject) -> Found:
    """The estimated monthly cost is over the budget, by less than a fifth."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and budget < total <= budget * OVERRUN_ERROR:
        yield Problem(
            element="cost",
            at=("cost", "total_usd_per_month"),
            message=f"{usd(total)} a month exceeds the {usd(budget)} budget; the largest drivers are "
            f"{_drivers(subject)}",
            fix="reduce the largest lines or agree a larger budget",
        )


@rule("COST002", "info", "cost", "Estimated cost close to the budget")
def near_budget(subject: Subject) -> Found:
    """The estimated monthly cost uses most of the budget: small errors in the estimate break it."""
    budget = subject.req.constraints.budget_usd_per_month
    total = subject.design.cost.total_usd_per_month
    if budget and NEAR_BUDGET * budget <= total <= budget:
        yield Problem(
            element="cost",
            at=("cost", "total_usd_per_month"),
            message=f"{usd(total)}/month is {total / budget:.0%} of the {usd(budget)} budget",
            fix="keep a margin: the estimate rests on planning constants until the system is measured",
        )


@rule("COST003", "error", "cost", "Component missing from the cost estimate")
def unpriced(subject: Subject) -> Found:
    """A component the design draws (a deployable, a store, a cache, a broker cluster, a device gateway) appears in
    no line of the cost estimate: it would cost money nobody planned."""
    lines = subject.design.cost.lines
    design = subject.design
    elements = [("deployables", i, d.name) for i, d in enumerate(design.deployables)]
    elements += [("stores", i, s.name) for i, s in enumerate(design.stores)]
    elements += [("caches", i, c.name) for i, c in enumerate(design.caches) if c.placement == "distributed"]
    elements += [
        ("channels", i, c.cluster or c.name)
        for i, c in enumerate(design.channels)
        if "job table" not in c.technology.lower()
    ]
    seen: set[str] = set()
    for collection, i, name in elements:
        if name in seen:
            continue
        seen.add(name)
        if not any(line.component == name or name in line.item for line in lines):
            yield Problem(
                element=name,
                at=(collection, i),
                message="has no line in the cost estimate",
                fix="add its instances, nodes or storage to cost.lines",
            )


GB = 1e9
SHORT = 0.9  # a priced quantity below 90 % of what the load needs leaves out a real part of it
OVER = 1.5  # one above 150 % pays for users or capacity the load does not have


def _quantity(subject: Subject, wanted: Callable[[CostLine], bool]) -> float:
    return sum(line.quantity for line in subject.design.cost.lines if wanted(line))


def _egress(line: CostLine) -> bool:
    text = f"{line.item} {line.price}".lower()
    return line.unit == "GB" and ("egress" in text or "served" in text)


@rule("COST005", "error", "cost", "Streamed media priced below watch time × bitrate")
def streamed_egress(subject: Subject) -> Found:
    """The questionnaire streams media (public video or audio sets and a use case that plays them), but the bytes
    the estimate pays to send are below viewers × watch time × bitrate: delivery was counted by file views."""
    streamed = subject.load.value("media.streamed.month")
    priced = _quantity(subject, _egress) * GB
    if streamed and priced < streamed * SHORT:
        yield Problem(
            element="cost",
            at=("cost", "lines"),
            message=f"pays for {quantity(priced, 'bytes')} sent a month; viewers × watch time × bitrate come to "
            f"{quantity(streamed, 'bytes')} now",
            fix="price delivery from watch time × the average bitrate of the ladder (see the Media figures)",
        )


@rule("COST006", "error", "cost", "Media conversion compute not priced")
def conversion_compute(subject: Subject) -> Found:
    """Use cases transcode or resize uploads, but the estimate pays for fewer vCPU-hours than the media's length
    × the renditions made of it take: conversion was sized as an ordinary consumer."""
    needed = sum(f.value for f in subject.load.figures if f.key.startswith("media.") and ".vcpu_hours." in f.key)
    priced = _quantity(subject, lambda line: "vcpu-hour" in line.unit.lower())
    if needed and priced < needed * SHORT:
        yield Problem(
            element="cost",
            at=("cost", "lines"),
            message=f"pays for {priced:,.0f} vCPU-hours of media conversion a month; the uploads need {needed:,.0f}",
            fix="price the conversion workers by vCPU-hours: seconds of media × encoding effort of each rendition",
        )


@rule("COST007", "error", "cost", "Identity not priced by monthly active users")
def identity_users(subject: Subject) -> Found:
    """The identity provider is priced for fewer monthly active users than sign in during a month (at least the
    people active on one day), or for far more (every registered account, most of whom do not sign in that month)."""
    lines = [line for line in subject.design.cost.lines if "monthly active user" in line.unit.lower()]
    needed = subject.measured.capacity.value("identity.mau.y1")
    priced = sum(line.quantity for line in lines)
    if lines and needed and not needed * SHORT <= priced <= needed * OVER:
        yield Problem(
            element="identity",
            at=("cost", "lines"),
            message=f"prices {priced:,.0f} monthly active users; {needed:,.0f} people sign in during a month "
            "after 1 year",
            fix="price it by monthly active users: people active a day / dau_per_mau, capped by the registered "
            "accounts",
        )


@rule("COST008", "error", "cost", "Event log priced by clusters")
def log_clusters(subject: Subject) -> Found:
    """A broker cluster is priced as several whole clusters for one message rate: a cluster grows by brokers and
    partitions with its throughput, and one per region carries what the topics need."""
    regions = max(1, len(subject.design.reliability.regions))
    for i, line in enumerate(subject.design.cost.lines):
        if line.category == "messaging" and "cluster" in line.unit.lower() and line.quantity > regions:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"is priced as {line.quantity:,.0f} {line.unit} for {regions} region(s)",
                fix="price one cluster a region by its broker nodes: messages, bytes and partition replicas a "
                "node carries",
            )


@rule("COST009", "error", "cost", "Request-priced database priced by nodes")
def request_priced(subject: Subject) -> Found:
    """A serverless database billed per request and per GB stored (DynamoDB, Keyspaces, Cosmos DB, Firestore) is
    priced as nodes: the estimate then follows no bill the provider sends. Price its reads and writes a month and
    the data it keeps."""
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    billed = {
        s.name: s.technology
        for s in subject.design.stores
        if (t := catalog.technology(s.technology)) is not None and t.price == "nosql_request"
    }
    for i, line in enumerate(subject.design.cost.lines):
        if line.component in billed and "node" in line.unit.lower():
            yield Problem(
                element=line.component,
                at=("cost", "lines", i),
                message=f"{billed[line.component]} is billed per request and GB stored, but is priced as "
                f"{line.quantity:,.0f} {line.unit}",
                fix="price its writes and reads a month (average after 1 year, each write again per region) at the "
                "price per million, and its data per GB-month",
            )


@rule("COST010", "error", "cost", "Messages a job sends priced per run")
def per_recipient(subject: Subject) -> Found:
    """E-mails, text messages or push notifications a scheduled job sends are priced as one a run: a job that
    mails a digest or a report sends one message to each person it reaches."""
    from archgen.capacity.measure import PER_MESSAGE

    measured = {line.item: line for line in subject.measured.cost.lines if line.price in PER_MESSAGE}
    for i, line in enumerate(subject.design.cost.lines):
        fresh = measured.get(line.item)
        if fresh is None or line.price not in PER_MESSAGE or "scheduled job" not in fresh.formula:
            continue
        if line.quantity < fresh.quantity * 0.5:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"priced for {line.quantity:,.2f} {line.unit}; its scheduled jobs send "
                f"{fresh.quantity:,.1f}, one to each person they reach",
                fix="price one message per recipient: the people each run reaches (named roles' active members, or "
                "the records it tells of), not one call per run",
            )


@rule("COST011", "error", "cost", "Payment provider charged per API call")
def payment_fees(subject: Subject) -> Found:
    """A payment provider's fees are charged per API call (authorise, capture, void, status) or without the share
    of each payment's value: a provider charges a percentage of the value plus a fixed fee per payment."""
    fresh = {line.item: line for line in subject.measured.cost.lines if line.price == "payment_transaction"}
    shares = {line.component for line in subject.design.cost.lines if line.price == "payment_percent"}
    for i, line in enumerate(subject.design.cost.lines):
        if line.price != "payment_transaction":
            continue
        measured = fresh.get(line.item)
        per_call = measured is not None and line.quantity > measured.quantity * 1.5
        if per_call or line.component not in shares:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"charges {line.quantity:,.0f} {line.unit} a fixed fee"
                + (f" where {measured.quantity:,.0f} payments are made" if per_call and measured else "")
                + ("" if line.component in shares else ", and no share of the payments' value"),
                fix="charge the fixed fee once per payment (the calls that create one) and the provider's percentage "
                "on payments × their average value, and ask for that average",
            )


def _stacks(subject: Subject) -> tuple[int, list[str]]:
    """How many regions run a stack the cost must pay for (every cell and read stack), and their names."""
    topology = subject.design.topology
    if topology is None:
        return 1, []
    names = [
        r.name
        for r in topology.regions
        if r.role == "primary" or (r.role == "home" and topology.cells) or r.role == "serving"
    ]
    return max(1, len(names)), names


@rule("COST020", "error", "cost", "Compute priced for fewer regions than the topology runs")
def compute_for_one_cell(subject: Subject) -> Found:
    """Every cell runs the deployables, and every read stack those that answer callers: each deployable's
    instance-months are at least one per region that runs it."""
    stacks, names = _stacks(subject)
    topology = subject.design.topology
    reads = sum(1 for r in topology.regions if r.role == "serving") if topology is not None else 0
    kinds = {d.name: d.kind for d in subject.design.deployables}
    for i, line in enumerate(subject.design.cost.lines):
        # a read stack runs what answers callers; workers and jobs run where the writes are
        needed = stacks if kinds.get(line.component) in ("web", "realtime") else stacks - reads
        if needed < 2:
            continue
        if line.category == "compute" and line.unit == "instance-months" and line.quantity < needed:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"{line.item} pays for {line.quantity:g} instance-months, but {needed} regions run "
                f"it ({', '.join(names)})",
                fix="price the instances of every cell and read stack, each with at least its minimum",
            )


@rule("COST021", "error", "cost", "Databases priced for fewer regions than the topology runs")
def databases_for_one_cell(subject: Subject) -> Found:
    """A database kept in every cell (its own primary, and a standby in another zone when the design spans zones)
    and in every read stack (a replica) needs those nodes in each: fewer node-months price one cell of several."""
    stacks, names = _stacks(subject)
    if stacks < 2:
        return
    topology = subject.design.topology
    reads = sum(1 for r in topology.regions if r.role == "serving") if topology is not None else 0
    per_cell = 2 if subject.design.reliability.zones_per_region > 1 else 1
    needed = (stacks - reads) * per_cell + reads
    for i, line in enumerate(subject.design.cost.lines):
        if line.price.startswith(("db_node", "ts_node")) and line.quantity < needed:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"{line.item} pays for {line.quantity:g} node-months, but {stacks} regions keep it "
                f"({', '.join(names)}): at least {needed}",
                fix="price a primary (and its standby) in every cell and a replica in every read stack",
            )


@rule("COST022", "error", "cost", "CDN delivery at list price while over budget")
def cdn_at_list_price(subject: Subject) -> Found:
    """Delivery of a petabyte a month or more priced at the list tiers while the estimate exceeds the budget, and
    no decision offers a year's committed rate with what it saves: that commitment is the largest lever on such a
    bill. The estimate keeps the list price until a contract is signed (COST033); the choice must still be put."""
    budget = subject.req.constraints.budget_usd_per_month
    cost = subject.design.cost
    if not budget or cost.total_usd_per_month <= budget:
        return
    listed = [(i, x) for i, x in enumerate(cost.lines) if x.price in ("cdn_egress_gb", "cdn_egress_gb_volume")]
    delivered = sum(x.quantity for _, x in listed)
    if not listed or delivered < constant("cdn_commit_min_gb_month").value:
        return
    offered = [
        c for d in subject.design.decisions for c in d.consequences if "CDN rate committed" in c and "a month less" in c
    ]
    if offered:
        return
    i, first = listed[0]
    paid = usd(sum(x.monthly_usd for _, x in listed))
    yield Problem(
        element=first.component or "cdn",
        at=("cost", "lines", i),
        message=f"{delivered:,.0f} GB a month delivered at list price ({paid}) "
        f"while the estimate is {usd(cost.total_usd_per_month)} against a {usd(budget)} budget",
        fix="offer a year's committed rate in the budget decision with what it saves, and decide the rest "
        "(codec, ladder, budget) there",
    )


@rule("COST023", "warning", "cost", "A tiny system behind a gateway that costs more than it serves")
def tiny_system_heavy_ingress(subject: Subject) -> Found:
    """A system with a few requests a second and a small budget pays for a load balancer, WAF or API gateway
    that takes a large share of that budget, where the platform's built-in HTTPS endpoint would serve."""
    budget = subject.req.constraints.budget_usd_per_month
    figures = {f.key: f.value for f in subject.design.capacity.figures}
    peak = figures.get("traffic.peak_rps.y3", 0.0)
    if not budget or peak >= constant("small_system_rps").value:
        return
    heavy = [
        (i, x)
        for i, x in enumerate(subject.design.cost.lines)
        if x.price.startswith(("load_balancer", "waf", "api_gateway")) and x.monthly_usd > 0
    ]
    spent = sum(x.monthly_usd for _, x in heavy)
    if heavy and spent > budget * INGRESS_SHARE:
        i, first = heavy[0]
        yield Problem(
            element=first.component or first.item,
            at=("cost", "lines", i),
            message=f"the ingress costs {usd(spent)} a month, {spent / budget:.0%} of the {usd(budget)} budget, for "
            f"{peak:,.2g} requests a second at peak",
            fix="serve through the platform's built-in HTTPS endpoint (or the smallest gateway tier) behind the "
            "company's sign-in",
        )


@rule("COST024", "error", "cost", "Database storage priced below what a node is provisioned with")
def storage_below_provisioned(subject: Subject) -> Found:
    """Managed database nodes come with a minimum of storage (32 GB on Azure's Flexible Server), paid
    whether the data fills it or not: a storage line below it prices a size that cannot be bought."""
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    stores = {s.name: s for s in subject.design.stores}
    for i, line in enumerate(subject.design.cost.lines):
        store = stores.get(line.component)
        if line.price != "db_storage_gb_month" or store is None:
            continue
        tech = catalog.technology(store.technology)
        floor = tech.min_storage_gb if tech is not None else None
        if floor and line.quantity < floor:
            yield Problem(
                element=store.name,
                at=("cost", "lines", i),
                message=f"{line.item} prices {line.quantity:g} GB-months, but {store.technology} provisions at "
                f"least {floor:g} GB a node",
                fix="price the storage each node is provisioned with, at least the engine's minimum",
            )


# The units a database's running capacity is priced in (storage and backups are priced by size, not per place).
CAPACITY_UNITS = ("node", "unit", "instance", "cluster")


@rule("CON018", "error", "cost", "Database priced for fewer places than it runs in")
def priced_for_another_configuration(subject: Subject) -> Found:
    """Users are homed in cells and each cell runs its own copy of every database, yet a database's capacity is
    paid for in fewer copies than there are cells: the cost line prices another configuration than the one
    described (one cluster where there is one a cell, plus each cell's recovery copy)."""
    topology = subject.design.topology
    if topology is None or not topology.cells:
        return
    places = [r.name for r in topology.regions if r.role in ("primary", "home")]
    if len(places) < 2:
        return
    priced: dict[str, float] = {}
    for line in subject.design.cost.lines:
        if line.unit.split("-")[0].rstrip("s") in CAPACITY_UNITS:
            for component in line.component.split(", "):
                priced[component] = priced.get(component, 0.0) + line.quantity
    for i, store in enumerate(subject.design.stores):
        paid = priced.get(store.name)
        if store.kind in DATABASE_KINDS and store.entities and paid is not None and paid < len(places):
            yield Problem(
                element=store.name,
                at=("stores", i),
                message=f"its capacity is priced for {paid:g} a month (nodes or units), but it runs in each of "
                f"{len(places)} cells ({', '.join(places)}), each with its own recovery copy",
                fix="price one cluster a cell plus each cell's recovery copy, as the topology describes, or describe "
                "the configuration the cost prices",
            )


@rule("COST025", "error", "cost", "Warehouse scans priced with pruning the tables' layout does not give")
def scan_pruning(subject: Subject) -> Found:
    """A query-priced warehouse's bytes a query scans are cut by clustering, but a table they read is not clustered
    (sorted) on a field its query patterns filter by: a query filtering by it reads every block of the partitions it
    covers, so the scans are several times what the estimate pays for."""
    from archgen.capacity.scans import pruned_input, unclustered

    design = subject.design
    warehouses = {s.name for s in design.stores if s.kind == "warehouse"}
    tables = [(e, unclustered(e)) for e in design.entities if e.store in warehouses]
    for i, figure in enumerate(design.capacity.figures):
        if not figure.key.endswith(".bytes_per_query"):
            continue
        inputs = {x.name: x.value for x in figure.inputs}
        for entity, missing in tables:
            share = inputs.get(pruned_input(entity.name))
            if share is None and entity.name in figure.formula:  # one share for every table it reads
                share = inputs.get("query_cluster_share")
            if missing and share is not None and share < 1:
                yield Problem(
                    element=entity.name,
                    at=("capacity", "figures", i),
                    message=f"{figure.label} counts {share:.0%} of {entity.name}'s blocks, but the table is not "
                    f"clustered on {', '.join(missing)}, which its query patterns filter by",
                    fix="cluster the table on every field its query patterns filter by (the one with fewest values "
                    "first, up to the engine's limit) and say so in the data model, or price full scans of its "
                    "partitions",
                )


@rule("COST026", "error", "cost", "Estimate over budget without the levers its cost drivers have")
def levers_unweighed(subject: Subject) -> Found:
    """The estimate exceeds the budget, and the budget decision does not price a lever the largest cost lines
    have (a year's commitment for the steady baseline, one region for derived copies, dropping cold renditions,
    lifecycle rules for old files, fewer NAT gateways): the team cannot choose a path to the budget."""
    from archgen.capacity.levers import priced_levers

    budget = subject.req.constraints.budget_usd_per_month
    design = subject.design
    total = design.cost.total_usd_per_month
    if not budget or total <= budget:
        return
    found = next(
        (
            (i, d)
            for i, d in enumerate(design.decisions)
            if "constraints.budget_usd_per_month" in d.drivers or "budget" in d.title.lower()
        ),
        None,
    )
    text = ""
    if found is not None:
        d = found[1]
        parts = [d.title, d.context, d.rationale, *d.consequences, *(f"{o.name} {o.summary}" for o in d.options)]
        text = " ".join(parts).lower()
    streamed = any(f.key == "media.streamed.month" for f in design.capacity.figures)
    for lever in priced_levers(design.cost, subject.req, streamed):
        if any(w.lower() in text for w in lever.lever.words):
            continue
        yield Problem(
            element="cost",
            at=("decisions", found[0]) if found is not None else ("cost", "total_usd_per_month"),
            message=f"{usd(total)} a month is over the {usd(budget)} budget, and no budget decision weighs: "
            f"{lever.lever.name} (about {usd(lever.saves_usd)} a month less on {', '.join(lever.lines[:3])})",
            fix="price the lever in the budget decision, with what it trades, so the team can choose a path to "
            "the budget",
        )


@rule("COST027", "warning", "cost", "A NAT gateway in every zone of a tiny system")
def nat_per_zone(subject: Subject) -> Found:
    """A system with a few requests a second, whose availability target tolerates a zone's outage, pays for a NAT
    gateway in each zone: one per region (or none, with private endpoints to the cloud's services) serves it."""
    design = subject.design
    peak = next((f.value for f in design.capacity.figures if f.key == "traffic.peak_rps.y3"), None)
    small = peak is not None and peak < constant("small_system_rps").value
    if not small or subject.req.quality.availability >= constant("nat_per_zone_availability").value:
        return
    regions = max(1, len(design.reliability.regions))
    for i, line in enumerate(design.cost.lines):
        if line.price == "nat_gateway_month" and line.quantity > regions:
            yield Problem(
                element=line.component or line.item,
                at=("cost", "lines", i),
                message=f"pays for {line.quantity:g} NAT gateway-months ({usd(line.monthly_usd)}) in {regions} "
                f"region(s) for {peak:,.2g} requests a second at peak after 3 years",
                fix="share one NAT gateway per region between its zones (a zone's outage then stops only outbound "
                "calls, which the availability target allows), or reach the cloud's services through private "
                "endpoints and keep none",
            )


@rule("COST028", "error", "cost", "Warehouse scans priced by day partitions a table does not have")
def scan_partitions(subject: Subject) -> Found:
    """A query-priced warehouse's scans are cut to the days each query covers, but a table they read is not
    partitioned by time: every query reads all of it, however short the period it asks for."""
    design = subject.design
    warehouses = {s.name for s in design.stores if s.kind == "warehouse"}
    tables = [e for e in design.entities if e.store in warehouses and not e.partition_key]
    for i, figure in enumerate(design.capacity.figures):
        if not figure.key.endswith(".bytes_per_query") or "day partitions prune" not in figure.formula:
            continue
        for entity in tables:
            named = re.search(rf"\b{re.escape(entity.name)}\b", figure.formula)
            if named and f"{entity.name} is not partitioned by day" not in figure.formula:
                yield Problem(
                    element=entity.name,
                    at=("capacity", "figures", i),
                    message=f"{figure.label} reads only the days a query covers of {entity.name}, but the table "
                    "has no time partitioning",
                    fix="partition the table by the day of its time field and say so in the data model, or price "
                    "scans of the whole table",
                )


@rule("COST029", "warning", "cost", "Over budget with a priced lever left unpulled")
def lever_unpulled(subject: Subject) -> Found:
    """The estimate exceeds the budget, and a lever its cost lines price is weighed but not pulled: the budget
    decision's chosen option does not name it, so the estimate still carries what the lever would save. Pull the
    levers largest saving first until the estimate fits, or record the gap and who accepts it."""
    from archgen.capacity.levers import BUDGET_DRIVER, priced_levers, pulled

    budget = subject.req.constraints.budget_usd_per_month
    design = subject.design
    total = design.cost.total_usd_per_month
    if not budget or total <= budget:
        return
    done = pulled(design.decisions)
    streamed = any(f.key == "media.streamed.month" for f in design.capacity.figures)
    left = [p for p in priced_levers(design.cost, subject.req, streamed) if p.lever.name not in done]
    if not left:
        return
    found = next((i for i, d in enumerate(design.decisions) if BUDGET_DRIVER in d.drivers), None)
    saves = sum(p.saves_usd for p in left)
    yield Problem(
        element="cost",
        at=("decisions", found) if found is not None else ("cost", "total_usd_per_month"),
        message=f"{usd(total)} a month is {usd(total - budget)} over the budget, and the chosen option pulls no "
        f"{left[0].lever.name.split(' (')[0]} (about {usd(left[0].saves_usd)} a month less); the "
        f"{count(len(left), 'lever')} left unpulled save about {usd(saves)}",
        fix="name the levers the decision pulls in its chosen option, largest saving first, until the estimate fits; "
        "where none is left, record the remaining gap and the budget holder who accepts it",
    )


@rule("COST030", "warning", "cost", "More instances than the availability target and the load need")
def idle_instances(subject: Subject) -> Found:
    """A deployable keeps more instances at its minimum than its availability target asks for (one in each zone
    where the target must survive a zone's loss, else one), while one instance carries its whole peak after three
    years: the extra instances are paid for every hour and sit idle. Set the minimum the target needs and let the
    autoscaler add instances as the load grows."""
    ha = subject.req.quality.availability >= constant("ha_availability").value
    need = max(2, subject.design.reliability.zones_per_region) if ha else 1
    for i, deployable in enumerate(subject.design.deployables):
        scaling, demand = deployable.scaling, deployable.demand
        load = demand.requests_per_s or demand.messages_per_s or demand.connections
        if deployable.kind == "job" or scaling.min_instances <= need or scaling.per_instance <= 0:
            continue
        if load > scaling.per_instance:
            continue
        yield Problem(
            element=deployable.name,
            at=("deployables", i, "scaling", "min_instances"),
            message=f"keeps {count(scaling.min_instances, 'instance')} at its minimum for "
            f"{quantity(load, scaling.unit)} at peak after 3 years, {load / scaling.per_instance:.1%} of what one "
            f"carries at its target utilisation; the availability target needs {count(need, 'instance')}",
            fix=f"set the minimum to {need} and let the autoscaler add instances with the load",
        )
