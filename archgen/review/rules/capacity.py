"""Capacity rules: is every part sized for the load the questionnaire gives? The load is routed afresh through the
design's own components (the operations that carry each use case, the stores it writes, the events it publishes);
what the design provisions is compared with it."""

from __future__ import annotations

import math
from collections.abc import Iterator

from archgen.capacity import constants as c
from archgen.capacity.cacheable import replicated_reads
from archgen.capacity.events import event_rate, reports_rows
from archgen.capacity.expr import FormulaError
from archgen.capacity.ledger import adds_up, recomputed
from archgen.capacity.load import INBOUND, growth, use_case_keys
from archgen.capacity.measure import called_services, consumer_instances
from archgen.capacity.media import call_vcpu_s, p99_s, processing, segments
from archgen.capacity.media import knowledge as media_knowledge
from archgen.capacity.windows import job_windows, rebuild_s
from archgen.common.english import count
from archgen.common.formatting import count as amount
from archgen.common.formatting import duration, number, quantity
from archgen.common.naming import slug
from archgen.design.model import DATABASE_KINDS, Figure, Flow
from archgen.knowledge.jobs import job_words
from archgen.requirements.intent import searches
from archgen.review.engine import Found, Problem, Subject, rule

# The headline figures a design is sized from; a design whose copy differs from the recomputed ones is stale.
HEADLINE = ("traffic.peak_rps.y3", "traffic.peak_write_rps.y3", "storage.total.y3", "files.total.y3")
UNDER_SIZED = 0.9  # a design sized for less than 90 % of the load is under-sized
OVER_SIZED = 1.5  # one sized for more than 150 % pays for capacity nobody uses


def _headline(subject: Subject) -> Iterator[tuple[int, Figure, float]]:
    """(index, figure, recomputed value) for each headline figure both sides have."""
    keys = {f.key: i for i, f in enumerate(subject.design.capacity.figures)}
    for key in HEADLINE:
        if key in keys and any(f.key == key for f in subject.load.figures):
            index = keys[key]
            yield index, subject.design.capacity.figures[index], subject.load.value(key)


@rule("CAP001", "error", "capacity", "Sized for less load than the questionnaire gives")
def sized_for_less(subject: Subject) -> Found:
    """The design's headline capacity figures are below the ones recomputed from the questionnaire."""
    for index, figure, actual in _headline(subject):
        if figure.value < actual * UNDER_SIZED:
            yield Problem(
                element="capacity",
                at=("capacity", "figures", index),
                message=f"sized for {figure.label.lower()} of {quantity(figure.value, figure.unit)}; "
                f"the questionnaire gives {quantity(actual, figure.unit)}",
                fix="design again with `archgen new`, or re-size the deployables and stores for the new figures",
            )


@rule("CAP002", "warning", "capacity", "Sized for much more load than the questionnaire gives")
def sized_for_more(subject: Subject) -> Found:
    """The design's headline capacity figures are far above the ones recomputed from the questionnaire."""
    for index, figure, actual in _headline(subject):
        if actual > 0 and figure.value > actual * OVER_SIZED:
            yield Problem(
                element="capacity",
                at=("capacity", "figures", index),
                message=f"sized for {figure.label.lower()} of {quantity(figure.value, figure.unit)}; "
                f"the questionnaire gives only {quantity(actual, figure.unit)}",
                fix="design again with `archgen new` so capacity and cost follow the real load",
            )


@rule("CAP003", "error", "capacity", "Deployable cannot reach the load routed to it")
def deployable_ceiling(subject: Subject) -> Found:
    """A deployable's most instances × what one carries is below the load its services get after three years."""
    measured = {d.name: d for d in subject.measured.deployables}
    for i, deployable in enumerate(subject.design.deployables):
        routed = measured.get(deployable.name)
        if routed is None or not routed.scaling.per_instance:
            continue
        demand = max(routed.demand.requests_per_s, routed.demand.messages_per_s, routed.demand.connections)
        per_instance = deployable.scaling.per_instance or routed.scaling.per_instance
        ceiling = deployable.scaling.max_instances * per_instance
        if demand > ceiling * 1.001:
            needed = math.ceil(demand / per_instance)
            unit = routed.scaling.unit
            yield Problem(
                element=deployable.name,
                at=("deployables", i, "scaling", "max_instances"),
                message=f"at most {count(deployable.scaling.max_instances, 'instance')} × "
                f"{number(per_instance)} {unit} = "
                f"{number(ceiling)} {unit}, but {number(demand)} {unit} reach it after 3 years",
                fix=f"raise scaling.max_instances to at least {needed}, or split the load across deployables",
            )


@rule("CAP004", "error", "capacity", "Store takes more writes than it can")
def store_writes(subject: Subject) -> Found:
    """The writes routed to a database after three years exceed what its provisioned nodes sustain."""
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind not in DATABASE_KINDS:
            continue
        capacity = store.write_capacity_per_s or routed.write_capacity_per_s / max(1, routed.shards) * store.shards
        writes = routed.demand.writes_per_s
        if capacity and writes > capacity * 1.001:
            yield Problem(
                element=store.name,
                at=("stores", i, "write_capacity_per_s"),
                message=f"{number(writes)} writes/s reach it after 3 years (the use cases that write "
                f"{', '.join(store.entities[:4])}); its {store.shards} shard(s) sustain {number(capacity)}",
                fix=f"partition it into at least {routed.shards} shards, or move the write-heavy entity to a "
                "store that "
                "scales writes",
            )


@rule("CAP005", "warning", "capacity", "Reads beyond the database's nodes")
def read_capacity(subject: Subject) -> Found:
    """A database's reads after three years (after the cache) exceed what its primary and replicas serve."""
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind != "relational":
            continue
        nodes = (1 + store.read_replicas) * store.shards
        reads = routed.demand.reads_per_s
        if reads > nodes * c.NODE_READ_LIMIT.value:
            needed = math.ceil(reads / store.shards / c.NODE_READ_LIMIT.value) - 1
            yield Problem(
                element=store.name,
                at=("stores", i, "read_replicas"),
                message=f"{number(reads)} reads/s after 3 years reach it; {count(nodes, 'node')} serve about "
                f"{number(nodes * c.NODE_READ_LIMIT.value)}",
                fix=f"add read replicas (at least {needed} per shard) or cache the hot reads",
            )


@rule("CAP006", "warning", "capacity", "Data beyond what the store's nodes hold")
def storage_capacity(subject: Subject) -> Found:
    """A single-node database holds more data after three years than one node handles comfortably."""
    limit = c.NODE_STORAGE_LIMIT.value * 1e12
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind != "relational" or store.shards > 1:
            continue
        if routed.size_bytes_3y > limit:
            yield Problem(
                element=store.name,
                at=("stores", i, "shards"),
                message=f"holds {quantity(routed.size_bytes_3y, 'bytes')} after 3 years on one primary; restores and "
                f"upgrades of one node get slow above {quantity(limit, 'bytes')}",
                fix="partition it, or expire old data with a retention period",
            )


@rule("CAP007", "warning", "capacity", "Cache smaller than what it holds")
def cache_size(subject: Subject) -> Found:
    """A distributed cache has less memory than the hot part of the entities it holds."""
    measured = {cache.name: cache for cache in subject.measured.caches}
    for i, cache in enumerate(subject.design.caches):
        routed = measured.get(cache.name)
        if routed is None or cache.placement != "distributed":
            continue
        if cache.size_bytes < routed.size_bytes * UNDER_SIZED:
            yield Problem(
                element=cache.name,
                at=("caches", i, "size_bytes"),
                message=f"{quantity(cache.size_bytes, 'bytes')} for {quantity(routed.size_bytes, 'bytes')} of hot "
                f"{', '.join(cache.entities)}",
                fix="size the cache for what it holds, or expect a lower hit ratio and more database reads",
            )


@rule("CAP008", "warning", "capacity", "Latency budget looser than the target")
def latency_budget(subject: Subject) -> Found:
    """A flow's latency budget is above the p99 target the questionnaire sets for its use case."""
    targets = {u.name: u.latency_p99_ms or subject.req.quality.latency_p99_ms for u in subject.req.use_cases}
    for i, flow in enumerate(subject.design.flows):
        target = targets.get(flow.use_case)
        if target is not None and flow.latency_budget_ms > target:
            yield Problem(
                element=flow.use_case,
                at=("flows", i, "latency_budget_ms"),
                message=f"planned for {flow.latency_budget_ms} ms at p99; the target is {target} ms",
                fix="cut a synchronous hop, cache the reads, or agree a looser target",
            )


@rule("CAP009", "error", "capacity", "A use case carries more load than the whole system")
def use_case_above_headline(subject: Subject) -> Found:
    """One use case's peak is above the design's headline peak: the load figures do not add up."""
    figures = subject.design.capacity
    headline = figures.value("traffic.peak_rps.now")
    keys = use_case_keys(subject.req)
    for use_case in subject.req.use_cases:
        if use_case.interaction not in INBOUND:
            continue
        peak = subject.load.value(f"{keys[use_case.name]}.peak_rps.now")
        if headline and peak > headline * 1.01:
            yield Problem(
                element=use_case.name,
                at=("capacity", "figures"),
                message=f"peaks at {number(peak)} req/s, above the system's headline of {number(headline)} req/s",
                fix="design again so the headline is the sum of the use cases, or correct the use case's frequency or "
                "its actor's active members",
            )


@rule("CAP010", "error", "capacity", "Written entity sized at nothing")
def zero_storage(subject: Subject) -> Found:
    """An entity the use cases write holds no data after a year in the design's figures."""
    figures = subject.design.capacity
    for use_case in subject.req.use_cases:
        for name in use_case.writes:
            key = f"storage.{name}.bytes.y1"
            if any(f.key == key for f in figures.figures) and figures.value(key) == 0 and subject.load.value(key) > 0:
                index = (
                    next(i for i, e in enumerate(subject.design.entities) if e.name == name)
                    if any(e.name == name for e in subject.design.entities)
                    else 0
                )
                yield Problem(
                    element=name,
                    at=("entities", index),
                    message=f"is written by {use_case.name} but sized at 0 B after a year; the use cases add "
                    f"{quantity(subject.load.value(key), 'bytes')}",
                    fix="design again: its growth comes from the use cases that create it",
                )
                break


@rule("CAP011", "error", "capacity", "Log partitions below the message rate")
def partitions(subject: Subject) -> Found:
    """A log topic has fewer partitions than its message rate after three years needs."""
    measured = {ch.name: ch for ch in subject.measured.channels}
    for i, channel in enumerate(subject.design.channels):
        routed = measured.get(channel.name)
        if routed is None or channel.kind != "log" or not channel.partitions:
            continue
        needed = math.ceil(routed.demand.messages_per_s / c.PARTITION_MESSAGES.value)
        if needed > channel.partitions:
            yield Problem(
                element=channel.name,
                at=("channels", i, "partitions"),
                message=f"{number(routed.demand.messages_per_s)} messages/s after 3 years need {needed} partitions at "
                f"{number(c.PARTITION_MESSAGES.value)} each; it has {channel.partitions}",
                fix=f"give it at least {needed} partitions (consumers scale to the partition count)",
            )


@rule("CAP012", "error", "capacity", "Figure its inputs do not give")
def figure_arithmetic(subject: Subject) -> Found:
    """A capacity figure whose formula, over the inputs it lists, does not give the value it shows: a reader who
    multiplies the inputs out gets another number, so neither can be trusted."""
    for i, figure in enumerate(subject.design.capacity.figures):
        try:
            computed = recomputed(figure)
        except FormulaError as exc:
            yield Problem(
                element=figure.key,
                at=("capacity", "figures", i),
                message=f"has a formula that cannot be worked out: {exc}",
                fix="write `expr` as arithmetic over the names of the figure's inputs",
            )
            continue
        if computed is not None and not adds_up(figure, computed):
            yield Problem(
                element=figure.key,
                at=("capacity", "figures", i),
                message=f"shows {quantity(figure.value, figure.unit)}, but {figure.expr} over its inputs gives "
                f"{quantity(computed, figure.unit)}",
                fix="measure the design again, or correct the value or the inputs it lists",
            )


@rule("CAP013", "error", "capacity", "Store sized at nothing")
def empty_store(subject: Subject) -> Found:
    """A store the design draws holds 0 B after three years, while the load routed to it (its entities, or the
    derived state such as timelines or connection registries a workload pattern keeps there) fills it."""
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if store.size_bytes_3y:
            continue
        if routed is not None and routed.size_bytes_3y > 0:
            said = f"what it keeps comes to {quantity(routed.size_bytes_3y, 'bytes')}"
        elif not (store.entities or store.files or store.derived):
            said = "it holds no entity and says nothing of what it keeps (a timeline, a registry, uploads in flight)"
        else:
            continue
        yield Problem(
            element=store.name,
            at=("stores", i, "size_bytes_3y"),
            message=f"is sized at 0 B after 3 years; {said}",
            fix="size it from its entities and from what it keeps beyond them (`derived`: entries × bytes each)",
        )


@rule("CAP014", "error", "capacity", "Use case sized below its peak")
def use_case_below_peak(subject: Subject) -> Found:
    """A use case's peak in the design is below the one the questionnaire gives: typically devices that report on
    a clock, sized for a gentler peak than the burst after each tick."""
    keys = use_case_keys(subject.req)
    figures = {f.key: (i, f) for i, f in enumerate(subject.design.capacity.figures)}
    for use_case in subject.req.use_cases:
        key = f"{keys[use_case.name]}.peak_rps.now"
        if key not in figures:
            continue
        index, figure = figures[key]
        actual = subject.load.value(key)
        if figure.value < actual * UNDER_SIZED:
            yield Problem(
                element=use_case.name,
                at=("capacity", "figures", index),
                message=f"is sized for {quantity(figure.value, figure.unit)} at peak; the questionnaire's load "
                "and peak "
                f"factor give {quantity(actual, figure.unit)}",
                fix="size its peak with the questionnaire's peak factor (devices on a clock bunch up after each tick)",
            )


CLOCK_BURST = 1.5  # a burst this far above the sized peak needs an answer: sized for, or asked about


@rule("CAP015", "warning", "capacity", "Devices' clock burst neither sized nor asked")
def clock_burst(subject: Subject) -> Found:
    """Devices report at clock times, so they may all land within a minute of each tick, but the design is sized
    well below that burst and no open question asks whether they spread their reports."""
    keys = use_case_keys(subject.req)
    figures = {f.key: (i, f) for i, f in enumerate(subject.design.capacity.figures)}
    for use_case in subject.req.use_cases:
        key = keys[use_case.name]
        burst = subject.load.value(f"{key}.burst_rps.now")
        index, peak = figures.get(f"{key}.peak_rps.now", (0, None))
        asked = any(use_case.name in q.raised_by or use_case.name in q.question for q in subject.design.open_questions)
        if peak is not None and burst > peak.value * CLOCK_BURST and not asked:
            yield Problem(
                element=use_case.name,
                at=("capacity", "figures", index),
                message=f"is sized for {quantity(peak.value, peak.unit)} at peak; its devices report at clock "
                "times and "
                f"landing within a minute of each tick would send {quantity(burst, peak.unit)}",
                fix="size the ingest edge (or a queue before it) for the burst, or ask whether the devices spread "
                "their reports",
            )


@rule("CAP016", "error", "capacity", "Store has fewer shards than its data needs")
def shards_for_data(subject: Subject) -> Found:
    """A store's shards hold less than its data after three years: an in-memory store within each node's memory,
    a search index within its shard size, any other store within what one node of its engine holds. Shards
    counted from the request rate alone leave terabytes on a couple of nodes."""
    from archgen.capacity.measure import shard_limit, technology_of
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind not in (*DATABASE_KINDS, "search", "in-memory") or not routed.size_bytes_3y:
            continue
        limit, why = shard_limit(routed, technology_of(catalog, store))
        needed = math.ceil(routed.size_bytes_3y / limit)
        if store.shards < needed:
            yield Problem(
                element=store.name,
                at=("stores", i, "shards"),
                message=f"{count(store.shards, 'shard')} for {quantity(routed.size_bytes_3y, 'bytes')} after 3 years; "
                f"at {quantity(limit, 'bytes')} a shard ({why}) it needs {needed}",
                fix="count shards from the data as well as the writes: data after 3 years / what one shard or node "
                "holds, and price that many nodes",
            )


@rule("CAP034", "error", "capacity", "A search index with more shards than one index takes")
def index_past_its_shards(subject: Subject) -> Found:
    """A search store's data after three years needs more shards (at its shard size) than the engine takes in one
    index, and the store is not split into several indices: the engine refuses the index, and were it accepted
    every search would fan out to thousands of shards."""
    from archgen.capacity import constants as c
    from archgen.knowledge.searching import is_split

    measured = {s.name: s for s in subject.measured.stores}
    limit = c.SEARCH_INDEX_SHARDS.value
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if store.kind != "search" or routed is None:
            continue
        needed = max(store.shards, math.ceil(routed.size_bytes_3y / (c.SEARCH_SHARD_GB.value * 1e9)))
        if needed > limit and not is_split(store.partitioning):
            yield Problem(
                element=store.name,
                at=("stores", i, "partitioning"),
                message=f"needs {needed:,} shards for {quantity(routed.size_bytes_3y, 'bytes')} after 3 years, and "
                f"its partitioning ({store.partitioning or 'none'}) keeps them in one index, past the "
                f"{limit:,.0f} shards an index takes",
                fix="split it into time-based indices rolled over behind an alias (or an index per tenant group), "
                "each within the engine's shards an index, and say so in its partitioning and on the capacity page",
            )


@rule("CAP017", "error", "capacity", "A stream copied into a database that is not built for it")
def stream_copy(subject: Subject) -> Found:
    """A service keeps its own copy of another owner's entity in a relational or document database, and the
    entity is written faster than one primary takes: every write reaches the copy too, so the reader's small
    database carries the whole stream. A high-rate stream belongs in the store built for it; readers call its
    owner or read what it derives."""
    limit = c.PRIMARY_WRITE_LIMIT.value * c.TARGET_UTILISATION.value
    figures = {f.key: f for f in subject.measured.capacity.figures}
    for i, store in enumerate(subject.design.stores):
        if store.kind not in ("relational", "document"):
            continue
        figure = figures.get(f"db.{store.name}.write_rps.y3")
        copies: dict[str, float] = {}
        for part in figure.inputs if figure else []:
            if "→ kept copy of " in part.name:
                entity = part.name.rsplit("→ kept copy of ", 1)[1]
                copies[entity] = copies.get(entity, 0.0) + part.value
        for entity, writes in copies.items():
            if writes > limit:
                yield Problem(
                    element=store.name,
                    at=("stores", i, "entities"),
                    message=f"keeps a copy of {entity}, fed by every one of its {number(writes)} writes/s after "
                    f"3 years; one primary takes about {number(limit)}",
                    fix=f"read {entity} from its owner (its operation, or the store built for it), or read what "
                    "it derives (rollups, daily values) instead of keeping a live copy",
                )


NODE_CLASSES = ("micro", "small", "medium", "large")


@rule("CAP018", "warning", "capacity", "Store provisioned for writes that never reach it")
def store_over_provisioned(subject: Subject) -> Found:
    """A database has far more shards, or nodes two sizes larger, than the writes and data that reach it need: it
    was sized from something other than its own work (a batch's records counted against the table that records the
    upload, a copy nobody writes)."""
    measured = {s.name: s for s in subject.measured.stores}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        if routed is None or store.kind not in DATABASE_KINDS:
            continue
        shards = store.shards > max(1, routed.shards) * 2
        size = (
            store.node_class in NODE_CLASSES
            and routed.node_class in NODE_CLASSES
            and NODE_CLASSES.index(store.node_class) - NODE_CLASSES.index(routed.node_class) >= 2
        )
        if shards or size:
            yield Problem(
                element=store.name,
                at=("stores", i, "shards" if shards else "node_class"),
                message=f"{count(store.shards, 'shard')} of {store.node_class or 'unstated'} nodes for "
                f"{number(routed.demand.writes_per_s)} writes/s and {quantity(routed.size_bytes_3y, 'bytes')} after "
                f"3 years; {count(routed.shards, 'shard')} of {routed.node_class} nodes carry that",
                fix="size it from the writes that reach it (an upload's own record once per upload, not once per "
                "record it carries) and from its data",
            )


@rule("CAP020", "error", "capacity", "A job's work a run exceeds what one worker does in its window")
def job_outgrows_window(subject: Subject) -> Found:
    """A job's rows a run, divided by the time it has before the job that waits for it starts (or before its next
    run), need more than one worker, yet nothing splits the run: it overruns, and what follows reads half a period
    (a nightly validation of every reading in the half hour before the billing export)."""
    words = job_words()
    for w in job_windows(subject.req, subject.design.jobs):
        index, job = next((i, j) for i, j in enumerate(subject.design.jobs) if j.name == w.job)
        if w.workers > 1 and not any(p in job.description.lower() for p in words.split_words):
            yield Problem(
                element=job.name,
                at=("jobs", index, "description"),
                message=f"a run works through {amount(w.rows)} {w.entity} rows in {duration(w.window_s)} (until "
                f"{w.until}): {number(w.rate)} rows a second, {w.workers} workers at "
                f"{number(c.JOB_ROWS_PER_WORKER.value)} rows a second each, and nothing splits it",
                fix="partition each run by key range across parallel workers (say how many), or move the work out "
                "of the window (incremental through the day)",
            )


@rule("CAP021", "error", "capacity", "An asynchronous call longer than its p99 on one worker is not split")
def unsplit_long_call(subject: Subject) -> Found:
    """One call of a media-converting use case takes one worker longer than the use case's p99 target (a long
    video encoded end to end on one 2-vCPU worker), and no step of its flow splits it into segments processed in
    parallel: however many workers the pool has, each upload still takes hours."""
    words = media_knowledge().split_words
    for use_case, kind in processing(subject.req):
        per_call = call_vcpu_s(subject.req, use_case, kind)
        parts = segments(use_case, per_call)
        flows = [(i, f) for i, f in enumerate(subject.design.flows) if f.use_case == use_case.name]
        said = " ".join(s.message for _, f in flows for s in f.steps).lower()
        if parts > 1 and not any(w in said for w in words):
            yield Problem(
                element=use_case.name,
                at=("flows", flows[0][0]) if flows else ("flows",),
                message=f"one call takes {duration(per_call / c.INSTANCE_VCPU.value)} on one "
                f"{number(c.INSTANCE_VCPU.value)}-vCPU worker against its p99 of "
                f"{duration(p99_s(use_case) or 0)}, and nothing splits it",
                fix=f"split each call into segments processed in parallel (about {parts} at once) and join them, "
                "and say so in the flow",
            )


@rule("CAP022", "error", "capacity", "A rebuild slower than the RTO is the recovery")
def rebuild_beyond_rto(subject: Subject) -> Found:
    """A search index's recovery is a full rebuild from the system of record, with no snapshot or replica kept,
    and the rebuild (every document at the bulk indexing rate) takes longer than the RTO: after a loss the index,
    and what it serves, stays down for hours past the target."""
    words = job_words()
    stores = {s.name: s for s in subject.design.stores}
    rto_s = subject.req.quality.rto_minutes * 60
    for index, backup in enumerate(subject.design.reliability.backups):
        store = stores.get(backup.store)
        said = backup.method.lower()
        if store is None or store.kind != "search" or not any(w in said for w in words.rebuild_words):
            continue
        if any(w in said for w in words.kept_copy_words) and not said.startswith("none"):
            continue
        docs, seconds = rebuild_s(subject.req, store.entities)
        if seconds > rto_s:
            yield Problem(
                element=store.name,
                at=("reliability", "backups", index, "method"),
                message=f"its recovery is a rebuild of {amount(docs)} documents at "
                f"{number(c.BULK_INDEX_RATE.value)} a second, {duration(seconds)}, against an RTO of "
                f"{duration(rto_s)}",
                fix="keep a copy that restores within the RTO (snapshots within the RPO restored and caught up from "
                "the change stream, or a replica in the recovery region); keep the rebuild for a lost copy",
            )


@rule("CAP023", "error", "capacity", "A query-priced warehouse priced without the bytes its queries scan")
def warehouse_priced_without_scans(subject: Subject) -> Found:
    """A warehouse billed per byte scanned (BigQuery on demand, serverless SQL over a lake) carries a
    cost line that is not priced per TB scanned: a typical month or a flat figure stands for what the reports
    actually read, the line a budget most often breaks on."""
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    for store in subject.design.stores:
        tech = catalog.technology(store.technology)
        if store.kind != "warehouse" or tech is None or tech.price != "warehouse_scan":
            continue
        lines = [(i, x) for i, x in enumerate(subject.design.cost.lines) if x.component == store.name]
        if any(x.price == "warehouse_tb_scanned" for _, x in lines):
            continue
        yield Problem(
            element=store.name,
            at=("cost", "lines", lines[0][0]) if lines else ("cost", "lines"),
            message=f"{tech.name} bills by the bytes its queries scan, yet no cost line prices TB scanned",
            fix="price it as queries a month of each use case that reads it × bytes one query scans, stating the "
            "partition and clustering pruning (or price the reserved capacity bought instead)",
        )


@rule("CAP030", "error", "capacity", "A consumer group larger than its topic's partitions")
def consumers_past_partitions(subject: Subject) -> Found:
    """A log topic hands each partition to one instance of a consumer group: a consumer sized at more instances
    than the topic has partitions leaves the rest idle, and the work it was sized for is not done."""
    values = {f.key: f.value for f in subject.measured.capacity.figures}
    measured = {ch.name: ch for ch in subject.measured.channels}
    for i, channel in enumerate(subject.design.channels):
        if channel.kind != "log" or not channel.partitions or channel.name not in measured:
            continue
        for deployable, instances in consumer_instances(subject.measured, values, measured[channel.name]).items():
            if instances > channel.partitions:
                yield Problem(
                    element=channel.name,
                    at=("channels", i, "partitions"),
                    message=f"{deployable} puts {instances} instances after 3 years on its messages, but it has "
                    f"{channel.partitions} partitions: only {channel.partitions} of them ever receive any",
                    fix=f"give it at least {instances} partitions, or make each instance handle more",
                )


@rule("CAP031", "error", "capacity", "An event rate other than the writes it reports")
def event_rate_off(subject: Subject) -> Found:
    """The rate the design gives an event differs from the records its causes write of what it reports (new or
    removed records at most the entity's stated growth): the topic and every consumer are sized for another load."""
    stated: dict[str, float] = {}
    for figure in subject.design.capacity.figures:
        if figure.key.startswith("channel.") and figure.key.endswith(".messages.y3"):
            for part in figure.inputs:
                stated[part.name] = part.value
    for i, event in enumerate(subject.design.events):
        if event.name not in stated:
            continue
        actual, given = event_rate(subject.req, event, subject.design.entities), stated[event.name]
        if abs(given - actual) > EVENT_SLACK and not actual * UNDER_SIZED <= given <= actual * OVER_SIZED:
            yield Problem(
                element=event.name,
                at=("events", i),
                message=f"sized at {number(given)} msg/s after 3 years, but "
                f"{'the records it reports are added' if reports_rows(event) else 'its causes write'} "
                f"{number(actual)} a second",
                fix="size the topic and its consumers from the writes of what the event reports",
            )


EVENT_SLACK = 1.0  # msg/s: rates this close are the same load, whatever their ratio


@rule("CAP050", "error", "capacity", "A cache priced for its memory below the reads it serves")
def cache_below_its_reads(subject: Subject) -> Found:
    """A shared cache is priced by the memory it holds, but the flows read keys through it faster than its nodes
    serve them: the hot path's latency rests on a cache that saturates at peak. Size its nodes by both its memory
    and its key reads (cache_node_reads a node)."""
    lines = {ln.component: ln for ln in subject.design.cost.lines if ln.price == "cache_node_month"}
    year_one = growth(subject.req, 1) / growth(subject.req, 3)
    for i, cache in enumerate(subject.design.caches):
        line = lines.get(cache.name)
        reads = subject.measured.capacity.value(f"cache.{slug(cache.name, 'cache')}.reads") * year_one
        needed = math.ceil(reads / c.CACHE_NODE_READS.value)
        if cache.placement == "distributed" and line is not None and line.quantity < needed:
            yield Problem(
                element=cache.name,
                at=("caches", i),
                message=f"priced at {count(int(line.quantity), 'node')}, but the flows read {number(reads)} keys a "
                f"second through it after a year; a node serves about {number(c.CACHE_NODE_READS.value)}",
                fix=f"size it by its reads as well as its memory: {count(needed, 'node')} at least",
            )


@rule("CAP032", "error", "capacity", "A component nothing reads is bought")
def bought_unread(subject: Subject) -> Found:
    """A search index no flow queries, a cache holding what no use case reads, or a topic no service consumes is
    priced and run for nothing."""
    measured = {s.name: s for s in subject.measured.stores}
    read = {n for u in subject.req.use_cases for n in u.reads}
    for i, store in enumerate(subject.design.stores):
        routed = measured.get(store.name)
        indexed = set(store.entities) | {e.name for e in subject.design.entities if e.search_index == store.name}
        # a few searches a day round to no reads a second: a use case that searches what it indexes is enough
        searched = any(searches(u) and indexed & set(u.reads) for u in subject.req.use_cases)
        if store.kind == "search" and routed is not None and routed.demand.reads_per_s <= 0 and not searched:
            yield Problem(
                element=store.name,
                at=("stores", i),
                message="no use case searches it: it takes writes and costs, and no read ever reaches it",
                fix="drop it and let the database's own index serve lookups, or name the use case that searches",
            )
    for i, cache in enumerate(subject.design.caches):
        if cache.entities and not read & set(cache.entities):
            yield Problem(
                element=cache.name,
                at=("caches", i),
                message=f"holds {', '.join(cache.entities)}, which no use case reads",
                fix="drop the cache, or cache what the reads are of",
            )
    from archgen.knowledge.catalog import Catalog

    catalog = Catalog(subject.design.deployment.cloud, [], [])
    journals = set()  # stores without point-in-time recovery, rebuilt by replaying their changes from a log
    for store in subject.design.stores:
        tech = catalog.technology(store.technology)
        if tech is not None and tech.pitr_s == 0:
            journals |= set(store.entities)
    for i, channel in enumerate(subject.design.channels):
        events = [e for e in subject.design.events if e.channel == channel.name]
        if events and all(not e.consumers and e.entity in journals for e in events):
            continue  # nobody consumes it day to day: it is the journal a lost store is replayed from
        if events and not any(e.consumers for e in events):
            yield Problem(
                element=channel.name,
                at=("channels", i),
                message="no service consumes any event on it",
                fix="drop the topic, or name the consumers that act on its events",
            )


@rule("CAP033", "error", "capacity", "A store sized below what its flows route to it")
def store_below_routed(subject: Subject) -> Found:
    """The reads or writes a design sizes a store for are below those its use cases route to it afresh (records a
    call, a page of records for a list operation, copies and events): the store is bought for a smaller load."""
    stated = {f.key: f.value for f in subject.design.capacity.figures}
    routed = {f.key: f.value for f in subject.measured.capacity.figures}
    for i, store in enumerate(subject.design.stores):
        for what in ("read", "write"):
            key = f"db.{store.name}.{what}_rps.y3"
            given, actual = stated.get(key), routed.get(key, 0.0)
            if given is not None and actual > EVENT_SLACK and given < actual * UNDER_SIZED:
                yield Problem(
                    element=store.name,
                    at=("stores", i),
                    message=f"sized for {number(given)} {what}s/s after 3 years; its flows route "
                    f"{number(actual)} to it",
                    fix=f"size it for the {what}s its flows make (each record a call reads or writes)",
                )


def _caching_decision(subject: Subject) -> int | None:
    """The index of the decision about caching, if the design records one."""
    return next((i for i, d in enumerate(subject.design.decisions) if "cach" in d.title.lower()), None)


@rule("CAP036", "error", "capacity", "No shared cache while databases buy read replicas for cacheable reads")
def no_cache_for_replicated_reads(subject: Subject) -> Found:
    """A design without a shared cache says the database serves every read directly, yet the reads it routes to a
    database need several read replicas, of records a cache could hold: the load is not small, and the replicas cost
    more than the cache that would remove them."""
    if any(cache.placement == "distributed" for cache in subject.design.caches):
        return
    decision = _caching_decision(subject)
    for store, names in replicated_reads(subject.measured, subject.req):
        yield Problem(
            element=store.name,
            at=("decisions", decision) if decision is not None else ("caches",),
            message=f"no shared cache, as if the load were small, yet {store.name} takes "
            f"{number(store.demand.reads_per_s)} reads/s of {', '.join(names)} after 3 years and needs "
            f"{count(store.read_replicas, 'read replica')}",
            fix="put a shared cache (cache-aside, a TTL, keys deleted on the owner's writes and change events) in "
            "front of these records, and size the replicas for the reads it misses",
        )


@rule("CAP037", "warning", "capacity", "A shared cache leaves out the records that need read replicas")
def cache_leaves_out_replicated_reads(subject: Subject) -> Found:
    """The design has a shared cache, but a database still needs several read replicas for records the requests read
    and the cache could hold: the replicas are bought for reads the cache would take."""
    caches = [i for i, cache in enumerate(subject.design.caches) if cache.placement == "distributed"]
    if not caches:
        return
    for store, names in replicated_reads(subject.measured, subject.req):
        yield Problem(
            element=store.name,
            at=("caches", caches[0]),
            message=f"{store.name} takes {number(store.demand.reads_per_s)} reads/s after 3 years and needs "
            f"{count(store.read_replicas, 'read replica')}; {subject.design.caches[caches[0]].name} does not hold "
            f"{', '.join(names)}, which the requests read from it",
            fix="cache these records too, and size the replicas for the reads the cache misses",
        )


@rule("CAP038", "error", "capacity", "A flow calls a service its use case's load never reaches")
def flow_call_unrouted(subject: Subject) -> Found:
    """A flow shows a service calling another while the caller waits (a merge, the hydration of a page, a lookup
    per item), yet the called service's requests leave that use case out: the service is sized as if the reads
    never happened. Route each such call to the service that answers it, or take the step out of the flow."""
    figures = {f.key: f for f in subject.design.capacity.figures}
    slugs = {s.name: s.slug for s in subject.design.services}
    for i, flow in enumerate(subject.design.flows):
        for target in dict.fromkeys(s.target for s in called_services(subject.design, flow)):
            figure = figures.get(f"service.{slugs[target]}.requests.y3")
            if figure is not None and any(x.name.startswith(flow.use_case) for x in figure.inputs):
                continue
            yield Problem(
                element=flow.use_case,
                at=("flows", i),
                message=f"calls {target} while the caller waits, but {target}'s requests leave {flow.use_case} out",
                fix=f"add the calls of {flow.use_case} to {target}'s requests, a request for each step that calls it",
            )


@rule("CAP039", "error", "capacity", "A flow step the caller waits for has no latency budget")
def step_without_budget(subject: Subject) -> Found:
    """Every synchronous step a caller waits for gets its share of the use case's p99 target, so a slow step can be
    found and the shares can be checked against the target. A step left at nothing (often a step a pattern added:
    a merge, a hydration, a ranking) hides where the time goes."""
    for i, flow in enumerate(subject.design.flows):
        for j, step in enumerate(flow.steps):
            if step.kind == "sync" and step.budget_ms == 0 and _waited(flow, j):
                yield Problem(
                    element=flow.use_case,
                    at=("flows", i, "steps", j),
                    message=f"{step.source} → {step.target} ({step.message[:60]}) has no share of the "
                    f"{flow.latency_budget_ms} ms target",
                    fix="give each step the caller waits for its share of the target, with headroom kept back",
                )


def _waited(flow: Flow, at: int) -> bool:
    """Whether the caller waits for the step: it comes after one of the caller's requests and before its answer."""
    asked = max((i for i in range(at + 1) if _asks(flow, i)), default=None)
    if asked is None:
        return False
    return any(s.kind == "reply" and s.target == flow.actor for s in flow.steps[at + 1 :])


def _asks(flow: Flow, at: int) -> bool:
    step = flow.steps[at]
    return step.kind == "sync" and step.source == flow.actor and step.target == "gateway"
