"""Isolation rules: untrusted fetching and parsing said to be kept apart runs in a deployable of its own
(archgen/knowledge/isolation.yaml)."""

from __future__ import annotations

import re

from archgen.knowledge.isolation import isolation
from archgen.knowledge.scheduling import says
from archgen.review.engine import Found, Problem, Subject, rule


@rule("TOP028", "error", "topology", "Untrusted fetching said to be isolated with no deployable of its own")
def isolation_without_deployable(subject: Subject) -> Found:
    """A threat about fetching an address a person gives, or parsing a page or document an outsider controls, says
    the work is isolated (public egress only, a sandbox), yet it names no worker of the design that runs it apart
    from the deployables serving requests. In one process with the rest, the fetcher shares their network path to
    the databases and their credentials, and a parser blow-up takes every request down. Run the fetch in a worker of
    its own with no route to the stores, egress through a proxy that refuses private addresses, and name it."""
    design = subject.design
    knowledge = isolation()
    apart = [d.name for d in design.deployables if d.kind == "worker" and len(design.deployables) > 1]
    for i, threat in enumerate(design.security.threats):
        text = f"{threat.threat} {threat.mitigation}"
        if not says(text, knowledge.untrusted) or not says(threat.mitigation, knowledge.claims):
            continue
        if any(re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", threat.mitigation) for name in apart):
            continue
        yield Problem(
            element=threat.target,
            at=("security", "threats", i, "mitigation"),
            message="says the fetching or parsing is kept apart, yet names no worker of the design that runs it "
            "away from the deployables serving requests",
            fix="run it in a worker of its own with no route to the data stores and egress through a proxy that "
            "refuses private addresses, and name that worker here",
        )
