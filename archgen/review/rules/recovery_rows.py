"""Recovery rows: every stateful store says how it comes back, a row short of the RPO names the decision that
settles it with its number, the recovery region can run the design and holds its files, and failure modes speak
only of components the design has."""

from __future__ import annotations

import re

from archgen.capacity.recovery import absent_mentions, components_present
from archgen.design.model import DATABASE_KINDS, Design
from archgen.knowledge.recovery_rows import recovery_rows
from archgen.knowledge.restores import restores
from archgen.review.engine import Found, Problem, Subject, rule

# a span of time as the pages write it: '1 s', '7.24 hours', '30 minutes', '25 ms'
FIGURE = re.compile(r"\d[\d.,]*\s*(ms|s|seconds?|min|minutes?|h|hours?|days?)\b")
# words a row uses for a copy kept outside the store's region
ELSEWHERE = re.compile(r"replicat|another region|recovery region|paired region|geo-|second region")


def _row_of(design: Design, name: str) -> str | None:
    return next((b.method for b in design.reliability.backups if b.store == name), None)


@rule("AVL031", "error", "availability", "Stateful store with no recovery row")
def store_without_recovery_row(subject: Subject) -> Found:
    """A store that holds state (a search index, an in-memory store, a warehouse) has no row in the backups table,
    or a derived store's row does not say that it is rebuilt from the system of record and how long that takes
    (its records at the indexing rate). After a loss nobody knows how it comes back or whether the RTO holds. Give
    it a row: restore, replica promotion, or rebuild with its time worked out."""
    design = subject.design
    known = recovery_rows()
    for i, store in enumerate(design.stores):
        if store.kind in DATABASE_KINDS or store.kind == "object":
            continue  # AVL004 asks for their backups
        row = _row_of(design, store.name)
        if row is None:
            yield Problem(
                element=store.name,
                at=("stores", i),
                message="no recovery row says how it comes back after a loss, or how long that takes",
                fix="add it to reliability.backups: restored, promoted from a replica, or rebuilt from its source",
            )
        elif store.kind in known.derived and not (
            any(w in row.lower() for w in known.rebuild_words) and FIGURE.search(row)
        ):
            yield Problem(
                element=store.name,
                at=("reliability", "backups", [b.store for b in design.reliability.backups].index(store.name)),
                message="its row does not say how long a rebuild from the system of record takes",
                fix="state the rebuild time: its records divided by the indexing rate, against the RTO",
            )


def _settled(design: Design, store: str) -> bool:
    """Whether an open question or a decision names the store (or the targets at large) with a figure of time."""
    texts = [f"{q.question} {q.context}" for q in design.open_questions]
    texts += [f"{d.rationale} {' '.join(d.consequences)}" for d in design.decisions]
    return any(store in t and FIGURE.search(t) for t in texts)


@rule("AVL032", "error", "availability", "Recovery row short of the target with nothing deciding it")
def unmet_row_undecided(subject: Subject) -> Found:
    """A backups row says the store cannot meet the RPO, and no open question or decision names that store with
    the data it would lose. The table admits the gap and leaves it there. Put the choice to the owner with its
    number: commit in a second region at the cost of its round trip, or accept the measured loss."""
    design = subject.design
    for i, backup in enumerate(design.reliability.backups):
        if not backup.meets_rpo and not _settled(design, backup.store):
            yield Problem(
                element=backup.store,
                at=("reliability", "backups", i, "meets_rpo"),
                message="marked short of the RPO, yet no question or decision names it with the data a loss costs",
                fix="ask which gives, naming the store, the minutes or seconds it can lose and the mechanism that "
                "would close the gap",
            )


def _recovery_regions(design: Design) -> set[str]:
    """The regions named as where a region's loss recovers: standbys, and regions the recovery texts name."""
    topology = design.topology
    own = {r.name for r in topology.regions} if topology else set()
    standbys = {r.name for r in topology.regions if r.role == "standby"} if topology else set()
    texts = [design.reliability.strategy, *(c for d in design.decisions for c in d.consequences)]
    texts += [f.mitigation for f in design.reliability.failure_modes if f.kind == "region"]
    cloud = design.deployment.cloud
    named = {p.pair for p in restores().pairs.get(cloud, {}).values()} - own
    return standbys | {n for n in named if any(re.search(rf"\b{re.escape(n)}\b", t) for t in texts)}


@rule("AVL033", "error", "availability", "Recovery region that cannot take over")
def recovery_region_unfit(subject: Subject) -> Found:
    """The region that takes over after a disaster is closed to the subscription until the provider enables it, and
    no open question puts that to the owner; or a bucket holding files keeps no copy outside its region, so a
    region's loss restores the rows and loses the files. Ask for the region to be opened (or pick one that is), and
    replicate the files to the recovery region."""
    design = subject.design
    cloud = design.deployment.cloud
    closed = {p.pair for p in restores().pairs.get(cloud, {}).values() if p.restricted}
    asked = " ".join(f"{q.question} {q.context}" for q in design.open_questions)
    for region in sorted(_recovery_regions(design) & closed):
        if region not in asked:
            yield Problem(
                element="reliability",
                at=("reliability", "strategy"),
                message=f"recovers into {region}, {restores().restricted_note}, and no question asks to open it",
                fix="ask the owner to enable the region and confirm the services run there, or recover elsewhere",
            )
    for i, store in enumerate(design.stores):
        row = _row_of(design, store.name) or ""
        if store.kind == "object" and store.files and not ELSEWHERE.search(f"{row} {store.replication}".lower()):
            yield Problem(
                element=store.name,
                at=("stores", i, "replication"),
                message=f"holds {', '.join(store.files)} with no copy outside its region: a region's loss loses them",
                fix="replicate the bucket to the recovery region, within the RPO",
            )


@rule("RUN038", "error", "availability", "Failure mode speaks of a component the design lacks")
def failure_mode_absent_component(subject: Subject) -> Found:
    """A failure mode says a cache or a CDN keeps something working, but the design has no such component: the
    promise comes from a generic row, and the team would count on it during an incident. Say what the components
    the design has do in its place, or drop the clause."""
    design = subject.design
    present = components_present(design.caches)
    for i, mode in enumerate(design.reliability.failure_modes):
        said = " ".join([mode.failure, mode.detection, mode.blast_radius, mode.mitigation, mode.degraded])
        missing = absent_mentions(said, present)
        if missing:
            yield Problem(
                element=mode.component,
                at=("reliability", "failure_modes", i),
                message=f"says '{missing[0]}', but the design has no {_needs(missing[0])}",
                fix="describe what the design's own components do while it lasts",
            )


def _needs(words: str) -> str:
    """'CDN' or 'cache': the component the words speak of."""
    need = next(m.needs for m in recovery_rows().mentions if m.words == words)
    return "CDN" if need == "cdn" else "cache"
