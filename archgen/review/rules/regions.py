"""Region and takeover rules: every region of a multi-region topology has a role and a stated loss, and a journey
does not stop for a component the design can stand in for (archgen/knowledge/region_loss.yaml)."""

from __future__ import annotations

import re

from archgen.knowledge.region_loss import region_loss
from archgen.knowledge.scheduling import says
from archgen.review.engine import Found, Problem, Subject, rule


@rule("AVL040", "error", "availability", "A region with no role or no stated loss")
def region_without_loss(subject: Subject) -> Found:
    """The design runs in several regions, yet one of them has no role in the topology (serving reads, taking
    writes, standby), or no failure mode says what its loss does to reads and writes. A reader cannot tell whether
    losing it stops every write or only slows some reads, nor the recovery time and data loss that follow. Give
    each region a role and a failure mode row that names it, with who loses what and for how long."""
    design = subject.design
    if design.topology is None or len(design.topology.regions) < 2:
        return
    roles = {r.name for r in design.topology.regions}
    for i, name in enumerate(design.reliability.regions):
        if name not in roles:
            yield Problem(
                element=name,
                at=("reliability", "regions", i),
                message="is a region the design runs in, yet the topology gives it no role",
                fix="give it a role in the topology (primary, serving, home or standby), or drop it",
            )
    said = " ".join(f"{m.component} {m.blast_radius} {m.degraded}" for m in design.reliability.failure_modes)
    for i, region in enumerate(design.topology.regions):
        if not re.search(rf"(?<![\w-]){re.escape(region.name)}(?![\w-])", said):
            yield Problem(
                element=region.name,
                at=("topology", "regions", i),
                message=f"is the {region.role} region, yet no failure mode says what its loss does to reads and writes",
                fix="add a failure mode row for its loss: who loses writes and reads, for how long and how much data",
            )


@rule("AVL041", "error", "availability", "A journey stops for a component the design could stand in for")
def journey_without_takeover(subject: Subject) -> Found:
    """Under a target that spreads across zones, a degradation line says a journey stops when a component on its
    path fails and nothing serves in its place, though a component of that kind has a known stand-in (the origin
    behind a content delivery network). The journey then waits on a single instance of the system. Name the
    takeover in that line and in the component's failure mode."""
    design = subject.design
    if design.reliability.zones_per_region < 2:
        return
    known = region_loss()
    kinds = {i.name: i.kind for i in subject.req.integrations}
    for i, line in enumerate(design.reliability.degradation):
        head = line.split(" down:", 1)[0]
        takeover = known.takeover(kinds.get(head, ""))
        if takeover is None or not says(line, known.no_takeover):
            continue
        yield Problem(
            element=head,
            at=("reliability", "degradation", i),
            message="stops the journeys it carries with nothing in its place, though a component of its kind has "
            "a stand-in",
            fix=f"name the takeover: {takeover}",
        )
