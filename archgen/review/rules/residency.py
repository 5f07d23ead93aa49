"""Residency rules: a home cell each caller is routed to, a control-plane step that places each homed record, and
outside processors that keep pinned data in its area (archgen/knowledge/residency.yaml)."""

from __future__ import annotations

import re

from archgen.knowledge.residency import residency
from archgen.knowledge.scheduling import says
from archgen.requirements.areas import label
from archgen.requirements.personal import find_homes
from archgen.review.engine import Found, Problem, Subject, rule


def _forwards(text: str) -> bool:
    """Whether a text says requests are carried across cells (a negated 'never forwards' is not)."""
    lowered = text.lower()
    words = residency().forwarding_words
    return any(re.search(rf"(?<!never )(?<!not )(?<![a-z]){re.escape(w)}(?![a-z])", lowered) for w in words)


@rule("TOP030", "error", "topology", "Home cells with no stated way to reach them")
def cells_without_routing(subject: Subject) -> Found:
    """Records are homed in cells of different areas, yet the topology and its decision never say how a browser,
    a sign-in, a provisioning client or a machine caller reaches its home cell, or they say a proxy forwards the
    request there. A load balancer serves one region; a forwarding hop carries a home's personal data through
    another area. Give each cell its own hostnames and issuer, issue every base URL from the home cell, have a
    global page answer a redirect, and answer a request in the wrong cell with 421 and no data."""
    topology = subject.design.topology
    if topology is None or not topology.cells or not topology.homed_by:
        return
    homes = {r.home for r in topology.regions if r.home}
    if len(homes) < 2:
        return
    decision = next((d for d in subject.design.decisions if d.id == topology.decision), None)
    text = " ".join([topology.summary, *([decision.rationale, *decision.consequences] if decision else [])])
    if _forwards(text):
        yield Problem(
            element=topology.homed_by,
            at=("topology", "summary"),
            message="says a request is forwarded to its home cell, which carries its personal data through another "
            "area",
            fix="give each cell its own hostnames and answer a request in the wrong cell with a redirect or 421, "
            "never a forward",
        )
    elif not says(text, residency().routing_words):
        yield Problem(
            element=topology.homed_by,
            at=("topology", "summary"),
            message=f"homes records in cells ({', '.join(sorted(homes))}) but never says how a caller reaches its "
            "home cell: no per-cell hostname, redirect or answer for the wrong cell",
            fix="state per-cell hostnames and issuers, where sign-in, SCIM and API base URLs are issued, and that a "
            "request in the wrong cell gets a redirect or 421 with no data",
        )


@rule("CON023", "error", "consistency", "A homed record made by an ordinary create, with no placement")
def create_without_placement(subject: Subject) -> Found:
    """A record chooses its home cell (Tenant.home_region), yet the operation that creates it is a plain create
    with no step that places it: nothing writes the directory entry, makes the record in its cell or issues its
    per-cell addresses. Make the create a control-plane sign-up that names the home and places the record, and
    make moving it a migration run by the operators, never an edit."""
    homes = find_homes({e.name: e.fields for e in subject.req.data.entities})
    topology = subject.design.topology
    if homes is None or topology is None or not topology.cells:
        return
    marker = residency().placement_marker
    for path, _, endpoint in subject.endpoints():
        if endpoint.entity != homes.entity or endpoint.action != "create" or marker in endpoint.summary.lower():
            continue
        yield Problem(
            element=f"{endpoint.method} {endpoint.path}",
            at=path,
            message=f"creates a {homes.entity} homed by {homes.key} with no step that places it in its cell",
            fix=f"make it a control-plane sign-up: it names {homes.key}, writes the directory entry, creates the "
            f"{homes.entity} in that cell and issues its per-cell addresses",
        )


@rule("SEC094", "error", "security", "Pinned personal data sent out under transfer clauses")
def transfer_under_residency(subject: Subject) -> Found:
    """Residency says personal data stays in an area, yet a control lets outside processors receive it under
    transfer clauses (standard contractual clauses, a transfer assessment). Those clauses make a transfer lawful;
    they do not keep the data in. Choose each provider's in-area region, replace one that has none, or send it
    nothing personal, and say which."""
    places = list(
        (subject.design.topology.residency if subject.design.topology else []) or subject.req.compliance.data_residency
    )
    if not places:
        return
    for i, control in enumerate(subject.design.security.controls):
        if says(control.measure, residency().transfer_words):
            yield Problem(
                element=f"{control.regime}: {control.requirement}",
                at=("security", "controls", i, "measure"),
                message=f"lets processors receive personal data under transfer clauses, while it must stay in "
                f"{', '.join(label(p) for p in places)}",
                fix="have each processor process it in-area (its region chosen in the contract), or send it none "
                "of the personal data",
            )
