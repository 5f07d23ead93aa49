"""The architecture style, weighed against team size, the number of domains, the load and the workload's shape."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft, option
from archgen.capacity.constants import constant
from archgen.capacity.load import use_case_keys
from archgen.capacity.split import SplitForces
from archgen.common import english
from archgen.common.formatting import number
from archgen.design.model import Architecture, Style
from archgen.knowledge.isolation import isolation
from archgen.knowledge.styles import styles

SPLIT = ("microservices", "event-driven")
APART_FOR = {"realtime": "for its live connections", "ingest": "for its device streams"}


def plan_style(draft: Draft) -> None:
    """Choose monolith, modular monolith, microservices or event-driven from the forces, and record them."""
    req = draft.req
    engineers = req.constraints.team.engineers
    domains = len(draft.domains)
    peak_y3 = draft.figure("traffic.peak_rps.y3")
    writes_y3 = draft.figure("traffic.peak_write_rps.y3")
    streamed = draft.figure("traffic.stream_messages.y3", 0.0)
    forces = SplitForces(engineers, domains, peak_y3)
    teams = forces.teams
    ingest_rate = constant("ingest_write_rps").value
    ingest_heavy = streamed >= ingest_rate or (writes_y3 >= ingest_rate and teams >= 2)
    small = peak_y3 < constant("small_system_rps").value and engineers <= constant("small_system_engineers").value

    style: Style
    if domains == 1 and not ingest_heavy:
        style = "monolith"
        cause = "there is one domain, so module boundaries would have nothing to separate"
    elif small:
        style = "modular-monolith"
        cause = (
            f"the peak after 3 years is {number(peak_y3)} req/s and the team has {_engineers(engineers)}: one "
            "deployable serves it with room to spare, and a second would double the work of running it"
        )
    elif ingest_heavy and teams >= 2:
        style = "event-driven"
        cause = (
            f"{number(max(streamed, writes_y3))} records a second arrive at peak after 3 years "
            f"(more than {number(ingest_rate)}): a durable log lets ingest accept them at once while the services "
            "that keep, aggregate and push them consume at their own pace"
        )
    elif forces.justified:
        style = "microservices"
        cause = (
            f"{engineers} engineers make {teams} teams working on {domains} domains"
            + (f" at {number(peak_y3)} req/s" if forces.heavy_load else "")
            + ": separate services let each team ship, scale and fail on its own"
        )
    else:
        style = "modular-monolith"
        cause = (
            f"{forces.missing()}: one deployable on a few instances carries every domain, and its {domains} modules "
            "own their tables in one database, so a change that spans them commits in one transaction instead of a saga"
        )
    draft.core = _core(draft, style, forces)
    if draft.core and style in SPLIT:
        apart = [x.name for x in draft.services if x.kind not in APART_FOR and x.name not in draft.core]
        cause += (
            f"; only {english.join(apart)} keep{'s' if len(apart) == 1 else ''} that stream, in a deployable and a "
            f"store of {'its' if len(apart) == 1 else 'their'} own, and the other "
            f"domains stay modules of one deployable and one database, because {forces.missing()}"
        )
    known = styles()
    options = [option(name, t.summary, t.pros, t.cons) for name, t in known.styles.items()]
    split = forces.reasons()
    decision_id = draft.decide(
        title="Architecture style",
        context=f"How the system is split into deployable units, weighed by its forces: {'; '.join(split)}.",
        options=options,
        decision=style,
        rationale=f"Chosen because {cause}.",
        consequences=known.styles[style].consequences,
        drivers=["constraints.team.engineers", "data.domains", "load", "use_cases"],
    )
    extras = [s.kind for s in draft.services if s.kind in APART_FOR]
    draft.architecture = Architecture(
        style=style,
        summary=f"{req.system.name} is built as {known.styles[style].label} with {domains} domain"
        f"{'s' if domains != 1 else ''} ({', '.join(draft.domains)})"
        + "".join(f" and a separate {kind} component {APART_FOR[kind]}" for kind in extras)
        + f", sized for a peak of {number(draft.figure('traffic.peak_rps.now'))} req/s today and "
        f"{number(peak_y3)} req/s in three years.",
        rationale=[f"Chosen because {cause}.", *(line[0].upper() + line[1:] + "." for line in split)]
        + ([_core_line(draft)] if draft.core and style in SPLIT else []),
        decision=decision_id,
    )


def _core(draft: Draft, style: Style, forces: SplitForces) -> set[str]:
    """The services that share one deployable and one database: every domain in a monolith; under an ingest-driven
    style without the teams to own a service each, every domain but those keeping an ingest-sized stream of records,
    whose load alone sets them apart."""
    domains = {s.name for s in draft.services if s.kind not in ("realtime", "ingest")}
    if style not in SPLIT:
        return domains
    if forces.justified:
        return set()
    rate = constant("ingest_write_rps").value
    owners = {s.name for s in draft.services if s.name in domains and _ingested(draft, [s.name]) >= rate}
    return domains - owners


def explain_splits(draft: Draft) -> None:
    """Once the deployables are known: say, for each one beyond the first, the force that sets it apart."""
    assert draft.architecture is not None
    apart = styles().apart
    stream = number(draft.figure("traffic.stream_messages.y3", 0.0))
    forces: dict[tuple[str, str], list[str]] = {}  # (force, figure): the deployables it sets apart
    for deployable in draft.deployables:
        kinds = {s.kind for s in draft.services if s.name in deployable.services}
        figure = stream
        if deployable.kind == "realtime" or "realtime" in kinds:
            force = "realtime"
        elif "ingest" in kinds:
            # a batch ingest carries records in uploads, not stream messages: say the records it accepts
            force, figure = "ingest", stream if draft.figure("traffic.stream_messages.y3", 0.0) else _batched(draft)
        elif deployable.name.endswith(f"-{isolation().suffix}"):
            continue  # said by the deployables rule: it is apart for safety, not for load
        elif deployable.kind in ("worker", "job"):
            force = "worker"
        elif set(deployable.services) <= draft.core:
            continue  # the core itself: the style's rationale covers it
        elif draft.core:
            force, figure = "owner", number(_ingested(draft, deployable.services))
        else:
            force = "domain"
        forces.setdefault((force, figure), []).append(deployable.name)
    many = styles().apart_many
    for (force, figure), names in forces.items():  # a force several deployables share is said once, of them all
        text = many[force] if len(names) > 1 and force in many else apart[force]
        if len(names) > 1 and force not in many:
            lines = [text.format(name=name, figure=figure) for name in names]
        else:
            lines = [text.format(name=english.join(names), figure=figure)]
        draft.architecture.rationale += [line + "." for line in lines]


def _batched(draft: Draft) -> str:
    """Records a second the batch use cases bring in at peak after 3 years, in words."""
    keys = use_case_keys(draft.req)
    return number(
        sum(
            draft.figure(f"{keys[u.name]}.records_per_s.y3", draft.figure(f"{keys[u.name]}.peak_rps.y3", 0.0))
            for u in draft.req.use_cases
            if u.interaction == "batch"
        )
    )


def _ingested(draft: Draft, services: list[str]) -> float:
    """Records a second the streams and batches write into these services' entities, at peak after 3 years."""
    keys = use_case_keys(draft.req)
    owned = {n for s in draft.services if s.name in services for n in s.entities}
    return sum(
        draft.figure(f"{keys[u.name]}.peak_rps.y3", 0.0)
        for u in draft.req.use_cases
        if u.interaction in ("stream", "batch") and set(u.writes) & owned
    )


def _core_line(draft: Draft) -> str:
    """Under a split style, the domains that still share one deployable and one database, and why."""
    return (
        f"{english.join(sorted(draft.core))} share one deployable and one database as modules: the team is too "
        "small to own a service each and their load is modest, so a change across them stays one transaction."
    )


def _teams(n: int) -> str:
    return "one team" if n == 1 else f"{n} teams"


def _engineers(n: int) -> str:
    return "one engineer" if n == 1 else f"{n} engineers"
